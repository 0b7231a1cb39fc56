//! The browser bundle: content-hashed file names cached for good, and islands only where a page
//! is interactive, so that a learner's pages load no WebAssembly at all except the quiz.

use app::auth::Role;
use tests::TestApp;

/// A site folder with a bundle of three small files (and a gzip copy of the style sheet, as the
/// build writes it).
fn site_with_bundle(css: &str) -> std::path::PathBuf {
    let site = std::env::temp_dir().join(format!("fs-site-{}", uuid::Uuid::new_v4().simple()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("fuehrerschein.css"), css).unwrap();
    std::fs::write(
        pkg.join("fuehrerschein.js"),
        "export default async function () {}",
    )
    .unwrap();
    std::fs::write(pkg.join("fuehrerschein_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    site
}

/// The address of the style sheet in a page.
fn stylesheet(page: &str) -> String {
    let start = page
        .find("href=\"/pkg/fuehrerschein.")
        .expect("stylesheet link")
        + 6;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_owned()
}

#[tokio::test]
async fn bundle_files_have_content_hashed_names_and_are_cached_for_good() {
    let site = site_with_bundle("body{color:black}");
    let app = TestApp::spawn_with(|c| c.site_root = site.clone()).await;
    let client = app.client();
    let (status, page) = app.page(&client, "/login").await;
    assert_eq!(status, 200);
    let css = stylesheet(&page);
    assert!(
        css.len() == "/pkg/fuehrerschein.0123456789abcdef.css".len() && css.ends_with(".css"),
        "{css}"
    );
    let response = app.get(&client, &css).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.text().await.unwrap(), "body{color:black}");
    // The loader names the hashed script and module too.
    assert!(page.contains("/pkg/fuehrerschein."), "{page}");
    assert!(!page.contains("/pkg/fuehrerschein.js\""), "{page}");
    // The plain name still answers, but is revalidated; a made-up hash does not exist.
    let plain = app.get(&client, "/pkg/fuehrerschein.css").await;
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    let unknown = app
        .get(&client, "/pkg/fuehrerschein.0123456789abcdef.css")
        .await;
    assert_eq!(unknown.status(), 404);
    app.shutdown().await;

    // A changed file gets a new address: no browser keeps the old one for the new release.
    let changed = site_with_bundle("body{color:navy}");
    let app = TestApp::spawn_with(|c| c.site_root = changed.clone()).await;
    let (_, page) = app.page(&app.client(), "/login").await;
    assert_ne!(stylesheet(&page), css);
    app.shutdown().await;
    let _ = std::fs::remove_dir_all(site);
    let _ = std::fs::remove_dir_all(changed);
}

#[tokio::test]
async fn learner_pages_carry_no_island_but_the_quiz_question() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("lernende@stadt.example", &[Role::Employee])
        .await;
    let module = "grundlagen-digitaler-arbeitsplatz";
    let attempt = tests::learning::start(&app, &client, module, false).await;
    for path in [
        "/learn".to_owned(),
        format!("/modules/{module}"),
        "/evidence".to_owned(),
        "/certificate".to_owned(),
        format!("/quiz/{attempt}"),
    ] {
        let (status, page) = app.page(&client, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("<leptos-island"), "{path} has an island");
        // Without islands nothing hydrates, so the page carries no serialised data for it
        // (Leptos writes the empty lists of its bootstrap script all the same).
        assert!(page.contains("__RESOLVED_RESOURCES=[];"), "{path}");
        assert!(!page.contains("__RESOLVED_RESOURCES["), "{path}");
    }
    // A page with text fields (here the password change) carries the island that keeps what
    // was typed when the server refuses the form, and no other.
    let (status, page) = app.page(&client, "/settings").await;
    assert_eq!(status, 200);
    assert!(page.contains("data-component=\"KeepInput_"), "{page}");
    assert!(!page.contains("data-component=\"Autosave_"), "{page}");
    let (status, page) = app
        .page(&client, &format!("/quiz/{attempt}/question/1"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("<leptos-island").count(), 1, "{page}");
    assert!(page.contains("data-component=\"Autosave_"), "{page}");
    // The island reads its attempt and position from the form, and its texts from the status.
    assert!(
        page.contains(&format!("data-attempt=\"{attempt}\"")),
        "{page}"
    );
    assert!(
        page.contains("data-saved-text=\"Ihre Antwort ist gespeichert.\""),
        "{page}"
    );
}
