//! "Meine Daten" on the server: the overview, the export, corrections, requests to correct or
//! erase, their handling by the administrators, erasure and retention.

pub mod erase;
pub mod export;
pub mod registry;
pub mod retention;

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::{Access, DataRequestView, MyData, RequestDecision, RequestKind, Share};
use crate::context::AppContext;
use crate::db::{
    audit_log, data_request, department, external_identity, progress_share, user, user_role,
};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::{CurrentUser, Role};
use crate::mail::{self, OutgoingMail};

pub use retention::RetentionRules;

/// The longest text of a request or an answer.
pub const MAX_MESSAGE: usize = 4000;
pub const MAX_NAME: usize = 200;

async fn account(db: &impl ConnectionTrait, id: Uuid) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether the person's name comes from elsewhere (the HR import or the city's directory), so
/// that a change here would be overwritten: then they ask for the correction instead.
async fn name_is_managed(
    db: &impl ConnectionTrait,
    person: &user::Model,
) -> Result<bool, AppError> {
    if person.personnel_number.is_some() {
        return Ok(true);
    }
    let linked = external_identity::Entity::find()
        .filter(external_identity::Column::UserId.eq(person.id))
        .count(db)
        .await?;
    Ok(linked > 0)
}

/// Who did what with the person's data, from the audit log: every entry about them that
/// someone else made (the system's are shown as such).
async fn accesses(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<Vec<(chrono::DateTime<chrono::Utc>, Option<String>, String)>, AppError> {
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::TargetType.eq("user"))
        .filter(audit_log::Column::TargetId.eq(person.to_string()))
        .order_by_desc(audit_log::Column::OccurredAt)
        .limit(500)
        .all(db)
        .await?;
    let actors: Vec<Uuid> = entries.iter().filter_map(|e| e.actor_id).collect();
    let names: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actors))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(entries
        .into_iter()
        .filter(|e| e.actor_id != Some(person))
        .map(|e| {
            let who = e.actor_id.and_then(|id| names.get(&id).cloned());
            (
                e.occurred_at,
                who,
                crate::audit::action_label_key(&e.action),
            )
        })
        .collect())
}

