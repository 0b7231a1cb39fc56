//! The knowledge base (issue 21, point 4): scouts and editors write how-to articles, a second
//! one of them reviews each text before it is published (never the author), a change to a
//! published article is reviewed while the published text stays visible, readers filter the
//! list and find the articles in the site search and on the lessons that share a competence,
//! and each article asks to be checked again after the configured months (one reminder per due
//! date). Bad input is refused with a translated 4xx and loses nothing saved; the Markdown
//! carries no markup of the author's own; who may not write or review gets 403.

use app::auth::Role;
use app::db::{audit_log, department, knowledge_article, knowledge_revision, outbox};
use app::i18n::Locale;
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tests::{TestApp, error_kind};
use uuid::Uuid;

const MODULE: &str = "barrierefreie-dokumente";
const LESSON: &str = "04-barrierefreie-pdf-und-verstaendliche-sprache";
const COMPETENCE: &str = "kommunal-2026/barrierefreie-dokumente";
/// A competence no lesson of `MODULE` proves.
const OTHER_COMPETENCE: &str = "digcomp-2.2/4.2";

const BODY: &str = "## Vorbereiten\n\n1. Öffnen Sie das Dokument in Word.\n2. Prüfen Sie die \
                    Überschriften.\n\n## Exportieren\n\nWählen Sie **Speichern unter** und PDF. \
                    Der Tagwortschatz Quittenmarmelade steht nur hier.\n";

struct Text<'a> {
    title: &'a str,
    summary: &'a str,
    body: &'a str,
    competences: &'a [&'a str],
    units: &'a [&'a str],
}

fn text(title: &str) -> Text<'_> {
    Text {
        title,
        summary: "So wird aus einem Word-Dokument ein barrierefreies PDF.",
        body: BODY,
        competences: &[COMPETENCE],
        units: &[],
    }
}

fn form<'a>(article: &'a str, t: &'a Text<'a>, step: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("article", article),
        ("title", t.title),
        ("summary", t.summary),
        ("body", t.body),
        ("step", step),
    ];
    form.extend(t.competences.iter().map(|c| ("competences[]", *c)));
    form.extend(t.units.iter().map(|u| ("units[]", *u)));
    form
}

async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    article: &str,
    t: &Text<'_>,
    step: &str,
) -> reqwest::Response {
    app.call(client, "knowledge/save", &form(article, t, step))
        .await
}

