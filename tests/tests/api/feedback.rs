//! Feedback on the offers (issue 21, point 2): a learner rates a module once after completing
//! it, and a workshop after it ended; editors and the coordination office read the figures
//! only from k ratings on, without names, and a comparison of two views never gives away one
//! rating or its comment.

use app::auth::Role;
use app::db::{feedback_given, feedback_rating, workshop, workshop_registration};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::Value;
use tests::TestApp;
use tests::learning::pass;
use uuid::Uuid;

const MODULE: &str = "grundlagen-digitaler-arbeitsplatz";
/// The smallest group size the configuration allows: fewer learners per test.
const K: u32 = 3;

async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| c.reports.min_group_size = K).await
}

fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn rate(
    app: &TestApp,
    client: &reqwest::Client,
    kind: &str,
    id: &str,
    rating: &str,
    comment: &str,
) -> reqwest::Response {
    app.call(
        client,
        "feedback/rate",
        &[
            ("kind", kind),
            ("id", id),
            ("rating", rating),
            ("comment", comment),
        ],
    )
    .await
}

/// A learner who passed the module.
async fn learner_who_passed(app: &TestApp, email: &str) -> reqwest::Client {
    let (client, _) = app.logged_in(email, &[Role::Employee]).await;
    pass(app, &client, MODULE).await;
    client
}

async fn json(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "status");
    response.json().await.unwrap()
}

async fn module_result(app: &TestApp, reader: &reqwest::Client) -> Value {
    json(
        app.call(
            reader,
            "feedback/result",
            &[("kind", "module"), ("id", MODULE)],
        )
        .await,
    )
    .await
}

async fn results(app: &TestApp, reader: &reqwest::Client) -> Value {
    json(app.call(reader, "feedback/results", &[]).await).await
}

