use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "issuer_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub algorithm: String,
    /// The 32-byte Ed25519 seed, base64url. Never leaves the server, never logged.
    #[sea_orm(column_type = "Text")]
    pub private_key: String,
    /// The 32-byte public key, base64url (the JWK's `x`).
    #[sea_orm(column_type = "Text")]
    pub public_key: String,
    pub created_at: DateTimeUtc,
}

// Written by hand so that the private key never ends up in a log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("issuer_key::Model")
            .field("id", &self.id)
            .field("algorithm", &self.algorithm)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
