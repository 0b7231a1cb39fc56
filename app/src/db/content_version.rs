use sea_orm::entity::prelude::*;

/// One version of a module's files in four-eyes publishing (see `authoring`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "content_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub module_id: String,
    pub number: i32,
    pub version: String,
    pub status: String,
    pub origin: String,
    pub shipped_version: Option<String>,
    pub based_on: Option<Uuid>,
    /// `ModuleFiles` as JSON.
    #[sea_orm(column_type = "Text")]
    pub files: String,
    pub digest: String,
    pub author_id: Option<Uuid>,
    pub reviewer_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
}

pub const DRAFT: &str = "draft";
pub const REVIEW: &str = "review";
pub const PUBLISHED: &str = "published";
pub const RETIRED: &str = "retired";
pub const DISCARDED: &str = "discarded";

pub const SHIPPED: &str = "shipped";
pub const CITY: &str = "city";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
