//! Uploads and downloads of the editors (issue 20, point 1): a GIFT or Moodle XML question bank
//! goes into a draft's quiz with the importer's report, a module folder travels as a zip file
//! (export, and upload as the module's draft), and an image with its alt text lands in a
//! lesson. Refused files leave the draft as it was and never cause a 500; nobody but an editor
//! gets in.

use app::auth::Role;
use app::authoring::server::{archive, library};
use app::content::ModuleFiles;
use app::db::{content_upload, content_version};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tests::{TestApp, visible_text};

/// A shipped module with an image (`media/`), so that the folder's images travel too.
const MODULE: &str = "prozesse-digital-denken";

/// One question GIFT converts, and one it cannot (a single choice needs three options).
const GIFT: &str = "// Zwei Fragen zum Testen\n\
::Erde::Die Erde ist rund.{T}\n\
\n\
::Zwei Optionen::Welche Antwort stimmt?{=Ja ~Nein}\n";

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Akte digital</text></name>
    <questiontext format="html"><text><![CDATA[<p>Eine E-Akte ersetzt die Papierakte.</p>]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"#;

async fn editor(app: &TestApp, email: &str) -> reqwest::Client {
    app.logged_in(email, &[Role::Employee, Role::Editor])
        .await
        .0
}

async fn versions(app: &TestApp, module: &str) -> Vec<content_version::Model> {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .order_by_asc(content_version::Column::Number)
        .all(&app.db)
        .await
        .unwrap()
}

async fn with_status(app: &TestApp, module: &str, status: &str) -> content_version::Model {
    versions(app, module)
        .await
        .into_iter()
        .rev()
        .find(|v| v.status == status)
        .unwrap_or_else(|| panic!("{module} has no version in status {status}"))
}

/// Starts a draft of `module` with the server function the version page uses.
async fn start_draft(
    app: &TestApp,
    client: &reqwest::Client,
    module: &str,
) -> content_version::Model {
    let response = app
        .call(client, "redaktion/inhalte/entwurf", &[("module", module)])
        .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "start_draft: {}",
        response.status()
    );
    with_status(app, module, content_version::DRAFT).await
}

