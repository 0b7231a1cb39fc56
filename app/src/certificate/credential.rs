//! Every certificate as an Open Badges 3.0 `OpenBadgeCredential` (W3C Verifiable Credentials
//! data model 2.0), signed as a VC-JWT (compact JWS, EdDSA over Ed25519): building, signing,
//! verifying, and the issuer's public documents (profile, key set, revocation list).
//!
//! The issuer key is created once, by whichever instance starts first, and kept in the database
//! so that every instance signs with the same key. The private half never leaves the server.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

use super::CertificateStatus;
use super::server::{basis_of, status_at};
use crate::content::ContentStore;
use crate::db::{certificate, issuer_key};
use crate::error::AppError;

pub const CONTEXT_VC: &str = "https://www.w3.org/ns/credentials/v2";
pub const CONTEXT_OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const KEY_ID: &str = "issuer-key-1";
/// A credential is a few kilobytes; anything much larger is not one of ours.
pub const MAX_CREDENTIAL_BYTES: usize = 64 * 1024;

/// The issuer's signing key.
#[derive(Clone)]
pub struct IssuerKey {
    pub id: String,
    signing: SigningKey,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl IssuerKey {
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// A secret for another purpose (e.g. signing form errors), derived from the issuer key so
    /// that every instance has the same one without another stored secret. Domain-separated by
    /// `purpose`; the issuer key itself never signs anything but credentials.
    pub fn derive_secret(&self, purpose: &str) -> [u8; 32] {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"fuehrerschein derived secret v1\0");
        hasher.update(purpose.as_bytes());
        hasher.update(b"\0");
        hasher.update(self.signing.to_bytes());
        hasher.finalize().into()
    }

    /// The public key as a JSON Web Key (RFC 8037).
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.verifying_key().to_bytes()),
            "kid": self.id,
            "alg": "EdDSA",
            "use": "sig",
        })
    }
}

fn decode_key(row: &issuer_key::Model) -> Result<IssuerKey, AppError> {
    let seed: [u8; 32] = URL_SAFE_NO_PAD
        .decode(row.private_key.as_bytes())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            tracing::error!("the stored issuer key is unreadable");
            AppError::Internal
        })?;
    Ok(IssuerKey {
        id: row.id.clone(),
        signing: SigningKey::from_bytes(&seed),
    })
}

