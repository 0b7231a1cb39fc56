use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "help_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub requester_id: Uuid,
    pub department_id: Option<Uuid>,
    pub scout_id: Option<Uuid>,
    pub topic: String,
    pub description: String,
    pub channel: String,
    pub preferred_times: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub assigned_at: DateTimeUtc,
    pub first_answer_at: Option<DateTimeUtc>,
    /// JSON array of scout ids.
    pub passed_over: String,
    pub meeting_at: Option<DateTimeUtc>,
    pub meeting_minutes: Option<i32>,
    pub meeting_place: Option<String>,
    pub meeting_sequence: i32,
    pub closed_at: Option<DateTimeUtc>,
    pub rating: Option<i32>,
    pub feedback_comment: Option<String>,
    pub feedback_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
