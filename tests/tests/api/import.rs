//! `content import-gift` and `content import-moodle-xml`: the fixtures in `fixtures/import/`
//! become a quiz that passes `content check`; what cannot be converted is listed with its line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tests::copy_dir;

use app::content::{Choice, Module, QuestionKind};
use server::content_import::{self, Format, Import};

const LESSON: &str = "01-erste-lektion#der-erste-abschnitt";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A copy of the valid curriculum whose module `beispiel` gets its quiz from the import.
struct Curriculum {
    dir: PathBuf,
}

impl Curriculum {
    fn new() -> Curriculum {
        let dir = std::env::temp_dir().join(format!("fs-import-{}", uuid::Uuid::new_v4().simple()));
        copy_dir(&fixtures().join("content-valid"), &dir);
        // The imported quiz replaces the German one; it has no English texts (yet).
        std::fs::remove_file(dir.join("modules/beispiel/quiz.en.toml")).unwrap();
        Curriculum { dir }
    }

    fn quiz(&self) -> PathBuf {
        self.dir.join("modules/beispiel/quiz.toml")
    }

    /// Loads the curriculum; panics with every problem if the check fails.
    fn module(&self) -> Module {
        let store = app::content::load(&self.dir).unwrap_or_else(|problems| {
            panic!(
                "content check failed:\n{}\n--- quiz.toml ---\n{}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
                std::fs::read_to_string(self.quiz()).unwrap_or_default()
            )
        });
        store.module("beispiel").unwrap().as_ref().clone()
    }
}

impl Drop for Curriculum {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn import(command: &str, file: &Path, lesson: Option<&str>, out: &Path) -> ExitCode {
    let mut args = vec![
        "fuehrerschein".to_owned(),
        "content".to_owned(),
        command.to_owned(),
        file.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    if let Some(lesson) = lesson {
        args.extend(["--lesson".to_owned(), lesson.to_owned()]);
    }
    server::cli::run_from(args).await
}

fn kind<'a>(module: &'a Module, id: &str) -> &'a QuestionKind {
    &module
        .question(id)
        .unwrap_or_else(|| panic!("question {id} missing"))
        .kind
}

fn choice(text: &str, correct: bool, feedback: Option<&str>) -> Choice {
    Choice {
        text: text.into(),
        correct,
        feedback: feedback.map(str::to_owned),
    }
}

/// (line, start of the message) of every question that was not converted.
fn not_converted(import: &Import) -> Vec<(usize, String)> {
    import
        .not_converted
        .iter()
        .map(|n| (n.line, n.message.to_string()))
        .collect()
}

fn assert_listed(listed: &[(usize, String)], expected: &[(usize, &str)]) {
    assert_eq!(listed.len(), expected.len(), "not converted: {listed:#?}");
    for ((line, message), (expected_line, expected_start)) in listed.iter().zip(expected) {
        assert_eq!(line, expected_line, "{message}");
        assert!(
            message.starts_with(expected_start),
            "line {line}: {message:?} should start with {expected_start:?}"
        );
    }
}

