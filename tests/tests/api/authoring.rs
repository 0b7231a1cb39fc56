//! The curriculum in the database (issue 20, point 1): the release loaded on first start, an
//! update that keeps a city's change, four-eyes publishing, published versions that never
//! change under an attempt, a publication reaching another instance without a restart, and the
//! editor's checks being `content check` itself.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use app::auth::Role;
use app::content::HasContent;
use app::context::Clock;
use app::db::content_version;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tests::learning::{answer_all_right, start, submit};
use tests::{TestApp, TestDatabase, copy_dir};

use crate::content::{CASES, LINTS};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content-valid")
}

/// A copy of the valid fixture that a test may change, as a new release would.
fn release() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fs-release-{}", uuid::Uuid::new_v4().simple()));
    copy_dir(&fixture(), &dir);
    dir
}

async fn versions(app: &TestApp, module: &str) -> Vec<content_version::Model> {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .order_by_asc(content_version::Column::Number)
        .all(&app.db)
        .await
        .unwrap()
}

async fn json(response: reqwest::Response) -> serde_json::Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// Starts (or opens) the module's draft; its number.
async fn draft(app: &TestApp, editor: &reqwest::Client, module: &str) -> i32 {
    let response = app
        .call(editor, "redaktion/inhalte/entwurf", &[("module", module)])
        .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "start_draft: {}",
        response.status()
    );
    versions(app, module)
        .await
        .iter()
        .rev()
        .find(|v| v.status == content_version::DRAFT)
        .map(|v| v.number)
        .expect("a draft")
}

async fn file(
    app: &TestApp,
    editor: &reqwest::Client,
    module: &str,
    number: i32,
    path: &str,
) -> serde_json::Value {
    json(
        app.call(
            editor,
            "redaktion/inhalte/datei",
            &[
                ("module", module),
                ("number", &number.to_string()),
                ("path", path),
            ],
        )
        .await,
    )
    .await
}

async fn save(
    app: &TestApp,
    editor: &reqwest::Client,
    module: &str,
    number: i32,
    path: &str,
    text: &str,
) -> reqwest::Response {
    app.call(
        editor,
        "redaktion/inhalte/speichern",
        &[
            ("module", module),
            ("number", &number.to_string()),
            ("path", path),
            ("text", text),
        ],
    )
    .await
}

async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    module: &str,
    number: i32,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let number = number.to_string();
    let mut form = vec![("module", module), ("number", number.as_str())];
    form.extend_from_slice(fields);
    app.call(client, &format!("redaktion/inhalte/{action}"), &form)
        .await
}

