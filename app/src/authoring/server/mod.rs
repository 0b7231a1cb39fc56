//! The editors' work on the server: drafts, the checks, four-eyes publishing, the history and
//! its comparisons. Every function takes the context and the signed-in person explicitly and
//! refuses anyone without the role Redaktion.

pub mod archive;
mod diff;
pub mod library;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    Comparison, FileEntry, FileKind, FileProblem, FileView, History, MAX_FILE_BYTES,
    MAX_IMAGE_BYTES, MAX_NOTE, ModuleRow, Origin, Overview, Preview, PreviewProblem, Status,
    VersionSummary, VersionView,
};
use crate::auth::Role;
use crate::content::markdown;
use crate::content::tree::{MAX_MODULE_FILES, is_file_name, is_module_text_path};
use crate::content::{HasContent, ModuleFiles, Problem, Tree, check_draft};
use crate::context::AppContext;
use crate::db::{content_conflict, content_contributor, content_media, content_version, user};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::CurrentUser;
pub use library::{
    LoadError, UpdateError, UpdateReport, load_published, reload, update_from_folder, watch,
};

/// Who edits and reviews the curriculum.
pub const EDITORS: &[Role] = &[Role::Editor];

fn status_of(row: &content_version::Model) -> Status {
    Status::from_code(&row.status).unwrap_or(Status::Discarded)
}

