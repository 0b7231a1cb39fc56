//! The search index and the search itself.
//!
//! **The index** holds one document per module, lesson and help entry per language, written at
//! start-up from the curriculum and the help the instance loaded (`build`). Its version is a
//! digest of every indexed text: an instance whose texts are already indexed writes nothing,
//! and instances sharing a PostgreSQL database can start together: the first to insert the
//! version's row in `search_version` writes the documents in the same transaction; the others'
//! insert waits for that commit and then finds the row. Each instance searches only the
//! documents of its own version, so during a rolling update old and new instances each find
//! their own texts. The index keeps the newest other version besides its own and deletes older
//! ones.
//!
//! **Live documents** are texts that change while the instances run, not with the curriculum:
//! the knowledge base's published articles. A feature writes them with `replace_live` in the
//! same transaction as the change itself (publishing an article), under the version
//! `LIVE_VERSION`, which no build deletes and every instance searches besides its own version.
//! As the instances share the database, a published or changed article is found by every
//! instance as soon as its transaction commits: nothing is reloaded or rebuilt, and nothing
//! can be found that is not published. A build that writes a new version (a new index format
//! or new texts) analyses the live documents again, so their terms are made as the new
//! version's are.
//!
//! **A search** takes the words of the query (at most `MAX_QUERY_CHARS` characters), never the
//! query's syntax: on SQLite the stems of `text` in quotes for FTS5, on PostgreSQL the words for
//! `plainto_tsquery`, so quotes, brackets and operators are only characters.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait, Value,
};
use sha2::{Digest, Sha256};

use super::text::{Analyzer, excerpt, highlight, html_to_text, words};
use super::{
    HitKind, MAX_PAGE, MAX_QUERY_CHARS, MAX_QUERY_WORDS, PER_PAGE, SearchHit, SearchOutcome,
    SearchResults,
};
use crate::content::{ContentStore, HasContent};
use crate::context::AppContext;
use crate::error::AppError;
use crate::help::server::HelpContent;
use crate::i18n::Locale;
use crate::identity::CurrentUser;

/// Changes whenever the way documents are made or analysed changes, so that the next start
/// indexes again even though no text changed.
const INDEX_FORMAT: &str = "search-index-1";

/// The tables of the index, on SQLite with FTS5's own: derived from the content files at every
/// start and from the features' live texts (written with them), never data of their own.
pub const INDEX_TABLES: &[&str] = &[
    "search_version",
    "search_document",
    "search_fts",
    "search_fts_config",
    "search_fts_data",
    "search_fts_docsize",
    "search_fts_idx",
];

/// The version of the live documents (see the module's documentation).
pub const LIVE_VERSION: &str = "live";

/// Where live documents sort among hits that rank the same: after the curriculum's.
const LIVE_POSITION: i32 = 1_000_000;

pub fn is_index_table(name: &str) -> bool {
    INDEX_TABLES.contains(&name)
}

/// The index version this instance searches; provided at start (`build`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    pub version: String,
}

/// One indexed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub locale: Locale,
    pub kind: HitKind,
    pub title: String,
    pub body: String,
    pub url: String,
}

/// Every document of the curriculum and the help, in both languages, in the catalogue's order.
/// A lesson without an English text is indexed under English with its German text, as the
/// lesson page then shows it.
pub fn documents(content: &ContentStore, help: &HelpContent) -> Vec<Document> {
    let mut documents = Vec::new();
    for locale in [Locale::De, Locale::En] {
        for module in &content.modules {
            documents.push(Document {
                locale,
                kind: HitKind::Module,
                title: module.title.get(locale).to_owned(),
                body: format!(
                    "{} {}",
                    module.summary.get(locale),
                    module.audience.get(locale)
                ),
                url: format!("/modules/{}", module.id),
            });
            for lesson in &module.lessons {
                let (title, html) = match (locale, &lesson.html_en) {
                    (Locale::En, Some(html)) if !lesson.title.en.is_empty() => {
                        (&lesson.title.en, html)
                    }
                    _ => (&lesson.title.de, &lesson.html_de),
                };
                documents.push(Document {
                    locale,
                    kind: HitKind::Lesson,
                    title: title.clone(),
                    body: html_to_text(html),
                    url: format!("/modules/{}/lessons/{}", module.id, lesson.slug),
                });
            }
        }
        for topic in &help.topics {
            for entry in &topic.entries {
                documents.push(Document {
                    locale,
                    kind: HitKind::Help,
                    title: entry.question.get(locale).to_owned(),
                    body: entry.answer_text.get(locale).to_owned(),
                    url: format!("/hilfe#{}", entry.id),
                });
            }
        }
    }
    documents
}