#[tokio::test]
async fn a_gift_file_becomes_a_quiz_that_passes_the_check() {
    let curriculum = Curriculum::new();
    let gift = fixtures().join("import/fragen.gift");

    let code = import("import-gift", &gift, Some(LESSON), &curriculum.quiz()).await;

    assert_eq!(code, ExitCode::SUCCESS);
    let module = curriculum.module();
    let quiz = &module.quiz;
    assert_eq!(quiz.questions.len(), 17);
    // Two fifths of the pool, so that the pool holds 2.5 × the draw.
    assert_eq!(quiz.draw, 6);
    assert_eq!(quiz.pass_mark, 75);
    assert!(
        quiz.questions.iter().all(|q| q.lesson == "01-erste-lektion"
            && q.anchor.as_deref() == Some("der-erste-abschnitt"))
    );
    let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "personalausweis-beantragen",
            "sonderzeichen",
            "besondere-kategorien",
            "sichere-passwoerter",
            "dsgvo-fuer-behoerden",
            "private-cloud",
            "zeilenumbruch",
            "onlinezugangsgesetz",
            "elektronische-akte",
            "zustaendigkeiten",
            "meldefrist",
            "aufbewahrung",
            "bearbeitungszeit",
            "grundgesetz",
            "html-frage",
            "hilfetaste",
            "q-17",
        ]
    );

    let first = module.question("personalausweis-beantragen").unwrap();
    assert_eq!(
        first.feedback_correct.as_deref(),
        Some("Zuständig ist die Personalausweisbehörde, meist das Bürgeramt (§ 8 PAuswG).")
    );
    assert_eq!(
        first.kind,
        QuestionKind::Single {
            options: vec![
                choice(
                    "Im Bürgeramt ihrer Wohnsitzgemeinde",
                    true,
                    Some("Richtig: Dort sitzt die Personalausweisbehörde.")
                ),
                choice(
                    "Beim Finanzamt",
                    false,
                    Some("Nein, das Finanzamt ist für Steuern zuständig.")
                ),
                choice(
                    "Beim Standesamt",
                    false,
                    Some("Das Standesamt beurkundet Geburten, Ehen und Sterbefälle.")
                ),
            ]
        }
    );
    let escaped = module.question("sonderzeichen").unwrap();
    assert_eq!(
        escaped.text,
        "Im Vorlagensystem steht {Name} für einen Platzhalter.\n\
         Was ergibt die Formel =SUMME(A1:A3) # Anzahl ~ ungefähr?"
    );
    let QuestionKind::Single { options } = &escaped.kind else {
        panic!("{:?}", escaped.kind)
    };
    assert_eq!(options[0].feedback.as_deref(), Some("Genau: A1 bis A3."));
    assert_eq!(options[2].text, "Einen Text mit {Klammern}");

    let QuestionKind::Multiple { options } = kind(&module, "besondere-kategorien") else {
        panic!("multiple expected")
    };
    let correct: Vec<bool> = options.iter().map(|o| o.correct).collect();
    assert_eq!(correct, vec![true, true, false, false]);

    let true_false = module.question("dsgvo-fuer-behoerden").unwrap();
    assert_eq!(true_false.kind, QuestionKind::TrueFalse { answer: true });
    assert_eq!(true_false.feedback_correct.as_deref(), Some("Richtig."));
    assert_eq!(
        true_false.feedback_incorrect.as_deref(),
        Some("Doch: Auch Behörden sind Verantwortliche (Art. 4 Nr. 7 DSGVO).")
    );
    assert_eq!(
        kind(&module, "private-cloud"),
        &QuestionKind::TrueFalse { answer: false }
    );
    assert_eq!(
        module.question("zeilenumbruch").unwrap().text,
        "Lesen Sie den Satz:\n„Bitte bringen Sie Ihren Ausweis mit.“\nIst das eine Aufforderung?"
    );

    let missing_word = module.question("elektronische-akte").unwrap();
    assert_eq!(
        missing_word.text,
        "Die elektronische Akte heißt in vielen Verwaltungen kurz _____ und ersetzt die Papierakte."
    );
    assert_eq!(
        missing_word.kind,
        QuestionKind::ShortText {
            accepted: vec!["E-Akte".into(), "eAkte".into()],
            case_sensitive: false
        }
    );
    assert_eq!(
        kind(&module, "zustaendigkeiten"),
        &QuestionKind::Matching {
            pairs: vec![
                ("Meldebescheinigung".into(), "Bürgeramt".into()),
                ("Baugenehmigung".into(), "Bauaufsicht".into()),
                ("Hundesteuer".into(), "Steueramt".into()),
            ]
        }
    );
    let numeric = |answer: f64, tolerance: f64| QuestionKind::Numeric {
        answer,
        tolerance,
        unit: None,
    };
    assert_eq!(kind(&module, "meldefrist"), &numeric(2.0, 0.0));
    assert_eq!(kind(&module, "aufbewahrung"), &numeric(8.0, 0.0));
    assert_eq!(kind(&module, "bearbeitungszeit"), &numeric(4.0, 1.0));
    assert_eq!(kind(&module, "grundgesetz"), &numeric(1949.0, 0.0));
    assert_eq!(kind(&module, "q-17"), &numeric(4.0, 0.0));
    let html = module.question("html-frage").unwrap();
    assert_eq!(html.text, "Was regelt Art. 5 DSGVO?");
    let QuestionKind::Single { options } = &html.kind else {
        panic!("{:?}", html.kind)
    };
    assert_eq!(options[0].text, "Die Grundsätze für die Verarbeitung");
}

