//! Single sign-on with OpenID Connect (Keycloak, ADFS, Entra ID): the authorization code flow
//! with PKCE, `state` and `nonce`, through the `openidconnect` crate, which validates the ID
//! token (signature from the provider's JWKS, `iss`, `aud`, `exp`, `nonce`). What the crate does
//! not keep is kept here:
//!
//! - the provider's metadata and keys, discovered from the issuer URL and cached per instance;
//!   a token signed with a key the cache does not know (the provider rotated its keys) makes the
//!   instance fetch them once more before it refuses;
//! - the sign-in under way (`sign_in_request`): `state` is stored as a digest with the nonce,
//!   the PKCE verifier, where to go next and whether the device is shared, and is claimed by one
//!   conditional update, so an answer replayed on any instance is refused;
//! - the person: `external::admit` matches the claims to an imported employee.

use std::sync::Arc;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, SignatureVerificationError,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use super::external::{self, ExternalPerson};
use super::*;
use crate::db::sign_in_request;

/// How the city's OpenID provider is reached and what its claims mean. Off while `issuer` is
/// empty.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcConfig {
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Scopes besides `openid`, e.g. `["profile", "email"]`.
    pub scopes: Vec<String>,
    /// The button's text on the login page, e.g. "Mit dem Konto der Stadt anmelden".
    pub button_label: String,
    /// Create an account for a person the employee import does not know yet (off: refused).
    pub create_accounts: bool,
    pub claims: external::ClaimNames,
    /// Group (as the provider names it) → role of the platform.
    pub roles: std::collections::BTreeMap<String, String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("scopes", &self.scopes)
            .field("create_accounts", &self.create_accounts)
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    pub fn enabled(&self) -> bool {
        !self.issuer.trim().is_empty()
    }

    /// What is wrong with the configuration, as `(key, message)`.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !self.enabled() {
            return Ok(());
        }
        IssuerUrl::new(self.issuer.trim().to_owned())
            .map_err(|e| ("sign_in.oidc.issuer", format!("not a URL: {e}")))?;
        if !self.issuer.starts_with("https://") && !is_loopback_url(&self.issuer) {
            return Err((
                "sign_in.oidc.issuer",
                "must be https (http only on 127.0.0.1 or localhost)".into(),
            ));
        }
        if self.client_id.trim().is_empty() {
            return Err(("sign_in.oidc.client_id", "is required".into()));
        }
        external::check_roles(&self.roles).map_err(|m| ("sign_in.oidc.roles", m))?;
        Ok(())
    }

    fn provider_key(&self) -> String {
        format!("oidc:{}", self.issuer.trim())
    }
}

pub(super) fn is_loopback_url(url: &str) -> bool {
    ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| {
            url.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
}

/// Every claim of the ID token beyond the standard ones, so that the configured claim names
/// (`personnel_number`, `groups`, …) can be read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct OtherClaims {
    #[serde(flatten)]
    claims: serde_json::Map<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type TokenAnswer = StandardTokenResponse<
    IdTokenFields<
        OtherClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenAnswer,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The provider as this instance knows it: its metadata and keys, fetched on first use and again
/// after `METADATA_MAX_AGE` or when a token names a key it does not know.
#[derive(Default)]
pub struct OidcProvider {
    discovered: RwLock<Option<Discovered>>,
}

#[derive(Clone)]
struct Discovered {
    metadata: ProviderMetadataWithLogout,
    fetched_at: std::time::Instant,
}

const METADATA_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(3600);
/// How long a sign-in at the provider may take, from the button to the answer.
const SIGN_IN_VALID_FOR_MINUTES: i64 = 10;

/// The HTTP client for the provider's endpoints: no redirects (a token endpoint that redirects
/// is refused, as the crate advises against SSRF), and a time limit.
fn http_client() -> Result<reqwest::Client, AppError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|err| {
            tracing::error!(error = %err, "the HTTP client for the OpenID provider failed");
            AppError::Internal
        })
}

