use sea_orm::entity::prelude::*;

/// A reported barrier ("Barriere melden") and the administrator's answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "barrier_report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub contact_email: Option<String>,
    pub locale: String,
    pub page: String,
    #[sea_orm(column_type = "Text")]
    pub problem: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const STATUS_OPEN: &str = "open";
pub const STATUS_ANSWERED: &str = "answered";
