//! Item statistics for the editors and "Frage melden" (issue 20, point 2): the running sums
//! follow every submission, figures appear only from 20 attempts and agree with a computation
//! done here from the raw scores, a report reaches the editors without the learner's name,
//! and nobody but an editor reads any of it.

use std::collections::BTreeMap;

use app::auth::Role;
use app::content::HasContent;
use app::db::{
    attempt_answer, item_option_pick, item_statistic, item_statistic_module, outbox,
    question_report, quiz_attempt,
};
use app::quiz::grading::{self, DrawnQuestion};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tests::TestApp;
use tests::learning::{layout, pass, question, right_fields};
use uuid::Uuid;

/// The module every test here uses: the first of the shipped curriculum.
fn module_id(app: &TestApp) -> String {
    app.ctx.content().modules[0].id.clone()
}

async fn figures(app: &TestApp, client: &reqwest::Client, module: &str) -> serde_json::Value {
    let response = app
        .call(client, "redaktion/statistik/modul", &[("module", module)])
        .await;
    assert_eq!(response.status(), 200, "module figures");
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_sums_follow_every_submission_and_placement_tests_do_not_count() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (learner, _) = app
        .logged_in("lerner@stadt.example", &[Role::Employee])
        .await;

    let attempt = pass(&app, &learner, &module).await;

    let (_, drawn) = layout(&app, attempt).await;
    let rows = item_statistic::Entity::find()
        .filter(item_statistic::Column::ModuleId.eq(module.as_str()))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), drawn.len(), "one row per drawn question");
    let rest = (drawn.len() - 1) as f64;
    for row in &rows {
        assert!(drawn.iter().any(|d| d.id == row.question_id));
        assert_eq!(row.attempts, 1, "{}", row.question_id);
        // Every answer right: x = 1, y = the other questions' scores.
        assert!((row.sum_x - 1.0).abs() < 1e-9, "{row:?}");
        assert!((row.sum_y - rest).abs() < 1e-9, "{row:?}");
        assert!((row.sum_xy - rest).abs() < 1e-9, "{row:?}");
        assert!((row.sum_y2 - rest * rest).abs() < 1e-9, "{row:?}");
    }
    let counted = item_statistic_module::Entity::find()
        .filter(item_statistic_module::Column::ModuleId.eq(module.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(counted.attempts, 1);
    // The right options of the choice questions were counted, by their index in the content.
    let picks = item_option_pick::Entity::find()
        .filter(item_option_pick::Column::ModuleId.eq(module.as_str()))
        .all(&app.db)
        .await
        .unwrap();
    for d in &drawn {
        let q = question(&app, &module, d);
        if let app::content::QuestionKind::Single { options }
        | app::content::QuestionKind::Multiple { options } = &q.kind
        {
            let mut expected: Vec<i32> = options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| i as i32)
                .collect();
            let mut found: Vec<i32> = picks
                .iter()
                .filter(|p| p.question_id == d.id)
                .map(|p| p.option_index)
                .collect();
            expected.sort_unstable();
            found.sort_unstable();
            assert_eq!(found, expected, "options of {}", d.id);
        }
    }

    // A placement test adds nothing.
    let (newcomer, _) = app.logged_in("neu@stadt.example", &[Role::Employee]).await;
    let placement = tests::learning::start(&app, &newcomer, &module, true).await;
    tests::learning::answer_all_right(&app, &newcomer, placement).await;
    let response = tests::learning::submit(&app, &newcomer, placement).await;
    assert!(response.status().is_success(), "{}", response.status());
    let counted = item_statistic_module::Entity::find()
        .filter(item_statistic_module::Column::ModuleId.eq(module.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(counted.attempts, 1, "placement tests do not count");
}

/// Whether simulated learner `k` answers question `j` right: a pattern with more right answers
/// for higher `k`, so that the questions discriminate, but not perfectly.
fn answers_right(k: usize, j: usize) -> bool {
    (k * 7 + j * 13) % 25 < 6 + k / 2
}

/// Pearson's correlation the textbook way (means first), independent of the running sums.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
}

#[tokio::test]
async fn figures_appear_from_twenty_attempts_and_match_an_independent_computation() {
    let app = TestApp::spawn().await;
    let module_id = module_id(&app);
    let module = app.ctx.content().module(&module_id).unwrap().clone();
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let learner = app
        .create_user("kohorte@stadt.example", &[Role::Employee])
        .await;
    // One fixed draw for the whole cohort, so every drawn question gets every attempt.
    let drawn: Vec<DrawnQuestion> = app::quiz::server::draw(&module);
    let mut scores: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    let mut graded = Vec::new();
    for k in 0..25 {
        let id = Uuid::new_v4();
        let now = app.clock.now();
        quiz_attempt::ActiveModel {
            id: Set(id),
            user_id: Set(learner),
            module_id: Set(module.id.clone()),
            module_version: Set(module.version.clone()),
            kind: Set(quiz_attempt::KIND_QUIZ.to_owned()),
            status: Set(quiz_attempt::STATUS_OPEN.to_owned()),
            started_at: Set(now),
            deadline_at: Set(None),
            submitted_at: Set(None),
            score_percent: Set(None),
            passed: Set(None),
            layout: Set(serde_json::to_string(&drawn).unwrap()),
        }
        .insert(&app.db)
        .await
        .unwrap();
        let mut right = Vec::new();
        for (p, d) in drawn.iter().enumerate() {
            let ok = answers_right(k, p);
            right.push(if ok { 1.0 } else { 0.0 });
            if ok {
                let q = question(&app, &module.id, d);
                attempt_answer::ActiveModel {
                    attempt_id: Set(id),
                    position: Set(p as i32),
                    answer: Set(grading::answer_from_fields(&q, d, &right_fields(&q, d))),
                    saved_at: Set(now),
                }
                .insert(&app.db)
                .await
                .unwrap();
            }
        }
        let total: f64 = right.iter().sum();
        for (d, x) in drawn.iter().zip(&right) {
            scores
                .entry(d.id.clone())
                .or_default()
                .push((*x, total - x));
        }
        let attempt = quiz_attempt::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        // The real grading, as the submit button runs it.
        assert!(
            app::quiz::server::submit_attempt(&app.ctx, &attempt)
                .await
                .unwrap()
        );
        graded.push(k);
        let page = figures(&app, &editor, &module.id).await;
        let questions = page["questions"].as_array().unwrap();
        for q in questions
            .iter()
            .filter(|q| drawn.iter().any(|d| q["question_id"] == d.id.as_str()))
        {
            assert_eq!(q["attempts"], graded.len(), "{q}");
            assert_eq!(
                q["figures"].is_null(),
                graded.len() < 20,
                "figures after {} attempts: {q}",
                graded.len()
            );
        }
    }
    let page = figures(&app, &editor, &module.id).await;
    assert_eq!(page["attempts"], 25);
    let mut compared = 0;
    for q in page["questions"].as_array().unwrap() {
        let id = q["question_id"].as_str().unwrap();
        let Some(raw) = scores.get(id) else {
            assert!(q["figures"].is_null(), "an undrawn question has no figures");
            continue;
        };
        let x: Vec<f64> = raw.iter().map(|(x, _)| *x).collect();
        let y: Vec<f64> = raw.iter().map(|(_, y)| *y).collect();
        let facility = x.iter().sum::<f64>() / x.len() as f64 * 100.0;
        let shown = &q["figures"];
        assert!(
            (shown["facility"].as_f64().unwrap() - facility).abs() < 1e-6,
            "{id}: {shown} / {facility}"
        );
        match pearson(&x, &y) {
            Some(r) => {
                let got = shown["discrimination"].as_f64().unwrap();
                assert!((got - r).abs() < 1e-6, "{id}: {got} / {r}");
                compared += 1;
            }
            None => assert!(shown["discrimination"].is_null(), "{id}"),
        }
    }
    assert!(compared >= 3, "only {compared} discriminations compared");

    // The page shows the figures, with the explanation, in German.
    let module_path = format!("/redaktion/statistik/{}", module.id);
    let (status, html) = app.page(&editor, &module_path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Lösungsquote"));
    assert!(html.contains("Trennschärfe"));
    assert!(html.contains("Was die Zahlen bedeuten"));
    assert!(
        html.contains("noch zu wenige Versuche"),
        "undrawn questions"
    );

    // A rebuild from the stored attempts gives the same sums (the submissions added to several
    // shards, the rebuild writes one).
    let totals = |rows: Vec<item_statistic::Model>| {
        let mut by_question: BTreeMap<String, (i64, f64, f64)> = BTreeMap::new();
        for row in rows {
            let entry = by_question.entry(row.question_id).or_default();
            entry.0 += row.attempts;
            entry.1 += row.sum_xy;
            entry.2 += row.sum_y2;
        }
        by_question
    };
    let before = totals(
        item_statistic::Entity::find()
            .filter(item_statistic::Column::ModuleId.eq(module.id.as_str()))
            .all(&app.db)
            .await
            .unwrap(),
    );
    app::quiz::statistics::rebuild(
        &app.db,
        &app.ctx.content(),
        app.clock.now(),
        app.config.retention.quiz_attempts_days,
    )
    .await
    .unwrap();
    let after = totals(
        item_statistic::Entity::find()
            .filter(item_statistic::Column::ModuleId.eq(module.id.as_str()))
            .all(&app.db)
            .await
            .unwrap(),
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (question, (n, xy, y2)) in before {
        let (n2, xy2, y22) = after[&question];
        assert_eq!(n, n2, "{question}");
        assert!(
            (xy - xy2).abs() < 1e-9 && (y2 - y22).abs() < 1e-9,
            "{question}"
        );
    }
}

#[tokio::test]
async fn a_learners_report_reaches_the_editors_without_the_learners_name() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let (learner, _) = app
        .logged_in("erika.meldet@stadt.example", &[Role::Employee])
        .await;
    let attempt = pass(&app, &learner, &module).await.to_string();
    let comment = "Antwort B stimmt seit der Gesetzesänderung auch.";

    // Bad input is refused with a translated 4xx.
    let long = "x".repeat(1001);
    let cases: [(&str, &str, &str, u16); 5] = [
        ("empty comment", "0", "  ", 422),
        ("comment too long", "0", long.as_str(), 422),
        ("position not a number", "eins", comment, 404),
        ("position out of range", "999", comment, 404),
        ("attempt of nobody", "0", comment, 404),
    ];
    for (case, position, text, status) in cases {
        let id = if case == "attempt of nobody" {
            Uuid::new_v4().to_string()
        } else {
            attempt.clone()
        };
        let response = app
            .call(
                &learner,
                "quiz/report-question",
                &[("attempt", &id), ("position", position), ("comment", text)],
            )
            .await;
        assert_eq!(response.status(), status, "{case}");
        let body = response.text().await.unwrap();
        assert!(body.contains("error"), "{case}: {body}");
    }
    // Someone else's attempt does not exist for them.
    let (other, _) = app
        .logged_in("fremd@stadt.example", &[Role::Employee])
        .await;
    let response = app
        .call(
            &other,
            "quiz/report-question",
            &[
                ("attempt", &attempt),
                ("position", "0"),
                ("comment", comment),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);

    // Without JavaScript: the plain form, back to the result with a thank-you.
    let result_path = format!("/quiz/{attempt}/result");
    let (_, result) = app.page(&learner, &result_path).await;
    assert!(
        result.contains("Frage melden"),
        "the form on the result page"
    );
    let response = app
        .post_form(
            &learner,
            "/api/quiz/report-question",
            &result_path,
            &[
                ("attempt", &attempt),
                ("position", "0"),
                ("comment", comment),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{result_path}?reported=0")),
        "{location}"
    );
    let (_, thanks) = app.page(&learner, &location).await;
    assert!(thanks.contains("Ihre Meldung ist bei der Redaktion angekommen"));

    // Stored without the learner.
    let report = question_report::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.comment, comment);
    let (_, drawn) = layout(&app, attempt.parse().unwrap()).await;
    assert_eq!(report.question_id, drawn[0].id);

    // The editors' page lists it, without name or address of the learner.
    let (status, page) = app
        .page(&editor, &format!("/redaktion/statistik/{module}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(comment), "the comment reaches the editors");
    for trace in ["erika.meldet", "Person erika"] {
        assert!(!page.contains(trace), "the learner shows as {trace}");
    }
    // And a mail went to the editor, naming nobody.
    let mail = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("redaktion@stadt.example"))
        .filter(outbox::Column::Template.eq("question_report"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a mail to the editor");
    assert!(
        mail.body_text
            .contains(&format!("/redaktion/statistik/{module}"))
    );
    assert!(!mail.body_text.contains("erika"), "{}", mail.body_text);
    assert_eq!(
        outbox::Entity::find()
            .filter(outbox::Column::Template.eq("question_report"))
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        1,
        "only editors get it"
    );

    // "Erledigt".
    let response = app
        .post_form(
            &editor,
            "/api/redaktion/meldung/erledigt",
            &format!("/redaktion/statistik/{module}"),
            &[("id", &report.id.to_string())],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let report = question_report::Entity::find_by_id(report.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(report.resolved_at.is_some());
    let (_, page) = app
        .page(&editor, &format!("/redaktion/statistik/{module}"))
        .await;
    assert!(page.contains("Keine offenen Meldungen."));
    assert!(page.contains("erledigt am"));
}

#[tokio::test]
async fn only_editors_read_the_statistics_and_the_reports() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let module_path = format!("/redaktion/statistik/{module}");
    for role in [
        Role::Employee,
        Role::Scout,
        Role::Hr,
        Role::Auditor,
        Role::Admin,
    ] {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        for path in ["/redaktion/statistik", module_path.as_str()] {
            let (status, _) = app.page(&client, path).await;
            assert_eq!(status, 403, "{role:?} opening {path}");
        }
        let calls: [(&str, Vec<(&str, &str)>); 3] = [
            ("redaktion/statistik", vec![]),
            (
                "redaktion/statistik/modul",
                vec![("module", module.as_str())],
            ),
            (
                "redaktion/meldung/erledigt",
                vec![("id", "00000000-0000-0000-0000-000000000000")],
            ),
        ];
        for (function, form) in calls {
            let response = app.call(&client, function, &form).await;
            assert_eq!(response.status(), 403, "{role:?} calling {function}");
        }
        let (_, home) = app.page(&client, "/").await;
        assert!(
            !home.contains("/redaktion/statistik"),
            "{role:?} sees the menu entry"
        );
    }
    // Not logged in: no figures either.
    let anonymous = app.client();
    let response = app
        .call(
            &anonymous,
            "redaktion/statistik/modul",
            &[("module", &module)],
        )
        .await;
    assert_eq!(response.status(), 401);
    // Editors see the entry, and an unknown module is a 404.
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let (_, home) = app.page(&editor, "/").await;
    assert!(home.contains("/redaktion/statistik"));
    let (status, _) = app
        .page(&editor, "/redaktion/statistik/gibt-es-nicht")
        .await;
    assert_eq!(status, 404);
    let response = app
        .call(
            &editor,
            "redaktion/statistik/modul",
            &[("module", &module), ("version", "0.0.0-nie")],
        )
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_rebuild_command_counts_attempts_stored_before_the_statistics_existed() {
    let app = TestApp::spawn().await;
    let module_id = module_id(&app);
    let module = app.ctx.content().module(&module_id).unwrap().clone();
    let learner = app
        .create_user("frueher@stadt.example", &[Role::Employee])
        .await;
    // Attempts written straight into the tables, as an installation from before the statistics
    // has them: the running sums know nothing of them.
    server::cohort::simulate(&app.db, &module, &[learner], 30, 7, app.clock.now())
        .await
        .unwrap();
    let counted = || async {
        item_statistic_module::Entity::find()
            .filter(item_statistic_module::Column::ModuleId.eq(module.id.as_str()))
            .one(&app.db)
            .await
            .unwrap()
            .map(|m| m.attempts)
    };
    assert_eq!(counted().await, None);

    let dir = std::env::temp_dir().join(format!("fs-cli-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("fuehrerschein.toml");
    std::fs::write(
        &config,
        format!(
            "database_url = \"{}\"\ndata_dir = \"{}\"\ncontent_dir = \"{}\"\n",
            app.config.database_url,
            dir.display(),
            app.config.content_dir.display()
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let code = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "item-stats",
        "rebuild",
    ])
    .await;
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(counted().await, Some(30));
    let drawn: i64 = item_statistic::Entity::find()
        .filter(item_statistic::Column::ModuleId.eq(module.id.as_str()))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.attempts)
        .sum();
    assert_eq!(
        drawn,
        30 * module.quiz.draw as i64,
        "every drawn question counted"
    );
}
