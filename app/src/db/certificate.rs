use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub public_id: String,
    #[sea_orm(unique)]
    pub number: String,
    pub user_id: Uuid,
    pub level: String,
    pub holder_name: String,
    pub issued_at: DateTimeUtc,
    pub valid_until: DateTimeUtc,
    pub status: String,
    pub superseded_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub revocation_reason: Option<String>,
    /// JSON, see `certificate::server::Basis`.
    #[sea_orm(column_type = "Text")]
    pub basis: String,
    #[sea_orm(unique)]
    pub status_index: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const STATUS_ACTIVE: &str = "active";
pub const STATUS_SUPERSEDED: &str = "superseded";
pub const STATUS_REVOKED: &str = "revoked";