/// The issuer key, created on first use. Two instances starting at once both try to insert;
/// the primary key keeps one, and both then read that one.
pub async fn issuer_key(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<IssuerKey, AppError> {
    if let Some(row) = issuer_key::Entity::find()
        .order_by_asc(issuer_key::Column::CreatedAt)
        .one(db)
        .await?
    {
        return decode_key(&row);
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|err| {
        tracing::error!(error = %err, "no randomness for the issuer key");
        AppError::Internal
    })?;
    let signing = SigningKey::from_bytes(&seed);
    issuer_key::Entity::insert(issuer_key::ActiveModel {
        id: Set(KEY_ID.to_owned()),
        algorithm: Set("Ed25519".to_owned()),
        private_key: Set(URL_SAFE_NO_PAD.encode(seed)),
        public_key: Set(URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes())),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(issuer_key::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let row = issuer_key::Entity::find_by_id(KEY_ID.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    tracing::info!("issuer key ready");
    decode_key(&row)
}

/// Stable addresses of the issuer's public documents.
pub struct Urls<'a> {
    pub base: &'a str,
}

impl Urls<'_> {
    pub fn issuer(&self) -> String {
        format!("{}/issuer", self.base)
    }
    pub fn jwks(&self) -> String {
        format!("{}/issuer/jwks.json", self.base)
    }
    pub fn status_list(&self) -> String {
        format!("{}/credentials/status", self.base)
    }
    pub fn credential(&self, public_id: &str) -> String {
        format!("{}/credentials/{public_id}", self.base)
    }
    pub fn achievement(&self, level: &str) -> String {
        format!("{}/achievements/{level}", self.base)
    }
    pub fn logo(&self) -> String {
        format!("{}/issuer/logo.png", self.base)
    }
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The issuer profile (an OB 3.0 `Profile`).
pub fn issuer_profile(content: &ContentStore, urls: &Urls) -> Value {
    let issuer = &content.certificates.issuer;
    let mut profile = json!({
        "@context": [CONTEXT_VC, CONTEXT_OB],
        "id": urls.issuer(),
        "type": ["Profile"],
        "name": issuer.name.de,
        "url": issuer.url,
    });
    if issuer.logo_png.is_some() {
        profile["image"] =
            json!({ "id": urls.logo(), "type": "Image", "caption": issuer.logo_alt.de });
    }
    profile
}

/// The achievement a level stands for (an OB 3.0 `Achievement`).
pub fn achievement(content: &ContentStore, urls: &Urls, level: &str) -> Option<Value> {
    let rules = &content.certificates;
    let level = rules.level(level)?;
    Some(json!({
        "id": urls.achievement(&level.id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": level.title.de,
        "description": level.description.de,
        "criteria": { "narrative": level.description.de },
        "creator": { "id": urls.issuer(), "type": ["Profile"], "name": rules.issuer.name.de },
        "inLanguage": "de",
    }))
}

/// The credential of a certificate, unsigned.
pub fn credential_json(
    content: &ContentStore,
    urls: &Urls,
    model: &certificate::Model,
) -> Result<Value, AppError> {
    let mut achievement = achievement(content, urls, &model.level).ok_or_else(|| {
        tracing::error!(level = %model.level, "a certificate's level is no longer in the curriculum");
        AppError::Internal
    })?;
    let basis = basis_of(model);
    let alignment: Vec<Value> = basis
        .competences
        .iter()
        .flat_map(|c| {
            let (framework, code) = c.id.split_once('/').unwrap_or(("", c.id.as_str()));
            let proven = json!({
                "type": ["Alignment"],
                "targetName": c.title_de,
                "targetDescription": format!("Kompetenzstufe {}", c.level),
                "targetUrl": format!("{}/learn?competence={}", urls.base, c.id),
                "targetFramework": framework,
                "targetCode": code,
                "targetType": "CFItem",
            });
            // The same competence in the newer edition (framework-mappings.toml), so that a
            // reader who works with DigComp 3.0 finds it there; the proven one stays first.
            let equivalents = content.equivalents(&c.id, c.level).into_iter().map(|e| {
                let code = e.competence.id.split_once('/').map_or("", |(_, code)| code);
                json!({
                    "type": ["Alignment"],
                    "targetName": e.competence.title.de,
                    "targetDescription": format!(
                        "Kompetenzstufe {} von {} (entspricht {} Kompetenzstufe {})",
                        e.level, e.framework.levels, c.id, c.level
                    ),
                    "targetUrl": format!("{}/learn?competence={}", urls.base, e.competence.id),
                    "targetFramework": e.framework.id,
                    "targetCode": code,
                    "targetType": "CFItem",
                })
            });
            std::iter::once(proven)
                .chain(equivalents)
                .collect::<Vec<_>>()
        })
        .collect();
    if !alignment.is_empty() {
        achievement["alignment"] = Value::Array(alignment);
    }
    Ok(json!({
        "@context": [CONTEXT_VC, CONTEXT_OB],
        "id": urls.credential(&model.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"].clone(),
        "issuer": {
            "id": urls.issuer(),
            "type": ["Profile"],
            "name": content.certificates.issuer.name.de,
            "url": content.certificates.issuer.url,
        },
        "validFrom": timestamp(model.issued_at),
        "validUntil": timestamp(model.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": model.holder_name,
                "identityType": "name",
                "hashed": false,
            }],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": format!("{}#{}", urls.status_list(), model.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": model.status_index.to_string(),
            "statusListCredential": urls.status_list(),
        },
    }))
}

/// Signs `credential` as a VC-JWT: the credential's members are the JWT claims, with `iss`,
/// `jti`, `nbf` and `exp` mirroring issuer, id, validFrom and validUntil.
pub fn sign(
    key: &IssuerKey,
    credential: &Value,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
) -> Result<String, AppError> {
    let header = json!({
        "alg": "EdDSA",
        "typ": "JWT",
        "kid": key.id,
        "jwk": key.public_jwk(),
    });
    let mut claims = credential.clone();
    claims["iss"] = credential["issuer"]["id"].clone();
    claims["jti"] = credential["id"].clone();
    claims["nbf"] = json!(valid_from.timestamp());
    claims["exp"] = json!(valid_until.timestamp());
    let encode = |value: &Value| -> Result<String, AppError> {
        serde_json::to_vec(value)
            .map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
            .map_err(|_| AppError::Internal)
    };
    let signing_input = format!("{}.{}", encode(&header)?, encode(&claims)?);
    let signature: Signature = key.signing.sign(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// What checking a presented credential found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid {
        public_id: String,
    },
    Expired {
        public_id: String,
    },
    NotYetValid {
        public_id: String,
    },
    Revoked {
        public_id: String,
    },
    Superseded {
        public_id: String,
    },
    /// Signed by us, but no such certificate (e.g. another database).
    Unknown,
    /// Not signed with our key, or changed after signing.
    BadSignature,
    /// Signed by someone else, or claiming another issuer.
    OtherIssuer,
    /// Not a JWT we can read.
    Malformed,
}

impl Verdict {
    /// The catalogue key of the sentence that explains the verdict.
    pub fn message_key(&self) -> &'static str {
        match self {
            Verdict::Valid { .. } => "verify-credential-valid",
            Verdict::Expired { .. } => "verify-credential-expired",
            Verdict::NotYetValid { .. } => "verify-credential-not-yet-valid",
            Verdict::Revoked { .. } => "verify-credential-revoked",
            Verdict::Superseded { .. } => "verify-credential-superseded",
            Verdict::Unknown => "verify-credential-unknown",
            Verdict::BadSignature => "verify-credential-signature",
            Verdict::OtherIssuer => "verify-credential-issuer",
            Verdict::Malformed => "verify-credential-format",
        }
    }

    /// The short form that travels in the verification page's URL.
    pub fn key(&self) -> &'static str {
        self.message_key().trim_start_matches("verify-credential-")
    }

    pub fn public_id(&self) -> Option<&str> {
        match self {
            Verdict::Valid { public_id }
            | Verdict::Expired { public_id }
            | Verdict::NotYetValid { public_id }
            | Verdict::Revoked { public_id }
            | Verdict::Superseded { public_id } => Some(public_id),
            _ => None,
        }
    }
}

/// Checks signature, issuer, validity dates and revocation of a presented VC-JWT.
pub async fn verify(
    db: &impl ConnectionTrait,
    key: &IssuerKey,
    urls: &Urls<'_>,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Verdict, AppError> {
    let token = token.trim();
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Ok(Verdict::Malformed);
    };
    let decode = |part: &str| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(part.as_bytes()).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let (Some(header_json), Some(claims_json)) = (decode(header), decode(claims)) else {
        return Ok(Verdict::Malformed);
    };
    if header_json["alg"] != "EdDSA" {
        return Ok(Verdict::OtherIssuer);
    }
    let Some(signature) = URL_SAFE_NO_PAD
        .decode(signature.as_bytes())
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
    else {
        return Ok(Verdict::BadSignature);
    };
    let signing_input = format!("{header}.{claims}");
    if key
        .verifying_key()
        .verify_strict(signing_input.as_bytes(), &signature)
        .is_err()
    {
        return Ok(Verdict::BadSignature);
    }
    if claims_json["iss"] != urls.issuer() || claims_json["issuer"]["id"] != urls.issuer() {
        return Ok(Verdict::OtherIssuer);
    }
    let Some(public_id) = claims_json["jti"]
        .as_str()
        .and_then(|id| id.strip_prefix(&format!("{}/credentials/", urls.base)))
        .map(str::to_owned)
    else {
        return Ok(Verdict::Malformed);
    };
    let seconds = |name: &str| {
        claims_json[name]
            .as_i64()
            .and_then(|s| Utc.timestamp_opt(s, 0).single())
    };
    let (Some(not_before), Some(expires)) = (seconds("nbf"), seconds("exp")) else {
        return Ok(Verdict::Malformed);
    };
    let Some(model) = certificate::Entity::find()
        .filter(certificate::Column::PublicId.eq(public_id.as_str()))
        .one(db)
        .await?
    else {
        return Ok(Verdict::Unknown);
    };
    Ok(match status_at(&model, now) {
        CertificateStatus::Revoked => Verdict::Revoked { public_id },
        CertificateStatus::Superseded => Verdict::Superseded { public_id },
        _ if not_before > now => Verdict::NotYetValid { public_id },
        _ if expires <= now => Verdict::Expired { public_id },
        CertificateStatus::Expired => Verdict::Expired { public_id },
        CertificateStatus::Valid => Verdict::Valid { public_id },
    })
}

