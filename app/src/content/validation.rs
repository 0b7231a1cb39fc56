//! The rules a curriculum must keep beyond its file format: one `validate()` per question kind,
//! shared with the importers (`fuehrerschein import`), so that an imported quiz always passes
//! `content check`; and prerequisites without cycles.

use super::*;

impl QuestionKind {
    /// The rules of a question of this kind, whatever file it comes from: `content check` and
    /// every importer call this one function, so their messages and limits cannot drift apart.
    /// In English, as the importers write their notes; `check` gives the message itself.
    pub fn validate(&self) -> Result<(), String> {
        self.check().map_err(|message| message.to_string())
    }

    /// The rules of `validate`, with what is wrong as a catalogue message.
    pub fn check(&self) -> Result<(), Message> {
        match self {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                let single = matches!(self, QuestionKind::Single { .. });
                if options.iter().any(|o| o.text.trim().is_empty()) {
                    return Err(Message::new("check-option-text-missing"));
                }
                if single && options.len() < 3 {
                    return Err(
                        Message::new("check-single-too-few-options").arg("count", options.len())
                    );
                }
                if !single && options.len() < 2 {
                    return Err(
                        Message::new("check-multiple-too-few-options").arg("count", options.len())
                    );
                }
                match options.iter().filter(|o| o.correct).count() {
                    0 => Err(Message::new("check-no-correct-option")),
                    n if single && n > 1 => {
                        Err(Message::new("check-single-several-correct").arg("count", n))
                    }
                    _ => Ok(()),
                }
            }
            QuestionKind::TrueFalse { .. } => Ok(()),
            QuestionKind::Ordering { items } => {
                if items.len() < 3 {
                    return Err(Message::new("check-ordering-too-few").arg("count", items.len()));
                }
                if items.iter().any(|i| i.trim().is_empty()) {
                    return Err(Message::new("check-item-text-missing"));
                }
                if items.iter().collect::<HashSet<_>>().len() != items.len() {
                    return Err(Message::new("check-items-not-distinct"));
                }
                Ok(())
            }
            QuestionKind::Matching { pairs } => {
                if pairs.len() < 3 {
                    return Err(Message::new("check-matching-too-few").arg("count", pairs.len()));
                }
                if pairs
                    .iter()
                    .any(|(l, r)| l.trim().is_empty() || r.trim().is_empty())
                {
                    return Err(Message::new("check-pair-text-missing"));
                }
                let lefts: HashSet<&String> = pairs.iter().map(|(l, _)| l).collect();
                let rights: HashSet<&String> = pairs.iter().map(|(_, r)| r).collect();
                if lefts.len() != pairs.len() || rights.len() != pairs.len() {
                    return Err(Message::new("check-pairs-not-distinct"));
                }
                Ok(())
            }
            QuestionKind::ShortText { accepted, .. } => {
                if accepted.iter().all(|a| a.trim().is_empty()) {
                    return Err(Message::new("check-accepted-missing"));
                }
                Ok(())
            }
            QuestionKind::Numeric {
                answer, tolerance, ..
            } => {
                if !answer.is_finite() || !tolerance.is_finite() || *tolerance < 0.0 {
                    return Err(Message::new("check-numeric-invalid"));
                }
                Ok(())
            }
        }
    }
}

