//! Every problem of a form at once (issue 18, point 8): a form with several wrong fields is
//! refused with 422 and one field error for each of them, in the form's order, each under the
//! name of its form control, so that the error summary names them all and links every field.

use app::auth::Role;
use app::db::{data_request, department, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::TestApp;
use uuid::Uuid;

/// One form with several wrong fields, and every error expected back.
struct Case {
    name: &'static str,
    function: &'static str,
    form: Vec<(&'static str, String)>,
    /// (field, catalogue key) in the order the form shows the fields.
    expected: Vec<(&'static str, &'static str)>,
}

fn form(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

fn long(chars: usize) -> String {
    "x".repeat(chars)
}

/// Posts the case's form and checks that exactly the expected field errors come back.
async fn check(app: &TestApp, client: &reqwest::Client, case: &Case) {
    let fields: Vec<(&str, &str)> = case.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.call(client, case.function, &fields).await;
    assert_eq!(response.status(), 422, "case: {}", case.name);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "Invalid", "case: {}: {body}", case.name);
    let got: Vec<(String, String)> = body["detail"]
        .as_array()
        .expect("field errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = case
        .expected
        .iter()
        .map(|(f, m)| ((*f).to_owned(), (*m).to_owned()))
        .collect();
    assert_eq!(got, expected, "case: {}", case.name);
}

#[tokio::test]
async fn admin_forms_report_every_wrong_field_at_once() {
    let app = TestApp::spawn().await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    app.create_user("vergeben@stadt.example", &[Role::Employee])
        .await;
    let me = admin_id.to_string();
    let zero = Uuid::nil().to_string();
    let created = app
        .call(
            &admin,
            "organisation/create",
            &[
                ("name", "Bürgeramt"),
                ("kind", "fachbereich"),
                ("code", "BA"),
            ],
        )
        .await;
    assert!(
        created.status().is_success() || created.status().is_redirection(),
        "{}",
        created.status()
    );
    let accounts_before = user::Entity::find().count(&app.db).await.unwrap();

    let cases = [
        Case {
            name: "new account: no name, bad address, unknown unit, no role",
            function: "admin/users/create",
            form: form(&[
                ("display_name", " "),
                ("email", "keine-adresse"),
                ("department_id", "kein-fachbereich"),
                ("locale", "de"),
            ]),
            expected: vec![
                ("display_name", "field-required"),
                ("email", "email-invalid"),
                ("department_id", "field-invalid-choice"),
                ("roles", "user-roles-required"),
            ],
        },
        Case {
            name: "new account: address taken, unit gone, no role",
            function: "admin/users/create",
            form: form(&[
                ("display_name", "Neue Kollegin"),
                ("email", "Vergeben@Stadt.example"),
                ("department_id", &zero),
                ("locale", "de"),
            ]),
            expected: vec![
                ("email", "email-taken"),
                ("department_id", "field-invalid-choice"),
                ("roles", "user-roles-required"),
            ],
        },
        Case {
            name: "own account: no name, bad address, own admin role dropped",
            function: "admin/users/update",
            form: form(&[
                ("id", &me),
                ("display_name", ""),
                ("email", "admin-at-stadt"),
                ("locale", "de"),
                ("role_employee", "on"),
            ]),
            expected: vec![
                ("display_name", "field-required"),
                ("email", "email-invalid"),
                ("roles", "user-cannot-drop-own-admin"),
            ],
        },
        Case {
            name: "new unit: no name, unknown kind, code too long, parent not an id",
            function: "organisation/create",
            form: form(&[
                ("name", ""),
                ("kind", "planet"),
                ("parent_id", "oben"),
                ("code", &long(33)),
            ]),
            expected: vec![
                ("name", "field-required"),
                ("kind", "field-invalid-choice"),
                ("code", "field-too-long"),
                ("parent_id", "field-invalid-choice"),
            ],
        },
        Case {
            name: "new unit: name too long, code taken in other case, parent gone",
            function: "organisation/create",
            form: form(&[
                ("name", &long(201)),
                ("kind", "fachbereich"),
                ("parent_id", &zero),
                ("code", "ba"),
            ]),
            expected: vec![
                ("name", "field-too-long"),
                ("code", "department-code-taken"),
                ("parent_id", "field-invalid-choice"),
            ],
        },
        Case {
            name: "local passwords off without another way in and without break-glass account",
            function: "admin/sign-in/save",
            form: form(&[("break_glass", "")]),
            expected: vec![
                ("local_passwords", "sign-in-no-other-way"),
                ("break_glass", "sign-in-break-glass-required"),
            ],
        },
    ];
    for case in &cases {
        check(&app, &admin, case).await;
    }
    assert_eq!(
        user::Entity::find().count(&app.db).await.unwrap(),
        accounts_before,
        "no account was created"
    );
    assert_eq!(
        department::Entity::find().count(&app.db).await.unwrap(),
        1,
        "no unit was created"
    );
}

#[tokio::test]
async fn scout_forms_report_every_wrong_field_at_once() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (employee, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let somewhere = Uuid::new_v4().to_string();

    let scout_cases = [
        Case {
            name: "profile: about too long, no channel, capacity 0, unknown topic and unit",
            function: "scouts/profile/save",
            form: form(&[
                ("about", &long(2001)),
                ("languages", "Deutsch"),
                ("capacity", "0"),
                ("office_hours", ""),
                ("topics[]", "gibt-es-nicht"),
                ("departments[]", "kein-fachbereich"),
            ]),
            expected: vec![
                ("about", "field-too-long"),
                ("channels", "scouts-channels-required"),
                ("capacity", "scouts-capacity-range"),
                ("topics", "field-invalid-choice"),
                ("departments", "field-invalid-choice"),
            ],
        },
        Case {
            name: "date of a help request: no such day, no such time, too short, no place",
            function: "scouts/schedule",
            form: form(&[
                ("id", &somewhere),
                ("date", "2026-02-30"),
                ("time", "25:00"),
                ("minutes", "5"),
                ("place", " "),
            ]),
            expected: vec![
                ("date", "field-invalid-date"),
                ("time", "field-invalid-time"),
                ("minutes", "scouts-meeting-minutes-range"),
                ("place", "field-required"),
            ],
        },
        Case {
            name: "date of a help request: in the past, and too long",
            function: "scouts/schedule",
            form: form(&[
                ("id", &somewhere),
                ("date", "2020-01-06"),
                ("time", "10:00"),
                ("minutes", "600"),
                ("place", "Raum 1"),
            ]),
            expected: vec![
                ("date", "scouts-meeting-in-past"),
                ("minutes", "scouts-meeting-minutes-range"),
            ],
        },
        Case {
            name: "board post: unknown kind, no title, no text",
            function: "scouts/board/post",
            form: form(&[("kind", "gerücht"), ("title", ""), ("body", "  ")]),
            expected: vec![
                ("kind", "field-invalid-choice"),
                ("title", "field-required"),
                ("body", "field-required"),
            ],
        },
        Case {
            name: "office hour: every field wrong",
            function: "meetings/office-hour/add",
            form: form(&[
                ("weekday", "8"),
                ("time", "nachmittags"),
                ("minutes", "0"),
                ("capacity", "51"),
                ("place", ""),
            ]),
            expected: vec![
                ("weekday", "field-invalid-choice"),
                ("time", "field-invalid-time"),
                ("minutes", "scouts-meeting-minutes-range"),
                ("capacity", "meetings-capacity-range"),
                ("place", "field-required"),
            ],
        },
        Case {
            name: "workshop: every field wrong",
            function: "meetings/workshop/announce",
            form: form(&[
                ("module", "gibt-es-nicht"),
                ("title", ""),
                ("description", &long(2001)),
                ("date", "morgen"),
                ("time", ""),
                ("minutes", "0"),
                ("place", ""),
                ("department", "kein-fachbereich"),
                ("capacity", "0"),
            ]),
            expected: vec![
                ("module", "field-invalid-choice"),
                ("title", "field-required"),
                ("description", "field-too-long"),
                ("date", "field-invalid-date"),
                ("time", "field-invalid-time"),
                ("minutes", "meetings-workshop-minutes-range"),
                ("place", "field-required"),
                ("capacity", "meetings-capacity-range"),
                ("department", "field-invalid-choice"),
            ],
        },
    ];
    for case in &scout_cases {
        check(&app, &scout, case).await;
    }

    let employee_cases = [
        Case {
            name: "help request: unknown topic, no description, unknown channel, times too long, scout not an id",
            function: "scouts/ask",
            form: form(&[
                ("topic", "gibt-es-nicht"),
                ("description", ""),
                ("channel", "brieftaube"),
                ("preferred_times", &long(201)),
                ("scout", "kein-scout"),
            ]),
            expected: vec![
                ("topic", "field-invalid-choice"),
                ("description", "field-required"),
                ("channel", "field-invalid-choice"),
                ("preferred_times", "field-too-long"),
                ("scout", "field-invalid-choice"),
            ],
        },
        Case {
            name: "feedback: rating out of range, comment too long",
            function: "scouts/feedback",
            form: form(&[
                ("id", &somewhere),
                ("rating", "6"),
                ("comment", &long(2001)),
            ]),
            expected: vec![
                ("rating", "scouts-rating-range"),
                ("comment", "field-too-long"),
            ],
        },
    ];
    for case in &employee_cases {
        check(&app, &employee, case).await;
    }

    check(
        &app,
        &hr,
        &Case {
            name: "appointment: no address, unknown unit",
            function: "scouts/appoint",
            form: form(&[("email", " "), ("departments[]", "kein-fachbereich")]),
            expected: vec![
                ("email", "field-required"),
                ("departments", "field-invalid-choice"),
            ],
        },
    )
    .await;
}

#[tokio::test]
async fn account_and_data_forms_report_every_wrong_field_at_once() {
    let app = TestApp::spawn().await;
    let (employee, employee_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let asked = app
        .call(
            &employee,
            "my-data/correction",
            &[("message", "Mein Nachname ist falsch geschrieben.")],
        )
        .await;
    assert!(
        asked.status().is_success() || asked.status().is_redirection(),
        "{}",
        asked.status()
    );
    let request = data_request::Entity::find()
        .filter(data_request::Column::UserId.eq(employee_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the correction request")
        .id
        .to_string();

    let employee_cases = [
        Case {
            name: "password change: current password wrong, new one too short, repetition differs",
            function: "password/change",
            form: form(&[
                ("current_password", "nicht-das-passwort"),
                ("new_password", "kurz"),
                ("new_password_repeat", "anders"),
            ]),
            expected: vec![
                ("current_password", "password-current-wrong"),
                ("new_password", "password-too-short"),
                ("new_password_repeat", "password-mismatch"),
            ],
        },
        Case {
            name: "erasure request: note too long, not confirmed",
            function: "my-data/erasure",
            form: form(&[("note", &long(4001))]),
            expected: vec![
                ("note", "field-too-long"),
                ("confirm", "personal-data-confirm-erasure"),
            ],
        },
    ];
    for case in &employee_cases {
        check(&app, &employee, case).await;
    }

    let anonymous = app.client();
    let anonymous_cases = [
        Case {
            name: "password by link: too short, repetition differs",
            function: "password/set",
            form: form(&[
                ("token", "egal"),
                ("password", "kurz"),
                ("password_repeat", "lang"),
            ]),
            expected: vec![
                ("password", "password-too-short"),
                ("password_repeat", "password-mismatch"),
            ],
        },
        Case {
            name: "login: nothing filled in",
            function: "login",
            form: form(&[("email", " "), ("password", "")]),
            expected: vec![("email", "field-required"), ("password", "field-required")],
        },
        Case {
            name: "certificate look-up: no number, no surname",
            function: "verify/lookup",
            form: form(&[("number", " "), ("surname", "")]),
            expected: vec![
                ("number", "verify-number-required"),
                ("surname", "verify-surname-required"),
            ],
        },
    ];
    for case in &anonymous_cases {
        check(&app, &anonymous, case).await;
    }

    check(
        &app,
        &admin,
        &Case {
            name: "erasing on a correction request: answer too long, not confirmed, wrong kind",
            function: "admin/data-requests/answer",
            form: form(&[
                ("id", &request),
                ("decision", "erase"),
                ("answer", &long(4001)),
            ]),
            expected: vec![
                ("answer", "field-too-long"),
                ("confirm", "personal-data-confirm-erase-now"),
                ("decision", "field-invalid-choice"),
            ],
        },
    )
    .await;
    let still_open = data_request::Entity::find()
        .filter(data_request::Column::Status.eq(data_request::STATUS_OPEN))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(still_open, 1, "the refused answer changed nothing");
}

#[tokio::test]
async fn a_wrong_login_still_does_not_say_which_part_is_wrong() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    let mut answers = Vec::new();
    for (case, email, password) in [
        (
            "known address, wrong password",
            "erika@stadt.example",
            "falsch-falsch-falsch",
        ),
        (
            "unknown address",
            "niemand@stadt.example",
            "falsch-falsch-falsch",
        ),
    ] {
        let response = app.login(&client, email, password).await;
        assert_eq!(response.status(), 401, "case: {case}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"], "InvalidCredentials", "case: {case}");
        assert!(body.get("detail").is_none(), "case: {case}: {body}");
        answers.push(body);
    }
    assert_eq!(answers[0], answers[1], "both answers are the same");
}
