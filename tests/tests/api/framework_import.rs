//! Frameworks side by side: `content import-framework` turns the DINI AG KIM's DigComp CSV
//! (`fixtures/import/digcomp-dini.csv`, its first rows as published) into a framework that
//! passes the check, and a broken row writes nothing; a broken mapping between editions is
//! reported as `file:line: message`; a pass recorded under DigComp 2.2 is shown to the learner
//! under DigComp 3.0 too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tests::copy_dir;

use app::auth::Role;
use app::content::HasContent;
use tests::TestApp;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A scratch folder with a copy of the valid curriculum in `content/`.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "fs-framework-import-{}",
            uuid::Uuid::new_v4().simple()
        ));
        copy_dir(&fixtures().join("content-valid"), &dir.join("content"));
        Scratch { dir }
    }

    fn content(&self) -> PathBuf {
        self.dir.join("content")
    }

    fn problems(&self) -> Vec<String> {
        match app::content::load(&self.content()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| {
                    let file = p.file.strip_prefix(self.content()).unwrap_or(&p.file);
                    format!("{}:{}: {}", file.display(), p.line, p.message)
                })
                .collect(),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn import(file: &Path, extra: &[&str], out: &Path) -> ExitCode {
    let mut args = vec![
        "fuehrerschein".to_owned(),
        "content".to_owned(),
        "import-framework".to_owned(),
        file.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    server::cli::run_from(args).await
}

#[tokio::test]
async fn the_dini_digcomp_csv_becomes_a_framework_that_passes_the_check() {
    // Arrange
    let scratch = Scratch::new();
    let out = scratch.dir.join("digcomp.toml");

    // Act
    let status = import(
        &fixtures().join("import/digcomp-dini.csv"),
        &[
            "--framework",
            "digcomp-2.1",
            "--title-de",
            "DigComp 2.1 – Referenzrahmen",
            "--title-en",
            "DigComp 2.1 – The framework",
        ],
        &out,
    )
    .await;

    // Assert
    assert_eq!(status, ExitCode::SUCCESS);
    let framework = std::fs::read_to_string(&out).unwrap();
    let competences = scratch.content().join("competences.toml");
    let mut file = std::fs::read_to_string(&competences).unwrap();
    file.push('\n');
    file.push_str(&framework);
    std::fs::write(&competences, file).unwrap();
    assert_eq!(scratch.problems(), Vec::<String>::new());
    let store = app::content::load(&scratch.content()).unwrap();
    let imported: Vec<&str> = store
        .competences
        .iter()
        .filter(|c| c.id.starts_with("digcomp-2.1/"))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        imported,
        [
            "digcomp-2.1/1.1",
            "digcomp-2.1/1.2",
            "digcomp-2.1/1.3",
            "digcomp-2.1/2.1",
            "digcomp-2.1/2.2",
            "digcomp-2.1/4.1"
        ]
    );
    assert_eq!(
        store.competence("digcomp-2.1/2.1").unwrap().title.en,
        "Interacting through digital technologies"
    );
}

#[tokio::test]
async fn a_broken_row_or_a_missing_option_writes_nothing() {
    let scratch = Scratch::new();
    let out = scratch.dir.join("digcomp.toml");
    let broken = scratch.dir.join("kaputt.csv");
    let text = std::fs::read_to_string(fixtures().join("import/digcomp-dini.csv")).unwrap();
    std::fs::write(&broken, text.replacen(";SAFETY\r\n", ";SICHERHEIT\r\n", 1)).unwrap();

    assert_eq!(
        import(&broken, &["--framework", "digcomp-2.1"], &out).await,
        ExitCode::FAILURE,
        "a competence naming an area the file lacks"
    );
    assert!(!out.exists());
    assert_eq!(
        import(&fixtures().join("import/digcomp-dini.csv"), &[], &out).await,
        ExitCode::from(2),
        "without --framework"
    );
    assert_eq!(
        import(
            &fixtures().join("import/digcomp-dini.csv"),
            &["--framework", "DigComp 2.1"],
            &out
        )
        .await,
        ExitCode::from(2),
        "an id with capitals and a space"
    );
    assert_eq!(
        import(
            &fixtures().join("import/digcomp-dini.csv"),
            &["--framework", "digcomp-2.1", "--levels", "9"],
            &out
        )
        .await,
        ExitCode::from(2),
        "more than 8 levels"
    );
    assert!(!out.exists());
}

#[tokio::test]
async fn a_mapping_between_editions_is_checked_with_file_and_line() {
    // Two editions of one framework and a mapping between them, added to the valid curriculum.
    let scratch = Scratch::new();
    let competences = scratch.content().join("competences.toml");
    let mut file = std::fs::read_to_string(&competences).unwrap();
    file.push_str(
        r#"
[[frameworks]]
id = "neu"
title = { de = "Neu", en = "New" }
version = "2"
levels = 4

[[levels]]
framework = "neu"
level = 1
title = { de = "Basis", en = "Basic" }
[[levels]]
framework = "neu"
level = 2
title = { de = "Mittel", en = "Intermediate" }
[[levels]]
framework = "neu"
level = 3
title = { de = "Fortgeschritten", en = "Advanced" }
[[levels]]
framework = "neu"
level = 4
title = { de = "Sehr fortgeschritten", en = "Highly advanced" }

[[areas]]
framework = "neu"
id = "neu/a"
number = "A"
title = { de = "Bereich A", en = "Area A" }

[[competences]]
id = "neu/eins"
area = "neu/a"
title = { de = "Kompetenz eins", en = "Competence one" }
description = { de = "Beschreibung", en = "Description" }
"#,
    );
    std::fs::write(&competences, file).unwrap();
    let mapping = "[[mappings]]\nfrom = \"test\"\nto = \"neu\"\nlevels = [1, 1, 2, 2, 3, 3, 4, 4]\n\
                   competences = [\n  { from = \"test/eins\", to = \"neu/eins\" },\n]\n";
    let mappings = scratch.content().join("framework-mappings.toml");
    std::fs::write(&mappings, mapping).unwrap();
    assert_eq!(scratch.problems(), Vec::<String>::new());
    let store = app::content::load(&scratch.content()).unwrap();
    let found = store.equivalents("test/eins", 3);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].competence.id.as_str(), found[0].level),
        ("neu/eins", 2)
    );

    for (case, broken, expected) in [
        (
            "unknown competence",
            mapping.replace("to = \"neu/eins\"", "to = \"neu/zwei\""),
            "framework-mappings.toml:6: unknown competence neu/zwei",
        ),
        (
            "level out of range",
            mapping.replace("4, 4]", "4, 5]"),
            "framework-mappings.toml:4: level 5 is outside 1–4 of neu",
        ),
    ] {
        std::fs::write(&mappings, broken).unwrap();
        let problems = scratch.problems();
        assert!(
            problems.iter().any(|p| p == expected),
            "{case}: expected {expected:?}, got {problems:#?}"
        );
    }
}

