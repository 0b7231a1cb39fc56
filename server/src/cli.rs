//! Command line: `serve` (the default), `migrate`, `backup`, `restore`, `admin create`,
//! `demo remove`, `content check` and imports, `credential verify`. Everything it prints goes
//! through `console` (`outln!`, `errln!`), which ends quietly when the reader of a pipe has gone.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use app::auth::Role;
use app::auth::server::{
    MIN_PASSWORD_LENGTH, NewAccount, PURPOSE_INVITATION, create_account, hash_password,
    issue_token, set_password_link,
};
use app::context::Clock;
use app::i18n::Locale;
use clap::{Parser, Subcommand};
use sea_orm::TransactionTrait;

use crate::config::{Config, Profile};
use crate::console::{errln, outln};
use crate::startup::{Application, connect};
use crate::{backup, demo, telemetry};

#[derive(Parser)]
#[command(
    name = "fuehrerschein",
    version,
    about = "Digitaler Führerschein – learning platform for municipal staff"
)]
struct Cli {
    /// Configuration file (TOML). Default: ./fuehrerschein.toml if it exists.
    #[arg(long, global = true, env = "FUEHRERSCHEIN_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Write a consistent copy of the database to FILE while the server keeps running
    /// (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format=custom). Never overwrites FILE.
    Backup { file: PathBuf },
    /// Put a backup into the configured database, which must be empty, then apply the
    /// migrations (a backup of an older release is upgraded). Stop the server first.
    Restore { file: PathBuf },
    /// Manage administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage the demo data of the development profile.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Check or import curriculum content.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// Fill an empty database with a generated organisation for the report benchmark
    /// (`cargo bench -p tests --bench reports`). People generated here cannot log in.
    BenchData {
        #[arg(long, default_value_t = 20_000)]
        employees: usize,
        #[arg(long, default_value_t = 150)]
        departments: usize,
        #[arg(long, default_value_t = 1_000_000)]
        attempts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import data from other systems.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Digital credentials (Open Badges 3.0) of the certificates.
    Credential {
        #[command(subcommand)]
        command: CredentialCommand,
    },
    /// The item statistics of the quizzes (the editors' question statistics).
    ItemStats {
        #[command(subcommand)]
        command: ItemStatsCommand,
    },
}

#[derive(Subcommand)]
enum ItemStatsCommand {
    /// Recompute the running sums from the stored, graded attempts of every module's current
    /// version (the server does this once by itself after the upgrade that adds them).
    Rebuild,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Read the employee list exported by the HR system (CSV, semicolon or comma, UTF-8 or
    /// Windows-1252). Without --apply, only shows what would change and every problem as
    /// `file:line: message`; with --apply, applies it if there is no problem.
    Employees {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
        /// Needed with --apply when the list deactivates more than 10 % of the active accounts
        /// or more than 20 people.
        #[arg(long)]
        confirm_mass_deactivation: bool,
        /// Language of the messages: de or en (default: from LANG).
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Subcommand)]
enum CredentialCommand {
    /// Check a credential file (VC-JWT): signature, issuer, validity dates and revocation,
    /// against this installation's key and database. Exit code 0 only for a valid credential.
    Verify {
        /// The .jwt file as the learner downloaded it.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ContentCommand {
    /// Check the whole curriculum; prints `file:line: message` for every problem.
    Check {
        /// The content folder (default: content_dir from the configuration).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Bring the modules of a content folder into the database: modules it does not have are
    /// published, modules whose published version came with an earlier release get the new
    /// release, and modules the city changed keep the city's version, with the release waiting
    /// beside it as a draft for the editors. Running it twice changes nothing. Running servers
    /// load what was published within seconds.
    Update {
        /// The content folder (default: content_dir from the configuration).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Convert a Moodle question bank in GIFT format into a quiz.toml; reports what it could not
    /// convert as `file:line: reason`.
    ImportGift {
        /// The GIFT file exported from Moodle (at most 20 MB).
        file: PathBuf,
        /// The lesson every imported question links to (NN-slug or NN-slug#anchor); required.
        #[arg(long)]
        lesson: Option<String>,
        /// Where to write the quiz (default: standard output). An existing file is replaced.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Convert a Moodle XML question export into a quiz.toml; reports what it could not convert
    /// as `file:line: reason`.
    ImportMoodleXml {
        /// The Moodle XML file (at most 20 MB).
        file: PathBuf,
        /// The lesson every imported question links to (NN-slug or NN-slug#anchor); required.
        #[arg(long)]
        lesson: Option<String>,
        /// Where to write the quiz (default: standard output). An existing file is replaced.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Convert a competence framework in CSV (columns Level;Name;ShortCode;Description;Uri;
    /// BroaderConcept, as the DINI AG KIM publishes DigComp) into the format of
    /// competences.toml; reports every broken row as `file:line: what is wrong`.
    ImportFramework {
        /// The CSV file (at most 2 MB, 2,000 rows).
        file: PathBuf,
        /// The id of the new framework, e.g. digcomp-2.1; its competences become
        /// digcomp-2.1/1.1, …; required.
        #[arg(long)]
        framework: Option<String>,
        /// The framework's German title (default: the id).
        #[arg(long)]
        title_de: Option<String>,
        /// The framework's English title (default: the id).
        #[arg(long)]
        title_en: Option<String>,
        /// The framework's version (default: the end of the id, e.g. 2.1).
        #[arg(long)]
        version: Option<String>,
        /// Its number of proficiency levels, 1 to 8.
        #[arg(long, default_value_t = 8)]
        levels: u8,
        /// The language of the file's texts, de or en; they fill both languages until
        /// translated.
        #[arg(long, default_value = "en")]
        language: String,
        /// Where to write the framework (default: standard output). An existing file is
        /// replaced.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator. Without --password-stdin, prints a one-time link to set the password.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "de")]
        locale: String,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Delete the demo accounts so that the database can run in production.
    Remove,
}

pub async fn run() -> ExitCode {
    run_from(std::env::args_os()).await
}

/// Runs the command line given as `args` (the first is the program name).
pub async fn run_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to standard output, which may be a closed pipe.
            if let Err(failed) = err.print() {
                crate::console::ended(&failed);
            }
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => connect(&config)
            .await
            .map(|_| outln!("migrations applied"))
            .map_err(|e| e.to_string()),
        Command::Backup { file } => backup::backup(&config, &file)
            .await
            .map(|written| {
                outln!(
                    "backup written to {} ({} bytes)",
                    file.display(),
                    written.bytes
                )
            })
            .map_err(|e| e.to_string()),
        Command::Restore { file } => backup::restore(&config, &file)
            .await
            .map(|restored| {
                outln!(
                    "{} restored ({} migrations in the backup, {} applied since)",
                    file.display(),
                    restored.in_backup,
                    restored.applied_since
                )
            })
            .map_err(|e| e.to_string()),
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    password_stdin,
                    locale,
                },
        } => admin_create(&config, email, name, password_stdin, locale).await,
        Command::Content {
            command: ContentCommand::Check { dir },
        } => {
            return content_check(&dir.unwrap_or_else(|| config.content_dir.clone()));
        }
        Command::Content {
            command: ContentCommand::Update { dir },
        } => content_update(&config, &dir.unwrap_or_else(|| config.content_dir.clone())).await,
        Command::Content {
            command: ContentCommand::ImportGift { file, lesson, out },
        } => {
            return crate::content_import::run(
                crate::content_import::Format::Gift,
                &file,
                lesson.as_deref(),
                out.as_deref(),
            );
        }
        Command::Content {
            command: ContentCommand::ImportMoodleXml { file, lesson, out },
        } => {
            return crate::content_import::run(
                crate::content_import::Format::MoodleXml,
                &file,
                lesson.as_deref(),
                out.as_deref(),
            );
        }
        Command::Content {
            command:
                ContentCommand::ImportFramework {
                    file,
                    framework,
                    title_de,
                    title_en,
                    version,
                    levels,
                    language,
                    out,
                },
        } => {
            let args = crate::content_import::FrameworkArgs {
                framework,
                title_de,
                title_en,
                version,
                levels,
                language,
            };
            return crate::content_import::run_framework(&file, &args, out.as_deref());
        }
        Command::Credential {
            command: CredentialCommand::Verify { file },
        } => return credential_verify(&config, &file).await,
        Command::BenchData {
            employees,
            departments,
            attempts,
            seed,
        } => bench_data(&config, employees, departments, attempts, seed).await,
        Command::Import {
            command:
                ImportCommand::Employees {
                    file,
                    apply,
                    confirm_mass_deactivation,
                    lang,
                },
        } => {
            let confirmation = app::organisation::import::Confirmation {
                mass_deactivation: confirm_mass_deactivation,
            };
            return import_employees(&config, &file, apply, confirmation, lang.as_deref()).await;
        }
        Command::ItemStats {
            command: ItemStatsCommand::Rebuild,
        } => item_stats_rebuild(&config).await,
        Command::Demo {
            command: DemoCommand::Remove,
        } => match connect(&config).await {
            Ok(db) => demo::remove(&db)
                .await
                .map(|n| outln!("{n} demo accounts removed"))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            errln!("fuehrerschein: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn credential_verify(config: &Config, file: &std::path::Path) -> ExitCode {
    let limit = app::certificate::credential::MAX_CREDENTIAL_BYTES;
    let token = match crate::content_import::read_at_most(file, limit) {
        Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(None) => {
            errln!("{}: too large for a credential", file.display());
            return ExitCode::FAILURE;
        }
        Err(err) => {
            errln!("{}: cannot read: {err}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let db = match connect(config).await {
        Ok(db) => db,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::FAILURE;
        }
    };
    let now = chrono::Utc::now();
    let urls = app::certificate::credential::Urls {
        base: config.base_url.trim_end_matches('/'),
    };
    let verdict = match app::certificate::credential::issuer_key(&db, now).await {
        Ok(key) => app::certificate::credential::verify(&db, &key, &urls, &token, now).await,
        Err(err) => Err(err),
    };
    match verdict {
        Ok(verdict) => {
            outln!(
                "{}: {}",
                file.display(),
                crate::http::certificates::describe(&verdict)
            );
            if matches!(verdict, app::certificate::credential::Verdict::Valid { .. }) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            errln!("fuehrerschein: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn content_update(config: &Config, dir: &std::path::Path) -> Result<(), String> {
    // Only a folder that passes the checks reaches the database.
    if let Err(problems) = app::content::load(dir) {
        for problem in &problems {
            outln!("{problem}");
        }
        return Err(format!(
            "{} has {} problem(s); nothing was changed",
            dir.display(),
            problems.len()
        ));
    }
    let db = connect(config).await.map_err(|e| e.to_string())?;
    let report = app::authoring::server::update_from_folder(&db, dir, Clock::System.now())
        .await
        .map_err(|e| e.to_string())?;
    for (module, version) in &report.published {
        outln!("published {module} {version}");
    }
    for (module, version) in &report.offered {
        outln!(
            "kept the city's version of {module}; release {version} waits as a draft for review"
        );
    }
    outln!(
        "{} published, {} offered as drafts, {} unchanged, {} images stored",
        report.published.len(),
        report.offered.len(),
        report.unchanged,
        report.media
    );
    Ok(())
}

fn content_check(dir: &std::path::Path) -> ExitCode {
    // The help page's questions live in the same folder and are checked with it.
    let loaded = app::content::load(dir);
    let help = app::help::server::load(dir);
    let loaded = match (loaded, help) {
        (Ok(store), Ok(_)) => Ok(store),
        (Ok(_), Err(problems)) => Err(problems),
        (Err(problems), Ok(_)) => Err(problems),
        (Err(mut problems), Err(more)) => {
            problems.extend(more);
            Err(problems)
        }
    };
    match loaded {
        Ok(store) if !store.lints.is_empty() => {
            // A quiz that would not prove competence: the server starts with it, the check
            // does not pass.
            for lint in &store.lints {
                outln!("{lint}");
            }
            errln!(
                "{} problem(s) found in quizzes (see content/FORMAT.md, \"What a quiz must prove\")",
                store.lints.len()
            );
            ExitCode::FAILURE
        }
        Ok(store) => {
            let lessons: usize = store.modules.iter().map(|m| m.lessons.len()).sum();
            let questions: usize = store.modules.iter().map(|m| m.quiz.questions.len()).sum();
            outln!(
                "{}: {} modules, {lessons} lessons, {questions} questions, {} competences – no problems",
                dir.display(),
                store.modules.len(),
                store.competences.len()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for problem in &problems {
                outln!("{problem}");
            }
            errln!("{} problem(s) found", problems.len());
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let profile = config.profile;
    // Before anything binds: production refuses to serve pages without their bundle.
    crate::startup::check_site_root(&config).map_err(|e| e.to_string())?;
    let application = Application::build(config, Clock::System)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(port = application.port(), ?profile, "listening");
    if profile == Profile::Development
        && demo::has_demo_accounts(&application.db())
            .await
            .unwrap_or(false)
    {
        demo::print_logins(&application.base_url());
    }
    application
        .run_until_stopped()
        .await
        .map_err(|e| e.to_string())
}

async fn admin_create(
    config: &Config,
    email: String,
    name: String,
    password_stdin: bool,
    locale: String,
) -> Result<(), String> {
    let password = if password_stdin {
        if std::io::stdin().is_terminal() {
            errln!("Passwort eingeben / enter password, then Enter:");
        }
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        if password.chars().count() < MIN_PASSWORD_LENGTH {
            return Err(format!(
                "the password must have at least {MIN_PASSWORD_LENGTH} characters"
            ));
        }
        Some(password)
    } else {
        None
    };
    let db = connect(config).await.map_err(|e| e.to_string())?;
    let settings = config.app_settings();
    let now = Clock::System.now();
    let password_hash = match password {
        Some(p) => Some(hash_password(p).await.map_err(|e| e.to_string())?),
        None => None,
    };
    let has_password = password_hash.is_some();
    let txn = db.begin().await.map_err(|e| e.to_string())?;
    let account = create_account(
        &txn,
        now,
        NewAccount {
            email: Some(email),
            display_name: name,
            department_id: None,
            roles: vec![Role::Admin, Role::Employee],
            locale: Locale::from_code(&locale).unwrap_or_default(),
            password_hash,
            is_demo: false,
        },
    )
    .await
    .map_err(|e| format!("cannot create the account: {}", explain(&e)))?;
    app::audit::server::record(
        &txn,
        now,
        None,
        "user.created",
        "user",
        Some(account.id.to_string()),
        serde_json::json!({ "roles": ["admin", "employee"], "via": "command line" }),
    )
    .await
    .map_err(|e| e.to_string())?;
    let link = if has_password {
        None
    } else {
        let token = issue_token(
            &txn,
            account.id,
            PURPOSE_INVITATION,
            settings.invitation_valid_for,
            now,
        )
        .await
        .map_err(|e| e.to_string())?;
        Some(set_password_link(&settings, &token))
    };
    txn.commit().await.map_err(|e| e.to_string())?;
    outln!(
        "Administrator {} created.",
        account.email.as_deref().unwrap_or_default()
    );
    if let Some(link) = link {
        outln!(
            "Set the password within {} days at:\n  {link}",
            settings.invitation_valid_for.num_days()
        );
    }
    Ok(())
}

/// `import employees`: the same checks and the same application as the upload in the browser.
async fn import_employees(
    config: &Config,
    file: &std::path::Path,
    apply: bool,
    confirmation: app::organisation::import::Confirmation,
    lang: Option<&str>,
) -> ExitCode {
    use app::organisation::import;
    let locale = lang
        .map(str::to_owned)
        .or_else(|| std::env::var("LANG").ok())
        .and_then(|l| Locale::from_code(l.get(..2).unwrap_or("")))
        .unwrap_or(Locale::De);
    let shown = file.display();
    // The same limit as the upload in the browser; a larger file is not read further.
    let bytes = match crate::content_import::read_at_most(file, import::MAX_IMPORT_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let text = app::i18n::translate(locale, "import-problem-too-large", None);
            errln!("{shown}:1: {text}");
            return ExitCode::from(1);
        }
        Err(err) => {
            errln!("{shown}: {err}");
            return ExitCode::from(2);
        }
    };
    let print_problems = |problems: &[app::organisation::ImportProblem]| {
        for problem in problems {
            outln!(
                "{shown}:{}: {}",
                problem.line,
                app::organisation::problem_text(locale, problem)
            );
        }
    };
    let decoded = match import::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(problems) => {
            print_problems(&problems);
            return ExitCode::from(1);
        }
    };
    let content = match crate::startup::load_content(config) {
        Ok(content) => content,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::from(2);
        }
    };
    let db = match connect(config).await {
        Ok(db) => db,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::from(2);
        }
    };
    let now = Clock::System.now();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let encoding = decoded.encoding;
    let text = decoded.text.clone();
    let plan = match import::Snapshot::read(&db).await {
        Ok(snapshot) => import::plan_off_runtime(snapshot, &content, text, None)
            .await
            .map(|(plan, _)| plan),
        Err(err) => Err(err),
    };
    let plan = match plan {
        Ok(plan) => plan,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::from(2);
        }
    };
    outln!(
        "{shown}: {} ({encoding}), {} rows",
        app::i18n::translate(locale, "import-cli-read", None),
        plan.rows
    );
    if !plan.problems.is_empty() {
        print_problems(&plan.problems);
        outln!(
            "{}",
            app::i18n::translate(locale, "import-cli-nothing-applied", None)
        );
        return ExitCode::from(1);
    }
    let counts = [
        ("import-new", plan.creates.len()),
        ("import-changed", plan.updates.len()),
        ("import-deactivated", plan.deactivations.len()),
        ("import-unchanged", plan.unchanged),
        ("import-held", plan.held.len()),
    ];
    for (key, count) in counts {
        outln!("  {}: {count}", app::i18n::translate(locale, key, None));
    }
    for held in &plan.held {
        let reasons: Vec<String> = held
            .reasons
            .iter()
            .map(|r| app::i18n::translate(locale, r.key(), None))
            .collect();
        // A row of the file by its line; an account missing from it by its personnel number.
        let place = match &held.row {
            Some(row) => format!("{shown}:{}", row.line),
            None => format!(
                "{shown}: {}",
                held.account.personnel_number.as_deref().unwrap_or_default()
            ),
        };
        outln!(
            "{place}: {}: {}",
            app::i18n::translate(locale, "import-held", None),
            reasons.join(" ")
        );
    }
    if plan.mass_deactivation() {
        let warning = app::organisation::ImportProblem {
            line: 0,
            key: "import-mass-deactivation".to_owned(),
            args: vec![
                ("count".to_owned(), plan.deactivating().to_string()),
                ("active".to_owned(), plan.active_accounts.to_string()),
            ],
        };
        outln!("{}", app::organisation::problem_text(locale, &warning));
        if apply && !confirmation.mass_deactivation {
            outln!(
                "{}",
                app::i18n::translate(locale, "import-cli-confirm-mass-deactivation", None)
            );
            return ExitCode::from(1);
        }
    }
    if !apply {
        outln!(
            "{}",
            app::i18n::translate(locale, "import-cli-dry-run", None)
        );
        return ExitCode::SUCCESS;
    }
    let stored = match import::store(&db, now, None, &name, decoded).await {
        Ok(id) => id,
        Err(err) => {
            errln!("fuehrerschein: {err}");
            return ExitCode::from(2);
        }
    };
    match import::apply(&db, &content, now, None, stored, confirmation).await {
        Ok(summary) => {
            outln!(
                "{}: +{} ~{} -{} ({} {}, {} {})",
                app::i18n::translate(locale, "import-cli-applied", None),
                summary.created,
                summary.updated,
                summary.deactivated,
                summary.reactivated,
                app::i18n::translate(locale, "import-reactivated", None),
                summary.skipped,
                app::i18n::translate(locale, "import-held", None),
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            errln!("fuehrerschein: {err}");
            ExitCode::from(1)
        }
    }
}

/// `bench-data`: refuses a database that already has accounts, so that it never mixes generated
/// people into a real organisation.
async fn bench_data(
    config: &Config,
    employees: usize,
    departments: usize,
    attempts: usize,
    seed: u64,
) -> Result<(), String> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    if employees == 0 || departments == 0 {
        return Err("--employees and --departments must be at least 1".into());
    }
    let content = crate::startup::load_content(config).map_err(|e| e.to_string())?;
    let db = connect(config).await.map_err(|e| e.to_string())?;
    if app::db::user::Entity::find()
        .count(&db)
        .await
        .map_err(|e| e.to_string())?
        > 0
    {
        return Err("the database already has accounts; bench-data needs an empty one".into());
    }
    let started = std::time::Instant::now();
    let now = Clock::System.now();
    let units = crate::generate::departments(&db, departments, now)
        .await
        .map_err(|e| e.to_string())?;
    let spec = crate::generate::Spec {
        employees,
        attempts,
        seed,
        prefix: "B".to_owned(),
        is_demo: false,
    };
    crate::generate::people(&db, &content, &units, &spec, now)
        .await
        .map_err(|e| e.to_string())?;
    outln!(
        "generated {departments} units, {employees} employees and {attempts} quiz attempts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn item_stats_rebuild(config: &Config) -> Result<(), String> {
    let content = crate::startup::load_content(config).map_err(|e| e.to_string())?;
    let db = connect(config).await.map_err(|e| e.to_string())?;
    let counted = app::quiz::statistics::rebuild(
        &db,
        &content,
        Clock::System.now(),
        config.retention.quiz_attempts_days,
    )
    .await
    .map_err(|e| e.to_string())?;
    outln!("item statistics rebuilt from {counted} graded attempts");
    Ok(())
}

/// An application error as a sentence for the command line: for invalid input each field with
/// the catalogue's German text (as the pages show it), e.g. "email: Diese E-Mail-Adresse gehört
/// schon zu einem Konto.", instead of a bare "invalid input".
fn explain(error: &app::error::AppError) -> String {
    let i18n = app::i18n::I18n { locale: Locale::De };
    match error.field_errors() {
        [] => error.to_string(),
        fields => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, i18n.t(&f.message)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::explain;
    use app::error::AppError;

    #[test]
    fn invalid_input_on_the_command_line_names_the_field_and_the_reason() {
        let said = explain(&AppError::invalid("email", "email-taken"));
        assert!(said.starts_with("email: "), "{said}");
        assert!(!said.contains("invalid input"), "{said}");
        assert!(
            !said.contains("email-taken"),
            "the catalogue's sentence, not its key: {said}"
        );
        assert_eq!(explain(&AppError::NotFound), "not found");
    }
}
