//! The employee import as a security boundary: it manages employees' master data and never
//! takes over, locks out or re-addresses an account only an administrator may change; mass
//! deactivations need a second look; an administrator's email change ends the account's access;
//! the audit log names the changed fields, not their values; large files are previewed as
//! counts plus samples.

use app::auth::Role;
use app::auth::server::{PURPOSE_INVITATION, hash_password, issue_token, roles_of, set_roles};
use app::db::{audit_log, employee_import, one_time_token, outbox, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;
use tests::{PASSWORD, TestApp};
use uuid::Uuid;

use crate::reports::{hr_with_organisation, preview, upload};

const HEADER: &str = "Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit;Aktiv\n";

async fn by_number(app: &TestApp, number: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::PersonnelNumber.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account with personnel number {number}"))
}

async fn by_id(app: &TestApp, id: Uuid) -> user::Model {
    user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

fn id_of(location: &str) -> &str {
    location.rsplit('/').next().unwrap()
}

async fn apply(app: &TestApp, client: &reqwest::Client, location: &str, confirm: bool) -> u16 {
    let mut form = vec![("id", id_of(location))];
    if confirm {
        form.push(("confirm_mass_deactivation", "on"));
    }
    app.call(client, "organisation/import/apply", &form)
        .await
        .status()
        .as_u16()
}

/// Ten people who are in every file, unchanged.
fn colleagues() -> String {
    (2010..2020)
        .map(|n| format!("{n};Kollege;K{n};k{n}@stadt.example;FB 10;ja\n"))
        .collect()
}

async fn audit(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_never_takes_over_locks_out_or_readdresses_accounts_only_an_admin_may_change() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;
    let admin = app
        .create_user("admin@stadt.example", &[Role::Employee, Role::Admin])
        .await;
    let first = format!(
        "{HEADER}2001;Lang;Lea;lea@stadt.example;FB 10;ja\n\
         2002;Neu;Tom;tom@stadt.example;FB 10;ja\n\
         2003;Alt;Ida;ida@stadt.example;FB 10;ja\n\
         2004;Berg;Max;max@stadt.example;FB 10;ja\n\
         2005;Kurz;Eva;eva@stadt.example;FB 10;ja\n\
         2006;Roth;Udo;udo@stadt.example;FB 10;ja\n\
         2007;Weg;Kai;kai@stadt.example;FB 10;ja\n{}",
        colleagues()
    );
    let location = upload(&app, &hr, "erste.csv", first.clone().into_bytes()).await;
    assert_eq!(apply(&app, &hr, &location, false).await, 200);

    // Lea logs in; Tom has an open invitation; Ida becomes an auditor, Max a scout who was
    // locked by an admin, Udo works in HR.
    let lea = by_number(&app, "2001").await;
    let mut model: user::ActiveModel = lea.clone().into();
    model.password_hash = Set(Some(hash_password(PASSWORD.to_owned()).await.unwrap()));
    model.update(&app.db).await.unwrap();
    let response = app
        .login(&app.client(), "lea@stadt.example", PASSWORD)
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert!(
        by_id(&app, lea.id).await.last_login_at.is_some(),
        "a login is recorded"
    );
    let tom = by_number(&app, "2002").await;
    issue_token(
        &app.db,
        tom.id,
        PURPOSE_INVITATION,
        chrono::Duration::days(7),
        app.clock.now(),
    )
    .await
    .unwrap();
    let ida = by_number(&app, "2003").await;
    set_roles(&app.db, ida.id, &[Role::Employee, Role::Auditor])
        .await
        .unwrap();
    let max = by_number(&app, "2004").await;
    set_roles(&app.db, max.id, &[Role::Employee, Role::Scout])
        .await
        .unwrap();
    let mut model: user::ActiveModel = max.clone().into();
    model.active = Set(false);
    model.update(&app.db).await.unwrap();
    let udo = by_number(&app, "2006").await;
    set_roles(&app.db, udo.id, &[Role::Employee, Role::Hr])
        .await
        .unwrap();
    let (eva, kai) = (by_number(&app, "2005").await, by_number(&app, "2007").await);
    // An employee account an admin created by hand is still adopted by its address.
    let hand = app
        .create_user("hanna.hand@stadt.example", &[Role::Employee])
        .await;

    // (personnel number in the file, what the row tries, the reason it needs an administrator)
    let held: &[(&str, &str, &str)] = &[
        (
            "9001",
            "adopts the admin by email",
            "import-held-adopt-privileged",
        ),
        (
            "2001",
            "re-addresses a used account",
            "import-held-email-used",
        ),
        (
            "2003",
            "locks out an auditor",
            "import-held-deactivate-privileged",
        ),
        (
            "2004",
            "unlocks a locked scout",
            "import-held-reactivate-privileged",
        ),
        (
            "2006",
            "locks out HR by leaving them out",
            "import-held-deactivate-privileged",
        ),
    ];
    let second = format!(
        "{HEADER}9001;Admin;Anna;admin@stadt.example;FB 10;ja\n\
         2001;Lang;Lea;lea.privat@stadt.example;FB 10;ja\n\
         2002;Neu;Tom;tom.neu@stadt.example;FB 10;ja\n\
         2003;Alt;Ida;ida@stadt.example;FB 10;nein\n\
         2004;Berg;Max;max@stadt.example;FB 10;ja\n\
         2005;Neuname;Eva;eva@stadt.example;FB 20;ja\n\
         2008;Hand;Hanna;hanna.hand@stadt.example;FB 10;ja\n{}",
        colleagues()
    );
    let location = upload(&app, &hr, "zweite.csv", second.into_bytes()).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["problems"], Value::Array(vec![]), "{plan}");
    assert_eq!(plan["held_total"], held.len(), "{plan}");
    for (number, case, reason) in held {
        let entry = plan["held"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["person"]["personnel_number"] == *number)
            .unwrap_or_else(|| panic!("{case}: not held: {plan}"));
        assert_eq!(entry["reasons"], serde_json::json!([reason]), "{case}");
    }
    assert_eq!(
        plan["updates_total"], 3,
        "Tom's new address, Eva's name, Hanna adopted: {plan}"
    );
    assert_eq!(plan["deactivations_total"], 1, "Kai: {plan}");
    assert_eq!(plan["mass_deactivation"], false, "{plan}");
    let (status, page) = app.page(&hr, &location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Braucht eine Administratorin oder einen Administrator")
            && page.contains("Die Anmelde-E-Mail eines Kontos, mit dem sich schon jemand"),
        "the page has the section: {page}"
    );

    assert_eq!(apply(&app, &hr, &location, false).await, 200);
    let admin_now = by_id(&app, admin).await;
    assert_eq!(admin_now.email.as_deref(), Some("admin@stadt.example"));
    assert_eq!(admin_now.personnel_number, None);
    assert_eq!(
        roles_of(&app.db, admin).await.unwrap(),
        vec![Role::Employee, Role::Admin]
    );
    assert_eq!(
        by_id(&app, lea.id).await.email.as_deref(),
        Some("lea@stadt.example")
    );
    assert!(by_id(&app, ida.id).await.active, "the auditor stays");
    assert!(!by_id(&app, max.id).await.active, "the scout stays locked");
    assert!(by_id(&app, udo.id).await.active, "HR stays");
    assert!(!by_id(&app, kai.id).await.active, "Kai left");
    assert_eq!(by_id(&app, eva.id).await.display_name, "Eva Neuname");
    // Tom never logged in: HR corrects his address, and his old invitation stops working.
    assert_eq!(
        by_id(&app, tom.id).await.email.as_deref(),
        Some("tom.neu@stadt.example")
    );
    let open_links = one_time_token::Entity::find()
        .filter(one_time_token::Column::UserId.eq(tom.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(open_links, 0, "the invitation to the old address is void");

    // The audit log: one entry per account with the fields that changed, never the values.
    let updated = audit(&app, "employee.updated").await;
    let fields = |id: Uuid| -> Value {
        let entry = updated
            .iter()
            .find(|e| e.target_id.as_deref() == Some(id.to_string().as_str()))
            .unwrap_or_else(|| panic!("no employee.updated for {id}: {updated:?}"));
        serde_json::from_str::<Value>(&entry.details).unwrap()["fields"].clone()
    };
    assert_eq!(fields(eva.id), serde_json::json!(["name", "department"]));
    assert_eq!(fields(tom.id), serde_json::json!(["email"]));
    assert_eq!(
        fields(hand),
        serde_json::json!(["personnel_number", "name", "department"])
    );
    assert_eq!(updated.len(), 3, "{updated:?}");
    assert_eq!(
        by_id(&app, hand).await.personnel_number.as_deref(),
        Some("2008")
    );
    for entry in audit_log::Entity::find().all(&app.db).await.unwrap() {
        for value in ["Neuname", "tom.neu", "stadt.example"] {
            assert!(
                !entry.details.contains(value),
                "{}: {value} in {}",
                entry.action,
                entry.details
            );
        }
    }
    let deactivated = audit(&app, "employee.deactivated").await;
    assert_eq!(deactivated.len(), 1);
    assert_eq!(deactivated[0].target_id, Some(kai.id.to_string()));
    assert_eq!(audit(&app, "employee.created").await.len(), 17);
    let summaries = audit(&app, "employees.imported").await;
    let summary: Value = serde_json::from_str(&summaries[1].details).unwrap();
    assert_eq!(summary["summary"]["skipped"], 5, "{summary}");
    assert_eq!(summary["summary"]["updated"], 3, "{summary}");

    // The second step of the old takeover: the admin's would-be personnel number with another
    // address. It only creates an employee; a password reset to that address reaches no one
    // else's account.
    let third = format!(
        "{HEADER}9001;Admin;Anna;angreifer@stadt.example;FB 10;ja\n\
         2005;Neuname;Eva;eva@stadt.example;FB 20;ja\n{}",
        colleagues()
    );
    let location = upload(&app, &hr, "dritte.csv", third.into_bytes()).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["creates_total"], 1, "{plan}");
    assert_eq!(apply(&app, &hr, &location, true).await, 200);
    let response = app
        .call(
            &app.client(),
            "password/forgot",
            &[("email", "angreifer@stadt.example")],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let admin_now = by_id(&app, admin).await;
    assert_eq!(admin_now.email.as_deref(), Some("admin@stadt.example"));
    let admin_links = one_time_token::Entity::find()
        .filter(one_time_token::Column::UserId.eq(admin))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(
        admin_links, 0,
        "no link for the admin's account went anywhere"
    );
    let newcomer = by_number(&app, "9001").await;
    assert_eq!(
        roles_of(&app.db, newcomer.id).await.unwrap(),
        vec![Role::Employee]
    );
}

#[tokio::test]
async fn an_admin_changing_a_login_email_ends_sessions_voids_links_and_mails_both_addresses() {
    let app = TestApp::spawn().await;
    let (admin, _) = app
        .logged_in("admin@stadt.example", &[Role::Employee, Role::Admin])
        .await;
    let (erika, erika_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    assert_eq!(
        app.whoami(&erika).await.as_deref(),
        Some("erika@stadt.example")
    );
    let id = erika_id.to_string();
    let response = app
        .call(&admin, "admin/users/access-mail", &[("id", id.as_str())])
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let queued_before = outbox::Entity::find().count(&app.db).await.unwrap();

    let form = [
        ("id", id.as_str()),
        ("display_name", "Person erika@stadt.example"),
        ("email", "erika.neu@stadt.example"),
        ("department_id", ""),
        ("locale", "de"),
        ("role_employee", "on"),
    ];
    let response = app.call(&admin, "admin/users/update", &form).await;
    assert!(response.status().is_success(), "{}", response.status());

    assert_eq!(app.whoami(&erika).await, None, "every session ended");
    let open_links = one_time_token::Entity::find()
        .filter(one_time_token::Column::UserId.eq(erika_id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(open_links, 0, "the reset link sent before is void");
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("email_changed"))
        .all(&app.db)
        .await
        .unwrap();
    let mut recipients: Vec<&str> = mails.iter().map(|m| m.recipient.as_str()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        vec!["erika.neu@stadt.example", "erika@stadt.example"]
    );
    assert_eq!(
        outbox::Entity::find().count(&app.db).await.unwrap(),
        queued_before + 2
    );
    for mail in &mails {
        assert!(
            !mail.body_text.contains("/password/set/")
                && !mail.body_html.contains("/password/set/"),
            "no secret in the mail"
        );
        assert!(
            mail.subject.contains("Anmelde-E-Mail-Adresse"),
            "{}",
            mail.subject
        );
    }
    let updated = audit(&app, "user.updated").await;
    assert_eq!(updated.len(), 1);
    assert_eq!(
        serde_json::from_str::<Value>(&updated[0].details).unwrap()["fields"],
        serde_json::json!(["email"])
    );
    assert!(
        !updated[0].details.contains("erika"),
        "no address in the log"
    );
    // The new address logs in; the old one no longer does.
    let client = app.client();
    assert!(
        app.login(&client, "erika.neu@stadt.example", PASSWORD)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.login(&app.client(), "erika@stadt.example", PASSWORD)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_mass_deactivation_is_refused_without_confirmation_and_applied_with_it() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;
    let everyone: String = (3001..3026)
        .map(|n| format!("{n};Person;P{n};p{n}@stadt.example;FB 10;ja\n"))
        .collect();
    let location = upload(
        &app,
        &hr,
        "alle.csv",
        format!("{HEADER}{everyone}").into_bytes(),
    )
    .await;
    assert_eq!(apply(&app, &hr, &location, false).await, 200);
    let active = || {
        user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .count(&app.db)
    };
    assert_eq!(active().await.unwrap(), 26);

    // An export of one unit only: 22 of 26 people would leave.
    let partial: String = everyone.lines().take(3).map(|l| format!("{l}\n")).collect();
    let location = upload(
        &app,
        &hr,
        "teil.csv",
        format!("{HEADER}{partial}").into_bytes(),
    )
    .await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["mass_deactivation"], true, "{plan}");
    assert_eq!(plan["deactivating"], 22, "{plan}");
    assert_eq!(plan["active_accounts"], 26, "{plan}");
    let (_, page) = app.page(&hr, &location).await;
    assert!(
        page.contains("Achtung: Diese Liste deaktiviert 22 von 26 aktiven Konten")
            && page.contains("name=\"confirm_mass_deactivation\""),
        "an alert and a checkbox: {page}"
    );

    let response = app
        .call(
            &hr,
            "organisation/import/apply",
            &[("id", id_of(&location))],
        )
        .await;
    // Refused on the checkbox's field, like any unfilled required field.
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(
        body.to_string()
            .contains("import-mass-deactivation-unconfirmed"),
        "{body}"
    );
    assert_eq!(active().await.unwrap(), 26, "nothing changed");
    let import = employee_import::Entity::find_by_id(id_of(&location).parse::<Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(import.applied_at, None, "the import can be tried again");

    assert_eq!(apply(&app, &hr, &location, true).await, 200);
    assert_eq!(active().await.unwrap(), 4);
    assert_eq!(audit(&app, "employee.deactivated").await.len(), 22);

    // The complete list again brings everyone back; no confirmation needed for that.
    let location = upload(
        &app,
        &hr,
        "alle.csv",
        format!("{HEADER}{everyone}").into_bytes(),
    )
    .await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["mass_deactivation"], false, "{plan}");
    assert_eq!(plan["updates_total"], 22, "{plan}");
    assert_eq!(apply(&app, &hr, &location, false).await, 200);
    assert_eq!(active().await.unwrap(), 26);
    let back = by_number(&app, "3025").await;
    assert_eq!(back.deactivated_at, None);
    assert_eq!(audit(&app, "employee.reactivated").await.len(), 22);
}

#[tokio::test]
async fn a_large_file_is_previewed_as_counts_and_samples_with_the_right_line_numbers() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;
    // 3,000 people, a blank line after every hundredth, Windows line ends.
    let mut text = HEADER.replace('\n', "\r\n");
    let mut line = 1;
    let mut line_of_last = 0;
    for n in 0..3000 {
        text.push_str(&format!(
            "{};Person;P{n};p{n}@stadt.example;FB 10;ja\r\n",
            10_000 + n
        ));
        line += 1;
        line_of_last = line;
        if n % 100 == 99 {
            text.push_str("\r\n");
            line += 1;
        }
    }
    let location = upload(&app, &hr, "gross.csv", text.clone().into_bytes()).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["rows"], 3000);
    assert_eq!(plan["creates_total"], 3000);
    let creates = plan["creates"].as_array().unwrap();
    assert_eq!(creates.len(), app::organisation::IMPORT_PREVIEW_LIMIT);
    // The 200th person is on line 202: after the header, 199 people and one blank line.
    assert_eq!(creates[199]["line"], 202);
    let (status, page) = app.page(&hr, &location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("… und 2800 weitere."),
        "the page says what is not shown"
    );

    // A broken last line is found at its line.
    text.push_str("99999;Person;Letzte;keine-adresse;FB 10;ja\r\n");
    let location = upload(&app, &hr, "kaputt.csv", text.into_bytes()).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["problems_total"], 1, "{}", plan["problems"]);
    assert_eq!(plan["problems"][0]["line"], line_of_last + 2);
}