fn refused(key: &str) -> AppError {
    AppError::SignInRefused(key.to_owned())
}

/// The configuration, if single sign-on is on.
pub fn oidc_config(ctx: &AppContext) -> Option<OidcConfig> {
    let config = ctx.part::<SignInConfig>();
    config.oidc.enabled().then(|| config.oidc.clone())
}

impl OidcProvider {
    async fn metadata(
        &self,
        config: &OidcConfig,
        http: &reqwest::Client,
        fresh: bool,
    ) -> Result<ProviderMetadataWithLogout, AppError> {
        if !fresh
            && let Some(found) = self.discovered.read().await.as_ref()
            && found.fetched_at.elapsed() < METADATA_MAX_AGE
        {
            return Ok(found.metadata.clone());
        }
        let issuer = IssuerUrl::new(config.issuer.trim().to_owned())
            .map_err(|_| refused("sign-in-provider-unreachable"))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, http)
            .await
            .map_err(|err| {
                tracing::warn!(error = %err, "the OpenID provider's discovery failed");
                refused("sign-in-provider-unreachable")
            })?;
        *self.discovered.write().await = Some(Discovered {
            metadata: metadata.clone(),
            fetched_at: std::time::Instant::now(),
        });
        Ok(metadata)
    }
}

fn client_for(
    ctx: &AppContext,
    config: &OidcConfig,
    metadata: ProviderMetadataWithLogout,
) -> Result<Client, AppError> {
    let redirect = RedirectUrl::new(callback_url(&ctx.settings)).map_err(|_| AppError::Internal)?;
    let secret =
        (!config.client_secret.is_empty()).then(|| ClientSecret::new(config.client_secret.clone()));
    Ok(
        Client::from_provider_metadata(metadata, ClientId::new(config.client_id.clone()), secret)
            .set_redirect_uri(redirect),
    )
}

/// The redirect URI to register at the provider.
pub fn callback_url(settings: &Settings) -> String {
    format!("{}/auth/oidc/callback", settings.base_url)
}

/// The cookie that ties a sign-in under way to the browser that started it.
pub fn sign_in_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies {
        "__Host-fs_sign_in"
    } else {
        "fs_sign_in"
    }
}

/// The cookie of a sign-in under way (`Some`), or the one that removes it (`None`).
pub fn sign_in_cookie(settings: &Settings, secret: Option<&str>) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let name = sign_in_cookie_name(settings);
    match secret {
        Some(secret) => format!(
            "{name}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SIGN_IN_VALID_FOR_MINUTES * 60
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// The stored key of a sign-in: the state together with the browser's secret, so that an answer
/// carried into another browser (someone sending their own sign-in's address to a colleague, to
/// have them work in the sender's account) finds nothing.
fn request_key(state: &str, browser: &str) -> String {
    digest(&format!("{state}\u{1f}{browser}"))
}

/// Sign-ins one address may start within `START_WINDOW_MINUTES` (each stores a row).
const STARTS_PER_ADDRESS: i32 = 60;
const START_WINDOW_MINUTES: i64 = 10;

/// A started sign-in: where to send the browser, and the secret its cookie carries.
pub struct Started {
    pub url: String,
    pub browser_secret: String,
}

/// Starts a sign-in: remembers the request and returns the provider's URL to send the browser to.
pub async fn start_oidc(
    ctx: &AppContext,
    client_ip: Option<std::net::IpAddr>,
    next: &str,
    kiosk: bool,
) -> Result<Started, AppError> {
    let config = oidc_config(ctx).ok_or(AppError::NotFound)?;
    let bucket = format!(
        "oidc-start:{}",
        client_ip.map(client_bucket).unwrap_or_default()
    );
    let window = Duration::minutes(START_WINDOW_MINUTES);
    if crate::rate_limit::reached(ctx, &bucket, STARTS_PER_ADDRESS, window).await? {
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: START_WINDOW_MINUTES as u64,
        });
    }
    crate::rate_limit::count(ctx, &bucket, window).await?;
    let http = http_client()?;
    let provider = ctx.part::<OidcProvider>();
    let metadata = provider.metadata(&config, &http, false).await?;
    let client = client_for(ctx, &config, metadata)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in &config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state, nonce) = request.url();
    let browser_secret = new_token()?;
    let now = ctx.now();
    // Requests nobody finished are forgotten a day after they expired.
    sign_in_request::Entity::delete_many()
        .filter(sign_in_request::Column::ExpiresAt.lt(now - Duration::days(1)))
        .exec(&ctx.db)
        .await?;
    sign_in_request::ActiveModel {
        state_hash: Set(request_key(state.secret(), &browser_secret)),
        nonce: Set(nonce.secret().clone()),
        pkce_verifier: Set(verifier.secret().clone()),
        next: Set(crate::auth::safe_next(Some(next))),
        kiosk: Set(kiosk),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(SIGN_IN_VALID_FOR_MINUTES)),
        used_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(Started {
        url: url.to_string(),
        browser_secret,
    })
}

