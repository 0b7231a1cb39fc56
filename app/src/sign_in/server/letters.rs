//! Sign-in letters for staff without a PC or a mail address: HR (or a scout for the units they
//! serve) prints a personal letter with a one-time code and its QR code; the code signs the
//! person in once within 14 days. A new letter makes the older ones of that person void.
//!
//! The code is 16 characters of Crockford's base-32 alphabet (80 random bits), printed in groups
//! of four; typing is forgiving (lower case, spaces, dashes, O for 0, I and L for 1). Only a
//! digest is stored, in `one_time_token` like every other link's secret; failed attempts count
//! against the client address like failed logins.

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::auth::server::{
    AttemptLimits, RequestSession, SignInMethod, digest, open_session, roles_of,
};
use crate::auth::{CurrentUser, Role};
use crate::context::AppContext;
use crate::db::{department, one_time_token, scout_department, user, user_role};
use crate::error::AppError;
use crate::i18n::Locale;

pub const PURPOSE_SIGN_IN_LETTER: &str = "sign_in_letter";
/// How long a letter's code works.
pub const LETTER_VALID_DAYS: i64 = 14;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 16;

/// A new random code, grouped for print: `K7QF-2M9X-HR4T-8WZD`.
pub fn new_letter_code() -> Result<String, AppError> {
    let mut bytes = [0u8; CODE_LENGTH];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
    let plain: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect();
    Ok(group(&plain))
}

fn group(plain: &str) -> String {
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as typed, in its canonical form; `None` when it cannot be a code.
pub fn normalize_letter_code(typed: &str) -> Option<String> {
    if typed.len() > 64 {
        return None;
    }
    let mut code = String::with_capacity(CODE_LENGTH);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        code.push(c);
    }
    (code.len() == CODE_LENGTH).then_some(code)
}

/// A printed letter: the PDF and what it says.
pub struct IssuedLetter {
    pub pdf: Vec<u8>,
    pub filename: String,
}

/// Whether `me` may print a letter for `person`. A letter opens the account, so it must never
/// give more than its printer could give anyway: administrators print for anyone but
/// administrators; HR for anyone who is an employee only; a scout for the employees of the
/// units they serve. Nobody prints a letter for an administrator (they have a mail address and
/// a password, and a letter would let someone else act as them).
async fn may_print_for(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    person: &user::Model,
) -> Result<bool, AppError> {
    let roles = roles_of(db, person.id).await?;
    if roles.contains(&Role::Admin) {
        return Ok(false);
    }
    if me.has(Role::Admin) {
        return Ok(true);
    }
    if roles.iter().any(|role| *role != Role::Employee) {
        return Ok(false);
    }
    if me.has(Role::Hr) {
        return Ok(true);
    }
    if !me.has(Role::Scout) {
        return Ok(false);
    }
    let Some(department) = person.department_id else {
        return Ok(false);
    };
    Ok(scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.eq(me.id))
        .filter(scout_department::Column::DepartmentId.eq(department))
        .one(db)
        .await?
        .is_some())
}

/// Most people a search lists.
const CANDIDATES_SHOWN: u64 = 200;

/// The people `me` may print letters for: without `search`, those without a mail address; with
/// it, anyone whose name or personnel number contains it.
pub async fn letter_candidates(
    ctx: &AppContext,
    me: &CurrentUser,
    search: Option<String>,
) -> Result<Vec<super::super::LetterCandidate>, AppError> {
    use sea_orm::{QueryOrder, QuerySelect};
    me.require_any(&[Role::Hr, Role::Admin, Role::Scout])?;
    // Only people `may_print_for` allows: never administrators, and for HR and scouts only
    // people who are employees only.
    let held_beyond = if me.has(Role::Admin) {
        vec![Role::Admin.as_str()]
    } else {
        Role::ALL
            .iter()
            .filter(|role| **role != Role::Employee)
            .map(|role| role.as_str())
            .collect()
    };
    let mut query = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(
            user::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(user_role::Column::Role.is_in(held_beyond))
                    .to_owned(),
            ),
        )
        .order_by_asc(user::Column::DisplayName)
        .limit(CANDIDATES_SHOWN);
    match search
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
    {
        Some(search) => {
            let search: String = search.chars().take(100).collect();
            query = query.filter(
                sea_orm::Condition::any()
                    .add(user::Column::DisplayName.contains(search.as_str()))
                    .add(user::Column::PersonnelNumber.contains(search.as_str())),
            );
        }
        None => query = query.filter(user::Column::Email.is_null()),
    }
    if !me.has_any(&[Role::Hr, Role::Admin]) {
        let served: Vec<Uuid> = scout_department::Entity::find()
            .filter(scout_department::Column::ScoutId.eq(me.id))
            .all(&ctx.read)
            .await?
            .into_iter()
            .map(|s| s.department_id)
            .collect();
        query = query.filter(user::Column::DepartmentId.is_in(served));
    }
    let people = query.all(&ctx.read).await?;
    let departments: std::collections::HashMap<Uuid, String> = department::Entity::find()
        .all(&ctx.read)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    Ok(people
        .into_iter()
        .map(|p| super::super::LetterCandidate {
            id: p.id,
            name: p.display_name,
            personnel_number: p.personnel_number,
            department: p.department_id.and_then(|d| departments.get(&d).cloned()),
            has_email: p.email.is_some(),
        })
        .collect())
}

