//! The audit log as the staff council reads it: sentences with names in Berlin time, never ids,
//! keys, JSON or a learning result; filters by person, action and period that survive paging;
//! the CSV download for auditors and administrators only, itself logged and safe to open in
//! Excel. And the other half of issue 18's point 6: an import that would deactivate most people
//! needs its box ticked, on the server too (422 on that field).

use app::audit::server::record;
use app::auth::Role;
use app::db::{audit_log, user};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};
use tests::TestApp;
use uuid::Uuid;

use crate::reports::{hr_with_organisation, preview, upload};

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .single()
        .expect("a valid time")
}

async fn person(app: &TestApp, email: &str, name: &str, roles: &[Role]) -> Uuid {
    let id = app.create_user(email, roles).await;
    rename(app, id, name).await;
    id
}

async fn rename(app: &TestApp, id: Uuid, name: &str) {
    let account = user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut active: user::ActiveModel = account.into();
    active.display_name = Set(name.to_owned());
    active.update(&app.db).await.unwrap();
}

async fn log(
    app: &TestApp,
    when: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    target: Option<Uuid>,
    details: Value,
) {
    record(
        &app.db,
        when,
        actor,
        action,
        "user",
        target.map(|t| t.to_string()),
        details,
    )
    .await
    .unwrap();
}

/// The table body of the page: the entries as a reader sees them, without the page's scripts.
fn entries(page: &str) -> String {
    let start = page.find("<tbody>").map(|i| i + 7).unwrap_or(page.len());
    let end = page[start..]
        .find("</tbody>")
        .map(|i| start + i)
        .unwrap_or(start);
    page[start..end].to_owned()
}

fn has_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(36).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
    })
}

