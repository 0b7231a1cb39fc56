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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = runtime.block_on(run());
    if !ok {
        std::process::exit(1);
    }
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
