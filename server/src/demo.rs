//! The demo municipality for the development profile: a small hierarchy of departments and one
//! account per role. Never created in production, where the server refuses to start while demo
//! accounts exist.

use app::auth::Role;
use app::auth::server::{NewAccount, create_account, hash_password};
use app::db::{department, user};
use app::error::AppError;
use app::i18n::Locale;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

use crate::console::outln;

/// Shared by all demo accounts and printed at start; acceptable only because demo data never
/// exists in production.
pub const DEMO_PASSWORD: &str = "fuehrerschein-demo";

pub struct DemoLogin {
    pub email: &'static str,
    pub roles: &'static [Role],
}

pub const DEMO_LOGINS: &[DemoLogin] = &[
    DemoLogin {
        email: "beschaeftigte@musterstadt.example",
        roles: &[Role::Employee],
    },
    DemoLogin {
        email: "scout@musterstadt.example",
        roles: &[Role::Employee, Role::Scout],
    },
    DemoLogin {
        email: "personal@musterstadt.example",
        roles: &[Role::Employee, Role::Hr],
    },
    DemoLogin {
        email: "personalrat@musterstadt.example",
        roles: &[Role::Employee, Role::Auditor],
    },
    DemoLogin {
        email: "admin@musterstadt.example",
        roles: &[Role::Employee, Role::Admin],
    },
    DemoLogin {
        email: "redaktion@musterstadt.example",
        roles: &[Role::Employee, Role::Editor],
    },
    // A second editor: a change goes live only after another editor approved it (four eyes).
    DemoLogin {
        email: "lektorat@musterstadt.example",
        roles: &[Role::Employee, Role::Editor],
    },
    // The coordination office "Change & Digitalisierung": the staff's ideas and the feedback.
    DemoLogin {
        email: "change@musterstadt.example",
        roles: &[Role::Employee, Role::Coordinator],
    },
];

/// (name, kind, parent index, code in the HR system)
const DEPARTMENTS: &[(&str, &str, Option<usize>, &str)] = &[
    ("Dezernat I – Zentrale Dienste", "dezernat", None, "DEZ I"),
    (
        "Fachbereich 10 – Personal und Organisation",
        "fachbereich",
        Some(0),
        "FB 10",
    ),
    (
        "Abteilung 10.1 – Personalservice",
        "abteilung",
        Some(1),
        "10.1",
    ),
    (
        "Fachbereich 11 – IT und Digitalisierung",
        "fachbereich",
        Some(0),
        "FB 11",
    ),
    (
        "Dezernat II – Bürgerdienste und Soziales",
        "dezernat",
        None,
        "DEZ II",
    ),
    (
        "Fachbereich 32 – Bürgerservice und Ordnung",
        "fachbereich",
        Some(4),
        "FB 32",
    ),
    ("Abteilung 32.1 – Bürgerbüro", "abteilung", Some(5), "32.1"),
    ("Abteilung 32.2 – Standesamt", "abteilung", Some(5), "32.2"),
    (
        "Fachbereich 50 – Soziales und Wohnen",
        "fachbereich",
        Some(4),
        "FB 50",
    ),
];

/// (display name, department index) for each entry of `DEMO_LOGINS`.
const PEOPLE: &[(&str, usize)] = &[
    ("Erika Mustermann", 6),
    ("Samir Yilmaz", 3),
    ("Petra Schneider", 2),
    ("Jonas Becker", 1),
    ("Alex Wagner", 3),
    ("Miriam Hoffmann", 1),
    ("Tobias Krüger", 1),
    ("Nadine Schulz", 3),
];

