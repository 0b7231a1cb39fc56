//! What makes a quiz prove competence, beyond its file format: the English texts beside it
//! (`quiz.en.toml`), and the lints that `content check` reports: a pool too small for its draw,
//! a lesson without questions, too few scenarios, true/false answers that lean one way, right
//! options that stand out by length, feedback that gives the answer away, and the same question
//! in two modules.

use super::*;

/// Share of scenario questions a pool needs, in percent.
pub const MIN_SCENARIO_PERCENT: usize = 60;
/// The pool holds at least this many times the draw (in tenths: 25 = 2.5 ×).
pub const MIN_POOL_TENTHS_OF_DRAW: usize = 25;
/// In at most this share (percent) of single-choice questions may the right option be the
/// longest, once a quiz has `LONGEST_MIN_QUESTIONS` of them.
pub const MAX_LONGEST_RIGHT_PERCENT: usize = 40;
const LONGEST_MIN_QUESTIONS: usize = 5;
/// True/false questions: at most two thirds share one answer, once there are four of them.
const TRUE_FALSE_MIN_QUESTIONS: usize = 4;

/// Reads `quiz.en.toml` beside `quiz.toml`, if there is one, and gives the questions with their
/// English texts. The English accepted short answers are accepted in German too, so that the
/// grading (on the German questions) counts an answer typed in either language.
pub(super) fn load_translation(
    report: &mut Report,
    folder: &Path,
    questions: &mut [Question],
) -> Option<Vec<Question>> {
    let path = folder.join("quiz.en.toml");
    if !report.tree.is_file(&path) {
        return None;
    }
    let source = read(report, &path)?;
    let raw: raw::QuizTranslation = parse_toml(report, &path, &source)?;
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    if raw.questions.len() != questions.len() {
        report.add(
            &path,
            1,
            Message::new("check-english-quiz-count")
                .arg("english", raw.questions.len())
                .arg("german", questions.len()),
        );
    }
    let mut english = Vec::with_capacity(questions.len());
    for (german, en) in questions.iter_mut().zip(raw.questions) {
        let line = at(en.id.span());
        let id = en.id.get_ref();
        if *id != german.id {
            report.add(
                &path,
                line,
                Message::new("check-english-quiz-order")
                    .arg("id", id)
                    .arg("expected", &german.id),
            );
            continue;
        }
        let mut problem = |message: Message| {
            report.add(
                &path,
                line,
                Message::new("check-question")
                    .arg("id", id)
                    .arg("detail", message),
            )
        };
        if en.text.trim().is_empty() {
            problem(Message::new("check-english-text-empty"));
        }
        for (name, de, en) in [
            (
                "feedback_correct",
                &german.feedback_correct,
                &en.feedback_correct,
            ),
            (
                "feedback_incorrect",
                &german.feedback_incorrect,
                &en.feedback_incorrect,
            ),
        ] {
            if de.is_some() && en.as_deref().is_none_or(|t| t.trim().is_empty()) {
                problem(Message::new("check-english-feedback-missing").arg("field", name));
            }
        }
        let mut kind = german.kind.clone();
        let mismatch = match &mut kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                let found = (options.len() != en.options.len()).then(|| {
                    Message::new("check-english-options-count")
                        .arg("english", en.options.len())
                        .arg("german", options.len())
                });
                for (option, translated) in options.iter_mut().zip(&en.options) {
                    if option.feedback.is_some() && translated.feedback.is_none() {
                        problem(
                            Message::new("check-english-option-feedback")
                                .arg("option", &translated.text),
                        );
                    }
                    option.text = translated.text.clone();
                    option.feedback = translated.feedback.clone().or(option.feedback.take());
                }
                found
            }
            QuestionKind::Ordering { items } => {
                let translated = en.items.unwrap_or_default();
                let found = (items.len() != translated.len()).then(|| {
                    Message::new("check-english-items-count")
                        .arg("english", translated.len())
                        .arg("german", items.len())
                });
                if found.is_none() {
                    *items = translated;
                }
                found
            }
            QuestionKind::Matching { pairs } => {
                let translated = en.pairs.unwrap_or_default();
                let found = (pairs.len() != translated.len()).then(|| {
                    Message::new("check-english-pairs-count")
                        .arg("english", translated.len())
                        .arg("german", pairs.len())
                });
                if found.is_none() {
                    *pairs = translated.into_iter().map(|p| (p.left, p.right)).collect();
                }
                found
            }
            QuestionKind::ShortText { accepted, .. } => {
                let translated: Vec<String> = en
                    .accepted
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| !a.trim().is_empty())
                    .collect();
                if translated.is_empty() {
                    Some(Message::new("check-english-accepted-missing"))
                } else {
                    let mut both = translated.clone();
                    both.extend(accepted.iter().cloned());
                    dedup_keeping_order(&mut both);
                    *accepted = both;
                    if let QuestionKind::ShortText {
                        accepted: german, ..
                    } = &mut german.kind
                    {
                        german.extend(translated);
                        dedup_keeping_order(german);
                    }
                    None
                }
            }
            QuestionKind::Numeric { unit, .. } => {
                if unit.is_some() && en.unit.is_none() {
                    Some(Message::new("check-english-unit-missing"))
                } else {
                    *unit = en.unit.clone();
                    None
                }
            }
            QuestionKind::TrueFalse { .. } => None,
        };
        if let Some(message) = mismatch {
            problem(message);
            continue;
        }
        if let Err(message) = kind.check() {
            problem(message);
            continue;
        }
        english.push(Question {
            id: german.id.clone(),
            kind,
            scenario: german.scenario,
            text: en.text,
            lesson: german.lesson.clone(),
            anchor: german.anchor.clone(),
            feedback_correct: en.feedback_correct,
            feedback_incorrect: en.feedback_incorrect,
            line,
        });
    }
    Some(english)
}

