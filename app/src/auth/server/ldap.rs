//! Sign-in with the directory's password (Active Directory, OpenLDAP) for cities without an
//! identity provider: a service account finds the person's entry, the person's own bind checks
//! the password, their groups become roles. Only over TLS (LDAPS or StartTLS); the password is
//! never stored, and of the directory only the mapping entry → person is kept.

use std::sync::Arc;

use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, ldap_escape};
use serde::{Deserialize, Serialize};

use super::external::{self, ExternalPerson};
use super::*;

/// The directory. Off while `url` is empty.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LdapConfig {
    /// `ldaps://dc1.stadt.local:636`, or `ldap://…:389` with `starttls = true`.
    pub url: String,
    pub starttls: bool,
    /// The CA certificate(s) (PEM) that signed the directory's certificate; empty: the system's.
    pub ca_file: String,
    /// The service account that may search people and groups.
    pub bind_dn: String,
    pub bind_password: String,
    /// Where people are searched, e.g. `ou=Mitarbeitende,dc=stadt,dc=local`.
    pub base_dn: String,
    /// `{login}` is replaced by what was typed (escaped), e.g. `(sAMAccountName={login})`.
    pub user_filter: String,
    /// Where groups are searched (empty: `base_dn`).
    pub group_base_dn: String,
    /// `{dn}` is the person's entry, e.g. `(&(objectClass=group)(member={dn}))`.
    pub group_filter: String,
    /// The group attribute that the role mapping names (`cn` by default).
    pub group_name_attribute: String,
    /// The attribute that identifies an entry for good (`entryUUID`, `objectGUID`); empty: the DN.
    pub id_attribute: String,
    pub create_accounts: bool,
    /// Which attribute carries what (`employeeNumber`, `mail`, `displayName`, `department`).
    pub attributes: external::ClaimNames,
    /// Group name → role of the platform.
    pub roles: std::collections::BTreeMap<String, String>,
    /// The login page's label for the directory's user name, e.g. "Windows-Anmeldename".
    pub login_label: String,
}

impl Default for LdapConfig {
    fn default() -> Self {
        LdapConfig {
            url: String::new(),
            starttls: true,
            ca_file: String::new(),
            bind_dn: String::new(),
            bind_password: String::new(),
            base_dn: String::new(),
            user_filter: "(uid={login})".into(),
            group_base_dn: String::new(),
            group_filter: "(&(objectClass=groupOfNames)(member={dn}))".into(),
            group_name_attribute: "cn".into(),
            id_attribute: "entryUUID".into(),
            create_accounts: false,
            attributes: external::ClaimNames {
                personnel_number: "employeeNumber".into(),
                email: "mail".into(),
                name: "displayName".into(),
                unit: "departmentNumber".into(),
                groups: String::new(),
            },
            roles: Default::default(),
            login_label: String::new(),
        }
    }
}

impl std::fmt::Debug for LdapConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LdapConfig")
            .field("url", &self.url)
            .field("starttls", &self.starttls)
            .field("bind_dn", &self.bind_dn)
            .field("bind_password", &"[redacted]")
            .field("base_dn", &self.base_dn)
            .finish_non_exhaustive()
    }
}

/// Longest login and password accepted (AD's names are at most 20 characters, passwords 256).
const MAX_LOGIN: usize = 256;
const MAX_PASSWORD: usize = 256;
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl LdapConfig {
    pub fn enabled(&self) -> bool {
        !self.url.trim().is_empty()
    }

    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !self.enabled() {
            return Ok(());
        }
        let url = self.url.trim();
        if url.starts_with("ldap://") {
            if !self.starttls {
                return Err((
                    "sign_in.ldap.starttls",
                    "an ldap:// directory needs starttls = true: passwords never travel in the clear"
                        .into(),
                ));
            }
        } else if !url.starts_with("ldaps://") {
            return Err((
                "sign_in.ldap.url",
                "must start with ldaps:// or ldap://".into(),
            ));
        }
        if self.base_dn.trim().is_empty() {
            return Err(("sign_in.ldap.base_dn", "is required".into()));
        }
        if !self.user_filter.contains("{login}") {
            return Err(("sign_in.ldap.user_filter", "must contain {login}".into()));
        }
        if !self.group_filter.is_empty() && !self.group_filter.contains("{dn}") {
            return Err(("sign_in.ldap.group_filter", "must contain {dn}".into()));
        }
        if !self.ca_file.is_empty() {
            tls_config(&self.ca_file).map_err(|m| ("sign_in.ldap.ca_file", m))?;
        }
        external::check_roles(&self.roles).map_err(|m| ("sign_in.ldap.roles", m))?;
        Ok(())
    }

    fn provider_key(&self) -> String {
        format!("ldap:{}", self.url.trim())
    }
}

