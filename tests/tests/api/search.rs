//! Site search (`/suche`) and the help page (`/hilfe`): stemming, what each person finds, the
//! page's escaping, refused input, and the index shared by instances.

use std::collections::HashSet;
use std::sync::Arc;

use app::auth::Role;
use app::content::HasContent;
use app::context::Clock;
use app::help::server::HasHelp;
use app::search::server::{INDEX_TABLES, build, documents};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use tests::{TestApp, TestDatabase};

/// Every hit's link for `query` through the server function, over all pages.
async fn all_urls(app: &TestApp, client: &reqwest::Client, query: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for page in 1..=20 {
        let response = app
            .call(
                client,
                "search",
                &[("q", query), ("page", &page.to_string())],
            )
            .await;
        assert_eq!(response.status(), 200, "{query}, page {page}");
        let found: Value = response.json().await.unwrap();
        for hit in found["hits"].as_array().unwrap() {
            urls.push(hit["url"].as_str().unwrap().to_owned());
        }
        if page >= found["pages"].as_u64().unwrap() {
            break;
        }
    }
    urls
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    app.db
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test]
async fn german_searches_find_other_forms_of_a_word() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let content = app.ctx.content();
    // Lessons that have the word only in another form than the one searched for.
    let cases = [
        (
            "Passwörter",
            "e-akte",
            "03-vorgaenge-digital-bearbeiten",
            "Passwort",
        ),
        (
            "Dokumente",
            "barrierefreie-dokumente",
            "02-struktur-mit-formatvorlagen",
            "Dokument",
        ),
    ];
    for (query, module, lesson, form) in cases {
        let urls = all_urls(&app, &client, query).await;
        let text = &content
            .module(module)
            .unwrap()
            .lesson(lesson)
            .unwrap()
            .html_de;
        let words: HashSet<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(words.contains(form), "{lesson} says {form}");
        assert!(!words.contains(query), "{lesson} never says {query}");
        let url = format!("/modules/{module}/lessons/{lesson}");
        assert!(urls.contains(&url), "{query} finds {url}: {urls:?}");
    }
    // A module's own title: "Barrierefreie Dokumente" for "dokument".
    let urls = all_urls(&app, &client, "dokument").await;
    assert!(
        urls.contains(&"/modules/barrierefreie-dokumente".to_owned()),
        "{urls:?}"
    );
}

#[tokio::test]
async fn the_page_marks_hits_names_their_type_and_escapes_the_rest() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;

    let (status, page) = app.page(&client, "/suche?q=Passw%C3%B6rter").await;

    assert_eq!(status, 200);
    assert!(
        page.contains("<mark>Passwörter</mark>") || page.contains("<mark>Passwort</mark>"),
        "{page}"
    );
    assert!(page.contains("Lektion"), "the type is named");
    assert!(
        page.contains(
            "href=\"/modules/informationssicherheit/lessons/02-passwoerter-und-anmeldung\""
        )
    );
    assert!(
        page.contains("value=\"Passwörter\""),
        "the field keeps the query"
    );
    assert!(page.contains("Treffer für „Passwörter“"), "the count");

    let (status, page) = app
        .page(
            &client,
            "/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+Passwort",
        )
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert(1)"), "the query is escaped");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Passwort"),
        "{page}"
    );
}

#[tokio::test]
async fn query_syntax_is_only_text() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let queries = [
        "\"",
        "AND OR (",
        "NEAR(passwort",
        "passwort*",
        "title:passwort",
        "'; DROP TABLE search_document; --",
        "-passwort",
        "passwort OR",
        "\"passwort",
        "^passwort",
        "passwort & !dokument | (",
        "{passwort}",
        "\\",
        "%",
        "😀",
        "ß",
    ];
    for query in queries {
        let path = format!("/suche?q={}", app::ui::percent_encode(query));
        let (status, _) = app.page(&client, &path).await;
        assert_eq!(status, 200, "page for {query:?}");
        let response = app.call(&client, "search", &[("q", query)]).await;
        assert_eq!(response.status(), 200, "server function for {query:?}");
    }
    // The words in it still count.
    let urls = all_urls(&app, &client, "\"Passwort AND (").await;
    assert!(!urls.is_empty());
}

#[tokio::test]
async fn empty_stop_word_and_unknown_queries_each_say_what_to_do() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let cases = [
        ("/suche", "Geben Sie ein oder mehrere Wörter ein"),
        ("/suche?q=+++", "Geben Sie ein oder mehrere Wörter ein"),
        ("/suche?q=und+die", "Ihre Suche enthält kein Wort"),
        ("/suche?q=%22+(", "Ihre Suche enthält kein Wort"),
        (
            "/suche?q=Xylophonorchester",
            "Zu „Xylophonorchester“ haben wir nichts gefunden.",
        ),
    ];
    for (path, expected) in cases {
        let (status, page) = app.page(&client, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(expected), "{path}: {expected}");
    }
}

