//! Integration tests against the real application over HTTP. One binary, run twice by
//! `./dev test`: on SQLite and on PostgreSQL (`TEST_DATABASE_URL`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod audit;
mod auth;
mod authoring;
mod authoring_import;
mod authoring_pages;
mod authoring_questions;
mod backup;
mod bundle;
mod certificates;
mod cli;
mod content;
mod dashboard;
mod employee_import;
mod faults;
mod framework_import;
mod health;
mod import;
mod instances;
mod item_stats;
mod mail;
mod migrations;
mod operations;
mod pages;
mod personal_data;
mod privacy;
mod quiz;
mod readers;
mod report_summary;
mod reports;
mod scouts;
mod search;
mod security;
mod sessions;
mod sign_in;
mod site_pages;
mod startup;
mod suppression;
mod tables;
mod upgrade;
mod validation;
