use sea_orm::entity::prelude::*;

/// A page the law asks for (Impressum, Datenschutzerklärung) as an administrator wrote it:
/// Markdown in German and English, and an unpublished draft for the preview.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_page")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    #[sea_orm(column_type = "Text")]
    pub body_de: String,
    #[sea_orm(column_type = "Text")]
    pub body_en: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub draft_de: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub draft_en: Option<String>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