/// The page "Meine Daten" of the logged-in person.
pub async fn my_data(ctx: &AppContext, me: &CurrentUser) -> Result<MyData, AppError> {
    let db = &ctx.read;
    let person = account(db, me.id).await?;
    let department = match person.department_id {
        Some(id) => department::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| d.name),
        None => None,
    };
    let mut stored: BTreeMap<&str, u64> = BTreeMap::new();
    for (table, n) in export::count(db, &person).await? {
        if table != "users" && n > 0 {
            *stored.entry(table).or_default() += n;
        }
    }
    let shares = progress_share::Entity::find()
        .filter(progress_share::Column::UserId.eq(me.id))
        .filter(progress_share::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    let scouts: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(shares.iter().map(|s| s.scout_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let requests = data_request::Entity::find()
        .filter(data_request::Column::UserId.eq(me.id))
        .order_by_desc(data_request::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|r| view_of(r, None))
        .collect();
    Ok(MyData {
        name: person.display_name.clone(),
        email: person.email.clone(),
        personnel_number: person.personnel_number.clone(),
        department,
        roles: me.roles.iter().map(|r| r.label_key().to_owned()).collect(),
        created_at: person.created_at,
        last_login_at: person.last_login_at,
        name_managed: name_is_managed(db, &person).await?,
        stored: stored
            .into_iter()
            .map(|(table, n)| (export::table_title_key(table), n))
            .collect(),
        accesses: accesses(db, me.id)
            .await?
            .into_iter()
            .map(|(at, who, what_key)| Access { at, who, what_key })
            .collect(),
        shares: shares
            .into_iter()
            .map(|s| Share {
                scout: scouts.get(&s.scout_id).cloned().unwrap_or_default(),
                since: s.granted_at,
            })
            .collect(),
        requests,
        retention: ctx
            .part::<RetentionRules>()
            .kinds()
            .into_iter()
            .map(|(kind, days)| (kind.to_owned(), days))
            .collect(),
        kiosk: me.kiosk,
    })
}

fn view_of(r: data_request::Model, person: Option<String>) -> DataRequestView {
    DataRequestView {
        id: r.id,
        kind: RequestKind::parse(&r.kind).unwrap_or(RequestKind::Correction),
        message: r.message,
        status: r.status,
        created_at: r.created_at,
        decided_at: r.decided_at,
        answer: r.answer,
        person,
    }
}

/// The export of the logged-in person: the sections and, for the readable form, who did what.
pub struct Download {
    pub name: String,
    pub sections: Vec<export::Section>,
    pub accesses: Vec<(chrono::DateTime<chrono::Utc>, String, String)>,
}

pub async fn download(ctx: &AppContext, me: &CurrentUser) -> Result<Download, AppError> {
    // The writer, not a reader: what the person just did must be in it.
    let db = &ctx.db;
    let person = account(db, me.id).await?;
    let sections = export::collect(db, &person).await?;
    let system = crate::i18n::translate(me.locale, "personal-data-access-system", None);
    let accesses = accesses(db, me.id)
        .await?
        .into_iter()
        .map(|(at, who, key)| {
            (
                at,
                who.unwrap_or_else(|| system.clone()),
                crate::i18n::translate(me.locale, &key, None),
            )
        })
        .collect();
    Ok(Download {
        name: person.display_name,
        sections,
        accesses,
    })
}

/// Corrects the person's own name (Art. 16), unless it comes from the HR import or the
/// directory.
pub async fn correct_name(
    ctx: &AppContext,
    me: &CurrentUser,
    display_name: &str,
) -> Result<(), AppError> {
    let mut v = Validation::new();
    let name = display_name.trim();
    v.require(name, "display_name");
    v.check(
        name.chars().count() <= MAX_NAME && !name.chars().any(char::is_control),
        "display_name",
        "field-too-long",
    );
    v.finish()?;
    let txn = ctx.db.begin().await?;
    let person = account(&txn, me.id).await?;
    if name_is_managed(&txn, &person).await? {
        return Err(AppError::invalid(
            "display_name",
            "personal-data-name-managed",
        ));
    }
    let mut active: user::ActiveModel = person.into();
    active.display_name = Set(name.to_owned());
    active.updated_at = Set(ctx.now());
    active.update(&txn).await?;
    crate::audit::server::record(
        &txn,
        ctx.now(),
        Some(me.id),
        "user.updated",
        "user",
        Some(me.id.to_string()),
        serde_json::json!({ "fields": ["display_name"] }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A request to correct or erase (Art. 16, 17). The administrators get a mail; one open request
/// of each kind at a time.
pub async fn request_change(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: RequestKind,
    message: &str,
    confirmed: bool,
) -> Result<(), AppError> {
    // The field of the form: the correction's text, or the erasure's note.
    let field = match kind {
        RequestKind::Correction => "message",
        RequestKind::Erasure => "note",
    };
    let mut v = Validation::new();
    let message = message.trim();
    v.max_chars(message, MAX_MESSAGE, field);
    if kind == RequestKind::Correction {
        v.check(!message.is_empty(), field, "personal-data-say-what");
    }
    if kind == RequestKind::Erasure {
        v.check(confirmed, "confirm", "personal-data-confirm-erasure");
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let open = data_request::Entity::find()
        .filter(data_request::Column::UserId.eq(me.id))
        .filter(data_request::Column::Kind.eq(kind.as_str()))
        .filter(data_request::Column::Status.eq(data_request::STATUS_OPEN))
        .count(&txn)
        .await?;
    v.check(open == 0, field, "personal-data-request-open");
    v.finish()?;
    data_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(me.id),
        kind: Set(kind.as_str().to_owned()),
        message: Set(message.to_owned()),
        status: Set(data_request::STATUS_OPEN.to_owned()),
        created_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        answer: Set(None),
    }
    .insert(&txn)
    .await?;
    // Every active administrator learns that a request waits (the law gives a month).
    for admin in user_role::active_holders(&txn, Role::Admin.as_str()).await? {
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: admin.email.clone(),
                person: admin.id,
                locale: Locale::from_code(&admin.locale).unwrap_or_default(),
                template: "data_request",
                context: serde_json::json!({
                    "name": admin.display_name,
                    "erasure": kind == RequestKind::Erasure,
                    "link": format!("{}/admin/data-requests", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: None,
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The requests for the administrators: open ones first, then the answered ones.
pub async fn data_requests(
    ctx: &AppContext,
    me: &CurrentUser,
) -> Result<Vec<DataRequestView>, AppError> {
    me.require_any(&[Role::Admin])?;
    let db = &ctx.read;
    let mut requests = data_request::Entity::find()
        .order_by_desc(data_request::Column::CreatedAt)
        .limit(500)
        .all(db)
        .await?;
    requests.sort_by_key(|r| r.status != data_request::STATUS_OPEN);
    let names: BTreeMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(requests.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(requests
        .into_iter()
        .map(|r| {
            let person = names.get(&r.user_id).map(|u| match &u.email {
                Some(email) => format!("{} ({email})", u.display_name),
                None => u.display_name.clone(),
            });
            view_of(r, person)
        })
        .collect())
}

/// An administrator answers a request: done, refused (with the reason), or for an erasure
/// request: erase now. The person is told by mail (before the erasure, to the address they had).
pub async fn answer_request(
    ctx: &AppContext,
    me: &CurrentUser,
    id: Uuid,
    decision: RequestDecision,
    answer: &str,
    confirmed: bool,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let mut v = Validation::new();
    let answer = answer.trim();
    v.max_chars(answer, MAX_MESSAGE, "answer");
    if decision == RequestDecision::Refused {
        v.check(!answer.is_empty(), "answer", "personal-data-refusal-reason");
    }
    if decision == RequestDecision::Erase {
        v.check(confirmed, "confirm", "personal-data-confirm-erase-now");
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let request = data_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    v.check(
        request.status == data_request::STATUS_OPEN,
        "decision",
        "personal-data-request-answered",
    );
    if decision == RequestDecision::Erase {
        v.check(
            request.kind == data_request::KIND_ERASURE,
            "decision",
            "field-invalid-choice",
        );
        // Another administrator must erase an administrator's own account.
        v.check(
            request.user_id != me.id,
            "decision",
            "personal-data-not-yourself",
        );
    }
    v.finish()?;
    let person = account(&txn, request.user_id).await?;
    let status = match decision {
        RequestDecision::Refused => data_request::STATUS_REFUSED,
        RequestDecision::Done | RequestDecision::Erase => data_request::STATUS_DONE,
    };
    data_request::Entity::update_many()
        .col_expr(data_request::Column::Status, Expr::value(status))
        .col_expr(data_request::Column::DecidedAt, Expr::value(now))
        .col_expr(data_request::Column::DecidedBy, Expr::value(me.id))
        .col_expr(
            data_request::Column::Answer,
            Expr::value((!answer.is_empty()).then(|| answer.to_owned())),
        )
        .filter(data_request::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "data_request.answered",
        "user",
        Some(request.user_id.to_string()),
        serde_json::json!({ "kind": request.kind, "decision": decision.as_str() }),
    )
    .await?;
    if decision == RequestDecision::Erase {
        erase::erase_in(&txn, request.user_id, Some(me.id), now).await?;
    }
    // Queued after the erasure, which deletes the mail to the person's address: this one, the
    // confirmation, is the last (and goes with the mail retention). Without an address it would
    // become a notice of the erased account, so there is none.
    if person.erased_at.is_none() && !(decision == RequestDecision::Erase && person.email.is_none())
    {
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: person.email.clone(),
                person: person.id,
                locale: Locale::from_code(&person.locale).unwrap_or_default(),
                template: "data_request_answered",
                context: serde_json::json!({
                    // The erased person's name is not kept, not even in this last mail.
                    "name": if decision == RequestDecision::Erase { "" } else { person.display_name.as_str() },
                    "erasure": request.kind == data_request::KIND_ERASURE,
                    "erased": decision == RequestDecision::Erase,
                    "refused": decision == RequestDecision::Refused,
                    "answer": answer,
                    "link": format!("{}/my-data", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: None,
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
