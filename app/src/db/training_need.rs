use sea_orm::entity::prelude::*;

/// A training need a person reported ("Bildungsbedarf melden").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_need")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub topic: String,
    pub competence: String,
    /// `low`, `medium` or `high`.
    pub urgency: String,
    /// For a team lead reporting for the team: the people concerned; `None` for oneself.
    pub team_size: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
