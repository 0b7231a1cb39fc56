//! Mail through a real SMTP server on loopback (aiosmtpd): invitations, retries while the
//! server is down, and several workers on one outbox.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use app::auth::Role;
use app::context::Clock;
use app::db::outbox;
use app::i18n::Locale;
use app::mail::{OutgoingMail, enqueue};
use sea_orm::{EntityTrait, TransactionTrait};
use tests::{SmtpServer, TestApp, TestDatabase, mail_bodies, message_id, set_password_path};

async fn spawn_with_smtp(smtp: &SmtpServer) -> TestApp {
    let database = Arc::new(TestDatabase::create().await);
    TestApp::spawn_on(database, Clock::System, |c| smtp.configure(c))
        .await
        .expect("app starts")
}

#[tokio::test]
async fn an_invitation_reaches_the_smtp_server_and_its_link_sets_the_password() {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(&smtp).await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;

    let form = [
        ("display_name", "Erika Müller"),
        ("email", "erika.mueller@stadt.example"),
        ("locale", "de"),
        ("role_employee", "on"),
        ("send_invitation", "on"),
    ];
    let response = app.call(&admin, "admin/users/create", &form).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    // Every due mail sent, each in the Maildir before the server acknowledged it: what is there
    // now is everything, without waiting to see whether more comes.
    app.deliver_mail().await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "exactly one mail arrives");
    let (text, html, parsed) = mail_bodies(&messages[0]);
    use mailparse::MailHeaderMap;
    assert_eq!(
        parsed.headers.get_first_value("Subject").as_deref(),
        Some("Ihr Zugang zum Digitalen Führerschein")
    );
    assert_eq!(
        parsed.headers.get_first_value("To").as_deref(),
        Some("erika.mueller@stadt.example")
    );
    assert!(
        parsed.ctype.mimetype.starts_with("multipart/alternative"),
        "{}",
        parsed.ctype.mimetype
    );
    assert!(text.contains("Guten Tag Erika Müller"), "{text}");
    assert!(html.contains("Guten Tag Erika Müller"), "{html}");
    let stored = outbox::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        message_id(&messages[0]),
        Some(stored[0].message_id.clone()),
        "Message-ID fixed at enqueue"
    );
    assert_eq!(stored[0].status, outbox::STATUS_SENT);

    let path = set_password_path(&text).expect("link in the mail");
    assert!(
        text.contains(&app.url(&path)),
        "the link points at the base URL"
    );
    let (status, page) = app.page(&app.client(), &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("name=\"password_repeat\""),
        "the set-password form is shown"
    );
    let token = path.rsplit('/').next().unwrap();
    let password = "mein neues Passwort";
    let response = app
        .post_form(
            &app.client(),
            "/api/password/set",
            &path,
            &[
                ("token", token),
                ("password", password),
                ("password_repeat", password),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/login?password_set=1");
    let client = app.client();
    assert!(
        app.login(&client, "erika.mueller@stadt.example", password)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("erika.mueller@stadt.example")
    );
}

#[tokio::test]
async fn english_speakers_get_english_mail() {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(&smtp).await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let form = [
        ("display_name", "Sam Lee"),
        ("email", "sam@stadt.example"),
        ("locale", "en"),
        ("role_employee", "on"),
        ("send_invitation", "on"),
    ];
    app.call(&admin, "admin/users/create", &form).await;
    app.deliver_mail().await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let (text, _, parsed) = mail_bodies(&messages[0]);
    use mailparse::MailHeaderMap;
    assert_eq!(
        parsed.headers.get_first_value("Subject").as_deref(),
        Some("Your access to the Digital Driving Licence")
    );
    assert!(text.starts_with("Hello Sam Lee"), "{text}");
}

#[tokio::test]
async fn mail_queued_while_the_smtp_server_is_down_arrives_once_it_is_back() {
    let mut smtp = SmtpServer::start();
    let (port, dir) = (smtp.port, smtp.dir.clone());
    let app = spawn_with_smtp(&smtp).await;
    smtp.stop();
    let id = app
        .create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;

    let response = app
        .call(
            &admin,
            "admin/users/access-mail",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());

    // The worker tries, fails and keeps the mail for later.
    let mut row = None;
    for _ in 0..100 {
        let rows = outbox::Entity::find().all(&app.db).await.unwrap();
        if rows.first().is_some_and(|r| r.attempts >= 1) {
            row = rows.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = row.expect("a failed attempt was recorded");
    assert_eq!(row.status, outbox::STATUS_PENDING);
    assert!(row.last_error.is_some());

    let smtp = SmtpServer::start_on(port, dir);
    // The retry is due after the back-off (real time: the system clock); once the row is sent,
    // no worker can claim it again.
    let row = sent(&app, row.id).await;
    assert!(row.attempts >= 2);
    // With the server stopped, its worker has finished whatever it was sending: the Maildir
    // holds every message there will ever be.
    app.shutdown().await;
    assert_eq!(
        smtp.messages().len(),
        1,
        "delivered once, not once per attempt"
    );
}

/// Waits until the outbox row has left the queue and returns it; fails if it is not sent.
async fn sent(app: &TestApp, id: uuid::Uuid) -> outbox::Model {
    for _ in 0..300 {
        let row = outbox::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if row.status != outbox::STATUS_PENDING {
            assert_eq!(row.status, outbox::STATUS_SENT, "{:?}", row.last_error);
            return row;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the mail was still queued after 30 s");
}

#[tokio::test]
async fn two_instances_never_send_one_mail_twice() {
    let smtp = SmtpServer::start();
    let database = Arc::new(TestDatabase::create().await);
    let first = TestApp::spawn_on(database.clone(), Clock::System, |c| smtp.configure(c))
        .await
        .unwrap();
    let second = TestApp::spawn_on(database.clone(), Clock::System, |c| smtp.configure(c))
        .await
        .unwrap();

    const MAILS: usize = 40;
    let txn = first.db.begin().await.unwrap();
    for n in 0..MAILS {
        enqueue(
            &txn,
            &first.ctx,
            OutgoingMail {
                to: Some(format!("person{n}@stadt.example")),
                person: uuid::Uuid::nil(),
                locale: Locale::De,
                template: "password_reset",
                context: serde_json::json!({ "name": format!("Person {n}"), "link": "http://x/password/set/abc",
                    "organisation": "Stadt", "valid_hours": 2, "valid_days": 7 }),
                idempotency_key: None,
                list_unsubscribe: None,
                attachment: None,
            },
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();

    // Four workers race for the rows: both instances' background workers and two drains. This
    // races on SQLite too: each instance has a connection of its own to the file, and the
    // claims of the two interleave statement by statement.
    let (a, b) = tokio::join!(first.worker.drain(), second.worker.drain());
    a.unwrap();
    b.unwrap();
    // Nothing due is left (a row a background worker still holds is waited for) ...
    first.deliver_mail().await;
    let rows = outbox::Entity::find().all(&first.db).await.unwrap();
    // ... and with both instances stopped, no worker is left that could still be sending a
    // duplicate: the Maildir is complete, without sleeping on it.
    first.shutdown().await;
    second.shutdown().await;
    let messages = smtp.messages();

    let ids: Vec<String> = messages.iter().map(|m| message_id(m).unwrap()).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), MAILS, "every mail arrived exactly once");
    assert_eq!(unique.len(), MAILS, "no Message-ID twice");
    assert!(
        rows.iter()
            .all(|r| r.status == outbox::STATUS_SENT && r.attempts == 1),
        "one attempt each"
    );
    let expected: HashSet<String> = rows.into_iter().map(|r| r.message_id).collect();
    assert_eq!(
        unique.into_iter().cloned().collect::<HashSet<_>>(),
        expected
    );
}

#[tokio::test]
async fn mail_that_can_never_be_delivered_stops_being_retried() {
    let app = TestApp::spawn_with(|c| c.mail.max_attempts = 2).await;
    let txn = app.db.begin().await.unwrap();
    enqueue(
        &txn,
        &app.ctx,
        OutgoingMail {
            to: Some("kein gültiger empfänger".into()),
            person: uuid::Uuid::nil(),
            locale: Locale::De,
            template: "password_reset",
            context: serde_json::json!({ "name": "X", "link": "l", "organisation": "o", "valid_hours": 2, "valid_days": 7 }),
            idempotency_key: None,
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    app.deliver_mail().await;
    let row = outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, outbox::STATUS_FAILED);
    assert_eq!(row.attempts, 1);
    assert!(app.mailbox.as_ref().unwrap().messages().is_empty());
}

fn keyed_mail(key: &str) -> OutgoingMail {
    OutgoingMail {
        to: Some("erika@stadt.example".into()),
        person: uuid::Uuid::nil(),
        locale: Locale::De,
        template: "password_reset",
        context: serde_json::json!({ "name": "X", "link": "l", "organisation": "o", "valid_hours": 2, "valid_days": 7 }),
        idempotency_key: Some(key.into()),
        list_unsubscribe: None,
        attachment: None,
    }
}

#[tokio::test]
async fn an_idempotency_key_queues_a_mail_only_once() {
    let app = TestApp::spawn().await;
    let mut queued = Vec::new();
    for _ in 0..2 {
        let txn = app.db.begin().await.unwrap();
        queued.push(
            enqueue(&txn, &app.ctx, keyed_mail("reminder:42:60"))
                .await
                .unwrap(),
        );
        txn.commit().await.unwrap();
    }
    assert_eq!(
        queued,
        [true, false],
        "the second enqueue reports the duplicate"
    );
    assert_eq!(outbox::Entity::find().all(&app.db).await.unwrap().len(), 1);
}

/// Two instances queue one reminder in the same moment. The second transaction's insert waits
/// for the first (PostgreSQL: on the unique index; SQLite: for the write lock) and then queues
/// nothing: it commits, rather than failing on the index and losing the rest of its work.
#[tokio::test]
async fn two_transactions_queueing_one_key_at_once_both_commit_with_one_mail() {
    let app = TestApp::spawn().await;
    let key = "certificate-reminder-60-race";
    let first = app.db.begin().await.unwrap();
    assert!(enqueue(&first, &app.ctx, keyed_mail(key)).await.unwrap());

    let (db, ctx) = (app.db.clone(), app.ctx.clone());
    let second = tokio::spawn(async move {
        let txn = db.begin().await.map_err(|e| e.to_string())?;
        // Something else the caller's transaction did, which must survive the duplicate.
        let other = enqueue(&txn, &ctx, keyed_mail("other-work"))
            .await
            .map_err(|e| format!("{e:?}"))?;
        let queued = enqueue(&txn, &ctx, keyed_mail(key))
            .await
            .map_err(|e| format!("{e:?}"))?;
        txn.commit().await.map_err(|e| e.to_string())?;
        Ok::<(bool, bool), String>((other, queued))
    });
    // Let the second transaction reach its insert while the first still holds the key.
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.commit().await.unwrap();
    let second = tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("the second transaction finishes")
        .unwrap();
    assert_eq!(
        second,
        Ok((true, false)),
        "the second transaction commits and queues no duplicate"
    );
    let rows = outbox::Entity::find().all(&app.db).await.unwrap();
    let keys: Vec<Option<String>> = rows.iter().map(|r| r.idempotency_key.clone()).collect();
    assert_eq!(rows.len(), 2, "one mail per key: {keys:?}");
}