pub async fn has_demo_accounts(db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Job families of the demo logins, in the order of `DEMO_LOGINS`.
const LOGIN_FAMILIES: &[&str] = &[
    "buergerservice",
    "technik",
    "sachbearbeitung",
    "sachbearbeitung",
    "technik",
    "sachbearbeitung",
    "sachbearbeitung",
    // The coordination office; without an entry here `zip` would leave the login out.
    "sachbearbeitung",
];

/// Generated colleagues without login, so that the HR reports have groups large enough to show.
const DEMO_STAFF: usize = 140;
const DEMO_ATTEMPTS: usize = 1400;
/// Simulated quiz attempts per module for the question statistics: enough that every question
/// of a pool of 28 is drawn well over 20 times.
const DEMO_COHORT: usize = 160;

/// Creates the demo municipality if the database has no accounts yet. Returns whether it did.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    content: &app::content::ContentStore,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    // Only an empty database gets the demo: after `demo remove` the organisation stays (and
    // with it the demo's unit codes), so seeding again would fail on them, and whoever removed
    // the demo does not want it back.
    if user::Entity::find().count(db).await? > 0 || department::Entity::find().count(db).await? > 0
    {
        return Ok(false);
    }
    let hash = hash_password(DEMO_PASSWORD.to_owned()).await?;
    let txn = db.begin().await?;
    let mut ids: Vec<Uuid> = Vec::new();
    for (name, kind, parent, code) in DEPARTMENTS {
        let id = Uuid::new_v4();
        department::ActiveModel {
            id: Set(id),
            parent_id: Set(parent.map(|p| ids[p])),
            name: Set((*name).to_owned()),
            kind: Set((*kind).to_owned()),
            created_at: Set(now),
            code: Set(Some((*code).to_owned())),
        }
        .insert(&txn)
        .await?;
        ids.push(id);
    }
    for ((login, (name, dep)), family) in DEMO_LOGINS.iter().zip(PEOPLE).zip(LOGIN_FAMILIES) {
        let account = create_account(
            &txn,
            now,
            NewAccount {
                email: Some(login.email.to_owned()),
                display_name: (*name).to_owned(),
                department_id: Some(ids[*dep]),
                roles: login.roles.to_vec(),
                locale: Locale::De,
                password_hash: Some(hash.clone()),
                is_demo: true,
            },
        )
        .await?;
        let scout = login.roles.contains(&Role::Scout).then_some(account.id);
        let mut account: user::ActiveModel = account.into();
        account.job_family = Set(Some((*family).to_owned()));
        account.update(&txn).await?;
        if let Some(scout) = scout {
            // IT (their own unit) and citizen services.
            seed_scout(&txn, scout, &[ids[3], ids[5]], now).await?;
        }
    }
    txn.commit().await?;
    // The staff go into the Abteilungen and Fachbereiche, not the Dezernate' offices.
    let units: Vec<Uuid> = DEPARTMENTS
        .iter()
        .zip(&ids)
        .filter(|((_, kind, _, _), _)| *kind != "dezernat")
        .map(|(_, id)| *id)
        .collect();
    crate::generate::people(
        db,
        content,
        &units,
        &crate::generate::Spec {
            employees: DEMO_STAFF,
            attempts: DEMO_ATTEMPTS,
            seed: 2026,
            prefix: "DEMO".to_owned(),
            is_demo: true,
        },
        now,
    )
    .await?;
    // A simulated cohort per module, so that the editors' question statistics show figures.
    let staff: Vec<Uuid> = user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .filter(user::Column::PasswordHash.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    for (n, module) in content.modules.iter().enumerate() {
        crate::cohort::simulate(db, module, &staff, DEMO_COHORT, 2026 + n as u64, now).await?;
    }
    seed_needs(db, content, &staff, now).await?;
    seed_knowledge(db, now).await?;
    seed_ideas(db, &ids, now).await?;
    app::reports::summary::rebuild_all(db, &content.certificates.refresh).await?;
    Ok(true)
}

/// Training needs of the simulated staff, so that HR's report of reported needs shows figures:
/// every fourth colleague names one of three target competences, some of them for a team.
async fn seed_needs(
    db: &DatabaseConnection,
    content: &app::content::ContentStore,
    staff: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use app::db::training_need;
    let competences: Vec<String> = content
        .profiles
        .target_competences(content)
        .into_iter()
        .take(3)
        .map(|c| c.id.clone())
        .collect();
    if competences.is_empty() {
        return Ok(());
    }
    let topics = [
        "Serienbriefe in der E-Akte",
        "Videokonferenzen leiten",
        "Sichere Passwörter im Team",
    ];
    let urgencies = ["low", "medium", "high"];
    let rows: Vec<training_need::ActiveModel> = staff
        .iter()
        .step_by(4)
        .enumerate()
        .map(|(n, person)| training_need::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(*person),
            topic: Set(topics[n % topics.len()].to_owned()),
            competence: Set(competences[n % competences.len()].clone()),
            urgency: Set(urgencies[(n / 3) % urgencies.len()].to_owned()),
            team_size: Set((n % 7 == 0).then_some(6)),
            created_at: Set(now - chrono::Duration::days((n % 20) as i64)),
        })
        .collect();
    if !rows.is_empty() {
        training_need::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Removes the demo accounts (not the departments, which may have been adopted), with their
/// scout profiles, office hours, workshops, board posts, help requests and shared progress.
pub async fn remove(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    use app::db::{
        board_post, help_request, progress_share, scout_department, scout_profile, scout_topic,
    };
    let txn = db.begin().await?;
    let demo: Vec<Uuid> = user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    board_post::Entity::delete_many()
        .filter(board_post::Column::AuthorId.is_in(demo.clone()))
        .exec(&txn)
        .await?;
    {
        use app::db::{office_hour, office_hour_booking, workshop, workshop_registration};
        let slots: Vec<Uuid> = office_hour::Entity::find()
            .filter(office_hour::Column::ScoutId.is_in(demo.clone()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        office_hour_booking::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(office_hour_booking::Column::OfficeHourId.is_in(slots))
                    .add(office_hour_booking::Column::UserId.is_in(demo.clone())),
            )
            .exec(&txn)
            .await?;
        office_hour::Entity::delete_many()
            .filter(office_hour::Column::ScoutId.is_in(demo.clone()))
            .exec(&txn)
            .await?;
        let events: Vec<Uuid> = workshop::Entity::find()
            .filter(workshop::Column::ScoutId.is_in(demo.clone()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|w| w.id)
            .collect();
        workshop_registration::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(workshop_registration::Column::WorkshopId.is_in(events))
                    .add(workshop_registration::Column::UserId.is_in(demo.clone())),
            )
            .exec(&txn)
            .await?;
        workshop::Entity::delete_many()
            .filter(workshop::Column::ScoutId.is_in(demo.clone()))
            .exec(&txn)
            .await?;
    }
    scout_profile::Entity::delete_many()
        .filter(scout_profile::Column::UserId.is_in(demo.clone()))
        .exec(&txn)
        .await?;
    scout_department::Entity::delete_many()
        .filter(scout_department::Column::ScoutId.is_in(demo.clone()))
        .exec(&txn)
        .await?;
    scout_topic::Entity::delete_many()
        .filter(scout_topic::Column::ScoutId.is_in(demo.clone()))
        .exec(&txn)
        .await?;
    progress_share::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(progress_share::Column::UserId.is_in(demo.clone()))
                .add(progress_share::Column::ScoutId.is_in(demo.clone())),
        )
        .exec(&txn)
        .await?;
    help_request::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(help_request::Column::RequesterId.is_in(demo.clone()))
                .add(help_request::Column::ScoutId.is_in(demo.clone())),
        )
        .exec(&txn)
        .await?;
    {
        use app::db::{feedback_given, training_need};
        // That a demo account rated an offer goes with it; the anonymous rating stays, as it
        // would for any person who leaves.
        feedback_given::Entity::delete_many()
            .filter(feedback_given::Column::UserId.is_in(demo.clone()))
            .exec(&txn)
            .await?;
        training_need::Entity::delete_many()
            .filter(training_need::Column::UserId.is_in(demo.clone()))
            .exec(&txn)
            .await?;
    }
    {
        // The demo's how-tos stay (they are real ones); the demo people's names go from them.
        use app::db::{knowledge_article, knowledge_revision};
        use sea_orm::sea_query::Expr;
        let none = Expr::value(Option::<Uuid>::None);
        for column in [
            knowledge_article::Column::AuthorId,
            knowledge_article::Column::CheckedBy,
        ] {
            knowledge_article::Entity::update_many()
                .col_expr(column, none.clone())
                .filter(column.is_in(demo.clone()))
                .exec(&txn)
                .await?;
        }
        for column in [
            knowledge_revision::Column::AuthorId,
            knowledge_revision::Column::ReviewerId,
        ] {
            knowledge_revision::Entity::update_many()
                .col_expr(column, none.clone())
                .filter(column.is_in(demo.clone()))
                .exec(&txn)
                .await?;
        }
    }
    // Ideas the demo people wrote (anonymous ones too), supported or commented on.
    app::ideas::server::remove_written_by(&txn, &demo)
        .await
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let removed = user::Entity::delete_many()
        .filter(user::Column::IsDemo.eq(true))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(removed)
}

/// Three ideas of the ideas scheme: one accepted (by name), one anonymous and new, one
/// declined with a reason; a few supports and a comment.
async fn seed_ideas(
    db: &DatabaseConnection,
    units: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use app::ideas::IdeaStatus;
    use app::ideas::server::{DemoIdea, seed_demo};
    let login = |email: &str| {
        let email = email.to_owned();
        async move {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(db)
                .await
                .map(|u| u.map(|u| u.id))
        }
    };
    let (Some(erika), Some(samir), Some(jonas), Some(petra)) = (
        login("beschaeftigte@musterstadt.example").await?,
        login("scout@musterstadt.example").await?,
        login("personalrat@musterstadt.example").await?,
        login("personal@musterstadt.example").await?,
    ) else {
        return Ok(());
    };
    let ideas = vec![
        (
            DemoIdea {
                title: "Termine im Bürgerbüro online buchen",
                problem: "Bürgerinnen und Bürger rufen an, um einen Termin zu bekommen; die Leitung ist oft besetzt und wir tragen Termine von Hand in eine Liste ein.",
                proposal: "Eine Online-Terminvergabe, die freie Zeiten aus unserem Kalender zeigt und eine Bestätigung per Mail schickt.",
                process: "Terminvergabe",
                unit: units.get(6).copied(),
                author: erika,
                anonymous: false,
                steps: &[
                    (
                        IdeaStatus::Examining,
                        "Wir sprechen mit dem Bürgerbüro und der IT.",
                    ),
                    (
                        IdeaStatus::Accepted,
                        "Wir führen die Online-Terminvergabe im nächsten Quartal ein.",
                    ),
                ],
                supporters: vec![samir, jonas, petra],
                comments: vec![(samir, "Das würde uns am Telefon sehr entlasten.")],
            },
            20,
        ),
        (
            DemoIdea {
                title: "Urlaubsanträge ohne Papier",
                problem: "Urlaubsanträge werden ausgedruckt, unterschrieben und per Hauspost weitergegeben. Das dauert oft eine Woche.",
                proposal: "Urlaub im Personalportal beantragen und von der Führungskraft digital genehmigen lassen.",
                process: "Urlaubsantrag",
                unit: units.get(2).copied(),
                author: jonas,
                anonymous: true,
                steps: &[],
                supporters: vec![erika],
                comments: vec![],
            },
            3,
        ),
        (
            DemoIdea {
                title: "Alle Formulare als Faxvorlage",
                problem: "Manche Formulare gibt es nur online.",
                proposal: "Jedes Formular zusätzlich als Faxvorlage anbieten.",
                process: "",
                unit: None,
                author: petra,
                anonymous: false,
                steps: &[(
                    IdeaStatus::Declined,
                    "Wir bauen das Fax ab; wer Hilfe mit den Online-Formularen braucht, bekommt sie im Bürgerbüro.",
                )],
                supporters: vec![],
                comments: vec![],
            },
            35,
        ),
    ];
    seed_demo(db, now, ideas).await
}

/// Three how-tos of the knowledge base, written by the demo scout and approved by the editor.
/// The third was last checked 13 months ago, so the re-check can be tried at once.
async fn seed_knowledge(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    use app::knowledge::server::seed_published;
    let find = |email: &'static str| async move {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await
            .map(|u| u.map(|u| u.id))
    };
    let (Some(scout), Some(editor)) = (
        find("scout@musterstadt.example").await?,
        find("redaktion@musterstadt.example").await?,
    ) else {
        return Ok(());
    };
    let txn = db.begin().await?;
    for (n, article) in DEMO_ARTICLES.iter().enumerate() {
        let checked = if n == 2 {
            now.checked_sub_months(chrono::Months::new(13))
                .unwrap_or(now)
        } else {
            now - chrono::Duration::days(20 + 10 * n as i64)
        };
        seed_published(&txn, article, scout, editor, checked, checked).await?;
    }
    txn.commit().await?;
    Ok(())
}

