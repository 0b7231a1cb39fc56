//! The employee import and the HR reports over HTTP: roles, preview before apply, idempotent
//! re-import, broken files by line, suppression of small groups, the audit trail and the report
//! switches.

use std::path::Path;

use app::auth::Role;
use app::db::{audit_log, certificate, department, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;
use tests::TestApp;
use uuid::Uuid;

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/employees")
            .join(name),
    )
    .unwrap()
}

pub(crate) async fn add_department(
    app: &TestApp,
    name: &str,
    code: Option<&str>,
    parent: Option<Uuid>,
) -> Uuid {
    let id = Uuid::new_v4();
    department::ActiveModel {
        id: Set(id),
        parent_id: Set(parent),
        name: Set(name.to_owned()),
        kind: Set("fachbereich".to_owned()),
        created_at: Set(chrono::Utc::now()),
        code: Set(code.map(str::to_owned)),
    }
    .insert(&app.db)
    .await
    .unwrap();
    id
}

/// Uploads a file as the browser form does; returns the redirect target.
pub(crate) async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let response = client
        .post(app.url("/organisation/import/upload"))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "upload of {name}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

pub(crate) async fn preview(app: &TestApp, client: &reqwest::Client, location: &str) -> Value {
    let id = location.rsplit('/').next().unwrap();
    let response = app
        .call(client, "organisation/import/preview", &[("id", id)])
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub(crate) async fn hr_with_organisation(app: &TestApp) -> reqwest::Client {
    let fb10 = add_department(app, "Fachbereich 10 – Personal", Some("FB 10"), None).await;
    add_department(app, "Fachbereich 20 – Ordnung", Some("FB 20"), None).await;
    add_department(app, "Abteilung 10.1", Some("10.1"), Some(fb10)).await;
    app.logged_in("personal@stadt.example", &[Role::Hr]).await.0
}

#[tokio::test]
async fn an_employee_list_is_previewed_applied_and_reimported_without_changes() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;

    let location = upload(&app, &hr, "beschaeftigte.csv", fixture("good.csv")).await;
    assert!(location.starts_with("/organisation/import/"), "{location}");
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["problems"], Value::Array(vec![]), "{plan}");
    assert_eq!(plan["creates"].as_array().unwrap().len(), 4);
    assert_eq!(plan["encoding"], "UTF-8");
    // Nothing is written before "apply".
    let imported = || {
        user::Entity::find()
            .filter(user::Column::PersonnelNumber.is_not_null())
            .count(&app.db)
    };
    assert_eq!(imported().await.unwrap(), 0);
    let (status, page) = app.page(&hr, &location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Jürgen Müller") && page.contains("Übernehmen"),
        "{page}"
    );

    let id = location.rsplit('/').next().unwrap();
    let response = app
        .call(&hr, "organisation/import/apply", &[("id", id)])
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(imported().await.unwrap(), 4);
    let weiss = user::Entity::find()
        .filter(user::Column::PersonnelNumber.eq("1003"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(weiss.display_name, "Fatma Weiß");
    assert_eq!(weiss.job_family.as_deref(), Some("fuehrungskraft"));
    let nguyen = user::Entity::find()
        .filter(user::Column::PersonnelNumber.eq("1004"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(nguyen.job_family, None, "an empty job family stays empty");
    // Applying twice is refused; nothing changes.
    let again = app
        .call(&hr, "organisation/import/apply", &[("id", id)])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("employees.imported"))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );

    // The same people as comma-separated Windows-1252: nothing to change.
    let location = upload(&app, &hr, "ansi.csv", fixture("good-windows-1252.csv")).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(plan["encoding"], "Windows-1252");
    assert_eq!(plan["problems"], Value::Array(vec![]), "{plan}");
    assert_eq!(plan["unchanged"], 4, "{plan}");
    assert!(plan["creates"].as_array().unwrap().is_empty());
    assert!(plan["updates"].as_array().unwrap().is_empty());
    assert!(plan["deactivations"].as_array().unwrap().is_empty());

    // Anna moves to FB 20, Linh leaves: one update, one deactivation, nobody deleted.
    let text = String::from_utf8(fixture("good.csv"))
        .unwrap()
        .replace(
            "anna.schmidt@stadt.example;FB 10",
            "anna.schmidt@stadt.example;FB 20",
        )
        .lines()
        .filter(|l| !l.starts_with("1004"))
        .collect::<Vec<_>>()
        .join("\n");
    let location = upload(&app, &hr, "neu.csv", text.into_bytes()).await;
    let plan = preview(&app, &hr, &location).await;
    assert_eq!(
        plan["updates"][0]["changes"],
        serde_json::json!(["department"])
    );
    assert_eq!(plan["deactivations"][0]["personnel_number"], "1004");
    // One of five active accounts is more than a tenth: applying needs a confirmation.
    assert_eq!(plan["mass_deactivation"], true, "{plan}");
    let id = location.rsplit('/').next().unwrap();
    assert!(
        app.call(
            &hr,
            "organisation/import/apply",
            &[("id", id), ("confirm_mass_deactivation", "on")]
        )
        .await
        .status()
        .is_success()
    );
    let nguyen = user::Entity::find_by_id(nguyen.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!nguyen.active);
    assert_eq!(imported().await.unwrap(), 4, "deactivated, not deleted");
}

#[tokio::test]
async fn broken_employee_lists_name_every_problem_by_line_and_change_nothing() {
    let app = TestApp::spawn().await;
    let hr = hr_with_organisation(&app).await;
    let header = "Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(header.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let mut mixed = format!("{header}1;Müller;Jörg;j@stadt.example;FB 10\n").into_bytes();
    mixed.extend_from_slice(b"2;Gr\xf6\xdfer;Ida;i@stadt.example;FB 10\n");
    // (case, file, expected (line, catalogue key) in the preview or on the upload form)
    let cases: Vec<(&str, Vec<u8>, usize, &str)> = vec![
        ("UTF-16", utf16, 1, "import-problem-not-text"),
        ("mixed encoding", mixed, 3, "import-problem-mixed-encoding"),
        (
            "missing column",
            b"Personalnummer;Nachname;Vorname;E-Mail\n1;A;B;a@stadt.example\n".to_vec(),
            1,
            "import-problem-missing-column",
        ),
        (
            "unknown department",
            format!("{header}\n\n1;A;B;a@stadt.example;FB 99\n").into_bytes(),
            4,
            "import-problem-unknown-department",
        ),
        (
            "duplicate personnel number",
            format!("{header}7;A;B;a@stadt.example;FB 10\n7;C;D;c@stadt.example;FB 20\n")
                .into_bytes(),
            3,
            "import-problem-duplicate-personnel-number",
        ),
        (
            "a rejected line's unknown unit is named too",
            format!("{header}7;A;B;a@stadt.example;FB 10\n7;C;D;c@stadt.example;FB 99\n")
                .into_bytes(),
            3,
            "import-problem-unknown-department",
        ),
        (
            "wrong field count",
            format!("{header}1;A;B;a@stadt.example\n").into_bytes(),
            2,
            "import-problem-field-count",
        ),
        (
            "invalid email",
            format!("{header}1;A;B;keine-adresse;FB 10\n").into_bytes(),
            2,
            "import-problem-invalid-email",
        ),
        (
            "only empty lines",
            b"\n\n;;;\n".to_vec(),
            1,
            "import-problem-empty",
        ),
    ];
    let before = user::Entity::find().count(&app.db).await.unwrap();
    for (case, bytes, line, key) in cases {
        let location = upload(&app, &hr, "kaputt.csv", bytes).await;
        if let Some(query) = location.strip_prefix("/organisation/import?") {
            let short = key.trim_start_matches("import-problem-");
            assert!(
                query.contains(&format!("problem={short}")),
                "{case}: {location}"
            );
            assert!(
                query.contains(&format!("lines={line}")),
                "{case}: {location}"
            );
            let (status, page) = app.page(&hr, &location).await;
            assert_eq!(status, 200, "{case}");
            assert!(
                page.contains("role=\"alert\""),
                "{case}: the form shows the problem"
            );
            continue;
        }
        let plan = preview(&app, &hr, &location).await;
        let problems = plan["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p["line"] == line && p["key"] == key),
            "{case}: expected line {line} {key}, got {problems:?}"
        );
        let id = location.rsplit('/').next().unwrap();
        let response = app
            .call(&hr, "organisation/import/apply", &[("id", id)])
            .await;
        assert_eq!(
            response.status(),
            409,
            "{case}: a file with problems is not applied"
        );
        let (_, page) = app.page(&hr, &location).await;
        assert!(
            page.contains(&format!("Zeile {line}:")),
            "{case}: the page names the line"
        );
    }
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), before);
}

