//! The modules in the database: reading the published versions into the curriculum, bringing
//! the shipped folder in (first start, every start, `fuehrerschein content update`), the
//! revision counter every instance watches, and the images.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::content::{ContentStore, ModuleFiles, Problem, Tree, load_module_files, load_tree};
use crate::context::AppContext;
use crate::db::{content_media, content_revision, content_version};

/// How often an instance looks whether another one published something.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(2);

/// The digest of a module's files: equal files, equal digest.
pub fn digest(files: &ModuleFiles) -> String {
    let json = serde_json::to_string(files).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}

/// The files of a stored version.
pub fn files_of(row: &content_version::Model) -> ModuleFiles {
    serde_json::from_str(&row.files).unwrap_or_default()
}

/// The curriculum as published: the folder's frameworks, certificates and profiles, with each
/// module's published version from the database, and the earlier published versions kept for
/// the attempts taken on them.
pub async fn load_published(
    db: &impl ConnectionTrait,
    root: &Path,
) -> Result<ContentStore, LoadError> {
    let rows = content_version::Entity::find()
        .filter(
            content_version::Column::Status
                .is_in([content_version::PUBLISHED, content_version::RETIRED]),
        )
        .order_by_asc(content_version::Column::ModuleId)
        .order_by_asc(content_version::Column::Number)
        .all(db)
        .await?;
    let mut current: BTreeMap<String, ModuleFiles> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| r.status == content_version::PUBLISHED)
    {
        // With two published (never left so), the newer counts.
        current.insert(row.module_id.clone(), files_of(row));
    }
    let mut store = load_tree(&Tree::with_modules(root, current)).map_err(LoadError::Content)?;
    for row in rows.iter().filter(|r| r.status == content_version::RETIRED) {
        if store
            .module(&row.module_id)
            .is_some_and(|m| m.version == row.version)
            || store
                .previous
                .iter()
                .any(|m| m.id == row.module_id && m.version == row.version)
        {
            continue;
        }
        if let Some(module) = load_module_files(root, &store, &row.module_id, &files_of(row)) {
            store.previous.push(Arc::new(module));
        }
    }
    Ok(store)
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("the published curriculum does not pass the checks")]
    Content(Vec<Problem>),
}

/// What `update_from_folder` did, module by module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Modules published from the folder (new, or a new release of an unchanged module).
    pub published: Vec<(String, String)>,
    /// Modules the city changed: the release's version waits as a draft for the editors.
    pub offered: Vec<(String, String)>,
    /// Modules whose release was already there.
    pub unchanged: usize,
    /// Images stored or replaced.
    pub media: usize,
}

/// Brings the modules of the shipped folder into the database. A module the database does not
/// have is published; a module whose published version came from an earlier release is
/// replaced by the new release; a module the city changed keeps the city's version, and the
/// new release waits beside it as a draft ("from the release") for the editors to review. A
/// release already there (by its files' digest) is skipped, so running it again changes
/// nothing. Safe on several instances at once: the unique version numbers make the second
/// writer of a module step back.
pub async fn update_from_folder(
    db: &DatabaseConnection,
    root: &Path,
    now: DateTime<Utc>,
) -> Result<UpdateReport, UpdateError> {
    let mut report = UpdateReport::default();
    let folders = Tree::folder(root)
        .list(&root.join("modules"), true)
        .unwrap_or_default();
    let mut changed = false;
    for folder in folders {
        let Some(id) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let files = ModuleFiles::read_folder(&folder).map_err(UpdateError::Folder)?;
        report.media += store_shipped_media(db, &id, &folder, &files, now).await?;
        let digest = digest(&files);
        let label = version_label(&files).unwrap_or_else(|| "1".to_owned());
        let rows = content_version::Entity::find()
            .filter(content_version::Column::ModuleId.eq(id.as_str()))
            .order_by_asc(content_version::Column::Number)
            .all(db)
            .await?;
        if rows
            .iter()
            .any(|r| r.origin == content_version::SHIPPED && r.digest == digest)
        {
            report.unchanged += 1;
            continue;
        }
        let number = rows.iter().map(|r| r.number).max().unwrap_or(0) + 1;
        let published = rows
            .iter()
            .rev()
            .find(|r| r.status == content_version::PUBLISHED);
        let city_owns = published.is_some_and(|p| p.origin == content_version::CITY);
        let txn = db.begin().await?;
        let row = content_version::ActiveModel {
            id: Set(Uuid::new_v4()),
            module_id: Set(id.clone()),
            number: Set(number),
            version: Set(label.clone()),
            status: Set(if city_owns {
                content_version::DRAFT.to_owned()
            } else {
                content_version::PUBLISHED.to_owned()
            }),
            origin: Set(content_version::SHIPPED.to_owned()),
            shipped_version: Set(Some(label.clone())),
            based_on: Set(published.map(|p| p.id)),
            files: Set(serde_json::to_string(&files).unwrap_or_default()),
            digest: Set(digest),
            author_id: Set(None),
            reviewer_id: Set(None),
            note: Set(None),
            review_comment: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            submitted_at: Set(None),
            published_at: Set((!city_owns).then_some(now)),
        };
        if !city_owns && let Some(previous) = published {
            retire(&txn, previous.id, now).await?;
        }
        match content_version::Entity::insert(row).exec(&txn).await {
            Ok(_) => {}
            Err(err) if is_unique_violation(&err) => {
                // Another instance wrote this module's release at the same moment.
                txn.rollback().await?;
                report.unchanged += 1;
                continue;
            }
            Err(err) => return Err(err.into()),
        }
        if !city_owns {
            bump_revision(&txn, now).await?;
            changed = true;
        }
        txn.commit().await?;
        if city_owns {
            report.offered.push((id, label));
        } else {
            report.published.push((id, label));
        }
    }
    if changed {
        tracing::info!(
            published = report.published.len(),
            offered = report.offered.len(),
            "modules of the release brought into the database"
        );
    }
    Ok(report)
}

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("{0}")]
    Folder(String),
}

pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
    let text = err.to_string().to_ascii_lowercase();
    text.contains("unique") || text.contains("duplicate key")
}

/// The `version` a module's `module.toml` names.
pub fn version_label(files: &ModuleFiles) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Version {
        version: String,
    }
    toml::from_str::<Version>(files.files.get("module.toml")?)
        .ok()
        .map(|v| v.version)
}

/// Marks a published version as replaced.
pub(crate) async fn retire(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    content_version::Entity::update_many()
        .col_expr(
            content_version::Column::Status,
            Expr::value(content_version::RETIRED),
        )
        .col_expr(content_version::Column::UpdatedAt, Expr::value(now))
        .filter(content_version::Column::Id.eq(id))
        .filter(content_version::Column::Status.eq(content_version::PUBLISHED))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts one publication; every instance reloads when the count changes.
pub(crate) async fn bump_revision(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    content_revision::Entity::insert(content_revision::ActiveModel {
        id: Set(1),
        revision: Set(1),
        changed_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(content_revision::Column::Id)
            .value(
                content_revision::Column::Revision,
                Expr::col((content_revision::Entity, content_revision::Column::Revision)).add(1),
            )
            .value(content_revision::Column::ChangedAt, Expr::value(now))
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The revision counter (0 before the first publication).
pub async fn revision(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(content_revision::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|r| r.revision)
        .unwrap_or(0))
}

/// Loads the published curriculum again and puts it, with a search index of its texts, in
/// place of this instance's. On a problem the instance keeps what it has.
pub async fn reload(ctx: &AppContext) -> Result<(), LoadError> {
    let Some(root) = ctx
        .part::<ContentStore>()
        .source
        .as_ref()
        .map(|t| t.root().to_owned())
    else {
        return Ok(());
    };
    let store = load_published(&ctx.db, &root).await?;
    let help = ctx.part::<crate::help::server::HelpContent>();
    let index = crate::search::server::build(&ctx.db, &store, &help, ctx.now()).await?;
    ctx.provide(Arc::new(store));
    ctx.provide(Arc::new(index));
    Ok(())
}

/// Watches the revision counter until `stop` turns true and reloads the curriculum when
/// another instance (or this one) published.
pub async fn watch(ctx: AppContext, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut seen = revision(&ctx.read).await.unwrap_or(0);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(WATCH_INTERVAL) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
        let now = match revision(&ctx.read).await {
            Ok(now) => now,
            Err(err) => {
                tracing::warn!(error = %err, "cannot read the curriculum's revision");
                continue;
            }
        };
        if now == seen {
            continue;
        }
        match reload(&ctx).await {
            Ok(()) => {
                tracing::info!(revision = now, "curriculum reloaded");
                seen = now;
            }
            Err(LoadError::Content(problems)) => {
                tracing::error!(
                    problems = problems.len(),
                    "the published curriculum does not pass the checks; the instance keeps the one it has"
                );
                seen = now;
            }
            Err(LoadError::Db(err)) => tracing::warn!(error = %err, "cannot reload the curriculum"),
        }
    }
}

/// The image types an editor may upload (one image, or a module folder as zip), by their
/// content. SVG is as welcome as the release's own diagrams: `server::http::quiz_form::media`
/// sends every image with a policy (`sandbox`, `default-src 'none'`) under which a script in an
/// SVG never runs, and lessons show images with `<img>`, where SVG runs no script at all.
pub fn image_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if is_svg(bytes) {
        return Some(("image/svg+xml", "svg"));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// An SVG document: UTF-8 text whose first element, after an XML declaration, comments and a
/// document type, is `<svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        let skipped = if rest.starts_with("<?") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            rest.find('>').map(|end| end + 1)
        } else {
            break;
        };
        match skipped {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
    rest.strip_prefix("<svg")
        .and_then(|after| after.chars().next())
        .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/')
}

/// The images of a shipped module folder, stored by name. The release may replace its own image
/// of the same name.
async fn store_shipped_media(
    db: &DatabaseConnection,
    module: &str,
    folder: &Path,
    files: &ModuleFiles,
    now: DateTime<Utc>,
) -> Result<usize, UpdateError> {
    let mut stored = 0;
    for name in &files.media {
        let path = folder.join("media").join(name);
        let too_large = std::fs::metadata(&path)
            .map(|m| m.len() > crate::content::MAX_CONTENT_FILE_BYTES)
            .unwrap_or(true);
        if too_large {
            return Err(UpdateError::Folder(format!(
                "{}: an image larger than 4 MB",
                path.display()
            )));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| UpdateError::Folder(format!("{}: {e}", path.display())))?;
        let Some((content_type, _)) = image_type(&bytes) else {
            return Err(UpdateError::Folder(format!(
                "{}: not a PNG, JPEG, GIF, WebP or SVG image",
                path.display()
            )));
        };
        let digest = hex::encode(Sha256::digest(&bytes));
        let existing = content_media::Entity::find_by_id((module.to_owned(), name.clone()))
            .one(db)
            .await?;
        if existing.as_ref().is_some_and(|m| m.digest == digest) {
            continue;
        }
        let row = content_media::ActiveModel {
            module_id: Set(module.to_owned()),
            name: Set(name.clone()),
            content_type: Set(content_type.to_owned()),
            data: Set(bytes),
            digest: Set(digest),
            created_at: Set(now),
        };
        if existing.is_some() {
            content_media::Entity::update(row).exec(db).await?;
        } else {
            match content_media::Entity::insert(row).exec(db).await {
                Ok(_) => {}
                Err(err) if is_unique_violation(&err) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        stored += 1;
    }
    Ok(stored)
}

/// An image of a module: its type and bytes.
pub async fn media(
    db: &impl ConnectionTrait,
    module: &str,
    name: &str,
) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    Ok(
        content_media::Entity::find_by_id((module.to_owned(), name.to_owned()))
            .one(db)
            .await?
            .map(|m| (m.content_type, m.data)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_content() {
        let svg = |text: &str| image_type(text.as_bytes()).map(|(mime, _)| mime);
        assert_eq!(
            svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(
            svg(
                "\u{feff}<?xml version=\"1.0\"?>\n<!-- Visio -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>"
            ),
            Some("image/svg+xml")
        );
        assert_eq!(svg("<svg>"), Some("image/svg+xml"));
        // Not SVG: another root, an unfinished comment, a longer tag name, HTML.
        for text in [
            "<html><svg>",
            "<!-- <svg>",
            "<svgx>",
            "<?xml version=\"1.0\"?><x/>",
            "",
        ] {
            assert_eq!(svg(text), None, "{text}");
        }
        assert_eq!(
            image_type(b"\x89PNG\r\n\x1a\n...."),
            Some(("image/png", "png"))
        );
        assert_eq!(
            image_type(&[0xff, 0xd8, 0xff, 0]),
            Some(("image/jpeg", "jpg"))
        );
        assert_eq!(image_type(b"GIF89a"), Some(("image/gif", "gif")));
        assert_eq!(
            image_type(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(("image/webp", "webp"))
        );
        assert_eq!(image_type(b"%PDF-1.7"), None);
        assert_eq!(image_type(&[0xff, 0xfe, 0x3c, 0x00]), None);
    }

    #[test]
    fn the_shipped_diagram_is_an_svg() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../content/modules/prozesse-digital-denken/media/bpmn-bewohnerparkausweis.svg");
        let bytes = std::fs::read(path).unwrap_or_default();
        assert_eq!(image_type(&bytes), Some(("image/svg+xml", "svg")));
    }
}