const DEMO_ARTICLES: &[app::knowledge::server::SeedArticle<'static>] = &[
    app::knowledge::server::SeedArticle {
        title: "Barrierefreies PDF aus Word erstellen",
        summary: "In fünf Schritten wird aus einem Word-Dokument ein PDF, das auch mit einem Screenreader lesbar ist.",
        body: "## Bevor Sie exportieren

1. Nutzen Sie für Überschriften die Formatvorlagen „Überschrift 1“, „Überschrift 2“ und so weiter, nicht nur fette Schrift.
2. Geben Sie jedem Bild einen Alternativtext: Rechtsklick auf das Bild, dann „Alternativtext bearbeiten“. Beschreiben Sie, was das Bild zeigt und wozu es da ist.
3. Schreiben Sie Links so, dass man ihr Ziel versteht, zum Beispiel „Antrag auf Wohngeld (PDF)“ statt „hier klicken“.
4. Legen Sie unter „Datei > Informationen > Eigenschaften“ einen Titel für das Dokument fest.

## Als PDF speichern

1. Wählen Sie „Datei > Speichern unter“ und als Dateityp „PDF“.
2. Klicken Sie auf „Optionen“ und setzen Sie die Haken bei „Dokumentstrukturtags für Barrierefreiheit“ und „Textmarken erstellen mithilfe von Überschriften“.
3. Speichern Sie.

## Prüfen

Öffnen Sie in Word vor dem Export „Überprüfen > Barrierefreiheit überprüfen“ und beheben Sie die gemeldeten Fehler. Das fertige PDF können Sie mit dem kostenlosen Programm PAC (PDF Accessibility Checker) prüfen. Fragen Sie Ihre Digitallotsin oder Ihren Digitallotsen, wenn PAC Fehler meldet, die Sie nicht verstehen.
",
        competences: &["kommunal-2026/barrierefreie-dokumente", "digcomp-2.2/3.1"],
    },
    app::knowledge::server::SeedArticle {
        title: "Verdächtige E-Mail richtig melden",
        summary: "Was Sie tun, wenn eine E-Mail nach Phishing aussieht – und was Sie besser nicht tun.",
        body: "## Woran Sie eine verdächtige E-Mail erkennen

- Der Absender passt nicht zum Inhalt, oder die Adresse sieht nur fast richtig aus.
- Die E-Mail drängt zur Eile: „Ihr Konto wird heute gesperrt“.
- Sie sollen auf einen Link klicken, einen Anhang öffnen oder Zugangsdaten eingeben.

## So gehen Sie vor

1. Klicken Sie auf keinen Link und öffnen Sie keinen Anhang.
2. Antworten Sie nicht auf die E-Mail.
3. Leiten Sie die E-Mail als Anlage an die IT-Sicherheit weiter (in Outlook: „Weitere Aktionen > Als Anlage weiterleiten“). So bleiben die technischen Angaben erhalten, die die IT zur Prüfung braucht.
4. Löschen Sie die E-Mail danach aus Ihrem Posteingang.

## Wenn Sie schon geklickt haben

Das kann jedem passieren. Melden Sie sich sofort bei der IT-Hotline und sagen Sie, was Sie angeklickt oder eingegeben haben. Ändern Sie Ihr Passwort, wenn Sie es eingegeben haben. Je schneller die IT Bescheid weiß, desto kleiner ist der Schaden.
",
        competences: &["kommunal-2026/informationssicherheit", "digcomp-2.2/4.1"],
    },
    app::knowledge::server::SeedArticle {
        title: "Eine Videokonferenz gut vorbereiten",
        summary: "Technik, Einladung und Ablauf: eine kurze Liste für Besprechungen mit Kamera.",
        body: "## Einen Tag vorher

- Schicken Sie die Einladung mit Link, Uhrzeit und Tagesordnung.
- Sagen Sie, ob Unterlagen vorher gelesen werden sollen, und hängen Sie sie an.
- Fragen Sie, ob jemand Untertitel, eine Gebärdensprachdolmetschung oder andere Unterstützung braucht.

## Zehn Minuten vorher

1. Starten Sie die Besprechung und prüfen Sie Kamera, Mikrofon und Lautsprecher.
2. Schließen Sie Programme und Fenster, die andere nicht sehen sollen, bevor Sie Ihren Bildschirm teilen.
3. Legen Sie fest, wer Protokoll führt.

## Während der Besprechung

- Schalten Sie Ihr Mikrofon stumm, wenn Sie nicht sprechen.
- Nutzen Sie die Funktion „Hand heben“, damit alle zu Wort kommen.
- Fassen Sie am Ende Ergebnisse und Aufgaben kurz zusammen.
",
        competences: &["digcomp-2.2/2.1", "digcomp-2.2/2.4"],
    },
];

