//! The platform's own pages that the law asks for, and the reports of barriers:
//!
//! - `site_page`: the Impressum and the Datenschutzerklärung as Markdown in German and English,
//!   edited by an administrator (a draft for the preview, the published text, who and when).
//!   Without a row the shipped defaults are shown.
//! - `accessibility_statement`: the values of the Erklärung zur Barrierefreiheit (BITV 2.0 § 7)
//!   that an administrator sets: conformity, what is not accessible, dates, contact, answer
//!   period and the enforcement body. One row (id 1) at most.
//! - `barrier_report`: a report of a barrier ("Barriere melden"), by a logged-in person or by
//!   anyone with an optional address, and the administrator's answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SitePage {
    Table,
    /// `impressum` or `datenschutz`.
    Key,
    BodyDe,
    BodyEn,
    DraftDe,
    DraftEn,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum AccessibilityStatement {
    Table,
    Id,
    /// `full`, `partial` or `none`.
    Conformity,
    NonAccessibleDe,
    NonAccessibleEn,
    /// `YYYY-MM-DD`.
    PreparedOn,
    ReviewedOn,
    ContactEmail,
    ContactPhone,
    AnswerDays,
    EnforcementName,
    EnforcementAddress,
    EnforcementUrl,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum BarrierReport {
    Table,
    Id,
    /// The reporter when logged in.
    UserId,
    /// The address a reporter who was not logged in gave for the answer.
    ContactEmail,
    Locale,
    Page,
    Problem,
    /// `open` or `answered`.
    Status,
    CreatedAt,
    DueAt,
    AnsweredAt,
    AnsweredBy,
    Answer,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SitePage::Table)
                    .if_not_exists()
                    .col(string_len(SitePage::Key, 40).primary_key())
                    .col(text(SitePage::BodyDe))
                    .col(text(SitePage::BodyEn))
                    .col(text_null(SitePage::DraftDe))
                    .col(text_null(SitePage::DraftEn))
                    .col(timestamp_with_time_zone(SitePage::UpdatedAt))
                    .col(uuid_null(SitePage::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_site_page_updated_by")
                            .from(SitePage::Table, SitePage::UpdatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccessibilityStatement::Table)
                    .if_not_exists()
                    .col(integer(AccessibilityStatement::Id).primary_key())
                    .col(string_len(AccessibilityStatement::Conformity, 20))
                    .col(text(AccessibilityStatement::NonAccessibleDe))
                    .col(text(AccessibilityStatement::NonAccessibleEn))
                    .col(string_len(AccessibilityStatement::PreparedOn, 10))
                    .col(string_len(AccessibilityStatement::ReviewedOn, 10))
                    .col(string_len(AccessibilityStatement::ContactEmail, 254))
                    .col(string_len(AccessibilityStatement::ContactPhone, 60))
                    .col(integer(AccessibilityStatement::AnswerDays))
                    .col(string_len(AccessibilityStatement::EnforcementName, 300))
                    .col(text(AccessibilityStatement::EnforcementAddress))
                    .col(string_len(AccessibilityStatement::EnforcementUrl, 500))
                    .col(timestamp_with_time_zone(AccessibilityStatement::UpdatedAt))
                    .col(uuid_null(AccessibilityStatement::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_accessibility_statement_updated_by")
                            .from(
                                AccessibilityStatement::Table,
                                AccessibilityStatement::UpdatedBy,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BarrierReport::Table)
                    .if_not_exists()
                    .col(uuid(BarrierReport::Id).primary_key())
                    .col(uuid_null(BarrierReport::UserId))
                    .col(string_len_null(BarrierReport::ContactEmail, 254))
                    .col(string_len(BarrierReport::Locale, 5))
                    .col(string_len(BarrierReport::Page, 500))
                    .col(text(BarrierReport::Problem))
                    .col(string_len(BarrierReport::Status, 20))
                    .col(timestamp_with_time_zone(BarrierReport::CreatedAt))
                    .col(timestamp_with_time_zone(BarrierReport::DueAt))
                    .col(timestamp_with_time_zone_null(BarrierReport::AnsweredAt))
                    .col(uuid_null(BarrierReport::AnsweredBy))
                    .col(text_null(BarrierReport::Answer))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_barrier_report_user")
                            .from(BarrierReport::Table, BarrierReport::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_barrier_report_answered_by")
                            .from(BarrierReport::Table, BarrierReport::AnsweredBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_barrier_report_status")
                    .table(BarrierReport::Table)
                    .col(BarrierReport::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_barrier_report_user")
                    .table(BarrierReport::Table)
                    .col(BarrierReport::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BarrierReport::Table).to_owned())
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(AccessibilityStatement::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SitePage::Table).to_owned())
            .await
    }
}
