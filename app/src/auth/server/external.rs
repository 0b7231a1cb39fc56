//! A person who signed in with the city's account (OpenID provider or directory) becomes a
//! person of the platform: matched by the provider's stable key if they signed in before, else
//! by personnel number, then by mail address; created only where the configuration allows;
//! refused otherwise. Groups become roles through the configured mapping. Nothing of the
//! directory is stored but which provider account is which person.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;
use crate::db::external_identity;

/// Which claim (OpenID) or attribute (directory) carries what.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimNames {
    pub personnel_number: String,
    pub email: String,
    pub name: String,
    pub unit: String,
    pub groups: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        ClaimNames {
            personnel_number: "personnel_number".into(),
            email: "email".into(),
            name: "name".into(),
            unit: "department".into(),
            groups: "groups".into(),
        }
    }
}

/// What the provider says about the person signing in.
#[derive(Clone, Debug, Default)]
pub struct ExternalPerson {
    /// `oidc:<issuer>` or `ldap:<server>`.
    pub provider: String,
    /// The provider's stable key of the account.
    pub subject: String,
    pub personnel_number: Option<String>,
    pub email: Option<String>,
    /// False when the provider says the address is not verified: it is then not used to match.
    pub email_verified: bool,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub groups: Vec<String>,
}

/// Longest value taken from a claim; anything longer is ignored as not meant for us.
const MAX_CLAIM_LENGTH: usize = 254;
/// Most groups read from one person.
const MAX_GROUPS: usize = 500;

fn text(value: Option<&serde_json::Value>) -> Option<String> {
    let value = match value? {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!value.is_empty() && value.len() <= MAX_CLAIM_LENGTH && !value.chars().any(char::is_control))
        .then_some(value)
}

impl ExternalPerson {
    /// Reads the configured claims from the ID token's claims (one JSON object).
    pub fn from_claims(
        provider: String,
        subject: String,
        claims: &serde_json::Value,
        names: &ClaimNames,
    ) -> Self {
        let get = |name: &str| text(claims.get(name));
        let groups = match claims.get(&names.groups) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .take(MAX_GROUPS)
                .filter_map(|item| text(Some(item)))
                .collect(),
            Some(single) => text(Some(single)).into_iter().collect(),
            None => Vec::new(),
        };
        ExternalPerson {
            provider,
            subject,
            personnel_number: get(&names.personnel_number),
            email: get(&names.email).map(|e| normalize_email(&e)),
            email_verified: claims.get("email_verified") != Some(&serde_json::Value::Bool(false)),
            name: get(&names.name),
            unit: get(&names.unit),
            groups,
        }
    }
}

/// What the configuration allows.
pub struct Rules<'a> {
    pub create_accounts: bool,
    /// Group → role (`employee`, `scout`, `hr`, `auditor`, `admin`).
    pub roles: &'a BTreeMap<String, String>,
}

/// Checks a group → role mapping; the message names the wrong role.
pub fn check_roles(roles: &BTreeMap<String, String>) -> Result<(), String> {
    for (group, role) in roles {
        if Role::parse(role).is_none() {
            return Err(format!(
                "group {group:?}: unknown role {role:?} (employee, scout, hr, auditor, admin, editor, coordinator)"
            ));
        }
    }
    Ok(())
}

