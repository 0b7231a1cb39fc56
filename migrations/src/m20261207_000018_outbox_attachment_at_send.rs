use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    /// Names an attachment the outbox worker makes when it sends the mail (the certificate PDF,
    /// e.g. `certificate-pdf:<id>:<locale>`), instead of the transaction that queues it; the
    /// worker stores the made file in `attachment`. Null for mail that carries its file as
    /// queued, or none.
    AttachmentSource,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(string_len_null(Outbox::AttachmentSource, 200))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::AttachmentSource)
                    .to_owned(),
            )
            .await
    }
}
