//! The start page as a dashboard (issue 18, point 2): it leads a learner step by step, shows the
//! way to the Führerschein, and shows every other role its own open work.

use app::auth::Role;
use app::content::HasContent;
use app::db::{data_request, help_request};
use sea_orm::{ActiveModelTrait, Set};
use tests::TestApp;
use uuid::Uuid;

const MODULE: &str = "datenschutz";

#[tokio::test]
async fn a_learner_is_led_from_the_first_lesson_to_the_test_and_on() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("lerner@stadt.example", &[Role::Employee])
        .await;
    let content = app.ctx.content();
    let module = content.module(MODULE).expect("the module");
    let title = module.title.de.clone();
    let lessons: Vec<(String, String)> = module
        .lessons
        .iter()
        .map(|l| (l.slug.clone(), l.title.de.clone()))
        .collect();
    let basis = content
        .certificates
        .levels
        .first()
        .expect("a level")
        .title
        .de
        .clone();

    let (status, page) = app.page(&client, "/").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("Beginnen Sie mit „{title}“")),
        "nothing begun: the first module the licence needs: {page}"
    );
    let progress = format!("{basis}: 0 von ");
    assert!(page.contains(&progress), "{progress} in {page}");
    assert!(
        !page.contains("Beginnen Sie mit den Pflichtmodulen"),
        "no static text any more"
    );

    let read = |slug: String| {
        let client = client.clone();
        let app = &app;
        async move {
            let response = app
                .call(
                    &client,
                    "learning/lesson-read",
                    &[("module", MODULE), ("slug", &slug)],
                )
                .await;
            assert!(response.status().is_success(), "{}", response.status());
        }
    };
    read(lessons[0].0.clone()).await;
    let (_, page) = app.page(&client, "/").await;
    let expected = format!(
        "Weiter mit Lektion 2 von {}: „{}“",
        lessons.len(),
        lessons[1].1
    );
    assert!(page.contains(&expected), "{expected} in {page}");
    assert!(
        page.contains(&format!(
            "href=\"/modules/{MODULE}/lessons/{}\"",
            lessons[1].0
        )),
        "the button leads to that lesson"
    );

    for (slug, _) in lessons.iter().skip(1) {
        read(slug.clone()).await;
    }
    let (_, page) = app.page(&client, "/").await;
    assert!(
        page.contains(&format!("Sie haben alle Lektionen von „{title}“ gelesen.")),
        "every lesson read: the test is next: {page}"
    );

    tests::learning::pass(&app, &client, MODULE).await;
    let (_, page) = app.page(&client, "/").await;
    assert!(
        page.contains(&format!("{basis}: 1 von ")),
        "the pass counts towards the level: {page}"
    );
    assert!(
        !page.contains(&format!("Beginnen Sie mit „{title}“")),
        "a passed module is not the next step"
    );
    assert!(page.contains("Beginnen Sie mit „"), "the next module is");
}

#[tokio::test]
async fn every_role_sees_its_own_open_work_and_only_that() {
    let app = TestApp::spawn().await;
    let (scout, scout_id) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let colleague = app
        .create_user("kollegin@stadt.example", &[Role::Employee])
        .await;

    let (_, page) = app.page(&scout, "/").await;
    assert!(page.contains("Keine offenen Anfragen an Sie"), "{page}");
    let now = app.clock.now();
    help_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        requester_id: Set(colleague),
        department_id: Set(None),
        scout_id: Set(Some(scout_id)),
        topic: Set("e-akte".into()),
        description: Set("Wie lege ich eine Akte an?".into()),
        channel: Set("phone".into()),
        preferred_times: Set(String::new()),
        status: Set("open".into()),
        created_at: Set(now),
        assigned_at: Set(now),
        first_answer_at: Set(None),
        passed_over: Set("[]".into()),
        meeting_at: Set(None),
        meeting_minutes: Set(None),
        meeting_place: Set(None),
        meeting_sequence: Set(0),
        closed_at: Set(None),
        rating: Set(None),
        feedback_comment: Set(None),
        feedback_at: Set(None),
    }
    .insert(&app.db)
    .await
    .expect("request");
    let (_, page) = app.page(&scout, "/").await;
    assert!(page.contains("1 offene Anfrage an Sie"), "{page}");
    assert!(page.contains("Ihr nächster Schritt"), "a scout learns too");

    let (_, page) = app.page(&admin, "/").await;
    assert!(
        page.contains("Keine offenen Anträge zu persönlichen Daten"),
        "{page}"
    );
    assert!(
        !page.contains("Ihr nächster Schritt"),
        "no learning part without the employee role"
    );
    data_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(colleague),
        kind: Set(data_request::KIND_CORRECTION.into()),
        message: Set("Mein Name ist falsch geschrieben.".into()),
        status: Set(data_request::STATUS_OPEN.into()),
        created_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        answer: Set(None),
    }
    .insert(&app.db)
    .await
    .expect("data request");
    let (_, page) = app.page(&admin, "/").await;
    assert!(
        page.contains("1 offener Antrag zu persönlichen Daten"),
        "{page}"
    );
    assert!(
        !page.contains("offene Anfrage an Sie"),
        "not a scout's work"
    );
    assert!(
        page.contains("Keine offene Meldung einer Barriere"),
        "barrier reports wait for administrators: {page}"
    );

    let (_, page) = app.page(&hr, "/").await;
    assert!(
        page.contains("Kein Personal-Import wartet auf Übernahme"),
        "{page}"
    );
    assert!(
        !page.contains("Anträge zu persönlichen Daten"),
        "not HR's work"
    );

    let (_, page) = app.page(&auditor, "/").await;
    assert!(page.contains("href=\"/audit\""), "{page}");
    assert!(!page.contains("Personal-Import"), "not the auditor's work");
}
