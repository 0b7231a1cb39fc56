use sea_orm::entity::prelude::*;

/// An image of a module. A name is never reused for other bytes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "content_media")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
    pub digest: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