#[test]
fn the_gift_report_lists_what_was_not_converted_with_its_line() {
    let source = std::fs::read_to_string(fixtures().join("import/fragen.gift")).unwrap();

    let import = content_import::read(Format::Gift, &source).unwrap();

    assert_listed(
        &not_converted(&import),
        &[
            (86, "question 18 \"Bildschirmsperre\" (essay): "),
            (88, "question 19 (description): "),
            (
                90,
                "question 20 \"Zwei Jahre\" (numerical): several different right answers",
            ),
            (
                92,
                "question 21 \"Teilpunkte\" (shortanswer): the answer \"Bürgeramt\" gives 50% \
                 partial credit",
            ),
            (
                94,
                "question 22 \"Zu wenige Optionen\" (single): a single-choice question needs at \
                 least 3 options",
            ),
            (
                96,
                "question 23 \"Zu wenige Paare\" (matching): a matching question needs at least \
                 3 pairs",
            ),
            (98, "question 24 \"Lücken\" (several answer blocks): "),
            (
                100,
                "question 25 \"Kaputt\" (GIFT syntax): the answer block opened with { is not \
                 closed",
            ),
        ],
    );
    let warnings: Vec<(usize, String)> = import
        .warnings
        .iter()
        .map(|w| (w.line, w.message.to_string()))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert_eq!(warnings[0].0, 33);
    assert!(
        warnings[0]
            .1
            .contains("the weights 50%, 50%, -100%, -100% cannot be scored exactly")
    );
    assert_eq!(warnings[1].0, 59);
    assert!(warnings[1].1.contains("the extra answer \"Ordnungsamt\""));
    assert_eq!(warnings[2].0, 71);
    assert!(warnings[2].1.contains("wrong answer 1948"));
    assert_eq!(
        import.categories,
        vec![
            ("Bürgerservice".to_owned(), 4),
            ("Datenschutz".to_owned(), 13)
        ]
    );

    let report = content_import::report(&import, "fragen.gift", "01-erste-lektion");
    assert!(report.starts_with(
        "fragen.gift: 17 of 25 question(s) converted, 8 not converted, 3 warning(s)\n"
    ));
    assert!(report.contains("\nfragen.gift:86: not converted: question 18 \"Bildschirmsperre\""));
    assert!(report.contains("\nfragen.gift:33: warning: question 4 \"Sichere Passwörter\""));
    assert!(report.contains("Every imported question links to 01-erste-lektion."));
}

#[tokio::test]
async fn a_moodle_xml_file_becomes_a_quiz_that_passes_the_check() {
    let curriculum = Curriculum::new();
    let xml = fixtures().join("import/fragen.xml");

    let code = import("import-moodle-xml", &xml, Some(LESSON), &curriculum.quiz()).await;

    assert_eq!(code, ExitCode::SUCCESS);
    let module = curriculum.module();
    let quiz = &module.quiz;
    let ids: Vec<(&str, &str)> = quiz
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.kind.tag()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("wohnsitz-anmelden", "single"),
            ("phishing-erkennen", "multiple"),
            ("schutzbedarf", "multiple"),
            ("passwort-weitergeben", "true_false"),
            ("abkuerzung-ozg", "short_text"),
            ("aemter-zuordnen", "matching"),
            ("frist-widerspruch", "numeric"),
            ("posteingang", "ordering"),
        ]
    );
    assert_eq!(quiz.draw, 3, "two fifths of the 8 questions");

    let first = module.question("wohnsitz-anmelden").unwrap();
    assert_eq!(
        first.text,
        "Wie lange haben Sie nach dem Einzug Zeit, sich beim Bürgeramt anzumelden?"
    );
    assert_eq!(
        first.feedback_correct.as_deref(),
        Some("Ihre Antwort ist richtig.\n\n§ 17 Bundesmeldegesetz: zwei Wochen.")
    );
    assert_eq!(
        first.feedback_incorrect.as_deref(),
        Some("Ihre Antwort ist falsch.\n\n§ 17 Bundesmeldegesetz: zwei Wochen.")
    );
    assert_eq!(
        first.kind,
        QuestionKind::Single {
            options: vec![
                choice("Zwei Wochen", true, Some("Richtig.")),
                choice("Drei Monate", false, Some("Das ist viel zu lang.")),
                choice("Es gibt keine Frist", false, None),
            ]
        }
    );
    let phishing = module.question("phishing-erkennen").unwrap();
    assert_eq!(
        phishing.text,
        "Woran erkennen Sie eine \"Phishing\"-E-Mail?"
    );
    let QuestionKind::Multiple { options } = &phishing.kind else {
        panic!("{:?}", phishing.kind)
    };
    assert_eq!(options[1].text, "Druck: sofort handeln");
    let correct: Vec<bool> = options.iter().map(|o| o.correct).collect();
    assert_eq!(correct, vec![true, true, true, false]);

    let true_false = module.question("passwort-weitergeben").unwrap();
    assert_eq!(true_false.kind, QuestionKind::TrueFalse { answer: false });
    assert_eq!(
        true_false.feedback_incorrect.as_deref(),
        Some("Nein: Passwörter sind persönlich.")
    );
    let short = module.question("abkuerzung-ozg").unwrap();
    assert_eq!(
        short.kind,
        QuestionKind::ShortText {
            accepted: vec!["Onlinezugangsgesetz".into(), "Online-Zugangsgesetz".into()],
            case_sensitive: false
        }
    );
    assert_eq!(
        short.feedback_incorrect.as_deref(),
        Some("Es geht um digitale Verwaltungsleistungen.")
    );
    assert_eq!(
        kind(&module, "aemter-zuordnen"),
        &QuestionKind::Matching {
            pairs: vec![
                ("Führungszeugnis".into(), "Bürgeramt".into()),
                ("Gewerbeanmeldung".into(), "Gewerbeamt".into()),
                ("Geburtsurkunde".into(), "Standesamt".into()),
            ]
        }
    );
    assert_eq!(
        kind(&module, "frist-widerspruch"),
        &QuestionKind::Numeric {
            answer: 30.0,
            tolerance: 1.0,
            unit: Some("Tage".into())
        }
    );
    assert_eq!(
        kind(&module, "posteingang"),
        &QuestionKind::Ordering {
            items: vec![
                "Eingangsstempel setzen".into(),
                "Scannen und in die E-Akte legen".into(),
                "An die Sachbearbeitung weiterleiten".into(),
            ]
        }
    );
}

