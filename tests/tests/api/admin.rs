//! Account administration: roles are enforced on the server, input is validated, every change
//! is audited.

use app::auth::Role;
use app::db::{audit_log, outbox, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tests::TestApp;

fn create_form<'a>(email: &'a str, roles: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("display_name", "Neue Kollegin"),
        ("email", email),
        ("department_id", ""),
        ("locale", "de"),
    ];
    for role in roles {
        form.push(match *role {
            "employee" => ("role_employee", "on"),
            "scout" => ("role_scout", "on"),
            "hr" => ("role_hr", "on"),
            "auditor" => ("role_auditor", "on"),
            _ => ("role_admin", "on"),
        });
    }
    form
}

#[tokio::test]
async fn only_admins_reach_the_admin_functions_and_pages() {
    let app = TestApp::spawn().await;
    let target = app
        .create_user("ziel@stadt.example", &[Role::Employee])
        .await
        .to_string();
    for role in [Role::Employee, Role::Scout, Role::Hr, Role::Auditor] {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        let calls: [(&str, Vec<(&str, &str)>); 5] = [
            ("admin/users/list", vec![]),
            ("admin/users/get", vec![("id", target.as_str())]),
            (
                "admin/users/create",
                create_form("neu@stadt.example", &["employee"]),
            ),
            (
                "admin/users/active",
                vec![("id", target.as_str()), ("active", "false")],
            ),
            ("admin/users/access-mail", vec![("id", target.as_str())]),
        ];
        for (function, form) in calls {
            let response = app.call(&client, function, &form).await;
            assert_eq!(response.status(), 403, "{role:?} calling {function}");
        }
        let (status, _) = app.page(&client, "/admin/users").await;
        assert_eq!(status, 403, "{role:?} opening /admin/users");
    }
    assert_eq!(
        user::Entity::find()
            .filter(user::Column::Email.eq("neu@stadt.example"))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn an_admin_creates_an_account_with_roles_and_an_invitation() {
    let app = TestApp::spawn().await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;

    let mut form = create_form("Neu@Stadt.example", &["employee", "scout"]);
    form.push(("send_invitation", "on"));
    let response = app.call(&admin, "admin/users/create", &form).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    let created = user::Entity::find()
        .filter(user::Column::Email.eq("neu@stadt.example"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("account");
    assert!(created.password_hash.is_none());
    assert!(created.active);
    let roles = app::auth::server::roles_of(&app.db, created.id)
        .await
        .unwrap();
    assert_eq!(roles, vec![Role::Employee, Role::Scout]);
    let queued = outbox::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].recipient, "neu@stadt.example");
    assert_eq!(queued[0].template, "invitation");

    let log = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["user.created", "user.invitation_sent"]);
    assert!(log.iter().all(|e| e.actor_id == Some(admin_id)));
}

#[tokio::test]
async fn invalid_account_data_is_refused_with_field_errors_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    app.create_user("vergeben@stadt.example", &[Role::Employee])
        .await;
    // (case, form, field with the error, catalogue key of the message)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            "no roles",
            create_form("a@stadt.example", &[]),
            "roles",
            "user-roles-required",
        ),
        (
            "bad email",
            create_form("keine-adresse", &["employee"]),
            "email",
            "email-invalid",
        ),
        (
            "email taken",
            create_form("vergeben@stadt.example", &["employee"]),
            "email",
            "email-taken",
        ),
        (
            "unknown department",
            {
                let mut f = create_form("b@stadt.example", &["employee"]);
                f[2] = ("department_id", "00000000-0000-0000-0000-000000000000");
                f
            },
            "department_id",
            "field-invalid-choice",
        ),
        (
            "empty name",
            {
                let mut f = create_form("c@stadt.example", &["employee"]);
                f[0] = ("display_name", "  ");
                f
            },
            "display_name",
            "field-required",
        ),
    ];
    let before = user::Entity::find().count(&app.db).await.unwrap();
    for (case, form, field, message) in cases {
        let response = app.call(&admin, "admin/users/create", &form).await;
        assert_eq!(response.status(), 422, "case: {case}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"], "Invalid", "case: {case}");
        assert_eq!(body["detail"][0]["field"], field, "case: {case}");
        assert_eq!(body["detail"][0]["message"], message, "case: {case}");
    }
    assert_eq!(
        user::Entity::find().count(&app.db).await.unwrap(),
        before,
        "nothing was created"
    );
    assert_eq!(audit_log::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn role_changes_are_audited_with_what_changed() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let id = app
        .create_user("erika@stadt.example", &[Role::Employee])
        .await
        .to_string();
    let form = [
        ("id", id.as_str()),
        ("display_name", "Erika Muster"),
        ("email", "erika@stadt.example"),
        ("department_id", ""),
        ("locale", "de"),
        ("role_employee", "on"),
        ("role_hr", "on"),
    ];
    let response = app.call(&admin, "admin/users/update", &form).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    let log = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let roles_entry = log
        .iter()
        .find(|e| e.action == "user.roles_changed")
        .expect("roles audited");
    let details: serde_json::Value = serde_json::from_str(&roles_entry.details).unwrap();
    assert_eq!(details["added"], serde_json::json!(["hr"]));
    assert_eq!(details["removed"], serde_json::json!([]));
    assert!(log.iter().any(|e| e.action == "user.updated"));

    // The auditor reads the log; an HR person does not.
    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let page: serde_json::Value = app
        .call(&auditor, "audit/list", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2);
    assert_eq!(page["entries"][0]["action"], "user.roles_changed");
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    assert_eq!(app.call(&hr, "audit/list", &[]).await.status(), 403);
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let id = admin_id.to_string();
    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[("id", &id), ("active", "false")],
        )
        .await;
    assert_eq!(response.status(), 409);
    let form = [
        ("id", id.as_str()),
        ("display_name", "Admin"),
        ("email", "admin@stadt.example"),
        ("locale", "de"),
        ("role_employee", "on"),
    ];
    let response = app.call(&admin, "admin/users/update", &form).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        app.whoami(&admin).await.as_deref(),
        Some("admin@stadt.example")
    );
}

