//! The knowledge base on the server: the readers' list and article, the writers' drafts and
//! the second person's review, publication (tags and search documents in the same
//! transaction), the checks and the reminder when one falls due.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Months, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use uuid::Uuid;

use super::{
    ArticleCard, ArticleList, ArticleView, Choice, DEFAULT_RECHECK_MONTHS, Desk, DeskEntry,
    KnowledgeSettings, MAX_BODY, MAX_COMMENT, MAX_FILTER, MAX_RECHECK_MONTHS, MAX_SUMMARY,
    MAX_TAGS, MAX_TITLE, PendingRevision, RevisionPage, RevisionStatus, WRITERS,
};
use crate::content::HasContent;
use crate::context::AppContext;
use crate::db::{
    department, knowledge_article, knowledge_revision, knowledge_setting, knowledge_tag, user,
};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::{CurrentUser, Role};
use crate::search::HitKind;
use crate::search::server::{Document, replace_live};

/// Addresses below `/wissen/` that are pages, not articles.
const RESERVED: &[&str] = &["redaktion", "einstellungen", "neu"];
/// The longest address an article gets from its title.
const MAX_SLUG: usize = 80;

/// Markdown to HTML that carries no markup of the author's own: raw HTML is shown as text,
/// links lead only to web and mail addresses, telephone numbers and paths of this site, images
/// are reduced to their description, and headings start below the article's title.
pub fn render(source: &str) -> String {
    crate::ui::safe_markdown::render(source, crate::ui::safe_markdown::PAGE)
}

fn status_of(row: &knowledge_revision::Model) -> RevisionStatus {
    RevisionStatus::parse(&row.status).unwrap_or(RevisionStatus::Replaced)
}

fn split(list: &str) -> Vec<String> {
    list.split_whitespace().map(str::to_owned).collect()
}

// ---------------------------------------------------------------------------------------------
// The setting

/// After how many months an article asks to be checked again.
pub async fn settings(db: &impl ConnectionTrait) -> Result<KnowledgeSettings, AppError> {
    let row = knowledge_setting::Entity::find_by_id(knowledge_setting::ROW)
        .one(db)
        .await?;
    Ok(KnowledgeSettings {
        recheck_months: row
            .as_ref()
            .and_then(|r| u32::try_from(r.recheck_months).ok())
            .filter(|m| (1..=MAX_RECHECK_MONTHS).contains(m))
            .unwrap_or(DEFAULT_RECHECK_MONTHS),
        updated_at: row.map(|r| r.updated_at),
    })
}

