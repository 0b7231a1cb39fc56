//! Employee import benchmark (`cargo bench -p tests --bench import`): a generated HR export of
//! 20,000 people in 150 units, uploaded, previewed and applied over HTTP against the real
//! server; then a re-import with changes (a tenth moves unit, a twentieth changes name, 2 %
//! leave); then the preview of a 200,000-line file (about 6.5 MB, under the upload limit). On
//! SQLite, or on PostgreSQL with `TEST_DATABASE_URL=postgres://…`.
//!
//! While a preview or an apply runs, a probe asks `/healthz` and `session/info` (which reads the
//! session from the database) every 10 ms, and reports the slowest answer and any failure: other
//! people must keep being served.
//!
//! Budgets: a 20,000-line preview in at most 2 s, an apply in at most 5 s. The run exits with
//! status 1 when a budget is missed or a probe request fails. Sizes: `FS_BENCH_IMPORT_ROWS`,
//! `FS_BENCH_IMPORT_LARGE_ROWS`.
//!
//! Then the question-bank importers (`content import-moodle-xml`, `content import-gift`), in
//! process: generated Moodle XML exports of 1, 2 and 10 MB and a 10 MB GIFT file, each read,
//! checked, written as a quiz file and reported, as the command does (without the file I/O).
//! Budget: a 10 MB Moodle XML file in at most 5 s; the smaller files and the GIFT file get the
//! same rate (0.5 s per MB), so that a conversion that grows faster than the file shows. A
//! conversion still running after `FS_BENCH_QUESTION_BANK_TIMEOUT` seconds (default 60) is
//! reported as over budget and the larger files of its format are skipped.
//!
//! `cargo bench -p tests --bench import -- employees` or `-- questions` runs one part only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use app::auth::Role;
use app::context::Clock;
use app::db::department;
use sea_orm::EntityTrait;
use tests::{TestApp, TestDatabase};

const PREVIEW_BUDGET: Duration = Duration::from_secs(2);
const APPLY_BUDGET: Duration = Duration::from_secs(5);

fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; anything else names the parts to run.
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    let mut ok = true;
    if wants("employees") {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        ok &= runtime.block_on(run());
    }
    if wants("questions") {
        ok &= question_banks::run();
    }
    // A conversion that overran its time may still be running in its thread: exit ends it.
    std::process::exit(if ok { 0 } else { 1 });
}

/// The people of an HR export: `(personnel number, last name, first name, email, unit code)`.
struct Person {
    number: String,
    last: String,
    first: String,
    email: String,
    unit: String,
    active: bool,
}

fn people(count: usize, units: &[String]) -> Vec<Person> {
    (0..count)
        .map(|i| Person {
            // Short values: 200,000 lines stay under the 10 MB upload limit, as a real export of
            // that size (about 6.5 MB) does.
            number: format!("{}", 100_000 + i),
            last: format!("N{i}"),
            first: format!("V{}", i % 977),
            email: format!("p{i}@b.de"),
            unit: units[i % units.len()].clone(),
            active: true,
        })
        .collect()
}

fn csv(people: &[Person]) -> Vec<u8> {
    let mut text = String::with_capacity(people.len() * 80);
    text.push_str("Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit;Aktiv\r\n");
    for p in people {
        text.push_str(&format!(
            "{};{};{};{};{};{}\r\n",
            p.number,
            p.last,
            p.first,
            p.email,
            p.unit,
            if p.active { "ja" } else { "nein" }
        ));
    }
    text.into_bytes()
}

async fn upload(app: &TestApp, client: &reqwest::Client, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("export.csv"),
    );
    let response = client
        .post(app.url("/organisation/import/upload"))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(!location.contains('?'), "upload refused: {location}");
    location.rsplit('/').next().unwrap().to_owned()
}

/// Latencies of other people's requests while something runs.
#[derive(Default)]
struct Probe {
    samples: Vec<Duration>,
    failures: usize,
}

impl Probe {
    fn report(&self) -> String {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let max = sorted.last().copied().unwrap_or_default();
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
        format!(
            "{} requests by others meanwhile: median {:.0} ms, slowest {:.0} ms, {} failed",
            sorted.len(),
            ms(median),
            ms(max),
            self.failures
        )
    }
}