async fn reload(app: &TestApp, row: &content_version::Model) -> content_version::Model {
    content_version::Entity::find_by_id(row.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Posts a multipart form with the file `file` and text fields, as the browser form does.
async fn post_file(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (key, value) in fields {
        form = form.text(key.to_string(), value.to_string());
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    client
        .post(app.url(path))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(
        response.status(),
        303,
        "a form post answers with a redirect"
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The first German lesson of a version: (path, link).
fn first_lesson(files: &ModuleFiles) -> (String, String) {
    let path = files
        .files
        .keys()
        .find(|p| p.starts_with("lessons/") && !p.ends_with(".en.md"))
        .unwrap()
        .clone();
    let link = path
        .trim_start_matches("lessons/")
        .trim_end_matches(".md")
        .to_owned();
    (path, link)
}

async fn page_text(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let (status, html) = app.page(client, path).await;
    assert_eq!(status, 200, "{path}");
    visible_text(&html)
}

#[tokio::test]
async fn a_question_bank_goes_into_the_draft_with_its_report() {
    let app = TestApp::spawn().await;
    let client = editor(&app, "redaktion@stadt.example").await;
    let draft = start_draft(&app, &client, MODULE).await;
    let before = library::files_of(&draft);
    let quiz_before = before.files["quiz.toml"].clone();
    let (lesson_path, lesson_link) = first_lesson(&before);
    let form = format!("/redaktion/inhalte/{MODULE}/{}/import", draft.number);

    // The form offers the draft's lessons.
    let text = page_text(&app, &client, &form).await;
    assert!(text.contains("Fragen importieren"), "{text}");
    let (_, html) = app.page(&client, &form).await;
    assert!(html.contains(&format!("value=\"{lesson_path}\"")), "{html}");

    // GIFT: one question taken, one listed with its line.
    let response = post_file(
        &app,
        &client,
        &form,
        &[("lesson", &lesson_path), ("format", "auto")],
        "fragen.gift",
        GIFT.as_bytes().to_vec(),
    )
    .await;
    let report = location(&response);
    assert!(
        report.starts_with(&format!("/redaktion/inhalte/{MODULE}/import/")),
        "{report}"
    );
    let text = page_text(&app, &client, &report).await;
    assert!(text.contains("1 Frage übernommen"), "{text}");
    assert!(text.contains("1 Frage nicht übernommen"), "{text}");
    assert!(
        text.contains("Zeile 4"),
        "the skipped question's line: {text}"
    );
    // The importer's reason, in the reader's language: the page is German.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Frage 2 „Zwei Optionen“ (single): Eine Frage mit einer richtigen Antwort braucht \
             mindestens 3 Antwortmöglichkeiten. Diese hat 2."
        ),
        "the importer's reason: {text}"
    );
    assert!(!text.contains("at least 3 options"), "{text}");
    assert!(text.contains("erde"), "{text}");
    let quiz = library::files_of(&reload(&app, &draft).await).files["quiz.toml"].clone();
    assert!(quiz.starts_with(&quiz_before), "the quiz keeps its text");
    let parsed: toml::Table = toml::from_str(&quiz).unwrap();
    let questions = parsed["questions"].as_array().unwrap();
    let added = questions
        .iter()
        .find(|q| q["id"].as_str() == Some("erde"))
        .expect("the imported question is in the quiz");
    assert_eq!(added["type"].as_str(), Some("true_false"));
    assert_eq!(added["lesson"].as_str(), Some(lesson_link.as_str()));
    let stored = content_upload::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].format, "gift");
    assert_eq!(stored[0].version_id, draft.id);

    // A report stored before the importer's notes were translated holds English sentences: it
    // still opens and shows them as they were written, marked as English.
    let mut old: serde_json::Value = serde_json::from_str(&stored[0].report).unwrap();
    old["skipped"][0]["message"] = serde_json::Value::from(
        "question 2 \"Zwei Optionen\" (single): a single-choice question needs at least 3 \
         options, this one has 2",
    );
    let mut row: content_upload::ActiveModel = stored[0].clone().into();
    row.report = Set(old.to_string());
    row.update(&app.db).await.unwrap();
    let (status, html) = app.page(&client, &report).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<span lang=\"en\">question 2 "), "{html}");
    let flat = visible_text(&html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("question 2 \"Zwei Optionen\" (single): a single-choice question needs"),
        "{flat}"
    );

    // The same file again: the id is taken, the question is renamed and the report says so.
    let response = post_file(
        &app,
        &client,
        &form,
        &[("lesson", &lesson_path)],
        "fragen.gift",
        GIFT.as_bytes().to_vec(),
    )
    .await;
    let text = page_text(&app, &client, &location(&response)).await;
    assert!(text.contains("erde-2"), "{text}");
    assert!(
        text.contains("1 Frage hat eine neue Kennung bekommen"),
        "{text}"
    );
    let quiz = library::files_of(&reload(&app, &draft).await).files["quiz.toml"].clone();
    let parsed: toml::Table = toml::from_str(&quiz).unwrap();
    let ids: Vec<&str> = parsed["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["id"].as_str())
        .collect();
    assert_eq!(ids.iter().filter(|id| **id == "erde").count(), 1, "{ids:?}");
    assert!(ids.contains(&"erde-2"), "{ids:?}");

    // Moodle XML, recognised by its content.
    let response = post_file(
        &app,
        &client,
        &form,
        &[("lesson", &lesson_path), ("format", "auto")],
        "export.txt",
        XML.as_bytes().to_vec(),
    )
    .await;
    let text = page_text(&app, &client, &location(&response)).await;
    assert!(text.contains("Moodle-XML"), "{text}");
    assert!(text.contains("1 Frage übernommen"), "{text}");
    let quiz = library::files_of(&reload(&app, &draft).await).files["quiz.toml"].clone();
    assert!(quiz.contains("id = \"akte-digital\""), "{quiz}");
}

