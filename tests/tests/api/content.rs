//! `content check`: the shipped curriculum passes; every rule fails on a broken fixture with the
//! right `file:line`.

use std::path::{Path, PathBuf};
use tests::copy_dir;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content-valid")
}

#[test]
fn the_shipped_curriculum_and_the_valid_fixture_pass() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let store = app::content::load(&shipped).unwrap_or_else(|p| {
        panic!(
            "{}",
            p.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(store.modules.len() >= 8);
    let areas: std::collections::HashSet<&str> = store
        .modules
        .iter()
        .flat_map(|m| m.proves.iter())
        .filter_map(|(id, _)| store.competence(id))
        .map(|c| c.area.as_str())
        .collect();
    for area in [
        "digcomp-2.2/1",
        "digcomp-2.2/2",
        "digcomp-2.2/3",
        "digcomp-2.2/4",
        "digcomp-2.2/5",
    ] {
        assert!(areas.contains(area), "no module covers DigComp area {area}");
    }
    for module in &store.modules {
        assert!(module.lessons.len() >= 3, "{}", module.id);
        assert!(module.quiz.questions.len() >= 15, "{}", module.id);
        let types: std::collections::HashSet<&str> =
            module.quiz.questions.iter().map(|q| q.kind.tag()).collect();
        assert!(types.len() >= 4, "{}: mixed question types", module.id);
        assert!(
            !module.title.en.is_empty() && !module.summary.en.is_empty(),
            "{}: English metadata",
            module.id
        );
    }
    assert!(app::content::load(&fixture()).is_ok());
}

/// (rule, file, text to find, replacement, a text on the line the problem must point to,
/// part of the message)
pub(crate) type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub(crate) const CASES: &[Case] = &[
    (
        "unknown competence",
        "modules/beispiel/module.toml",
        "competence = \"test/eins\"",
        "competence = \"test/zwei\"",
        "test/zwei",
        "unknown competence test/zwei",
    ),
    (
        "level out of range",
        "modules/beispiel/module.toml",
        "level = 2",
        "level = 9",
        "level = 9",
        "outside 1–8",
    ),
    (
        "missing alt text",
        "modules/beispiel/lessons/01-erste-lektion.md",
        "Ein kurzer Text.",
        "Ein kurzer Text.\n\n![](media/bild.png)",
        "![](media/bild.png)",
        "no alt text",
    ),
    (
        "missing image file",
        "modules/beispiel/lessons/01-erste-lektion.md",
        "Ein kurzer Text.",
        "Ein kurzer Text.\n\n![Ein Bild](media/fehlt.png)",
        "media/fehlt.png",
        "does not exist",
    ),
    (
        "raw HTML",
        "modules/beispiel/lessons/02-zweite-lektion.md",
        "| a | 1 |",
        "| a | 1 |\n\n<div>roh</div>",
        "<div>roh</div>",
        "raw HTML",
    ),
    (
        "unknown callout",
        "modules/beispiel/lessons/01-erste-lektion.md",
        "[!TIPP]",
        "[!ACHTUNG]",
        "[!ACHTUNG]",
        "unknown callout",
    ),
    (
        "lesson without title",
        "modules/beispiel/lessons/02-zweite-lektion.md",
        "# Zweite Lektion\n",
        "Kein Titel.\n",
        "Kein Titel.",
        "level-1 heading",
    ),
    (
        "duplicate question id",
        "modules/beispiel/quiz.toml",
        "id = \"frage-zwei\"",
        "id = \"frage-eins\"",
        "last:id = \"frage-eins\"",
        "duplicate question id frage-eins",
    ),
    (
        "no correct answer",
        "modules/beispiel/quiz.toml",
        "text = \"Diese\"\ncorrect = true",
        "text = \"Diese\"\ncorrect = false",
        "type = \"single\"",
        "no option is marked correct",
    ),
    (
        "two correct in single choice",
        "modules/beispiel/quiz.toml",
        "text = \"Jene\"\ncorrect = false",
        "text = \"Jene\"\ncorrect = true",
        "type = \"single\"",
        "exactly one",
    ),
    (
        "English quiz with fewer options",
        "modules/beispiel/quiz.en.toml",
        ", { text = \"None\" }]",
        "]",
        "id = \"frage-eins\"",
        "2 English options, but 3 in quiz.toml",
    ),
    (
        "English quiz in another order",
        "modules/beispiel/quiz.en.toml",
        "id = \"frage-zwei\"",
        "id = \"frage-drei\"",
        "id = \"frage-drei\"",
        "but quiz.toml has frage-zwei here",
    ),
    (
        "English unit missing",
        "modules/beispiel/quiz.en.toml",
        "unit = \"hours\"\n",
        "",
        "id = \"frage-drei\"",
        "the unit has no English text",
    ),
    (
        "pool smaller than draw",
        "modules/beispiel/quiz.toml",
        "draw = 3",
        "draw = 9",
        "draw = 9",
        "fewer than the 9 drawn",
    ),
    (
        "broken lesson link in a quiz",
        "modules/beispiel/quiz.toml",
        "02-zweite-lektion#der-zweite-abschnitt",
        "02-zweite-lektion#gibt-es-nicht",
        "#gibt-es-nicht",
        "has no section #gibt-es-nicht",
    ),
    (
        "link to a missing lesson in a quiz",
        "modules/beispiel/quiz.toml",
        "lesson = \"02-zweite-lektion\"\n",
        "lesson = \"09-fehlt\"\n",
        "09-fehlt",
        "there is no lesson 09-fehlt",
    ),
    (
        "broken link in a lesson",
        "modules/beispiel/lessons/01-erste-lektion.md",
        "02-zweite-lektion.md#der-zweite-abschnitt",
        "02-zweite-lektion.md#falsch",
        "#falsch",
        "has no section #falsch",
    ),
    (
        "prerequisite cycle",
        "modules/beispiel/module.toml",
        "prerequisites = []",
        "prerequisites = [\"aufbau\"]",
        "prerequisites",
        "prerequisite cycle",
    ),
    (
        "unknown prerequisite",
        "modules/aufbau/module.toml",
        "prerequisites = [\"beispiel\"]",
        "prerequisites = [\"gibt-es-nicht\"]",
        "prerequisites",
        "unknown prerequisite gibt-es-nicht",
    ),
    (
        "module id differs from folder",
        "modules/aufbau/module.toml",
        "id = \"aufbau\"",
        "id = \"beispiel\"",
        "id = \"beispiel\"",
        "must equal the folder name",
    ),
    (
        "unknown question type",
        "modules/beispiel/quiz.toml",
        "type = \"numeric\"",
        "type = \"essay\"",
        "type = \"essay\"",
        "unknown type essay",
    ),
    (
        "true/false without answer",
        "modules/beispiel/quiz.toml",
        "answer = true\n",
        "",
        "type = \"true_false\"",
        "answer = true or answer = false",
    ),
    (
        "unknown field",
        "modules/beispiel/quiz.toml",
        "cooldown_minutes = 0",
        "cooldown_minutes = 0\nwartezeit = 5",
        "wartezeit",
        "wartezeit",
    ),
    (
        "TOML syntax error",
        "modules/beispiel/module.toml",
        "duration_minutes = 10",
        "duration_minutes = = 10",
        "duration_minutes",
        "",
    ),
    (
        "missing English title",
        "modules/beispiel/module.toml",
        "title = { de = \"Beispielmodul\", en = \"Example module\" }",
        "title = { de = \"Beispielmodul\" }",
        "title =",
        "en",
    ),
    (
        "refresh of an unknown module",
        "certificates.toml",
        "module = \"beispiel\"\nmonths = 12",
        "module = \"gibt-es-nicht\"\nmonths = 12",
        "module = \"gibt-es-nicht\"",
        "unknown module gibt-es-nicht",
    ),
    (
        "certificate level requiring an undefined level",
        "certificates.toml",
        "requires = \"basis\"",
        "requires = \"gold\"",
        "requires = \"gold\"",
        "requires gold, which is not a level defined above it",
    ),
    (
        "certificate level asking for more electives than exist",
        "certificates.toml",
        "electives = 1",
        "electives = 4",
        "electives = 4",
        "asks for 4 elective modules, but the curriculum has 1",
    ),
    (
        "certificate logo without alt text",
        "certificates.toml",
        "logo_alt = { de = \"Wappen der Stadt Musterstadt\", en = \"Coat of arms of the City of Musterstadt\" }\n",
        "",
        "logo = ",
        "needs logo_alt",
    ),
    (
        "certificate logo that is not a PNG",
        "certificates.toml",
        "logo = \"media/wappen-musterstadt.png\"",
        "logo = \"modules/beispiel/quiz.toml\"",
        "logo = ",
        "must be a PNG file",
    ),
    (
        "duplicate certificate level",
        "certificates.toml",
        "id = \"plus\"",
        "id = \"basis\"",
        "last:id = \"basis\"",
        "level basis is defined twice",
    ),
    (
        "duplicate competence",
        "competences.toml",
        "[[competences]]\nid = \"test/eins\"",
        "[[competences]]\nid = \"test/eins\"\narea = \"test/a\"\ntitle = { de = \"x\", en = \"x\" }\ndescription = { de = \"x\", en = \"x\" }\n\n[[competences]]\nid = \"test/eins\"",
        "last:id = \"test/eins\"",
        "defined twice",
    ),
    (
        "short name too long",
        "competences.toml",
        "[[competences]]\nid = \"test/eins\"",
        "[[competences]]\nid = \"test/lang\"\narea = \"test/a\"\ntitle = { de = \"x\", en = \"x\" }\nshort = { de = \"Eine viel zu lange Kurzbezeichnung\", en = \"x\" }\ndescription = { de = \"x\", en = \"x\" }\n\n[[competences]]\nid = \"test/eins\"",
        "short = ",
        "is longer than 24 characters",
    ),
    (
        "badly named lesson file",
        "modules/beispiel/lessons/02-zweite-lektion.md",
        "# Zweite Lektion",
        "# Zweite Lektion",
        "",
        "named NN-topic.md",
    ),
];

#[test]
fn every_rule_reports_file_and_line() {
    for (rule, file, find, replace, marker, message) in CASES {
        let dir =
            std::env::temp_dir().join(format!("fs-content-{}", uuid::Uuid::new_v4().simple()));
        copy_dir(&fixture(), &dir);
        let mut target = dir.join(file);
        let original = std::fs::read_to_string(&target).unwrap();
        assert!(
            original.contains(find),
            "rule {rule}: the fixture does not contain {find:?}"
        );
        let changed = original.replacen(find, replace, 1);
        if *rule == "badly named lesson file" {
            std::fs::remove_file(&target).unwrap();
            target = dir.join("modules/beispiel/lessons/zweite-lektion.md");
        }
        std::fs::write(&target, &changed).unwrap();

        let problems = app::content::load(&dir)
            .err()
            .unwrap_or_else(|| panic!("rule {rule}: the check passed"));
        // "last:" points at the last line with the text, otherwise the first.
        let expected_line = match marker.strip_prefix("last:") {
            _ if marker.is_empty() => 1,
            Some(text) => changed
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains(text))
                .last()
                .map(|(i, _)| i + 1)
                .unwrap_or(0),
            None => changed
                .lines()
                .position(|l| l.contains(marker))
                .map(|i| i + 1)
                .unwrap_or(0),
        };
        let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let hit = problems
            .iter()
            .find(|p| p.file == target && p.message.to_string().contains(message));
        let hit = hit.unwrap_or_else(|| {
            panic!(
                "rule {rule}: no problem in {} mentioning {message:?}; got:\n{}",
                target.display(),
                listed.join("\n")
            )
        });
        assert_eq!(hit.line, expected_line, "rule {rule}: {hit}");
        assert!(
            hit.to_string()
                .starts_with(&format!("{}:{expected_line}: ", target.display())),
            "rule {rule}: format {hit}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn the_command_prints_file_and_line_and_fails() {
    let dir = std::env::temp_dir().join(format!("fs-content-{}", uuid::Uuid::new_v4().simple()));
    copy_dir(&fixture(), &dir);
    let quiz = dir.join("modules/beispiel/quiz.toml");
    let text = std::fs::read_to_string(&quiz)
        .unwrap()
        .replace("draw = 3", "draw = 9");
    std::fs::write(&quiz, text).unwrap();
    let code = server::cli::run_from([
        "fuehrerschein",
        "content",
        "check",
        "--dir",
        &dir.display().to_string(),
    ])
    .await;
    assert_eq!(code, std::process::ExitCode::FAILURE);
    let ok = server::cli::run_from([
        "fuehrerschein",
        "content",
        "check",
        "--dir",
        &fixture().display().to_string(),
    ])
    .await;
    assert_eq!(ok, std::process::ExitCode::SUCCESS);
    let _ = std::fs::remove_dir_all(dir);
}

/// (lint, file, text to find, replacement, a text on the line the finding must point to, part
/// of the message). Each turns the valid fixture into one that loads (the server would start)
/// but fails `content check`.
pub(crate) const LINTS: &[Case] = &[
    (
        "pool under 2.5 × the draw",
        "modules/beispiel/quiz.toml",
        "draw = 3",
        "draw = 4",
        "draw = 4",
        "needs at least 10 (2.5 × the draw)",
    ),
    (
        "too few scenarios",
        "modules/beispiel/quiz.toml",
        "type = \"numeric\"\nscenario = true",
        "type = \"numeric\"",
        "draw = 3",
        "only 4 of 8 questions (50 %) are scenarios",
    ),
    (
        "a lesson without questions",
        "modules/beispiel/quiz.toml",
        "lesson = \"01-erste-lektion#der-erste-abschnitt\"",
        "lesson = \"02-zweite-lektion\"",
        "draw = 3",
        "lesson 01-erste-lektion has no question",
    ),
    (
        "true/false answers leaning one way",
        "modules/beispiel/quiz.toml",
        "answer = true",
        "answer = false\n\n[[questions]]\nid = \"f4\"\ntype = \"true_false\"\nscenario = true\ntext = \"Vier?\"\nlesson = \"02-zweite-lektion\"\nanswer = false\n\n[[questions]]\nid = \"f5\"\ntype = \"true_false\"\nscenario = true\ntext = \"Fünf?\"\nlesson = \"02-zweite-lektion\"\nanswer = false\n\n[[questions]]\nid = \"f6\"\ntype = \"true_false\"\nscenario = true\ntext = \"Sechs?\"\nlesson = \"02-zweite-lektion\"\nanswer = true",
        "draw = 3",
        "3 of 4 true/false questions have answer = false",
    ),
    (
        "the right option is the longest",
        "modules/beispiel/quiz.toml",
        "[[questions]]\nid = \"frage-zwei\"",
        "[[questions]]\nid = \"l1\"\ntype = \"single\"\nscenario = true\ntext = \"Eins?\"\nlesson = \"02-zweite-lektion\"\noptions = [{ text = \"die lange richtige\", correct = true }, { text = \"kurz\" }, { text = \"knapp\" }]\n\n[[questions]]\nid = \"l2\"\ntype = \"single\"\nscenario = true\ntext = \"Zwei?\"\nlesson = \"02-zweite-lektion\"\noptions = [{ text = \"die lange richtige\", correct = true }, { text = \"kurz\" }, { text = \"knapp\" }]\n\n[[questions]]\nid = \"l3\"\ntype = \"single\"\nscenario = true\ntext = \"Drei?\"\nlesson = \"02-zweite-lektion\"\noptions = [{ text = \"die lange richtige\", correct = true }, { text = \"kurz\" }, { text = \"knapp\" }]\n\n[[questions]]\nid = \"l4\"\ntype = \"single\"\nscenario = true\ntext = \"Vier?\"\nlesson = \"02-zweite-lektion\"\noptions = [{ text = \"kurz\", correct = true }, { text = \"die längere falsche\" }, { text = \"knapp\" }]\n\n[[questions]]\nid = \"frage-zwei\"",
        "draw = 3",
        "in 3 of 6 single-choice questions the right option is the longest",
    ),
    (
        "feedback that gives the number away",
        "modules/beispiel/quiz.toml",
        "answer = 72",
        "answer = 72\nfeedback_incorrect = \"Es sind 72 Stunden.\"",
        "id = \"frage-drei\"",
        "feedback_incorrect gives the answer away (the number 72)",
    ),
    (
        "feedback that says a statement is false",
        "modules/beispiel/quiz.toml",
        "answer = true",
        "answer = true\nfeedback_incorrect = \"Doch, das stimmt.\"",
        "id = \"frage-zwei\"",
        "gives the answer away (whether the statement holds",
    ),
    (
        "English feedback that says a statement is true",
        "modules/beispiel/quiz.en.toml",
        "text = \"Is that so?\"",
        "text = \"Is that so?\"\nfeedback_incorrect = \"It is true.\"",
        "id = \"frage-zwei\"",
        "gives the answer away (whether the statement holds („true“))",
    ),
    (
        "feedback that spells out the order",
        "modules/beispiel/quiz.toml",
        "items = [\"Eingang prüfen\", \"Entscheiden\", \"Bescheid senden\"]",
        "items = [\"Eingang prüfen\", \"Entscheiden\", \"Bescheid senden\"]\nfeedback_incorrect = \"Erst Eingang prüfen, dann entscheiden, dann den Bescheid senden.\"",
        "id = \"frage-sechs\"",
        "gives the answer away (the whole order)",
    ),
    (
        "the same question in two modules",
        "modules/beispiel/quiz.toml",
        "Welche Antwort ist richtig?",
        "Welche Aussage trifft zu?",
        "id = \"frage-eins\"",
        "repeats question frage-eins of module aufbau",
    ),
];

#[tokio::test]
async fn every_lint_fails_the_check_but_not_the_start() {
    for (lint, file, find, replace, marker, message) in LINTS {
        let dir =
            std::env::temp_dir().join(format!("fs-content-{}", uuid::Uuid::new_v4().simple()));
        copy_dir(&fixture(), &dir);
        // Lints that add questions in German would otherwise also break the English file.
        if !file.ends_with("quiz.en.toml") {
            std::fs::remove_file(dir.join("modules/beispiel/quiz.en.toml")).unwrap();
        }
        let target = dir.join(file);
        let original = std::fs::read_to_string(&target).unwrap();
        assert!(
            original.contains(find),
            "lint {lint}: the fixture does not contain {find:?}"
        );
        let changed = original.replacen(find, replace, 1);
        std::fs::write(&target, &changed).unwrap();
        let store = app::content::load(&dir).unwrap_or_else(|problems| {
            panic!(
                "lint {lint}: the curriculum no longer loads:\n{}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let expected_line = changed
            .lines()
            .position(|l| l.contains(marker))
            .map(|i| i + 1)
            .unwrap_or(0);
        let listed: Vec<String> = store.lints.iter().map(|p| p.to_string()).collect();
        let hit = store
            .lints
            .iter()
            .find(|p| p.file == target && p.message.to_string().contains(message))
            .unwrap_or_else(|| {
                panic!(
                    "lint {lint}: nothing in {} mentioning {message:?}; got:\n{}",
                    target.display(),
                    listed.join("\n")
                )
            });
        assert_eq!(hit.line, expected_line, "lint {lint}: {hit}");
        let code = server::cli::run_from([
            "fuehrerschein",
            "content",
            "check",
            "--dir",
            &dir.display().to_string(),
        ])
        .await;
        assert_eq!(code, std::process::ExitCode::FAILURE, "lint {lint}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The acceptance of the quiz rules on the shipped curriculum: no wrong-answer feedback, in
/// German or English, contains the right answer; every pool is large enough and mostly
/// scenarios; every module can be completed in English.
#[test]
fn no_wrong_answer_feedback_of_the_shipped_curriculum_gives_the_answer() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let store = app::content::load(&shipped).unwrap_or_else(|p| panic!("{}", p.len()));
    let mut leaks = Vec::new();
    for module in &store.modules {
        let english = module
            .quiz
            .english
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no quiz.en.toml", module.id));
        assert_eq!(english.len(), module.quiz.questions.len(), "{}", module.id);
        for (question, locale) in module
            .quiz
            .questions
            .iter()
            .map(|q| (q, app::i18n::Locale::De))
            .chain(english.iter().map(|q| (q, app::i18n::Locale::En)))
        {
            for leak in app::content::quiz_rules::leaks(question, locale) {
                leaks.push(format!("{} {}: {leak}", module.id, question.id));
            }
        }
        let pool = module.quiz.questions.len();
        assert!(pool >= 25, "{}: pool of {pool}", module.id);
        let scenarios = module.quiz.questions.iter().filter(|q| q.scenario).count();
        assert!(
            scenarios * 100 >= pool * 60,
            "{}: {scenarios} of {pool} scenarios",
            module.id
        );
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    let lints: Vec<String> = store.lints.iter().map(|p| p.to_string()).collect();
    assert!(lints.is_empty(), "{}", lints.join("\n"));
}
