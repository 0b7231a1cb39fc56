//! Generated organisations: the demo staff of the development profile and the data set of the
//! report benchmark (`fuehrerschein bench-data`). Deterministic for a seed, so that figures can be
//! compared between runs. People generated here have no password and cannot log in.

use app::content::ContentStore;
use app::db::{department, evidence, quiz_attempt, user, user_role};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set, TransactionTrait};
use uuid::Uuid;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    pub employees: usize,
    pub attempts: usize,
    pub seed: u64,
    /// Generated personnel numbers start with this, so that an import never collides with them.
    pub prefix: String,
    pub is_demo: bool,
}

/// Rows per INSERT: large enough to be quick, small enough for PostgreSQL's 65,535 parameters.
const BATCH: usize = 1000;

async fn insert_batches<A, C>(db: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: ConnectionTrait,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Creates a department hierarchy of `count` units (Dezernat → Fachbereich → Abteilung) and
/// returns their ids.
pub async fn departments(
    db: &impl ConnectionTrait,
    count: usize,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, DbErr> {
    let dezernate = (count / 25).max(1);
    let fachbereiche = (count / 5).max(1);
    let mut ids = Vec::with_capacity(count);
    let mut rows = Vec::with_capacity(count);
    for index in 0..count {
        let id = Uuid::new_v4();
        let (kind, parent, name, code) = if index < dezernate {
            (
                "dezernat",
                None,
                format!("Dezernat {}", index + 1),
                format!("B-D{}", index + 1),
            )
        } else if index < dezernate + fachbereiche {
            let n = index - dezernate;
            (
                "fachbereich",
                Some(ids[n % dezernate]),
                format!("Fachbereich {}", 10 + n),
                format!("B-FB{}", 10 + n),
            )
        } else {
            let n = index - dezernate - fachbereiche;
            let parent = dezernate + n % fachbereiche;
            (
                "abteilung",
                Some(ids[parent]),
                format!(
                    "Abteilung {}.{}",
                    10 + parent - dezernate,
                    n / fachbereiche + 1
                ),
                format!("B-A{}", n + 1),
            )
        };
        ids.push(id);
        rows.push(department::ActiveModel {
            id: Set(id),
            parent_id: Set(parent),
            name: Set(name),
            kind: Set(kind.to_owned()),
            created_at: Set(now),
            code: Set(Some(code)),
        });
    }
    insert_batches(db, rows).await?;
    Ok(ids)
}

const FIRST: &[&str] = &[
    "Anna", "Ben", "Clara", "Deniz", "Elif", "Finn", "Greta", "Hamza", "Ida", "Jonas", "Kerstin",
    "Lukas", "Mira", "Nils", "Olga", "Paul", "Rana", "Stefan", "Tanja", "Umut",
];
const LAST: &[&str] = &[
    "Albers", "Brandt", "Celik", "Dietrich", "Engel", "Fischer", "Graf", "Hoffmann", "Ivanova",
    "Jansen", "Krüger", "Lang", "Meyer", "Nowak", "Otto", "Peters", "Richter", "Schulz", "Thiel",
    "Vogel",
];

/// People in `units`, with job families and quiz history: roughly half of them have taken each
/// mandatory module, fewer the electives, passes spread over the last two years.
pub async fn people(
    db: &DatabaseConnection,
    content: &ContentStore,
    units: &[Uuid],
    spec: &Spec,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let families: Vec<Option<String>> = content
        .profiles
        .job_families
        .iter()
        .map(|f| Some(f.id.clone()))
        .chain([None])
        .collect();
    let mut users = Vec::with_capacity(spec.employees);
    let mut roles = Vec::with_capacity(spec.employees);
    let mut ids = Vec::with_capacity(spec.employees);
    for index in 0..spec.employees {
        let id = Uuid::new_v4();
        let first = FIRST[rng.random_range(0..FIRST.len())];
        let last = LAST[rng.random_range(0..LAST.len())];
        // Case work is the largest family; some people have none recorded.
        let family = match rng.random_range(0..10) {
            0..=4 => families.first().cloned().flatten(),
            5 => families.get(1).cloned().flatten(),
            6 => families.get(2).cloned().flatten(),
            7 | 8 => families.get(3).cloned().flatten(),
            _ => None,
        };
        users.push(user::ActiveModel {
            id: Set(id),
            email: Set(Some(format!(
                "{}{index}@generiert.example",
                spec.prefix.to_lowercase()
            ))),
            display_name: Set(format!("{first} {last}")),
            department_id: Set(Some(units[rng.random_range(0..units.len())])),
            password_hash: Set(None),
            active: Set(true),
            is_demo: Set(spec.is_demo),
            locale: Set("de".to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            deactivated_at: Set(None),
            personnel_number: Set(Some(format!("{}{index:06}", spec.prefix))),
            job_family: Set(family),
            newsletter: Set(true),
            newsletter_token: Set(None),
            last_login_at: Set(None),
            erased_at: Set(None),
        });
        roles.push(user_role::ActiveModel {
            user_id: Set(id),
            role: Set("employee".to_owned()),
        });
        ids.push(id);
    }
    let txn = db.begin().await?;
    insert_batches(&txn, users).await?;
    insert_batches(&txn, roles).await?;
    txn.commit().await?;

    let modules = &content.modules;
    let mut attempts = Vec::with_capacity(BATCH);
    let mut proofs = Vec::with_capacity(BATCH * 3);
    let mut written = 0;
    while written < spec.attempts {
        let person = ids[rng.random_range(0..ids.len())];
        let module = &modules[rng.random_range(0..modules.len())];
        let submitted = now - Duration::minutes(rng.random_range(10..(730 * 24 * 60)));
        // Mandatory modules are passed more often: they are what people are sent to.
        let passed = rng.random_range(0..100) < if module.mandatory { 75 } else { 55 };
        let score = if passed {
            rng.random_range(i32::from(module.quiz.pass_mark)..=100)
        } else {
            rng.random_range(20..i32::from(module.quiz.pass_mark))
        };
        let id = Uuid::new_v4();
        attempts.push(quiz_attempt::ActiveModel {
            id: Set(id),
            user_id: Set(person),
            module_id: Set(module.id.clone()),
            module_version: Set(module.version.clone()),
            kind: Set(quiz_attempt::KIND_QUIZ.to_owned()),
            status: Set(quiz_attempt::STATUS_SUBMITTED.to_owned()),
            started_at: Set(submitted - Duration::minutes(15)),
            deadline_at: Set(None),
            submitted_at: Set(Some(submitted)),
            score_percent: Set(Some(score)),
            passed: Set(Some(passed)),
            layout: Set("[]".to_owned()),
        });
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
        written += 1;
        if attempts.len() == BATCH || written == spec.attempts {
            let txn = db.begin().await?;
            insert_batches(&txn, std::mem::take(&mut attempts)).await?;
            insert_batches(&txn, std::mem::take(&mut proofs)).await?;
            txn.commit().await?;
        }
    }
    // The evidence went in directly: the reports' summaries follow in one go.
    app::reports::summary::rebuild_all(db, &content.certificates.refresh).await?;
    Ok(ids.len())
}