#[tokio::test]
async fn a_refused_question_bank_leaves_the_draft_as_it_was() {
    let app = TestApp::spawn().await;
    let client = editor(&app, "redaktion@stadt.example").await;
    let draft = start_draft(&app, &client, MODULE).await;
    let (lesson_path, _) = first_lesson(&library::files_of(&draft));
    let form = format!("/redaktion/inhalte/{MODULE}/{}/import", draft.number);
    let broken_xml = "<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"truefalse\">\n    <name><text>x</text>\n</quiz>\n";
    let cases: &[(&str, &str, Vec<u8>, &str, &str)] = &[
        (
            "broken XML",
            "fragen.xml",
            broken_xml.as_bytes().to_vec(),
            "problem=content-import-problem-xml&line=",
            "kein lesbares Moodle-XML",
        ),
        (
            "a list that is no GIFT",
            "liste.csv",
            b"Name;Vorname\nMuster;Erika\n".to_vec(),
            "problem=content-import-problem-not-gift",
            "keine Frage im Format GIFT",
        ),
        (
            "an empty file",
            "leer.gift",
            Vec::new(),
            "problem=content-import-problem-no-file",
            "Wählen Sie eine Datei aus",
        ),
        (
            "no text",
            "bild.gift",
            vec![0xff, 0xfe, 0x00, 0x41],
            "problem=content-import-problem-not-text&line=1",
            "keine Textdatei in UTF-8",
        ),
    ];
    for (case, name, bytes, problem, message) in cases {
        let response = post_file(
            &app,
            &client,
            &form,
            &[("lesson", &lesson_path)],
            name,
            bytes.clone(),
        )
        .await;
        let back = location(&response);
        assert!(back.starts_with(&format!("{form}?")), "{case}: {back}");
        assert!(back.contains(problem), "{case}: {back}");
        let text = page_text(&app, &client, &back).await;
        assert!(text.contains(message), "{case}: {text}");
        assert!(
            text.contains("Im Entwurf hat sich nichts geändert"),
            "{case}: {text}"
        );
        assert_eq!(
            reload(&app, &draft).await,
            draft,
            "{case}: the draft is unchanged"
        );
    }
    let (_, html) = app
        .page(
            &client,
            &format!("{form}?problem=content-import-problem-xml&line=3"),
        )
        .await;
    assert!(
        visible_text(&html).contains("Zeile 3:"),
        "the line is named"
    );
    assert!(
        html.contains("href=\"#field-file\""),
        "the summary links to the field"
    );

    // A lesson that is not one of the draft's.
    let response = post_file(
        &app,
        &client,
        &form,
        &[("lesson", "lessons/99-gibt-es-nicht.md")],
        "fragen.gift",
        GIFT.as_bytes().to_vec(),
    )
    .await;
    assert!(location(&response).contains("problem=content-import-problem-lesson"));
    // A page made up with text of its own shows nothing of it.
    let (_, html) = app
        .page(&client, &format!("{form}?problem=error-internal"))
        .await;
    assert!(
        !html.contains("form-errors"),
        "only the form's own problems are shown"
    );

    assert_eq!(reload(&app, &draft).await, draft, "the draft is unchanged");
    assert_eq!(
        content_upload::Entity::find().count(&app.db).await.unwrap(),
        0,
        "no report for a refused file"
    );

    // A published version takes no import.
    let published = with_status(&app, MODULE, content_version::PUBLISHED).await;
    let response = post_file(
        &app,
        &client,
        &format!("/redaktion/inhalte/{MODULE}/{}/import", published.number),
        &[("lesson", &lesson_path)],
        "fragen.gift",
        GIFT.as_bytes().to_vec(),
    )
    .await;
    assert!(
        location(&response).contains("problem=authoring-not-a-draft"),
        "a published version is not changed"
    );
}

