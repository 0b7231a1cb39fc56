use sea_orm::entity::prelude::*;

/// One text of a knowledge article, from draft through review to published (see `knowledge`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "knowledge_revision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub article_id: Uuid,
    pub number: i32,
    pub status: String,
    pub title: String,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Competence ids, separated by spaces.
    #[sea_orm(column_type = "Text")]
    pub competences: String,
    /// Department ids, separated by spaces.
    #[sea_orm(column_type = "Text")]
    pub departments: String,
    pub author_id: Option<Uuid>,
    pub reviewer_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
}

pub const DRAFT: &str = "draft";
pub const REVIEW: &str = "review";
pub const RETURNED: &str = "returned";
pub const PUBLISHED: &str = "published";
pub const REPLACED: &str = "replaced";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
