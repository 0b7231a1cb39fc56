use sea_orm::entity::prelude::*;

/// How many graded attempts of a module version the item statistics counted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_statistic_module")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_version: String,
    /// Which of the `item_stats::server::SHARDS` partial sums this row holds.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i32,
    pub attempts: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