#[tokio::test]
async fn a_pass_under_digcomp_2_2_is_shown_under_digcomp_3_0_too() {
    // Arrange: a module of the shipped curriculum that proves a DigComp 2.2 competence.
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let content = app.ctx.content();
    let (module, competence, level) = content
        .modules
        .iter()
        .filter(|m| m.prerequisites.is_empty())
        .find_map(|m| {
            m.proves
                .iter()
                .find(|(id, _)| id.starts_with("digcomp-2.2/"))
                .map(|(id, level)| (m.id.clone(), id.clone(), *level))
        })
        .expect("a module without prerequisites proves a DigComp 2.2 competence");
    let equivalent = &content.equivalents(&competence, level)[0];
    let title = &equivalent.competence.title.de;
    let code = competence.trim_start_matches("digcomp-2.2/");
    let expected = format!(
        "Entspricht DigComp 3.0: {code} {title} – Stufe {} von 4 (",
        level.div_ceil(2)
    );

    // Act
    tests::learning::pass(&app, &client, &module).await;

    // Assert: the evidence and the module page name the DigComp 3.0 equivalent.
    for path in ["/evidence".to_owned(), format!("/modules/{module}")] {
        let (status, page) = app.page(&client, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(&expected), "{path} lacks {expected:?}");
    }
    // The DigComp 3.0 competence finds the module in the catalogue (the credential links there).
    let (status, page) = app
        .page(
            &client,
            &format!("/learn?competence={}", equivalent.competence.id),
        )
        .await;
    assert_eq!(status, 200);
    let module_title = &content.module(&module).unwrap().title.de;
    assert!(
        page.contains(&format!("href=\"/modules/{module}\"")),
        "the catalogue filtered by {} lists {module_title}",
        equivalent.competence.id
    );
}