/// The provider's answer at the redirect URI, as the query string carries it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OidcCallback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
}

/// A finished sign-in: the session's token and where the browser goes.
pub struct SignedIn {
    pub token: String,
    pub next: String,
    pub kiosk: bool,
}

/// Finishes a sign-in at the redirect URI. Every refusal is a `SignInRefused` with the reason
/// the page explains; the log names the reason, never the person.
#[tracing::instrument(name = "oidc sign-in", skip_all)]
pub async fn finish_oidc(
    ctx: &AppContext,
    visit: &RequestSession,
    browser_secret: Option<String>,
    answer: OidcCallback,
) -> Result<SignedIn, AppError> {
    let config = oidc_config(ctx).ok_or(AppError::NotFound)?;
    let Some(state) = answer.state.filter(|s| !s.is_empty() && s.len() <= 512) else {
        tracing::info!("refused: no state");
        return Err(refused("sign-in-state-invalid"));
    };
    let Some(browser_secret) = browser_secret.filter(|s| !s.is_empty() && s.len() <= 128) else {
        tracing::info!("refused: the browser did not start this sign-in");
        return Err(refused("sign-in-state-invalid"));
    };
    // Claimed before anything else: of two uses of one state, only the first gets past here.
    let now = ctx.now();
    let state_hash = request_key(&state, &browser_secret);
    let claimed = sign_in_request::Entity::update_many()
        .col_expr(sign_in_request::Column::UsedAt, Expr::value(now))
        .filter(sign_in_request::Column::StateHash.eq(state_hash.as_str()))
        .filter(sign_in_request::Column::UsedAt.is_null())
        .filter(sign_in_request::Column::ExpiresAt.gt(now))
        .exec(&ctx.db)
        .await?;
    let request = match sign_in_request::Entity::find_by_id(state_hash)
        .one(&ctx.db)
        .await?
    {
        Some(request) if claimed.rows_affected == 1 => request,
        _ => {
            tracing::info!("refused: unknown, used or expired state");
            return Err(refused("sign-in-state-invalid"));
        }
    };
    if let Some(error) = answer.error {
        // `access_denied` and the like: the provider said no, or the person cancelled.
        tracing::info!(error = %error.chars().take(64).collect::<String>(), "the provider answered with an error");
        return Err(refused("sign-in-provider-error"));
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty() && c.len() <= 4096) else {
        return Err(refused("sign-in-provider-error"));
    };
    // RFC 9207: where the provider names itself in the answer, it must be the configured one
    // (an answer of another provider mixed into this sign-in is refused).
    if let Some(iss) = &answer.iss
        && iss.trim_end_matches('/') != config.issuer.trim().trim_end_matches('/')
    {
        tracing::info!("refused: the answer names another issuer");
        return Err(refused("sign-in-token-invalid"));
    }
    let http = http_client()?;
    let provider = ctx.part::<OidcProvider>();
    let metadata = provider.metadata(&config, &http, false).await?;
    let client = client_for(ctx, &config, metadata)?;
    let exchange = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| refused("sign-in-provider-unreachable"))?
        .set_pkce_verifier(PkceCodeVerifier::new(request.pkce_verifier.clone()))
        .request_async(&http)
        .await;
    let answer = exchange.map_err(|err| {
        tracing::info!(error = %err, "refused: the token endpoint refused the code");
        refused("sign-in-token-invalid")
    })?;
    let id_token = answer.id_token().ok_or_else(|| {
        tracing::info!("refused: no ID token");
        refused("sign-in-token-invalid")
    })?;
    let nonce = Nonce::new(request.nonce.clone());
    let now_for_tokens = ctx.clock.clone();
    let verify = |client: &Client| {
        let clock = now_for_tokens.clone();
        let verifier = client.id_token_verifier().set_time_fn(move || clock.now());
        id_token.claims(&verifier, &nonce).cloned()
    };
    let claims = match verify(&client) {
        Ok(claims) => claims,
        // A key the cached set does not know: the provider may have rotated its keys. Fetch
        // them once more, then decide.
        Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        )) => {
            let metadata = provider.metadata(&config, &http, true).await?;
            let client = client_for(ctx, &config, metadata)?;
            verify(&client).map_err(|err| token_refused(&err))?
        }
        Err(err) => return Err(token_refused(&err)),
    };
    // All claims as one JSON object, read by the configured names.
    let all = serde_json::to_value(&claims).map_err(|_| AppError::Internal)?;
    let person = ExternalPerson::from_claims(
        config.provider_key(),
        claims.subject().as_str().to_owned(),
        &all,
        &config.claims,
    );
    let rules = external::Rules {
        create_accounts: config.create_accounts,
        roles: &config.roles,
    };
    let account = external::admit(ctx, person, &rules).await?;
    let token = open_session(ctx, visit, account, SignInMethod::Oidc, request.kiosk).await?;
    tracing::info!("oidc sign-in succeeded");
    Ok(SignedIn {
        token,
        next: request.next,
        kiosk: request.kiosk,
    })
}

