use sea_orm::entity::prelude::*;

/// The report of a question bank or module folder uploaded in the browser.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "content_upload")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub module_id: String,
    pub version_id: Uuid,
    pub format: String,
    pub file_name: String,
    /// `authoring::UploadReport` as JSON.
    #[sea_orm(column_type = "Text")]
    pub report: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