/// The cells of one CSV line (semicolons, fields in double quotes when they need them).
fn cells(line: &str) -> Vec<String> {
    let (mut out, mut cell, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (';', false) => out.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    out.push(cell);
    out
}

#[tokio::test]
async fn the_log_reads_as_sentences_with_names_and_berlin_time() {
    let app = TestApp::spawn().await;
    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let petra = person(
        &app,
        "petra@stadt.example",
        "Petra Schneider",
        &[Role::Admin],
    )
    .await;
    let jonas = person(
        &app,
        "jonas@stadt.example",
        "Jonas Weber",
        &[Role::Employee],
    )
    .await;
    let gone = person(&app, "weg@stadt.example", "Wird Gelöscht", &[Role::Hr]).await;
    log(
        &app,
        at(5, 19, 45),
        Some(petra),
        "user.roles_changed",
        Some(jonas),
        json!({ "added": ["hr"], "removed": ["scout"] }),
    )
    .await;
    log(
        &app,
        at(5, 20, 0),
        Some(gone),
        "user.deactivated",
        Some(jonas),
        json!({}),
    )
    .await;
    log(
        &app,
        at(5, 20, 5),
        None,
        "person.erased",
        Some(gone),
        json!({ "rows": 12 }),
    )
    .await;
    record(
        &app.db,
        at(5, 20, 10),
        Some(petra),
        "certificate.revoked",
        "certificate",
        Some("DF-2026-000001".into()),
        json!({ "level": "fortgeschritten" }),
    )
    .await
    .unwrap();
    record(
        &app.db,
        at(5, 20, 15),
        Some(petra),
        "report.exported",
        "report",
        Some("heatmap".into()),
        json!({ "unit": null, "family": null, "format": "xlsx" }),
    )
    .await
    .unwrap();
    // The erased account keeps no name, as the erasure leaves it.
    let account = user::Entity::find_by_id(gone)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut erased: user::ActiveModel = account.into();
    erased.display_name = Set(String::new());
    erased.erased_at = Set(Some(at(5, 20, 5)));
    erased.update(&app.db).await.unwrap();

    let (status, page) = app.page(&auditor, "/audit").await;
    assert_eq!(status, 200);
    let text = entries(&page);
    for expected in [
        "Petra Schneider hat die Rollen für Jonas Weber geändert (dazu: Personalabteilung; entzogen: Digitalscout).",
        "Eine gelöschte Person hat das Konto für Jonas Weber gesperrt.",
        "Das System hat die Daten einer Person gelöscht (12 Datensätze).",
        "Petra Schneider hat den Bericht „Kompetenz-Übersicht nach Organisationseinheit“ als Excel-Datei exportiert (Bereich: gesamte Verwaltung).",
        // 19:45 UTC in December is 20:45 in Berlin.
        "05.12.2026, 20:45 Uhr",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(
        text.contains("Petra Schneider hat das Zertifikat für "),
        "{text}"
    );
    for raw in [
        "{",
        "&quot;",
        "\"added",
        "user.",
        "roles_changed",
        "fortgeschritten",
        "heatmap",
        "UTC",
    ] {
        assert!(!text.contains(raw), "{raw:?} shows in {text}");
    }
    assert!(!has_uuid(&text), "an id shows: {text}");

    // In English, the same entries in English words.
    app.post_form(
        &auditor,
        "/api/preferences/language",
        "/audit",
        &[("locale", "en"), ("back", "/audit")],
    )
    .await;
    let response = app.get(&auditor, "/audit").await;
    let text = entries(&response.text().await.unwrap());
    assert!(
        text.contains("The system erased the data of a person (12 records)."),
        "{text}"
    );
    assert!(
        text.contains("A deleted person deactivated the account of Jonas Weber."),
        "{text}"
    );
}

#[tokio::test]
async fn the_filters_narrow_by_person_action_and_period_and_paging_keeps_them() {
    let app = TestApp::spawn().await;
    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let petra = person(
        &app,
        "petra@stadt.example",
        "Petra Schneider",
        &[Role::Admin],
    )
    .await;
    let jonas = person(
        &app,
        "jonas@stadt.example",
        "Jonas Weber",
        &[Role::Employee],
    )
    .await;
    let mia = person(&app, "mia@stadt.example", "Mia Özdemir", &[Role::Employee]).await;
    // 60 letters for Jonas on 3 December, one change to Mia's account late on 4 December in
    // UTC, which is already 5 December in Berlin.
    for minute in 0..60 {
        log(
            &app,
            at(3, 9, minute),
            Some(petra),
            "user.letter_printed",
            Some(jonas),
            json!({}),
        )
        .await;
    }
    log(
        &app,
        at(4, 23, 30),
        Some(petra),
        "user.deactivated",
        Some(mia),
        json!({}),
    )
    .await;
    log(
        &app,
        at(6, 8, 0),
        Some(mia),
        "progress.shared",
        Some(jonas),
        json!({}),
    )
    .await;

    // By person, as actor or concerned, case and accents as typed.
    let (_, page) = app.page(&auditor, "/audit?person=%C3%96zdemir").await;
    let text = entries(&page);
    assert_eq!(text.matches("<tr").count(), 2, "{text}");
    assert!(
        text.contains("Mia Özdemir hat den eigenen Lernstand für Jonas Weber"),
        "{text}"
    );
    assert!(
        text.contains("hat das Konto für Mia Özdemir gesperrt"),
        "{text}"
    );
    let (_, page) = app.page(&auditor, "/audit?person=mia").await;
    assert_eq!(entries(&page).matches("<tr").count(), 2);

    // By action.
    let (_, page) = app.page(&auditor, "/audit?action=user.deactivated").await;
    assert_eq!(entries(&page).matches("<tr").count(), 1);

    // By period, in Berlin days: the 23:30 UTC entry belongs to 5 December.
    let (_, page) = app
        .page(&auditor, "/audit?from=2026-12-05&to=2026-12-05")
        .await;
    let text = entries(&page);
    assert_eq!(text.matches("<tr").count(), 1, "{text}");
    assert!(text.contains("05.12.2026, 00:30 Uhr"), "{text}");
    let (_, page) = app.page(&auditor, "/audit?to=2026-12-04").await;
    assert_eq!(
        entries(&page).matches("<tr").count(),
        50,
        "first page of 60"
    );

    // Paging keeps the filter; the form shows it; the download link carries it.
    let (_, page) = app
        .page(
            &auditor,
            "/audit?person=Weber&action=user.letter_printed&from=2026-12-01",
        )
        .await;
    assert!(page.contains("60 Einträge"), "{page}");
    let next = "/audit?person=Weber&amp;action=user.letter_printed&amp;from=2026-12-01&amp;page=2";
    assert!(
        page.contains(next),
        "the next page keeps the filter: {page}"
    );
    assert!(page.contains("value=\"Weber\""), "{page}");
    assert!(
        page.contains(
            "/audit/export.csv?person=Weber&amp;action=user.letter_printed&amp;from=2026-12-01"
        ),
        "{page}"
    );
    let (_, second) = app
        .page(
            &auditor,
            "/audit?person=Weber&action=user.letter_printed&from=2026-12-01&page=2",
        )
        .await;
    assert_eq!(entries(&second).matches("<tr").count(), 10);

    // What cannot be read is said at its field, not ignored.
    for (case, query, message) in [
        (
            "not a date",
            "from=2026-13-45",
            "Bitte geben Sie ein Datum an",
        ),
        (
            "reversed period",
            "from=2026-12-06&to=2026-12-01",
            "Das Ende des Zeitraums liegt vor seinem Anfang",
        ),
        (
            "unknown action",
            "action=user.exploded",
            "Bitte wählen Sie einen Eintrag aus der Liste",
        ),
    ] {
        let (status, page) = app.page(&auditor, &format!("/audit?{query}")).await;
        assert_eq!(status, 200, "{case}");
        assert!(page.contains(message), "{case}: {page}");
        assert!(!page.contains("<tbody>"), "{case}: no unfiltered list");
    }
}

#[tokio::test]
async fn the_export_is_a_csv_for_excel_for_auditors_and_admins_only_and_is_logged() {
    let app = TestApp::spawn().await;
    let (auditor, auditor_id) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    rename(&app, auditor_id, "Rita Rat").await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    let (employee, _) = app.logged_in("anna@stadt.example", &[Role::Employee]).await;
    let formula = person(
        &app,
        "formel@stadt.example",
        "=HYPERLINK(\"http://x\")",
        &[Role::Admin],
    )
    .await;
    let jonas = person(
        &app,
        "jonas@stadt.example",
        "Jonas Weber",
        &[Role::Employee],
    )
    .await;
    log(
        &app,
        at(5, 19, 45),
        Some(formula),
        "user.deactivated",
        Some(jonas),
        json!({}),
    )
    .await;
    log(
        &app,
        at(5, 19, 50),
        Some(formula),
        "user.reactivated",
        Some(jonas),
        json!({}),
    )
    .await;

    for (who, client) in [("hr", &hr), ("employee", &employee)] {
        let response = app.get(client, "/audit/export.csv").await;
        assert_eq!(response.status(), 403, "{who}");
    }
    let response = app.get(&app.client(), "/audit/export.csv").await;
    assert_eq!(response.status(), 303, "to the login");
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("audit.exported"))
            .count(&app.db)
            .await
            .unwrap(),
        0,
        "refused downloads are no downloads"
    );
    assert_eq!(app.get(&admin, "/audit/export.csv").await.status(), 200);

    let response = app
        .get(
            &auditor,
            "/audit/export.csv?action=user.deactivated&from=2026-12-05",
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"),
        "{:?}",
        response.headers()
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"Protokoll-"),
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "header and the one filtered entry: {text}");
    assert_eq!(
        cells(lines[0]),
        ["Datum", "Uhrzeit", "Wer", "Was", "Betrifft", "Eintrag"]
    );
    let row = cells(lines[1]);
    assert_eq!(row[0], "2026-12-05");
    assert_eq!(row[1], "20:45 Uhr");
    assert_eq!(row[2], "'=HYPERLINK(\"http://x\")", "a formula is text");
    assert_eq!(row[3], "Konto gesperrt");
    assert_eq!(row[4], "Jonas Weber");
    assert_eq!(
        row[5],
        "'=HYPERLINK(\"http://x\") hat das Konto für Jonas Weber gesperrt."
    );

    // The download is in the log, with what it held; the log says so in words.
    let exported = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("audit.exported"))
        .filter(audit_log::Column::ActorId.eq(auditor_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the download is logged");
    let details: Value = serde_json::from_str(&exported.details).unwrap();
    assert_eq!(details["entries"], 1, "{details}");
    assert_eq!(details["action"], "user.deactivated", "{details}");
    let (_, page) = app.page(&auditor, "/audit?action=audit.exported").await;
    assert!(
        entries(&page).contains(
            "Rita Rat hat Einträge des Protokolls als Tabelle heruntergeladen (nur Konto gesperrt; ab 05.12.2026; 1 Eintrag)."
        ),
        "{page}"
    );
}

#[tokio::test]
async fn a_mass_deactivation_is_red_says_what_happens_and_needs_the_ticked_box() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;
    const HEADER: &str = "Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit;Aktiv\n";
    let everyone: String = (5001..5026)
        .map(|n| format!("{n};Person;P{n};p{n}@stadt.example;FB 10;ja\n"))
        .collect();
    let location = upload(
        &app,
        &hr,
        "alle.csv",
        format!("{HEADER}{everyone}").into_bytes(),
    )
    .await;
    let (_, page) = app.page(&hr, &location).await;
    assert!(
        page.contains("class=\"button-primary\"") && !page.contains("button-danger\">Übernehmen"),
        "nobody leaves: the usual button"
    );
    let id = location.rsplit('/').next().unwrap().to_owned();
    let applied = app
        .call(&hr, "organisation/import/apply", &[("id", &id)])
        .await;
    assert_eq!(applied.status(), 200);

    // Two people left: a red button and the sentence, no box to tick.
    let most: String = everyone.lines().skip(2).map(|l| format!("{l}\n")).collect();
    let location = upload(
        &app,
        &hr,
        "fast-alle.csv",
        format!("{HEADER}{most}").into_bytes(),
    )
    .await;
    let (_, page) = app.page(&hr, &location).await;
    assert!(
        page.contains("Beim Übernehmen werden 2 Personen deaktiviert, 24 bleiben aktiv."),
        "{page}"
    );
    assert!(page.contains("class=\"button-danger\""), "{page}");
    assert!(
        !page.contains("name=\"confirm_mass_deactivation\""),
        "{page}"
    );

    // An export of one unit only: 22 of 26 would leave.
    let partial: String = everyone.lines().take(3).map(|l| format!("{l}\n")).collect();
    let location = upload(
        &app,
        &hr,
        "teil.csv",
        format!("{HEADER}{partial}").into_bytes(),
    )
    .await;
    assert_eq!(
        preview(&app, &hr, &location).await["mass_deactivation"],
        true
    );
    let (_, page) = app.page(&hr, &location).await;
    for expected in [
        "Beim Übernehmen werden 22 Personen deaktiviert, 4 bleiben aktiv.",
        "Ich habe verstanden, dass 22 Personen deaktiviert werden",
        "class=\"danger-zone\"",
        "class=\"button-danger\"",
    ] {
        assert!(page.contains(expected), "missing {expected:?}: {page}");
    }
    let checkbox = page
        .split("<input")
        .find(|i| i.contains("name=\"confirm_mass_deactivation\""))
        .unwrap_or_default();
    assert!(
        checkbox.contains("required"),
        "the browser asks first: {checkbox}"
    );

    // Without the tick the server refuses on that field, 422, whatever the browser did.
    let id = location.rsplit('/').next().unwrap().to_owned();
    let active = || {
        user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .count(&app.db)
    };
    let before = active().await.unwrap();
    for (case, form) in [
        ("no box", vec![("id", id.as_str())]),
        (
            "empty box",
            vec![("id", id.as_str()), ("confirm_mass_deactivation", "")],
        ),
    ] {
        let response = app.call(&hr, "organisation/import/apply", &form).await;
        assert_eq!(response.status(), 422, "{case}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body.to_string().contains("confirm_mass_deactivation")
                && body
                    .to_string()
                    .contains("import-mass-deactivation-unconfirmed"),
            "{case}: {body}"
        );
        assert_eq!(active().await.unwrap(), before, "{case}: nothing changed");
    }
    let response = app
        .call(
            &hr,
            "organisation/import/apply",
            &[("id", &id), ("confirm_mass_deactivation", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(active().await.unwrap(), before - 22);
}

#[tokio::test]
async fn dismissing_a_scout_needs_the_ticked_box_and_shows_what_happens() {
    let app = TestApp::spawn().await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    let scout = person(
        &app,
        "kim@stadt.example",
        "Kim Scout",
        &[Role::Employee, Role::Scout],
    )
    .await;
    let (_, page) = app.page(&hr, "/scouts/coverage").await;
    for expected in [
        "Kim Scout ist dann nicht mehr Digitalscout",
        "Ich habe verstanden, dass Kim Scout abberufen wird.",
        "class=\"button-danger\"",
        "<details class=\"danger-details\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?}: {page}");
    }
    let is_scout = || async {
        app::auth::server::roles_of(&app.db, scout)
            .await
            .unwrap()
            .contains(&Role::Scout)
    };
    let response = app
        .call(&hr, "scouts/dismiss", &[("id", &scout.to_string())])
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("confirm-required"));
    assert!(is_scout().await, "nothing changed without the tick");
    let response = app
        .call(
            &hr,
            "scouts/dismiss",
            &[("id", &scout.to_string()), ("confirm", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(!is_scout().await);
}

#[tokio::test]
async fn locking_an_account_needs_the_ticked_box_letting_it_back_in_does_not() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let jonas = person(
        &app,
        "jonas@stadt.example",
        "Jonas Weber",
        &[Role::Employee],
    )
    .await;
    let (_, page) = app.page(&admin, &format!("/admin/users/{jonas}")).await;
    for expected in [
        "Jonas Weber wird auf allen Geräten sofort abgemeldet",
        "Ich habe verstanden, dass Jonas Weber sofort keinen Zugang mehr hat.",
        "class=\"button-danger\"",
    ] {
        assert!(page.contains(expected), "missing {expected:?}: {page}");
    }
    let active = || async {
        user::Entity::find_by_id(jonas)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .active
    };
    let id = jonas.to_string();
    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[("id", &id), ("active", "false")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(active().await, "still active without the tick");
    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[("id", &id), ("active", "false"), ("confirm", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(!active().await);
    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[("id", &id), ("active", "true")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(active().await, "back in without a box");
}

#[tokio::test]
async fn deleting_a_unit_needs_the_ticked_box_and_the_log_names_it() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let unit = crate::reports::add_department(&app, "Team Poststelle", None, None).await;
    let (_, page) = app.page(&admin, &format!("/organisation/{unit}")).await;
    assert!(
        page.contains("Die Organisationseinheit „Team Poststelle“ wird endgültig gelöscht."),
        "{page}"
    );
    let exists = || async {
        app::db::department::Entity::find_by_id(unit)
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    };
    let id = unit.to_string();
    let response = app
        .call(&admin, "organisation/delete", &[("id", &id)])
        .await;
    assert_eq!(response.status(), 422);
    assert!(exists().await, "nothing deleted without the tick");
    let response = app
        .call(
            &admin,
            "organisation/delete",
            &[("id", &id), ("confirm", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(!exists().await);
    let (_, page) = app.page(&admin, "/audit?action=department.deleted").await;
    assert!(
        entries(&page).contains("hat die Organisationseinheit „Team Poststelle“ gelöscht."),
        "{page}"
    );
}
