use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    /// Receives the monthly newsletter (everyone does until they leave it).
    Newsletter,
    /// The secret in the person's "leave the newsletter" link; works without login.
    NewsletterToken,
}

/// One row per month that a newsletter went out: the row is written first, so only one
/// instance sends it. `modules` lists the catalogue then, so the next issue knows what is new.
#[derive(DeriveIden)]
enum NewsletterIssue {
    Table,
    Month,
    CreatedAt,
    Modules,
}

/// A mail's "List-Unsubscribe" address (RFC 2369, one-click by RFC 8058).
#[derive(DeriveIden)]
enum Outbox {
    Table,
    ListUnsubscribe,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(Users::Newsletter)
                .boolean()
                .not_null()
                .default(true)
                .to_owned(),
            ColumnDef::new(Users::NewsletterToken)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_users_newsletter_token")
                    .table(Users::Table)
                    .col(Users::NewsletterToken)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::ListUnsubscribe).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NewsletterIssue::Table)
                    .if_not_exists()
                    .col(string_len(NewsletterIssue::Month, 7).primary_key())
                    .col(timestamp_with_time_zone(NewsletterIssue::CreatedAt))
                    .col(text(NewsletterIssue::Modules))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NewsletterIssue::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::ListUnsubscribe)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_newsletter_token")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Users::NewsletterToken, Users::Newsletter] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