/// The digest of the documents and the index format.
pub fn version_of(documents: &[Document]) -> String {
    let mut digest = Sha256::new();
    digest.update(INDEX_FORMAT.as_bytes());
    for d in documents {
        for part in [d.locale.code(), d.kind.code(), &d.title, &d.body, &d.url] {
            digest.update((part.len() as u64).to_le_bytes());
            digest.update(part.as_bytes());
        }
    }
    digest
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(backend, sql, values)
}

/// PostgreSQL's text search configuration of a language.
fn configuration(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "german",
        Locale::En => "english",
    }
}

/// Writes the index of these texts unless it is there already, and returns what to provide to
/// the instance. Safe to run on several instances at once.
#[tracing::instrument(name = "Build the search index", skip_all)]
pub async fn build(
    db: &DatabaseConnection,
    content: &ContentStore,
    help: &HelpContent,
    now: DateTime<Utc>,
) -> Result<SearchIndex, DbErr> {
    let documents = documents(content, help);
    let version = version_of(&documents);
    let backend = db.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let txn = db.begin().await?;
    let claimed = txn
        .execute_raw(statement(
            backend,
            &format!(
                "INSERT INTO search_version (version, built_at) VALUES ({}, {}) \
                 ON CONFLICT (version) DO NOTHING",
                p(1),
                p(2)
            ),
            vec![version.clone().into(), now.into()],
        ))
        .await?
        .rows_affected();
    if claimed == 0 {
        txn.commit().await?;
        return Ok(SearchIndex { version });
    }
    for (position, d) in documents.iter().enumerate() {
        insert_document(&txn, &version, d, position as i32).await?;
    }
    reanalyse_live(&txn).await?;
    // Keep this version and the newest other one (instances of the previous release during a
    // rolling update); older versions go.
    let others = txn
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT version FROM search_version WHERE version <> {} ORDER BY built_at DESC",
                p(1)
            ),
            vec![version.clone().into()],
        ))
        .await?;
    for row in others.iter().skip(1) {
        let old: String = row.try_get_by_index(0)?;
        if backend == DbBackend::Sqlite {
            txn.execute_raw(statement(
                backend,
                "DELETE FROM search_fts WHERE rowid IN \
                 (SELECT id FROM search_document WHERE version = ?)",
                vec![old.clone().into()],
            ))
            .await?;
        }
        for table in ["search_document", "search_version"] {
            txn.execute_raw(statement(
                backend,
                &format!("DELETE FROM {table} WHERE version = {}", p(1)),
                vec![old.clone().into()],
            ))
            .await?;
        }
    }
    txn.commit().await?;
    tracing::info!(documents = documents.len(), "search index written");
    Ok(SearchIndex { version })
}