#[tokio::test]
async fn a_module_folder_travels_as_a_zip_file() {
    let app = TestApp::spawn().await;
    let client = editor(&app, "redaktion@stadt.example").await;
    let published = with_status(&app, MODULE, content_version::PUBLISHED).await;
    let files = library::files_of(&published);
    assert!(!files.media.is_empty(), "the module has an image");

    // Export.
    let response = app
        .get(
            &client,
            &format!(
                "/redaktion/inhalte/{MODULE}/{}/export.zip",
                published.number
            ),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap(),
        format!(
            "attachment; filename=\"{MODULE}-{}.zip\"",
            published.version
        )
    );
    let zip = response.bytes().await.unwrap().to_vec();
    let unpacked = archive::unpack(&zip).unwrap();
    assert_eq!(
        unpacked.files, files,
        "the export holds the version's files"
    );
    for (name, bytes) in &unpacked.images {
        let on_disk = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../content/modules")
                .join(MODULE)
                .join("media")
                .join(name),
        )
        .unwrap();
        assert_eq!(bytes, &on_disk, "{name}");
    }

    // Upload as the module's draft: the same files.
    let response = post_file(
        &app,
        &client,
        "/redaktion/inhalte/import",
        &[],
        &format!("{MODULE}.zip"),
        zip,
    )
    .await;
    let report = location(&response);
    assert!(
        report.starts_with(&format!("/redaktion/inhalte/{MODULE}/import/")),
        "{report}"
    );
    let draft = with_status(&app, MODULE, content_version::DRAFT).await;
    assert_eq!(
        library::files_of(&draft),
        files,
        "the draft has the folder's files"
    );
    let text = page_text(&app, &client, &report).await;
    assert!(text.contains("Das Modul gab es schon"), "{text}");
    assert!(text.contains("module.toml"), "{text}");

    // Another city's copy: the same folder under a new id keeps every image, the release's SVG
    // diagram too, and serves it under the policy that keeps scripts in an SVG from running.
    let mut copy = unpacked.files.clone();
    let manifest = copy.files["module.toml"].replacen(
        &format!("id = \"{MODULE}\""),
        "id = \"prozesse-kopie\"",
        1,
    );
    assert!(manifest.contains("prozesse-kopie"), "{manifest}");
    copy.files.insert("module.toml".into(), manifest);
    let svgs: Vec<&String> = copy.media.iter().filter(|n| n.ends_with(".svg")).collect();
    assert!(!svgs.is_empty(), "the shipped module has an SVG image");
    let zip = archive::pack("prozesse-kopie", &copy, &unpacked.images).unwrap();
    let response = post_file(
        &app,
        &client,
        "/redaktion/inhalte/import",
        &[],
        "kopie.zip",
        zip,
    )
    .await;
    let report = location(&response);
    let created = with_status(&app, "prozesse-kopie", content_version::DRAFT).await;
    assert_eq!(
        library::files_of(&created).media,
        copy.media,
        "every image arrived"
    );
    let text = page_text(&app, &client, &report).await;
    assert!(!text.contains("wurde nicht übernommen"), "{text}");
    let response = app
        .get(
            &client,
            &format!("/content/prozesse-kopie/media/{}", svgs[0]),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("sandbox") && policy.contains("default-src 'none'"),
        "{policy}"
    );

    // A folder with a path out of the folder and an entry larger than a file may be: both are
    // left out and named, the rest becomes a new module's first draft.
    let mut folder = ModuleFiles::default();
    folder.files.insert(
        "module.toml".into(),
        "id = \"neues-modul\"\nversion = \"1.0.0\"\ntitle = { de = \"Neu\", en = \"New\" }\n"
            .into(),
    );
    folder
        .files
        .insert("lessons/01-anfang.md".into(), "# Anfang\n\nText.\n".into());
    folder
        .files
        .insert("lessons/02-gross.md".into(), "a".repeat(5 * 1024 * 1024));
    folder.files.insert("../../boese.md".into(), "x".into());
    let zip = archive::pack("neues-modul", &folder, &[]).unwrap();
    assert!(zip.len() < 200 * 1024, "the large entry packs small");
    let response = post_file(
        &app,
        &client,
        "/redaktion/inhalte/import",
        &[],
        "neu.zip",
        zip,
    )
    .await;
    let report = location(&response);
    let created = with_status(&app, "neues-modul", content_version::DRAFT).await;
    let taken: Vec<String> = library::files_of(&created).files.into_keys().collect();
    assert_eq!(taken, vec!["lessons/01-anfang.md", "module.toml"]);
    let text = page_text(&app, &client, &report).await;
    assert!(text.contains("Das Modul ist neu"), "{text}");
    assert!(text.contains("lessons/02-gross.md"), "{text}");
    assert!(
        text.contains("ist zu groß und wurde nicht übernommen"),
        "{text}"
    );
    assert!(text.contains("Eintrag ohne gültigen Namen"), "{text}");
    assert!(text.contains("Prüfung des Entwurfs"), "{text}");

    // Files that are no module folder are refused with a reason, never a 500.
    let mut reserved = ModuleFiles::default();
    reserved
        .files
        .insert("module.toml".into(), "id = \"import\"\n".into());
    let mut nameless = ModuleFiles::default();
    nameless
        .files
        .insert("module.toml".into(), "title = \"ohne Kennung\"\n".into());
    let mut bad_id = ModuleFiles::default();
    bad_id
        .files
        .insert("module.toml".into(), "id = \"../etc\"\n".into());
    let cases = [
        ("no zip", b"kein zip".to_vec(), "authoring-zip-invalid"),
        (
            "a reserved id",
            archive::pack("import", &reserved, &[]).unwrap(),
            "content-import-problem-zip-id-reserved",
        ),
        (
            "no id",
            archive::pack("x", &nameless, &[]).unwrap(),
            "content-import-problem-zip-no-id",
        ),
        (
            "an id that is no slug",
            archive::pack("x", &bad_id, &[]).unwrap(),
            "content-import-problem-zip-id",
        ),
        (
            "no module.toml",
            archive::pack("x", &ModuleFiles::default(), &[]).unwrap(),
            "authoring-zip-no-module",
        ),
    ];
    for (case, bytes, key) in cases {
        let response = post_file(
            &app,
            &client,
            "/redaktion/inhalte/import",
            &[],
            "x.zip",
            bytes,
        )
        .await;
        let back = location(&response);
        assert_eq!(
            back,
            format!("/redaktion/inhalte/import?problem={key}"),
            "{case}"
        );
        let text = page_text(&app, &client, &back).await;
        assert!(text.contains("wurde nicht übernommen"), "{case}: {text}");
    }
    assert!(versions(&app, "import").await.is_empty());
}