/// The article whose newest revision has this title.
async fn article_titled(app: &TestApp, title: &str) -> knowledge_article::Model {
    let revision = knowledge_revision::Entity::find()
        .filter(knowledge_revision::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no revision titled {title}"));
    knowledge_article::Entity::find_by_id(revision.article_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn article(app: &TestApp, id: Uuid) -> knowledge_article::Model {
    knowledge_article::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Writes and submits an article as `author`; returns it.
async fn submitted(
    app: &TestApp,
    author: &reqwest::Client,
    t: &Text<'_>,
) -> knowledge_article::Model {
    let response = save(app, author, "", t, "submit").await;
    assert!(response.status().is_success(), "{}", response.status());
    article_titled(app, t.title).await
}

async fn approve(app: &TestApp, reviewer: &reqwest::Client, id: Uuid) -> reqwest::Response {
    app.call(
        reviewer,
        "knowledge/approve",
        &[("article", &id.to_string())],
    )
    .await
}

async fn mails(app: &TestApp, template: &str, to: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Template.eq(template))
        .filter(outbox::Column::Recipient.eq(to))
        .all(&app.db)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, action: &str, article: Uuid) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::TargetId.eq(article.to_string()))
        .count(&app.db)
        .await
        .unwrap()
}

/// The hits' addresses of a search as the page shows them.
async fn search_links(app: &TestApp, client: &reqwest::Client, q: &str) -> String {
    let (status, page) = app.page(client, &format!("/suche?q={q}")).await;
    assert_eq!(status, 200);
    page
}

async fn found_in(app: &TestApp, locale: Locale, q: &str, url: &str) -> bool {
    let me = app::identity::CurrentUser {
        id: Uuid::new_v4(),
        display_name: "Leser".into(),
        email: None,
        roles: vec![Role::Employee],
        department: None,
        locale,
        kiosk: false,
    };
    app::search::server::search(&app.ctx, Some(&me), locale, Some(q.to_owned()), None)
        .await
        .unwrap()
        .hits
        .iter()
        .any(|h| h.url == url)
}

/// A new session for an existing account (after the clock moved past the old one's end).
async fn fresh(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let response = app.login(&client, email, tests::PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
    client
}

fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_second_person_publishes_an_article_and_readers_find_it_in_the_list_the_search_and_the_lesson()
 {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let (learner, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;

    // The scout writes and submits.
    let t = text("Barrierefreie PDF aus Word");
    let a = submitted(&app, &scout, &t).await;
    assert_eq!(a.slug, "barrierefreie-pdf-aus-word");
    let url = format!("/wissen/{}", a.slug);

    // Nobody approves their own article.
    let response = approve(&app, &scout, a.id).await;
    assert_eq!(response.status(), 409);
    assert_eq!(error_kind(response).await, "Conflict");
    let (_, page) = app
        .page(&scout, &format!("/wissen/redaktion/{}", a.id))
        .await;
    assert!(page.contains("Sie können Ihre eigenen Texte nicht freigeben"));
    assert!(!page.contains("Freigeben und veröffentlichen"));

    // Before the review readers see nothing: not the page, not a search hit.
    assert_eq!(app.page(&learner, &url).await.0, 404);
    assert!(!found_in(&app, Locale::De, "Quittenmarmelade", &url).await);

    // The editor sees it waiting and approves it.
    let (_, desk) = app.page(&editor, "/wissen/redaktion").await;
    assert!(desk.contains("Barrierefreie PDF aus Word"), "{desk}");
    let (_, review) = app
        .page(&editor, &format!("/wissen/redaktion/{}", a.id))
        .await;
    assert!(review.contains("Freigeben und veröffentlichen"));
    let response = approve(&app, &editor, a.id).await;
    assert!(response.status().is_success(), "{}", response.status());

    // Published: the page, "last checked", the list, the search in both languages, the lesson.
    let (status, page) = app.page(&learner, &url).await;
    assert_eq!(status, 200);
    assert!(page.contains("Barrierefreie PDF aus Word"));
    assert!(page.contains("<h2>Vorbereiten</h2>"), "{page}");
    assert!(
        page.contains("Zuletzt geprüft am 02.03.2026 von Person redaktion@stadt.example"),
        "{page}"
    );
    assert!(
        !page.contains("Geprüft, noch aktuell"),
        "readers cannot check"
    );
    let (_, list) = app.page(&learner, "/wissen").await;
    assert!(list.contains(&format!("href=\"{url}\"")), "{list}");
    let hits = search_links(&app, &learner, "Quittenmarmelade").await;
    assert!(hits.contains(&format!("href=\"{url}\"")), "{hits}");
    assert!(hits.contains(">Wissen<"), "the hit's kind: {hits}");
    assert!(found_in(&app, Locale::En, "Quittenmarmelade", &url).await);
    let (_, lesson) = app
        .page(&learner, &format!("/modules/{MODULE}/lessons/{LESSON}"))
        .await;
    assert!(lesson.contains("Mehr dazu im Wissensbereich"), "{lesson}");
    assert!(lesson.contains(&format!("href=\"{url}\"")));

    // The author is told; every step is in the audit log.
    let told = mails(&app, "knowledge_published", "scout@stadt.example").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].body_text.contains(&url), "{}", told[0].body_text);
    for action in [
        "knowledge.draft_started",
        "knowledge.submitted",
        "knowledge.published",
    ] {
        assert_eq!(audited(&app, action, a.id).await, 1, "{action}");
    }
    let stored = article(&app, a.id).await;
    assert!(stored.checked_at.is_some());
}

#[tokio::test]
async fn a_reviewer_sends_an_article_back_with_a_comment_and_the_author_revises_it() {
    let app = TestApp::spawn().await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let a = submitted(&app, &editor, &text("Videokonferenz starten")).await;
    let path = format!("/wissen/redaktion/{}", a.id);

    // Without JavaScript, an empty comment comes back at its field.
    let response = app
        .post_form(
            &scout,
            "/api/knowledge/return",
            &path,
            &[("article", &a.id.to_string()), ("comment", "  ")],
        )
        .await;
    assert_eq!(location(&response), format!("{path}#form-errors"));
    let (_, page) = app.page(&scout, &path).await;
    assert!(page.contains(r#"id="form-errors""#));
    assert!(page.contains(r#"id="field-comment-error""#), "{page}");

    let response = app
        .post_form(
            &scout,
            "/api/knowledge/return",
            &path,
            &[
                ("article", &a.id.to_string()),
                ("comment", "Bitte den Link zur Anleitung ergänzen."),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("{path}?returned=1"));
    let told = mails(&app, "knowledge_returned", "redaktion@stadt.example").await;
    assert_eq!(told.len(), 1);
    assert!(
        told[0]
            .body_text
            .contains("Bitte den Link zur Anleitung ergänzen.")
    );
    assert_eq!(audited(&app, "knowledge.returned", a.id).await, 1);

    // The author sees the comment, revises and submits again; the scout approves.
    let (_, page) = app.page(&editor, &path).await;
    assert!(page.contains("Bitte den Link zur Anleitung ergänzen."));
    assert!(page.contains("Zurückgegeben"));
    let mut revised = text("Videokonferenz starten");
    revised.body = "Siehe [Anleitung](https://example.org/anleitung).";
    let response = save(&app, &editor, &a.id.to_string(), &revised, "submit").await;
    assert!(response.status().is_success(), "{}", response.status());
    let response = approve(&app, &scout, a.id).await;
    assert!(response.status().is_success(), "{}", response.status());
    let (_, page) = app.page(&scout, &format!("/wissen/{}", a.slug)).await;
    assert!(page.contains("https://example.org/anleitung"));
    assert_eq!(
        knowledge_revision::Entity::find()
            .filter(knowledge_revision::Column::ArticleId.eq(a.id))
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "sent back and revised is still the one revision"
    );
}

#[tokio::test]
async fn a_change_to_a_published_article_is_reviewed_while_the_published_text_stays_visible() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let (learner, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let a = submitted(&app, &scout, &text("Termine im Kalender teilen")).await;
    assert!(approve(&app, &editor, a.id).await.status().is_success());
    let url = format!("/wissen/{}", a.slug);

    // The editor revises the scout's article; the published text stays until it is approved.
    let mut changed = text("Termine im Outlook-Kalender teilen");
    changed.body = "Neu: Die Freigabe heißt jetzt Stachelbeerfreigabe.";
    let response = save(&app, &editor, &a.id.to_string(), &changed, "submit").await;
    assert!(response.status().is_success(), "{}", response.status());
    let (_, page) = app.page(&learner, &url).await;
    assert!(page.contains("Termine im Kalender teilen"));
    assert!(!page.contains("Stachelbeerfreigabe"));
    assert!(!found_in(&app, Locale::De, "Stachelbeerfreigabe", &url).await);
    assert!(found_in(&app, Locale::De, "Quittenmarmelade", &url).await);
    let (_, page) = app.page(&scout, &url).await;
    assert!(
        page.contains("arbeitet an einer neuen Fassung"),
        "writers see the pending revision"
    );

    // Someone else cannot take over the open revision; the editor cannot approve their own.
    let response = save(&app, &scout, &a.id.to_string(), &text("Anders"), "save").await;
    assert_eq!(response.status(), 409);
    assert_eq!(approve(&app, &editor, a.id).await.status(), 409);

    // The scout approves: the new text replaces the old one in the page and the search.
    assert!(approve(&app, &scout, a.id).await.status().is_success());
    let (_, page) = app.page(&learner, &url).await;
    assert!(page.contains("Termine im Outlook-Kalender teilen"));
    assert!(page.contains("Stachelbeerfreigabe"));
    assert!(found_in(&app, Locale::De, "Stachelbeerfreigabe", &url).await);
    assert!(!found_in(&app, Locale::De, "Quittenmarmelade", &url).await);
    let statuses: Vec<String> = knowledge_revision::Entity::find()
        .filter(knowledge_revision::Column::ArticleId.eq(a.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.contains(&"replaced".to_owned()));
    assert!(statuses.contains(&"published".to_owned()));
    assert_eq!(audited(&app, "knowledge.published", a.id).await, 2);
}

#[tokio::test]
async fn readers_filter_the_list_by_text_competence_and_unit() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let (learner, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let unit = department::Entity::insert(department::ActiveModel {
        id: Set(Uuid::new_v4()),
        parent_id: Set(None),
        name: Set("Bürgerbüro".into()),
        kind: Set("department".into()),
        created_at: Set(app.clock.now()),
        code: Set(None),
    })
    .exec_with_returning(&app.db)
    .await
    .unwrap();
    let unit_id = unit.id.to_string();
    let units = [unit_id.as_str()];
    let mut first = text("Ausweis-Termin online buchen");
    first.units = &units;
    let mut second = text("Passwort sicher wählen");
    second.competences = &[OTHER_COMPETENCE];
    second.body = "Lang und einzigartig.";
    for t in [&first, &second] {
        let a = submitted(&app, &scout, t).await;
        assert!(approve(&app, &editor, a.id).await.status().is_success());
    }
    // Without JavaScript: a GET form.
    let (_, page) = app.page(&learner, "/wissen").await;
    assert!(page.contains(r#"<form method="get" action="/wissen""#));
    for (query, expect_first, expect_second) in [
        ("", true, true),
        ("?q=einzigartig", false, true),
        ("?q=AUSWEIS+termin", true, false),
        (
            &format!("?competence={}", COMPETENCE.replace('/', "%2F")) as &str,
            true,
            false,
        ),
        (&format!("?competence={OTHER_COMPETENCE}"), false, true),
        (&format!("?unit={unit_id}"), true, false),
        (&format!("?q=Passwort&unit={unit_id}"), false, false),
    ] {
        let (status, page) = app.page(&learner, &format!("/wissen{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            page.contains("Ausweis-Termin online buchen"),
            expect_first,
            "{query}"
        );
        assert_eq!(
            page.contains("Passwort sicher wählen"),
            expect_second,
            "{query}"
        );
    }
    let a = article_titled(&app, "Ausweis-Termin online buchen").await;
    let (_, page) = app.page(&learner, &format!("/wissen/{}", a.slug)).await;
    assert!(page.contains("Bürgerbüro"), "the unit is named: {page}");
    // A filter that is not a choice is refused, not ignored.
    for (field, value) in [
        ("competence", "keine/kompetenz"),
        ("unit", "not-a-unit"),
        ("q", &"x".repeat(101) as &str),
    ] {
        let response = app
            .call(&learner, "knowledge/list", &[(field, value)])
            .await;
        assert_eq!(response.status(), 422, "{field}");
        let (status, _) = app
            .page(&learner, &format!("/wissen?{field}={value}"))
            .await;
        assert_eq!(status, 422, "{field} on the page");
    }
}

#[tokio::test]
async fn a_due_check_sends_one_reminder_and_geprueft_records_the_new_check() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (editor, editor_id) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let a = submitted(&app, &scout, &text("Dateien sicher versenden")).await;
    assert!(approve(&app, &editor, a.id).await.status().is_success());
    let url = format!("/wissen/{}", a.slug);
    let send = || app::knowledge::server::send_due_reminders(&app.ctx);

    // Not yet due: nothing.
    app.clock.advance(Duration::days(364));
    assert_eq!(send().await.unwrap(), 0);
    let (status, page) = app
        .page(&fresh(&app, "scout@stadt.example").await, &url)
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("Prüfung fällig:"));
    assert!(
        page.contains("Nächste Prüfung fällig am 02.03.2027"),
        "{page}"
    );

    // Due after twelve months: exactly one reminder to the author, even when two instances'
    // rounds run at once and again later.
    app.clock.advance(Duration::days(2));
    let (one, two) = tokio::join!(send(), send());
    assert_eq!(one.unwrap() + two.unwrap(), 1);
    assert_eq!(send().await.unwrap(), 0);
    let reminders = mails(&app, "knowledge_recheck", "scout@stadt.example").await;
    assert_eq!(reminders.len(), 1);
    let text_part = reminders[0].body_text.clone();
    assert!(text_part.contains("Dateien sicher versenden"));
    assert!(text_part.contains(&url), "{text_part}");

    // The article says so, and the writers' desk lists it.
    let relogin_scout = fresh(&app, "scout@stadt.example").await;
    let (_, page) = app.page(&relogin_scout, &url).await;
    assert!(page.contains("Prüfung fällig:"), "{page}");
    let relogin_editor = fresh(&app, "redaktion@stadt.example").await;
    let (_, desk) = app.page(&relogin_editor, "/wissen/redaktion").await;
    let due = desk.split("id=\"desk-due\"").nth(1).unwrap_or_default();
    assert!(due.contains("Dateien sicher versenden"), "{desk}");

    // "Geprüft, noch aktuell" (without JavaScript) records the check and ends the reminder.
    let response = app
        .post_form(
            &relogin_editor,
            "/api/knowledge/check",
            &url,
            &[("article", &a.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), format!("{url}?checked=1"));
    let stored = article(&app, a.id).await;
    assert_eq!(stored.checked_by, Some(editor_id));
    assert_eq!(stored.checked_at, Some(app.clock.now()));
    assert_eq!(audited(&app, "knowledge.checked", a.id).await, 1);
    let (_, page) = app.page(&relogin_scout, &url).await;
    assert!(!page.contains("Prüfung fällig:"));
    assert!(page.contains("Zuletzt geprüft am"));
    assert_eq!(send().await.unwrap(), 0);
    assert_eq!(
        mails(&app, "knowledge_recheck", "scout@stadt.example")
            .await
            .len(),
        1
    );

    // An administrator shortens the interval: due again after six months, one new reminder.
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    for bad in ["0", "61", "zwölf", ""] {
        let response = app
            .call(
                &admin,
                "knowledge/settings/save",
                &[("recheck_months", bad)],
            )
            .await;
        assert_eq!(response.status(), 422, "{bad}");
    }
    let response = app
        .call(
            &relogin_scout,
            "knowledge/settings/save",
            &[("recheck_months", "6")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .call(
            &admin,
            "knowledge/settings/save",
            &[("recheck_months", "6")],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    app.clock.advance(Duration::days(185));
    assert_eq!(send().await.unwrap(), 1);
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("knowledge.setting_changed"))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        mails(&app, "knowledge_recheck", "scout@stadt.example")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_a_4xx_and_the_saved_draft_is_kept() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let response = save(&app, &scout, "", &text("Mein Entwurf"), "save").await;
    assert!(response.status().is_success());
    let a = article_titled(&app, "Mein Entwurf").await;
    let id = a.id.to_string();
    let long_title = "T".repeat(121);
    let long_summary = "S".repeat(201);
    let long_body = "B".repeat(20_001);
    let many: Vec<String> = (0..11).map(|n| format!("x/{n}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let base = text("Mein Entwurf");
    let cases: Vec<(&str, Text, &str, &str)> = vec![
        (
            "empty title",
            Text {
                title: " ",
                ..text("")
            },
            "save",
            "title",
        ),
        (
            "long title",
            Text {
                title: &long_title,
                ..text("")
            },
            "save",
            "title",
        ),
        (
            "title with a line break",
            Text {
                title: "Zwei\nZeilen",
                ..text("")
            },
            "save",
            "title",
        ),
        (
            "empty summary",
            Text {
                summary: "",
                ..text("Mein Entwurf")
            },
            "save",
            "summary",
        ),
        (
            "long summary",
            Text {
                summary: &long_summary,
                ..text("Mein Entwurf")
            },
            "save",
            "summary",
        ),
        (
            "empty body",
            Text {
                body: "  ",
                ..text("Mein Entwurf")
            },
            "save",
            "body",
        ),
        (
            "long body",
            Text {
                body: &long_body,
                ..text("Mein Entwurf")
            },
            "submit",
            "body",
        ),
        (
            "unknown competence",
            Text {
                competences: &["keine/kompetenz"],
                ..text("Mein Entwurf")
            },
            "save",
            "competences",
        ),
        (
            "too many competences",
            Text {
                competences: &many,
                ..text("Mein Entwurf")
            },
            "save",
            "competences",
        ),
        (
            "unit not an id",
            Text {
                units: &["fb-20"],
                ..text("Mein Entwurf")
            },
            "save",
            "units",
        ),
        (
            "unknown unit",
            Text {
                units: &["6f1c2b1e-8d1a-4c53-9a0e-1b2c3d4e5f60"],
                ..text("Mein Entwurf")
            },
            "save",
            "units",
        ),
        (
            "unknown step",
            Text {
                ..text("Mein Entwurf")
            },
            "publish",
            "step",
        ),
    ];
    for (case, t, step, field) in &cases {
        let response = save(&app, &scout, &id, t, step).await;
        assert_eq!(response.status(), 422, "{case}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")),
            "{case}: {body}"
        );
    }
    // An article that does not exist, and one that is not an id.
    let response = save(&app, &scout, &Uuid::new_v4().to_string(), &base, "save").await;
    assert_eq!(response.status(), 404);
    let response = save(&app, &scout, "kein-artikel", &base, "save").await;
    assert_eq!(response.status(), 404);
    // Nothing of the saved draft was lost.
    let revision = knowledge_revision::Entity::find()
        .filter(knowledge_revision::Column::ArticleId.eq(a.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(revision.title, "Mein Entwurf");
    assert_eq!(revision.body, BODY.trim());
    assert_eq!(revision.status, "draft");

    // Without JavaScript: back to the form with the error at its field and the saved text.
    let path = format!("/wissen/redaktion/{id}");
    let t = Text {
        title: &long_title,
        ..text("")
    };
    let response = app
        .post_form(&scout, "/api/knowledge/save", &path, &form(&id, &t, "save"))
        .await;
    assert_eq!(location(&response), format!("{path}#form-errors"));
    let (status, page) = app.page(&scout, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"id="field-title-error""#), "{page}");
    assert!(
        page.contains("value=\"Mein Entwurf\""),
        "the saved title is in the form"
    );

    // Unknown pages of the knowledge base are 404.
    for path in ["/wissen/gibt-es-nicht", "/wissen/redaktion/not-an-id"] {
        let (status, _) = app.page(&scout, path).await;
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn html_and_script_in_an_article_are_shown_as_text() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (editor, _) = app
        .logged_in("redaktion@stadt.example", &[Role::Editor])
        .await;
    let mut t = text("Sichere Links <b>fett</b>");
    t.summary = "Zusammenfassung <script>alert('s')</script>";
    t.body = "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n\
              [Klick](javascript:alert(1)) [data](data:text/html,hi) <iframe src=\"/\"></iframe>";
    let a = submitted(&app, &scout, &t).await;
    let (_, review) = app
        .page(&editor, &format!("/wissen/redaktion/{}", a.id))
        .await;
    assert!(approve(&app, &editor, a.id).await.status().is_success());
    let (_, page) = app.page(&scout, &format!("/wissen/{}", a.slug)).await;
    for html in [&page, &review] {
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<iframe src"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(!html.contains("href=\"data:"), "{html}");
        assert!(!html.contains("<b>fett</b>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert"),
            "shown as text: {html}"
        );
    }
    // The title is text in the page's <title> too, where a `</title>` would end it.
    assert!(
        page.contains("<title>Sichere Links &lt;b&gt;fett&lt;/b&gt; – "),
        "{page}"
    );
}

#[tokio::test]
async fn only_scouts_and_editors_write_review_and_check() {
    let app = TestApp::spawn().await;
    let (scout, _) = app
        .logged_in("scout@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let a = submitted(&app, &scout, &text("Drucker einrichten")).await;
    let id = a.id.to_string();
    for role in [
        Role::Employee,
        Role::Hr,
        Role::Admin,
        Role::Auditor,
        Role::Coordinator,
    ] {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        let who = role.as_str();
        assert_eq!(
            save(&app, &client, "", &text("Fremder Text"), "save")
                .await
                .status(),
            403,
            "{who} writes"
        );
        assert_eq!(
            approve(&app, &client, a.id).await.status(),
            403,
            "{who} approves"
        );
        let response = app
            .call(
                &client,
                "knowledge/return",
                &[("article", &id), ("comment", "Nein")],
            )
            .await;
        assert_eq!(response.status(), 403, "{who} returns");
        let response = app
            .call(&client, "knowledge/check", &[("article", &id)])
            .await;
        assert_eq!(response.status(), 403, "{who} checks");
        assert_eq!(
            app.call(&client, "knowledge/desk", &[]).await.status(),
            403,
            "{who}"
        );
        let (status, _) = app.page(&client, "/wissen/redaktion").await;
        assert_eq!(status, 403, "{who} opens the desk");
        let (status, _) = app.page(&client, "/wissen").await;
        assert_eq!(status, 200, "{who} reads");
    }
    // Not logged in: to the login.
    let response = app.get(&app.client(), "/wissen").await;
    assert!(response.status().is_redirection());
    assert_eq!(
        knowledge_article::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
}