fn dedup_keeping_order(list: &mut Vec<String>) {
    let mut seen = HashSet::new();
    list.retain(|a| seen.insert(a.trim().to_lowercase()));
}

/// The lints of one quiz, each at the line it is about.
pub(super) fn lint_quiz(
    lints: &mut Vec<Problem>,
    folder: &Path,
    draw_line: usize,
    quiz: &Quiz,
    lessons: &[Lesson],
) {
    let path = folder.join("quiz.toml");
    let mut lint = |line: usize, message: Message| {
        lints.push(Problem {
            file: path.clone(),
            line,
            message,
        })
    };
    let questions = &quiz.questions;
    let pool = questions.len();
    let needed = (quiz.draw * MIN_POOL_TENTHS_OF_DRAW).div_ceil(10);
    if pool < needed {
        lint(
            draw_line,
            Message::new("check-lint-pool-small")
                .arg("pool", pool)
                .arg("draw", quiz.draw)
                .arg("needed", needed),
        );
    }
    for lesson in lessons {
        if !questions.iter().any(|q| q.lesson == lesson.slug) {
            lint(
                draw_line,
                Message::new("check-lint-lesson-without-question").arg("lesson", &lesson.slug),
            );
        }
    }
    let scenarios = questions.iter().filter(|q| q.scenario).count();
    if pool > 0 && scenarios * 100 < pool * MIN_SCENARIO_PERCENT {
        lint(
            draw_line,
            Message::new("check-lint-few-scenarios")
                .arg("scenarios", scenarios)
                .arg("pool", pool)
                .arg("percent", scenarios * 100 / pool)
                .arg("min", MIN_SCENARIO_PERCENT),
        );
    }
    let answers: Vec<bool> = questions
        .iter()
        .filter_map(|q| match q.kind {
            QuestionKind::TrueFalse { answer } => Some(answer),
            _ => None,
        })
        .collect();
    let falses = answers.iter().filter(|a| !**a).count();
    let leaning = falses.max(answers.len() - falses);
    if answers.len() >= TRUE_FALSE_MIN_QUESTIONS && leaning * 3 > answers.len() * 2 {
        let side = if falses >= answers.len() - falses {
            "false"
        } else {
            "true"
        };
        lint(
            draw_line,
            Message::new("check-lint-true-false-leaning")
                .arg("leaning", leaning)
                .arg("total", answers.len())
                .arg("answer", side),
        );
    }
    let singles: Vec<&Vec<Choice>> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { options } => Some(options),
            _ => None,
        })
        .collect();
    let longest_right = singles.iter().filter(|o| right_is_longest(o)).count();
    if singles.len() >= LONGEST_MIN_QUESTIONS
        && longest_right * 100 > singles.len() * MAX_LONGEST_RIGHT_PERCENT
    {
        lint(
            draw_line,
            Message::new("check-lint-longest-right")
                .arg("longest", longest_right)
                .arg("total", singles.len())
                .arg("max", MAX_LONGEST_RIGHT_PERCENT),
        );
    }
    for question in questions {
        for message in leaks(question, Locale::De) {
            lint(
                question.line,
                Message::new("check-question")
                    .arg("id", &question.id)
                    .arg("detail", message),
            );
        }
    }
    if let Some(english) = &quiz.english {
        let path = folder.join("quiz.en.toml");
        for question in english {
            for message in leaks(question, Locale::En) {
                lints.push(Problem {
                    file: path.clone(),
                    line: question.line,
                    message: Message::new("check-question")
                        .arg("id", &question.id)
                        .arg("detail", message),
                });
            }
        }
    }
}

