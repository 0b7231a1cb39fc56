//! Lessons, quizzes and evidence over HTTP: drawing and shuffling on the server, nothing
//! revealing before submission, answers saved as the learner goes, one submission, grading,
//! evidence, cooldown, placement tests.

use app::content::HasContent;
use std::path::Path;

use app::auth::Role;
use app::content::QuestionKind;
use app::db::{evidence, quiz_attempt};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::TestApp;
use tests::learning::{answer_all_right, layout, question, right_fields, start, submit};

fn fixture_content(config: &mut server::Config) {
    config.content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content-valid");
}

/// Whether `needle` occurs in `haystack` not glued to letters or digits on either side.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(start, _)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[tokio::test]
async fn no_correct_answer_reaches_the_browser_before_submission() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let modules: Vec<String> = app
        .ctx
        .content()
        .modules
        .iter()
        .map(|m| m.id.clone())
        .collect();
    let mut checked_types = std::collections::HashSet::new();
    for module_id in modules {
        let attempt = start(&app, &client, &module_id, false).await;
        let (_, drawn) = layout(&app, attempt).await;
        for (n, d) in drawn.iter().enumerate() {
            let question = &question(&app, &module_id, d);
            checked_types.insert(question.kind.tag());
            let (status, page) = app
                .page(&client, &format!("/quiz/{attempt}/question/{}", n + 1))
                .await;
            assert_eq!(status, 200);
            let json = app
                .call(
                    &client,
                    "quiz/attempt",
                    &[
                        ("id", &attempt.to_string()),
                        ("position", &(n + 1).to_string()),
                    ],
                )
                .await
                .text()
                .await
                .unwrap();
            for (what, body) in [("page", &page), ("server function", &json)] {
                let context = format!(
                    "{module_id} question {} ({}) in the {what}",
                    question.id,
                    question.kind.tag()
                );
                assert!(!body.contains("\"correct\""), "{context}: a correct flag");
                assert!(!body.contains("accepted"), "{context}: accepted answers");
                let mut secrets: Vec<&String> = question
                    .feedback_correct
                    .iter()
                    .chain(question.feedback_incorrect.iter())
                    .collect();
                match &question.kind {
                    QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                        secrets.extend(options.iter().filter_map(|o| o.feedback.as_ref()));
                    }
                    QuestionKind::ShortText { accepted, .. } => {
                        secrets.extend(
                            accepted
                                .iter()
                                .filter(|a| !question.text.contains(a.as_str())),
                        );
                    }
                    _ => {}
                }
                for secret in secrets {
                    let escaped = secret
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('"', "&quot;");
                    // As a word: a short answer such as "Wv" may occur by chance inside a
                    // random nonce or id.
                    assert!(
                        !contains_word(body, secret) && !contains_word(body, &escaped),
                        "{context}: reveals {secret:?}"
                    );
                }
            }
            match &question.kind {
                QuestionKind::Ordering { .. } | QuestionKind::Matching { .. } => {
                    let identity: Vec<usize> = (0..d.order.len()).collect();
                    assert_ne!(
                        d.order, identity,
                        "{module_id}/{}: shown in the right order",
                        question.id
                    );
                }
                _ => {}
            }
        }
        // Leave the attempt open; the next module has its own.
    }
    assert_eq!(
        checked_types.len(),
        7,
        "every question type was checked: {checked_types:?}"
    );
}

