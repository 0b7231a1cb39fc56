use sea_orm::entity::prelude::*;

/// An article of the knowledge base (see `knowledge`): its address, the revision readers see,
/// and its last check.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "knowledge_article")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub author_id: Option<Uuid>,
    pub published_revision_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub checked_at: Option<DateTimeUtc>,
    pub checked_by: Option<Uuid>,
    pub reminded_due_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
