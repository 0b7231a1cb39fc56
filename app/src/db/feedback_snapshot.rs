use sea_orm::entity::prelude::*;

/// An offer's figures and comments as shown, taken in steps of at least k ratings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_snapshot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: String,
    pub ratings: i64,
    pub rated1: i64,
    pub rated2: i64,
    pub rated3: i64,
    pub rated4: i64,
    pub rated5: i64,
    /// JSON array of the comments, in a fixed order (sorted), without dates.
    #[sea_orm(column_type = "Text")]
    pub comments: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