/// Finds (or creates) the person, links the provider's account to them, applies the group
/// mapping and returns the person's id; refuses with a reason the sign-in page explains.
pub async fn admit(
    ctx: &AppContext,
    person: ExternalPerson,
    rules: &Rules<'_>,
) -> Result<Uuid, AppError> {
    let refused = |key: &str| AppError::SignInRefused(key.to_owned());
    if person.subject.is_empty() || person.subject.len() > 255 {
        return Err(refused("sign-in-token-invalid"));
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let linked =
        external_identity::Entity::find_by_id((person.provider.clone(), person.subject.clone()))
            .one(&txn)
            .await?;
    let account = match &linked {
        Some(link) => user::Entity::find_by_id(link.user_id).one(&txn).await?,
        None => find_person(&txn, &person).await?,
    };
    let account = match account {
        Some(account) => {
            if linked.is_none() {
                check_match(&txn, &person, &account).await?;
            }
            account
        }
        None if rules.create_accounts => create_person(&txn, now, &person).await?,
        None => {
            tracing::info!("refused: the person is not known");
            return Err(refused("sign-in-unknown-person"));
        }
    };
    if !account.active {
        tracing::info!("refused: the account is deactivated");
        return Err(refused("sign-in-account-inactive"));
    }
    match linked {
        Some(_) => {
            external_identity::Entity::update_many()
                .col_expr(external_identity::Column::LastUsedAt, Expr::value(now))
                .filter(external_identity::Column::Provider.eq(person.provider.as_str()))
                .filter(external_identity::Column::Subject.eq(person.subject.as_str()))
                .exec(&txn)
                .await?;
        }
        None => {
            external_identity::ActiveModel {
                provider: Set(person.provider.clone()),
                subject: Set(person.subject.clone()),
                user_id: Set(account.id),
                created_at: Set(now),
                last_used_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    apply_groups(&txn, account.id, &person.groups, rules.roles).await?;
    txn.commit().await?;
    Ok(account.id)
}

/// By personnel number first (the HR system's key), then by a verified mail address.
async fn find_person(
    db: &impl ConnectionTrait,
    person: &ExternalPerson,
) -> Result<Option<user::Model>, AppError> {
    if let Some(number) = &person.personnel_number {
        let found = user::Entity::find()
            .filter(user::Column::PersonnelNumber.eq(number.as_str()))
            .one(db)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if let Some(email) = person.email.as_ref().filter(|_| person.email_verified) {
        return Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(db)
            .await?);
    }
    Ok(None)
}

/// A first sign-in that matched an account by its data: refused when the account already belongs
/// to another account of the same provider, or when both carry personnel numbers and they
/// differ (an address reused by someone else must not open a colleague's account).
async fn check_match(
    db: &impl ConnectionTrait,
    person: &ExternalPerson,
    account: &user::Model,
) -> Result<(), AppError> {
    let conflict = || {
        tracing::info!("refused: the account is linked to someone else");
        AppError::SignInRefused("sign-in-identity-conflict".into())
    };
    if let (Some(theirs), Some(ours)) = (&person.personnel_number, &account.personnel_number)
        && theirs != ours
    {
        return Err(conflict());
    }
    let other = external_identity::Entity::find()
        .filter(external_identity::Column::Provider.eq(person.provider.as_str()))
        .filter(external_identity::Column::UserId.eq(account.id))
        .one(db)
        .await?;
    if other.is_some() {
        return Err(conflict());
    }
    Ok(())
}

async fn create_person(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    person: &ExternalPerson,
) -> Result<user::Model, AppError> {
    let Some(name) = person.name.clone() else {
        return Err(AppError::SignInRefused("sign-in-name-missing".into()));
    };
    let email = person.email.clone().filter(|_| person.email_verified);
    if let Some(email) = &email
        && user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
            .is_some()
    {
        return Err(AppError::SignInRefused("sign-in-identity-conflict".into()));
    }
    let department_id = match &person.unit {
        Some(unit) => department::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(department::Column::Name.eq(unit.as_str()))
                    .add(department::Column::Code.eq(unit.as_str())),
            )
            .one(db)
            .await?
            .map(|d| d.id),
        None => None,
    };
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        display_name: Set(name),
        department_id: Set(department_id),
        password_hash: Set(None),
        active: Set(true),
        is_demo: Set(false),
        locale: Set(Locale::default().code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        deactivated_at: Set(None),
        personnel_number: Set(person.personnel_number.clone()),
        job_family: Set(None),
        newsletter: Set(true),
        newsletter_token: Set(None),
        last_login_at: Set(None),
        erased_at: Set(None),
    }
    .insert(db)
    .await?;
    set_roles(db, created.id, &[Role::Employee]).await?;
    tracing::info!("account created at first sign-in");
    Ok(created)
}

/// The roles that the mapping names are the provider's to give: each is held exactly when one
/// of the person's groups maps to it. Roles the mapping does not name stay as they are, and
/// everyone stays an employee.
async fn apply_groups(
    db: &impl ConnectionTrait,
    account: Uuid,
    groups: &[String],
    mapping: &BTreeMap<String, String>,
) -> Result<(), AppError> {
    if mapping.is_empty() {
        return Ok(());
    }
    let managed: Vec<Role> = mapping.values().filter_map(|r| Role::parse(r)).collect();
    let granted: Vec<Role> = groups
        .iter()
        .filter_map(|group| mapping.get(group))
        .filter_map(|r| Role::parse(r))
        .collect();
    let held = roles_of(db, account).await?;
    let mut roles: Vec<Role> = held
        .iter()
        .copied()
        .filter(|role| !managed.contains(role))
        .chain(granted)
        .chain([Role::Employee])
        .collect();
    roles.sort();
    roles.dedup();
    if roles != held {
        set_roles(db, account, &roles).await?;
    }
    Ok(())
}