const REPORT_FUNCTIONS: &[&str] = &[
    "reports/heatmap",
    "reports/certification",
    "reports/gaps",
    "reports/trend",
    "reports/settings",
];

const REPORT_PAGES: &[&str] = &[
    "/reports",
    "/reports/heatmap",
    "/reports/gaps",
    "/reports/certification",
    "/reports/trend",
    "/reports/settings",
    "/organisation/import",
];

#[tokio::test]
async fn employees_scouts_and_auditors_get_403_on_every_report_and_the_import() {
    let app = TestApp::spawn().await;
    for role in [Role::Employee, Role::Scout, Role::Auditor] {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        for function in REPORT_FUNCTIONS {
            let response = app.call(&client, function, &[]).await;
            assert_eq!(response.status(), 403, "{role:?} calling {function}");
        }
        for (function, form) in [
            (
                "reports/settings/set",
                vec![("report", "heatmap"), ("enabled", "false")],
            ),
            (
                "organisation/import/preview",
                vec![("id", "00000000-0000-0000-0000-000000000000")],
            ),
            (
                "organisation/import/apply",
                vec![("id", "00000000-0000-0000-0000-000000000000")],
            ),
        ] {
            let response = app.call(&client, function, &form).await;
            assert_eq!(response.status(), 403, "{role:?} calling {function}");
        }
        for page in REPORT_PAGES {
            let (status, _) = app.page(&client, page).await;
            assert_eq!(status, 403, "{role:?} opening {page}");
        }
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.csv"),
        );
        let response = client
            .post(app.url("/organisation/import/upload"))
            .header("Origin", app.url(""))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{role:?} uploading");
    }
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("report.viewed"))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