fn field_errors(body: &Value) -> Vec<String> {
    body["detail"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_module_is_rated_once_after_completion_and_bad_values_are_refused() {
    let app = spawn().await;
    let (learner, _) = app
        .logged_in("lernende@stadt.example", &[Role::Employee])
        .await;

    // Not before the module is completed: no form on the page, and the function refuses.
    let (_, page) = app.page(&learner, &format!("/modules/{MODULE}")).await;
    assert!(!page.contains(r#"name="rating""#));
    let response = rate(&app, &learner, "module", MODULE, "4", "").await;
    assert_eq!(response.status(), 409);
    assert_eq!(tests::error_kind(response).await, "Conflict");

    pass(&app, &learner, MODULE).await;
    let (_, page) = app.page(&learner, &format!("/modules/{MODULE}")).await;
    assert!(
        page.contains(r#"<fieldset id="field-rating""#),
        "the form under the module"
    );
    assert!(page.contains("<legend>"));
    for n in 1..=5 {
        assert!(page.contains(&format!(
            r#"type="radio" id="rating-{n}" name="rating" value="{n}""#
        )));
    }

    // Bad values: refused with the field named, nothing stored.
    let long = "x".repeat(1001);
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        ("a rating of 0", "0", "", &["rating"]),
        ("a rating of 6", "6", "", &["rating"]),
        ("not a number", "gut", "", &["rating"]),
        ("no rating at all", "", "", &["rating"]),
        ("a comment that is too long", "5", &long, &["comment"]),
    ];
    for (name, rating, comment, fields) in cases {
        let response = rate(&app, &learner, "module", MODULE, rating, comment).await;
        assert_eq!(response.status(), 422, "case: {name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(field_errors(&body), *fields, "case: {name}: {body}");
    }
    // Without a rating field at all (nothing chosen in the radio group).
    let response = app
        .call(
            &learner,
            "feedback/rate",
            &[("kind", "module"), ("id", MODULE), ("comment", "")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        feedback_given::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert_eq!(
        feedback_rating::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // Without JavaScript: back to the form, which shows the error at the radio group.
    let path = format!("/modules/{MODULE}");
    let response = app
        .post_form(
            &learner,
            "/api/feedback/rate",
            &path,
            &[("kind", "module"), ("id", MODULE), ("rating", "9")],
        )
        .await;
    assert_eq!(location(&response), format!("{path}#form-errors"));
    let (_, page) = app.page(&learner, &path).await;
    assert!(page.contains(r#"id="form-errors""#), "{page}");
    assert!(page.contains(r#"id="field-rating-error""#));
    assert!(page.contains(r#"name="rating""#), "the form is still there");
    // Unknown offers are not found.
    assert_eq!(
        rate(&app, &learner, "module", "gibt-es-nicht", "4", "")
            .await
            .status(),
        404
    );
    assert_eq!(
        rate(&app, &learner, "kurs", MODULE, "4", "").await.status(),
        404
    );

    // A good rating, as a browser without JavaScript sends it.
    let response = app
        .post_form(
            &learner,
            "/api/feedback/rate",
            &path,
            &[
                ("kind", "module"),
                ("id", MODULE),
                ("rating", "4"),
                ("comment", "Gut erklärt."),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/feedback/module/{MODULE}?gespeichert=1")
    );
    let (status, page) = app
        .page(
            &learner,
            &format!("/feedback/module/{MODULE}?gespeichert=1"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Ihre Bewertung ist gespeichert"), "{page}");
    assert_eq!(
        feedback_given::Entity::find().count(&app.db).await.unwrap(),
        1
    );
    let stored = feedback_rating::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].rating, 4);
    assert_eq!(stored[0].comment.as_deref(), Some("Gut erklärt."));

    // Not twice.
    let response = rate(&app, &learner, "module", MODULE, "1", "").await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        feedback_rating::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
    let (_, page) = app.page(&learner, &path).await;
    assert!(!page.contains(r#"name="rating""#));
    assert!(page.contains("Sie haben dieses Angebot bewertet"));
    // The learner's list says so too.
    let offers = json(app.call(&learner, "feedback/offers", &[]).await).await;
    assert_eq!(offers[0]["id"], MODULE);
    assert_eq!(offers[0]["standing"], "Rated");
}

#[tokio::test]
async fn figures_appear_at_k_and_comparing_two_views_does_not_give_away_one_rating() {
    let app = spawn().await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let (office, _) = app
        .logged_in("change@stadt.example", &[Role::Coordinator])
        .await;
    let first = [
        ("anna", "5", "Sehr praxisnah"),
        ("ben", "4", ""),
        ("carla", "4", "Beispiele aus dem Amt"),
    ];
    for (index, (name, rating, comment)) in first.iter().enumerate() {
        let client = learner_who_passed(&app, &format!("{name}@stadt.example")).await;
        let response = rate(&app, &client, "module", MODULE, rating, comment).await;
        assert!(response.status().is_redirection() || response.status().is_success());
        let shown = module_result(&app, &editor).await;
        if index + 1 < K as usize {
            assert_eq!(shown["offer"]["shown"], Value::Null, "below k: hidden");
            assert_eq!(
                shown["comments"],
                Value::Array(vec![]),
                "below k: no comments"
            );
            let (_, page) = app
                .page(&editor, &format!("/feedback/ergebnisse/module/{MODULE}"))
                .await;
            assert!(page.contains("Noch zu wenige Bewertungen"));
            assert!(!page.contains("Sehr praxisnah"));
        }
    }
    // At k: shown, with the distribution and the comments, without names.
    let before = module_result(&app, &editor).await;
    assert_eq!(before["offer"]["shown"]["ratings"], 3);
    assert_eq!(
        before["offer"]["shown"]["distribution"],
        serde_json::json!([0, 0, 0, 2, 1])
    );
    assert_eq!(
        before["comments"],
        serde_json::json!(["Beispiele aus dem Amt", "Sehr praxisnah"])
    );
    let list_before = results(&app, &editor).await;
    let office_before = module_result(&app, &office).await;
    assert_eq!(office_before, before, "the office sees the same");
    let (_, page_before) = app
        .page(&editor, &format!("/feedback/ergebnisse/module/{MODULE}"))
        .await;
    assert!(
        page_before.contains("3 Bewertungen, Durchschnitt 4,3 von 5"),
        "{page_before}"
    );
    for name in ["anna@", "ben@", "carla@", "Person anna", "Person ben"] {
        assert!(!page_before.contains(name), "no name on the page: {name}");
        assert!(
            !before.to_string().contains(name),
            "no name in the data: {name}"
        );
    }

    // The differencing attack: one more rating, then the same views again. The attacker knows
    // who rated last (Dora) and compares; nothing changed, so nothing is learnt.
    let dora = learner_who_passed(&app, "dora@stadt.example").await;
    let response = rate(&app, &dora, "module", MODULE, "1", "Zu lang, Dora").await;
    assert!(response.status().is_redirection() || response.status().is_success());
    let after = module_result(&app, &editor).await;
    assert_eq!(
        after, before,
        "one more rating changes nothing that is shown"
    );
    assert_eq!(results(&app, &editor).await, list_before);
    let (_, page_after) = app
        .page(&editor, &format!("/feedback/ergebnisse/module/{MODULE}"))
        .await;
    assert!(!page_after.contains("Zu lang"));
    assert_eq!(
        tests::visible_text(&page_after),
        tests::visible_text(&page_before)
    );

    // The next step comes only with k new ratings together: Dora's is one of three.
    for (name, rating) in [("emil", "3"), ("frieda", "5")] {
        let client = learner_who_passed(&app, &format!("{name}@stadt.example")).await;
        let response = rate(&app, &client, "module", MODULE, rating, "").await;
        assert!(response.status().is_redirection() || response.status().is_success());
        if name == "emil" {
            assert_eq!(
                module_result(&app, &editor).await,
                before,
                "k-1 new: still the same"
            );
        }
    }
    let stepped = module_result(&app, &editor).await;
    assert_eq!(stepped["offer"]["shown"]["ratings"], 6);
    assert_eq!(
        stepped["offer"]["shown"]["distribution"],
        serde_json::json!([1, 0, 1, 2, 2])
    );
    // Sorted, not in the order they came: Dora's (the latest) is not last.
    assert_eq!(
        stepped["comments"],
        serde_json::json!(["Beispiele aus dem Amt", "Sehr praxisnah", "Zu lang, Dora"])
    );
    // The stored rows name nobody: a rating has no person and no time.
    let columns: Vec<String> = feedback_rating::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{r:?}"))
        .collect();
    assert!(
        columns
            .iter()
            .all(|r| !r.contains("user") && !r.contains("_at"))
    );
}

#[tokio::test]
async fn only_editors_and_the_office_read_the_figures() {
    let app = spawn().await;
    let scout = app.create_user("scout@stadt.example", &[Role::Scout]).await;
    let workshop_id = Uuid::new_v4();
    workshop::ActiveModel {
        id: Set(workshop_id),
        scout_id: Set(scout),
        module_id: Set(MODULE.to_owned()),
        title: Set("E-Akte kompakt".to_owned()),
        description: Set(String::new()),
        starts_at: Set(app.clock.now() - chrono::Duration::days(1)),
        minutes: Set(90),
        place: Set("Raum 1".to_owned()),
        department_id: Set(None),
        capacity: Set(10),
        created_at: Set(app.clock.now() - chrono::Duration::days(10)),
        cancelled_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let id = workshop_id.to_string();
    let module_form = [("kind", "module"), ("id", MODULE)];
    let workshop_form = [("kind", "workshop"), ("id", id.as_str())];
    for (email, roles) in [
        ("lernende@stadt.example", vec![Role::Employee]),
        ("personal@stadt.example", vec![Role::Hr]),
        ("admin@stadt.example", vec![Role::Admin]),
        ("rat@stadt.example", vec![Role::Auditor]),
        ("scout2@stadt.example", vec![Role::Scout, Role::Employee]),
    ] {
        let (client, _) = app.logged_in(email, &roles).await;
        assert_eq!(
            app.call(&client, "feedback/results", &[]).await.status(),
            403,
            "{email}"
        );
        assert_eq!(
            app.call(&client, "feedback/result", &module_form)
                .await
                .status(),
            403,
            "{email}"
        );
        assert_eq!(
            app.call(&client, "feedback/result", &workshop_form)
                .await
                .status(),
            403,
            "{email}"
        );
        let (status, _) = app.page(&client, "/feedback/ergebnisse").await;
        assert_eq!(status, 403, "{email}");
    }
    // Editors read the modules, not the workshops.
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let list = results(&app, &editor).await;
    assert!(list["workshops"].is_null());
    assert!(
        list["modules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == MODULE)
    );
    assert_eq!(
        app.call(&editor, "feedback/result", &module_form)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call(&editor, "feedback/result", &workshop_form)
            .await
            .status(),
        403
    );
    // The office reads both.
    let (office, _) = app
        .logged_in("change@stadt.example", &[Role::Coordinator])
        .await;
    let list = results(&app, &office).await;
    assert_eq!(list["workshops"][0]["id"], id);
    assert_eq!(list["workshops"][0]["shown"], Value::Null);
    assert_eq!(
        app.call(&office, "feedback/result", &workshop_form)
            .await
            .status(),
        200
    );
    let (status, page) = app.page(&office, "/feedback/ergebnisse").await;
    assert_eq!(status, 200);
    assert!(page.contains("E-Akte kompakt"));
}

#[tokio::test]
async fn a_workshop_is_rated_by_those_who_took_part_once_it_has_ended() {
    let app = spawn().await;
    let scout = app.create_user("scout@stadt.example", &[Role::Scout]).await;
    let workshop_id = Uuid::new_v4();
    workshop::ActiveModel {
        id: Set(workshop_id),
        scout_id: Set(scout),
        module_id: Set(MODULE.to_owned()),
        title: Set("Sicher im Netz".to_owned()),
        description: Set(String::new()),
        starts_at: Set(app.clock.now() + chrono::Duration::hours(1)),
        minutes: Set(120),
        place: Set("Raum 2".to_owned()),
        department_id: Set(None),
        capacity: Set(10),
        created_at: Set(app.clock.now()),
        cancelled_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let id = workshop_id.to_string();
    let register = async |email: &str, cancelled: bool, attended: Option<bool>| {
        let (client, user) = app.logged_in(email, &[Role::Employee]).await;
        workshop_registration::ActiveModel {
            id: Set(Uuid::new_v4()),
            workshop_id: Set(workshop_id),
            user_id: Set(user),
            registered_at: Set(app.clock.now()),
            cancelled_at: Set(cancelled.then(|| app.clock.now())),
            attended: Set(attended),
        }
        .insert(&app.db)
        .await
        .unwrap();
        client
    };
    let came = register("kam@stadt.example", false, None).await;
    let cancelled = register("abgesagt@stadt.example", true, None).await;
    let absent = register("fehlte@stadt.example", false, Some(false)).await;
    let (stranger, _) = app
        .logged_in("fremd@stadt.example", &[Role::Employee])
        .await;

    // Before it has ended: not yet.
    let response = rate(&app, &came, "workshop", &id, "5", "").await;
    assert_eq!(response.status(), 409);
    let offers = json(app.call(&came, "feedback/offers", &[]).await).await;
    assert_eq!(offers[0]["standing"], "NotEnded");

    app.clock.advance(chrono::Duration::hours(4));
    // Sessions end after hours without use: everyone signs in again.
    for (client, email) in [
        (&came, "kam@stadt.example"),
        (&cancelled, "abgesagt@stadt.example"),
        (&absent, "fehlte@stadt.example"),
        (&stranger, "fremd@stadt.example"),
    ] {
        let response = app.login(client, email, tests::PASSWORD).await;
        assert!(response.status().is_success() || response.status().is_redirection());
    }
    let (_, page) = app.page(&came, &format!("/feedback/workshop/{id}")).await;
    assert!(page.contains(r#"name="rating""#), "{page}");
    let response = rate(&app, &came, "workshop", &id, "5", "Endlich verstanden").await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(
        rate(&app, &came, "workshop", &id, "5", "").await.status(),
        409,
        "not twice"
    );
    for (who, client) in [
        ("cancelled", &cancelled),
        ("absent", &absent),
        ("stranger", &stranger),
    ] {
        assert_eq!(
            rate(&app, client, "workshop", &id, "2", "").await.status(),
            409,
            "{who} did not take part"
        );
    }
    assert_eq!(
        rate(&app, &came, "workshop", "kein-workshop", "5", "")
            .await
            .status(),
        404
    );
    let (_, page) = app.page(&came, "/feedback").await;
    assert!(page.contains("Sicher im Netz"));
    assert!(page.contains("Bewertet"));
    assert_eq!(
        feedback_rating::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
}
