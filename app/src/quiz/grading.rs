//! Grading on the server: turning a submitted form into an answer, and an answer into a score.
//! Answers refer to what the learner saw (display positions after shuffling); the layout of the
//! attempt maps them back to the content's options.

use serde::{Deserialize, Serialize};

use crate::content::{Question, QuestionKind, Scoring};

/// One drawn question of an attempt: the content id and the display order of its options
/// (single/multiple), items (ordering) or right-hand sides (matching).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnQuestion {
    pub id: String,
    #[serde(default)]
    pub order: Vec<usize>,
}

/// The canonical stored answer of one question, built from the form fields of that question.
///
/// Fields: `choice` (single, true/false; repeated for multiple), `rank_<d>` (ordering: the
/// position 1…n the learner gives the item shown at d), `match_<i>` (matching: the shown
/// right-hand side chosen for left item i), `text` (short text, numeric).
pub fn answer_from_fields(
    question: &Question,
    drawn: &DrawnQuestion,
    fields: &[(String, String)],
) -> String {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let count = drawn.order.len();
    match &question.kind {
        QuestionKind::Single { .. } => get("choice")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|d| *d < count)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        QuestionKind::Multiple { .. } => {
            let mut chosen: Vec<usize> = fields
                .iter()
                .filter(|(k, _)| k == "choice")
                .filter_map(|(_, v)| v.trim().parse::<usize>().ok())
                .filter(|d| *d < count)
                .collect();
            chosen.sort_unstable();
            chosen.dedup();
            chosen
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        QuestionKind::TrueFalse { .. } => match get("choice").as_deref() {
            Some("true") => "true".into(),
            Some("false") => "false".into(),
            _ => String::new(),
        },
        QuestionKind::Ordering { .. } => {
            let ranks: Vec<String> = (0..count)
                .map(|d| {
                    get(&format!("rank_{d}"))
                        .and_then(|v| v.parse::<usize>().ok())
                        .filter(|r| (1..=count).contains(r))
                        .map(|r| r.to_string())
                        .unwrap_or_else(|| "-".into())
                })
                .collect();
            if ranks.iter().all(|r| r == "-") {
                String::new()
            } else {
                ranks.join(",")
            }
        }
        QuestionKind::Matching { pairs } => {
            let choices: Vec<String> = (0..pairs.len())
                .map(|i| {
                    get(&format!("match_{i}"))
                        .and_then(|v| v.parse::<usize>().ok())
                        .filter(|r| *r < count)
                        .map(|r| r.to_string())
                        .unwrap_or_else(|| "-".into())
                })
                .collect();
            if choices.iter().all(|c| c == "-") {
                String::new()
            } else {
                choices.join(",")
            }
        }
        QuestionKind::ShortText { .. } | QuestionKind::Numeric { .. } => get("text")
            .map(|t| t.chars().take(200).collect())
            .unwrap_or_default(),
    }
}

/// The display positions stored in a canonical answer, `-` and junk as `None`.
pub fn positions(answer: &str) -> Vec<Option<usize>> {
    if answer.is_empty() {
        return Vec::new();
    }
    answer
        .split(',')
        .map(|p| p.trim().parse::<usize>().ok())
        .collect()
}

fn normalise(text: &str, case_sensitive: bool) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if case_sensitive {
        collapsed
    } else {
        collapsed.to_lowercase()
    }
}

/// A number as people write it: `4,5`, `4.5`, `1.000` (German thousands), with or without unit.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+' | ' '))
        .collect();
    let cleaned = cleaned.replace(' ', "");
    if cleaned.is_empty() {
        return None;
    }
    let normalised = match (cleaned.contains(','), cleaned.contains('.')) {
        (true, true) => cleaned.replace('.', "").replace(',', "."),
        (true, false) => cleaned.replace(',', "."),
        (false, true) => {
            // "1.000" in German is a thousand; "4.5" is four and a half.
            let after = cleaned.rsplit('.').next().unwrap_or_default();
            if after.len() == 3 && cleaned.matches('.').count() >= 1 && !cleaned.starts_with("0.") {
                cleaned.replace('.', "")
            } else {
                cleaned
            }
        }
        (false, false) => cleaned,
    };
    normalised.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The score of one answer, between 0 and 1.
