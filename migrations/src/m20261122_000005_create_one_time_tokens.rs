use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Invitation and password-reset links. Only the digest of the token is stored.
#[derive(DeriveIden)]
enum OneTimeToken {
    Table,
    Id,
    TokenHash,
    UserId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OneTimeToken::Table)
                    .if_not_exists()
                    .col(pk_uuid(OneTimeToken::Id))
                    .col(string_len_uniq(OneTimeToken::TokenHash, 64))
                    .col(uuid(OneTimeToken::UserId))
                    .col(string_len(OneTimeToken::Purpose, 32))
                    .col(timestamp_with_time_zone(OneTimeToken::CreatedAt))
                    .col(timestamp_with_time_zone(OneTimeToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeToken::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_one_time_token_user")
                            .from(OneTimeToken::Table, OneTimeToken::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OneTimeToken::Table).to_owned())
            .await
    }
}