#[test]
fn the_moodle_xml_report_lists_what_was_not_converted_with_its_line() {
    let source = std::fs::read_to_string(fixtures().join("import/fragen.xml")).unwrap();

    let import = content_import::read(Format::MoodleXml, &source).unwrap();

    assert_listed(
        &not_converted(&import),
        &[
            (120, "question 9 \"Einleitung\" (description): "),
            (125, "question 10 \"Datenpanne schildern\" (essay): "),
            (131, "question 11 \"Lückentext DSGVO\" (cloze): "),
            (136, "question 12 \"Gebühr berechnen\" (calculated): "),
            (
                142,
                "question 13 \"Zwei Antworten\" (numerical): several different right answers",
            ),
            (
                149,
                "question 14 \"Nur zwei Optionen\" (single): a single-choice question needs at \
                 least 3 options",
            ),
            (
                157,
                "question 15 \"Platzhalter\" (shortanswer): the answer \"Ordnungs*\" uses \
                 Moodle's wildcard",
            ),
            (163, "question 16 \"Ziehen\" (ddwtos): "),
        ],
    );
    let warnings: Vec<(usize, String)> = import
        .warnings
        .iter()
        .map(|w| (w.line, w.message.to_string()))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert_eq!(warnings[0].0, 44);
    assert!(
        warnings[0]
            .1
            .contains("33.33%, 33.33%, 33.33%, -100% cannot be scored")
    );
    assert_eq!(warnings[1].0, 40);
    assert!(
        warnings[1]
            .1
            .contains("the image \"Beispiel-E-Mail\" is left out")
    );
    assert_eq!(warnings[2].0, 92);
    assert!(warnings[2].1.contains("the extra answer \"Ordnungsamt\""));
    assert_eq!(
        import.categories,
        vec![
            ("Bürgerservice".to_owned(), 8),
            ("Datenschutz/Nicht übertragbar".to_owned(), 0)
        ]
    );
}

#[tokio::test]
async fn broken_or_useless_input_fails_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("fs-import-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("quiz.toml");

    // Nothing convertible: only an essay and a description.
    let essays = dir.join("aufsaetze.gift");
    std::fs::write(
        &essays,
        "::Aufsatz::Beschreiben Sie Ihr Amt.{}\n\nNur ein Hinweis.\n",
    )
    .unwrap();
    assert_eq!(
        import("import-gift", &essays, Some(LESSON), &out).await,
        ExitCode::FAILURE
    );
    assert!(!out.exists(), "nothing is written when nothing converts");

    // Malformed XML: the line of the problem is known.
    let broken = dir.join("kaputt.xml");
    let source = "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"truefalse\">\n<name><text>x</name>\n</question>\n</quiz>\n";
    std::fs::write(&broken, source).unwrap();
    assert_eq!(
        import("import-moodle-xml", &broken, Some(LESSON), &out).await,
        ExitCode::FAILURE
    );
    assert!(!out.exists());
    let malformed = content_import::read(Format::MoodleXml, source).unwrap_err();
    assert_eq!(malformed.line, 4);

    // A file that does not exist, and a file that is not UTF-8.
    assert_eq!(
        import("import-gift", &dir.join("fehlt.gift"), Some(LESSON), &out).await,
        ExitCode::FAILURE
    );
    let latin1 = dir.join("latin1.gift");
    std::fs::write(&latin1, b"Frage {T}\n\nGr\xf6\xdfe {F}\n").unwrap();
    assert_eq!(
        import("import-gift", &latin1, Some(LESSON), &out).await,
        ExitCode::FAILURE
    );

    // The lesson link is required and must look like one.
    let gift = fixtures().join("import/fragen.gift");
    assert_eq!(
        import("import-gift", &gift, None, &out).await,
        ExitCode::from(2)
    );
    assert_eq!(
        import("import-gift", &gift, Some("Erste Lektion"), &out).await,
        ExitCode::from(2)
    );
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(dir);
}