#[tokio::test]
async fn departments_form_a_tree_without_cycles() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    for (name, kind) in [("Dezernat I", "dezernat")] {
        let response = app
            .call(
                &admin,
                "organisation/create",
                &[("name", name), ("kind", kind), ("parent_id", "")],
            )
            .await;
        assert!(response.status().is_success() || response.status().is_redirection());
    }
    let list: serde_json::Value = app
        .call(&admin, "organisation/list", &[])
        .await
        .json()
        .await
        .unwrap();
    let top = list[0]["id"].as_str().unwrap().to_owned();
    app.call(
        &admin,
        "organisation/create",
        &[
            ("name", "Fachbereich 10"),
            ("kind", "fachbereich"),
            ("parent_id", &top),
        ],
    )
    .await;
    let list: serde_json::Value = app
        .call(&admin, "organisation/list", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[1]["depth"], 1);
    let child = list[1]["id"].as_str().unwrap().to_owned();

    let response = app
        .call(
            &admin,
            "organisation/update",
            &[
                ("id", &top),
                ("name", "Dezernat I"),
                ("kind", "dezernat"),
                ("parent_id", &child),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        422,
        "a unit cannot move below its own child"
    );
    let response = app
        .call(&admin, "organisation/delete", &[("id", &top)])
        .await;
    assert_eq!(
        response.status(),
        409,
        "a unit with children cannot be deleted"
    );

    let (employee, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    assert_eq!(
        app.call(&employee, "organisation/list", &[]).await.status(),
        403
    );
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    assert_eq!(app.call(&hr, "organisation/list", &[]).await.status(), 200);
    assert_eq!(
        app.call(
            &hr,
            "organisation/create",
            &[("name", "X"), ("kind", "team")]
        )
        .await
        .status(),
        403
    );
}

/// The accounts of the list tests: 55 colleagues (every fifth also a scout, three locked), one
/// with LIKE's wildcards in her name and a personnel number, and the administrator.
async fn many_accounts(app: &TestApp) -> reqwest::Client {
    use app::auth::server::{NewAccount, create_account};
    use sea_orm::{ActiveModelTrait, Set};
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    for n in 1..=55 {
        let roles = if n % 5 == 0 {
            vec![Role::Employee, Role::Scout]
        } else {
            vec![Role::Employee]
        };
        let account = create_account(
            &app.db,
            chrono::Utc::now(),
            NewAccount {
                email: Some(format!("kollegin{n:02}@stadt.example")),
                display_name: format!("Kollegin {n:02}"),
                department_id: None,
                roles,
                locale: app::i18n::Locale::De,
                password_hash: None,
                is_demo: false,
            },
        )
        .await
        .unwrap();
        if [3, 10, 44].contains(&n) {
            let mut locked: user::ActiveModel = account.into();
            locked.active = Set(false);
            locked.update(&app.db).await.unwrap();
        }
    }
    let anna = create_account(
        &app.db,
        chrono::Utc::now(),
        NewAccount {
            email: Some("anna@stadt.example".into()),
            display_name: "Anna 100% Muster_Frau".into(),
            department_id: None,
            roles: vec![Role::Employee],
            locale: app::i18n::Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    let mut anna: user::ActiveModel = anna.into();
    anna.personnel_number = sea_orm::Set(Some("PN-4711".into()));
    anna.update(&app.db).await.unwrap();
    admin
}

async fn user_page(
    app: &TestApp,
    admin: &reqwest::Client,
    form: &[(&str, &str)],
) -> serde_json::Value {
    let response = app.call(admin, "admin/users/list", form).await;
    assert_eq!(response.status(), 200, "{form:?}");
    response.json().await.unwrap()
}

fn names(page: &serde_json::Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["display_name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_account_list_comes_in_pages_with_the_total() {
    let app = TestApp::spawn().await;
    let admin = many_accounts(&app).await;
    // (case, page asked for, page shown, rows on it)
    let cases = [
        ("no page named", None, 1, 25),
        ("page 2", Some("2"), 2, 25),
        ("last page", Some("3"), 3, 7),
        ("beyond the last page", Some("99"), 3, 7),
        ("page 0", Some("0"), 1, 25),
        ("not a number", Some("zwei"), 1, 25),
        ("negative", Some("-1"), 1, 25),
    ];
    let mut seen = Vec::new();
    for (case, asked, shown, rows) in cases {
        let form: Vec<(&str, &str)> = asked.map(|p| ("page", p)).into_iter().collect();
        let page = user_page(&app, &admin, &form).await;
        assert_eq!(page["total"], 57, "case: {case}");
        assert_eq!(page["pages"], 3, "case: {case}");
        assert_eq!(page["page"], shown, "case: {case}");
        assert_eq!(names(&page).len(), rows, "case: {case}");
        if matches!(asked, None | Some("2") | Some("3")) {
            seen.extend(names(&page));
        }
    }
    // The pages together hold every account once, in the order of the names.
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted);
    assert_eq!(seen.len(), 57);
}

#[tokio::test]
async fn the_account_list_is_searched_and_filtered_in_the_database() {
    let app = TestApp::spawn().await;
    let admin = many_accounts(&app).await;
    // (case, form, how many match)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, u64);
    let cases: [Case; 12] = [
        ("part of a name", vec![("q", "kollegin0")], 9),
        ("any case", vec![("q", "KOLLEGIN0")], 9),
        ("part of a mail address", vec![("q", "in12@stadt")], 1),
        ("personnel number, any case", vec![("q", "pn-47")], 1),
        ("a percent sign is no wildcard", vec![("q", "100%")], 1),
        ("an underscore is no wildcard", vec![("q", "_")], 1),
        ("nothing matches", vec![("q", "Zacharias")], 0),
        ("spaces around are ignored", vec![("q", "  anna  ")], 1),
        ("role", vec![("role", "scout")], 11),
        ("locked", vec![("status", "inactive")], 3),
        (
            "active scouts",
            vec![("role", "scout"), ("status", "active")],
            10,
        ),
        (
            "name, role and status together",
            vec![
                ("q", "kollegin1"),
                ("role", "scout"),
                ("status", "inactive"),
            ],
            1,
        ),
    ];
    for (case, form, expected) in cases {
        let page = user_page(&app, &admin, &form).await;
        assert_eq!(page["total"], expected, "case: {case}: {page}");
        assert_eq!(names(&page).len() as u64, expected.min(25), "case: {case}");
        assert_eq!(page["pages"], expected.div_ceil(25).max(1), "case: {case}");
    }

    let too_long = "a".repeat(101);
    let response = app
        .call(
            &admin,
            "admin/users/list",
            &[("q", &too_long), ("role", "kaiser"), ("status", "weg")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["detail"],
        serde_json::json!([
            { "field": "q", "message": "field-too-long" },
            { "field": "role", "message": "field-invalid-choice" },
            { "field": "status", "message": "field-invalid-choice" },
        ])
    );
}

#[tokio::test]
async fn the_account_page_links_its_pages_and_keeps_the_filters() {
    let app = TestApp::spawn().await;
    let admin = many_accounts(&app).await;
    let (status, html) = app
        .page(&admin, "/admin/users?status=active&q=e&page=2")
        .await;
    assert_eq!(status, 200);
    let html = html.replace("&amp;", "&");
    // 54 active accounts, all with an "e" in the name or the address.
    assert!(html.contains("54 Konten"), "the total is shown");
    assert!(html.contains("Seite 2 von 3"), "where the reader is");
    assert!(
        html.contains(r#"href="/admin/users?q=e&status=active" rel="prev""#),
        "the previous page keeps the filters"
    );
    assert!(
        html.contains(r#"href="/admin/users?q=e&status=active&page=3" rel="next""#),
        "the next page keeps the filters"
    );
    assert!(
        html.contains(r#"href="/admin/users?q=e&status=active&page=2" aria-label="Seite 2" aria-current="page""#),
        "the page shown is marked"
    );
    // The form shows the filters it found.
    assert!(html.contains(r#"value="active" selected"#), "status kept");
    assert!(html.contains(r#"name="q" value="e""#), "search kept");

    let (_, first) = app.page(&admin, "/admin/users?role=scout").await;
    assert!(first.contains("11 Konten"));
    assert!(
        !first.contains("Seite 1 von"),
        "one page needs no page links"
    );
}