fn ok(response: &reqwest::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

#[tokio::test]
async fn the_release_is_loaded_once_and_an_update_keeps_a_citys_change() {
    let dir = release();
    let app = TestApp::spawn_with(|c| c.content_dir = dir.clone()).await;
    for module in ["beispiel", "aufbau"] {
        let rows = versions(&app, module).await;
        assert_eq!(rows.len(), 1, "{module}: one version from the release");
        assert_eq!(
            (rows[0].status.as_str(), rows[0].origin.as_str()),
            ("published", "shipped")
        );
    }
    // A second instance on the same database brings in nothing new.
    let again = app::authoring::server::update_from_folder(&app.db, &dir, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        (again.published.len(), again.offered.len(), again.unchanged),
        (0, 0, 2)
    );

    // The city changes "beispiel": two editors, four eyes.
    let (anna, _) = app
        .logged_in(
            "anna.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let (ben, _) = app
        .logged_in(
            "ben.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let number = draft(&app, &anna, "beispiel").await;
    let lesson = "lessons/01-erste-lektion.md";
    let text = file(&app, &anna, "beispiel", number, lesson).await["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let changed = text.replacen("Ein kurzer Text.", "Ein Text der Stadt Musterstadt.", 1);
    assert_ne!(text, changed);
    assert!(ok(
        &save(&app, &anna, "beispiel", number, lesson, &changed).await
    ));
    assert!(ok(&act(
        &app,
        &anna,
        "einreichen",
        "beispiel",
        number,
        &[("note", "Stadtbezug")]
    )
    .await));
    assert!(ok(&act(
        &app,
        &ben,
        "freigeben",
        "beispiel",
        number,
        &[("comment", "")]
    )
    .await));

    // The next release changes both modules.
    for (module, lesson) in [
        ("beispiel", "01-erste-lektion.md"),
        ("aufbau", "01-erste-lektion.md"),
    ] {
        let path = dir
            .join("modules")
            .join(module)
            .join("lessons")
            .join(lesson);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{old}\nEin neuer Absatz der Lieferung.\n")).unwrap();
        let toml = dir.join("modules").join(module).join("module.toml");
        let old = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(
            &toml,
            old.replacen("version = \"1.0.0\"", "version = \"1.1.0\"", 1),
        )
        .unwrap();
    }
    let update = app::authoring::server::update_from_folder(&app.db, &dir, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        update.published,
        vec![("aufbau".to_owned(), "1.1.0".to_owned())]
    );
    assert_eq!(
        update.offered,
        vec![("beispiel".to_owned(), "1.1.0".to_owned())]
    );
    let rows = versions(&app, "beispiel").await;
    let published: Vec<_> = rows.iter().filter(|r| r.status == "published").collect();
    assert_eq!(published.len(), 1);
    assert_eq!(
        published[0].origin, "city",
        "the city's change stays published"
    );
    let offered = rows.last().unwrap();
    assert_eq!(
        (
            offered.status.as_str(),
            offered.origin.as_str(),
            offered.version.as_str()
        ),
        ("draft", "shipped", "1.1.0")
    );
    // Running it again changes nothing.
    let again = app::authoring::server::update_from_folder(&app.db, &dir, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        (again.published.len(), again.offered.len(), again.unchanged),
        (0, 0, 2)
    );

    // The editors' overview says whose text is live.
    let overview = json(app.call(&anna, "redaktion/inhalte", &[]).await).await;
    let row = overview["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module_id"] == "beispiel")
        .unwrap()
        .clone();
    assert_eq!(row["published"]["origin"], "City");
    assert_eq!(row["open"]["origin"], "Shipped");

    // The running instance picks the release of "aufbau" up within seconds.
    let mut seen = String::new();
    for _ in 0..50 {
        seen = app.ctx.content().module("aufbau").unwrap().version.clone();
        if seen == "1.1.0" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(seen, "1.1.0");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn four_eyes_publish_and_an_old_attempt_keeps_its_version() {
    let app = TestApp::spawn_with(|c| c.content_dir = fixture()).await;
    let (learner, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let (anna, _) = app
        .logged_in(
            "anna.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let (ben, _) = app
        .logged_in(
            "ben.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;

    // Erika passes version 1.0.0.
    let attempt = start(&app, &learner, "beispiel", false).await;
    answer_all_right(&app, &learner, attempt).await;
    assert!(submit(&app, &learner, attempt).await.status().is_success());
    let result = |client: reqwest::Client| {
        let app = &app;
        async move {
            json(
                app.call(&client, "quiz/result", &[("id", &attempt.to_string())])
                    .await,
            )
            .await
        }
    };
    let before = result(learner.clone()).await;
    let asked = before["questions"][0]["text"].as_str().unwrap().to_owned();

    // Learners and HR cannot reach the editors' work.
    let refused = app.call(&learner, "redaktion/inhalte", &[]).await;
    assert_eq!(refused.status(), 403);
    let refused = app
        .call(
            &learner,
            "redaktion/inhalte/entwurf",
            &[("module", "beispiel")],
        )
        .await;
    assert_eq!(refused.status(), 403);

    // Anna changes that question and a lesson.
    let number = draft(&app, &anna, "beispiel").await;
    let quiz = file(&app, &anna, "beispiel", number, "quiz.toml").await["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let reworded = format!("{asked} (überarbeitet)");
    let escaped = |t: &str| toml::Value::String(t.to_owned()).to_string();
    assert!(
        quiz.contains(&escaped(&asked)),
        "the question is in quiz.toml"
    );
    let quiz = quiz.replacen(&escaped(&asked), &escaped(&reworded), 1);
    assert!(ok(&save(
        &app,
        &anna,
        "beispiel",
        number,
        "quiz.toml",
        &quiz
    )
    .await));
    let lesson = "lessons/02-zweite-lektion.md";
    let text = file(&app, &anna, "beispiel", number, lesson).await["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = format!("{text}\nNeu in dieser Fassung: ein Absatz.\n");
    assert!(ok(
        &save(&app, &anna, "beispiel", number, lesson, &text).await
    ));
    // The draft counts up the version by itself.
    let view = json(
        app.call(
            &anna,
            "redaktion/inhalte/fassung",
            &[("module", "beispiel"), ("number", &number.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(view["summary"]["version"], "1.0.1");
    assert_eq!(view["can_submit"], true, "{view}");

    // Nobody approves their own work; a draft is not approved at all.
    let early = act(
        &app,
        &ben,
        "freigeben",
        "beispiel",
        number,
        &[("comment", "")],
    )
    .await;
    assert_eq!(early.status(), 409);
    assert!(ok(&act(
        &app,
        &anna,
        "einreichen",
        "beispiel",
        number,
        &[("note", "Frage klarer")]
    )
    .await));
    let own = act(
        &app,
        &anna,
        "freigeben",
        "beispiel",
        number,
        &[("comment", "")],
    )
    .await;
    assert_eq!(own.status(), 409);
    let body = own.text().await.unwrap();
    assert!(body.contains("own-work"), "{body}");
    // A version in review cannot be changed any more.
    let late = save(
        &app,
        &anna,
        "beispiel",
        number,
        lesson,
        "# Zweite Lektion\n",
    )
    .await;
    assert_eq!(late.status(), 409);
    // Ben was told (a mail to the other editors) and approves.
    assert!(ok(&act(
        &app,
        &ben,
        "freigeben",
        "beispiel",
        number,
        &[("comment", "Passt.")]
    )
    .await));

    let store = app.ctx.content();
    let module = store.module("beispiel").unwrap();
    assert_eq!(module.version, "1.0.1");
    assert!(
        module.quiz.questions.iter().any(|q| q.text == reworded),
        "learners get the new wording"
    );
    let (_, page) = app
        .page(&learner, "/modules/beispiel/lessons/02-zweite-lektion")
        .await;
    assert!(
        page.contains("Neu in dieser Fassung"),
        "the lesson shows the change"
    );

    // Erika's attempt still shows what she was asked, in the version she took.
    let after = result(learner.clone()).await;
    assert_eq!(after["module_version"], "1.0.0");
    assert_eq!(after["questions"][0]["text"], asked);
    assert_eq!(after["questions"], before["questions"]);

    // The published version never changes, and the history has both.
    let rows = versions(&app, "beispiel").await;
    assert_eq!(
        rows.iter()
            .map(|r| (r.version.as_str(), r.status.as_str()))
            .collect::<Vec<_>>(),
        vec![("1.0.0", "retired"), ("1.0.1", "published")]
    );
    let refused = save(&app, &anna, "beispiel", 1, lesson, "# Zweite Lektion\n").await;
    assert_eq!(refused.status(), 409);
    let comparison = json(
        app.call(
            &ben,
            "redaktion/inhalte/vergleich",
            &[("module", "beispiel"), ("from", "1"), ("to", "2")],
        )
        .await,
    )
    .await;
    let changed: Vec<&str> = comparison["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(changed, vec![lesson, "module.toml", "quiz.toml"]);
}

#[tokio::test]
async fn a_publication_reaches_another_instance_without_a_restart() {
    let database = Arc::new(TestDatabase::create().await);
    let clock = Clock::manual(tests::start_time());
    let first = TestApp::spawn_on(database.clone(), clock.clone(), |c| {
        c.content_dir = fixture()
    })
    .await
    .unwrap();
    let second = TestApp::spawn_on(database.clone(), clock.clone(), |c| {
        c.content_dir = fixture()
    })
    .await
    .unwrap();
    let (anna, _) = first
        .logged_in(
            "anna.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let (ben, _) = first
        .logged_in(
            "ben.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let (learner, _) = second
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let number = draft(&first, &anna, "beispiel").await;
    let lesson = "lessons/01-erste-lektion.md";
    let text = file(&first, &anna, "beispiel", number, lesson).await["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = format!("{text}\nDieser Satz kommt von der anderen Instanz.\n");
    assert!(ok(
        &save(&first, &anna, "beispiel", number, lesson, &text).await
    ));
    assert!(ok(&act(
        &first,
        &anna,
        "einreichen",
        "beispiel",
        number,
        &[("note", "")]
    )
    .await));
    assert!(ok(&act(
        &first,
        &ben,
        "freigeben",
        "beispiel",
        number,
        &[("comment", "")]
    )
    .await));

    let started = std::time::Instant::now();
    let mut shown = false;
    while started.elapsed() < Duration::from_secs(15) {
        let (_, page) = second
            .page(&learner, "/modules/beispiel/lessons/01-erste-lektion")
            .await;
        if page.contains("Dieser Satz kommt von der anderen Instanz.") {
            shown = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        shown,
        "the second instance shows the publication without a restart"
    );
    first.shutdown().await;
    second.shutdown().await;
}

/// The broken fixtures of `content check` (tests `content::CASES` and `content::LINTS`), fed
/// to the editor: each module file's problem appears in the editor with the same line and
/// message as in the folder's check.
#[tokio::test]
async fn the_editor_reports_what_content_check_reports() {
    let app = TestApp::spawn_with(|c| c.content_dir = fixture()).await;
    let (anna, _) = app
        .logged_in(
            "anna.redaktion@stadt.example",
            &[Role::Employee, Role::Editor],
        )
        .await;
    let mut compared = 0;
    for (rule, file_path, find, replace, _, message) in CASES.iter().chain(LINTS) {
        let Some(inner) = file_path.strip_prefix("modules/") else {
            continue;
        };
        let (module, path) = inner.split_once('/').unwrap();
        // The folder's check.
        let dir = release();
        let mut target = dir.join(file_path);
        let original = std::fs::read_to_string(&target).unwrap();
        let changed = original.replacen(find, replace, 1);
        let mut edited_path = path.to_owned();
        if *rule == "badly named lesson file" {
            std::fs::remove_file(&target).unwrap();
            target = dir.join(format!("modules/{module}/lessons/zweite-lektion.md"));
            edited_path = "lessons/zweite-lektion.md".to_owned();
        }
        std::fs::write(&target, &changed).unwrap();
        let folder = match app::content::load(&dir) {
            Err(problems) => problems,
            Ok(store) => store.lints,
        };
        let expected = folder
            .iter()
            .find(|p| p.file == target && p.message.to_string().contains(message))
            .unwrap_or_else(|| panic!("{rule}: the folder's check finds it"));
        let _ = std::fs::remove_dir_all(&dir);

        // The editor, on a fresh draft of the module.
        let number = draft(&app, &anna, module).await;
        if edited_path != path {
            let removed = act(
                &app,
                &anna,
                "entfernen",
                module,
                number,
                &[("path", path), ("confirm", "on")],
            )
            .await;
            assert!(ok(&removed), "{rule}: remove");
        }
        let saved = save(&app, &anna, module, number, &edited_path, &changed).await;
        assert!(ok(&saved), "{rule}: a draft keeps even a broken text");
        let view = file(&app, &anna, module, number, &edited_path).await;
        let listed: Vec<serde_json::Value> = view["problems"]
            .as_array()
            .unwrap()
            .iter()
            .chain(view["lints"].as_array().unwrap())
            .cloned()
            .collect();
        // The same finding: its catalogue key and arguments, not only its text.
        let message = serde_json::to_value(&expected.message).unwrap();
        assert!(
            listed.iter().any(|p| p["file"] == edited_path.as_str()
                && p["line"] == expected.line
                && p["message"] == message),
            "{rule}: the editor shows {expected}; it shows {listed:?}"
        );
        assert_eq!(
            view["text"],
            changed.as_str(),
            "{rule}: nothing typed is lost"
        );
        // Throw the draft away for the next case.
        let discarded = act(
            &app,
            &anna,
            "verwerfen",
            module,
            number,
            &[("confirm", "on")],
        )
        .await;
        let status = discarded.status();
        assert!(
            status.is_success() || status.is_redirection(),
            "{rule}: discard {status} {}",
            discarded.text().await.unwrap()
        );
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} fixtures compared");
}
