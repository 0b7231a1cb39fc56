//! The editors' pages (issue 20, point 1): the overview, a new module, the history, a version,
//! the file editor and the comparison answer an editor with what they promise, the forms work
//! without JavaScript (errors come back at their fields), a broken file is saved as typed and
//! its problem shown at its line, four-eyes publishing runs through the pages, and nobody but
//! an editor opens any of them.

use app::auth::Role;
use app::db::content_version;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::TestApp;

const MODULE: &str = "datenschutz";

fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The number of the module's published version.
async fn published_number(app: &TestApp, module: &str) -> i32 {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .filter(content_version::Column::Status.eq(content_version::PUBLISHED))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the shipped module is published")
        .number
}

async fn editor(app: &TestApp, email: &str) -> reqwest::Client {
    app.logged_in(email, &[Role::Employee, Role::Editor])
        .await
        .0
}

/// Starts (or opens) the module's draft with the "Bearbeiten" button; its page's address.
async fn start_draft(app: &TestApp, client: &reqwest::Client, module: &str) -> String {
    let response = app
        .post_form(
            client,
            "/api/redaktion/inhalte/entwurf",
            "/redaktion/inhalte",
            &[("module", module)],
        )
        .await;
    location(&response)
}

#[tokio::test]
async fn an_editor_changes_a_module_through_the_pages_and_a_second_one_publishes_it() {
    let app = TestApp::spawn().await;
    let first = editor(&app, "redaktion@stadt.example").await;
    let published = published_number(&app, MODULE).await;

    // The overview: every module with its origin, the way to a new module and to the upload.
    let (status, page) = app.page(&first, "/redaktion/inhalte").await;
    assert_eq!(status, 200);
    for expected in [
        "Datenschutz im Verwaltungsalltag",
        "Aus dem Lieferumfang",
        "Wartet auf Ihre Prüfung",
        r#"href="/redaktion/inhalte/neu""#,
        r#"href="/redaktion/inhalte/import""#,
        r#"href="/redaktion/inhalte/datenschutz""#,
        "Bearbeiten",
        "Inhalte",
    ] {
        assert!(page.contains(expected), "overview shows {expected}");
    }

    // "Bearbeiten" opens a draft.
    let version_path = start_draft(&app, &first, MODULE).await;
    let number: i32 = version_path
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a version's address: {version_path}"));
    assert_eq!(
        version_path,
        format!("/redaktion/inhalte/{MODULE}/{number}")
    );
    assert!(number > published);

    let (status, page) = app.page(&first, &version_path).await;
    assert_eq!(status, 200);
    for expected in [
        "Entwurf",
        "module.toml",
        "quiz.toml",
        "Zur Prüfung einreichen",
        "Lektion hinzufügen",
        "Entwurf verwerfen",
        "Die Prüfung findet keine Fehler.",
        &format!(r#"href="{version_path}/fragen""#),
        &format!(r#"href="{version_path}/import""#),
        &format!(r#"href="{version_path}/export.zip""#),
        &format!(r#"href="{version_path}/vergleich?mit={published}""#),
    ] {
        assert!(page.contains(expected), "version page shows {expected}");
    }
    assert!(page.contains("download="), "the export is a download");

    // The history lists both versions, the draft with its comparison.
    let (status, page) = app
        .page(&first, &format!("/redaktion/inhalte/{MODULE}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("Nr. {number}: Version")));
    assert!(page.contains(&format!("Nr. {published}: Version 2.0.0")));
    assert!(page.contains(&format!("{version_path}/vergleich?mit={published}")));

    // A broken quiz is saved as typed, and the file page shows the problem at its line.
    let file_path = format!("{version_path}/datei?pfad=quiz.toml");
    let (status, page) = app.page(&first, &file_path).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"id="field-text""#));
    assert!(page.contains(r#"id="zeile-1""#));
    let original =
        std::fs::read_to_string(app.config.content_dir.join("modules/datenschutz/quiz.toml"))
            .unwrap();
    let kept = original.trim_end();
    let broken_line = kept.lines().count() + 1;
    let broken = format!("{kept}\ndas ist <kein> toml\n");
    let number_text = number.to_string();
    let response = app
        .post_form(
            &first,
            "/api/redaktion/inhalte/speichern",
            &file_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("path", "quiz.toml"),
                ("text", &broken),
            ],
        )
        .await;
    let saved = location(&response);
    assert_eq!(saved, format!("{file_path}&saved=1"));
    let (status, page) = app.page(&first, &saved).await;
    assert_eq!(status, 200);
    assert!(page.contains("Gespeichert. Die Datei hat noch Fehler."));
    assert!(
        page.contains("das ist &lt;kein&gt; toml"),
        "the text is kept as typed, escaped"
    );
    assert!(!page.contains("&amp;lt;kein"), "escaped once");
    assert!(
        page.contains(&format!("quiz.toml:{broken_line}")),
        "the problem names its line {broken_line}"
    );
    assert!(page.contains(&format!(r##"href="#zeile-{broken_line}""##)));
    let row = page
        .split(&format!(r#"id="zeile-{broken_line}""#))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the numbered line");
    assert!(row.contains("line-marked"), "{row}");
    assert!(row.contains("Fehler"), "marked in words: {row}");
    // The finding in the reader's language; the TOML reader's own words stay, marked English.
    let finding = page
        .split("An dieser Stelle ist die Datei nicht richtig aufgebaut.")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the finding in German");
    assert!(finding.contains(r#"<span lang="en">"#), "{finding}");

    // The version page now links the problem to its line, and the draft cannot be submitted.
    let (_, page) = app.page(&first, &version_path).await;
    assert!(page.contains(&format!("datei?pfad=quiz.toml#zeile-{broken_line}")));
    assert!(page.contains("Sie können die Fassung erst einreichen"));
    assert!(!page.contains("Notiz für die Prüfung"));

    // The comparison with the published version shows the added line, in words too.
    let (status, page) = app
        .page(&first, &format!("{version_path}/vergleich?mit={published}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("das ist &lt;kein&gt; toml"));
    assert!(page.contains("hinzugefügt"));
    assert!(
        page.contains("unveränderte Zeilen ausgelassen"),
        "the unchanged start of the quiz is left out, and says so"
    );
    assert!(page.contains("Version 2.0.0"));
    let (status, _) = app
        .page(&first, &format!("{version_path}/vergleich?mit=kaputt"))
        .await;
    assert_eq!(status, 404);

    // Repaired; a new lesson opens in the editor with its preview and the image upload.
    let response = app
        .post_form(
            &first,
            "/api/redaktion/inhalte/speichern",
            &file_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("path", "quiz.toml"),
                ("text", &original),
            ],
        )
        .await;
    location(&response);
    let response = app
        .post_form(
            &first,
            "/api/redaktion/inhalte/lektion",
            &version_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("slug", "neue-regeln"),
                ("title", "Neue Regeln"),
            ],
        )
        .await;
    let lesson_path = location(&response);
    assert!(lesson_path.contains("datei?pfad=lessons"), "{lesson_path}");
    let (status, page) = app.page(&first, &lesson_path).await;
    assert_eq!(status, 200);
    for expected in [
        "Vorschau",
        r#"id="lesson-preview""#,
        "data-preview=",
        "Alternativtext",
        &format!(r#"action="{version_path}/bild""#),
        r#"enctype="multipart/form-data""#,
        "Datei entfernen",
    ] {
        assert!(page.contains(expected), "lesson editor shows {expected}");
    }
    assert!(
        page.matches("Text der Lektion.").count() >= 3,
        "text field, preview and numbered view show the text"
    );
    let (_, page) = app
        .page(&first, &format!("{lesson_path}&bild=karte.png"))
        .await;
    assert!(page.contains("Das Bild „karte.png“ ist hochgeladen"));
    let (_, page) = app
        .page(
            &first,
            &format!("{lesson_path}&problem=authoring-alt-required"),
        )
        .await;
    assert!(page.contains("Beschreiben Sie, was das Bild zeigt"));
    assert!(page.contains(r#"id="image-alt-error""#));
    let (_, page) = app
        .page(&first, &format!("{lesson_path}&problem=frei-erfunden"))
        .await;
    assert!(
        !page.contains(r#"id="image-errors""#),
        "only the catalogue's own errors are shown"
    );

    // Submitted: the author may not approve it; a second editor sees it waiting and decides.
    let response = app
        .post_form(
            &first,
            "/api/redaktion/inhalte/einreichen",
            &version_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("note", "Eine Lektion mehr"),
            ],
        )
        .await;
    let submitted = location(&response);
    assert_eq!(submitted, format!("{version_path}?submitted=1"));
    let (_, page) = app.page(&first, &submitted).await;
    assert!(page.contains(r#"role="status""#));
    assert!(page.contains("zur Prüfung eingereicht"));
    assert!(page.contains("Freigeben muss eine zweite Person"));
    assert!(!page.contains("Freigeben und veröffentlichen"));

    let second = editor(&app, "zweite@stadt.example").await;
    let (_, page) = app.page(&second, "/redaktion/inhalte").await;
    let waiting = page
        .split("Wartet auf Ihre Prüfung")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(
        waiting.contains(&format!(r#"href="{version_path}""#)),
        "{waiting}"
    );
    let (_, page) = app.page(&second, &version_path).await;
    assert!(page.contains("Freigeben und veröffentlichen"));
    assert!(page.contains("Zurück an die Redaktion"));
    assert!(
        page.contains("Eine Lektion mehr"),
        "the note reaches the reviewer"
    );

    // Sending back needs a comment: the error comes back at the field.
    let response = app
        .post_form(
            &second,
            "/api/redaktion/inhalte/zurueck",
            &version_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("comment", " "),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("{version_path}#form-errors"));
    let (_, page) = app.page(&second, &version_path).await;
    assert!(page.contains(r#"id="form-errors""#));
    assert!(page.contains(r#"id="field-comment-error""#));

    let response = app
        .post_form(
            &second,
            "/api/redaktion/inhalte/freigeben",
            &version_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("comment", ""),
            ],
        )
        .await;
    let done = location(&response);
    assert_eq!(done, format!("{version_path}?published=1"));
    let (_, page) = app.page(&second, &done).await;
    assert!(page.contains("freigegeben und veröffentlicht"));
    assert!(page.contains("Veröffentlicht"));
    assert!(!page.contains("Entwurf verwerfen"));
}

#[tokio::test]
async fn a_new_module_is_refused_with_errors_at_its_fields_and_a_draft_is_discarded_only_when_confirmed()
 {
    let app = TestApp::spawn().await;
    let client = editor(&app, "redaktion@stadt.example").await;
    let (status, page) = app.page(&client, "/redaktion/inhalte/neu").await;
    assert_eq!(status, 200);
    assert!(page.contains("Kennung"));

    let response = app
        .post_form(
            &client,
            "/api/redaktion/inhalte/neu",
            "/redaktion/inhalte/neu",
            &[("id", "Nicht Gültig"), ("title_de", ""), ("title_en", "")],
        )
        .await;
    assert_eq!(location(&response), "/redaktion/inhalte/neu#form-errors");
    let (_, page) = app.page(&client, "/redaktion/inhalte/neu").await;
    assert!(page.contains("Die Kennung besteht nur aus Kleinbuchstaben"));
    assert!(page.contains(r#"id="field-id-error""#));
    assert!(page.contains(r##"href="#field-title_de""##));
    assert!(page.contains(r#"aria-invalid="true""#));

    let response = app
        .post_form(
            &client,
            "/api/redaktion/inhalte/neu",
            "/redaktion/inhalte/neu",
            &[
                ("id", "testmodul"),
                ("title_de", "Testmodul <Probe>"),
                ("title_en", "Test module"),
            ],
        )
        .await;
    let version_path = location(&response);
    assert_eq!(version_path, "/redaktion/inhalte/testmodul/1");
    let (status, page) = app.page(&client, &version_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Testmodul &lt;Probe&gt;"));
    assert!(page.contains("lessons/01-einfuehrung.md"));
    let (_, page) = app.page(&client, "/redaktion/inhalte").await;
    assert!(page.contains("Noch nicht veröffentlicht"));

    // Discarding asks for the box first.
    let response = app
        .post_form(
            &client,
            "/api/redaktion/inhalte/verwerfen",
            &version_path,
            &[("module", "testmodul"), ("number", "1")],
        )
        .await;
    assert_eq!(location(&response), format!("{version_path}#form-errors"));
    let (_, page) = app.page(&client, &version_path).await;
    assert!(page.contains(r#"id="field-confirm-error""#));
    assert!(page.contains("Entwurf"), "still a draft");
    let response = app
        .post_form(
            &client,
            "/api/redaktion/inhalte/verwerfen",
            &version_path,
            &[("module", "testmodul"), ("number", "1"), ("confirm", "on")],
        )
        .await;
    let discarded = location(&response);
    assert_eq!(discarded, "/redaktion/inhalte/testmodul?discarded=1");
    let (_, page) = app.page(&client, &discarded).await;
    assert!(page.contains("Der Entwurf ist verworfen."));
    assert!(page.contains("Verworfen"));

    // Unknown modules and versions are 404.
    for path in [
        "/redaktion/inhalte/gibt-es-nicht",
        "/redaktion/inhalte/datenschutz/999",
        "/redaktion/inhalte/datenschutz/keine-zahl",
        "/redaktion/inhalte/datenschutz/1/datei?pfad=gibt/es/nicht.md",
    ] {
        let (status, _) = app.page(&client, path).await;
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn only_editors_open_the_content_pages() {
    let app = TestApp::spawn().await;
    let published = published_number(&app, MODULE).await;
    let version = format!("/redaktion/inhalte/{MODULE}/{published}");
    let pages = [
        "/redaktion/inhalte".to_owned(),
        "/redaktion/inhalte/neu".to_owned(),
        format!("/redaktion/inhalte/{MODULE}"),
        version.clone(),
        format!("{version}/datei?pfad=quiz.toml"),
        format!("{version}/vergleich?mit={published}"),
    ];
    for role in [
        Role::Employee,
        Role::Scout,
        Role::Hr,
        Role::Auditor,
        Role::Admin,
    ] {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        for path in &pages {
            let (status, page) = app.page(&client, path).await;
            assert_eq!(status, 403, "{role:?} opening {path}");
            // (The address itself is on the page, in the language switch.)
            for secret in ["Aus dem Lieferumfang", r#"id="zeile-1""#, "Nr. 1: Version"] {
                assert!(!page.contains(secret), "{role:?} sees {secret} on {path}");
            }
        }
        let (_, home) = app.page(&client, "/").await;
        assert!(
            !home.contains(r#"href="/redaktion/inhalte""#),
            "{role:?} sees the menu entry"
        );
    }
    let anonymous = app.client();
    for path in &pages {
        let response = app.get(&anonymous, path).await;
        assert_eq!(response.status(), 302, "{path}");
        assert!(location(&response).starts_with("/login?next="), "{path}");
    }
    // An editor sees the entry and reads a published version, which offers a new draft.
    let client = editor(&app, "redaktion@stadt.example").await;
    let (_, home) = app.page(&client, "/").await;
    assert!(home.contains(r#"href="/redaktion/inhalte""#));
    let (status, page) = app.page(&client, &version).await;
    assert_eq!(status, 200);
    assert!(page.contains("Diese Fassung kann nicht mehr geändert werden."));
    assert!(!page.contains("Zur Prüfung einreichen"));
    let (status, page) = app
        .page(&client, &format!("{version}/datei?pfad=quiz.toml"))
        .await;
    assert_eq!(status, 200);
    assert!(
        !page.contains(r#"id="field-text""#),
        "no text field to change"
    );
    assert!(
        page.contains(r#"id="zeile-1""#),
        "the numbered text is there"
    );
}

/// The value of the hidden `based_on` field of a file page's form.
fn based_on(page: &str) -> String {
    page.split(r#"name="based_on" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the file form carries based_on")
        .to_owned()
}

/// The text a file page's editor field holds.
fn field_text(page: &str) -> String {
    page.split(r#"id="field-text""#)
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split("</textarea>").next())
        .expect("the text field")
        .to_owned()
}

async fn draft_text(app: &TestApp, module: &str, number: i32, path: &str) -> Option<String> {
    let row = content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .filter(content_version::Column::Number.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the version");
    let files: serde_json::Value = serde_json::from_str(&row.files).unwrap();
    files["files"][path].as_str().map(str::to_owned)
}

#[tokio::test]
async fn two_editors_saving_one_file_keep_both_texts_and_a_late_save_is_kept_apart() {
    let app = TestApp::spawn().await;
    let first = editor(&app, "redaktion@stadt.example").await;
    let second = editor(&app, "zweite.redaktion@stadt.example").await;
    let version_path = start_draft(&app, &first, MODULE).await;
    let number: i32 = version_path.rsplit('/').next().unwrap().parse().unwrap();
    let number_text = number.to_string();
    let path = "lessons/02-grundsaetze-und-rechtsgrundlagen.md";
    let file_path = app::authoring::file_href(MODULE, number, path);

    // Both open the lesson; the first saves, then the second, from the text both had opened.
    let (status, page) = app.page(&first, &file_path).await;
    assert_eq!(status, 200);
    let opened = based_on(&page);
    assert_eq!(opened.len(), 64, "a digest: {opened}");
    let original = draft_text(&app, MODULE, number, path).await.unwrap();
    let theirs = original.replacen("\n\n", "\n\nDie Änderung der ersten Redakteurin.\n\n", 1);
    let mine = format!("{original}\nDer Absatz der zweiten Redakteurin.\n");
    let save = async |client: &reqwest::Client, text: &str, based_on: &str| {
        app.post_form(
            client,
            "/api/redaktion/inhalte/speichern",
            &file_path,
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("path", path),
                ("text", text),
                ("based_on", based_on),
            ],
        )
        .await
    };
    assert_eq!(
        location(&save(&first, &theirs, &opened).await),
        format!("{file_path}&saved=1")
    );
    let kept_apart = location(&save(&second, &mine, &opened).await);
    assert!(
        kept_apart.starts_with(&format!("{file_path}&konflikt=")),
        "{kept_apart}"
    );
    assert_eq!(
        draft_text(&app, MODULE, number, path).await.as_deref(),
        Some(theirs.as_str()),
        "the first editor's save is not overwritten"
    );

    // The second editor's page: why, their text in the field, the difference, and a form that
    // now builds on the saved text.
    let (status, page) = app.page(&second, &kept_apart).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ihr Text ist noch nicht gespeichert"));
    assert!(page.contains("hat diese Datei gespeichert, nachdem Sie sie geöffnet haben"));
    let field = field_text(&page);
    assert!(
        field.contains("Der Absatz der zweiten Redakteurin."),
        "{field}"
    );
    assert!(!field.contains("Die Änderung der ersten Redakteurin."));
    assert!(page.contains("Unterschiede zwischen dem gespeicherten Text und Ihrem Text"));
    assert!(page.contains("hinzugefügt") && page.contains("entfernt"));
    let merged_base = based_on(&page);
    assert_ne!(merged_base, opened);
    // Nobody else opens it, not even another editor of the same draft.
    let (status, _) = app.page(&first, &kept_apart).await;
    assert_eq!(status, 404);
    let (status, _) = app
        .page(&second, &format!("{file_path}&konflikt=kein-schluessel"))
        .await;
    assert_eq!(status, 404);

    // Merged and saved: both changes are in, and the text kept apart is gone.
    let merged = format!("{theirs}\nDer Absatz der zweiten Redakteurin.\n");
    assert_eq!(
        location(&save(&second, &merged, &merged_base).await),
        format!("{file_path}&saved=1")
    );
    assert_eq!(
        draft_text(&app, MODULE, number, path).await.as_deref(),
        Some(merged.as_str())
    );
    assert_eq!(
        app::db::content_conflict::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );
    // Saving the same text twice from the same start is no conflict.
    assert_eq!(
        location(&save(&first, &merged, &opened).await),
        format!("{file_path}&saved=1")
    );

    // "Übersetzung anlegen" for a translation someone has started meanwhile keeps theirs.
    let translation = "lessons/02-grundsaetze-und-rechtsgrundlagen.en.md";
    let en_path = app::authoring::file_href(MODULE, number, translation);
    let started = |text: String, client: &reqwest::Client| {
        let client = client.clone();
        let (app, number_text) = (&app, number_text.clone());
        async move {
            app.post_form(
                &client,
                "/api/redaktion/inhalte/speichern",
                &version_path_of(MODULE, number),
                &[
                    ("module", MODULE),
                    ("number", &number_text),
                    ("path", translation),
                    ("text", &text),
                    ("based_on", app::authoring::NO_FILE),
                ],
            )
            .await
        }
    };
    // (The German text stands in for a translation: it has the sections the checks expect.)
    assert_eq!(
        location(&started(merged.clone(), &first).await),
        format!("{en_path}&saved=1")
    );
    let second_start = location(&started("# Grundsätze\n".to_owned(), &second).await);
    assert!(second_start.contains("&konflikt="), "{second_start}");
    assert_eq!(
        draft_text(&app, MODULE, number, translation)
            .await
            .as_deref(),
        Some(merged.as_str())
    );

    // A save that arrives after the draft went to review is kept apart, to be copied.
    let (_, page) = app.page(&second, &file_path).await;
    let base = based_on(&page);
    let response = app
        .post_form(
            &first,
            "/api/redaktion/inhalte/einreichen",
            &version_path,
            &[("module", MODULE), ("number", &number_text), ("note", "")],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("{version_path}?submitted=1"),
        "submitted for review"
    );
    let late = location(&save(&second, "# Zu spät\n\nDieser Text kam zu spät.\n", &base).await);
    assert!(late.contains("&konflikt="), "{late}");
    assert_eq!(
        draft_text(&app, MODULE, number, path).await.as_deref(),
        Some(merged.as_str()),
        "the version in review is unchanged"
    );
    let (status, page) = app.page(&second, &late).await;
    assert_eq!(status, 200);
    assert!(page.contains("Diese Fassung ist kein Entwurf mehr"));
    assert!(page.contains(r#"id="conflict-text""#));
    assert!(page.contains("Dieser Text kam zu spät."));
    assert!(
        !page.contains(r#"id="field-text""#),
        "no editor for a version in review"
    );

    // Kept apart are at most 50 texts per editor, the newest.
    for n in 10..70 {
        app.clock.advance(chrono::Duration::seconds(1));
        let other = format!("lessons/{n}-weitere.md");
        let response = app
            .call(
                &second,
                "redaktion/inhalte/speichern",
                &[
                    ("module", MODULE),
                    ("number", &number_text),
                    ("path", &other),
                    ("text", "# Weitere\n"),
                    ("based_on", &base),
                ],
            )
            .await;
        assert!(ok_or_redirect(&response), "{n}: {}", response.status());
    }
    let kept: Vec<String> = app::db::content_conflict::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.path)
        .collect();
    assert_eq!(kept.len(), 50, "{kept:?}");
    assert!(kept.contains(&"lessons/69-weitere.md".to_owned()));
    assert!(!kept.contains(&"lessons/19-weitere.md".to_owned()));

    // A digest that is none is refused, and without one (an older client) the text is saved
    // as before only while the version is a draft.
    let response = app
        .call(
            &second,
            "redaktion/inhalte/speichern",
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("path", path),
                ("text", "x"),
                ("based_on", "kein-digest"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = app
        .call(
            &second,
            "redaktion/inhalte/speichern",
            &[
                ("module", MODULE),
                ("number", &number_text),
                ("path", path),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
}

fn ok_or_redirect(response: &reqwest::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

fn version_path_of(module: &str, number: i32) -> String {
    format!("/redaktion/inhalte/{module}/{number}")
}
