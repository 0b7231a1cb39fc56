//! The scouts' board: tips and announcements in Markdown. Posts are rendered without any HTML
//! of their own: raw HTML in the source becomes visible text, images become plain links, and
//! links lead only to web and mail addresses. What comes out is markup that Markdown itself
//! makes, with every text escaped, so there is nothing left to sanitise afterwards.

use crate::context::AppContext;
use crate::identity::CurrentUser;
use crate::ui::safe_markdown;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{Board, BoardPost, PostKind};
use crate::auth::Role;
use crate::db::{board_post, user};
use crate::error::{AppError, Validation};
use crate::i18n::format::local_date_time;

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 10_000;

/// Markdown to HTML that carries no markup of the author's own (`ui::safe_markdown`).
pub fn render(source: &str) -> String {
    safe_markdown::render(source, safe_markdown::POST)
}

fn validate(kind: &str, title: &str, body: &str) -> Result<(PostKind, String, String), AppError> {
    let mut v = Validation::new();
    let kind = PostKind::parse(kind);
    v.check(kind.is_some(), "kind", "field-invalid-choice");
    let title = title.trim().to_owned();
    v.require(&title, "title");
    v.max_chars(&title, MAX_TITLE, "title");
    let body = body.trim().replace("\r\n", "\n");
    v.require(&body, "body");
    v.max_chars(&body, MAX_BODY, "body");
    let kind = v.finish_with(kind)?;
    Ok((kind, title, body))
}

pub async fn board(ctx: &AppContext, me: &CurrentUser) -> Result<Board, AppError> {
    let posts = board_post::Entity::find()
        .filter(board_post::Column::RemovedAt.is_null())
        .order_by_desc(board_post::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let authors: std::collections::HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(posts.iter().map(|p| p.author_id).collect::<Vec<_>>()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let is_admin = me.has(Role::Admin);
    Ok(Board {
        can_post: me.has(Role::Scout),
        posts: posts
            .into_iter()
            .map(|p| BoardPost {
                id: p.id,
                kind: PostKind::parse(&p.kind).unwrap_or(PostKind::Tip),
                author: authors.get(&p.author_id).cloned().unwrap_or_default(),
                created: local_date_time(me.locale, p.created_at),
                html: render(&p.body),
                can_remove: is_admin || p.author_id == me.id,
                title: p.title,
            })
            .collect(),
    })
}

pub async fn post(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: String,
    title: String,
    body: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let (kind, title, body) = validate(&kind, &title, &body)?;
    board_post::ActiveModel {
        id: Set(Uuid::new_v4()),
        author_id: Set(me.id),
        kind: Set(kind.as_str().to_owned()),
        title: Set(title),
        body: Set(body),
        created_at: Set(ctx.now()),
        removed_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(String::from("/scouts/board?posted=1"))
}

pub async fn remove(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    let id: Uuid = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let txn = ctx.db.begin().await?;
    let post = board_post::Entity::find_by_id(id)
        .filter(board_post::Column::RemovedAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if post.author_id != me.id && !me.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let mut active: board_post::ActiveModel = post.into();
    active.removed_at = Set(Some(ctx.now()));
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(String::from("/scouts/board?removed=1"))
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered() {
        let html = render(
            "# Tipp\n\nMit **Strg+F** suchen Sie in der [E-Akte](https://wiki.example/e-akte).",
        );
        assert!(html.contains("<h4>Tipp</h4>"), "{html}");
        assert!(html.contains("<strong>Strg+F</strong>"), "{html}");
        assert!(
            html.contains("<a href=\"https://wiki.example/e-akte\">E-Akte</a>"),
            "{html}"
        );
    }

    #[test]
    fn html_and_scripts_stay_text() {
        for source in [
            "<script>alert(1)</script>",
            "Text <img src=x onerror=alert(1)> mehr",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<a href=\"javascript:alert(1)\">klick</a>",
        ] {
            let html = render(source);
            assert!(!html.contains("<script"), "{source} → {html}");
            assert!(!html.contains("<img"), "{source} → {html}");
            assert!(!html.contains("<iframe"), "{source} → {html}");
            assert!(!html.contains("<a "), "{source} → {html}");
            assert!(html.contains("&lt;"), "{source} → {html}");
        }
    }

    #[test]
    fn only_web_and_mail_links_survive_and_images_become_links() {
        let html = render(
            "[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:x@y.example) ![Bild](https://x.example/a.png) ![böse](javascript:x)",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:text"), "{html}");
        assert!(
            html.contains("<a href=\"mailto:x@y.example\">c</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://x.example/a.png\">Bild</a>"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("a") && html.contains("böse"),
            "link texts stay: {html}"
        );
    }
}
