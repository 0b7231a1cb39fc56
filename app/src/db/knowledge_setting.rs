use sea_orm::entity::prelude::*;

/// The knowledge base's setting (one row, id 1): after how many months an article asks to be
/// checked again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "knowledge_setting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub recheck_months: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

pub const ROW: i32 = 1;

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