/// Writes one document of `version` with its terms.
async fn insert_document(
    txn: &impl ConnectionTrait,
    version: &str,
    d: &Document,
    position: i32,
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let values: Vec<Value> = vec![
        version.into(),
        d.locale.code().into(),
        d.kind.code().into(),
        d.title.clone().into(),
        d.body.clone().into(),
        d.url.clone().into(),
        position.into(),
    ];
    match backend {
        DbBackend::Postgres => {
            let config = configuration(d.locale);
            txn.execute_raw(statement(
                backend,
                &format!(
                    "INSERT INTO search_document \
                     (version, locale, kind, title, body, url, position, terms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, \
                     setweight(to_tsvector('{config}', $4), 'A') || \
                     setweight(to_tsvector('{config}', $5), 'B'))"
                ),
                values,
            ))
            .await?;
        }
        _ => {
            let id = txn
                .execute_raw(statement(
                    backend,
                    "INSERT INTO search_document \
                     (version, locale, kind, title, body, url, position) \
                     VALUES (?, ?, ?, ?, ?, ?, ?)",
                    values,
                ))
                .await?
                .last_insert_id();
            let analyzer = Analyzer::new(d.locale);
            txn.execute_raw(statement(
                backend,
                "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)",
                vec![
                    (id as i64).into(),
                    analyzer.terms(&d.title).join(" ").into(),
                    analyzer.terms(&d.body).join(" ").into(),
                ],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Removes the live documents at `url` (every language) and writes `documents` in their place;
/// none to take a text out of the search. Call it in the transaction of the change, so that the
/// search finds exactly what is committed.
pub async fn replace_live(
    txn: &impl ConnectionTrait,
    url: &str,
    documents: &[Document],
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    if backend == DbBackend::Sqlite {
        txn.execute_raw(statement(
            backend,
            "DELETE FROM search_fts WHERE rowid IN \
             (SELECT id FROM search_document WHERE version = ? AND url = ?)",
            vec![LIVE_VERSION.into(), url.into()],
        ))
        .await?;
    }
    txn.execute_raw(statement(
        backend,
        &format!(
            "DELETE FROM search_document WHERE version = {} AND url = {}",
            p(1),
            p(2)
        ),
        vec![LIVE_VERSION.into(), url.into()],
    ))
    .await?;
    for d in documents.iter().filter(|d| d.url == url) {
        insert_document(txn, LIVE_VERSION, d, LIVE_POSITION).await?;
    }
    Ok(())
}

/// Makes the terms of every live document again, as this release analyses words.
async fn reanalyse_live(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    match backend {
        DbBackend::Postgres => {
            for locale in [Locale::De, Locale::En] {
                let config = configuration(locale);
                txn.execute_raw(statement(
                    backend,
                    &format!(
                        "UPDATE search_document SET terms = \
                         setweight(to_tsvector('{config}', title), 'A') || \
                         setweight(to_tsvector('{config}', body), 'B') \
                         WHERE version = $1 AND locale = $2"
                    ),
                    vec![LIVE_VERSION.into(), locale.code().into()],
                ))
                .await?;
            }
        }
        _ => {
            let rows = txn
                .query_all_raw(statement(
                    backend,
                    "SELECT id, locale, title, body FROM search_document WHERE version = ?",
                    vec![LIVE_VERSION.into()],
                ))
                .await?;
            for row in rows {
                let id: i64 = row.try_get_by_index(0)?;
                let locale: String = row.try_get_by_index(1)?;
                let title: String = row.try_get_by_index(2)?;
                let body: String = row.try_get_by_index(3)?;
                let analyzer = Analyzer::new(Locale::from_code(&locale).unwrap_or_default());
                txn.execute_raw(statement(
                    backend,
                    "DELETE FROM search_fts WHERE rowid = ?",
                    vec![id.into()],
                ))
                .await?;
                txn.execute_raw(statement(
                    backend,
                    "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)",
                    vec![
                        id.into(),
                        analyzer.terms(&title).join(" ").into(),
                        analyzer.terms(&body).join(" ").into(),
                    ],
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// Reads `page` of the query string: a whole number from 1 to `MAX_PAGE`, 1 when absent.
fn page_number(page: Option<&str>) -> Result<u64, AppError> {
    match page.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| AppError::invalid("page", "search-page-invalid")),
    }
}

/// Searches the texts `me` may open (modules and lessons need a signed-in person; the help is
/// everyone's) in `locale`.
pub async fn search(
    ctx: &AppContext,
    me: Option<&CurrentUser>,
    locale: Locale,
    query: Option<String>,
    page: Option<String>,
) -> Result<SearchResults, AppError> {
    let query = query.unwrap_or_default().trim().to_owned();
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid("q", "search-query-too-long"));
    }
    let page = page_number(page.as_deref())?;
    let signed_in = me.is_some();
    let mut results = SearchResults {
        query: query.clone(),
        outcome: SearchOutcome::Empty,
        hits: Vec::new(),
        total: 0,
        page,
        pages: 0,
        signed_in,
    };
    if query.is_empty() {
        return Ok(results);
    }
    let analyzer = Analyzer::new(locale);
    // The words of the query, each once, those that are not stop words.
    let mut seen = HashSet::new();
    let query_words: Vec<&str> = words(&query)
        .map(|(s, e)| &query[s..e])
        .filter(|w| analyzer.term(w).is_some_and(|t| seen.insert(t)))
        .take(MAX_QUERY_WORDS)
        .collect();
    let terms: HashSet<String> = query_words
        .iter()
        .filter_map(|w| analyzer.term(w))
        .collect();
    if terms.is_empty() {
        results.outcome = SearchOutcome::NoWords;
        return Ok(results);
    }
    let version = ctx.part::<SearchIndex>().version.clone();
    let kinds = if signed_in {
        "('module', 'lesson', 'help', 'article')"
    } else {
        "('help')"
    };
    let db = &ctx.read;
    let backend = db.get_database_backend();
    let offset = (page - 1) * PER_PAGE;
    let (count_sql, rows_sql, values): (String, String, Vec<Value>) = match backend {
        DbBackend::Postgres => {
            let config = configuration(locale);
            let from = format!(
                "FROM search_document d, plainto_tsquery('{config}', $1) q \
                 WHERE d.terms @@ q AND (d.version = $2 OR d.version = '{LIVE_VERSION}') AND d.locale = $3 AND d.kind IN {kinds}"
            );
            (
                format!("SELECT COUNT(*) {from}"),
                format!(
                    "SELECT d.kind, d.title, d.body, d.url {from} \
                     ORDER BY ts_rank(d.terms, q) DESC, d.position LIMIT {PER_PAGE} OFFSET {offset}"
                ),
                vec![
                    query_words.join(" ").into(),
                    version.into(),
                    locale.code().into(),
                ],
            )
        }
        _ => {
            // Terms are letters and digits only; in quotes they are FTS5 strings, never syntax.
            let expression = terms
                .iter()
                .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" ");
            let from = format!(
                "FROM search_fts JOIN search_document d ON d.id = search_fts.rowid \
                 WHERE search_fts MATCH ? AND (d.version = ? OR d.version = '{LIVE_VERSION}') AND d.locale = ? AND d.kind IN {kinds}"
            );
            (
                format!("SELECT COUNT(*) {from}"),
                format!(
                    "SELECT d.kind, d.title, d.body, d.url {from} \
                     ORDER BY bm25(search_fts, 4.0, 1.0), d.position LIMIT {PER_PAGE} OFFSET {offset}"
                ),
                vec![expression.into(), version.into(), locale.code().into()],
            )
        }
    };
    let total: i64 = db
        .query_one_raw(statement(backend, &count_sql, values.clone()))
        .await?
        .map(|row| row.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    let total = total.max(0) as u64;
    results.total = total;
    results.pages = total.div_ceil(PER_PAGE);
    if total == 0 {
        results.outcome = SearchOutcome::NoHits;
        return Ok(results);
    }
    if page > results.pages {
        return Err(AppError::invalid("page", "search-page-invalid"));
    }
    results.outcome = SearchOutcome::Hits;
    let content = ctx.content();
    for row in db
        .query_all_raw(statement(backend, &rows_sql, values))
        .await?
    {
        let kind: String = row.try_get_by_index(0)?;
        let title: String = row.try_get_by_index(1)?;
        let body: String = row.try_get_by_index(2)?;
        let url: String = row.try_get_by_index(3)?;
        let Some(kind) = HitKind::from_code(&kind) else {
            continue;
        };
        // A lesson names its module.
        let module = (kind == HitKind::Lesson)
            .then(|| url.strip_prefix("/modules/")?.split('/').next())
            .flatten()
            .and_then(|id| content.module(id))
            .map(|m| m.title.get(locale).to_owned());
        results.hits.push(SearchHit {
            kind,
            title_html: highlight(&analyzer, &title, &terms),
            excerpt_html: excerpt(&analyzer, &body, &terms),
            url,
            module,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_number_is_a_whole_number_in_range() {
        assert_eq!(page_number(None).ok(), Some(1));
        assert_eq!(page_number(Some(" ")).ok(), Some(1));
        assert_eq!(page_number(Some("3")).ok(), Some(3));
        for bad in ["0", "-1", "x", "1e3", "101", "99999999999999999999999"] {
            assert!(page_number(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_version_changes_with_any_text() {
        let doc = Document {
            locale: Locale::De,
            kind: HitKind::Help,
            title: "Frage".into(),
            body: "Antwort".into(),
            url: "/hilfe#frage".into(),
        };
        let other = Document {
            body: "Antwort.".into(),
            ..doc.clone()
        };
        assert_eq!(
            version_of(std::slice::from_ref(&doc)),
            version_of(std::slice::from_ref(&doc))
        );
        assert_ne!(version_of(&[doc]), version_of(&[other]));
    }
}