pub(super) fn check_prerequisites(
    report: &mut Report,
    modules: &[Module],
    files: &HashMap<String, PathBuf>,
    lines: &HashMap<String, usize>,
) {
    let ids: HashSet<&str> = modules.iter().map(|m| m.id.as_str()).collect();
    for module in modules {
        for prerequisite in &module.prerequisites {
            if !ids.contains(prerequisite.as_str()) {
                report.add(
                    &files[&module.id],
                    lines[&module.id],
                    Message::new("check-unknown-prerequisite").arg("id", prerequisite),
                );
            }
            if prerequisite == &module.id {
                report.add(
                    &files[&module.id],
                    lines[&module.id],
                    Message::new("check-own-prerequisite"),
                );
            }
        }
    }
    // A cycle: following prerequisites from a module leads back to it.
    let graph: HashMap<&str, Vec<&str>> = modules
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.prerequisites.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let mut reported = HashSet::new();
    for module in modules {
        let mut path = vec![module.id.as_str()];
        if let Some(cycle) = find_cycle(&graph, module.id.as_str(), &mut path, &mut HashSet::new())
        {
            let mut key: Vec<&str> = cycle.clone();
            key.sort();
            if reported.insert(key) {
                report.add(
                    &files[&module.id],
                    lines[&module.id],
                    Message::new("check-prerequisite-cycle").arg("cycle", cycle.join(" → ")),
                );
            }
        }
    }
}

pub(super) fn find_cycle<'a>(
    graph: &HashMap<&'a str, Vec<&'a str>>,
    start: &'a str,
    path: &mut Vec<&'a str>,
    visited: &mut HashSet<&'a str>,
) -> Option<Vec<&'a str>> {
    let current = *path.last()?;
    for next in graph.get(current).into_iter().flatten() {
        if *next == start {
            let mut cycle = path.clone();
            cycle.push(start);
            return Some(cycle);
        }
        if graph.contains_key(next) && visited.insert(next) {
            path.push(next);
            if let Some(cycle) = find_cycle(graph, start, path, visited) {
                return Some(cycle);
            }
            path.pop();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(text: &str, correct: bool) -> Choice {
        Choice {
            text: text.into(),
            correct,
            feedback: None,
        }
    }

    #[test]
    fn each_kind_keeps_its_rules() {
        let cases: Vec<(QuestionKind, Option<&str>)> = vec![
            (
                QuestionKind::Single {
                    options: vec![choice("a", true), choice("b", false), choice("c", false)],
                },
                None,
            ),
            (
                QuestionKind::Single {
                    options: vec![choice("a", true), choice("b", false)],
                },
                Some("at least 3 options, this one has 2"),
            ),
            (
                QuestionKind::Single {
                    options: vec![choice("a", true), choice("b", true), choice("c", false)],
                },
                Some("exactly one"),
            ),
            (
                QuestionKind::Multiple {
                    options: vec![choice("a", false), choice(" ", false)],
                },
                Some("every option needs a text"),
            ),
            (
                QuestionKind::Multiple {
                    options: vec![choice("a", false), choice("b", false)],
                },
                Some("no option is marked correct"),
            ),
            (
                QuestionKind::Ordering {
                    items: vec!["a".into(), "".into(), "c".into()],
                },
                Some("every item needs a text"),
            ),
            (
                QuestionKind::Ordering {
                    items: vec!["a".into(), "b".into(), "a".into()],
                },
                Some("must differ"),
            ),
            (
                QuestionKind::Matching {
                    pairs: vec![
                        ("a".into(), "1".into()),
                        ("b".into(), "1".into()),
                        ("c".into(), "3".into()),
                    ],
                },
                Some("both sides"),
            ),
            (
                QuestionKind::ShortText {
                    accepted: vec![" ".into()],
                    case_sensitive: false,
                },
                Some("at least one accepted answer"),
            ),
            (
                QuestionKind::Numeric {
                    answer: 3.0,
                    tolerance: -1.0,
                    unit: None,
                },
                Some("zero or positive"),
            ),
            (
                QuestionKind::Numeric {
                    answer: f64::NAN,
                    tolerance: 0.0,
                    unit: None,
                },
                Some("must be a number"),
            ),
            (QuestionKind::TrueFalse { answer: false }, None),
        ];
        for (kind, expected) in cases {
            let result = kind.validate();
            match expected {
                None => assert_eq!(result, Ok(()), "{kind:?}"),
                Some(part) => assert!(
                    result.as_ref().is_err_and(|m| m.contains(part)),
                    "{kind:?}: {result:?} should say {part:?}"
                ),
            }
        }
    }
}
