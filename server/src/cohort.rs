//! A simulated cohort of learners taking a module's quiz, for the demo data and the item
//! statistics' benchmark: real draws (`quiz::server::draw`), answers stored as the quiz stores
//! them, graded by the quiz's own grading, with evidence for the passes. The answers follow a simple item-response model: each learner has an ability, each
//! question a difficulty and a discrimination, and the chance of a right answer rises with the
//! ability. A few questions are given the faults the statistics should find (one that the
//! stronger learners get wrong more often, one that everybody gets right, an option nobody
//! chooses), so that the editors' page has something to show. The abilities and answers are
//! deterministic for a seed; the draws are the quiz's own, at random.
//!
//! The attempts are inserted directly, not submitted: the running sums follow from a rebuild
//! (`quiz::statistics::rebuild`), which the server does by itself once after the migration.

use app::content::{Module, Question, QuestionKind};
use app::db::{attempt_answer, evidence, quiz_attempt};
use app::quiz::grading::{self, DrawnQuestion};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, Set, TransactionTrait};
use uuid::Uuid;

/// How a simulated question behaves.
#[derive(Clone, Copy, Debug)]
struct Behaviour {
    difficulty: f64,
    discrimination: f64,
    /// The last wrong option of a choice question is never chosen.
    unchosen_option: bool,
}

fn behaviour(index: usize, rng: &mut StdRng) -> Behaviour {
    let mut b = Behaviour {
        difficulty: rng.random_range(-1.8..0.8),
        discrimination: rng.random_range(0.7..1.8),
        unchosen_option: index % 9 == 4,
    };
    match index {
        // Misleading: the stronger learners fall for it.
        1 => b.discrimination = -0.9,
        // Everybody knows it.
        2 => b.difficulty = -5.0,
        _ => {}
    }
    b
}

