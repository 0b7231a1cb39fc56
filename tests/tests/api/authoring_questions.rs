//! The question editor (issue 20, point 1): an editor changes a question of a shipped module's
//! draft through the form's server function, and the draft's `quiz.toml` has the change and
//! still passes the checks; a form that cannot be a question is refused with its fields and
//! leaves the draft as it was; questions move and are deleted in both quiz files; nobody but an
//! editor uses any of it.

use app::auth::Role;
use app::authoring::server::{check, library};
use app::content::HasContent;
use app::db::content_version;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use tests::TestApp;

/// The module every test here uses: the first of the shipped curriculum.
fn module_id(app: &TestApp) -> String {
    app.ctx.content().modules[0].id.clone()
}

async fn draft_row(app: &TestApp, module: &str) -> content_version::Model {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .filter(content_version::Column::Status.eq(content_version::DRAFT))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a draft")
}

/// Starts the module's draft the way the version page's button does; its number.
async fn start_draft(app: &TestApp, editor: &reqwest::Client, module: &str) -> i32 {
    let response = app
        .call(editor, "redaktion/inhalte/entwurf", &[("module", module)])
        .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "start_draft: {}",
        response.status()
    );
    draft_row(app, module).await.number
}

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn question_list(
    app: &TestApp,
    client: &reqwest::Client,
    module: &str,
    number: i32,
) -> Value {
    json(
        app.call(
            client,
            "redaktion/inhalte/fragen",
            &[("module", module), ("number", &number.to_string())],
        )
        .await,
    )
    .await
}

async fn question(
    app: &TestApp,
    client: &reqwest::Client,
    module: &str,
    number: i32,
    id: &str,
) -> Value {
    json(
        app.call(
            client,
            "redaktion/inhalte/frage",
            &[
                ("module", module),
                ("number", &number.to_string()),
                ("question", id),
            ],
        )
        .await,
    )
    .await
}

/// The id of the first single-choice question of the list.
fn first_single(list: &Value) -> String {
    list["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "Single")
        .and_then(|q| q["id"].as_str())
        .expect("a single-choice question")
        .to_owned()
}

/// The form of a single-choice question as a browser sends it.
fn single_choice_form(
    module: &str,
    number: i32,
    original: &str,
    form: &Value,
) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let mut fields: Vec<(String, String)> = vec![
        ("module".into(), module.into()),
        ("number".into(), number.to_string()),
        ("original".into(), original.into()),
        ("kind".into(), "single".into()),
    ];
    for key in [
        "id",
        "text",
        "text_en",
        "lesson",
        "feedback_correct",
        "feedback_correct_en",
        "feedback_incorrect",
        "feedback_incorrect_en",
    ] {
        fields.push((key.into(), text(&form[key])));
    }
    if form["scenario"] == true {
        fields.push(("scenario".into(), "on".into()));
    }
    for (i, option) in form["options"].as_array().unwrap().iter().enumerate() {
        for part in ["text", "feedback", "text_en", "feedback_en"] {
            fields.push((format!("options[{i}][{part}]"), text(&option[part])));
        }
        if option["correct"] == true {
            fields.push(("correct".into(), i.to_string()));
        }
    }
    fields
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value.to_owned();
}

async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.call(client, "redaktion/inhalte/frage/speichern", &pairs)
        .await
}