#[tokio::test]
async fn refused_input_gets_a_translated_422() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let longest = "a".repeat(200);
    let (status, _) = app.page(&client, &format!("/suche?q={longest}")).await;
    assert_eq!(status, 200, "200 characters are fine");
    let cases = [
        (
            format!("/suche?q={longest}b"),
            "Ihr Suchbegriff ist zu lang",
        ),
        (
            "/suche?q=Passwort&page=0".to_owned(),
            "Diese Seite der Suchergebnisse gibt es nicht",
        ),
        (
            "/suche?q=Passwort&page=zwei".to_owned(),
            "Diese Seite der Suchergebnisse gibt es nicht",
        ),
        (
            "/suche?q=Passwort&page=99".to_owned(),
            "Diese Seite der Suchergebnisse gibt es nicht",
        ),
        (
            "/suche?q=Passwort&page=-1".to_owned(),
            "Diese Seite der Suchergebnisse gibt es nicht",
        ),
    ];
    for (path, expected) in cases {
        let (status, page) = app.page(&client, &path).await;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains(expected), "{path}: {expected}");
    }
    let response = app
        .call(&client, "search", &[("q", &format!("{longest}b"))])
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn results_come_in_pages() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let first: Value = app
        .call(&client, "search", &[("q", "Daten")])
        .await
        .json()
        .await
        .unwrap();
    let total = first["total"].as_u64().unwrap();
    assert!(total > 10, "enough hits to page: {total}");
    assert_eq!(first["hits"].as_array().unwrap().len(), 10);
    let urls = all_urls(&app, &client, "Daten").await;
    assert_eq!(urls.len() as u64, total, "every hit once");
    assert_eq!(
        urls.iter().collect::<HashSet<_>>().len(),
        urls.len(),
        "no hit twice"
    );

    let (status, page) = app.page(&client, "/suche?q=Daten&page=2").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/suche?q=Daten&amp;page=1\""),
        "a link back"
    );
    assert!(page.contains("Seite 2 von"), "where the reader is");
    assert!(
        page.contains("start=\"11\""),
        "numbered on from the first page"
    );
}