#[tokio::test]
async fn an_image_needs_its_alt_text_and_is_served_at_once() {
    let app = TestApp::spawn().await;
    let client = editor(&app, "redaktion@stadt.example").await;
    let draft = start_draft(&app, &client, MODULE).await;
    let (lesson, _) = first_lesson(&library::files_of(&draft));
    let target = format!("/redaktion/inhalte/{MODULE}/{}/bild", draft.number);
    let editor_page = format!(
        "/redaktion/inhalte/{MODULE}/{}/datei?pfad={lesson}",
        draft.number
    );
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"\0\0\0\rIHDR ein kleines Bild");

    let response = post_file(
        &app,
        &client,
        &target,
        &[("lesson", &lesson), ("alt", "  ")],
        "Karte.png",
        png.clone(),
    )
    .await;
    assert_eq!(
        location(&response),
        format!("{editor_page}&problem=authoring-alt-required")
    );
    assert_eq!(reload(&app, &draft).await, draft, "nothing stored");

    let response = post_file(
        &app,
        &client,
        &target,
        &[("lesson", &lesson), ("alt", "Karte des Rathauses")],
        "Karte.png",
        png.clone(),
    )
    .await;
    assert_eq!(location(&response), format!("{editor_page}&bild=karte.png"));
    let files = library::files_of(&reload(&app, &draft).await);
    assert!(
        files.files[&lesson].contains("![Karte des Rathauses](media/karte.png)"),
        "{}",
        files.files[&lesson]
    );
    assert!(files.media.contains("karte.png"));
    let response = app
        .get(&client, &format!("/content/{MODULE}/media/karte.png"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await.unwrap().to_vec(), png);

    // Not an image, or too large: refused with the reason.
    let response = post_file(
        &app,
        &client,
        &target,
        &[("lesson", &lesson), ("alt", "Text")],
        "text.png",
        b"kein Bild".to_vec(),
    )
    .await;
    assert_eq!(
        location(&response),
        format!("{editor_page}&problem=authoring-image-type")
    );
    let mut large = png.clone();
    large.resize(app::authoring::MAX_IMAGE_BYTES + 1, 0);
    let response = post_file(
        &app,
        &client,
        &target,
        &[("lesson", &lesson), ("alt", "Groß")],
        "gross.png",
        large,
    )
    .await;
    assert_eq!(
        location(&response),
        format!("{editor_page}&problem=authoring-image-too-large")
    );
}