#[tokio::test]
async fn a_passed_quiz_records_evidence_with_the_content_version() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "beispiel", false).await;
    answer_all_right(&app, &client, attempt).await;

    let response = submit(&app, &client, attempt).await;
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["location"],
        format!("/quiz/{attempt}/result")
    );

    let row = quiz_attempt::Entity::find_by_id(attempt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.status.as_str(), row.score_percent, row.passed),
        ("submitted", Some(100), Some(true))
    );
    let proofs = evidence::Entity::find()
        .filter(evidence::Column::UserId.eq(user))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(proofs.len(), 1);
    assert_eq!(
        (
            proofs[0].competence_id.as_str(),
            proofs[0].level,
            proofs[0].module_version.as_str()
        ),
        ("test/eins", 2, "1.0.0")
    );

    let result: serde_json::Value = app
        .call(&client, "quiz/result", &[("id", &attempt.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(result["passed"], true);
    assert_eq!(result["score_percent"], 100);
    assert_eq!(result["evidence"][0]["id"], "test/eins");
    let (status, page) = app.page(&client, &format!("/quiz/{attempt}/result")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Bestanden: 100 Prozent"),
        "the result page says so"
    );
    let (_, evidence_page) = app.page(&client, "/evidence").await;
    assert!(evidence_page.contains("Kompetenz eins") && evidence_page.contains("1.0.0"));
}

#[tokio::test]
async fn a_double_submit_records_one_attempt() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "beispiel", false).await;
    answer_all_right(&app, &client, attempt).await;

    // A race only on PostgreSQL (a pool of connections); on SQLite the single writer runs
    // the two submissions one after the other.
    app.database.can_race("a_double_submit_records_one_attempt");
    let (first, second) = tokio::join!(
        submit(&app, &client, attempt),
        submit(&app, &client, attempt)
    );
    assert!(first.status().is_success() && second.status().is_success());
    let submitted = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(user))
        .filter(quiz_attempt::Column::Status.eq("submitted"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(submitted, 1);
    assert_eq!(
        evidence::Entity::find().count(&app.db).await.unwrap(),
        1,
        "evidence recorded once"
    );
    // A late third submission changes nothing either.
    assert!(submit(&app, &client, attempt).await.status().is_success());
    assert_eq!(evidence::Entity::find().count(&app.db).await.unwrap(), 1);
}

/// Many learners submit at once, each twice: on SQLite the submissions are committed in groups
/// (one transaction, a savepoint each); the second submission of an attempt, rolled back to its
/// savepoint, must not take the first one (or anyone else's) with it.
#[tokio::test]
async fn submissions_arriving_together_are_each_graded_once() {
    const LEARNERS: usize = 12;
    let app = TestApp::spawn_with(fixture_content).await;
    let mut learners = Vec::new();
    for n in 0..LEARNERS {
        let (client, user) = app
            .logged_in(&format!("gruppe{n}@stadt.example"), &[Role::Employee])
            .await;
        let attempt = start(&app, &client, "beispiel", false).await;
        answer_all_right(&app, &client, attempt).await;
        learners.push((client, user, attempt));
    }
    let mut submissions = tokio::task::JoinSet::new();
    for (client, _, attempt) in &learners {
        for _ in 0..2 {
            let request = client
                .post(app.url("/api/quiz/submit"))
                .header("Origin", &app.address)
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[("id", attempt.to_string())]);
            submissions.spawn(async move { request.send().await.expect("request").status() });
        }
    }
    while let Some(status) = submissions.join_next().await {
        let status = status.expect("submission task");
        assert!(status.is_success(), "{status}");
    }
    for (_, user, attempt) in &learners {
        let row = quiz_attempt::Entity::find_by_id(*attempt)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.status.as_str(), row.passed),
            ("submitted", Some(true)),
            "every attempt is graded"
        );
        let proofs = evidence::Entity::find()
            .filter(evidence::Column::UserId.eq(*user))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(proofs, 1, "evidence recorded exactly once per learner");
    }
}

#[tokio::test]
async fn answers_are_saved_as_the_learner_goes() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "beispiel", false).await;
    let (module, drawn) = layout(&app, attempt).await;
    let fields = right_fields(&question(&app, &module, &drawn[0]), &drawn[0]);

    // With JavaScript: the page saves on every change through a JSON server function.
    let response = client
        .post(app.url("/api/quiz/save"))
        .header("Sec-Fetch-Site", "same-origin")
        .json(&serde_json::json!({ "id": attempt.to_string(), "position": 1, "fields": fields }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());

    // A new browser tab, later: the answer is there.
    let view: serde_json::Value = app
        .call(
            &client,
            "quiz/attempt",
            &[("id", &attempt.to_string()), ("position", "1")],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["answered"][0], true);
    assert!(
        view["question"]["saved"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );

    // Without JavaScript: the form saves and leads on.
    let mut form = right_fields(&question(&app, &module, &drawn[1]), &drawn[1]);
    form.push(("go".into(), "previous".into()));
    let response = client
        .post(app.url(&format!("/quiz/{attempt}/question/2/answer")))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        format!("/quiz/{attempt}/question/1")
    );
    let view: serde_json::Value = app
        .call(
            &client,
            "quiz/attempt",
            &[("id", &attempt.to_string()), ("position", "0")],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["answered"], serde_json::json!([true, true, false]));

    // After submission nothing can be changed.
    submit(&app, &client, attempt).await;
    let response = client
        .post(app.url(&format!("/quiz/{attempt}/question/3/answer")))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("text", "72")])
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.ends_with("?error=quiz-already-submitted"),
        "{location}"
    );
}