#[tokio::test]
async fn visitors_find_the_help_and_signed_in_people_everything_in_their_language() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let urls = all_urls(&app, &visitor, "Passwort").await;
    assert!(
        urls.contains(&"/hilfe#passwort-vergessen".to_owned()),
        "{urls:?}"
    );
    assert!(
        urls.iter().all(|u| u.starts_with("/hilfe#")),
        "only the help without signing in: {urls:?}"
    );
    let (_, page) = app.page(&visitor, "/suche?q=Passwort").await;
    assert!(page.contains("Ohne Anmeldung durchsuchen wir nur die Hilfe"));

    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let urls = all_urls(&app, &client, "Passwort").await;
    assert!(urls.iter().any(|u| u.starts_with("/modules/")), "{urls:?}");
    assert!(urls.contains(&"/hilfe#passwort-vergessen".to_owned()));

    // English, with English stemming: "passwords" finds the help's "password".
    let english = reqwest::Client::builder()
        .default_headers(
            [(
                reqwest::header::ACCEPT_LANGUAGE,
                reqwest::header::HeaderValue::from_static("en"),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .unwrap();
    let urls = all_urls(&app, &english, "passwords").await;
    assert!(
        urls.contains(&"/hilfe#passwort-vergessen".to_owned()),
        "{urls:?}"
    );
    let (_, page) = app.page(&english, "/suche?q=passwords").await;
    assert!(
        page.contains("I forgot my <mark>password</mark>. What now?"),
        "the English entry, its word marked: {page}"
    );
    // The German word is not in the English help.
    assert!(all_urls(&app, &english, "Passwort").await.is_empty());
}

#[tokio::test]
async fn the_help_page_lists_every_question_with_its_anchor_and_the_contact() {
    let app = TestApp::spawn_with(|config| {
        config.help.contact = "IT-Service, Telefon 0241 432-1234".into();
        config.help.contact_email = "it-service@musterstadt.example".into();
    })
    .await;
    let visitor = app.client();

    let (status, page) = app.page(&visitor, "/hilfe").await;

    assert_eq!(status, 200, "open without signing in");
    for topic in &app.ctx.help().topics {
        assert!(
            page.contains(&format!("<h2 id=\"{}\"", topic.id)),
            "{}",
            topic.id
        );
        for entry in &topic.entries {
            assert!(
                page.contains(&format!("<h3 id=\"{}\"", entry.id)),
                "{}",
                entry.id
            );
            assert!(
                page.contains(&format!("href=\"#{}\"", entry.id)),
                "in the contents"
            );
        }
    }
    assert!(page.contains("href=\"/barrierefreiheit\""));
    assert!(page.contains("href=\"/password/forgot\""));
    assert!(page.contains("IT-Service, Telefon 0241 432-1234"));
    assert!(page.contains("href=\"mailto:it-service@musterstadt.example\""));
    assert!(page.contains("action=\"/suche\""), "a search form");
    assert!(!page.contains("<script src"), "no script");

    let app = TestApp::spawn().await;
    let (_, page) = app.page(&app.client(), "/hilfe").await;
    assert!(page.contains("wenden Sie sich an die IT-Betreuung Ihrer Verwaltung"));
}

#[tokio::test]
async fn the_header_has_a_search_form_for_signed_in_people() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let (_, page) = app.page(&client, "/learn").await;
    for id in ["header-search", "menu-search"] {
        assert!(page.contains(&format!("id=\"{id}\" name=\"q\"")), "{id}");
    }
    assert_eq!(page.matches("action=\"/suche\"").count(), 2);
    assert!(page.contains("href=\"/hilfe\""), "the menu names the help");
}

#[tokio::test]
async fn a_contact_that_is_no_mail_address_stops_the_start() {
    let database = Arc::new(TestDatabase::create().await);
    let refused = TestApp::spawn_on(database, Clock::manual(tests::start_time()), |config| {
        config.help.contact_email = "IT-Service".into();
    })
    .await
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(refused.contains("help.contact_email"), "{refused}");
}

#[tokio::test]
async fn instances_starting_together_write_the_index_once() {
    let database = Arc::new(TestDatabase::create().await);
    let clock = Clock::manual(tests::start_time());
    // SQLite serves one instance (README); two starting on one fresh file would race in the
    // migrations already. There the second starts after the first.
    let (first, second) = if database.can_race("instances_starting_together_write_the_index_once") {
        let (first, second) = tokio::join!(
            TestApp::spawn_on(database.clone(), clock.clone(), |_| {}),
            TestApp::spawn_on(database.clone(), clock.clone(), |_| {}),
        );
        (first.unwrap(), second.unwrap())
    } else {
        let first = TestApp::spawn_on(database.clone(), clock.clone(), |_| {})
            .await
            .unwrap();
        let second = TestApp::spawn_on(database.clone(), clock.clone(), |_| {})
            .await
            .unwrap();
        (first, second)
    };
    let expected = documents(&first.ctx.content(), &first.ctx.help()).len() as i64;

    assert_eq!(
        count(&first, "SELECT COUNT(*) FROM search_version").await,
        1
    );
    assert_eq!(
        count(&first, "SELECT COUNT(*) FROM search_document").await,
        expected
    );
    let third = TestApp::spawn_on(database.clone(), clock.clone(), |_| {})
        .await
        .unwrap();
    assert_eq!(
        count(&third, "SELECT COUNT(*) FROM search_document").await,
        expected
    );
    let visitor = second.client();
    assert!(!all_urls(&second, &visitor, "Passwort").await.is_empty());
    assert!(!all_urls(&third, &visitor, "Passwort").await.is_empty());
    for app in [first, second, third] {
        app.shutdown().await;
    }
}

#[tokio::test]
async fn changed_texts_get_an_index_of_their_own_and_the_oldest_goes() {
    let app = TestApp::spawn().await;
    let content = app.ctx.content();
    let mut help = (*app.ctx.help()).clone();
    let now = app.clock.now();
    let first = app
        .ctx
        .part::<app::search::server::SearchIndex>()
        .version
        .clone();

    help.topics[0].entries[0].answer_text.de = "Eine neue Antwort über Zebrastreifen.".into();
    let second = build(&app.db, &content, &help, now + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_ne!(first, second.version);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM search_version").await, 2);
    // The running instance searches its own version, whatever else the index holds.
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    assert!(all_urls(&app, &client, "Zebrastreifen").await.is_empty());
    assert!(!all_urls(&app, &client, "Passwort").await.is_empty());
    assert_eq!(
        build(&app.db, &content, &help, now + chrono::Duration::hours(3))
            .await
            .unwrap(),
        second,
        "the same texts again: nothing written"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM search_version").await, 2);

    help.topics[0].entries[0].answer_text.de = "Noch eine Antwort über Giraffen.".into();
    let third = build(&app.db, &content, &help, now + chrono::Duration::hours(2))
        .await
        .unwrap();

    assert_ne!(second.version, third.version);
    let versions = count(&app, "SELECT COUNT(*) FROM search_version").await;
    assert_eq!(versions, 2, "the new version and the newest other one stay");
    let kept = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM search_document WHERE version IN ('{}', '{}')",
            second.version, third.version
        ),
    )
    .await;
    let all = count(&app, "SELECT COUNT(*) FROM search_document").await;
    assert_eq!(kept, all, "the first version's documents are gone");
    assert_eq!(
        all,
        2 * documents(&content, &help).len() as i64,
        "two versions of every document"
    );
    if app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The FTS5 rows of deleted documents are gone too.
        let indexed = count(
            &app,
            "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH 'passwort'",
        )
        .await;
        let documents = count(
            &app,
            "SELECT COUNT(*) FROM search_fts JOIN search_document d ON d.id = search_fts.rowid \
             WHERE search_fts MATCH 'passwort'",
        )
        .await;
        assert!(indexed > 0);
        assert_eq!(indexed, documents, "no index row without its document");
    }
    assert!(INDEX_TABLES.contains(&"search_fts"));
}