/// The smallest published list: 131,072 entries (16 KiB before compression), as the Bitstring
/// Status List recommendation advises, so that a list says nothing about how many were issued.
const STATUS_LIST_MIN_BITS: usize = 131_072;

/// The revocation status list the credentials' `credentialStatus` points to: a
/// `BitstringStatusListCredential` whose bit `statusListIndex` is set when a certificate is
/// revoked. Only bits are published, no ids or names. Signed like the credentials, valid for a
/// day.
pub async fn status_list(
    db: &impl ConnectionTrait,
    key: &IssuerKey,
    content: &ContentStore,
    urls: &Urls<'_>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    use std::io::Write;
    let revoked = certificate::Entity::find()
        .filter(certificate::Column::Status.eq(certificate::STATUS_REVOKED))
        .all(db)
        .await?;
    let highest = certificate::Entity::find()
        .order_by_desc(certificate::Column::StatusIndex)
        .one(db)
        .await?
        .map(|c| c.status_index)
        .unwrap_or(0);
    let bits = usize::try_from(highest)
        .unwrap_or(0)
        .saturating_add(1)
        .max(STATUS_LIST_MIN_BITS)
        .div_ceil(8)
        * 8;
    let mut list = vec![0u8; bits / 8];
    for model in &revoked {
        if let Ok(index) = usize::try_from(model.status_index)
            && index < bits
        {
            // Bit 0 is the leftmost bit of the first byte.
            list[index / 8] |= 0x80 >> (index % 8);
        }
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&list).map_err(|_| AppError::Internal)?;
    let compressed = gzip.finish().map_err(|_| AppError::Internal)?;
    let valid_until = now + chrono::Duration::days(1);
    let credential = json!({
        "@context": [CONTEXT_VC],
        "id": urls.status_list(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {
            "id": urls.issuer(),
            "type": ["Profile"],
            "name": content.certificates.issuer.name.de,
        },
        "validFrom": timestamp(now),
        "validUntil": timestamp(valid_until),
        "credentialSubject": {
            "id": format!("{}#list", urls.status_list()),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            // Multibase: "u" marks base64url without padding.
            "encodedList": format!("u{}", URL_SAFE_NO_PAD.encode(compressed)),
        },
    });
    sign(key, &credential, now, valid_until)
}
