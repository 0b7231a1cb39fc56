use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scout_topic")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scout_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub competence: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