#[tokio::test]
async fn a_failed_quiz_has_a_cooldown_and_no_evidence() {
    let app = TestApp::spawn().await;
    let (client, user) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "datenschutz", false).await;
    submit(&app, &client, attempt).await;
    let row = quiz_attempt::Entity::find_by_id(attempt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.score_percent, row.passed), (Some(0), Some(false)));
    assert_eq!(
        evidence::Entity::find()
            .filter(evidence::Column::UserId.eq(user))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );

    // The failed result says when the next try can start, and gives no right answer away.
    let result: serde_json::Value = app
        .call(&client, "quiz/result", &[("id", &attempt.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(result["answers_shown"], false);
    let submitted = row.submitted_at.expect("submitted");
    let retry: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(result["retry_at"].clone()).expect("a retry time");
    assert_eq!(retry, submitted + chrono::Duration::minutes(30));
    for question in result["questions"].as_array().unwrap() {
        assert_eq!(
            question["correct_answer"],
            serde_json::json!([]),
            "{question}"
        );
    }
    let (_, page) = app.page(&client, &format!("/quiz/{attempt}/result")).await;
    assert!(
        !page.contains("Richtige Antwort"),
        "no right answers on the page"
    );
    assert!(page.contains("Einen neuen Versuch können Sie ab"), "{page}");

    let response = app
        .call(&client, "quiz/start", &[("module", "datenschutz")])
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(tests::error_kind(response).await, "Conflict");
    // The cooldown is 30 minutes; the session's idle timeout is as long, so stay active.
    app.clock.advance(chrono::Duration::minutes(20));
    assert_eq!(
        app.call(&client, "quiz/start", &[("module", "datenschutz")])
            .await
            .status(),
        409
    );
    app.clock.advance(chrono::Duration::minutes(11));
    let second = start(&app, &client, "datenschutz", false).await;

    // The wait grows with every failed attempt: 30 minutes, then 4 hours, then a day.
    let mut attempt = second;
    for wait in [240, 1440] {
        submit(&app, &client, attempt).await;
        let submitted = quiz_attempt::Entity::find_by_id(attempt)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .submitted_at
            .unwrap();
        let result: serde_json::Value = app
            .call(&client, "quiz/result", &[("id", &attempt.to_string())])
            .await
            .json()
            .await
            .unwrap();
        let retry: chrono::DateTime<chrono::Utc> =
            serde_json::from_value(result["retry_at"].clone()).expect("a retry time");
        assert_eq!(retry, submitted + chrono::Duration::minutes(wait));
        let module: serde_json::Value = app
            .call(&client, "learning/module", &[("id", "datenschutz")])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(module["quiz"]["cooldown_until"], result["retry_at"]);
        if wait == 1440 {
            break;
        }
        // Wait it out, staying active so that the session does not end.
        for _ in 0..(wait / 20 + 1) {
            app.clock.advance(chrono::Duration::minutes(20));
            app.call(&client, "learning/module", &[("id", "datenschutz")])
                .await;
        }
        attempt = start(&app, &client, "datenschutz", false).await;
    }
}

#[tokio::test]
async fn a_placement_test_lets_a_learner_test_out_once_before_reading() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let module: serde_json::Value = app
        .call(&client, "learning/module", &[("id", "beispiel")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(module["quiz"]["placement_available"], true);

    let attempt = start(&app, &client, "beispiel", true).await;
    answer_all_right(&app, &client, attempt).await;
    submit(&app, &client, attempt).await;
    let module: serde_json::Value = app
        .call(&client, "learning/module", &[("id", "beispiel")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(module["quiz"]["passed"], true);
    assert_eq!(module["history"][0]["placement"], true);
    assert_eq!(evidence::Entity::find().count(&app.db).await.unwrap(), 1);

    // Someone who has started reading takes the course instead.
    let (reader, _) = app
        .logged_in("leser@stadt.example", &[Role::Employee])
        .await;
    app.call(
        &reader,
        "learning/lesson-read",
        &[("module", "aufbau"), ("slug", "01-erste-lektion")],
    )
    .await;
    let response = app
        .call(
            &reader,
            "quiz/start",
            &[("module", "aufbau"), ("placement", "on")],
        )
        .await;
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn an_attempt_belongs_to_its_learner_only() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (owner, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &owner, "beispiel", false).await;
    let (other, _) = app
        .logged_in(
            "kollege@stadt.example",
            &[Role::Employee, Role::Hr, Role::Admin],
        )
        .await;
    let id = attempt.to_string();
    for (function, form) in [
        ("quiz/attempt", vec![("id", id.as_str()), ("position", "1")]),
        ("quiz/submit", vec![("id", id.as_str())]),
        ("quiz/result", vec![("id", id.as_str())]),
    ] {
        assert_eq!(
            app.call(&other, function, &form).await.status(),
            404,
            "{function}"
        );
    }
    let response = other
        .post(app.url(&format!("/quiz/{attempt}/question/1/answer")))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("choice", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let row = quiz_attempt::Entity::find_by_id(attempt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "open");
}

#[tokio::test]
async fn reading_progress_resumes_where_the_learner_left_off() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let response = app
        .post_form(
            &client,
            "/api/learning/lesson-read",
            "/modules/beispiel/lessons/01-erste-lektion",
            &[("module", "beispiel"), ("slug", "01-erste-lektion")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/modules/beispiel/lessons/02-zweite-lektion"
    );
    // Reading is recorded by a POST only; opening a lesson changes nothing.
    app.page(&client, "/modules/beispiel/lessons/02-zweite-lektion")
        .await;
    let module: serde_json::Value = app
        .call(&client, "learning/module", &[("id", "beispiel")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(module["resume"], "02-zweite-lektion");
    let catalogue: serde_json::Value = app
        .call(&client, "learning/catalogue", &[])
        .await
        .json()
        .await
        .unwrap();
    let entry = catalogue["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "beispiel")
        .unwrap()
        .clone();
    assert_eq!(
        (
            entry["lessons_read"].as_u64(),
            entry["lessons_total"].as_u64()
        ),
        (Some(1), Some(2))
    );

    let response = app
        .post_form(
            &client,
            "/api/learning/lesson-read",
            "/modules/beispiel/lessons/02-zweite-lektion",
            &[("module", "beispiel"), ("slug", "02-zweite-lektion")],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/modules/beispiel?lessons_done=1#quiz"
    );
    let module: serde_json::Value = app
        .call(&client, "learning/module", &[("id", "beispiel")])
        .await
        .json()
        .await
        .unwrap();
    assert!(module["resume"].is_null());
}

#[tokio::test]
async fn the_catalogue_filters_by_competence_and_kind() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let all: serde_json::Value = app
        .call(&client, "learning/catalogue", &[])
        .await
        .json()
        .await
        .unwrap();
    let count = |v: &serde_json::Value| v["entries"].as_array().unwrap().len();
    assert!(count(&all) >= 8);
    let mandatory: serde_json::Value = app
        .call(&client, "learning/catalogue", &[("kind", "mandatory")])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        mandatory["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["mandatory"] == true)
    );
    assert!(count(&mandatory) < count(&all) && count(&mandatory) > 0);
    let security: serde_json::Value = app
        .call(
            &client,
            "learning/catalogue",
            &[("competence", "kommunal-2026/datenschutz")],
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = security["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["datenschutz"]);
}

#[tokio::test]
async fn english_pages_say_when_a_lesson_exists_only_in_german() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    client
        .post(app.url("/api/preferences/language"))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("locale", "en")])
        .send()
        .await
        .unwrap();
    let content = app.ctx.content();
    let module = content.module("datenschutz").unwrap();
    let translated = &module.lessons[0];
    let german_only = module.lessons.iter().find(|l| l.html_en.is_none()).unwrap();
    let (_, page) = app
        .page(
            &client,
            &format!("/modules/datenschutz/lessons/{}", german_only.slug),
        )
        .await;
    assert!(page.contains("This lesson is available in German only."));
    assert!(
        page.contains("lang=\"de\""),
        "the German text is marked as German"
    );
    let (_, page) = app
        .page(
            &client,
            &format!("/modules/datenschutz/lessons/{}", translated.slug),
        )
        .await;
    assert!(!page.contains("available in German only"));
    assert!(page.contains(&translated.title.en));
}

#[tokio::test]
async fn an_answer_saved_while_the_attempt_is_submitted_is_refused_never_left_ungraded() {
    use sea_orm::sea_query::Expr;
    use sea_orm::{PaginatorTrait, TransactionTrait};
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "beispiel", false).await;
    let (module, drawn) = layout(&app, attempt).await;
    let fields = right_fields(&question(&app, &module, &drawn[0]), &drawn[0]);

    // A submission in progress: it has closed the attempt and read the answers to grade them,
    // but not yet committed.
    let submission = app.db.begin().await.unwrap();
    let claimed = quiz_attempt::Entity::update_many()
        .col_expr(
            quiz_attempt::Column::Status,
            Expr::value(quiz_attempt::STATUS_SUBMITTED),
        )
        .filter(quiz_attempt::Column::Id.eq(attempt))
        .filter(quiz_attempt::Column::Status.eq(quiz_attempt::STATUS_OPEN))
        .exec(&submission)
        .await
        .unwrap();
    assert_eq!(claimed.rows_affected, 1);
    let graded = app::db::attempt_answer::Entity::find()
        .filter(app::db::attempt_answer::Column::AttemptId.eq(attempt))
        .count(&submission)
        .await
        .unwrap();

    // Meanwhile the page autosaves an answer.
    let save = tokio::spawn({
        let client = client.clone();
        let url = app.url("/api/quiz/save");
        async move {
            client
                .post(url)
                .header("Sec-Fetch-Site", "same-origin")
                .json(&serde_json::json!({ "id": attempt.to_string(), "position": 1, "fields": fields }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    if app
        .database
        .can_race("an_answer_saved_while_the_attempt_is_submitted_is_refused_never_left_ungraded")
    {
        // The save must run while the submission is open: wait until it waits for the
        // submission's row lock or has already answered, instead of sleeping and hoping.
        let mut waited = 0;
        while !save.is_finished() && !waiting_for_a_lock(&app.db).await {
            waited += 1;
            assert!(
                waited < 600,
                "the save neither waits for a lock nor answers"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    // On SQLite the open submission holds the only connection: the save waits for it and runs
    // after the commit, which checks that a late save is refused, not the interleaving.
    submission.commit().await.unwrap();
    let status = save.await.unwrap();

    let stored = app::db::attempt_answer::Entity::find()
        .filter(app::db::attempt_answer::Column::AttemptId.eq(attempt))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(status, 409, "the save must be refused");
    assert_eq!(stored, graded, "the stored answers are the graded ones");
}

/// Whether another session of this PostgreSQL database is blocked on a lock.
async fn waiting_for_a_lock(db: &sea_orm::DatabaseConnection) -> bool {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS waiting FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "waiting").unwrap() > 0
}

/// A learner who reads English takes the whole quiz in English (`quiz.en.toml`): questions,
/// options and result; the same answers are graded.
#[tokio::test]
async fn an_english_learner_takes_the_quiz_in_english() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    client
        .post(app.url("/api/preferences/language"))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("locale", "en")])
        .send()
        .await
        .unwrap();
    let content = app.ctx.content();
    let quiz = &content.module("beispiel").unwrap().quiz;
    let english: Vec<&str> = quiz
        .english
        .as_ref()
        .expect("the fixture has quiz.en.toml")
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert!(english.contains(&"Which answer is right?"));
    assert!(
        quiz.questions
            .iter()
            .all(|q| !english.contains(&q.text.as_str()))
    );
    let attempt = start(&app, &client, "beispiel", false).await;
    let view: serde_json::Value = app
        .call(
            &client,
            "quiz/attempt",
            &[("id", &attempt.to_string()), ("position", "1")],
        )
        .await
        .json()
        .await
        .unwrap();
    let text = view["question"]["text"].as_str().unwrap();
    assert!(english.contains(&text), "{text}");
    assert_eq!(view["german_only"], false);
    answer_all_right(&app, &client, attempt).await;
    submit(&app, &client, attempt).await;
    let result: serde_json::Value = app
        .call(&client, "quiz/result", &[("id", &attempt.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(result["passed"], true);
    for question in result["questions"].as_array().unwrap() {
        let text = question["text"].as_str().unwrap();
        assert!(english.contains(&text), "{text}");
    }
    // A module without English quiz texts says so.
    let module: serde_json::Value = app
        .call(&client, "learning/module", &[("id", "aufbau")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(module["quiz"]["german_only"], true);
}

/// Evidence earned under DigComp 2.2 is shown under DigComp 3.0 too, right on the result.
#[tokio::test]
async fn a_pass_names_its_digcomp_3_equivalent() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = start(&app, &client, "datenschutz", false).await;
    answer_all_right(&app, &client, attempt).await;
    submit(&app, &client, attempt).await;
    let result: serde_json::Value = app
        .call(&client, "quiz/result", &[("id", &attempt.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(result["passed"], true);
    let equivalents = result["equivalents"].as_array().unwrap();
    assert!(
        equivalents.iter().any(|e| e["of"] == "digcomp-2.2/4.2"
            && e["framework"].as_str().is_some_and(|f| f.contains("3.0"))),
        "{equivalents:?}"
    );
    let (_, page) = app.page(&client, &format!("/quiz/{attempt}/result")).await;
    assert!(page.contains("Entspricht"), "the note is on the page");
}
