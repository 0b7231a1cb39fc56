//! Database schema as sea-orm migrations, applied at start-up (`Migrator::up`).
//!
//! Each migration owns its own `Iden` enum and never imports the application's entities, so that
//! an old migration keeps compiling unchanged when the entities move on.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_departments;
mod m20261122_000002_create_users;
mod m20261122_000003_create_sessions;
mod m20261122_000004_create_login_throttle;
mod m20261122_000005_create_one_time_tokens;
mod m20261122_000006_create_outbox;
mod m20261122_000007_create_audit_log;
mod m20261122_000008_create_learning;
mod m20261202_000009_create_certificates;
mod m20261202_000010_create_reports;
mod m20261202_000011_create_scouts;
mod m20261202_000012_create_board;
mod m20261202_000013_create_newsletter;
mod m20261202_000014_create_office_hours;
mod m20261205_000015_add_user_last_login;
mod m20261205_000016_newsletter_token_digests;
mod m20261206_000017_create_released_figures;
mod m20261207_000018_outbox_attachment_at_send;
mod m20261208_000019_create_person_summary;
mod m20261209_000020_sign_in;
mod m20261210_000021_personal_data;
mod m20261211_000022_site_pages;
mod m20261211_000023_search;
mod m20261212_000024_item_statistics;
mod m20261213_000025_content_versions;
mod m20261214_000026_ideas;
mod m20261214_000027_feedback_needs;
mod m20261214_000028_knowledge;
mod m20261215_000029_content_conflicts;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_departments::Migration),
            Box::new(m20261122_000002_create_users::Migration),
            Box::new(m20261122_000003_create_sessions::Migration),
            Box::new(m20261122_000004_create_login_throttle::Migration),
            Box::new(m20261122_000005_create_one_time_tokens::Migration),
            Box::new(m20261122_000006_create_outbox::Migration),
            Box::new(m20261122_000007_create_audit_log::Migration),
            Box::new(m20261122_000008_create_learning::Migration),
            Box::new(m20261202_000009_create_certificates::Migration),
            Box::new(m20261202_000010_create_reports::Migration),
            Box::new(m20261202_000011_create_scouts::Migration),
            Box::new(m20261202_000012_create_board::Migration),
            Box::new(m20261202_000013_create_newsletter::Migration),
            Box::new(m20261202_000014_create_office_hours::Migration),
            Box::new(m20261205_000015_add_user_last_login::Migration),
            Box::new(m20261205_000016_newsletter_token_digests::Migration),
            Box::new(m20261206_000017_create_released_figures::Migration),
            Box::new(m20261207_000018_outbox_attachment_at_send::Migration),
            Box::new(m20261208_000019_create_person_summary::Migration),
            Box::new(m20261209_000020_sign_in::Migration),
            Box::new(m20261210_000021_personal_data::Migration),
            Box::new(m20261211_000022_site_pages::Migration),
            Box::new(m20261211_000023_search::Migration),
            Box::new(m20261212_000024_item_statistics::Migration),
            Box::new(m20261213_000025_content_versions::Migration),
            Box::new(m20261214_000026_ideas::Migration),
            Box::new(m20261214_000027_feedback_needs::Migration),
            Box::new(m20261214_000028_knowledge::Migration),
            Box::new(m20261215_000029_content_conflicts::Migration),
        ]
    }
}