/// A standard normal number (Box–Muller).
fn normal(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The stored answer (display positions, as `grading::answer_from_fields` writes it): right or
/// wrong as decided.
fn answer(
    question: &Question,
    drawn: &DrawnQuestion,
    right: bool,
    b: Behaviour,
    rng: &mut StdRng,
) -> String {
    let order = &drawn.order;
    let shown = |index: usize| order.iter().position(|i| *i == index).unwrap_or(0);
    match &question.kind {
        QuestionKind::Single { options } => {
            let candidates: Vec<usize> = (0..options.len())
                .filter(|i| options[*i].correct == right)
                .collect();
            let mut wrong = candidates.clone();
            if !right && b.unchosen_option && wrong.len() > 1 {
                wrong.pop();
            }
            let pool = if right { &candidates } else { &wrong };
            // Wrong answers lean towards the first wrong options: some distractors work better.
            let pick = pool
                .get((rng.random_range(0.0..1.0f64).powi(2) * pool.len() as f64) as usize)
                .copied()
                .unwrap_or(0);
            shown(pick).to_string()
        }
        QuestionKind::Multiple { options } => {
            let mut chosen: Vec<usize> =
                (0..options.len()).filter(|i| options[*i].correct).collect();
            if !right {
                let mut wrong: Vec<usize> = (0..options.len())
                    .filter(|i| !options[*i].correct)
                    .collect();
                if b.unchosen_option && wrong.len() > 1 {
                    wrong.pop();
                }
                if let Some(extra) = wrong.choose(rng) {
                    chosen.push(*extra);
                } else if chosen.len() > 1 {
                    chosen.pop();
                }
            }
            let mut positions: Vec<usize> = chosen.into_iter().map(shown).collect();
            positions.sort_unstable();
            positions
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        QuestionKind::TrueFalse { answer } => (*answer == right).to_string(),
        QuestionKind::Ordering { items } => {
            let mut ranks: Vec<usize> = order.iter().map(|i| i + 1).collect();
            if !right && items.len() > 1 {
                ranks.swap(0, 1);
            }
            ranks
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        QuestionKind::Matching { pairs } => {
            let mut chosen: Vec<usize> = (0..pairs.len()).map(shown).collect();
            if !right && pairs.len() > 1 {
                chosen.swap(0, 1);
            }
            chosen
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        QuestionKind::ShortText { accepted, .. } => {
            if right {
                accepted.first().cloned().unwrap_or_default()
            } else {
                "weiß nicht".to_owned()
            }
        }
        QuestionKind::Numeric {
            answer, tolerance, ..
        } => {
            if right {
                answer.to_string().replace('.', ",")
            } else {
                (answer + tolerance.abs() * 10.0 + 10.0)
                    .to_string()
                    .replace('.', ",")
            }
        }
    }
}

/// Rows per INSERT, below PostgreSQL's limit of parameters.
const BATCH: usize = 500;

/// `attempts` submitted quiz attempts of `module` by `learners` (in turn), spread over the
/// last 300 days (within the default retention of answers). Returns the number written.
pub async fn simulate(
    db: &DatabaseConnection,
    module: &Module,
    learners: &[Uuid],
    attempts: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    if learners.is_empty() || module.quiz.questions.is_empty() {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let behaviours: Vec<Behaviour> = (0..module.quiz.questions.len())
        .map(|i| behaviour(i, &mut rng))
        .collect();
    let index_of = |id: &str| module.quiz.questions.iter().position(|q| q.id == id);
    let mut rows = Vec::with_capacity(BATCH);
    let mut answers = Vec::with_capacity(BATCH * module.quiz.draw);
    let mut proofs = Vec::new();
    for n in 0..attempts {
        let ability = normal(&mut rng);
        let layout = app::quiz::server::draw(module);
        let id = Uuid::new_v4();
        let submitted = now - Duration::minutes(rng.random_range(10..(300 * 24 * 60)));
        let mut total = 0.0;
        for (p, drawn) in layout.iter().enumerate() {
            let Some(i) = index_of(&drawn.id) else {
                continue;
            };
            let question = &module.quiz.questions[i];
            let b = behaviours[i];
            let chance = 1.0 / (1.0 + (-1.7 * b.discrimination * (ability - b.difficulty)).exp());
            let right = rng.random_range(0.0..1.0) < chance;
            let text = answer(question, drawn, right, b, &mut rng);
            total += grading::score(question, drawn, &text, module.quiz.scoring);
            answers.push(attempt_answer::ActiveModel {
                attempt_id: Set(id),
                position: Set(p as i32),
                answer: Set(text),
                saved_at: Set(submitted),
            });
        }
        let percent = grading::percent(total, layout.len());
        let passed = percent >= i32::from(module.quiz.pass_mark);
        let person = learners[n % learners.len()];
        if passed {
            for (competence, level) in &module.proves {
                proofs.push(evidence::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    user_id: Set(person),
                    competence_id: Set(competence.clone()),
                    level: Set(i32::from(*level)),
                    module_id: Set(module.id.clone()),
                    module_version: Set(module.version.clone()),
                    attempt_id: Set(id),
                    achieved_at: Set(submitted),
                });
            }
        }
        rows.push(quiz_attempt::ActiveModel {
            id: Set(id),
            user_id: Set(person),
            module_id: Set(module.id.clone()),
            module_version: Set(module.version.clone()),
            kind: Set(quiz_attempt::KIND_QUIZ.to_owned()),
            status: Set(quiz_attempt::STATUS_SUBMITTED.to_owned()),
            started_at: Set(submitted - Duration::minutes(12)),
            deadline_at: Set(None),
            submitted_at: Set(Some(submitted)),
            score_percent: Set(Some(percent)),
            passed: Set(Some(passed)),
            layout: Set(serde_json::to_string(&layout).unwrap_or_else(|_| "[]".to_owned())),
        });
        if rows.len() == BATCH || n + 1 == attempts {
            let txn = db.begin().await?;
            quiz_attempt::Entity::insert_many(std::mem::take(&mut rows))
                .exec_without_returning(&txn)
                .await?;
            let all = std::mem::take(&mut answers);
            for chunk in all.chunks(BATCH) {
                attempt_answer::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            let all = std::mem::take(&mut proofs);
            for chunk in all.chunks(BATCH) {
                evidence::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
        }
    }
    Ok(attempts)
}