pub async fn save_settings(
    ctx: &AppContext,
    me: &CurrentUser,
    recheck_months: &str,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let months = recheck_months
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=MAX_RECHECK_MONTHS).contains(m))
        .ok_or_else(|| AppError::invalid("recheck_months", "knowledge-months-invalid"))?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let before = settings(&txn).await?.recheck_months;
    let row = knowledge_setting::ActiveModel {
        id: Set(knowledge_setting::ROW),
        recheck_months: Set(months as i32),
        updated_at: Set(now),
        updated_by: Set(Some(me.id)),
    };
    knowledge_setting::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(knowledge_setting::Column::Id)
                .update_columns([
                    knowledge_setting::Column::RecheckMonths,
                    knowledge_setting::Column::UpdatedAt,
                    knowledge_setting::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "knowledge.setting_changed",
        "knowledge",
        None,
        serde_json::json!({ "before": before, "after": months }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// When a check made at `checked_at` falls due.
fn due_at(checked_at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    checked_at
        .checked_add_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

// ---------------------------------------------------------------------------------------------
// Names and choices

async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The competences the curriculum's modules prove (those whose lessons can link an article), in
/// the curriculum's order.
fn competence_choices(ctx: &AppContext, locale: Locale) -> Vec<Choice> {
    let content = ctx.content();
    let proven: HashSet<&str> = content
        .modules
        .iter()
        .flat_map(|m| m.proves.iter().map(|(id, _)| id.as_str()))
        .collect();
    content
        .competences
        .iter()
        .filter(|c| proven.contains(c.id.as_str()))
        .map(|c| (c.id.clone(), c.title.get(locale).to_owned()))
        .collect()
}

/// The units of the organisation, as a tree (a child's name after its parent's, indented).
async fn unit_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    let all = department::Entity::find().all(db).await?;
    Ok(department::tree_order(all)
        .into_iter()
        .map(|(d, depth)| {
            (
                d.id.to_string(),
                format!("{}{}", "– ".repeat(depth as usize), d.name),
            )
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Readers

struct Published {
    article: knowledge_article::Model,
    revision: knowledge_revision::Model,
}

async fn published(db: &impl ConnectionTrait) -> Result<Vec<Published>, AppError> {
    let articles = knowledge_article::Entity::find()
        .filter(knowledge_article::Column::PublishedRevisionId.is_not_null())
        .all(db)
        .await?;
    let ids: Vec<Uuid> = articles
        .iter()
        .filter_map(|a| a.published_revision_id)
        .collect();
    let mut revisions: HashMap<Uuid, knowledge_revision::Model> =
        knowledge_revision::Entity::find()
            .filter(knowledge_revision::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let mut out: Vec<Published> = articles
        .into_iter()
        .filter_map(|article| {
            let revision = revisions.remove(&article.published_revision_id?)?;
            Some(Published { article, revision })
        })
        .collect();
    out.sort_by(|a, b| {
        a.revision
            .title
            .to_lowercase()
            .cmp(&b.revision.title.to_lowercase())
    });
    Ok(out)
}

fn card(p: &Published, months: u32, now: DateTime<Utc>) -> ArticleCard {
    ArticleCard {
        slug: p.article.slug.clone(),
        title: p.revision.title.clone(),
        summary: p.revision.summary.clone(),
        checked_at: p.article.checked_at,
        due: p
            .article
            .checked_at
            .is_some_and(|c| due_at(c, months) <= now),
    }
}

/// Article ids carrying the tag.
async fn tagged(
    db: &impl ConnectionTrait,
    kind: &str,
    values: &[String],
) -> Result<HashSet<Uuid>, AppError> {
    Ok(knowledge_tag::Entity::find()
        .filter(knowledge_tag::Column::Kind.eq(kind))
        .filter(knowledge_tag::Column::Value.is_in(values.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.article_id)
        .collect())
}

fn filter_value(value: Option<String>) -> String {
    value.unwrap_or_default().trim().to_owned()
}

pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    q: Option<String>,
    competence: Option<String>,
    unit: Option<String>,
) -> Result<ArticleList, AppError> {
    let q = filter_value(q);
    let competence = filter_value(competence);
    let unit = filter_value(unit);
    let mut v = Validation::new();
    v.max_chars(&q, MAX_FILTER, "q");
    let competences = competence_choices(ctx, me.locale);
    let units = unit_choices(&ctx.read).await?;
    v.check(
        competence.is_empty() || competences.iter().any(|(id, _)| *id == competence),
        "competence",
        "field-invalid-choice",
    );
    v.check(
        unit.is_empty() || units.iter().any(|(id, _)| *id == unit),
        "unit",
        "field-invalid-choice",
    );
    v.finish()?;
    let months = settings(&ctx.read).await?.recheck_months;
    let now = ctx.now();
    let all = published(&ctx.read).await?;
    let total = all.len();
    let by_competence = if competence.is_empty() {
        None
    } else {
        Some(
            tagged(
                &ctx.read,
                knowledge_tag::COMPETENCE,
                std::slice::from_ref(&competence),
            )
            .await?,
        )
    };
    let by_unit = if unit.is_empty() {
        None
    } else {
        Some(tagged(&ctx.read, knowledge_tag::UNIT, std::slice::from_ref(&unit)).await?)
    };
    let words: Vec<String> = q
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let cards = all
        .iter()
        .filter(|p| {
            by_competence
                .as_ref()
                .is_none_or(|s| s.contains(&p.article.id))
        })
        .filter(|p| by_unit.as_ref().is_none_or(|s| s.contains(&p.article.id)))
        .filter(|p| {
            if words.is_empty() {
                return true;
            }
            let text = format!(
                "{} {} {}",
                p.revision.title, p.revision.summary, p.revision.body
            )
            .to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .map(|p| card(p, months, now))
        .collect();
    Ok(ArticleList {
        cards,
        q,
        competence,
        unit,
        competences,
        units,
        total,
        can_write: me.has_any(WRITERS),
    })
}

async fn article_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<knowledge_article::Model, AppError> {
    knowledge_article::Entity::find()
        .filter(knowledge_article::Column::Slug.eq(slug.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The revision that is neither published nor replaced, if any.
async fn open_revision(
    db: &impl ConnectionTrait,
    article: Uuid,
) -> Result<Option<knowledge_revision::Model>, AppError> {
    Ok(knowledge_revision::Entity::find()
        .filter(knowledge_revision::Column::ArticleId.eq(article))
        .filter(knowledge_revision::Column::Status.is_in([
            knowledge_revision::DRAFT,
            knowledge_revision::REVIEW,
            knowledge_revision::RETURNED,
        ]))
        .order_by_desc(knowledge_revision::Column::Number)
        .one(db)
        .await?)
}

pub async fn article(
    ctx: &AppContext,
    me: &CurrentUser,
    slug: &str,
) -> Result<ArticleView, AppError> {
    let article = article_by_slug(&ctx.read, slug).await?;
    let revision_id = article.published_revision_id.ok_or(AppError::NotFound)?;
    let revision = knowledge_revision::Entity::find_by_id(revision_id)
        .one(&ctx.read)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_write = me.has_any(WRITERS);
    let pending = if can_write {
        open_revision(&ctx.read, article.id).await?
    } else {
        None
    };
    let people = names(
        &ctx.read,
        article
            .checked_by
            .into_iter()
            .chain(pending.as_ref().and_then(|p| p.author_id)),
    )
    .await?;
    let months = settings(&ctx.read).await?.recheck_months;
    let due_at = article.checked_at.map(|c| due_at(c, months));
    let choices = competence_choices(ctx, me.locale);
    let competences = split(&revision.competences)
        .into_iter()
        .filter_map(|id| choices.iter().find(|(c, _)| *c == id).cloned())
        .collect();
    let unit_ids: Vec<Uuid> = split(&revision.departments)
        .iter()
        .filter_map(|u| u.parse().ok())
        .collect();
    let units = department::Entity::find()
        .filter(department::Column::Id.is_in(unit_ids))
        .order_by_asc(department::Column::Name)
        .all(&ctx.read)
        .await?
        .into_iter()
        .map(|d| d.name)
        .collect();
    Ok(ArticleView {
        id: article.id,
        slug: article.slug.clone(),
        html: render(&revision.body),
        title: revision.title,
        summary: revision.summary,
        competences,
        units,
        published_at: revision.decided_at,
        checked_at: article.checked_at,
        checked_by: article.checked_by.and_then(|id| people.get(&id).cloned()),
        due: due_at.is_some_and(|d| d <= ctx.now()),
        due_at,
        can_write,
        pending: pending.map(|p| PendingRevision {
            status: status_of(&p),
            author: p.author_id.and_then(|id| people.get(&id).cloned()),
        }),
    })
}

pub async fn for_module(ctx: &AppContext, module: &str) -> Result<Vec<ArticleCard>, AppError> {
    let content = ctx.content();
    let Some(module) = content.module(module) else {
        return Ok(Vec::new());
    };
    let competences: Vec<String> = module.proves.iter().map(|(id, _)| id.clone()).collect();
    if competences.is_empty() {
        return Ok(Vec::new());
    }
    let ids = tagged(&ctx.read, knowledge_tag::COMPETENCE, &competences).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let months = settings(&ctx.read).await?.recheck_months;
    let now = ctx.now();
    Ok(published(&ctx.read)
        .await?
        .iter()
        .filter(|p| ids.contains(&p.article.id))
        .map(|p| card(p, months, now))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Writers

pub async fn desk(ctx: &AppContext, me: &CurrentUser) -> Result<Desk, AppError> {
    me.require_any(WRITERS)?;
    let db = &ctx.read;
    let open = knowledge_revision::Entity::find()
        .filter(knowledge_revision::Column::Status.is_in([
            knowledge_revision::DRAFT,
            knowledge_revision::REVIEW,
            knowledge_revision::RETURNED,
        ]))
        .order_by_desc(knowledge_revision::Column::UpdatedAt)
        .all(db)
        .await?;
    let articles: HashMap<Uuid, knowledge_article::Model> = knowledge_article::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let people = names(db, open.iter().filter_map(|r| r.author_id)).await?;
    let entry = |r: &knowledge_revision::Model| {
        articles.get(&r.article_id).map(|a| DeskEntry {
            article: a.id,
            slug: a.slug.clone(),
            title: r.title.clone(),
            status: status_of(r),
            author: r.author_id.and_then(|id| people.get(&id).cloned()),
            at: r.updated_at,
        })
    };
    let mine = open
        .iter()
        .filter(|r| r.author_id == Some(me.id))
        .filter_map(entry)
        .collect();
    let to_review = open
        .iter()
        .filter(|r| r.status == knowledge_revision::REVIEW && r.author_id != Some(me.id))
        .filter_map(entry)
        .collect();
    let months = settings(db).await?.recheck_months;
    let now = ctx.now();
    let mut due: Vec<DeskEntry> = published(db)
        .await?
        .into_iter()
        .filter_map(|p| {
            let due = due_at(p.article.checked_at?, months);
            (due <= now).then(|| DeskEntry {
                article: p.article.id,
                slug: p.article.slug.clone(),
                title: p.revision.title.clone(),
                status: RevisionStatus::Published,
                author: None,
                at: due,
            })
        })
        .collect();
    due.sort_by_key(|e| e.at);
    Ok(Desk {
        mine,
        to_review,
        due,
        recheck_months: months,
    })
}

pub async fn revision_page(
    ctx: &AppContext,
    me: &CurrentUser,
    article: Option<Uuid>,
) -> Result<RevisionPage, AppError> {
    me.require_any(WRITERS)?;
    let db = &ctx.read;
    let competence_choices = competence_choices(ctx, me.locale);
    let unit_choices = unit_choices(db).await?;
    let Some(id) = article else {
        return Ok(RevisionPage {
            article: None,
            slug: None,
            status: None,
            number: None,
            title: String::new(),
            summary: String::new(),
            body: String::new(),
            competences: Vec::new(),
            units: Vec::new(),
            preview_html: String::new(),
            review_comment: None,
            author: None,
            mine: true,
            published: false,
            competence_choices,
            unit_choices,
        });
    };
    let article = knowledge_article::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = open_revision(db, id).await?;
    let shown = match &open {
        Some(r) => r.clone(),
        None => {
            let published = article.published_revision_id.ok_or(AppError::NotFound)?;
            knowledge_revision::Entity::find_by_id(published)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    let people = names(db, shown.author_id).await?;
    Ok(RevisionPage {
        article: Some(article.id),
        slug: Some(article.slug.clone()),
        status: open.as_ref().map(status_of),
        number: open.as_ref().map(|r| r.number),
        preview_html: render(&shown.body),
        competences: split(&shown.competences),
        units: split(&shown.departments),
        review_comment: open.as_ref().and_then(|r| r.review_comment.clone()),
        author: shown.author_id.and_then(|a| people.get(&a).cloned()),
        mine: open.as_ref().is_none_or(|r| r.author_id == Some(me.id)),
        published: article.published_revision_id.is_some(),
        title: shown.title,
        summary: shown.summary,
        body: shown.body,
        competence_choices,
        unit_choices,
    })
}

/// What the writer's form sends.
pub struct ArticleForm<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub competences: &'a [String],
    pub units: &'a [String],
}

/// One line: required, at most `max` characters, no line breaks or other control characters.
fn line(v: &mut Validation, value: &str, field: &str, max: usize) -> String {
    let value = value.trim();
    if v.require(value, field) && v.max_chars(value, max, field) {
        v.check(
            !value.chars().any(char::is_control),
            field,
            "knowledge-one-line",
        );
    }
    value.to_owned()
}

struct Checked {
    title: String,
    summary: String,
    body: String,
    competences: Vec<String>,
    units: Vec<String>,
}

async fn check_form(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    form: &ArticleForm<'_>,
) -> Result<Checked, AppError> {
    let mut v = Validation::new();
    let title = line(&mut v, form.title, "title", MAX_TITLE);
    let summary = line(&mut v, form.summary, "summary", MAX_SUMMARY);
    let body = form.body.trim().replace("\r\n", "\n");
    if v.require(&body, "body") {
        v.max_chars(&body, MAX_BODY, "body");
    }
    let choices = competence_choices(ctx, Locale::De);
    let mut competences: Vec<String> = Vec::new();
    for c in form.competences.iter().map(|c| c.trim()) {
        if !competences.iter().any(|x| x == c) {
            competences.push(c.to_owned());
        }
    }
    if v.check(
        competences.len() <= MAX_TAGS,
        "competences",
        "knowledge-too-many-tags",
    ) {
        v.check(
            competences
                .iter()
                .all(|c| choices.iter().any(|(id, _)| id == c)),
            "competences",
            "field-invalid-choice",
        );
    }
    let mut units: Vec<Uuid> = Vec::new();
    let mut units_valid = true;
    for u in form.units {
        match Uuid::parse_str(u.trim()) {
            Ok(id) if !units.contains(&id) => units.push(id),
            Ok(_) => {}
            Err(_) => units_valid = false,
        }
    }
    if v.check(
        form.units.len() <= MAX_TAGS * 4 && units.len() <= MAX_TAGS,
        "units",
        "knowledge-too-many-tags",
    ) && v.check(units_valid, "units", "field-invalid-choice")
        && !units.is_empty()
    {
        let known = department::Entity::find()
            .filter(department::Column::Id.is_in(units.clone()))
            .all(db)
            .await?
            .len();
        v.check(known == units.len(), "units", "field-invalid-choice");
    }
    v.finish()?;
    Ok(Checked {
        title,
        summary,
        body,
        competences,
        units: units.iter().map(Uuid::to_string).collect(),
    })
}

/// An address for a new article from its title: lower case, umlauts written out, only ASCII
/// letters, digits and single hyphens; a number appended when it is taken.
async fn new_slug(db: &impl ConnectionTrait, title: &str) -> Result<String, AppError> {
    let mut base: String = crate::content::anchor::anchor(title)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while base.contains("--") {
        base = base.replace("--", "-");
    }
    let mut base: String = base.trim_matches('-').chars().take(MAX_SLUG).collect();
    base = base.trim_end_matches('-').to_owned();
    if base.is_empty() {
        base = "artikel".to_owned();
    }
    for n in 1..1000 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if RESERVED.contains(&slug.as_str()) {
            continue;
        }
        let taken = knowledge_article::Entity::find()
            .filter(knowledge_article::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(slug);
        }
    }
    Err(AppError::Conflict("knowledge-slug-taken".into()))
}

fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    let text = err.to_string().to_ascii_lowercase();
    text.contains("unique") || text.contains("duplicate key")
}

fn audit_details(article: &knowledge_article::Model, number: i32) -> serde_json::Value {
    serde_json::json!({ "slug": article.slug, "revision": number })
}

async fn audit(
    txn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    me: &CurrentUser,
    action: &str,
    article: &knowledge_article::Model,
    number: i32,
) -> Result<(), AppError> {
    crate::audit::server::record(
        txn,
        at,
        Some(me.id),
        action,
        "knowledge_article",
        Some(article.id.to_string()),
        audit_details(article, number),
    )
    .await
}

/// Saves the text; returns the article's id. A new article, the writer's open revision, or (when
/// nothing is open) a new revision of the published article.
pub async fn save(
    ctx: &AppContext,
    me: &CurrentUser,
    article: Option<Uuid>,
    form: ArticleForm<'_>,
    submit: bool,
) -> Result<Uuid, AppError> {
    me.require_any(WRITERS)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let checked = check_form(ctx, &txn, &form).await?;
    let (article, open) = match article {
        None => {
            let row = knowledge_article::ActiveModel {
                id: Set(Uuid::new_v4()),
                slug: Set(new_slug(&txn, &checked.title).await?),
                author_id: Set(Some(me.id)),
                published_revision_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                checked_at: Set(None),
                checked_by: Set(None),
                reminded_due_at: Set(None),
            };
            let article = knowledge_article::Entity::insert(row)
                .exec_with_returning(&txn)
                .await?;
            (article, None)
        }
        Some(id) => {
            let article = knowledge_article::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let open = open_revision(&txn, id).await?;
            if let Some(r) = &open {
                if r.author_id != Some(me.id) {
                    return Err(AppError::Conflict("knowledge-revision-taken".into()));
                }
                if !status_of(r).is_open() {
                    return Err(AppError::Conflict("knowledge-in-review".into()));
                }
            }
            (article, open)
        }
    };
    let status = if submit {
        knowledge_revision::REVIEW
    } else {
        knowledge_revision::DRAFT
    };
    let number = match open {
        Some(r) => {
            knowledge_revision::Entity::update_many()
                .col_expr(
                    knowledge_revision::Column::Title,
                    Expr::value(checked.title),
                )
                .col_expr(
                    knowledge_revision::Column::Summary,
                    Expr::value(checked.summary),
                )
                .col_expr(knowledge_revision::Column::Body, Expr::value(checked.body))
                .col_expr(
                    knowledge_revision::Column::Competences,
                    Expr::value(checked.competences.join(" ")),
                )
                .col_expr(
                    knowledge_revision::Column::Departments,
                    Expr::value(checked.units.join(" ")),
                )
                .col_expr(knowledge_revision::Column::Status, Expr::value(status))
                .col_expr(knowledge_revision::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    knowledge_revision::Column::SubmittedAt,
                    Expr::value(submit.then_some(now)),
                )
                .filter(knowledge_revision::Column::Id.eq(r.id))
                .exec(&txn)
                .await?;
            r.number
        }
        None => {
            let number = knowledge_revision::Entity::find()
                .filter(knowledge_revision::Column::ArticleId.eq(article.id))
                .order_by_desc(knowledge_revision::Column::Number)
                .one(&txn)
                .await?
                .map(|r| r.number)
                .unwrap_or(0)
                + 1;
            let row = knowledge_revision::ActiveModel {
                id: Set(Uuid::new_v4()),
                article_id: Set(article.id),
                number: Set(number),
                status: Set(status.to_owned()),
                title: Set(checked.title),
                summary: Set(checked.summary),
                body: Set(checked.body),
                competences: Set(checked.competences.join(" ")),
                departments: Set(checked.units.join(" ")),
                author_id: Set(Some(me.id)),
                reviewer_id: Set(None),
                review_comment: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(submit.then_some(now)),
                decided_at: Set(None),
            };
            match knowledge_revision::Entity::insert(row).exec(&txn).await {
                Ok(_) => {}
                Err(err) if is_unique_violation(&err) => {
                    // Someone started a revision of this article at the same moment.
                    return Err(AppError::Conflict("knowledge-revision-taken".into()));
                }
                Err(err) => return Err(err.into()),
            }
            audit(&txn, now, me, "knowledge.draft_started", &article, number).await?;
            number
        }
    };
    if submit {
        audit(&txn, now, me, "knowledge.submitted", &article, number).await?;
    }
    txn.commit().await?;
    Ok(article.id)
}

/// The revision in review, for a reviewer who did not write it.
async fn in_review(
    txn: &impl ConnectionTrait,
    me: &CurrentUser,
    article: Uuid,
) -> Result<(knowledge_article::Model, knowledge_revision::Model), AppError> {
    me.require_any(WRITERS)?;
    let article = knowledge_article::Entity::find_by_id(article)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let revision = open_revision(txn, article.id)
        .await?
        .filter(|r| r.status == knowledge_revision::REVIEW)
        .ok_or_else(|| AppError::Conflict("knowledge-not-in-review".into()))?;
    if revision.author_id == Some(me.id) {
        return Err(AppError::Conflict("knowledge-own-article".into()));
    }
    Ok((article, revision))
}

/// Marks the revision decided, only if it is still in review: of two reviewers deciding at the
/// same moment, the second finds it decided.
async fn decide(
    txn: &impl ConnectionTrait,
    revision: Uuid,
    status: &str,
    me: &CurrentUser,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let changed = knowledge_revision::Entity::update_many()
        .col_expr(knowledge_revision::Column::Status, Expr::value(status))
        .col_expr(knowledge_revision::Column::ReviewerId, Expr::value(me.id))
        .col_expr(
            knowledge_revision::Column::ReviewComment,
            Expr::value(comment),
        )
        .col_expr(knowledge_revision::Column::DecidedAt, Expr::value(now))
        .col_expr(knowledge_revision::Column::UpdatedAt, Expr::value(now))
        .filter(knowledge_revision::Column::Id.eq(revision))
        .filter(knowledge_revision::Column::Status.eq(knowledge_revision::REVIEW))
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(AppError::Conflict("knowledge-not-in-review".into()));
    }
    Ok(())
}

/// The texts the site search finds for a published revision: in the German and the English
/// search alike (articles are written in one language).
fn search_documents(slug: &str, revision: &knowledge_revision::Model) -> Vec<Document> {
    let text = crate::search::text::html_to_text(&render(&revision.body));
    [Locale::De, Locale::En]
        .into_iter()
        .map(|locale| Document {
            locale,
            kind: HitKind::Article,
            title: revision.title.clone(),
            body: format!("{} {text}", revision.summary),
            url: format!("/wissen/{slug}"),
        })
        .collect()
}

/// Publishes the revision in review; returns the article's address.
pub async fn approve(
    ctx: &AppContext,
    me: &CurrentUser,
    article: Uuid,
) -> Result<String, AppError> {
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let (article, revision) = in_review(&txn, me, article).await?;
    decide(
        &txn,
        revision.id,
        knowledge_revision::PUBLISHED,
        me,
        None,
        now,
    )
    .await?;
    if let Some(previous) = article.published_revision_id {
        knowledge_revision::Entity::update_many()
            .col_expr(
                knowledge_revision::Column::Status,
                Expr::value(knowledge_revision::REPLACED),
            )
            .filter(knowledge_revision::Column::Id.eq(previous))
            .exec(&txn)
            .await?;
    }
    // Publishing is a check: the reviewer has just read the whole text.
    knowledge_article::Entity::update_many()
        .col_expr(
            knowledge_article::Column::PublishedRevisionId,
            Expr::value(revision.id),
        )
        .col_expr(knowledge_article::Column::CheckedAt, Expr::value(now))
        .col_expr(knowledge_article::Column::CheckedBy, Expr::value(me.id))
        .col_expr(
            knowledge_article::Column::RemindedDueAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(knowledge_article::Column::UpdatedAt, Expr::value(now))
        .filter(knowledge_article::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    knowledge_tag::Entity::delete_many()
        .filter(knowledge_tag::Column::ArticleId.eq(article.id))
        .exec(&txn)
        .await?;
    let tags: Vec<knowledge_tag::ActiveModel> = split(&revision.competences)
        .into_iter()
        .map(|c| (knowledge_tag::COMPETENCE, c))
        .chain(
            split(&revision.departments)
                .into_iter()
                .map(|u| (knowledge_tag::UNIT, u)),
        )
        .map(|(kind, value)| knowledge_tag::ActiveModel {
            article_id: Set(article.id),
            kind: Set(kind.to_owned()),
            value: Set(value),
        })
        .collect();
    if !tags.is_empty() {
        knowledge_tag::Entity::insert_many(tags).exec(&txn).await?;
    }
    let url = format!("/wissen/{}", article.slug);
    replace_live(&txn, &url, &search_documents(&article.slug, &revision)).await?;
    audit(
        &txn,
        now,
        me,
        "knowledge.published",
        &article,
        revision.number,
    )
    .await?;
    tell_author(ctx, &txn, &article, &revision, "knowledge_published", None).await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(article.slug)
}

/// Sends the revision in review back to its author with the reviewer's comment.
pub async fn send_back(
    ctx: &AppContext,
    me: &CurrentUser,
    article: Uuid,
    comment: &str,
) -> Result<(), AppError> {
    let comment = comment.trim().replace("\r\n", "\n");
    let mut v = Validation::new();
    if v.require(&comment, "comment") {
        v.max_chars(&comment, MAX_COMMENT, "comment");
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let (article, revision) = in_review(&txn, me, article).await?;
    v.finish()?;
    decide(
        &txn,
        revision.id,
        knowledge_revision::RETURNED,
        me,
        Some(comment.clone()),
        now,
    )
    .await?;
    audit(
        &txn,
        now,
        me,
        "knowledge.returned",
        &article,
        revision.number,
    )
    .await?;
    tell_author(
        ctx,
        &txn,
        &article,
        &revision,
        "knowledge_returned",
        Some(comment),
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(())
}

/// A mail to the revision's author about the review, in their language.
async fn tell_author(
    ctx: &AppContext,
    txn: &impl ConnectionTrait,
    article: &knowledge_article::Model,
    revision: &knowledge_revision::Model,
    template: &'static str,
    comment: Option<String>,
) -> Result<(), AppError> {
    let Some(author) = revision.author_id else {
        return Ok(());
    };
    let Some(person) = user::Entity::find_by_id(author)
        .one(txn)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(());
    };
    let link = if template == "knowledge_published" {
        format!("{}/wissen/{}", ctx.settings.base_url, article.slug)
    } else {
        format!("{}/wissen/redaktion/{}", ctx.settings.base_url, article.id)
    };
    crate::mail::enqueue(
        txn,
        ctx,
        crate::mail::OutgoingMail {
            to: person.email.clone(),
            person: person.id,
            locale: Locale::from_code(&person.locale).unwrap_or_default(),
            template,
            context: serde_json::json!({
                "name": person.display_name,
                "title": revision.title,
                "comment": comment,
                "link": link,
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("{template}:{}", revision.id)),
            attachment: None,
            list_unsubscribe: None,
        },
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Knowledge retention

/// "Geprüft, noch aktuell": records who checked the published text and when; returns the
/// article's address.
pub async fn check(ctx: &AppContext, me: &CurrentUser, article: Uuid) -> Result<String, AppError> {
    me.require_any(WRITERS)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let article = knowledge_article::Entity::find_by_id(article)
        .one(&txn)
        .await?
        .filter(|a| a.published_revision_id.is_some())
        .ok_or(AppError::NotFound)?;
    knowledge_article::Entity::update_many()
        .col_expr(knowledge_article::Column::CheckedAt, Expr::value(now))
        .col_expr(knowledge_article::Column::CheckedBy, Expr::value(me.id))
        .col_expr(
            knowledge_article::Column::RemindedDueAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(knowledge_article::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    let number = match article.published_revision_id {
        Some(id) => knowledge_revision::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|r| r.number)
            .unwrap_or(0),
        None => 0,
    };
    audit(&txn, now, me, "knowledge.checked", &article, number).await?;
    txn.commit().await?;
    Ok(article.slug)
}

/// Queues one reminder per article and due date to its author (or, when the author's account is
/// gone, to the person who checked it last). Safe on several instances at once: the article's
/// row records the due date whose reminder went out, set only where it is not set yet, and the
/// mail's idempotency key names the same date. Returns how many reminders were queued.
pub async fn send_due_reminders(ctx: &AppContext) -> Result<usize, AppError> {
    let months = settings(&ctx.db).await?.recheck_months;
    let now = ctx.now();
    let mut queued = 0;
    for p in published(&ctx.db).await? {
        let Some(checked_at) = p.article.checked_at else {
            continue;
        };
        let due = due_at(checked_at, months);
        if due > now || p.article.reminded_due_at == Some(due) {
            continue;
        }
        let txn = ctx.db.begin().await?;
        let claimed = knowledge_article::Entity::update_many()
            .col_expr(knowledge_article::Column::RemindedDueAt, Expr::value(due))
            .filter(knowledge_article::Column::Id.eq(p.article.id))
            .filter(knowledge_article::Column::CheckedAt.eq(checked_at))
            .filter(
                Condition::any()
                    .add(knowledge_article::Column::RemindedDueAt.is_null())
                    .add(knowledge_article::Column::RemindedDueAt.ne(due)),
            )
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed == 0 {
            txn.rollback().await?;
            continue;
        }
        let mut recipient = None;
        for id in [p.article.author_id, p.article.checked_by]
            .into_iter()
            .flatten()
        {
            if let Some(person) = user::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|u| u.active)
            {
                recipient = Some(person);
                break;
            }
        }
        if let Some(person) = recipient {
            let locale = Locale::from_code(&person.locale).unwrap_or_default();
            let sent = crate::mail::enqueue(
                &txn,
                ctx,
                crate::mail::OutgoingMail {
                    to: person.email.clone(),
                    person: person.id,
                    locale,
                    template: "knowledge_recheck",
                    context: serde_json::json!({
                        "name": person.display_name,
                        "title": p.revision.title,
                        "checked": crate::i18n::format::day(locale, checked_at),
                        "months": months,
                        "link": format!("{}/wissen/{}", ctx.settings.base_url, p.article.slug),
                        "organisation": ctx.settings.organisation_name,
                    }),
                    idempotency_key: Some(format!(
                        "knowledge-recheck:{}:{}",
                        p.article.id,
                        due.timestamp()
                    )),
                    attachment: None,
                    list_unsubscribe: None,
                },
            )
            .await?;
            if sent {
                queued += 1;
            }
        }
        txn.commit().await?;
    }
    if queued > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(queued)
}

/// An article that arrives published, written by `author` and approved by `reviewer` (the
/// demo's how-tos): the same rows, tags and search documents a review leaves.
pub struct SeedArticle<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub competences: &'a [&'a str],
}

pub async fn seed_published(
    txn: &impl ConnectionTrait,
    seed: &SeedArticle<'_>,
    author: Uuid,
    reviewer: Uuid,
    published_at: DateTime<Utc>,
    checked_at: DateTime<Utc>,
) -> Result<(), AppError> {
    let article = knowledge_article::Model {
        id: Uuid::new_v4(),
        slug: new_slug(txn, seed.title).await?,
        author_id: Some(author),
        published_revision_id: None,
        created_at: published_at,
        updated_at: published_at,
        checked_at: Some(checked_at),
        checked_by: Some(reviewer),
        reminded_due_at: None,
    };
    let revision = knowledge_revision::Model {
        id: Uuid::new_v4(),
        article_id: article.id,
        number: 1,
        status: knowledge_revision::PUBLISHED.to_owned(),
        title: seed.title.to_owned(),
        summary: seed.summary.to_owned(),
        body: seed.body.to_owned(),
        competences: seed.competences.join(" "),
        departments: String::new(),
        author_id: Some(author),
        reviewer_id: Some(reviewer),
        review_comment: None,
        created_at: published_at,
        updated_at: published_at,
        submitted_at: Some(published_at),
        decided_at: Some(published_at),
    };
    knowledge_article::Entity::insert(knowledge_article::ActiveModel {
        published_revision_id: Set(Some(revision.id)),
        ..sea_orm::IntoActiveModel::into_active_model(article.clone())
    })
    .exec(txn)
    .await?;
    knowledge_revision::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
        revision.clone(),
    ))
    .exec(txn)
    .await?;
    let tags: Vec<knowledge_tag::ActiveModel> = seed
        .competences
        .iter()
        .map(|c| knowledge_tag::ActiveModel {
            article_id: Set(article.id),
            kind: Set(knowledge_tag::COMPETENCE.to_owned()),
            value: Set((*c).to_owned()),
        })
        .collect();
    if !tags.is_empty() {
        knowledge_tag::Entity::insert_many(tags).exec(txn).await?;
    }
    let url = format!("/wissen/{}", article.slug);
    replace_live(txn, &url, &search_documents(&article.slug, &revision)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_check_falls_due_after_the_months() {
        let checked = DateTime::parse_from_rfc3339("2026-01-31T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            due_at(checked, 1).to_rfc3339(),
            "2026-02-28T10:00:00+00:00",
            "the end of a shorter month"
        );
        assert_eq!(
            due_at(checked, 12).to_rfc3339(),
            "2027-01-31T10:00:00+00:00"
        );
    }

    #[test]
    fn markup_in_an_article_is_only_text() {
        let html = render(
            "# Titel\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(
            !html.contains("<h1"),
            "headings start below the title: {html}"
        );
    }
}
