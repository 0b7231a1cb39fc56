use sea_orm::entity::prelude::*;

/// Which account of the city's OpenID provider or directory is which person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "external_identity")]
pub struct Model {
    /// `oidc:<issuer>` or `ldap:<server>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub provider: String,
    /// The provider's stable key of the account (`sub`, or the directory's entry).
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    pub user_id: Uuid,
    pub created_at: DateTimeUtc,
    pub last_used_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
