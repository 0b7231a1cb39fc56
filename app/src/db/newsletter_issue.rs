use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "newsletter_issue")]
pub struct Model {
    /// `2026-12`
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    pub created_at: DateTimeUtc,
    /// JSON array of the module ids in the catalogue when the issue went out.
    pub modules: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
