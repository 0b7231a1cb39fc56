use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub scout_id: Uuid,
    pub module_id: String,
    pub title: String,
    pub description: String,
    pub starts_at: DateTimeUtc,
    pub minutes: i32,
    pub place: String,
    pub department_id: Option<Uuid>,
    pub capacity: i32,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
