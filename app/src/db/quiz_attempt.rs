use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_attempt")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub module_id: String,
    pub module_version: String,
    /// `quiz` or `placement`.
    pub kind: String,
    /// `open` or `submitted`.
    pub status: String,
    pub started_at: DateTimeUtc,
    pub deadline_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub score_percent: Option<i32>,
    pub passed: Option<bool>,
    /// JSON: the drawn questions with their display order.
    #[sea_orm(column_type = "Text")]
    pub layout: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const KIND_QUIZ: &str = "quiz";
pub const KIND_PLACEMENT: &str = "placement";
pub const STATUS_OPEN: &str = "open";
pub const STATUS_SUBMITTED: &str = "submitted";
