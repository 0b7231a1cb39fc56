use sea_orm::entity::prelude::*;

/// Running sums of one question of a module version over the graded attempts that drew it
/// (x: the question's score 0…1, y: the rest of the attempt's score). See `item_stats`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "item_statistic")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_version: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: String,
    /// Which of the `item_stats::server::SHARDS` partial sums this row holds.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i32,
    pub attempts: i64,
    pub sum_x: f64,
    pub sum_x2: f64,
    pub sum_y: f64,
    pub sum_y2: f64,
    pub sum_xy: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
