use sea_orm::entity::prelude::*;

/// How often an option (its index in the content) of a choice question was chosen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_option_pick")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_version: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub option_index: i32,
    /// Which of the `item_stats::server::SHARDS` partial sums this row holds.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i32,
    pub picks: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