#[tokio::test]
async fn an_editor_changes_a_single_choice_question_and_the_draft_still_passes_the_check() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let number = start_draft(&app, &editor, &module).await;
    let before = library::files_of(&draft_row(&app, &module).await);
    let list = question_list(&app, &editor, &module, number).await;
    assert_eq!(list["can_edit"], true);
    let id = first_single(&list);
    let edit = question(&app, &editor, &module, number, &id).await;
    let old_option = edit["form"]["options"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut fields = single_choice_form(&module, number, &id, &edit["form"]);
    let new_text = "Eine E-Mail verlangt Ihr Passwort. Was tun Sie als Erstes?";
    let new_option = "Ich prüfe in Ruhe den Absender und die Adresse hinter dem Link.";
    set(&mut fields, "text", new_text);
    set(&mut fields, "options[0][text]", new_option);

    let response = save(&app, &editor, &fields).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "save: {}: {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );

    let row = draft_row(&app, &module).await;
    let after = library::files_of(&row);
    let quiz = &after.files["quiz.toml"];
    assert!(quiz.contains(new_text), "the new text is in quiz.toml");
    assert!(quiz.contains(new_option), "the new option is in quiz.toml");
    assert!(!quiz.contains(&old_option), "the old option text is gone");
    // Only the two lines changed; the English file and every other file are as they were.
    let changed = |a: &str, b: &str| b.lines().filter(|l| !a.lines().any(|m| m == *l)).count();
    assert_eq!(changed(&before.files["quiz.toml"], quiz), 2, "{quiz}");
    assert_eq!(
        before.files["quiz.toml"].lines().count(),
        quiz.lines().count()
    );
    for (path, text) in &before.files {
        if path != "quiz.toml" {
            assert_eq!(after.files.get(path), Some(text), "{path} unchanged");
        }
    }
    let (problems, _) = check(&app.ctx, &module, &after);
    assert!(
        problems.is_empty(),
        "the draft passes the check: {problems:?}"
    );
    assert_eq!(row.number, number, "saved into the same draft");
    let list = question_list(&app, &editor, &module, number).await;
    let contributors = list["summary"]["contributors"].as_array().unwrap();
    assert!(
        contributors
            .iter()
            .any(|c| c == "Person redaktion@stadt.example"),
        "the editor counts among the contributors: {contributors:?}"
    );

    // The form shows the saved question, with no finding of the check.
    let edit = question(&app, &editor, &module, number, &id).await;
    assert_eq!(edit["form"]["text"], new_text);
    assert_eq!(edit["problems"].as_array().map(Vec::len), Some(0));
    let (status, html) = app
        .page(
            &editor,
            &format!("/redaktion/inhalte/{module}/{number}/fragen/{id}?gespeichert=1"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(new_option), "the page shows the saved option");
    assert!(
        html.contains("Die Frage ist gespeichert."),
        "the page says it is saved"
    );
    let (status, html) = app
        .page(
            &editor,
            &format!("/redaktion/inhalte/{module}/{number}/fragen"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("/fragen/{id}")),
        "the list links the question"
    );
}

#[tokio::test]
async fn a_broken_form_is_refused_with_its_field_and_the_draft_is_unchanged() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let number = start_draft(&app, &editor, &module).await;
    let list = question_list(&app, &editor, &module, number).await;
    let id = first_single(&list);
    let edit = question(&app, &editor, &module, number, &id).await;
    let good = single_choice_form(&module, number, &id, &edit["form"]);
    let before = draft_row(&app, &module).await;

    type Change = Box<dyn Fn(&mut Vec<(String, String)>)>;
    type Case = (&'static str, Change, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "empty text",
            Box::new(|f| set(f, "text", "   ")),
            vec![("text", "field-required")],
        ),
        (
            "no right option",
            Box::new(|f| f.retain(|(k, _)| k != "correct")),
            vec![("options", "questions-no-correct")],
        ),
        (
            "unknown lesson",
            Box::new(|f| set(f, "lesson", "99-gibt-es-nicht")),
            vec![("lesson", "questions-lesson-unknown")],
        ),
        (
            "text over 5,000 characters",
            Box::new(|f| set(f, "text", &"x".repeat(5001))),
            vec![("text", "questions-too-long-text")],
        ),
        (
            "an id of another question",
            {
                let other = list["questions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|q| q["id"].as_str())
                    .find(|other| *other != id)
                    .unwrap()
                    .to_owned();
                Box::new(move |f| set(f, "id", &other))
            },
            vec![("id", "questions-id-taken")],
        ),
    ];
    for (name, change, expected) in cases {
        let mut fields = good.clone();
        change(&mut fields);
        let response = save(&app, &editor, &fields).await;
        assert_eq!(response.status(), 422, "case: {name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "Invalid", "case: {name}: {body}");
        let got: Vec<(String, String)> = body["detail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(f, m)| (f.to_owned(), m.to_owned()))
            .collect();
        assert_eq!(got, expected, "case: {name}");
        let now = draft_row(&app, &module).await;
        assert_eq!(
            now.files, before.files,
            "case: {name}: the draft is unchanged"
        );
        assert_eq!(now.updated_at, before.updated_at, "case: {name}");
    }
    // A type the format does not have, and a form that is not a form.
    let mut fields = good.clone();
    set(&mut fields, "kind", "essay");
    assert_eq!(save(&app, &editor, &fields).await.status(), 422);
    let response = app
        .call(
            &editor,
            "redaktion/inhalte/frage/speichern",
            &[("module", module.as_str())],
        )
        .await;
    assert_eq!(response.status(), 400, "arguments missing");
    assert_eq!(draft_row(&app, &module).await.files, before.files);
}

#[tokio::test]
async fn questions_move_and_are_deleted_in_both_files_and_rows_are_added_without_saving() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let number = start_draft(&app, &editor, &module).await;
    let n = number.to_string();
    let ids = |list: &Value| -> Vec<String> {
        list["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = ids(&question_list(&app, &editor, &module, number).await);

    let response = app
        .call(
            &editor,
            "redaktion/inhalte/frage/verschieben",
            &[
                ("module", module.as_str()),
                ("number", n.as_str()),
                ("question", before[0].as_str()),
                ("direction", "down"),
            ],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let moved = ids(&question_list(&app, &editor, &module, number).await);
    assert_eq!(moved[0], before[1]);
    assert_eq!(moved[1], before[0]);

    // Deleting needs the ticked box.
    let delete = |confirm: Option<&'static str>| {
        let mut form = vec![
            ("module", module.clone()),
            ("number", n.clone()),
            ("question", before[0].clone()),
        ];
        if let Some(c) = confirm {
            form.push(("confirm", c.to_owned()));
        }
        form
    };
    let unconfirmed = delete(None);
    let pairs: Vec<(&str, &str)> = unconfirmed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app
        .call(&editor, "redaktion/inhalte/frage/loeschen", &pairs)
        .await;
    assert_eq!(response.status(), 422);
    let confirmed = delete(Some("on"));
    let pairs: Vec<(&str, &str)> = confirmed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app
        .call(&editor, "redaktion/inhalte/frage/loeschen", &pairs)
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let left = ids(&question_list(&app, &editor, &module, number).await);
    assert_eq!(left.len(), before.len() - 1);
    assert!(!left.contains(&before[0]));

    // The English file lists the same questions in the same order.
    let files = library::files_of(&draft_row(&app, &module).await);
    let english: Vec<String> = files.files["quiz.en.toml"]
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect();
    assert_eq!(english, left);
    let (problems, _) = check(&app.ctx, &module, &files);
    assert!(problems.is_empty(), "{problems:?}");

    // "Weitere Antwort" shows the typed form again with one more row and saves nothing.
    let single = first_single(&question_list(&app, &editor, &module, number).await);
    let stored = draft_row(&app, &module).await;
    let path = format!(
        "/redaktion/inhalte/{module}/{number}/fragen/{single}?kind=single&id={single}&text=Noch+nicht+gespeichert&options%5B0%5D%5Btext%5D=Getippt&zeile=options"
    );
    let (status, html) = app.page(&editor, &path).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Noch nicht gespeichert"),
        "the typed text is back"
    );
    assert!(html.contains("Getippt"));
    assert!(html.contains("name=\"options[1][text]\""), "one more row");
    assert!(
        !html.contains("name=\"options[2][text]\""),
        "only one more row"
    );
    assert_eq!(
        draft_row(&app, &module).await.files,
        stored.files,
        "nothing saved"
    );

    // A new question of every type has its form.
    for kind in [
        "single",
        "multiple",
        "true_false",
        "ordering",
        "matching",
        "short_text",
        "numeric",
    ] {
        let (status, _) = app
            .page(
                &editor,
                &format!("/redaktion/inhalte/{module}/{number}/fragen-neu?typ={kind}"),
            )
            .await;
        assert_eq!(status, 200, "{kind}");
    }
}

#[tokio::test]
async fn only_editors_use_the_question_editor() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let number = start_draft(&app, &editor, &module).await;
    let id = first_single(&question_list(&app, &editor, &module, number).await);
    let edit = question(&app, &editor, &module, number, &id).await;
    let mut fields = single_choice_form(&module, number, &id, &edit["form"]);
    set(&mut fields, "text", "Von jemandem ohne Redaktion geändert?");
    let before = draft_row(&app, &module).await;
    let n = number.to_string();

    let (learner, _) = app
        .logged_in("lerner@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    for (who, client, status) in [("learner", &learner, 403), ("visitor", &app.client(), 401)] {
        assert_eq!(
            save(&app, client, &fields).await.status(),
            status,
            "{who}: save"
        );
        let listed = app
            .call(
                client,
                "redaktion/inhalte/fragen",
                &[("module", module.as_str()), ("number", n.as_str())],
            )
            .await;
        assert_eq!(listed.status(), status, "{who}: list");
        let read = app
            .call(
                client,
                "redaktion/inhalte/frage",
                &[
                    ("module", module.as_str()),
                    ("number", n.as_str()),
                    ("question", id.as_str()),
                ],
            )
            .await;
        assert_eq!(read.status(), status, "{who}: read");
        let moved = app
            .call(
                client,
                "redaktion/inhalte/frage/verschieben",
                &[
                    ("module", module.as_str()),
                    ("number", n.as_str()),
                    ("question", id.as_str()),
                    ("direction", "down"),
                ],
            )
            .await;
        assert_eq!(moved.status(), status, "{who}: move");
        let deleted = app
            .call(
                client,
                "redaktion/inhalte/frage/loeschen",
                &[
                    ("module", module.as_str()),
                    ("number", n.as_str()),
                    ("question", id.as_str()),
                    ("confirm", "on"),
                ],
            )
            .await;
        assert_eq!(deleted.status(), status, "{who}: delete");
    }
    let (status, _) = app
        .page(
            &learner,
            &format!("/redaktion/inhalte/{module}/{number}/fragen/{id}"),
        )
        .await;
    assert_eq!(status, 403, "the page");
    assert_eq!(
        draft_row(&app, &module).await.files,
        before.files,
        "the draft is unchanged"
    );
}

/// Four new questions saved at the same moment (two editors, two tabs each): every one of them
/// is in the draft afterwards. Each save reads the draft's quiz, adds its question and stores the
/// quiz; without the check that the draft is still the one it read, the saves that store last
/// write over the others' questions.
#[tokio::test]
async fn questions_saved_at_the_same_time_are_all_kept() {
    let app = TestApp::spawn().await;
    let module = module_id(&app);
    let (first, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let (second, _) = app
        .logged_in("redaktion2@stadt.example", &[Role::Employee, Role::Editor])
        .await;
    let number = start_draft(&app, &first, &module).await;
    let list = question_list(&app, &first, &module, number).await;
    let template = first_single(&list);
    let form = question(&app, &first, &module, number, &template).await;
    let new_ids: Vec<String> = (1..=4).map(|i| format!("gleichzeitig-{i}")).collect();
    let forms: Vec<Vec<(String, String)>> = new_ids
        .iter()
        .map(|id| {
            let mut fields = single_choice_form(&module, number, "", &form["form"]);
            set(&mut fields, "id", id);
            fields
        })
        .collect();
    let (a, b, c, d) = tokio::join!(
        save(&app, &first, &forms[0]),
        save(&app, &second, &forms[1]),
        save(&app, &first, &forms[2]),
        save(&app, &second, &forms[3]),
    );
    for response in [a, b, c, d] {
        let status = response.status();
        assert!(
            status.is_success() || status.is_redirection(),
            "{status}: {}",
            response.text().await.unwrap_or_default()
        );
    }
    let quiz = library::files_of(&draft_row(&app, &module).await).files["quiz.toml"].clone();
    for id in &new_ids {
        assert!(
            quiz.contains(&format!("id = \"{id}\"")),
            "{id} is lost:\n{quiz}"
        );
    }
    assert!(
        quiz.contains(&format!("id = \"{template}\"")),
        "the old questions stay"
    );
}