fn token_refused(err: &ClaimsVerificationError) -> AppError {
    // The variant only: the message can quote claims.
    let reason = match err {
        ClaimsVerificationError::Expired(_) => "expired",
        ClaimsVerificationError::InvalidAudience(_) => "audience",
        ClaimsVerificationError::InvalidIssuer(_) => "issuer",
        ClaimsVerificationError::InvalidNonce(_) => "nonce",
        ClaimsVerificationError::SignatureVerification(_) => "signature",
        _ => "other",
    };
    tracing::info!(reason, "refused: the ID token failed validation");
    refused("sign-in-token-invalid")
}

/// Where the browser goes to sign out at the provider too, for a session opened there; `None`
/// when the provider offers no end-session endpoint (or is unreachable: the local sign-out has
/// happened either way).
pub async fn provider_logout_url(ctx: &AppContext) -> Option<String> {
    let config = oidc_config(ctx)?;
    let http = http_client().ok()?;
    let metadata = ctx
        .part::<OidcProvider>()
        .metadata(&config, &http, false)
        .await
        .ok()?;
    let endpoint = metadata
        .additional_metadata()
        .end_session_endpoint
        .clone()?;
    let back =
        PostLogoutRedirectUrl::new(format!("{}/login?logged_out=1", ctx.settings.base_url)).ok()?;
    Some(
        LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(config.client_id.clone()))
            .set_post_logout_redirect_uri(back)
            .http_get_url()
            .to_string(),
    )
}

/// The configured ways of signing in, provided by the server at start (none by default).
#[derive(Clone, Debug, Default)]
pub struct SignInConfig {
    pub oidc: OidcConfig,
    pub ldap: super::ldap::LdapConfig,
}

impl SignInConfig {
    pub fn shared(self) -> Arc<Self> {
        Arc::new(self)
    }
}