/// Prints a new letter for `person_id`; older letters of the person stop working.
pub async fn issue_letter(
    ctx: &AppContext,
    me: &CurrentUser,
    person_id: Uuid,
) -> Result<IssuedLetter, AppError> {
    let person = user::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_print_for(&ctx.db, me, &person).await? {
        return Err(AppError::Forbidden);
    }
    if !person.active {
        return Err(AppError::Conflict("letter-person-inactive".into()));
    }
    let now = ctx.now();
    let code = new_letter_code()?;
    let plain = code.replace('-', "");
    let department = match person.department_id {
        Some(id) => department::Entity::find_by_id(id)
            .one(&ctx.read)
            .await?
            .map(|d| d.name),
        None => None,
    };
    let locale = Locale::from_code(&person.locale).unwrap_or_default();
    let valid_until = (now + Duration::days(LETTER_VALID_DAYS))
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive();
    let letter = super::letter_pdf::SignInLetter {
        organisation_name: ctx.settings.organisation_name.clone(),
        person_name: person.display_name.clone(),
        personnel_number: person.personnel_number.clone(),
        department,
        code: code.clone(),
        sign_in_url: format!("{}/login/code", ctx.settings.base_url),
        qr_url: format!("{}/login/code?code={plain}", ctx.settings.base_url),
        valid_until,
        locale,
    };
    // Rendered before anything is written, off the async runtime and outside the transaction
    // (the writer is not held while a page is laid out): a letter that could not be printed
    // leaves no code behind.
    let pdf = tokio::task::spawn_blocking(move || super::letter_pdf::render_letter(&letter))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|err| {
            tracing::error!(error = %err, "the sign-in letter could not be rendered");
            AppError::Internal
        })?;
    let txn = ctx.db.begin().await?;
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::UserId.eq(person.id))
        .filter(one_time_token::Column::Purpose.eq(PURPOSE_SIGN_IN_LETTER))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    one_time_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(digest(&plain)),
        user_id: Set(person.id),
        purpose: Set(PURPOSE_SIGN_IN_LETTER.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(LETTER_VALID_DAYS)),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "user.letter_printed",
        "user",
        Some(person.id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedLetter {
        pdf,
        filename: "anmeldebrief.pdf".to_owned(),
    })
}

/// Signs in with a letter's code, once. Returns the session's token. A wrong, used or expired
/// code counts as a failed login of the client address.
#[tracing::instrument(name = "letter sign-in", skip_all)]
pub async fn letter_login(
    ctx: &AppContext,
    visit: &RequestSession,
    typed: String,
    kiosk: bool,
) -> Result<String, AppError> {
    if typed.trim().is_empty() {
        return Err(AppError::invalid("code", "field-required"));
    }
    // Counted per address (a code names no account before it is found).
    let limits = AttemptLimits::check(ctx, "letter", visit.client_ip).await?;
    let now = ctx.now();
    let found = match normalize_letter_code(&typed) {
        Some(code) => {
            one_time_token::Entity::find()
                .filter(one_time_token::Column::TokenHash.eq(digest(&code)))
                .filter(one_time_token::Column::Purpose.eq(PURPOSE_SIGN_IN_LETTER))
                .one(&ctx.db)
                .await?
        }
        None => None,
    };
    let refuse = async |ctx: &AppContext| -> Result<String, AppError> {
        limits.failed(ctx).await?;
        tracing::info!("letter sign-in refused");
        Err(AppError::invalid("code", "letter-code-invalid"))
    };
    let Some(found) = found.filter(|t| t.used_at.is_none() && t.expires_at > now) else {
        return refuse(ctx).await;
    };
    // Of two uses of one code, only one claims it.
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(found.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&ctx.db)
        .await?;
    let account = user::Entity::find_by_id(found.user_id).one(&ctx.db).await?;
    match account {
        Some(account) if claimed.rows_affected == 1 && account.active => {
            let token = open_session(ctx, visit, account.id, SignInMethod::Letter, kiosk).await?;
            tracing::info!("letter sign-in succeeded");
            Ok(token)
        }
        _ => refuse(ctx).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_random_and_forgiving_to_type() {
        let code = new_letter_code().unwrap_or_default();
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(code.matches('-').count(), 3);
        let plain = code.replace('-', "");
        assert_eq!(
            normalize_letter_code(&code).as_deref(),
            Some(plain.as_str())
        );
        assert_ne!(new_letter_code().unwrap_or_default(), code);
        assert_eq!(
            normalize_letter_code(" k7qf 2m9x-hr4t-8wzo ").as_deref(),
            Some("K7QF2M9XHR4T8WZ0")
        );
        assert_eq!(
            normalize_letter_code("i1L0-0000-0000-0000").as_deref(),
            Some("1110000000000000")
        );
        for wrong in [
            "",
            "K7QF",
            "K7QF-2M9X-HR4T-8WZD-1",
            "K7QF-2M9X-HR4T-8WZU",
            "ÄÄÄÄ",
        ] {
            assert_eq!(normalize_letter_code(wrong), None, "{wrong}");
        }
    }
}