#[tokio::test]
async fn only_editors_up_and_download_and_only_from_this_site() {
    let app = TestApp::spawn().await;
    let editor_client = editor(&app, "redaktion@stadt.example").await;
    let draft = start_draft(&app, &editor_client, MODULE).await;
    let (lesson, _) = first_lesson(&library::files_of(&draft));
    let number = draft.number;
    let (learner, _) = app
        .logged_in("lerner@stadt.example", &[Role::Employee])
        .await;

    for (path, fields) in [
        (
            format!("/redaktion/inhalte/{MODULE}/{number}/import"),
            vec![("lesson", lesson.as_str())],
        ),
        ("/redaktion/inhalte/import".to_owned(), vec![]),
        (
            format!("/redaktion/inhalte/{MODULE}/{number}/bild"),
            vec![("lesson", lesson.as_str()), ("alt", "Bild")],
        ),
    ] {
        let response = post_file(
            &app,
            &learner,
            &path,
            &fields,
            "x.gift",
            GIFT.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(response.status(), 403, "{path}");
    }
    let response = app
        .get(
            &learner,
            &format!("/redaktion/inhalte/{MODULE}/{number}/export.zip"),
        )
        .await;
    assert_eq!(response.status(), 403);
    for page in [
        format!("/redaktion/inhalte/{MODULE}/{number}/import"),
        "/redaktion/inhalte/import".to_owned(),
    ] {
        let (status, _) = app.page(&learner, &page).await;
        assert_eq!(status, 403, "{page}");
    }

    // The editor's report is the editors' only.
    let response = post_file(
        &app,
        &editor_client,
        &format!("/redaktion/inhalte/{MODULE}/{number}/import"),
        &[("lesson", &lesson)],
        "fragen.gift",
        GIFT.as_bytes().to_vec(),
    )
    .await;
    let report = location(&response);
    let (status, _) = app.page(&learner, &report).await;
    assert_eq!(status, 403);
    // Under another module's address the report is not found.
    let elsewhere = report.replace(MODULE, "datenschutz");
    let (status, _) = app.page(&editor_client, &elsewhere).await;
    assert_eq!(status, 404);

    // A post from another site is refused before it is read.
    let before = reload(&app, &draft).await;
    let form = reqwest::multipart::Form::new()
        .text("lesson", lesson.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(GIFT.as_bytes().to_vec()).file_name("fragen.gift"),
        );
    let response = editor_client
        .post(app.url(&format!("/redaktion/inhalte/{MODULE}/{number}/import")))
        .header("Origin", "https://angreifer.example")
        .header("Sec-Fetch-Site", "cross-site")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(reload(&app, &draft).await, before);
}
