use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_role")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub role: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The active accounts that hold `role` (e.g. `Role::Admin.as_str()`): who gets the mail about a
/// report or a request, who may still sign in with a password.
pub async fn active_holders<C: ConnectionTrait>(
    db: &C,
    role: &str,
) -> Result<Vec<super::user::Model>, DbErr> {
    let ids: Vec<Uuid> = Entity::find()
        .filter(Column::Role.eq(role))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    super::user::Entity::find()
        .filter(super::user::Column::Id.is_in(ids))
        .filter(super::user::Column::Active.eq(true))
        .all(db)
        .await
}