/// Runs `work` while a colleague's browser asks for `/healthz` and its session every 10 ms.
async fn probed<F, T>(app: &TestApp, colleague: &reqwest::Client, work: F) -> (T, Duration, Probe)
where
    F: std::future::Future<Output = T>,
{
    let stop = Arc::new(AtomicBool::new(false));
    let probe = {
        let stop = stop.clone();
        let (health, session) = (app.url("/healthz"), app.url("/api/session/info"));
        let (client, origin) = (colleague.clone(), app.url(""));
        tokio::spawn(async move {
            let mut probe = Probe::default();
            while !stop.load(Ordering::Relaxed) {
                for request in [
                    client.get(&health),
                    client
                        .post(&session)
                        .header("Origin", &origin)
                        .header("Sec-Fetch-Site", "same-origin"),
                ] {
                    let started = Instant::now();
                    match request.send().await {
                        Ok(response) if response.status().is_success() => {
                            let _ = response.bytes().await;
                            probe.samples.push(started.elapsed());
                        }
                        _ => probe.failures += 1,
                    }
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            probe
        })
    };
    let started = Instant::now();
    let result = work.await;
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    (result, elapsed, probe.await.unwrap())
}

async fn run() -> bool {
    let rows = size("FS_BENCH_IMPORT_ROWS", 20_000);
    let large_rows = size("FS_BENCH_IMPORT_LARGE_ROWS", 200_000);
    let database = Arc::new(TestDatabase::create().await);
    let backend = if database.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = TestApp::spawn_on(database.clone(), Clock::System, |_| {})
        .await
        .expect("application starts");
    server::generate::departments(&app.db, 150, chrono::Utc::now())
        .await
        .unwrap();
    let units: Vec<String> = department::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|d| d.code)
        .collect();
    let (hr, _) = app.logged_in("hr@bench.example", &[Role::Hr]).await;
    let (colleague, _) = app
        .logged_in("kollegin@bench.example", &[Role::Employee])
        .await;
    println!(
        "employee import on {backend}: {rows} people in {} units",
        units.len()
    );

    let mut ok = true;
    let mut check = |what: &str, elapsed: Duration, budget: Option<Duration>, probe: &Probe| {
        let verdict = match budget {
            Some(budget) if elapsed > budget => {
                ok = false;
                format!("  OVER BUDGET ({:.0} ms)", ms(budget))
            }
            Some(budget) => format!("  (budget {:.0} ms)", ms(budget)),
            None => String::new(),
        };
        if probe.failures > 0 {
            ok = false;
        }
        println!("  {what:<44} {:>9.0} ms{verdict}", ms(elapsed));
        println!("      {}", probe.report());
    };

    // 1. The first import: everyone is new.
    let mut staff = people(rows, &units);
    let id = upload(&app, &hr, csv(&staff)).await;
    let (preview, elapsed, probe) = probed(&app, &colleague, async {
        app.call(&hr, "organisation/import/preview", &[("id", id.as_str())])
            .await
    })
    .await;
    assert_eq!(preview.status(), 200);
    let plan: serde_json::Value = preview.json().await.unwrap();
    assert_eq!(plan["creates_total"], rows, "{}", plan["problems"]);
    check("preview, all new", elapsed, Some(PREVIEW_BUDGET), &probe);
    let (page, elapsed, probe) = probed(&app, &colleague, async {
        app.page(&hr, &format!("/organisation/import/{id}")).await
    })
    .await;
    assert_eq!(page.0, 200);
    check("preview page (HTML), all new", elapsed, None, &probe);
    let (applied, elapsed, probe) = probed(&app, &colleague, async {
        app.call(&hr, "organisation/import/apply", &[("id", id.as_str())])
            .await
            .status()
    })
    .await;
    assert!(applied.is_success(), "{applied}");
    check("apply, all new", elapsed, Some(APPLY_BUDGET), &probe);

    // 2. A month later: a tenth moved, a twentieth changed name, 2 % left.
    for (i, person) in staff.iter_mut().enumerate() {
        if i % 10 == 3 {
            person.unit = units[(i + 7) % units.len()].clone();
        }
        if i % 20 == 5 {
            person.last.push_str("-Neu");
        }
        if i % 50 == 11 {
            person.active = false;
        }
    }
    let id = upload(&app, &hr, csv(&staff)).await;
    let (preview, elapsed, probe) = probed(&app, &colleague, async {
        app.call(&hr, "organisation/import/preview", &[("id", id.as_str())])
            .await
    })
    .await;
    let plan: serde_json::Value = preview.json().await.unwrap();
    assert_eq!(plan["problems_total"], 0, "{}", plan["problems"]);
    check("preview, changes", elapsed, Some(PREVIEW_BUDGET), &probe);
    // 400 people leaving is more than 20: HR confirms it.
    assert_eq!(plan["mass_deactivation"], true);
    let (applied, elapsed, probe) = probed(&app, &colleague, async {
        app.call(
            &hr,
            "organisation/import/apply",
            &[("id", id.as_str()), ("confirm_mass_deactivation", "on")],
        )
        .await
        .status()
    })
    .await;
    assert!(applied.is_success(), "{applied}");
    check(
        &format!(
            "apply, {} changed, {} deactivated",
            plan["updates_total"], plan["deactivating"]
        ),
        elapsed,
        Some(APPLY_BUDGET),
        &probe,
    );

    // 3. A file ten times as large, previewed against the 20,000 stored people.
    let large = csv(&people(large_rows, &units));
    let megabytes = large.len() as f64 / 1e6;
    let id = upload(&app, &hr, large).await;
    let (preview, elapsed, probe) = probed(&app, &colleague, async {
        app.call(&hr, "organisation/import/preview", &[("id", id.as_str())])
            .await
    })
    .await;
    assert_eq!(preview.status(), 200);
    check(
        &format!("preview, {large_rows} lines ({megabytes:.1} MB)"),
        elapsed,
        None,
        &probe,
    );

    // 4. Shutdown while a large preview runs: it finishes the request and stops.
    let slow = {
        let (hr, url, origin) = (
            hr.clone(),
            app.url("/api/organisation/import/preview"),
            app.url(""),
        );
        let id = id.clone();
        tokio::spawn(async move {
            hr.post(url)
                .header("Origin", origin)
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[("id", id)])
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    app.shutdown().await;
    let stopped = started.elapsed();
    println!(
        "  shutdown during a {large_rows}-line preview        {:>9.0} ms (the preview answered {:?})",
        ms(stopped),
        slow.await.unwrap()
    );
    ok
}

/// The question-bank importers on generated Moodle XML and GIFT files.
mod question_banks {
    use std::fmt::Write as _;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use server::content_import::{self, Format};

    use super::{ms, size};

    /// The budget: a 10 MB Moodle XML file in 5 s, i.e. 0.5 s per MB for every file.
    const BUDGET_PER_MB: Duration = Duration::from_millis(500);
    const MB: usize = 1_000_000;
    const LESSON: &str = "01-erste-lektion";

    /// A generated export and what its conversion must yield.
    struct Bank {
        source: String,
        /// Questions in the file, and how many of them convert.
        questions: usize,
        converted: usize,
        /// The line on which the last question starts.
        last_line: usize,
    }

    /// Topics of the generated questions; titles repeat, as they do in real banks.
    const TOPICS: &[&str] = &[
        "Personalausweis",
        "Meldefrist",
        "Datenschutz",
        "Phishing",
        "Aktenführung",
        "Barrierefreiheit",
        "Bürgeramt",
        "E-Akte",
        "Passwörter",
        "Informationssicherheit",
        "Onlinezugangsgesetz",
        "Vergaberecht",
    ];

    /// Appends `text`, counting its lines.
    struct Writer {
        out: String,
        line: usize,
    }

    impl Writer {
        fn new(capacity: usize) -> Writer {
            Writer {
                out: String::with_capacity(capacity + 4096),
                line: 1,
            }
        }

        fn push(&mut self, text: &str) {
            self.line += text.bytes().filter(|b| *b == b'\n').count();
            self.out.push_str(text);
        }
    }

    /// A Moodle XML export of about `bytes` bytes, written as Moodle's `qformat_xml` writes it:
    /// a category every 40 questions, multiple choice (one and several answers), true/false,
    /// short answer, matching and numeric questions with HTML texts, feedback and entities,
    /// and now and then an essay, which is listed as not converted.
    fn moodle_xml(bytes: usize) -> Bank {
        let mut w = Writer::new(bytes);
        w.push("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
        let (mut questions, mut converted, mut last_line) = (0, 0, 0);
        let mut i = 0usize;
        while w.out.len() < bytes {
            if i.is_multiple_of(40) {
                w.push(&format!(
                    "<!-- question: 0  -->\n  <question type=\"category\">\n    <category>\n      \
                     <text>$course$/top/Bench/Thema {}</text>\n    </category>\n    \
                     <info format=\"moodle_auto_format\">\n      <text></text>\n    </info>\n  \
                     </question>\n\n",
                    i / 40 + 1
                ));
            }
            i += 1;
            let topic = TOPICS[i % TOPICS.len()];
            // Every third title repeats: ids then need their -2, -3, … suffixes.
            let name = if i.is_multiple_of(3) {
                topic.to_owned()
            } else {
                format!("{topic} {i}")
            };
            let kind = match i % 20 {
                0 => "essay",
                1..=7 => "multichoice",
                8..=10 => "multichoice-multiple",
                11..=13 => "truefalse",
                14..=15 => "shortanswer",
                16..=17 => "matching",
                _ => "numerical",
            };
            let moodle_type = kind.trim_end_matches("-multiple");
            w.push(&format!("<!-- question: {}  -->\n", 1000 + i));
            last_line = w.line;
            questions += 1;
            if kind != "essay" {
                converted += 1;
            }
            let mut q = String::with_capacity(2048);
            write!(
                q,
                "  <question type=\"{moodle_type}\">\n    <name>\n      <text>{name}</text>\n    \
                 </name>\n    <questiontext format=\"html\">\n      <text><![CDATA[<p>Frage {i} \
                 zum Thema <strong>{topic}</strong>: Was gilt im B&uuml;rgeramt, wenn ein Antrag \
                 &bdquo;unvollst&auml;ndig&ldquo; eingeht?&nbsp;</p>]]></text>\n    \
                 </questiontext>\n    <generalfeedback format=\"html\">\n      \
                 <text><![CDATA[<p>Siehe die Dienstanweisung, Abschnitt {}.</p>]]></text>\n    \
                 </generalfeedback>\n    <defaultgrade>1.0000000</defaultgrade>\n    \
                 <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n    <idnumber></idnumber>\n",
                i % 17 + 1
            )
            .unwrap();
            match kind {
                "multichoice" | "multichoice-multiple" => {
                    let single = kind == "multichoice";
                    write!(
                        q,
                        "    <single>{single}</single>\n    <shuffleanswers>true</shuffleanswers>\n    \
                         <answernumbering>abc</answernumbering>\n    <correctfeedback format=\"html\">\n      \
                         <text>Ihre Antwort ist richtig.</text>\n    </correctfeedback>\n    \
                         <partiallycorrectfeedback format=\"html\">\n      <text></text>\n    \
                         </partiallycorrectfeedback>\n    <incorrectfeedback format=\"html\">\n      \
                         <text>Ihre Antwort ist falsch.</text>\n    </incorrectfeedback>\n    \
                         <shownumcorrect/>\n"
                    )
                    .unwrap();
                    let fractions: &[&str] = if single {
                        &["100", "0", "0", "0"]
                    } else {
                        &["50", "50", "-50", "-50"]
                    };
                    for (k, fraction) in fractions.iter().enumerate() {
                        write!(
                            q,
                            "    <answer fraction=\"{fraction}\" format=\"html\">\n      \
                             <text><![CDATA[<p>Antwort {k} zu Frage {i}: die Beh&ouml;rde \
                             pr&uuml;ft &amp; entscheidet</p>]]></text>\n      <feedback \
                             format=\"html\">\n        <text>Erkl&auml;rung {k}.</text>\n      \
                             </feedback>\n    </answer>\n"
                        )
                        .unwrap();
                    }
                }
                "truefalse" => {
                    for (value, fraction) in [("true", "100"), ("false", "0")] {
                        write!(
                            q,
                            "    <answer fraction=\"{fraction}\" format=\"moodle_auto_format\">\n      \
                             <text>{value}</text>\n      <feedback format=\"html\">\n        \
                             <text>So ist es {value}.</text>\n      </feedback>\n    </answer>\n"
                        )
                        .unwrap();
                    }
                }
                "shortanswer" => {
                    q.push_str("    <usecase>0</usecase>\n");
                    for (text, fraction) in [("E-Akte", "100"), ("eAkte", "100"), ("*", "0")] {
                        write!(
                            q,
                            "    <answer fraction=\"{fraction}\" format=\"moodle_auto_format\">\n      \
                             <text>{text}</text>\n      <feedback format=\"html\">\n        \
                             <text>Hinweis zu {text}.</text>\n      </feedback>\n    </answer>\n"
                        )
                        .unwrap();
                    }
                }
                "matching" => {
                    q.push_str("    <shuffleanswers>true</shuffleanswers>\n");
                    for (left, right) in [
                        ("Meldebescheinigung", "Bürgeramt"),
                        ("Baugenehmigung", "Bauamt"),
                        ("Hundesteuer", "Steueramt"),
                    ] {
                        write!(
                            q,
                            "    <subquestion format=\"html\">\n      <text><![CDATA[<p>{left} \
                             ({i})</p>]]></text>\n      <answer>\n        <text>{right}</text>\n      \
                             </answer>\n    </subquestion>\n"
                        )
                        .unwrap();
                    }
                }
                "numerical" => {
                    write!(
                        q,
                        "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n      \
                         <text>{}</text>\n      <feedback format=\"html\">\n        \
                         <text>Richtig.</text>\n      </feedback>\n      \
                         <tolerance>0.5</tolerance>\n    </answer>\n    <answer fraction=\"0\" \
                         format=\"moodle_auto_format\">\n      <text>*</text>\n      <feedback \
                         format=\"html\">\n        <text>Z&auml;hlen Sie nach.</text>\n      \
                         </feedback>\n      <tolerance>0</tolerance>\n    </answer>\n    \
                         <units>\n      <unit>\n        <multiplier>1</multiplier>\n        \
                         <unit_name>Tage</unit_name>\n      </unit>\n    </units>\n",
                        i % 90 + 1
                    )
                    .unwrap();
                }
                _ => q.push_str("    <responseformat>editor</responseformat>\n"),
            }
            q.push_str("  </question>\n\n");
            w.push(&q);
        }
        w.push("</quiz>\n");
        Bank {
            source: w.out,
            questions,
            converted,
            last_line,
        }
    }

    /// A GIFT file of about `bytes` bytes: `$CATEGORY:` every 40 questions, comment lines,
    /// titles, multi-line answer blocks of every kind, escapes, and now and then an essay.
    fn gift(bytes: usize) -> Bank {
        let mut w = Writer::new(bytes);
        let (mut questions, mut converted, mut last_line) = (0, 0, 0);
        let mut i = 0usize;
        while w.out.len() < bytes {
            if i.is_multiple_of(40) {
                w.push(&format!(
                    "$CATEGORY: $course$/top/Bench/Thema {}\n\n",
                    i / 40 + 1
                ));
            }
            i += 1;
            let topic = TOPICS[i % TOPICS.len()];
            let name = if i.is_multiple_of(3) {
                topic.to_owned()
            } else {
                format!("{topic} {i}")
            };
            w.push(&format!("// Frage {i}\n"));
            last_line = w.line;
            questions += 1;
            let head = format!(
                "::{name}::[html]<p>Frage {i} zum Thema <b>{topic}</b>\\: Was gilt, wenn ein \
                 Antrag \\{{unvollst&auml;ndig\\}} eingeht?</p>"
            );
            let body = match i % 20 {
                0 => "{}".to_owned(),
                1..=7 => format!(
                    "{{\n=Die Behörde prüft {i}#Richtig\\: so steht es im Gesetz.\n~Nichts\
                     #Nein.\n~Der Antrag gilt als abgelehnt\n~Es entscheidet das Los\n\
                     ####Siehe die Dienstanweisung, Abschnitt {}.\n}}",
                    i % 17 + 1
                ),
                8..=10 => format!(
                    "{{\n~%50%Gesundheitsdaten {i}#Ja.\n~%50%Religiöse Überzeugungen\n\
                     ~%-50%Die Telefonnummer des Amts\n~%-50%Die Postleitzahl\n}}"
                ),
                11..=13 => "{T#Doch.#Richtig.}".to_owned(),
                14..=15 => "{=E-Akte =eAkte#gut}".to_owned(),
                16..=17 => format!(
                    "{{\n=Meldebescheinigung {i} -> Bürgeramt\n=Baugenehmigung -> Bauamt\n\
                     =Hundesteuer -> Steueramt\n}}"
                ),
                _ => format!("{{#{}:0.5}}", i % 90 + 1),
            };
            if !i.is_multiple_of(20) {
                converted += 1;
            }
            w.push(&format!("{head}{body}\n\n"));
        }
        Bank {
            source: w.out,
            questions,
            converted,
            last_line,
        }
    }

    /// What one conversion took, phase by phase.
    struct Timing {
        read: Duration,
        quiz: Duration,
        report: Duration,
        converted: usize,
        not_converted: usize,
        last_line: usize,
    }

    /// Reads, writes the quiz file and the report, as `content import-…` does.
    fn convert(format: Format, source: &str) -> Timing {
        let started = Instant::now();
        let import = content_import::read(format, source).expect("the generated file is read");
        let read = started.elapsed();
        let started = Instant::now();
        let quiz = content_import::quiz_toml(&import, LESSON, "bench", format).unwrap();
        let quiz_time = started.elapsed();
        let started = Instant::now();
        let report = content_import::report(&import, "bench", LESSON);
        let report_time = started.elapsed();
        assert!(quiz.len() > source.len() / 10 && !report.is_empty());
        Timing {
            read,
            quiz: quiz_time,
            report: report_time,
            converted: import.questions.len(),
            not_converted: import.not_converted.len(),
            last_line: import
                .questions
                .iter()
                .map(|q| q.line)
                .chain(import.not_converted.iter().map(|n| n.line))
                .max()
                .unwrap_or(0),
        }
    }

    /// Converts in a thread of its own, so that a conversion far over budget can be given up.
    fn convert_within(format: Format, source: String, limit: Duration) -> Option<Timing> {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            // The stack of a command's main thread.
            .stack_size(8 << 20)
            .spawn(move || {
                let _ = sender.send(convert(format, &source));
            })
            .unwrap();
        receiver.recv_timeout(limit).ok()
    }

    pub fn run() -> bool {
        let limit = Duration::from_secs(size("FS_BENCH_QUESTION_BANK_TIMEOUT", 60) as u64);
        println!(
            "question-bank import (content import-moodle-xml / import-gift), generated files, \
             budget 10 MB Moodle XML in {:.0} ms",
            ms(BUDGET_PER_MB * 10)
        );
        let mut ok = true;
        let cases: [(Format, &str, usize); 4] = [
            (Format::MoodleXml, "Moodle XML", MB),
            (Format::MoodleXml, "Moodle XML", 2 * MB),
            (Format::MoodleXml, "Moodle XML", 10 * MB),
            (Format::Gift, "GIFT", 10 * MB),
        ];
        let mut given_up: Vec<Format> = Vec::new();
        for (format, name, bytes) in cases {
            let bank = match format {
                Format::MoodleXml => moodle_xml(bytes),
                Format::Gift => gift(bytes),
            };
            let megabytes = bank.source.len() as f64 / MB as f64;
            let what = format!("{name}, {megabytes:.1} MB, {} questions", bank.questions);
            // The file is the size asked for plus at most one question: budget that size.
            let budget = BUDGET_PER_MB * (bytes / MB) as u32;
            if given_up.contains(&format) {
                println!("  {what:<44}   skipped (a smaller file did not finish)");
                ok = false;
                continue;
            }
            let (questions, converted, last_line) =
                (bank.questions, bank.converted, bank.last_line);
            let started = Instant::now();
            let Some(timing) = convert_within(format, bank.source, limit) else {
                println!(
                    "  {what:<44} >{:>8.0} ms  OVER BUDGET ({:.0} ms): did not finish, given up",
                    ms(limit),
                    ms(budget)
                );
                given_up.push(format);
                ok = false;
                continue;
            };
            let elapsed = started.elapsed();
            let verdict = if elapsed > budget {
                ok = false;
                format!("  OVER BUDGET ({:.0} ms)", ms(budget))
            } else {
                format!("  (budget {:.0} ms)", ms(budget))
            };
            println!("  {what:<44} {:>9.0} ms{verdict}", ms(elapsed));
            println!(
                "      read and check {:.0} ms, quiz file {:.0} ms, report {:.0} ms; {} converted, \
                 {} not converted",
                ms(timing.read),
                ms(timing.quiz),
                ms(timing.report),
                timing.converted,
                timing.not_converted
            );
            assert_eq!(timing.converted, converted, "{what}: converted questions");
            assert_eq!(
                timing.converted + timing.not_converted,
                questions,
                "{what}: questions"
            );
            assert_eq!(
                timing.last_line, last_line,
                "{what}: line of the last question"
            );
        }
        ok
    }
}