pub fn score(question: &Question, drawn: &DrawnQuestion, answer: &str, scoring: Scoring) -> f64 {
    let order = &drawn.order;
    match &question.kind {
        QuestionKind::Single { options } => positions(answer)
            .first()
            .copied()
            .flatten()
            .and_then(|d| order.get(d))
            .map(|i| if options[*i].correct { 1.0 } else { 0.0 })
            .unwrap_or(0.0),
        QuestionKind::Multiple { options } => {
            let chosen: Vec<usize> = positions(answer)
                .into_iter()
                .flatten()
                .filter_map(|d| order.get(d).copied())
                .collect();
            let right = options.iter().filter(|o| o.correct).count() as f64;
            let right_chosen = chosen.iter().filter(|i| options[**i].correct).count() as f64;
            let wrong_chosen = chosen.len() as f64 - right_chosen;
            match scoring {
                Scoring::AllOrNothing => {
                    if right_chosen == right && wrong_chosen == 0.0 {
                        1.0
                    } else {
                        0.0
                    }
                }
                Scoring::Proportional => ((right_chosen - wrong_chosen) / right).max(0.0),
            }
        }
        QuestionKind::TrueFalse { answer: right } => match answer {
            "true" => f64::from(u8::from(*right)),
            "false" => f64::from(u8::from(!*right)),
            _ => 0.0,
        },
        QuestionKind::Ordering { items } => {
            // The item shown at d is items[order[d]]; its right rank is order[d] + 1.
            let ranks = positions(answer);
            let all_right = ranks.len() == items.len()
                && ranks.iter().enumerate().all(
                    |(d, rank)| matches!((rank, order.get(d)), (Some(r), Some(i)) if *r == i + 1),
                );
            if all_right { 1.0 } else { 0.0 }
        }
        QuestionKind::Matching { pairs } => {
            // Right-hand side shown at r belongs to pair order[r]; left i needs pair i.
            let chosen = positions(answer);
            let right = (0..pairs.len())
                .filter(|i| chosen.get(*i).copied().flatten().and_then(|r| order.get(r)) == Some(i))
                .count();
            match scoring {
                Scoring::AllOrNothing => f64::from(u8::from(right == pairs.len())),
                Scoring::Proportional => right as f64 / pairs.len() as f64,
            }
        }
        QuestionKind::ShortText {
            accepted,
            case_sensitive,
        } => {
            let given = normalise(answer, *case_sensitive);
            let hit = !given.is_empty()
                && accepted
                    .iter()
                    .any(|a| normalise(a, *case_sensitive) == given);
            f64::from(u8::from(hit))
        }
        QuestionKind::Numeric {
            answer: right,
            tolerance,
            ..
        } => match parse_number(answer) {
            Some(given) if (given - right).abs() <= tolerance + 1e-9 => 1.0,
            _ => 0.0,
        },
    }
}