/// `count` employees with job family `family` in `unit`, named so that a leak would show.
pub(crate) async fn staff(app: &TestApp, unit: Uuid, family: &str, count: usize, tag: &str) {
    for index in 0..count {
        user::ActiveModel {
            id: Set(Uuid::new_v4()),
            email: Set(Some(format!("{tag}{index}@stadt.example"))),
            display_name: Set(format!("Geheim{tag}{index}")),
            department_id: Set(Some(unit)),
            password_hash: Set(None),
            active: Set(true),
            is_demo: Set(false),
            locale: Set("de".into()),
            created_at: Set(chrono::Utc::now()),
            updated_at: Set(chrono::Utc::now()),
            deactivated_at: Set(None),
            personnel_number: Set(Some(format!("{tag}{index}"))),
            job_family: Set(Some(family.to_owned())),
            newsletter: Set(true),
            newsletter_token: Set(None),
            last_login_at: Set(None),
            erased_at: Set(None),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn small_groups_are_hidden_views_are_audited_and_reports_can_be_switched_off() {
    let app = TestApp::spawn().await;
    let a = add_department(&app, "Amt A", Some("A"), None).await;
    let b = add_department(&app, "Amt B", Some("B"), None).await;
    let c = add_department(&app, "Amt C", Some("C"), None).await;
    staff(&app, a, "sachbearbeitung", 8, "a").await;
    staff(&app, b, "sachbearbeitung", 2, "b").await;
    staff(&app, c, "sachbearbeitung", 6, "c").await;
    let (hr, hr_id) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;

    let response = app.call(&hr, "reports/heatmap", &[]).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("Geheim") && !text.contains("@stadt.example"),
        "no person appears"
    );
    let report: Value = serde_json::from_str(&text).unwrap();
    let row = |name: &str| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit"]["name"] == name)
            .cloned()
            .unwrap()
    };
    // Column 0 is a target of everyone; all 16 count.
    assert_eq!(report["rows"][0]["cells"][0]["Share"]["total"], 16);
    assert_eq!(
        row("Amt B")["cells"][0],
        "Suppressed",
        "2 people are fewer than 5"
    );
    assert_eq!(
        row("Amt C")["cells"][0],
        "Suppressed",
        "else B = total − A − C"
    );
    assert_eq!(row("Amt A")["cells"][0]["Share"]["total"], 8);

    let (status, page) = app
        .page(
            &hr,
            &format!("/reports/heatmap?unit={a}&family=sachbearbeitung"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("class=\"heatmap-table\"") && page.contains("Amt A"),
        "heatmap and table"
    );
    assert!(
        page.contains("<span aria-hidden=\"true\">Suchen und filtern</span>"),
        "columns under their short names, not numbers"
    );

    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let log: Value = app
        .call(&auditor, "audit/list", &[])
        .await
        .json()
        .await
        .unwrap();
    let viewed: Vec<&Value> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "report.viewed")
        .collect();
    assert_eq!(viewed.len(), 2, "{log}");
    // The staff council reads the scope and the filter in words; the row keeps them as ids.
    let sentence = viewed[0]["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("Bereich: ") && !sentence.contains(&a.to_string()),
        "{sentence}"
    );
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.viewed"))
        .order_by_desc(audit_log::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let latest: Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(latest["unit"], a.to_string());
    assert_eq!(latest["family"], "sachbearbeitung");
    assert_eq!(entry.actor_id, Some(hr_id));

    // The admin switches the heatmap off: HR can no longer open it; the switch is logged.
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let response = app
        .call(
            &admin,
            "reports/settings/set",
            &[("report", "heatmap"), ("enabled", "false")],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let response = app.call(&hr, "reports/heatmap", &[]).await;
    assert_eq!(response.status(), 409);
    assert_eq!(tests::error_kind(response).await, "Conflict");
    assert_eq!(app.call(&hr, "reports/gaps", &[]).await.status(), 200);
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("report.setting_changed"))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn exports_carry_the_same_suppression_escape_formulas_and_open_in_openpyxl() {
    let app = TestApp::spawn().await;
    let a = add_department(
        &app,
        "=HYPERLINK(\"http://example.invalid\")",
        Some("A"),
        None,
    )
    .await;
    let b = add_department(&app, "Amt B", Some("B"), None).await;
    let c = add_department(&app, "Amt C", Some("C"), None).await;
    staff(&app, a, "sachbearbeitung", 8, "a").await;
    staff(&app, b, "sachbearbeitung", 2, "b").await;
    staff(&app, c, "sachbearbeitung", 6, "c").await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;

    let csv = hr
        .get(app.url("/reports/heatmap/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(!csv.contains("Geheim"), "no person appears");
    let line = |start: &str| {
        csv.lines()
            .find(|l| l.trim_start_matches('"').starts_with(start))
            .unwrap_or_else(|| panic!("no line {start} in {csv}"))
            .to_owned()
    };
    assert!(
        line("'=HYPERLINK").contains(";ausgeblendet;")
            || line("'=HYPERLINK").contains(";100;")
            || line("'=HYPERLINK").contains(";0;")
    );
    assert!(
        line("Amt B").contains("ausgeblendet"),
        "B is below k in the export too"
    );

    let xlsx = hr
        .get(app.url("/reports/heatmap/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.unwrap();
    let path = std::env::temp_dir().join(format!("fs-export-{}.xlsx", Uuid::new_v4().simple()));
    std::fs::write(&path, &bytes).unwrap();
    let python = std::env::var("FS_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = r#"
import sys, json, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]
print(json.dumps({"title": sheet.title, "rows": rows}))
"#;
    let output = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    assert!(
        output.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = parsed["rows"].as_array().unwrap();
    let find = |start: &str| {
        rows.iter()
            .find(|r| r[0][0].as_str().is_some_and(|v| v.starts_with(start)))
            .unwrap_or_else(|| panic!("no row {start}: {parsed}"))
            .clone()
    };
    let total = find("Stadt Musterstadt gesamt");
    assert_eq!(total[1][0], 0, "share in per cent, as a number");
    assert_eq!(total[1][1], "n");
    assert_eq!(
        total[2][0], 0,
        "margin in percentage points: exact figures in this test"
    );
    assert_eq!(total[4][0], 16, "the people it rests on");
    let injected = find("'=HYPERLINK");
    assert_eq!(injected[0][1], "s", "a string, never a formula");
    assert_eq!(find("Amt B")[1][0], "ausgeblendet");

    let log = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.exported"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().any(|e| e.details.contains("\"xlsx\"")));

    let (employee, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    for path in [
        "/reports/heatmap/export.csv",
        "/reports/gaps/export.xlsx",
        "/reports/trend/export.csv",
        "/reports/certification/export.xlsx",
    ] {
        let response = employee.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 403, "{path}");
    }

    // Logged out: to the login, which brings the visitor back to the same export.
    let response = app
        .client()
        .get(app.url("/reports/gaps/export.csv?family=x"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/login?next=/reports/gaps/export.csv%3Ffamily%3Dx")
    );
}

#[tokio::test]
async fn public_key_figures_appear_only_when_published_and_hide_small_counts() {
    let app = TestApp::spawn().await;
    let a = add_department(&app, "Amt A", Some("A"), None).await;
    staff(&app, a, "sachbearbeitung", 7, "a").await;
    let anonymous = app.client();
    let (status, _) = app.page(&anonymous, "/kennzahlen").await;
    assert_eq!(status, 404, "not published by default");
    assert_eq!(
        anonymous
            .get(app.url("/kennzahlen.json"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let response = app
        .call(
            &admin,
            "reports/settings/set",
            &[("report", "public"), ("enabled", "true")],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());

    let (status, page) = app.page(&anonymous, "/kennzahlen").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Kennzahlen") && !page.contains("Geheim"),
        "{page}"
    );
    let json: Value = anonymous
        .get(app.url("/kennzahlen.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["employees"]["Value"], 7);
    assert_eq!(
        json["certificates_issued"], "Hidden",
        "0 certificates: fewer than 5"
    );
    // Nobody certified: a count below k is not released, not even as a share ("0 of 7").
    assert_eq!(json["certified"], "Suppressed", "{json}");
    assert_eq!(json["certificates_valid"], "Hidden", "{json}");

    // 12 people, one of them certified: "1 of 12" would show one person's state while the
    // count of valid certificates is hidden; both stay hidden. With 10 certified, two are not:
    // the complement is below k, so again both stay hidden. With 6 of 12, both are shown.
    staff(&app, a, "sachbearbeitung", 5, "b").await;
    let people: Vec<Uuid> = user::Entity::find()
        .filter(user::Column::PersonnelNumber.is_not_null())
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(people.len(), 12);
    let mut certified = 0;
    for (wanted, shown) in [(1, false), (10, false), (6, true)] {
        // Released figures stay the same for the whole period: the next state shows in the
        // next month.
        app.clock.advance(chrono::Duration::days(32));
        certificate::Entity::delete_many()
            .exec(&app.db)
            .await
            .unwrap();
        for (index, person) in people.iter().take(wanted).enumerate() {
            certify(&app, *person, index).await;
        }
        certified = wanted;
        for format in ["json", "csv"] {
            let body = anonymous
                .get(app.url(&format!("/kennzahlen.{format}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if format == "json" {
                let json: Value = serde_json::from_str(&body).unwrap();
                if shown {
                    assert_eq!(
                        json["certificates_valid"]["About"]["value"], wanted,
                        "{json}"
                    );
                    assert_eq!(json["certified"]["Share"]["met"], wanted, "{json}");
                } else {
                    assert_eq!(json["certificates_valid"], "Hidden", "{wanted}: {json}");
                    assert_eq!(json["certified"], "Suppressed", "{wanted}: {json}");
                }
            } else {
                let valid_line = body
                    .lines()
                    .find(|l| l.starts_with("Davon heute gültig"))
                    .unwrap_or_else(|| panic!("no line of valid certificates: {body}"));
                let released = valid_line.contains(&format!(";{wanted};"));
                assert_eq!(released, shown, "{wanted} certified, CSV: {body}");
            }
        }
    }
    assert_eq!(certified, 6);
    let csv = anonymous
        .get(app.url("/kennzahlen.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Beschäftigte;12;Personen"), "{csv}");
}

/// A valid basis certificate for `person`, as the issuing code stores it.
async fn certify(app: &TestApp, person: Uuid, index: usize) {
    let now = app.clock.now();
    certificate::ActiveModel {
        id: Set(Uuid::new_v4()),
        public_id: Set(format!("public-{person}")),
        number: Set(format!("DF-TEST-{index:04}")),
        user_id: Set(person),
        level: Set("basis".into()),
        holder_name: Set("Geheim".into()),
        issued_at: Set(now),
        valid_until: Set(now + chrono::Duration::days(365)),
        status: Set(certificate::STATUS_ACTIVE.into()),
        superseded_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revocation_reason: Set(None),
        basis: Set("{}".into()),
        status_index: Set(index as i64 + 1),
    }
    .insert(&app.db)
    .await
    .unwrap();
}