pub fn print_logins(base_url: &str) {
    outln!();
    outln!("  Digitaler Führerschein läuft auf {base_url}");
    outln!("  Demo-Zugänge (nur im Entwicklungsprofil), Passwort für alle: {DEMO_PASSWORD}");
    for login in DEMO_LOGINS {
        let roles: Vec<&str> = login.roles.iter().map(|r| r.as_str()).collect();
        outln!("    {:<36} {}", login.email, roles.join(", "));
    }
    outln!();
}

/// The demo scout's profile: serves IT and citizen services, helps with the e-file, online
/// services and collaboration, so that "Meine Digitalscouts" and coverage show something.
async fn seed_scout(
    txn: &impl sea_orm::ConnectionTrait,
    scout: Uuid,
    units: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use app::db::{scout_department, scout_profile, scout_topic};
    scout_profile::ActiveModel {
        user_id: Set(scout),
        about: Set("Ich arbeite in der IT und helfe gern bei der E-Akte, bei Online-Diensten und bei Videokonferenzen. Fragen Sie ruhig auch Kleinigkeiten.".to_owned()),
        channels: Set("in_person,phone,video".to_owned()),
        languages: Set("Deutsch, Türkisch, Englisch".to_owned()),
        capacity: Set(5),
        office_hours: Set("dienstags 10 bis 12 Uhr, Raum 3.07".to_owned()),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    for unit in units {
        scout_department::ActiveModel {
            scout_id: Set(scout),
            department_id: Set(*unit),
        }
        .insert(txn)
        .await?;
    }
    app::db::office_hour::ActiveModel {
        id: Set(Uuid::new_v4()),
        scout_id: Set(scout),
        weekday: Set(2),
        start_minute: Set(10 * 60),
        minutes: Set(60),
        capacity: Set(4),
        place: Set("Raum 3.07".to_owned()),
        created_at: Set(now),
        removed_at: Set(None),
    }
    .insert(txn)
    .await?;
    app::db::board_post::ActiveModel {
        id: Set(Uuid::new_v4()),
        author_id: Set(scout),
        kind: Set("tip".to_owned()),
        title: Set("Vorgänge in der E-Akte schneller finden".to_owned()),
        body: Set("Suchen Sie nicht nur nach dem Titel: Das **Aktenzeichen** findet den Vorgang am sichersten.\n\n- Legen Sie häufige Vorgänge als *Favoriten* ab.\n- Fragen Sie in meiner Sprechstunde dienstags, wenn etwas fehlt.".to_owned()),
        created_at: Set(now),
        removed_at: Set(None),
    }
    .insert(txn)
    .await?;
    for topic in [
        "kommunal-2026/e-akte",
        "kommunal-2026/ozg",
        "kommunal-2026/verwaltung",
    ] {
        scout_topic::ActiveModel {
            scout_id: Set(scout),
            competence: Set(topic.to_owned()),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
