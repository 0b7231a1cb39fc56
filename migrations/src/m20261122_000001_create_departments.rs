use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Department {
    Table,
    Id,
    ParentId,
    Name,
    Kind,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Department::Table)
                    .if_not_exists()
                    .col(pk_uuid(Department::Id))
                    .col(uuid_null(Department::ParentId))
                    .col(string_len(Department::Name, 200))
                    .col(string_len(Department::Kind, 32))
                    .col(timestamp_with_time_zone(Department::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_department_parent")
                            .from(Department::Table, Department::ParentId)
                            .to(Department::Table, Department::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_department_parent")
                    .table(Department::Table)
                    .col(Department::ParentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Department::Table).to_owned())
            .await
    }
}
