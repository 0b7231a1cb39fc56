use sea_orm::entity::prelude::*;

/// A sign-in under way at the OpenID provider; used once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_request")]
pub struct Model {
    /// SHA-256 of the `state` sent to the provider.
    #[sea_orm(primary_key, auto_increment = false)]
    pub state_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where the browser goes after signing in (a local path).
    pub next: String,
    pub kiosk: bool,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
