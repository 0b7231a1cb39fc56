use sea_orm::entity::prelude::*;

/// An idea of the ideas scheme. An anonymous idea has no `author_id`; `author_tag` is a keyed
/// digest of (idea, author) that only the server can recompute (`ideas::server::author_tag`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub department_id: Option<Uuid>,
    pub process: String,
    pub anonymous: bool,
    pub author_id: Option<Uuid>,
    pub author_tag: Option<String>,
    pub status: String,
    /// `YYYY-MM-DD` in Berlin: the day only, for every idea.
    pub submitted_on: String,
    pub status_changed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
