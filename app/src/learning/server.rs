//! Catalogue, module and lesson data for the logged-in learner. The pages read through the
//! context's reader (`ctx.read`), so a long write elsewhere never holds them up; marking a lesson
//! read writes through the writer.

use crate::content::HasContent;
use crate::identity::CurrentUser;
use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::equivalents::equivalents_of;
use super::{
    AttemptSummary, Catalogue, CatalogueEntry, CompetenceRef, EvidenceEntry, LessonEntry,
    LessonView, ModuleView, PrerequisiteEntry, QuizStatus,
};
use crate::content::{ContentStore, Module, NextTry, PastAttempt};
use crate::context::AppContext;
use crate::db::{evidence, lesson_progress, quiz_attempt};
use crate::error::AppError;
use crate::i18n::Locale;

fn competences_of(store: &ContentStore, module: &Module, locale: Locale) -> Vec<CompetenceRef> {
    module
        .proves
        .iter()
        .map(|(id, level)| CompetenceRef {
            id: id.clone(),
            title: store
                .competence(id)
                .map(|c| c.title.get(locale).to_owned())
                .unwrap_or_else(|| id.clone()),
            level: *level,
        })
        .collect()
}

/// Lessons read per module.
async fn read_lessons(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> Result<HashMap<String, HashSet<String>>, AppError> {
    let mut read: HashMap<String, HashSet<String>> = HashMap::new();
    for row in lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(user))
        .all(db)
        .await?
    {
        read.entry(row.module_id)
            .or_default()
            .insert(row.lesson_slug);
    }
    Ok(read)
}

/// Modules with a passed attempt (of any version).
pub async fn passed_modules(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> Result<HashSet<String>, AppError> {
    Ok(quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(user))
        .filter(quiz_attempt::Column::Passed.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.module_id)
        .collect())
}

pub async fn catalogue(
    ctx: &AppContext,
    me: &CurrentUser,
    competence: Option<String>,
    kind: Option<String>,
) -> Result<Catalogue, AppError> {
    let locale = me.locale;
    let read = read_lessons(&ctx.read, me.id).await?;
    let passed = passed_modules(&ctx.read, me.id).await?;
    let competence = competence.filter(|c| !c.is_empty());
    let mut filter_competences: Vec<(String, String)> = Vec::new();
    let mut entries = Vec::new();
    for module in &ctx.content().modules {
        for (id, _) in &module.proves {
            if !filter_competences.iter().any(|(known, _)| known == id) {
                let title = ctx
                    .content()
                    .competence(id)
                    .map(|c| c.title.get(locale).to_owned())
                    .unwrap_or_else(|| id.clone());
                filter_competences.push((id.clone(), title));
            }
        }
        let kind_matches = match kind.as_deref() {
            Some("mandatory") => module.mandatory,
            Some("elective") => !module.mandatory,
            _ => true,
        };
        // A DigComp 3.0 competence finds the modules that prove its DigComp 2.2 equivalent.
        let competence_matches = competence.as_ref().is_none_or(|c| {
            module.proves.iter().any(|(id, level)| {
                id == c
                    || ctx
                        .content()
                        .equivalents(id, *level)
                        .iter()
                        .any(|e| &e.competence.id == c)
            })
        });
        if !(kind_matches && competence_matches) {
            continue;
        }
        let lessons_read = read
            .get(&module.id)
            .map(|slugs| {
                module
                    .lessons
                    .iter()
                    .filter(|l| slugs.contains(&l.slug))
                    .count()
            })
            .unwrap_or(0);
        entries.push(CatalogueEntry {
            id: module.id.clone(),
            title: module.title.get(locale).to_owned(),
            summary: module.summary.get(locale).to_owned(),
            duration_minutes: module.duration_minutes,
            mandatory: module.mandatory,
            lessons_total: module.lessons.len(),
            lessons_read,
            passed: passed.contains(&module.id),
            competences: competences_of(&ctx.content(), module, locale),
            equivalents: equivalents_of(&ctx.content(), &module.proves, locale),
        });
    }
    filter_competences.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Catalogue {
        entries,
        competences: filter_competences,
    })
}

pub fn find_module(ctx: &AppContext, id: &str) -> Result<std::sync::Arc<Module>, AppError> {
    ctx.content().module(id).cloned().ok_or(AppError::NotFound)
}

/// The module as it was in `version`: what an attempt taken on that version shows and grades,
/// also after a newer version was published.
pub fn find_module_version(
    ctx: &AppContext,
    id: &str,
    version: &str,
) -> Result<std::sync::Arc<Module>, AppError> {
    ctx.content()
        .module_version(id, version)
        .cloned()
        .ok_or(AppError::NotFound)
}

