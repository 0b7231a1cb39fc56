//! The menu: which entries each role sees. Read by the header and the start page.

use crate::identity::Role;

/// Navigation entries per role: (path, catalogue key, roles that see it; empty = everyone
/// logged in).
pub const NAVIGATION: &[(&str, &str, &[Role])] = &[
    ("/", "nav-home", &[]),
    ("/learn", "nav-learn", &[Role::Employee]),
    ("/evidence", "nav-evidence", &[Role::Employee]),
    ("/certificate", "nav-certificate", &[Role::Employee]),
    ("/scouts", "nav-scouts", &[Role::Employee]),
    ("/scouts/profile", "nav-scout-area", &[Role::Scout]),
    ("/wissen", "nav-knowledge", &[]),
    ("/feedback", "nav-feedback", &[Role::Employee]),
    (
        "/feedback/ergebnisse",
        "nav-feedback-results",
        &[Role::Editor, Role::Coordinator],
    ),
    ("/bildungsbedarf", "nav-needs", &[Role::Employee]),
    ("/ideen", "nav-ideas", &[]),
    (
        "/ideen/koordination",
        "nav-ideas-office",
        &[Role::Coordinator],
    ),
    (
        "/organisation",
        "nav-organisation",
        &[Role::Hr, Role::Scout, Role::Admin],
    ),
    ("/reports", "nav-reports", &[Role::Hr, Role::Admin]),
    (
        "/letters",
        "nav-letters",
        &[Role::Hr, Role::Scout, Role::Admin],
    ),
    (
        "/scouts/coverage",
        "nav-scout-coverage",
        &[Role::Hr, Role::Admin],
    ),
    ("/admin/users", "nav-users", &[Role::Admin]),
    (
        "/admin/certificates",
        "nav-certificates-admin",
        &[Role::Admin],
    ),
    ("/admin/data-requests", "nav-data-requests", &[Role::Admin]),
    ("/admin/site-pages", "nav-site-pages", &[Role::Admin]),
    (
        "/wissen/einstellungen",
        "nav-knowledge-settings",
        &[Role::Admin],
    ),
    ("/redaktion/inhalte", "nav-content", &[Role::Editor]),
    ("/redaktion/statistik", "nav-item-stats", &[Role::Editor]),
    ("/audit", "nav-audit", &[Role::Auditor, Role::Admin]),
    ("/privacy", "nav-privacy", &[Role::Auditor]),
    ("/my-data", "nav-my-data", &[]),
    ("/settings", "nav-settings", &[]),
    ("/hilfe", "nav-help", &[]),
];
