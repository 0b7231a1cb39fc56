//! The Digitaler Führerschein certificate over HTTP: issued exactly once with the deciding quiz
//! result, PDF and mail, the public verification page, the signed credential checked by an
//! independent implementation, revocation, expiry, reminders and renewal.

use app::content::HasContent;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use app::auth::Role;
use app::context::Clock;
use app::db::{certificate, outbox};
use base64::Engine;
use chrono::{Datelike, Months};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tests::learning::{answer_all_right, pass, start, submit};
use tests::{TestApp, visible_text};
use uuid::Uuid;

fn fixture_content(config: &mut server::Config) {
    config.content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content-valid");
}

/// A logged-in learner called Erika Mustermann.
async fn erika(app: &TestApp, email: &str) -> (reqwest::Client, Uuid) {
    use sea_orm::{ActiveModelTrait, Set};
    let (client, user) = app.logged_in(email, &[Role::Employee]).await;
    app::db::user::ActiveModel {
        id: Set(user),
        display_name: Set("Erika Mustermann".to_owned()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    (client, user)
}

async fn certificates_of(app: &TestApp, user: Uuid) -> Vec<certificate::Model> {
    certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user))
        .order_by_asc(certificate::Column::IssuedAt)
        .all(&app.db)
        .await
        .unwrap()
}

fn tool(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools")
        .join(name)
}