/// What a module's page shows of an attempt.
#[derive(sea_orm::DerivePartialModel)]
#[sea_orm(entity = "quiz_attempt::Entity")]
struct AttemptRow {
    id: Uuid,
    module_id: String,
    module_version: String,
    kind: String,
    status: String,
    started_at: chrono::DateTime<chrono::Utc>,
    submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    score_percent: Option<i32>,
    passed: Option<bool>,
}

pub async fn module(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<ModuleView, AppError> {
    let locale = me.locale;
    let module = find_module(ctx, &id)?;
    let read = read_lessons(&ctx.read, me.id)
        .await?
        .remove(&module.id)
        .unwrap_or_default();
    // All of the learner's attempts in one statement: the passed modules (for prerequisites)
    // and this module's history come from the same rows.
    // Without the drawn questions (`layout`), the largest column, which this page never needs.
    let all_attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(me.id))
        .order_by_desc(quiz_attempt::Column::StartedAt)
        .into_partial_model::<AttemptRow>()
        .all(&ctx.read)
        .await?;
    let passed_all: HashSet<String> = all_attempts
        .iter()
        .filter(|a| a.passed == Some(true))
        .map(|a| a.module_id.clone())
        .collect();
    let attempts: Vec<AttemptRow> = all_attempts
        .into_iter()
        .filter(|a| a.module_id == module.id)
        .collect();
    let now = ctx.now();
    let open_attempt = attempts
        .iter()
        .find(|a| a.status == quiz_attempt::STATUS_OPEN)
        .map(|a| a.id);
    let passed = passed_all.contains(&module.id);
    let history: Vec<PastAttempt> = attempts
        .iter()
        .map(|a| PastAttempt {
            counts: a.kind == quiz_attempt::KIND_QUIZ,
            current_version: a.module_version == module.version,
            started_at: a.started_at,
            submitted_at: a.submitted_at,
            passed: a.passed,
        })
        .collect();
    let next_try = if passed {
        NextTry::Now
    } else {
        module.quiz.next_try(&history, now)
    };
    let placement_available =
        !passed && read.is_empty() && !attempts.iter().any(|a| a.module_version == module.version);
    let lessons: Vec<LessonEntry> = module
        .lessons
        .iter()
        .map(|l| LessonEntry {
            slug: l.slug.clone(),
            title: if locale == Locale::En && !l.title.en.is_empty() {
                l.title.en.clone()
            } else {
                l.title.de.clone()
            },
            read: read.contains(&l.slug),
            german_only: locale == Locale::En && l.html_en.is_none(),
        })
        .collect();
    let resume = lessons.iter().find(|l| !l.read).map(|l| l.slug.clone());
    let prerequisites = module
        .prerequisites
        .iter()
        .map(|p| PrerequisiteEntry {
            id: p.clone(),
            title: ctx
                .content()
                .module(p)
                .map(|m| m.title.get(locale).to_owned())
                .unwrap_or_else(|| p.clone()),
            passed: passed_all.contains(p),
        })
        .collect();
    Ok(ModuleView {
        id: module.id.clone(),
        version: module.version.clone(),
        title: module.title.get(locale).to_owned(),
        summary: module.summary.get(locale).to_owned(),
        audience: module.audience.get(locale).to_owned(),
        duration_minutes: module.duration_minutes,
        mandatory: module.mandatory,
        prerequisites,
        competences: competences_of(&ctx.content(), &module, locale),
        equivalents: equivalents_of(&ctx.content(), &module.proves, locale),
        lessons,
        resume,
        quiz: QuizStatus {
            draw: module.quiz.draw,
            pass_mark: module.quiz.pass_mark,
            time_limit_minutes: module.quiz.time_limit_minutes,
            open_attempt,
            cooldown_until: match next_try {
                NextTry::After(at) => Some(at),
                _ => None,
            },
            daily_limit_until: match next_try {
                NextTry::Tomorrow(at) => Some(at),
                _ => None,
            },
            attempts_used: next_try == NextTry::Exhausted,
            first_wait_minutes: module.quiz.cooldown_after(1),
            daily_limit: module.quiz.daily_limit,
            german_only: locale == Locale::En && module.quiz.german_only(),
            passed,
            placement_available,
        },
        history: attempts
            .into_iter()
            .map(|a| AttemptSummary {
                id: a.id,
                placement: a.kind == quiz_attempt::KIND_PLACEMENT,
                started_at: a.started_at,
                submitted_at: a.submitted_at,
                score_percent: a.score_percent,
                passed: a.passed,
                module_version: a.module_version,
            })
            .collect(),
    })
}