/// Whole percent of `total` over `count` questions, rounded down so a pass is never rounded up.
pub fn percent(total: f64, count: usize) -> i32 {
    if count == 0 {
        return 0;
    }
    ((total / count as f64) * 100.0 + 1e-9).floor() as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Choice;

    fn question(kind: QuestionKind) -> Question {
        Question {
            id: "q".into(),
            kind,
            scenario: false,
            text: "?".into(),
            lesson: "01-x".into(),
            anchor: None,
            feedback_correct: None,
            feedback_incorrect: None,
            line: 1,
        }
    }

    fn choices(correct: &[bool]) -> Vec<Choice> {
        correct
            .iter()
            .enumerate()
            .map(|(i, c)| Choice {
                text: format!("o{i}"),
                correct: *c,
                feedback: None,
            })
            .collect()
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn single_choice_maps_display_positions_back() {
        let q = question(QuestionKind::Single {
            options: choices(&[false, true, false]),
        });
        let drawn = DrawnQuestion {
            id: "q".into(),
            order: vec![2, 0, 1],
        };
        // The right option (content index 1) is shown at display position 2.
        assert_eq!(
            answer_from_fields(&q, &drawn, &fields(&[("choice", "2")])),
            "2"
        );
        assert_eq!(score(&q, &drawn, "2", Scoring::Proportional), 1.0);
        assert_eq!(score(&q, &drawn, "1", Scoring::Proportional), 0.0);
        assert_eq!(
            answer_from_fields(&q, &drawn, &fields(&[("choice", "9")])),
            "",
            "out of range is no answer"
        );
    }

    #[test]
    fn multiple_choice_scores_by_the_stated_rule() {
        let q = question(QuestionKind::Multiple {
            options: choices(&[true, true, false, false]),
        });
        let drawn = DrawnQuestion {
            id: "q".into(),
            order: vec![0, 1, 2, 3],
        };
        let cases = [
            ("0,1", 1.0, 1.0),
            ("0", 0.5, 0.0),
            ("0,2", 0.0, 0.0),
            ("0,1,2", 0.5, 0.0),
            ("2,3", 0.0, 0.0),
            ("", 0.0, 0.0),
        ];
        for (answer, proportional, all_or_nothing) in cases {
            assert_eq!(
                score(&q, &drawn, answer, Scoring::Proportional),
                proportional,
                "proportional {answer}"
            );
            assert_eq!(
                score(&q, &drawn, answer, Scoring::AllOrNothing),
                all_or_nothing,
                "all-or-nothing {answer}"
            );
        }
        assert_eq!(
            answer_from_fields(
                &q,
                &drawn,
                &fields(&[("choice", "1"), ("choice", "0"), ("choice", "1")])
            ),
            "0,1"
        );
    }

    #[test]
    fn ordering_and_matching_use_the_shuffled_layout() {
        let q = question(QuestionKind::Ordering {
            items: vec!["a".into(), "b".into(), "c".into()],
        });
        let drawn = DrawnQuestion {
            id: "q".into(),
            order: vec![2, 0, 1],
        }; // shows c, a, b
        let answer = answer_from_fields(
            &q,
            &drawn,
            &fields(&[("rank_0", "3"), ("rank_1", "1"), ("rank_2", "2")]),
        );
        assert_eq!(answer, "3,1,2");
        assert_eq!(score(&q, &drawn, &answer, Scoring::Proportional), 1.0);
        assert_eq!(score(&q, &drawn, "1,2,3", Scoring::Proportional), 0.0);

        let q = question(QuestionKind::Matching {
            pairs: vec![
                ("l0".into(), "r0".into()),
                ("l1".into(), "r1".into()),
                ("l2".into(), "r2".into()),
            ],
        });
        let drawn = DrawnQuestion {
            id: "q".into(),
            order: vec![1, 2, 0],
        }; // shows r1, r2, r0
        let answer = answer_from_fields(
            &q,
            &drawn,
            &fields(&[("match_0", "2"), ("match_1", "0"), ("match_2", "1")]),
        );
        assert_eq!(score(&q, &drawn, &answer, Scoring::AllOrNothing), 1.0);
        assert!((score(&q, &drawn, "2,1,0", Scoring::Proportional) - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn text_and_numbers_are_compared_forgivingly() {
        let q = question(QuestionKind::ShortText {
            accepted: vec!["E-Akte".into(), "elektronische Akte".into()],
            case_sensitive: false,
        });
        let drawn = DrawnQuestion {
            id: "q".into(),
            order: vec![],
        };
        assert_eq!(score(&q, &drawn, "  e-akte ", Scoring::Proportional), 1.0);
        assert_eq!(
            score(&q, &drawn, "Elektronische   Akte", Scoring::Proportional),
            1.0
        );
        assert_eq!(score(&q, &drawn, "Akte", Scoring::Proportional), 0.0);

        let q = question(QuestionKind::Numeric {
            answer: 4.5,
            tolerance: 0.0,
            unit: None,
        });
        for given in ["4,5", "4.5", "4,5:1", " 4.50 "] {
            assert_eq!(
                score(&q, &drawn, given, Scoring::Proportional),
                1.0,
                "{given}"
            );
        }
        assert_eq!(score(&q, &drawn, "45", Scoring::Proportional), 0.0);
        let q = question(QuestionKind::Numeric {
            answer: 1000.0,
            tolerance: 0.0,
            unit: None,
        });
        assert_eq!(score(&q, &drawn, "1.000", Scoring::Proportional), 1.0);
        let q = question(QuestionKind::Numeric {
            answer: 72.0,
            tolerance: 0.0,
            unit: Some("Stunden".into()),
        });
        assert_eq!(score(&q, &drawn, "72 Stunden", Scoring::Proportional), 1.0);
    }

    #[test]
    fn percent_never_rounds_a_fail_into_a_pass() {
        assert_eq!(percent(7.49, 10), 74);
        assert_eq!(percent(7.5, 10), 75);
        assert_eq!(percent(10.0, 10), 100);
    }
}