/// Who changed each of these versions while it was a draft.
async fn contributors(
    db: &impl ConnectionTrait,
    versions: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>, AppError> {
    let mut found: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if versions.is_empty() {
        return Ok(found);
    }
    for row in content_contributor::Entity::find()
        .filter(content_contributor::Column::VersionId.is_in(versions.iter().copied()))
        .all(db)
        .await?
    {
        found.entry(row.version_id).or_default().push(row.user_id);
    }
    Ok(found)
}

async fn contributors_of(db: &impl ConnectionTrait, version: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(contributors(db, &[version])
        .await?
        .remove(&version)
        .unwrap_or_default())
}

/// Counts the person among the version's contributors.
async fn add_contributor(
    db: &impl ConnectionTrait,
    version: Uuid,
    person: Uuid,
) -> Result<(), AppError> {
    content_contributor::Entity::insert(content_contributor::ActiveModel {
        version_id: Set(version),
        user_id: Set(person),
    })
    .on_conflict(
        OnConflict::columns([
            content_contributor::Column::VersionId,
            content_contributor::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

async fn versions_of(
    db: &impl ConnectionTrait,
    module: &str,
) -> Result<Vec<content_version::Model>, AppError> {
    Ok(content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .order_by_asc(content_version::Column::Number)
        .all(db)
        .await?)
}

async fn find_version(
    db: &impl ConnectionTrait,
    module: &str,
    number: i32,
) -> Result<content_version::Model, AppError> {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .filter(content_version::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Names of the accounts named by versions.
async fn names(
    db: &impl ConnectionTrait,
    rows: &[&content_version::Model],
    contributors: &HashMap<Uuid, Vec<Uuid>>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let mut ids: HashSet<Uuid> = HashSet::new();
    for row in rows {
        ids.extend(row.author_id);
        ids.extend(row.reviewer_id);
    }
    ids.extend(contributors.values().flatten().copied());
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

fn summary(
    row: &content_version::Model,
    names: &HashMap<Uuid, String>,
    numbers: &HashMap<Uuid, i32>,
    contributors: &HashMap<Uuid, Vec<Uuid>>,
) -> VersionSummary {
    let name = |id: Option<Uuid>| id.and_then(|id| names.get(&id).cloned());
    VersionSummary {
        id: row.id,
        module_id: row.module_id.clone(),
        number: row.number,
        version: row.version.clone(),
        status: status_of(row),
        origin: if row.origin == content_version::SHIPPED {
            Origin::Shipped
        } else {
            Origin::City
        },
        shipped_version: row.shipped_version.clone(),
        based_on: row.based_on.and_then(|id| numbers.get(&id).copied()),
        author: name(row.author_id),
        contributors: contributors
            .get(&row.id)
            .into_iter()
            .flatten()
            .filter_map(|id| names.get(id).cloned())
            .collect(),
        reviewer: name(row.reviewer_id),
        note: row.note.clone(),
        review_comment: row.review_comment.clone(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        submitted_at: row.submitted_at,
        published_at: row.published_at,
    }
}

async fn summaries(
    db: &impl ConnectionTrait,
    rows: &[content_version::Model],
) -> Result<Vec<VersionSummary>, AppError> {
    let refs: Vec<&content_version::Model> = rows.iter().collect();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let contributors = contributors(db, &ids).await?;
    let names = names(db, &refs, &contributors).await?;
    let numbers: HashMap<Uuid, i32> = rows.iter().map(|r| (r.id, r.number)).collect();
    Ok(rows
        .iter()
        .map(|r| summary(r, &names, &numbers, &contributors))
        .collect())
}

/// The module's title in the reader's language, from its `module.toml`.
fn title_of(files: &ModuleFiles, locale: Locale, fallback: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Head {
        title: crate::content::Text,
    }
    files
        .files
        .get("module.toml")
        .and_then(|t| toml::from_str::<Head>(t).ok())
        .map(|h| h.title.get(locale).to_owned())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

pub async fn overview(ctx: &AppContext, me: &CurrentUser) -> Result<Overview, AppError> {
    me.require_any(EDITORS)?;
    let rows = content_version::Entity::find()
        .filter(content_version::Column::Status.is_in([
            content_version::DRAFT,
            content_version::REVIEW,
            content_version::PUBLISHED,
        ]))
        .order_by_asc(content_version::Column::ModuleId)
        .order_by_asc(content_version::Column::Number)
        .all(&ctx.read)
        .await?;
    let all = summaries(&ctx.read, &rows).await?;
    let in_review: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.status == content_version::REVIEW)
        .map(|r| r.id)
        .collect();
    let reviewing = contributors(&ctx.read, &in_review).await?;
    let mut modules: BTreeMap<String, ModuleRow> = BTreeMap::new();
    let mut to_review = Vec::new();
    for (row, summary) in rows.iter().zip(all) {
        let entry = modules
            .entry(row.module_id.clone())
            .or_insert_with(|| ModuleRow {
                module_id: row.module_id.clone(),
                title: row.module_id.clone(),
                published: None,
                open: None,
            });
        let files = library::files_of(row);
        match summary.status {
            Status::Published => {
                entry.title = title_of(&files, me.locale, &row.module_id);
                entry.published = Some(summary);
            }
            Status::Draft | Status::Review => {
                if entry.published.is_none() {
                    entry.title = title_of(&files, me.locale, &row.module_id);
                }
                let own = reviewing.get(&row.id).is_some_and(|c| c.contains(&me.id));
                if summary.status == Status::Review && !own {
                    to_review.push(summary.clone());
                }
                entry.open = Some(summary);
            }
            _ => {}
        }
    }
    let mut modules: Vec<ModuleRow> = modules.into_values().collect();
    modules.sort_by_key(|m| m.title.to_lowercase());
    Ok(Overview { modules, to_review })
}

pub async fn history(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
) -> Result<History, AppError> {
    me.require_any(EDITORS)?;
    let rows = versions_of(&ctx.read, module).await?;
    let Some(last) = rows.last() else {
        return Err(AppError::NotFound);
    };
    let title = rows
        .iter()
        .rev()
        .find(|r| r.status == content_version::PUBLISHED)
        .map(|r| title_of(&library::files_of(r), me.locale, module))
        .unwrap_or_else(|| title_of(&library::files_of(last), me.locale, module));
    let mut versions = summaries(&ctx.read, &rows).await?;
    versions.reverse();
    Ok(History {
        module_id: module.to_owned(),
        title,
        versions,
    })
}

/// The problems of a module's files, checked among the published modules, with the files named
/// inside the module (`quiz.toml`) or, elsewhere, inside the curriculum.
pub fn check(
    ctx: &AppContext,
    module: &str,
    files: &ModuleFiles,
) -> (Vec<FileProblem>, Vec<FileProblem>) {
    let store = ctx.content();
    let tree = match &store.source {
        Some(tree) if tree.modules().is_some() => tree.clone(),
        Some(tree) => folder_in_memory(tree.root()),
        None => return (Vec::new(), Vec::new()),
    };
    let root = tree.root().to_owned();
    let found = check_draft(&tree, module, files);
    let map = |p: Problem| file_problem(&root, module, p);
    (
        found.problems.into_iter().map(map).collect(),
        found.lints.into_iter().map(map).collect(),
    )
}

/// A folder's curriculum with its modules read into memory, to check a draft against.
fn folder_in_memory(root: &Path) -> Tree {
    let modules = Tree::folder(root)
        .list(&root.join("modules"), true)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|folder| {
            let id = folder.file_name()?.to_str()?.to_owned();
            Some((id, ModuleFiles::read_folder(&folder).ok()?))
        })
        .collect();
    Tree::with_modules(root, modules)
}

fn file_problem(root: &Path, module: &str, problem: Problem) -> FileProblem {
    let folder = root.join("modules").join(module);
    let file = problem
        .file
        .strip_prefix(&folder)
        .or_else(|_| problem.file.strip_prefix(root))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| problem.file.display().to_string());
    FileProblem {
        file,
        line: problem.line,
        message: problem.message,
    }
}

fn lesson_title(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_owned())
}

pub async fn version_view(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<VersionView, AppError> {
    me.require_any(EDITORS)?;
    let rows = versions_of(&ctx.read, module).await?;
    let row = rows
        .iter()
        .find(|r| r.number == number)
        .ok_or(AppError::NotFound)?;
    let all = summaries(&ctx.read, &rows).await?;
    let summary = all
        .into_iter()
        .find(|s| s.number == number)
        .ok_or(AppError::NotFound)?;
    let files = library::files_of(row);
    let status = summary.status;
    let open = matches!(status, Status::Draft | Status::Review);
    let (problems, lints) = if open {
        check(ctx, module, &files)
    } else {
        (Vec::new(), Vec::new())
    };
    let own_work = contributors_of(&ctx.read, row.id).await?.contains(&me.id);
    let entries = files
        .files
        .iter()
        .map(|(path, text)| FileEntry {
            path: path.clone(),
            kind: FileKind::of(path),
            title: path
                .starts_with("lessons/")
                .then(|| lesson_title(text))
                .flatten(),
            problems: problems.iter().filter(|p| &p.file == path).count(),
        })
        .collect();
    Ok(VersionView {
        title: title_of(&files, me.locale, module),
        files: entries,
        media: files.media.iter().cloned().collect(),
        can_edit: status == Status::Draft,
        can_submit: status == Status::Draft && problems.is_empty(),
        can_review: status == Status::Review && !own_work,
        own_work: status == Status::Review && own_work,
        published_number: rows
            .iter()
            .rev()
            .find(|r| r.status == content_version::PUBLISHED)
            .map(|r| r.number),
        problems,
        lints,
        summary,
    })
}

pub async fn file_view(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    path: &str,
    conflict: Option<Uuid>,
) -> Result<FileView, AppError> {
    me.require_any(EDITORS)?;
    let rows = versions_of(&ctx.read, module).await?;
    let row = rows
        .iter()
        .find(|r| r.number == number)
        .ok_or(AppError::NotFound)?;
    let files = library::files_of(row);
    // A conflict is the reader's own only; anyone else's id is no page at all.
    let conflict = match conflict {
        Some(id) => Some(
            content_conflict::Entity::find_by_id(id)
                .filter(content_conflict::Column::UserId.eq(me.id))
                .filter(content_conflict::Column::VersionId.eq(row.id))
                .filter(content_conflict::Column::Path.eq(path))
                .one(&ctx.read)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    // A file that is gone (or was never there, for a translation started twice) is the empty
    // text beside the reader's.
    let text = match files.files.get(path) {
        Some(text) => text.clone(),
        None if conflict.is_some() && is_module_text_path(path) => String::new(),
        None => return Err(AppError::NotFound),
    };
    let summary = summaries(&ctx.read, &rows)
        .await?
        .into_iter()
        .find(|s| s.number == number)
        .ok_or(AppError::NotFound)?;
    let open = matches!(summary.status, Status::Draft | Status::Review);
    let (problems, lints) = if open {
        check(ctx, module, &files)
    } else {
        (Vec::new(), Vec::new())
    };
    let conflict = conflict.map(|c| super::FileConflict {
        id: c.id.to_string(),
        lines: diff::lines(&text, &c.text),
        text: c.text,
    });
    Ok(FileView {
        can_edit: summary.status == Status::Draft,
        summary,
        path: path.to_owned(),
        kind: FileKind::of(path),
        based_on: if files.files.contains_key(path) {
            text_digest(&text)
        } else {
            super::NO_FILE.to_owned()
        },
        text,
        problems: problems.into_iter().filter(|p| p.file == path).collect(),
        lints: lints.into_iter().filter(|p| p.file == path).collect(),
        media: files.media.iter().cloned().collect(),
        conflict,
    })
}

/// The digest of one file's text that the editor's form sends back (`FileView::based_on`).
pub fn text_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

pub async fn comparison(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    from: i32,
    to: i32,
) -> Result<Comparison, AppError> {
    me.require_any(EDITORS)?;
    let rows = versions_of(&ctx.read, module).await?;
    let all = summaries(&ctx.read, &rows).await?;
    let pick = |n: i32| -> Result<(&content_version::Model, VersionSummary), AppError> {
        let row = rows
            .iter()
            .find(|r| r.number == n)
            .ok_or(AppError::NotFound)?;
        let summary = all
            .iter()
            .find(|s| s.number == n)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok((row, summary))
    };
    let (old_row, from) = pick(from)?;
    let (new_row, to) = pick(to)?;
    let old = library::files_of(old_row);
    let new = library::files_of(new_row);
    Ok(Comparison {
        files: diff::files(&old, &new),
        media_added: new.media.difference(&old.media).cloned().collect(),
        media_removed: old.media.difference(&new.media).cloned().collect(),
        from,
        to,
    })
}

/// The next version label after the module's published ones: the last number counted up
/// (`2.0.0` → `2.0.1`), and never one that was published before.
fn next_label(rows: &[content_version::Model]) -> String {
    let used: HashSet<&str> = rows.iter().map(|r| r.version.as_str()).collect();
    let base = rows
        .iter()
        .rev()
        .find(|r| matches!(r.status.as_str(), "published" | "retired"))
        .or(rows.last())
        .map(|r| r.version.clone())
        .unwrap_or_else(|| "1.0.0".to_owned());
    let mut label = base.clone();
    for _ in 0..1000 {
        label = bump(&label);
        if !used.contains(label.as_str()) {
            return label;
        }
    }
    format!("{base}-{}", rows.len() + 1)
}

fn bump(label: &str) -> String {
    let digits = label
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (head, tail) = label.split_at(label.len() - digits);
    match tail.parse::<u64>() {
        Ok(n) if digits > 0 => format!("{head}{}", n + 1),
        _ => format!("{label}.1"),
    }
}

/// `module.toml` with its top-level `version` set to `label`.
pub fn with_version(module_toml: &str, label: &str) -> String {
    let quoted = toml_string(label);
    let mut out = Vec::new();
    let mut done = false;
    let mut in_table = false;
    for line in module_toml.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_table = true;
        }
        let is_version = !in_table
            && trimmed
                .strip_prefix("version")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_version && !done {
            out.push(format!("version = {quoted}"));
            done = true;
        } else {
            out.push(line.to_owned());
        }
    }
    if !done {
        out.insert(0, format!("version = {quoted}"));
    }
    let mut text = out.join("\n");
    if module_toml.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn new_draft(
    module: &str,
    number: i32,
    label: &str,
    files: &ModuleFiles,
    based_on: Option<&content_version::Model>,
    me: &CurrentUser,
    now: chrono::DateTime<chrono::Utc>,
) -> content_version::ActiveModel {
    content_version::ActiveModel {
        id: Set(Uuid::new_v4()),
        module_id: Set(module.to_owned()),
        number: Set(number),
        version: Set(label.to_owned()),
        status: Set(content_version::DRAFT.to_owned()),
        origin: Set(content_version::CITY.to_owned()),
        shipped_version: Set(based_on.and_then(|b| b.shipped_version.clone())),
        based_on: Set(based_on.map(|b| b.id)),
        files: Set(serde_json::to_string(files).unwrap_or_default()),
        digest: Set(library::digest(files)),
        author_id: Set(Some(me.id)),
        reviewer_id: Set(None),
        note: Set(None),
        review_comment: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        published_at: Set(None),
    }
}

/// Opens the module's draft: the one being edited if there is one, else a new one made from the
/// published version with the next version number.
pub async fn start_draft(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
) -> Result<i32, AppError> {
    me.require_any(EDITORS)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let rows = versions_of(&txn, module).await?;
    if let Some(open) = rows
        .iter()
        .rev()
        .find(|r| r.status == content_version::DRAFT)
    {
        return Ok(open.number);
    }
    let published = rows
        .iter()
        .rev()
        .find(|r| r.status == content_version::PUBLISHED)
        .ok_or(AppError::NotFound)?;
    let label = next_label(&rows);
    let mut files = library::files_of(published);
    if let Some(text) = files.files.get_mut("module.toml") {
        *text = with_version(text, &label);
    }
    let number = rows.iter().map(|r| r.number).max().unwrap_or(0) + 1;
    let created = new_draft(module, number, &label, &files, Some(published), me, now)
        .insert(&txn)
        .await?;
    add_contributor(&txn, created.id, me.id).await?;
    record(
        &txn,
        now,
        me,
        "content.draft_started",
        module,
        number,
        &label,
    )
    .await?;
    txn.commit().await?;
    Ok(number)
}

/// Records a step of a module version in the audit log, inside the step's transaction.
async fn record(
    txn: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
    me: &CurrentUser,
    action: &str,
    module: &str,
    number: i32,
    version: &str,
) -> Result<(), AppError> {
    crate::audit::server::record(
        txn,
        now,
        Some(me.id),
        action,
        "content_version",
        Some(format!("{module}/{number}")),
        serde_json::json!({ "module": module, "version": version }),
    )
    .await
}

/// The longest module id.
pub const MAX_MODULE_ID: usize = 64;

/// Ids a module cannot have: the editors' pages use these addresses.
pub const RESERVED_IDS: &[&str] = &["import", "neu"];

pub async fn create_module(
    ctx: &AppContext,
    me: &CurrentUser,
    id: &str,
    title_de: &str,
    title_en: &str,
) -> Result<i32, AppError> {
    me.require_any(EDITORS)?;
    let mut v = Validation::new();
    let slug = id.trim();
    if slug.is_empty() {
        v.field("id", "error-required");
    } else if slug.len() > MAX_MODULE_ID
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || slug.starts_with('-')
        || slug.ends_with('-')
    {
        v.field("id", "authoring-id-invalid");
    } else if RESERVED_IDS.contains(&slug) {
        // The editors' own pages live at these addresses.
        v.field("id", "authoring-id-taken");
    }
    for (field, value) in [("title_de", title_de), ("title_en", title_en)] {
        v.require(value, field);
        if value.chars().count() > 200 {
            v.field(field, "error-too-long");
        }
    }
    v.finish()?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    if !versions_of(&txn, slug).await?.is_empty() || ctx.content().module(slug).is_some() {
        return Err(AppError::invalid("id", "authoring-id-taken"));
    }
    let competence = ctx
        .content()
        .competences
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let files = template(slug, title_de.trim(), title_en.trim(), &competence);
    let created = new_draft(slug, 1, "1.0.0", &files, None, me, now)
        .insert(&txn)
        .await?;
    add_contributor(&txn, created.id, me.id).await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "content.draft_started",
        "content_version",
        Some(format!("{slug}/1")),
        serde_json::json!({ "module": slug, "version": "1.0.0", "new": true }),
    )
    .await?;
    txn.commit().await?;
    Ok(1)
}

/// The files of a new module: what the format needs, for the editor to fill in.
fn template(id: &str, title_de: &str, title_en: &str, competence: &str) -> ModuleFiles {
    let module = format!(
        "id = {}\nversion = \"1.0.0\"\ntitle = {{ de = {}, en = {} }}\nsummary = {{ de = \"\", en = \"\" }}\naudience = {{ de = \"Alle Beschäftigten\", en = \"All staff\" }}\nduration_minutes = 30\nmandatory = false\n\n[[proves]]\ncompetence = {}\nlevel = 2\n",
        toml_string(id),
        toml_string(title_de),
        toml_string(title_en),
        toml_string(competence),
    );
    let lesson = format!("# {title_de}\n\nSchreiben Sie hier die erste Lektion.\n");
    let quiz = "pass_mark = 75\ndraw = 10\n".to_owned();
    ModuleFiles {
        files: [
            ("module.toml".to_owned(), module),
            ("quiz.toml".to_owned(), quiz),
            ("lessons/01-einfuehrung.md".to_owned(), lesson),
        ]
        .into_iter()
        .collect(),
        media: Default::default(),
    }
}

/// A draft to change: the version must be a draft, and the person an editor.
/// A draft to change inside `txn`. The row stays locked until the transaction ends
/// (PostgreSQL; SQLite has one writer), so a change computed from these files cannot overwrite
/// another editor's change made in between.
async fn editable(
    txn: &DatabaseTransaction,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<content_version::Model, AppError> {
    me.require_any(EDITORS)?;
    draft_only(locked(txn, module, number).await?)
}

/// The version, its row locked for the transaction (PostgreSQL; SQLite has one writer).
async fn locked(
    txn: &DatabaseTransaction,
    module: &str,
    number: i32,
) -> Result<content_version::Model, AppError> {
    content_version::Entity::find()
        .filter(content_version::Column::ModuleId.eq(module))
        .filter(content_version::Column::Number.eq(number))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

fn draft_only(row: content_version::Model) -> Result<content_version::Model, AppError> {
    if row.status != content_version::DRAFT {
        return Err(AppError::Conflict("authoring-not-a-draft".into()));
    }
    Ok(row)
}

/// Stores a draft's new files and counts the person among its contributors.
pub(crate) async fn store_files(
    db: &impl ConnectionTrait,
    row: &content_version::Model,
    me: &CurrentUser,
    files: &ModuleFiles,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    if files.files.len() > MAX_MODULE_FILES {
        return Err(AppError::invalid("text", "authoring-too-many-files"));
    }
    let label = library::version_label(files).unwrap_or_else(|| row.version.clone());
    let label: String = label.chars().take(64).collect();
    let updated = content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Files,
            Expr::value(serde_json::to_string(files).unwrap_or_default()),
        )
        .col_expr(
            content_version::Column::Digest,
            Expr::value(library::digest(files)),
        )
        .col_expr(content_version::Column::Version, Expr::value(label))
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(row.id))
        .filter(content_version::Column::Status.eq(content_version::DRAFT))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict("authoring-not-a-draft".into()));
    }
    add_contributor(db, row.id, me.id).await
}

fn check_text(path: &str, text: &str) -> Result<(), AppError> {
    if !is_module_text_path(path) {
        return Err(AppError::invalid("path", "authoring-path-invalid"));
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid("text", "authoring-file-too-large"));
    }
    if text.contains('\0') {
        return Err(AppError::invalid("text", "authoring-file-binary"));
    }
    Ok(())
}

/// Line endings as the folder has them.
fn normalise(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// How long an editor's unsaved text is kept beside the draft.
const CONFLICT_DAYS: i64 = 30;
/// How many unsaved texts one editor has kept at most (the oldest go first).
const MAX_CONFLICTS: usize = 50;

/// Saves one file of a draft. With `based_on` (the digest of the text the editor started from,
/// `NO_FILE` for a file that did not exist), a text that would overwrite someone else's save, or
/// that arrives after the version left the draft state, is not written into the version: it is
/// kept for the editor as a conflict, to be merged on the file's page.
pub async fn save_file(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    path: &str,
    text: &str,
    based_on: Option<&str>,
) -> Result<super::Saved, AppError> {
    me.require_any(EDITORS)?;
    check_text(path, text)?;
    let based_on = based_on.map(str::trim);
    if based_on.is_some_and(|b| b != super::NO_FILE && (b.len() != 64 || hex::decode(b).is_err())) {
        return Err(AppError::invalid("based_on", "error-invalid"));
    }
    let text = normalise(text);
    let txn = ctx.db.begin().await?;
    // Not `editable`: a save on a version that left the draft state is kept apart, not refused.
    let row = locked(&txn, module, number).await?;
    let mut files = library::files_of(&row);
    let current = files.files.get(path);
    let changed_meanwhile = based_on.is_some_and(|b| {
        let now = current.map_or_else(|| super::NO_FILE.to_owned(), |t| text_digest(t));
        b != now && current != Some(&text)
    });
    if based_on.is_some() && (row.status != content_version::DRAFT || changed_meanwhile) {
        let id = keep_conflict(&txn, ctx.now(), &row, me, path, text).await?;
        txn.commit().await?;
        return Ok(super::Saved::Conflict(id));
    }
    let row = draft_only(row)?;
    files.files.insert(path.to_owned(), text);
    store_files(&txn, &row, me, &files, ctx.now()).await?;
    // Saved: whatever the editor had kept apart for this file is merged now.
    content_conflict::Entity::delete_many()
        .filter(content_conflict::Column::VersionId.eq(row.id))
        .filter(content_conflict::Column::Path.eq(path))
        .filter(content_conflict::Column::UserId.eq(me.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(super::Saved::Stored)
}

/// Keeps an editor's text apart: one per editor and file (the latest), none older than
/// `CONFLICT_DAYS`, at most `MAX_CONFLICTS` per editor.
async fn keep_conflict(
    txn: &DatabaseTransaction,
    now: chrono::DateTime<chrono::Utc>,
    row: &content_version::Model,
    me: &CurrentUser,
    path: &str,
    text: String,
) -> Result<Uuid, AppError> {
    content_conflict::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(content_conflict::Column::VersionId.eq(row.id))
                        .add(content_conflict::Column::Path.eq(path))
                        .add(content_conflict::Column::UserId.eq(me.id)),
                )
                .add(
                    content_conflict::Column::CreatedAt
                        .lt(now - chrono::Duration::days(CONFLICT_DAYS)),
                ),
        )
        .exec(txn)
        .await?;
    // (The editor's rows are at most `MAX_CONFLICTS`, so they are read whole: SQLite knows no
    // OFFSET without a LIMIT.)
    let older: Vec<Uuid> = content_conflict::Entity::find()
        .select_only()
        .column(content_conflict::Column::Id)
        .filter(content_conflict::Column::UserId.eq(me.id))
        .order_by_desc(content_conflict::Column::CreatedAt)
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .skip(MAX_CONFLICTS - 1)
        .collect();
    if !older.is_empty() {
        content_conflict::Entity::delete_many()
            .filter(content_conflict::Column::Id.is_in(older))
            .exec(txn)
            .await?;
    }
    let id = Uuid::new_v4();
    content_conflict::ActiveModel {
        id: Set(id),
        version_id: Set(row.id),
        path: Set(path.to_owned()),
        user_id: Set(me.id),
        text: Set(text),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(id)
}

pub async fn add_lesson(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    slug: &str,
    title: &str,
) -> Result<String, AppError> {
    let mut v = Validation::new();
    let topic = slug.trim().to_ascii_lowercase();
    let valid = !topic.is_empty()
        && topic.len() <= 80
        && topic
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !topic.starts_with('-')
        && !topic.ends_with('-');
    if topic.is_empty() {
        v.field("slug", "error-required");
    } else if !valid {
        v.field("slug", "authoring-slug-invalid");
    }
    v.require(title, "title");
    if title.chars().count() > 200 || title.contains('\n') {
        v.field("title", "error-too-long");
    }
    v.finish()?;
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    let mut files = library::files_of(&row);
    let next = files
        .files
        .keys()
        .filter_map(|p| p.strip_prefix("lessons/"))
        .filter_map(|name| name.get(..2)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    if next > 99 {
        return Err(AppError::invalid("slug", "authoring-too-many-files"));
    }
    let path = format!("lessons/{next:02}-{topic}.md");
    files.files.insert(
        path.clone(),
        format!("# {}\n\nText der Lektion.\n", title.trim()),
    );
    store_files(&txn, &row, me, &files, ctx.now()).await?;
    txn.commit().await?;
    Ok(path)
}

pub async fn remove_file(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    path: &str,
) -> Result<(), AppError> {
    if !is_module_text_path(path) || matches!(path, "module.toml" | "quiz.toml") {
        return Err(AppError::invalid("path", "authoring-path-required"));
    }
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    let mut files = library::files_of(&row);
    if files.files.remove(path).is_none() {
        return Err(AppError::NotFound);
    }
    store_files(&txn, &row, me, &files, ctx.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// The lesson `text` rendered as learners would see it, with the problems the checks find in it
/// when it takes the place of `path` in the draft.
pub async fn preview(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    path: &str,
    text: &str,
) -> Result<Preview, AppError> {
    me.require_any(EDITORS)?;
    check_text(path, text)?;
    if !path.starts_with("lessons/") {
        return Err(AppError::invalid("path", "authoring-path-invalid"));
    }
    let row = find_version(&ctx.read, module, number).await?;
    let mut files = library::files_of(&row);
    files.files.insert(path.to_owned(), normalise(text));
    let locale = if path.ends_with(".en.md") {
        Locale::En
    } else {
        Locale::De
    };
    let rendered = markdown::render(text, module, locale, None);
    let (problems, _) = check(ctx, module, &files);
    Ok(Preview {
        html: rendered.html,
        problems: problems
            .into_iter()
            .filter(|p| p.file == path)
            .map(|p| PreviewProblem {
                line: p.line,
                message: p.message.text(me.locale),
            })
            .collect(),
    })
}

fn note(text: &str, field: &str) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(field, "error-too-long"));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

pub async fn submit(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    text: &str,
) -> Result<(), AppError> {
    let note = note(text, "note")?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    let (problems, _) = check(ctx, module, &library::files_of(&row));
    if !problems.is_empty() {
        return Err(AppError::Conflict("authoring-has-problems".into()));
    }
    content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Status,
            Expr::value(content_version::REVIEW),
        )
        .col_expr(content_version::Column::Note, Expr::value(note))
        .col_expr(content_version::Column::SubmittedAt, Expr::value(now))
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        now,
        me,
        "content.submitted",
        module,
        number,
        &row.version,
    )
    .await?;
    txn.commit().await?;
    notify_reviewers(ctx, me, module, &row).await;
    Ok(())
}

/// Tells the other editors that a version waits for their review.
async fn notify_reviewers(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    row: &content_version::Model,
) {
    let files = library::files_of(row);
    let result: Result<(), AppError> = async {
        let txn = ctx.db.begin().await?;
        let contributors = contributors_of(&txn, row.id).await?;
        let holders = crate::db::user_role::active_holders(&txn, Role::Editor.as_str()).await?;
        for person in holders.iter().filter(|u| !contributors.contains(&u.id)) {
            let locale = Locale::from_code(&person.locale).unwrap_or_default();
            crate::mail::enqueue(
                &txn,
                ctx,
                crate::mail::OutgoingMail {
                    to: person.email.clone(),
                    person: person.id,
                    locale,
                    template: "content_review",
                    context: serde_json::json!({
                        "name": person.display_name,
                        "author": me.display_name,
                        "module": title_of(&files, locale, module),
                        "version": row.version,
                        "link": format!(
                            "{}{}",
                            ctx.settings.base_url,
                            super::version_href(module, row.number)
                        ),
                        "organisation": ctx.settings.organisation_name,
                    }),
                    idempotency_key: Some(format!(
                        "content-review:{}:{}:{}",
                        row.id,
                        row.updated_at.timestamp(),
                        person.id
                    )),
                    attachment: None,
                    list_unsubscribe: None,
                },
            )
            .await?;
        }
        txn.commit().await?;
        ctx.mail_wakeup.notify_one();
        Ok(())
    }
    .await;
    if let Err(err) = result {
        tracing::warn!(error = %err, "the editors could not be told about a review");
    }
}

pub async fn approve(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    text: &str,
) -> Result<(), AppError> {
    me.require_any(EDITORS)?;
    let comment = note(text, "comment")?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let rows = versions_of(&txn, module).await?;
    let row = rows
        .iter()
        .find(|r| r.number == number)
        .ok_or(AppError::NotFound)?;
    if row.status != content_version::REVIEW {
        return Err(AppError::Conflict("authoring-not-in-review".into()));
    }
    if contributors_of(&txn, row.id).await?.contains(&me.id) {
        return Err(AppError::Conflict("authoring-own-work".into()));
    }
    if rows.iter().any(|r| {
        r.id != row.id
            && r.version == row.version
            && matches!(r.status.as_str(), "published" | "retired")
    }) {
        return Err(AppError::Conflict("authoring-version-used".into()));
    }
    let (problems, _) = check(ctx, module, &library::files_of(row));
    if !problems.is_empty() {
        return Err(AppError::Conflict("authoring-has-problems".into()));
    }
    for previous in rows
        .iter()
        .filter(|r| r.status == content_version::PUBLISHED)
    {
        library::retire(&txn, previous.id, now).await?;
    }
    content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Status,
            Expr::value(content_version::PUBLISHED),
        )
        .col_expr(content_version::Column::ReviewerId, Expr::value(me.id))
        .col_expr(content_version::Column::ReviewComment, Expr::value(comment))
        .col_expr(content_version::Column::PublishedAt, Expr::value(now))
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(row.id))
        .filter(content_version::Column::Status.eq(content_version::REVIEW))
        .exec(&txn)
        .await?;
    library::bump_revision(&txn, now).await?;
    record(
        &txn,
        now,
        me,
        "content.published",
        module,
        number,
        &row.version,
    )
    .await?;
    txn.commit().await?;
    if let Err(err) = reload(ctx).await {
        tracing::error!(error = %err, "the published curriculum could not be loaded here");
    }
    Ok(())
}

pub async fn send_back(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    text: &str,
) -> Result<(), AppError> {
    me.require_any(EDITORS)?;
    let comment =
        note(text, "comment")?.ok_or_else(|| AppError::invalid("comment", "error-required"))?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let row = find_version(&txn, module, number).await?;
    if row.status != content_version::REVIEW {
        return Err(AppError::Conflict("authoring-not-in-review".into()));
    }
    content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Status,
            Expr::value(content_version::DRAFT),
        )
        .col_expr(content_version::Column::ReviewComment, Expr::value(comment))
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        now,
        me,
        "content.returned",
        module,
        number,
        &row.version,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn discard(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<(), AppError> {
    me.require_any(EDITORS)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let row = find_version(&txn, module, number).await?;
    if !matches!(row.status.as_str(), "draft" | "review") {
        return Err(AppError::Conflict("authoring-not-a-draft".into()));
    }
    content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Status,
            Expr::value(content_version::DISCARDED),
        )
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        now,
        me,
        "content.discarded",
        module,
        number,
        &row.version,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A file name for an uploaded image: its name made safe, with the extension of its type, and
/// not one the module uses for other bytes.
fn image_name(original: &str, extension: &str, taken: &HashSet<String>) -> String {
    let stem = Path::new(original)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("bild");
    let mut safe: String = stem
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            'ß' => 's',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect();
    safe = safe
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    safe.truncate(60);
    if safe.is_empty() {
        safe = "bild".to_owned();
    }
    let mut name = format!("{safe}.{extension}");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{safe}-{n}.{extension}");
        n += 1;
    }
    name
}

/// The longest alt text of an uploaded image, in characters.
pub const MAX_ALT: usize = 300;

/// Adds an uploaded image to a draft and puts it, with its alt text, at the end of the lesson
/// `lesson`. Returns the image's file name.
#[allow(clippy::too_many_arguments)]
pub async fn add_image(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    lesson: &str,
    alt: &str,
    original_name: &str,
    bytes: &[u8],
) -> Result<String, AppError> {
    me.require_any(EDITORS)?;
    let mut v = Validation::new();
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.is_empty() {
        v.field("alt", "authoring-alt-required");
    } else if alt.chars().count() > MAX_ALT {
        v.field("alt", "error-too-long");
    }
    if bytes.is_empty() {
        v.field("file", "authoring-image-missing");
    } else if bytes.len() > MAX_IMAGE_BYTES {
        v.field("file", "authoring-image-too-large");
    }
    let kind = library::image_type(bytes);
    if !bytes.is_empty() && kind.is_none() {
        v.field("file", "authoring-image-type");
    }
    if !lesson.starts_with("lessons/") || !is_module_text_path(lesson) {
        v.field("lesson", "authoring-path-invalid");
    }
    v.finish()?;
    let Some((content_type, extension)) = kind else {
        return Err(AppError::invalid("file", "authoring-image-type"));
    };
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    let mut files = library::files_of(&row);
    let Some(text) = files.files.get(lesson).cloned() else {
        return Err(AppError::NotFound);
    };
    let taken: HashSet<String> = content_media::Entity::find()
        .filter(content_media::Column::ModuleId.eq(module))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.name)
        .collect();
    let name = image_name(original_name, extension, &taken);
    content_media::ActiveModel {
        module_id: Set(module.to_owned()),
        name: Set(name.clone()),
        content_type: Set(content_type.to_owned()),
        data: Set(bytes.to_vec()),
        digest: Set(hex::encode(Sha256::digest(bytes))),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    files.media.insert(name.clone());
    let escaped = alt
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]");
    let mut lesson_text = normalise(&text);
    lesson_text.push_str(&format!("\n![{escaped}](media/{name})\n"));
    files.files.insert(lesson.to_owned(), lesson_text);
    store_files(&txn, &row, me, &files, now).await?;
    txn.commit().await?;
    Ok(name)
}

/// Puts the files of an uploaded module folder (zip) in place of a draft's: the module's draft,
/// or a new module's first draft. The images are stored under names the module does not use
/// yet for other bytes. Returns the draft's number.
pub async fn replace_files(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    mut files: ModuleFiles,
    images: Vec<(String, Vec<u8>)>,
) -> Result<i32, AppError> {
    me.require_any(EDITORS)?;
    let now = ctx.now();
    let number = match versions_of(&ctx.db, module).await? {
        rows if rows.is_empty() => {
            let txn = ctx.db.begin().await?;
            let label = library::version_label(&files).unwrap_or_else(|| "1.0.0".to_owned());
            let label: String = label.chars().take(64).collect();
            let created = new_draft(module, 1, &label, &ModuleFiles::default(), None, me, now)
                .insert(&txn)
                .await?;
            add_contributor(&txn, created.id, me.id).await?;
            txn.commit().await?;
            1
        }
        _ => start_draft(ctx, me, module).await?,
    };
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    let existing: HashMap<String, String> = content_media::Entity::find()
        .filter(content_media::Column::ModuleId.eq(module))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.name, m.digest))
        .collect();
    files.media.clear();
    for (name, bytes) in images {
        let Some((content_type, _)) = library::image_type(&bytes) else {
            continue;
        };
        if !is_file_name(&name) || bytes.len() > MAX_IMAGE_BYTES {
            continue;
        }
        let digest = hex::encode(Sha256::digest(&bytes));
        match existing.get(&name) {
            Some(known) if *known == digest => {}
            Some(_) => {
                // The name holds other bytes in an earlier version: the archive's image cannot
                // take it; the lesson keeps pointing at the earlier one and the check says so
                // only if that one is missing.
                continue;
            }
            None => {
                content_media::ActiveModel {
                    module_id: Set(module.to_owned()),
                    name: Set(name.clone()),
                    content_type: Set(content_type.to_owned()),
                    data: Set(bytes),
                    digest: Set(digest),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }
        files.media.insert(name);
    }
    // Images of the version the draft came from stay available.
    files.media.extend(library::files_of(&row).media);
    store_files(&txn, &row, me, &files, now).await?;
    txn.commit().await?;
    Ok(number)
}

/// A draft's files for an importer that adds to them (questions from GIFT or Moodle XML).
pub async fn draft_files(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<ModuleFiles, AppError> {
    me.require_any(EDITORS)?;
    let row = draft_only(find_version(&ctx.read, module, number).await?)?;
    Ok(library::files_of(&row))
}

/// Stores what an importer or a question form made of a draft's files. `based_on` are the
/// files the change was made from (`draft_files`): if the draft changed since, nothing is
/// stored and the answer is 409 `authoring-draft-changed`, so that no editor's change is lost.
pub async fn store_draft_files(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    based_on: &ModuleFiles,
    files: &ModuleFiles,
) -> Result<(), AppError> {
    for (path, text) in &files.files {
        check_text(path, text)?;
    }
    let txn = ctx.db.begin().await?;
    let row = editable(&txn, me, module, number).await?;
    if library::files_of(&row) != *based_on {
        return Err(AppError::Conflict("authoring-draft-changed".into()));
    }
    store_files(&txn, &row, me, files, ctx.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// A version's files, for the export as a module folder.
pub async fn version_files(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<(content_version::Model, ModuleFiles), AppError> {
    me.require_any(EDITORS)?;
    let row = find_version(&ctx.read, module, number).await?;
    let files = library::files_of(&row);
    Ok((row, files))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn version_labels_count_up_and_are_never_reused() {
        assert_eq!(bump("2.0.0"), "2.0.1");
        assert_eq!(bump("2.0.9"), "2.0.10");
        assert_eq!(bump("v1"), "v2");
        assert_eq!(bump("beta"), "beta.1");
        assert_eq!(
            with_version(
                "id = \"a\"\nversion = \"2.0.0\"\n\n[[proves]]\nversion = 3\n",
                "2.0.1"
            ),
            "id = \"a\"\nversion = \"2.0.1\"\n\n[[proves]]\nversion = 3\n"
        );
        assert_eq!(
            with_version("id = \"a\"\n", "1"),
            "version = \"1\"\nid = \"a\"\n"
        );
    }

    #[test]
    fn uploaded_image_names_are_safe_and_new() {
        let taken: HashSet<String> = ["karte.png".to_owned()].into_iter().collect();
        assert_eq!(image_name("Karte.PNG", "png", &taken), "karte-2.png");
        assert_eq!(
            image_name("../../Übersicht Plan.jpeg", "jpg", &taken),
            "ubersicht-plan.jpg"
        );
        assert_eq!(image_name("", "gif", &taken), "bild.gif");
    }
}