fn python() -> String {
    std::env::var("FS_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fs-cert-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The text of a PDF as `pdftotext` (poppler) extracts it, and a check that `pdftoppm` renders
/// its page.
fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let path = temp_file("certificate.pdf", pdf);
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    let png = path.with_extension("");
    let render = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm is installed");
    assert!(render.success(), "pdftoppm failed");
    let image = std::fs::read(png.with_extension("png")).unwrap();
    assert!(
        image.starts_with(b"\x89PNG") && image.len() > 2000,
        "a rendered page"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn passing_the_last_mandatory_module_issues_the_certificate_with_pdf_mail() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = erika(&app, "erika@stadt.example").await;

    pass(&app, &client, "beispiel").await;
    let issued = certificates_of(&app, user).await;
    assert_eq!(issued.len(), 1, "the basis certificate, once");
    let basis = &issued[0];
    assert_eq!(basis.level, "basis");
    assert_eq!(basis.status, "active");
    let year = app.clock.now().year();
    // Numbers are random, not counted: nobody can walk through them.
    assert!(
        basis.number.starts_with(&format!("DF-{year}-")) && basis.number.len() == 17,
        "{}",
        basis.number
    );
    assert!(basis.public_id.len() >= 22, "a 128-bit public id");
    // The module must be refreshed after 12 months: the certificate ends then, not after 24.
    assert_eq!(
        basis.valid_until.date_naive(),
        app.clock
            .now()
            .checked_add_months(Months::new(12))
            .unwrap()
            .date_naive()
    );

    // The mail carries the PDF; its text names the person, the level and the number.
    app.deliver_mail().await;
    let mails = app.mailbox.as_ref().unwrap().messages();
    let mail = mails
        .iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains("Ihr Zertifikat"))
        .expect("the issuing mail");
    let parsed = mailparse::parse_mail(&mail.raw).unwrap();
    let pdf = parsed
        .parts()
        .find(|p| p.ctype.mimetype == "application/pdf")
        .expect("a PDF attachment")
        .get_body_raw()
        .unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Erika Mustermann",
        "Digitaler Führerschein – Basis",
        &basis.number,
    ] {
        assert!(
            text.contains(expected),
            "the PDF text lacks {expected:?}:\n{text}"
        );
    }

    // The holder downloads it in English too; nobody else can.
    let response = app
        .get(
            &client,
            &format!("/certificates/{}/certificate.pdf?lang=en", basis.public_id),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let english = pdf_text(&response.bytes().await.unwrap());
    assert!(
        english.contains("Digital Driving Licence – Basic"),
        "{english}"
    );
    let (other, _) = app.logged_in("max@stadt.example", &[Role::Employee]).await;
    for path in ["certificate.pdf", "credential.jwt"] {
        let response = app
            .get(&other, &format!("/certificates/{}/{path}", basis.public_id))
            .await;
        assert_eq!(response.status(), 404, "{path} of someone else");
    }

    // Passing again at once renews nothing; the elective then reaches "plus".
    pass(&app, &client, "beispiel").await;
    assert_eq!(certificates_of(&app, user).await.len(), 1);
    pass(&app, &client, "aufbau").await;
    let all = certificates_of(&app, user).await;
    assert_eq!(
        all.iter().map(|c| c.level.as_str()).collect::<Vec<_>>(),
        ["basis", "plus"]
    );
    assert!(
        all[1].number.starts_with(&format!("DF-{year}-")) && all[1].number != all[0].number,
        "{}",
        all[1].number
    );

    // "Mein Führerschein" lists both, with downloads.
    let (status, page) = app.page(&client, "/certificate").await;
    assert_eq!(status, 200);
    for expected in [
        "Digitaler Führerschein – Basis",
        "Digitaler Führerschein – Plus",
        &all[0].number,
        &format!("/certificates/{}/credential.jwt", all[0].public_id),
    ] {
        assert!(page.contains(expected), "the page lacks {expected}");
    }
}

/// The issuing transaction holds the lock on the status-list counter: it queues the mail with
/// the certificate but does not render the PDF. The outbox worker renders it when it sends the
/// mail (off the async runtime), stores it with the mail, and sends that file.
#[tokio::test]
async fn the_pdf_is_rendered_when_the_mail_is_sent_not_while_the_certificate_is_issued() {
    use sea_orm::{ActiveModelTrait, Set, TransactionTrait};
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = erika(&app, "erika@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    app.deliver_mail().await;
    // Revoked, so that the learner's passes earn the level once more, in a transaction of the
    // test's own that the outbox worker cannot see into.
    let first = certificates_of(&app, user).await.remove(0);
    certificate::ActiveModel {
        id: Set(first.id),
        status: Set(certificate::STATUS_REVOKED.to_owned()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();

    let txn = app.db.begin().await.unwrap();
    let issued = app::certificate::server::issue_due(&txn, &app.ctx, user)
        .await
        .unwrap();
    assert_eq!(issued.len(), 1, "the basis certificate again");
    let key = format!("certificate-issued-{}", issued[0].id);
    let queued = outbox::Entity::find()
        .filter(outbox::Column::IdempotencyKey.eq(key.as_str()))
        .one(&txn)
        .await
        .unwrap()
        .expect("the mail is queued in the issuing transaction");
    assert!(
        queued.attachment.is_none(),
        "no PDF is rendered in the issuing transaction"
    );
    assert_eq!(queued.attachment_type.as_deref(), Some("application/pdf"));
    assert_eq!(
        queued.attachment_name,
        Some(format!("Zertifikat-{}.pdf", issued[0].number))
    );
    assert!(queued.attachment_source.is_some(), "it names its PDF");
    txn.commit().await.unwrap();

    app.deliver_mail().await;
    let sent = outbox::Entity::find()
        .filter(outbox::Column::IdempotencyKey.eq(key.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.status, outbox::STATUS_SENT);
    let stored = sent
        .attachment
        .expect("the worker stores the PDF with the mail");
    let mails = app.mailbox.as_ref().unwrap().messages();
    let mail = mails
        .iter()
        .find(|m| String::from_utf8_lossy(&m.raw).contains(&issued[0].number))
        .expect("the second issuing mail");
    let parsed = mailparse::parse_mail(&mail.raw).unwrap();
    let pdf = parsed
        .parts()
        .find(|p| p.ctype.mimetype == "application/pdf")
        .expect("a PDF attachment")
        .get_body_raw()
        .unwrap();
    assert_eq!(pdf, stored, "the mail carries the stored PDF");
    assert!(pdf_text(&pdf).contains(&issued[0].number));
}

#[tokio::test]
async fn two_final_submissions_at_once_issue_one_certificate() {
    // The shipped curriculum: five mandatory modules. Three are passed one by one, the last two
    // are submitted at the same moment; each of the two could be the deciding one.
    // A race only on PostgreSQL: on SQLite the single writer connection runs the two submissions one
    // after the other, which checks that the second does not issue again, but not the race.
    let app = TestApp::spawn().await;
    app.database
        .can_race("two_final_submissions_at_once_issue_one_certificate");
    let mandatory: Vec<String> = app
        .ctx
        .content()
        .modules
        .iter()
        .filter(|m| m.mandatory)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(mandatory.len(), 5);
    for round in 0..3 {
        let (client, user) = app
            .logged_in(&format!("person{round}@stadt.example"), &[Role::Employee])
            .await;
        for module in &mandatory[..3] {
            pass(&app, &client, module).await;
        }
        assert!(certificates_of(&app, user).await.is_empty());
        let fourth = start(&app, &client, &mandatory[3], false).await;
        answer_all_right(&app, &client, fourth).await;
        let fifth = start(&app, &client, &mandatory[4], false).await;
        answer_all_right(&app, &client, fifth).await;
        // On PostgreSQL the last round sends the two submissions to two server instances.
        let other = if round == 2 && app.database.is_postgres() {
            Some(
                TestApp::spawn_on(app.database.clone(), app.clock.clone(), |_| {})
                    .await
                    .expect("second instance"),
            )
        } else {
            None
        };
        let second_app = other.as_ref().unwrap_or(&app);
        let (a, b) = tokio::join!(
            submit(&app, &client, fourth),
            submit(second_app, &client, fifth)
        );
        assert!(a.status().is_success() && b.status().is_success());
        let issued = certificates_of(&app, user).await;
        assert_eq!(issued.len(), 1, "round {round}: exactly one certificate");
        assert_eq!(issued[0].level, "basis");
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Template.eq("certificate_issued"))
            .filter(
                outbox::Column::IdempotencyKey.eq(format!("certificate-issued-{}", issued[0].id)),
            )
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(mails, 1, "round {round}: one issuing mail");
    }
}

#[tokio::test]
async fn the_verification_page_shows_nothing_beyond_name_level_dates_and_status() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = erika(&app, "erika.mustermann@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    let model = certificates_of(&app, user).await.remove(0);

    let visitor = app.client();
    let (status, page) = app
        .page(&visitor, &format!("/verify/{}", model.public_id))
        .await;
    assert_eq!(status, 200);
    let text = visible_text(&page);
    for expected in [
        "Erika Mustermann",
        "Digitaler Führerschein – Basis",
        &model.issued_at.format("%d.%m.%Y").to_string(),
        &model.valid_until.format("%d.%m.%Y").to_string(),
        "echt und gültig",
    ] {
        assert!(text.contains(expected), "the page lacks {expected}");
    }
    // The person's other data: address, module, competences, score, certificate number, roles.
    let content = app.ctx.content();
    let module = content.module("beispiel").unwrap();
    let mut other: Vec<String> = vec![
        "erika.mustermann@stadt.example".into(),
        "stadt.example".into(),
        module.title.de.clone(),
        model.number.clone(),
        "100".into(),
    ];
    other.extend(
        module
            .proves
            .iter()
            .filter_map(|(id, _)| content.competence(id))
            .map(|c| c.title.de.clone()),
    );
    // The page and the data it hydrates from.
    let json = app
        .call(
            &visitor,
            "verify/certificate",
            &[("public_id", &model.public_id)],
        )
        .await
        .text()
        .await
        .unwrap();
    for secret in &other {
        assert!(!page.contains(secret.as_str()), "the page shows {secret}");
        assert!(!json.contains(secret.as_str()), "the data shows {secret}");
    }

    // Unknown ids say so; the number form with the surname leads to the page.
    let (status, unknown) = app.page(&visitor, "/verify/gibt-es-nicht").await;
    assert_eq!(status, 200);
    assert!(unknown.contains("Dieses Zertifikat gibt es nicht"));
    let response = app
        .post_form(
            &visitor,
            "/api/verify/lookup",
            "/verify",
            &[
                ("number", &model.number.to_lowercase()),
                ("surname", "mustermann"),
            ],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        format!("/verify/{}", model.public_id)
    );
    // The number alone, or with another name, shows nothing: not even whose it is.
    for surname in ["", "Musterfrau", "Erika"] {
        let response = app
            .call(
                &visitor,
                "verify/lookup",
                &[("number", &model.number), ("surname", surname)],
            )
            .await;
        assert_eq!(response.status(), 422, "surname {surname:?}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("Mustermann"), "{body}");
        assert!(!body.contains(&model.public_id), "{body}");
    }
}

#[tokio::test]
async fn views_of_a_genuine_certificate_are_not_limited_but_failed_look_ups_are() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = erika(&app, "erika@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    let model = certificates_of(&app, user).await.remove(0);
    let visitor = app.client();
    // Its QR code leads here; a hundred views (a busy reception desk) all show it.
    for n in 0..100 {
        let response = app
            .call(
                &visitor,
                "verify/certificate",
                &[("public_id", &model.public_id)],
            )
            .await;
        assert_eq!(response.status(), 200, "view {n}");
    }
    // Guessing addresses counts as failures, like guessing numbers.
    for n in 0..30 {
        let response = app
            .call(
                &visitor,
                "verify/certificate",
                &[("public_id", &format!("geraten-{n}"))],
            )
            .await;
        assert_eq!(response.status(), 404, "guess {n}");
    }
    let response = app
        .call(
            &visitor,
            "verify/certificate",
            &[("public_id", &model.public_id)],
        )
        .await;
    assert_eq!(
        response.status(),
        429,
        "after 30 failures this address waits"
    );
}

#[tokio::test]
async fn failed_look_ups_are_throttled_per_address_and_for_everyone() {
    let app = TestApp::spawn_with(fixture_content).await;
    // A made-up number with a surname: the status of the look-up.
    let look_up = |client: reqwest::Client, n: usize| {
        let app = &app;
        async move {
            let number = format!("DF-2026-{n:06}");
            app.call(
                &client,
                "verify/lookup",
                &[("number", &number), ("surname", "Mustermann")],
            )
            .await
            .status()
            .as_u16()
        }
    };
    let visitor = app.client();
    let mut statuses = Vec::new();
    for n in 0..32 {
        statuses.push(look_up(visitor.clone(), n).await);
    }
    assert!(statuses[..30].iter().all(|s| *s == 422), "{statuses:?}");
    assert_eq!(statuses[31], 429, "{statuses:?}");
    // Another address is not affected by this one's failures ...
    let elsewhere = app.client_from("127.0.0.2".parse().unwrap());
    assert_eq!(look_up(elsewhere, 999_999).await, 422);
    // ... but many addresses together meet the global limit: 300 failures a quarter hour.
    let mut last = 0;
    for address in 3..=15u8 {
        let client = app.client_from(format!("127.0.0.{address}").parse().unwrap());
        for n in 0..25 {
            last = look_up(client.clone(), n).await;
        }
    }
    assert_eq!(last, 429, "the global limit of failed look-ups holds");
}

fn upload(token: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(token.as_bytes().to_vec()).file_name("nachweis.jwt"),
        )
        .text("text", "")
}

async fn check_upload(app: &TestApp, token: &str) -> String {
    let response = app
        .client()
        .post(app.url("/verify/credential"))
        .header("Origin", &app.address)
        .header("Sec-Fetch-Site", "same-origin")
        .multipart(upload(token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// `fuehrerschein credential verify FILE` against the app's database; true for exit code 0.
async fn cli_verify(app: &TestApp, token: &str) -> bool {
    let file = temp_file("nachweis.jwt", token.as_bytes());
    let config_file = temp_file(
        "fuehrerschein.toml",
        format!(
            "database_url = {:?}\nbase_url = {:?}\ndemo_data = false\ndata_dir = {:?}\ncontent_dir = {:?}\n",
            app.config.database_url,
            app.config.base_url,
            app.config.data_dir.display().to_string(),
            app.config.content_dir.display().to_string(),
        )
        .as_bytes(),
    );
    let code = server::cli::run_from([
        "fuehrerschein".to_owned(),
        "--config".to_owned(),
        config_file.display().to_string(),
        "credential".to_owned(),
        "verify".to_owned(),
        file.display().to_string(),
    ])
    .await;
    code == ExitCode::SUCCESS
}

/// The app with a manual clock that starts now: the command line checks against the real time.
async fn spawn_now() -> TestApp {
    let database = std::sync::Arc::new(tests::TestDatabase::create().await);
    TestApp::spawn_on(database, Clock::manual(chrono::Utc::now()), fixture_content)
        .await
        .expect("app starts")
}

fn tamper(token: &str) -> String {
    let (head, rest) = token.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();
    let mut claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    claims["validUntil"] = "2099-12-31T00:00:00Z".into();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&claims).unwrap());
    format!("{head}.{payload}.{signature}")
}

#[tokio::test]
async fn the_credential_passes_an_independent_check_and_fails_after_tampering() {
    let app = spawn_now().await;
    let (client, user) = erika(&app, "erika@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    let model = certificates_of(&app, user).await.remove(0);

    let response = app
        .get(
            &client,
            &format!("/certificates/{}/credential.jwt", model.public_id),
        )
        .await;
    assert_eq!(response.status(), 200);
    let token = response.text().await.unwrap();
    let jwks = app
        .get(&app.client(), "/issuer/jwks.json")
        .await
        .text()
        .await
        .unwrap();
    let issuer: serde_json::Value = app
        .get(&app.client(), "/issuer")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(issuer["type"][0], "Profile");
    let issuer_url = format!("{}/issuer", app.address);
    assert_eq!(issuer["id"], issuer_url.as_str());

    // PyJWT with the `cryptography` package: signature, issuer, dates, OB 3.0 structure, and
    // one changed byte refused.
    let credential_file = temp_file("nachweis.jwt", token.as_bytes());
    let jwks_file = temp_file("jwks.json", jwks.as_bytes());
    let out = Command::new(python())
        .arg(tool("check_credential.py"))
        .arg(&credential_file)
        .arg(&jwks_file)
        .arg(&issuer_url)
        .output()
        .expect("python with PyJWT (./dev test installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "independent check: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("\"holder\": \"Erika Mustermann\""),
        "{report}"
    );

    // Our own checks: the upload form and the command line.
    let location = check_upload(&app, &token).await;
    assert_eq!(
        location,
        format!("/verify/{}?credential=valid", model.public_id)
    );
    let location = check_upload(&app, &tamper(&token)).await;
    assert_eq!(location, "/verify?credential=signature");
    let location = check_upload(&app, "kein Nachweis").await;
    assert_eq!(location, "/verify?credential=format");
    assert!(
        cli_verify(&app, &token).await,
        "the command line accepts it"
    );
    assert!(
        !cli_verify(&app, &tamper(&token)).await,
        "and refuses it changed"
    );

    // After its end date the same credential is expired.
    app.clock.advance(chrono::Duration::days(400));
    let location = check_upload(&app, &token).await;
    assert_eq!(
        location,
        format!("/verify/{}?credential=expired", model.public_id)
    );
}

/// The bit of `index` in the published status list.
async fn revoked_in_status_list(app: &TestApp, index: i64) -> bool {
    let token = app
        .get(&app.client(), "/credentials/status")
        .await
        .text()
        .await
        .unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["type"][1], "BitstringStatusListCredential");
    let encoded = claims["credentialSubject"]["encodedList"].as_str().unwrap();
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u').unwrap())
        .unwrap();
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bits)
        .unwrap();
    assert!(bits.len() >= 16 * 1024, "at least 131072 entries");
    let index = usize::try_from(index).unwrap();
    bits[index / 8] & (0x80 >> (index % 8)) != 0
}

#[tokio::test]
async fn an_admin_revokes_with_a_reason_and_every_check_shows_it() {
    let app = spawn_now().await;
    let (client, user) = erika(&app, "erika@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    let model = certificates_of(&app, user).await.remove(0);
    let token = app
        .get(
            &client,
            &format!("/certificates/{}/credential.jwt", model.public_id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!revoked_in_status_list(&app, model.status_index).await);

    // Only admins; a reason is required.
    let form = [
        ("public_id", model.public_id.as_str()),
        ("reason", "Irrtümlich ausgestellt"),
    ];
    let (employee, _) = app
        .logged_in("max@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    assert_eq!(
        app.call(&employee, "admin/certificates/revoke", &form)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.call(&employee, "admin/certificates", &[])
            .await
            .status(),
        403
    );
    let (status, _) = app.page(&employee, "/admin/certificates").await;
    assert_eq!(status, 403);
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let response = app
        .call(
            &admin,
            "admin/certificates/revoke",
            &[("public_id", &model.public_id), ("reason", " ")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = app.call(&admin, "admin/certificates/revoke", &form).await;
    assert!(response.status().is_success() || response.status().is_redirection());

    let (_, page) = app
        .page(&app.client(), &format!("/verify/{}", model.public_id))
        .await;
    assert!(page.contains("wurde widerrufen") && page.contains("Irrtümlich ausgestellt"));
    assert!(revoked_in_status_list(&app, model.status_index).await);
    assert_eq!(
        check_upload(&app, &token).await,
        format!("/verify/{}?credential=revoked", model.public_id)
    );
    assert!(
        !cli_verify(&app, &token).await,
        "the command line refuses it"
    );
    // The staff council sees who revoked what in the audit log.
    let (status, audit) = app.page(&admin, "/audit").await;
    assert_eq!(status, 200);
    assert!(audit.contains("Zertifikat widerrufen") && audit.contains(&model.number));
    // A second revocation is refused.
    assert_eq!(
        app.call(&admin, "admin/certificates/revoke", &form)
            .await
            .status(),
        409
    );
}

#[tokio::test]
async fn reminders_go_out_once_expiry_shows_and_refreshing_renews() {
    let app = TestApp::spawn_with(fixture_content).await;
    let (client, user) = erika(&app, "erika@stadt.example").await;
    pass(&app, &client, "beispiel").await;
    let first = certificates_of(&app, user).await.remove(0);
    let reminders = || async {
        app::certificate::server::send_due_reminders(&app.ctx)
            .await
            .unwrap()
    };
    let until = |days: i64| first.valid_until - chrono::Duration::days(days) - app.clock.now();

    app.clock.advance(until(61));
    assert_eq!(reminders().await, 0, "61 days before: nothing");
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(reminders().await, 1, "60 days before: the first reminder");
    assert_eq!(reminders().await, 0, "and only once");
    app.clock.advance(chrono::Duration::days(30));
    assert_eq!(reminders().await, 0, "30 days before: nothing new");
    app.clock.advance(until(14));
    assert_eq!(reminders().await, 1, "14 days before: the second reminder");
    assert_eq!(reminders().await, 0, "and only once");
    let keys: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("certificate_reminder"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| m.idempotency_key)
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&format!("certificate-reminder-60-{}", first.id)));
    assert!(keys.contains(&format!("certificate-reminder-14-{}", first.id)));
    app.deliver_mail().await;
    let texts: Vec<String> = app
        .mailbox
        .as_ref()
        .unwrap()
        .messages()
        .iter()
        .map(|m| tests::mail_bodies(&m.raw).0)
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("noch 60 Tage gültig") && t.contains("Beispielmodul")),
        "{texts:?}"
    );

    // At valid-until it is expired, on the public page and the learner's page (who has to log
    // in again after a year).
    app.clock.advance(until(0) + chrono::Duration::seconds(1));
    app.login(&client, "erika@stadt.example", tests::PASSWORD)
        .await;
    let (_, page) = app
        .page(&app.client(), &format!("/verify/{}", first.public_id))
        .await;
    assert!(
        page.contains("echt, aber abgelaufen"),
        "expired on the verification page"
    );
    let mine: serde_json::Value = app
        .call(&client, "certificates/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["history"][0]["status"], "Expired", "{mine}");

    // Refreshing the due module renews it; the old one stays in the history.
    tokio::time::sleep(Duration::from_millis(5)).await;
    pass(&app, &client, "beispiel").await;
    let all = certificates_of(&app, user).await;
    assert_eq!(all.len(), 2, "a renewed certificate");
    assert_eq!(all[0].status, "superseded");
    assert_eq!(all[1].status, "active");
    assert!(all[1].valid_until > app.clock.now() + chrono::Duration::days(300));
    let mine: serde_json::Value = app
        .call(&client, "certificates/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = mine["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["Valid", "Superseded"]);
}