/// A TLS configuration that trusts exactly the CA certificates in `path`.
fn tls_config(path: &str) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| format!("{path}: {e}"))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("{path}: {e}"))?;
        roots.add(cert).map_err(|e| format!("{path}: {e}"))?;
    }
    if roots.is_empty() {
        return Err(format!("{path}: no certificate found"));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

pub fn ldap_config(ctx: &AppContext) -> Option<LdapConfig> {
    let config = ctx.part::<oidc::SignInConfig>();
    config.ldap.enabled().then(|| config.ldap.clone())
}

/// Why a directory sign-in did not get through.
enum Outcome {
    /// Unknown login or wrong password: counted like a failed password login.
    WrongCredentials,
    Person(ExternalPerson),
}

/// Signs in with the directory's user name and password; returns the session's token.
#[tracing::instrument(name = "ldap sign-in", skip_all)]
pub async fn ldap_login(
    ctx: &AppContext,
    visit: &RequestSession,
    login: String,
    password: String,
    kiosk: bool,
) -> Result<String, AppError> {
    let config = ldap_config(ctx).ok_or(AppError::NotFound)?;
    let login = login.trim().to_owned();
    require_fields(&[("login", &login), ("password", &password)])?;
    if login.len() > MAX_LOGIN || password.len() > MAX_PASSWORD {
        return Err(AppError::InvalidCredentials);
    }
    let limits = AttemptLimits::check(
        ctx,
        &format!("ldap\u{1f}{}", login.to_lowercase()),
        visit.client_ip,
    )
    .await?;
    let outcome = tokio::time::timeout(TIMEOUT * 3, ask_directory(&config, &login, &password))
        .await
        .map_err(|_| {
            tracing::warn!("the directory did not answer in time");
            AppError::SignInRefused("sign-in-directory-unreachable".into())
        })??;
    let person = match outcome {
        Outcome::Person(person) => person,
        Outcome::WrongCredentials => {
            limits.failed(ctx).await?;
            tracing::info!("ldap sign-in failed");
            return Err(AppError::InvalidCredentials);
        }
    };
    limits.succeeded(ctx).await?;
    let rules = external::Rules {
        create_accounts: config.create_accounts,
        roles: &config.roles,
    };
    let account = external::admit(ctx, person, &rules).await?;
    let token = open_session(ctx, visit, account, SignInMethod::Ldap, kiosk).await?;
    tracing::info!("ldap sign-in succeeded");
    Ok(token)
}

fn unreachable_directory(err: impl std::fmt::Display) -> AppError {
    tracing::warn!(error = %err, "the directory could not be used");
    AppError::SignInRefused("sign-in-directory-unreachable".into())
}

async fn ask_directory(
    config: &LdapConfig,
    login: &str,
    password: &str,
) -> Result<Outcome, AppError> {
    let mut settings = LdapConnSettings::new()
        .set_conn_timeout(TIMEOUT)
        .set_starttls(config.url.trim().starts_with("ldap://"));
    if !config.ca_file.is_empty() {
        settings = settings.set_config(tls_config(&config.ca_file).map_err(unreachable_directory)?);
    }
    let (conn, mut ldap) = LdapConnAsync::with_settings(settings, config.url.trim())
        .await
        .map_err(unreachable_directory)?;
    ldap3::drive!(conn);
    ldap.with_timeout(TIMEOUT);
    // 1. The service account finds the entry.
    if !config.bind_dn.is_empty() {
        ldap.simple_bind(&config.bind_dn, &config.bind_password)
            .await
            .and_then(|r| r.success())
            .map_err(unreachable_directory)?;
    }
    let names = &config.attributes;
    let mut wanted: Vec<&str> = [
        names.personnel_number.as_str(),
        names.email.as_str(),
        names.name.as_str(),
        names.unit.as_str(),
        names.groups.as_str(),
        config.id_attribute.as_str(),
    ]
    .into_iter()
    .filter(|a| !a.is_empty())
    .collect();
    wanted.dedup();
    let filter = config.user_filter.replace("{login}", &ldap_escape(login));
    let (entries, _) = ldap
        .search(config.base_dn.trim(), Scope::Subtree, &filter, wanted)
        .await
        .and_then(|r| r.success())
        .map_err(unreachable_directory)?;
    // None, or more than one (an ambiguous filter): nobody signs in.
    let [entry] = entries.as_slice() else {
        let _ = ldap.unbind().await;
        return Ok(Outcome::WrongCredentials);
    };
    let entry = SearchEntry::construct(entry.clone());
    // 2. The person's own bind checks the password. An empty password would be an anonymous
    // bind that "succeeds": refused before (`password.is_empty()`).
    let bound = ldap
        .simple_bind(&entry.dn, password)
        .await
        .map_err(unreachable_directory)?;
    if bound.rc != 0 {
        let _ = ldap.unbind().await;
        return Ok(Outcome::WrongCredentials);
    }
    // 3. Groups, read as the service account again.
    let mut groups = Vec::new();
    if !config.group_filter.is_empty() {
        if !config.bind_dn.is_empty() {
            ldap.simple_bind(&config.bind_dn, &config.bind_password)
                .await
                .and_then(|r| r.success())
                .map_err(unreachable_directory)?;
        }
        let base = if config.group_base_dn.trim().is_empty() {
            config.base_dn.trim()
        } else {
            config.group_base_dn.trim()
        };
        let filter = config.group_filter.replace("{dn}", &ldap_escape(&entry.dn));
        let (found, _) = ldap
            .search(
                base,
                Scope::Subtree,
                &filter,
                vec![config.group_name_attribute.as_str()],
            )
            .await
            .and_then(|r| r.success())
            .map_err(unreachable_directory)?;
        for group in found {
            let group = SearchEntry::construct(group);
            if let Some(names) = group.attrs.get(&config.group_name_attribute) {
                groups.extend(names.iter().cloned());
            }
        }
    }
    let _ = ldap.unbind().await;
    let first = |name: &str| -> Option<serde_json::Value> {
        entry
            .attrs
            .get(name)
            .and_then(|values| values.first())
            .map(|v| serde_json::Value::String(v.clone()))
    };
    let mut claims = serde_json::Map::new();
    for name in [
        &names.personnel_number,
        &names.email,
        &names.name,
        &names.unit,
    ] {
        if let Some(value) = first(name) {
            claims.insert(name.clone(), value);
        }
    }
    if !names.groups.is_empty()
        && let Some(values) = entry.attrs.get(&names.groups)
    {
        groups.extend(values.iter().cloned());
    }
    let group_key = if names.groups.is_empty() {
        "groups"
    } else {
        names.groups.as_str()
    };
    claims.insert(
        group_key.to_owned(),
        serde_json::Value::Array(groups.into_iter().map(serde_json::Value::String).collect()),
    );
    let subject = if config.id_attribute.is_empty() {
        entry.dn.clone()
    } else {
        // Text (OpenLDAP's entryUUID), or binary (AD's objectGUID) as hexadecimal.
        first(&config.id_attribute)
            .and_then(|v| v.as_str().map(str::to_owned))
            .or_else(|| {
                entry
                    .bin_attrs
                    .get(&config.id_attribute)
                    .and_then(|values| values.first())
                    .map(|bytes| bytes.iter().map(|b| format!("{b:02x}")).collect())
            })
            .unwrap_or_else(|| entry.dn.clone())
    };
    let mut names = names.clone();
    names.groups = group_key.to_owned();
    Ok(Outcome::Person(ExternalPerson::from_claims(
        config.provider_key(),
        subject,
        &serde_json::Value::Object(claims),
        &names,
    )))
}
