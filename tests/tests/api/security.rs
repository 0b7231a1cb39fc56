//! What an outside probe tried: open redirects, text injected into error boxes, malformed
//! bodies to every server function, password spraying, forged forwarding headers, response
//! times that tell which addresses have accounts, and transport security headers.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use app::auth::Role;
use base64::Engine;
use tests::{PASSWORD, TestApp};

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn after_login_only_same_origin_paths_are_followed() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let cases = [
        ("tab", "/\t/evil.example"),
        ("encoded tab (as the probe sent it)", "/%09/evil.example"),
        ("newline", "/\n/evil.example"),
        ("backslash", "/\\evil.example"),
        ("slash backslash", "/\\/evil.example"),
        ("encoded slashes", "/%2F%2Fevil.example"),
        ("scheme-relative", "//evil.example"),
        ("absolute", "https://evil.example/"),
        ("fullwidth solidus", "/\u{ff0f}evil.example"),
    ];
    for (case, next) in cases {
        // A fresh client each time: the login throttle counts nothing here, all logins succeed.
        let client = app.client();
        let response = app
            .post_form(
                &client,
                "/api/login",
                "/login",
                &[
                    ("email", "erika@stadt.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), 302, "case: {case}");
        assert_eq!(location(&response), "/", "case: {case}");
    }
    let client = app.client();
    let response = app
        .post_form(
            &client,
            "/api/login",
            "/login",
            &[
                ("email", "erika@stadt.example"),
                ("password", PASSWORD),
                ("next", "/certificate?tab=1"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/certificate?tab=1");
}

#[tokio::test]
async fn a_control_character_in_a_redirect_target_is_refused_without_a_panic() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    for back in ["/\nSet-Cookie: x=1", "/settings\r\n", "/\u{0}", "/\u{7f}"] {
        let response = app
            .post_form(
                &client,
                "/api/preferences/language",
                "/settings",
                &[("locale", "de"), ("back", back)],
            )
            .await;
        assert_eq!(response.status(), 302, "back {back:?}");
        assert_eq!(location(&response), "/", "back {back:?}");
    }
}

#[tokio::test]
async fn an_error_box_shows_only_errors_the_server_wrote_once_on_a_clean_address() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();

    // The probe's link: an error of its own text in the real login page.
    let forged = serde_json::json!({
        "error": "Conflict",
        "detail": "Ihr Konto ist gesperrt. Rufen Sie sofort 0800 123456 an."
    });
    let encoded = base64::engine::general_purpose::URL_SAFE.encode(forged.to_string());
    let forged_path = format!("/login?next=%2F&__path=%2Fapi%2Flogin&__err={encoded}&__sig=1.x");
    let response = app.get(&client, &forged_path).await;
    assert_eq!(
        response.status(),
        303,
        "an error in an address is taken out"
    );
    assert_eq!(location(&response), "/login?next=%2F");
    let (_, page) = app.page(&client, &forged_path).await;
    assert!(!page.contains("0800"), "the forged text is not shown");

    // A real failed login without JavaScript: back to the clean address, at the summary.
    let response = app
        .post_form(
            &client,
            "/api/login",
            "/login?next=%2Flearn",
            &[("email", "erika@stadt.example"), ("password", "falsch")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/login?next=%2Flearn#form-errors");
    let sealed = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("fs_form_error="))
        .and_then(|v| v.split(';').next())
        .expect("the error travels in a cookie")
        .to_owned();

    // Another page does not take it.
    let (_, other) = app.page(&client, "/login").await;
    assert!(
        !other.contains("Passwort stimmen nicht"),
        "not another page's error"
    );

    let (status, page) = app.page(&client, "/login?next=%2Flearn").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("E-Mail-Adresse oder Passwort stimmen nicht."),
        "the genuine error is shown"
    );
    assert!(
        page.contains("<title>Fehler: "),
        "the title says first that something went wrong"
    );
    assert!(
        page.contains(r#"id="form-errors" tabindex="-1" autofocus"#),
        "the summary takes the focus: {page}"
    );
    let (_, again) = app.page(&client, "/login?next=%2Flearn").await;
    assert!(
        !again.contains("Passwort stimmen nicht") && !again.contains("<title>Fehler: "),
        "the error is shown once"
    );

    // A cookie changed by hand, or too old, shows nothing.
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page_with = |cookie: String| {
        let bare = bare.clone();
        let url = app.url("/login?next=%2Flearn");
        async move {
            bare.get(url)
                .header("Accept", "text/html")
                .header("Cookie", format!("fs_form_error={cookie}"))
                .send()
                .await
                .expect("request")
                .text()
                .await
                .unwrap_or_default()
        }
    };
    assert!(
        page_with(sealed.clone())
            .await
            .contains("Passwort stimmen nicht")
    );
    let mut parts: Vec<String> = sealed.split('.').map(str::to_owned).collect();
    parts[2] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string());
    assert!(
        !page_with(parts.join(".")).await.contains("0800"),
        "a changed error"
    );
    app.clock.advance(chrono::Duration::minutes(11));
    assert!(
        !page_with(sealed).await.contains("Passwort stimmen nicht"),
        "an expired error"
    );

    // Even an error that reached a page some other way shows only catalogue text.
    let text = app::ui::catalogue_text(
        app::i18n::I18n {
            locale: app::i18n::Locale::De,
        },
        "Rufen Sie 0800 an",
        "error-conflict",
    );
    assert_eq!(text, "Das geht gerade nicht.");
}

/// Bodies that no server function can read.
fn malformed_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        (
            "not UTF-8",
            "application/x-www-form-urlencoded",
            vec![0xff, 0xfe, b'=', 0xc3],
        ),
        (
            "wrong types",
            "application/x-www-form-urlencoded",
            b"id[]=1&position=vier&enabled=vielleicht&roles=keine&rating=x&minutes=-&active=jein&number[x]=1"
                .to_vec(),
        ),
        (
            "broken escape",
            "application/x-www-form-urlencoded",
            b"id=%zz&email=%".to_vec(),
        ),
        ("broken JSON", "application/json", b"{\"id\": [".to_vec()),
        ("JSON of the wrong shape", "application/json", b"[1,2,3]".to_vec()),
    ]
}

#[tokio::test]
async fn every_server_function_answers_malformed_bodies_with_a_4xx_never_a_500() {
    let app = TestApp::spawn().await;
    let paths = server::server_fn_paths();
    assert!(
        paths.len() > 50,
        "the registered server functions: {paths:?}"
    );
    let mut failures = Vec::new();
    for role in [None, Some(Role::Admin)] {
        for (path, method) in &paths {
            // Some functions end the session (logout); every call gets a fresh one.
            let client = match role {
                Some(role) => {
                    app.logged_in(
                        &format!("probe-{}@stadt.example", uuid::Uuid::new_v4()),
                        &[Role::Employee, role, Role::Hr],
                    )
                    .await
                    .0
                }
                None => app.client(),
            };
            let mut requests = Vec::new();
            if method == "GET" {
                requests.push((
                    "broken query".to_owned(),
                    client.get(app.url(&format!("{path}?id=%zz&position=vier&x[]=1"))),
                ));
            } else {
                for (case, content_type, body) in malformed_bodies() {
                    requests.push((
                        case.to_owned(),
                        client
                            .post(app.url(path))
                            .header("Sec-Fetch-Site", "same-origin")
                            .header("Content-Type", content_type)
                            .body(body),
                    ));
                }
                requests.push((
                    "oversized".to_owned(),
                    client
                        .post(app.url(path))
                        .header("Sec-Fetch-Site", "same-origin")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(format!("id={}", "a".repeat(300 * 1024))),
                ));
            }
            for (case, request) in requests {
                let response = request.send().await.expect("request");
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                let readable = serde_json::from_str::<app::error::AppError>(&body).is_ok()
                    || (200..400).contains(&status);
                if status >= 500 || !readable {
                    failures.push(format!("{path} ({case}, {role:?}): {status} {body:.200}"));
                }
                if case == "oversized" && status != 413 {
                    failures.push(format!("{path} (oversized, {role:?}): {status}, not 413"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_locked_out_too() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let sprayer = app.client();
    // One password tried on 30 accounts: no account reaches its own limit of 5.
    for n in 0..30 {
        let response = app
            .login(&sprayer, &format!("person{n}@stadt.example"), "Sommer2026!")
            .await;
        assert_eq!(response.status(), 401, "attempt {n}");
    }
    // Now this address waits, even with a right password ...
    let response = app.login(&sprayer, "erika@stadt.example", PASSWORD).await;
    assert_eq!(response.status(), 429);
    // ... while the account owner elsewhere logs in.
    let elsewhere = app.client_from("127.0.0.2".parse::<IpAddr>().unwrap());
    let response = app.login(&elsewhere, "erika@stadt.example", PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test]
async fn behind_a_proxy_the_client_cannot_choose_its_own_address() {
    let app = TestApp::spawn_with(|config| config.trusted_proxies = 1).await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    let attempt = |forged: &'static str| {
        let client = client.clone();
        let url = app.url("/api/login");
        let origin = app.address.clone();
        async move {
            client
                .post(url)
                .header("Origin", origin)
                .header("Sec-Fetch-Site", "same-origin")
                // The proxy appends the address it saw; the client wrote the rest.
                .header("X-Forwarded-For", format!("{forged}, 203.0.113.7"))
                .form(&[("email", "erika@stadt.example"), ("password", "falsch")])
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    for forged in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"] {
        assert_eq!(attempt(forged).await, 401);
    }
    // A new forged entry does not make a new client: 203.0.113.7 is locked out.
    assert_eq!(attempt("10.0.0.6").await, 429);
}

#[tokio::test]
async fn a_password_reset_request_takes_as_long_for_unknown_addresses() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..8 {
        for (email, times) in [
            ("erika@stadt.example".to_owned(), &mut known),
            (format!("niemand{n}@stadt.example"), &mut unknown),
        ] {
            let started = Instant::now();
            let response = app
                .call(&client, "password/forgot", &[("email", &email)])
                .await;
            times.push(started.elapsed());
            assert!(response.status().is_success(), "{}", response.status());
        }
    }
    known.sort();
    unknown.sort();
    // Every answer waits for the same moment (250 ms after the request), far beyond the work
    // that differs: the look-up, the check for a recent link, the queued mail.
    let floor = Duration::from_millis(250);
    assert!(
        known[0] >= floor && unknown[0] >= floor,
        "{known:?} {unknown:?}"
    );
    let (a, b) = (known[known.len() / 2], unknown[unknown.len() / 2]);
    let difference = a.max(b) - a.min(b);
    assert!(
        difference < Duration::from_millis(40),
        "medians {a:?} and {b:?} differ"
    );
}

#[tokio::test]
async fn strict_transport_security_is_sent_under_an_https_base_url_only() {
    let app = TestApp::spawn_with(|config| {
        config.base_url = "https://lernen.stadt.example".into();
    })
    .await;
    let response = app.get(&app.client(), "/login").await;
    assert_eq!(
        response
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=63072000")
    );
    let plain = TestApp::spawn().await;
    let response = plain.get(&plain.client(), "/login").await;
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn a_link_cannot_put_words_of_its_own_into_a_notice() {
    let app = TestApp::spawn().await;
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    let (status, page) = app
        .page(
            &hr,
            "/organisation/import?problem=too-large&lines=3,4%20Rufen%20Sie%200800%20123456%20an",
        )
        .await;
    assert_eq!(status, 200);
    // The page may carry its own address (the language switch returns to it); what it must not
    // do is show the text as words on the page.
    let text = tests::visible_text(&page);
    assert!(text.contains("Zeilen"), "the notice is shown: {text}");
    assert!(
        !text.contains("0800"),
        "text from the address is shown: {text}"
    );
    let (_, page) = app
        .page(&hr, "/organisation/import?problem=too-large&lines=3,7")
        .await;
    assert!(
        tests::visible_text(&page).contains("3, 7"),
        "line numbers are shown"
    );
}

#[tokio::test]
async fn unreadable_requests_outside_server_functions_get_a_translated_4xx() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let attempt = uuid::Uuid::new_v4();
    let cases = [
        (
            "a position that is no number",
            client
                .post(app.url(&format!("/quiz/{attempt}/question/vier/answer")))
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[("go", "next")]),
        ),
        (
            "a form body that is not a form",
            client
                .post(app.url(&format!("/quiz/{attempt}/question/1/answer")))
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(vec![0xff, 0xfe, b'%', b'z']),
        ),
        (
            "a body of the wrong type",
            client
                .post(app.url(&format!("/quiz/{attempt}/question/1/answer")))
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json")
                .body("{}"),
        ),
        (
            "a query of the wrong shape",
            client.get(app.url("/reports/heatmap/export.csv?unit[]=1&unit[]=2")),
        ),
        // Last: the server answers before reading the body and closes the connection.
        (
            "an oversized answer",
            client
                .post(app.url(&format!("/quiz/{attempt}/question/1/answer")))
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(format!("a={}", "x".repeat(3 * 1024 * 1024))),
        ),
    ];
    for (case, request) in cases {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        assert!((400..500).contains(&status), "{case}: {status} {body}");
        if status != 403 && status != 404 {
            assert!(
                body.contains("Die Anfrage") && body.contains("The request"),
                "{case}: {status} {body}"
            );
        }
    }
}