/// The right option is longer than every other one.
pub fn right_is_longest(options: &[Choice]) -> bool {
    let length = |c: &Choice| c.text.trim().chars().count();
    let Some(right) = options.iter().find(|o| o.correct) else {
        return false;
    };
    options
        .iter()
        .filter(|o| !o.correct)
        .all(|o| length(o) < length(right))
}

/// Lower-case words of a text, without punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `needle`'s words appear in `haystack`'s words, one after the other.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    find_words(haystack, needle).is_some()
}

/// Where `needle`'s words first appear in `haystack`'s words, one after the other.
fn find_words(haystack: &[String], needle: &[String]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Words that say whether a true/false statement holds.
const VERDICTS_DE: &[&[&str]] = &[
    &["stimmt"],
    &["falsch"],
    &["wahr"],
    &["zutreffend"],
    &["unzutreffend"],
    &["trifft", "zu"],
    &["trifft", "nicht", "zu"],
    &["ist", "richtig"],
    &["nicht", "richtig"],
];
const VERDICTS_EN: &[&[&str]] = &[
    &["true"],
    &["false"],
    &["untrue"],
    &["is", "correct"],
    &["not", "correct"],
    &["is", "right"],
    &["is", "wrong"],
];

/// Where a wrong answer's feedback gives the right answer away: `feedback_incorrect` and the
/// feedback of the wrong options (the right ones' may explain, since the learner chose them).
pub fn leaks(question: &Question, locale: Locale) -> Vec<Message> {
    // Whether the text is the question's `feedback_incorrect` (else a wrong option's feedback).
    let mut texts: Vec<(bool, &str)> = Vec::new();
    if let Some(text) = &question.feedback_incorrect {
        texts.push((true, text));
    }
    if let QuestionKind::Single { options } | QuestionKind::Multiple { options } = &question.kind {
        for option in options.iter().filter(|o| !o.correct) {
            if let Some(text) = &option.feedback {
                texts.push((false, text));
            }
        }
    }
    let mut found = Vec::new();
    for (incorrect_feedback, text) in texts {
        let said = words(text);
        let giveaway: Option<Message> = match &question.kind {
            QuestionKind::ShortText { accepted, .. } => accepted
                .iter()
                .find(|a| {
                    let a = words(a);
                    a.iter().map(String::len).sum::<usize>() >= 3 && contains_words(&said, &a)
                })
                .map(|a| Message::new("check-giveaway-accepted").arg("answer", a)),
            QuestionKind::Numeric { answer, .. } => {
                let number = if answer.fract() == 0.0 {
                    format!("{answer:.0}")
                } else {
                    answer.to_string()
                };
                let digits: Vec<String> = number.split('.').map(str::to_owned).collect();
                contains_words(&said, &digits)
                    .then(|| Message::new("check-giveaway-number").arg("number", number))
            }
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => options
                .iter()
                .filter(|o| o.correct)
                .find(|o| {
                    let right = words(&o.text);
                    right.len() >= 3 && contains_words(&said, &right)
                })
                .map(|o| Message::new("check-giveaway-option").arg("option", &o.text)),
            QuestionKind::TrueFalse { .. } => {
                let verdicts = match locale {
                    Locale::De => VERDICTS_DE,
                    Locale::En => VERDICTS_EN,
                };
                verdicts
                    .iter()
                    .map(|v| v.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>())
                    .find(|v| contains_words(&said, v))
                    .map(|v| Message::new("check-giveaway-verdict").arg("words", v.join(" ")))
            }
            QuestionKind::Ordering { items } => {
                // Every item named, one after the other in the right order.
                let mut from = 0;
                let in_order = items.len() >= 3
                    && items.iter().all(|item| {
                        let item = words(item);
                        match find_words(&said[from..], &item) {
                            Some(at) => {
                                from += at + item.len();
                                true
                            }
                            None => false,
                        }
                    });
                in_order.then(|| Message::new("check-giveaway-order"))
            }
            QuestionKind::Matching { pairs } => {
                // More than half of the pairs named together, the right-hand side within a few
                // words after its left-hand side.
                let together = pairs
                    .iter()
                    .filter(|(left, right)| {
                        let (left, right) = (words(left), words(right));
                        find_words(&said, &left).is_some_and(|at| {
                            let after = at + left.len();
                            let window = &said[after..(after + right.len() + 4).min(said.len())];
                            contains_words(window, &right)
                        })
                    })
                    .count();
                (together * 2 > pairs.len())
                    .then(|| Message::new("check-giveaway-pairs").arg("count", together))
            }
        };
        if let Some(what) = giveaway {
            found.push(if incorrect_feedback {
                Message::new("check-lint-giveaway-feedback").arg("what", what)
            } else {
                Message::new("check-lint-giveaway-option").arg("what", what)
            });
        }
    }
    found
}

/// The same question text (ignoring case, spaces and punctuation) in two places.
pub(super) fn lint_duplicates(lints: &mut Vec<Problem>, modules: &[Module]) {
    let mut seen: HashMap<Vec<String>, (String, String)> = HashMap::new();
    for module in modules {
        for question in &module.quiz.questions {
            let key = words(&question.text);
            match seen.get(&key) {
                Some((module_id, question_id)) => lints.push(Problem {
                    file: module.dir.join("quiz.toml"),
                    line: question.line,
                    message: Message::new("check-lint-repeated-question")
                        .arg("id", &question.id)
                        .arg("other", question_id)
                        .arg("module", module_id),
                }),
                None => {
                    seen.insert(key, (module.id.clone(), question.id.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(text: &str, correct: bool, feedback: Option<&str>) -> Choice {
        Choice {
            text: text.into(),
            correct,
            feedback: feedback.map(Into::into),
        }
    }

    fn question(kind: QuestionKind, incorrect: &str) -> Question {
        Question {
            id: "q".into(),
            kind,
            scenario: false,
            text: "Frage".into(),
            lesson: "01-a".into(),
            anchor: None,
            feedback_correct: None,
            feedback_incorrect: Some(incorrect.into()),
            line: 1,
        }
    }

    #[test]
    fn feedback_that_names_the_answer_is_found_and_a_hint_is_not() {
        let short = QuestionKind::ShortText {
            accepted: vec!["Quishing".into(), "QR-Phishing".into()],
            case_sensitive: false,
        };
        assert_eq!(
            leaks(
                &question(short.clone(), "Gesucht war „Quishing“."),
                Locale::De
            )
            .len(),
            1
        );
        assert_eq!(
            leaks(
                &question(short.clone(), "Gesucht war qr phishing"),
                Locale::De
            )
            .len(),
            1
        );
        assert!(
            leaks(
                &question(short, "Lesen Sie den Abschnitt über QR-Codes."),
                Locale::De
            )
            .is_empty()
        );
        let number = QuestionKind::Numeric {
            answer: 72.0,
            tolerance: 0.0,
            unit: None,
        };
        assert_eq!(
            leaks(&question(number.clone(), "Es sind 72 Stunden."), Locale::De).len(),
            1
        );
        assert!(
            leaks(
                &question(number, "Es sind drei Tage, rechnen Sie nach."),
                Locale::De
            )
            .is_empty()
        );
        let truth = QuestionKind::TrueFalse { answer: false };
        for giveaway in [
            "Das stimmt nicht.",
            "Die Aussage ist falsch.",
            "Das trifft nicht zu.",
        ] {
            assert_eq!(
                leaks(&question(truth.clone(), giveaway), Locale::De).len(),
                1,
                "{giveaway}"
            );
        }
        assert!(
            leaks(
                &question(truth.clone(), "Denken Sie an gefälschte Nummern."),
                Locale::De
            )
            .is_empty()
        );
        assert_eq!(
            leaks(&question(truth, "That is not true."), Locale::En).len(),
            1
        );
        let single = QuestionKind::Single {
            options: vec![
                choice("Ich rufe über die bekannte Nummer zurück.", true, None),
                choice(
                    "Ich antworte auf die E-Mail.",
                    false,
                    Some("Besser: Ich rufe über die bekannte Nummer zurück."),
                ),
                choice("Ich überweise.", false, None),
            ],
        };
        assert_eq!(
            leaks(
                &question(single, "Prüfen Sie über einen zweiten Weg."),
                Locale::De
            )
            .len(),
            1
        );
    }

    #[test]
    fn feedback_that_spells_out_the_order_or_the_pairs_gives_them_away() {
        let order = QuestionKind::Ordering {
            items: vec![
                "Eingang prüfen".into(),
                "Entscheiden".into(),
                "Bescheid senden".into(),
            ],
        };
        assert_eq!(
            leaks(
                &question(
                    order.clone(),
                    "Erst Eingang prüfen, dann entscheiden, zuletzt den Bescheid senden."
                ),
                Locale::De
            )
            .len(),
            1
        );
        assert!(
            leaks(
                &question(order, "Überlegen Sie, was vor dem Bescheid geschehen muss."),
                Locale::De
            )
            .is_empty()
        );
        let pairs = QuestionKind::Matching {
            pairs: vec![
                ("Hund".into(), "bellt".into()),
                ("Katze".into(), "miaut".into()),
                ("Kuh".into(), "muht".into()),
            ],
        };
        assert_eq!(
            leaks(
                &question(pairs.clone(), "Der Hund bellt, die Katze miaut."),
                Locale::De
            )
            .len(),
            1
        );
        assert!(
            leaks(
                &question(
                    pairs,
                    "Denken Sie an den Bauernhof: wer macht welches Geräusch?"
                ),
                Locale::De
            )
            .is_empty()
        );
    }

    #[test]
    fn the_right_option_is_longest_only_when_longer_than_every_other() {
        let options = |right: &str| {
            vec![
                choice(right, true, None),
                choice("mittel lang", false, None),
                choice("kurz", false, None),
            ]
        };
        assert!(right_is_longest(&options("die längste Antwort")));
        assert!(!right_is_longest(&options("mittel lan")));
        assert!(!right_is_longest(&options("gleich lang")));
    }
}