pub async fn lesson(
    ctx: &AppContext,
    me: &CurrentUser,
    module_id: String,
    slug: String,
) -> Result<LessonView, AppError> {
    let locale = me.locale;
    let module = find_module(ctx, &module_id)?;
    let position = module
        .lessons
        .iter()
        .position(|l| l.slug == slug)
        .ok_or(AppError::NotFound)?;
    let lesson = &module.lessons[position];
    let read = lesson_progress::Entity::find_by_id((me.id, module.id.clone(), slug.clone()))
        .one(&ctx.read)
        .await?
        .is_some();
    let title_of = |l: &crate::content::Lesson| {
        if locale == Locale::En && !l.title.en.is_empty() {
            l.title.en.clone()
        } else {
            l.title.de.clone()
        }
    };
    let (html, german_only) = match (locale, &lesson.html_en) {
        (Locale::En, Some(html)) => (html.clone(), false),
        (Locale::En, None) => (lesson.html_de.clone(), true),
        (Locale::De, _) => (lesson.html_de.clone(), false),
    };
    Ok(LessonView {
        module_id: module.id.clone(),
        module_title: module.title.get(locale).to_owned(),
        slug: lesson.slug.clone(),
        title: title_of(lesson),
        html,
        german_only,
        position: position + 1,
        total: module.lessons.len(),
        previous: position
            .checked_sub(1)
            .map(|p| (module.lessons[p].slug.clone(), title_of(&module.lessons[p]))),
        next: module
            .lessons
            .get(position + 1)
            .map(|l| (l.slug.clone(), title_of(l))),
        read,
    })
}

pub async fn mark_read(
    ctx: &AppContext,
    me: &CurrentUser,
    module_id: String,
    slug: String,
) -> Result<String, AppError> {
    let module = find_module(ctx, &module_id)?;
    let position = module
        .lessons
        .iter()
        .position(|l| l.slug == slug)
        .ok_or(AppError::NotFound)?;
    let exists = lesson_progress::Entity::find_by_id((me.id, module.id.clone(), slug.clone()))
        .one(&ctx.db)
        .await?;
    if exists.is_none() {
        let row = lesson_progress::ActiveModel {
            user_id: Set(me.id),
            module_id: Set(module.id.clone()),
            lesson_slug: Set(slug),
            read_at: Set(ctx.now()),
        };
        // Two tabs marking the same lesson: the second insert meets the primary key; fine.
        let _ = lesson_progress::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([
                    lesson_progress::Column::UserId,
                    lesson_progress::Column::ModuleId,
                    lesson_progress::Column::LessonSlug,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&ctx.db)
            .await?;
    }
    // On to the next lesson, or back to the module when this was the last.
    Ok(match module.lessons.get(position + 1) {
        Some(next) => format!("/modules/{}/lessons/{}", module.id, next.slug),
        None => format!("/modules/{}?lessons_done=1#quiz", module.id),
    })
}

pub async fn evidence(ctx: &AppContext, me: &CurrentUser) -> Result<Vec<EvidenceEntry>, AppError> {
    let locale = me.locale;
    let rows = evidence::Entity::find()
        .filter(evidence::Column::UserId.eq(me.id))
        .order_by_desc(evidence::Column::AchievedAt)
        .all(&ctx.read)
        .await?;
    let content = ctx.content();
    Ok(rows
        .into_iter()
        .map(|row| {
            let competence = content.competence(&row.competence_id);
            let area = competence
                .and_then(|c| content.areas.iter().find(|a| a.id == c.area))
                .map(|a| format!("{} {}", a.number, a.title.get(locale)))
                .unwrap_or_default();
            let module = content.module(&row.module_id);
            let level = row.level.clamp(0, 8) as u8;
            EvidenceEntry {
                competence: competence
                    .map(|c| c.title.get(locale).to_owned())
                    .unwrap_or_else(|| row.competence_id.clone()),
                area,
                level,
                // On the scale of the competence's own framework.
                level_title: content
                    .level_title(&row.competence_id, level)
                    .map(|t| t.get(locale).to_owned())
                    .unwrap_or_default(),
                module_title: module
                    .map(|m| m.title.get(locale).to_owned())
                    .unwrap_or_else(|| row.module_id.clone()),
                current_version: module
                    .map(|m| m.version.clone())
                    .filter(|v| *v != row.module_version),
                module_version: row.module_version,
                achieved_at: row.achieved_at,
                equivalents: equivalents_of(
                    &content,
                    &[(row.competence_id.clone(), level)],
                    locale,
                ),
            }
        })
        .collect())
}
