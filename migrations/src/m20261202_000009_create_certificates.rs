use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An issued certificate. What it certifies (holder name, modules, competences) is stored as
/// issued, so that the PDF, the credential and the verification page keep showing exactly that,
/// whatever later happens to the account or the curriculum.
#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
    /// Random, unguessable; in the verification URL and the credential id.
    PublicId,
    /// Readable, e.g. `DF-2026-000042`; printed on the PDF, looked up on the verification page.
    Number,
    UserId,
    Level,
    HolderName,
    IssuedAt,
    ValidUntil,
    /// `active`, `superseded` (renewed) or `revoked`. Expiry is not stored: it follows from
    /// `valid_until`.
    Status,
    SupersededAt,
    RevokedAt,
    RevokedBy,
    RevocationReason,
    /// JSON: the modules and competences the certificate rests on.
    Basis,
    /// Its bit in the published revocation status list (W3C Bitstring Status List).
    StatusIndex,
}

/// Per-year counters for certificate numbers, incremented inside the issuing transaction.
#[derive(DeriveIden)]
enum CertificateCounter {
    Table,
    Name,
    Value,
}

/// The Ed25519 key that signs the credentials. Created once, by the first instance that starts.
#[derive(DeriveIden)]
enum IssuerKey {
    Table,
    Id,
    Algorithm,
    PrivateKey,
    PublicKey,
    CreatedAt,
}

/// Fixed-window counters for throttling public look-ups (per client address).
#[derive(DeriveIden)]
enum RateLimit {
    Table,
    Bucket,
    WindowStart,
    Count,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    AttachmentName,
    AttachmentType,
    Attachment,
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
                    .table(Certificate::Table)
                    .if_not_exists()
                    .col(pk_uuid(Certificate::Id))
                    .col(string_len(Certificate::PublicId, 64).unique_key())
                    .col(string_len(Certificate::Number, 32).unique_key())
                    .col(uuid(Certificate::UserId))
                    .col(string_len(Certificate::Level, 64))
                    .col(string_len(Certificate::HolderName, 200))
                    .col(timestamp_with_time_zone(Certificate::IssuedAt))
                    .col(timestamp_with_time_zone(Certificate::ValidUntil))
                    .col(string_len(Certificate::Status, 16))
                    .col(timestamp_with_time_zone_null(Certificate::SupersededAt))
                    .col(timestamp_with_time_zone_null(Certificate::RevokedAt))
                    .col(uuid_null(Certificate::RevokedBy))
                    .col(text_null(Certificate::RevocationReason))
                    .col(text(Certificate::Basis))
                    .col(big_integer(Certificate::StatusIndex).unique_key())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificate_user")
                            .from(Certificate::Table, Certificate::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_certificate_user")
                    .table(Certificate::Table)
                    .col(Certificate::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_certificate_valid_until")
                    .table(Certificate::Table)
                    .col(Certificate::Status)
                    .col(Certificate::ValidUntil)
                    .to_owned(),
            )
            .await?;
        // At most one current certificate per person and level, whatever races: the issuing
        // code relies on this as its last line of defence.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS idx_certificate_one_active \
                 ON certificate (user_id, level) WHERE status = 'active'",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateCounter::Table)
                    .if_not_exists()
                    .col(string_len(CertificateCounter::Name, 64).primary_key())
                    .col(big_integer(CertificateCounter::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IssuerKey::Table)
                    .if_not_exists()
                    .col(string_len(IssuerKey::Id, 64).primary_key())
                    .col(string_len(IssuerKey::Algorithm, 16))
                    .col(text(IssuerKey::PrivateKey))
                    .col(text(IssuerKey::PublicKey))
                    .col(timestamp_with_time_zone(IssuerKey::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimit::Table)
                    .if_not_exists()
                    .col(string_len(RateLimit::Bucket, 160).primary_key())
                    .col(timestamp_with_time_zone(RateLimit::WindowStart))
                    .col(integer(RateLimit::Count))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Outbox::AttachmentName)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(Outbox::AttachmentType)
                .string_len(100)
                .null()
                .to_owned(),
            ColumnDef::new(Outbox::Attachment).blob().null().to_owned(),
        ] {
            // SQLite adds one column per ALTER TABLE.
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Outbox::AttachmentName.into_iden(),
            Outbox::AttachmentType.into_iden(),
            Outbox::Attachment.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            RateLimit::Table.into_iden(),
            IssuerKey::Table.into_iden(),
            CertificateCounter::Table.into_iden(),
            Certificate::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
