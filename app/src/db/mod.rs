//! sea-orm entities (server only). They mirror the tables the `migrations` crate creates and are
//! kept apart from the DTOs that travel to the browser.

pub mod attempt_answer;
pub mod audit_log;
pub mod board_post;
pub mod certificate;
pub mod certificate_counter;
pub mod department;
pub mod employee_import;
pub mod evidence;
pub mod help_request;
pub mod issuer_key;
pub mod lesson_progress;
pub mod login_throttle;
pub mod newsletter_issue;
pub mod office_hour;
pub mod office_hour_booking;
pub mod one_time_token;
pub mod outbox;
pub mod person_summary;
pub mod person_summary_basis;
pub mod progress_share;
pub mod quiz_attempt;
pub mod rate_limit;
pub mod released_count;
pub mod released_measure;
pub mod report_setting;
pub mod scout_department;
pub mod scout_profile;
pub mod scout_topic;
pub mod session;
pub mod user;
pub mod user_role;
pub mod workshop;
pub mod workshop_registration;
