use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "office_hour")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub scout_id: Uuid,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i32,
    /// Minutes after midnight, Berlin time.
    pub start_minute: i32,
    pub minutes: i32,
    pub capacity: i32,
    pub place: String,
    pub created_at: DateTimeUtc,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
