//! Footprint benchmark (`cargo bench -p tests --bench footprint`): what the server costs to
//! start and to keep running, measured on the release binary `fuehrerschein` in a process of its
//! own, so that its resident memory (`VmRSS` and the peak `VmHWM` of `/proc/<pid>/status`) is the
//! server's alone. On SQLite, or on PostgreSQL with `TEST_DATABASE_URL=postgres://…`.
//!
//! Rows and budgets (issue 15, point 7: keep what already holds):
//!
//! 1. first response after a start on an existing database (migrated, with the demo data): the
//!    time from spawning the process to the first `200` of `/healthz`, and of `/login` (a
//!    server-rendered page), the slowest of several starts: ≤ 2 s;
//! 2. resident memory when idle after a warm-up (some hundred requests over the pages of an
//!    anonymous visitor, a logged-in learner and HR): ≤ 50 MB;
//! 3. resident memory at its peak while 500 keep-alive connections request pages at once
//!    (logged-in and anonymous): ≤ 256 MB;
//! 4. opt-in with `BENCH_FRESH_CLONE=1`, because it takes minutes and both cores: a fresh
//!    `git clone` of the committed `HEAD` (with `../shared` beside it, its own target directory)
//!    runs `./dev run` until `/login` answers: ≤ 8 minutes.
//!
//! MB are 2^20 bytes here, as `/proc` counts in KiB. The binary is built first with
//! `cargo build --release -p server --bin fuehrerschein` (nothing to do when it is current);
//! `BENCH_SERVER_BINARY=path` measures another one instead. `BENCH_FOOTPRINT_CONNECTIONS` and
//! `BENCH_FOOTPRINT_SECONDS` change the load of row 3, `BENCH_FOOTPRINT_STARTS` the number of
//! timed starts. The run exits with status 1 when a budget is missed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tests::TestDatabase;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// Budgets.
const FIRST_RESPONSE_BUDGET: Duration = Duration::from_secs(2);
const IDLE_BUDGET_KIB: u64 = 50 * 1024;
const LOADED_BUDGET_KIB: u64 = 256 * 1024;
const FRESH_CLONE_BUDGET: Duration = Duration::from_secs(8 * 60);

/// The demo data the server creates on an empty database in the development profile.
const DEMO_PASSWORD: &str = "fuehrerschein-demo";
const LEARNER: &str = "beschaeftigte@musterstadt.example";
const HR: &str = "personal@musterstadt.example";
const MODULE: &str = "e-akte";
const LESSON: &str = "01-warum-die-e-akte";

struct Settings {
    connections: usize,
    seconds: u64,
    starts: usize,
    warmup_rounds: usize,
    fresh_clone: bool,
}

impl Settings {
    fn from_env() -> Settings {
        let get = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|v| *v > 0)
                .unwrap_or(default)
        };
        Settings {
            connections: get("BENCH_FOOTPRINT_CONNECTIONS", 500),
            seconds: get("BENCH_FOOTPRINT_SECONDS", 5) as u64,
            starts: get("BENCH_FOOTPRINT_STARTS", 3),
            warmup_rounds: 20,
            fresh_clone: std::env::var("BENCH_FRESH_CLONE").is_ok_and(|v| v == "1"),
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and this run builds and
    // starts release binaries.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("footprint benchmark: run it with `cargo bench -p tests --bench footprint`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("footprint")
        .enable_all()
        .build()
        .expect("runtime");
    let all_passed = runtime.block_on(run(Settings::from_env()));
    drop(runtime);
    if !all_passed {
        std::process::exit(1);
    }
}

fn progress(message: &str) {
    eprintln!("footprint: {message}");
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

async fn run(settings: Settings) -> bool {
    let mut report = Report::default();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        report.note(format!(
            "{cores} cores; load average before the run {one_minute}"
        ));
    }

    let Some(binary) = server_binary() else {
        eprintln!("footprint: the release binary could not be built");
        return false;
    };
    report.note(format!("server: {}", binary.display()));

    let database = TestDatabase::create().await;
    let label = if database.is_postgres() {
        "PostgreSQL (TEST_DATABASE_URL)"
    } else {
        "SQLite (file in the temp directory)"
    };
    let data_dir = std::env::temp_dir().join(format!("fs-footprint-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).expect("data directory");
    let launch = Launch {
        binary,
        database_url: database.url.clone(),
        data_dir: data_dir.clone(),
    };

    let ok = measure_server(&settings, &launch, &mut report).await;
    if !ok {
        report.fail_note("the server could not be measured; its log is kept".into());
    }

    fresh_clone_row(&settings, &mut report).await;

    if ok {
        let _ = std::fs::remove_dir_all(&data_dir);
    } else {
        report.note(format!(
            "server log: {}",
            data_dir.join("server.log").display()
        ));
    }
    drop(database);
    report.print(label);
    report.all_passed()
}

/// Rows 1 to 3 on one database. False when the server could not be started or logged into.
async fn measure_server(settings: &Settings, launch: &Launch, report: &mut Report) -> bool {
    // The existing database: the first start migrates it and creates the demo data.
    progress("first start on the empty database (migrations, demo data)");
    let Some(server) = ServerProcess::spawn(launch) else {
        return false;
    };
    let Some(ready) = first_ok(&server, "/readyz").await else {
        return false;
    };
    report.row(
        "first start on an empty database (migrations, demo data) until /readyz".into(),
        seconds(ready),
        "–".into(),
        None,
    );
    server.stop().await;

    // Row 1: starts on the existing database, each timed from spawning the process.
    let mut health = Vec::new();
    let mut login = Vec::new();
    let mut running = None;
    for start in 1..=settings.starts {
        progress(&format!(
            "start {start} of {} on the existing database",
            settings.starts
        ));
        let Some(server) = ServerProcess::spawn(launch) else {
            return false;
        };
        let (Some(first_health), Some(first_login)) = (
            first_ok(&server, "/healthz").await,
            first_ok(&server, "/login").await,
        ) else {
            return false;
        };
        health.push(first_health);
        login.push(first_login);
        if start == settings.starts {
            running = Some(server);
        } else {
            server.stop().await;
        }
    }
    let server = running.expect("the last start keeps running");
    for (path, times) in [("/healthz", &health), ("/login", &login)] {
        let slowest = times.iter().max().copied().unwrap_or_default();
        let all: Vec<String> = times.iter().map(|t| millis(*t)).collect();
        report.row(
            format!(
                "first 200 of {path} after start on the existing database (slowest of {})",
                times.len()
            ),
            format!("{} ms (each: {})", millis(slowest), all.join(", ")),
            format!("≤ {} ms", FIRST_RESPONSE_BUDGET.as_millis()),
            Some(slowest <= FIRST_RESPONSE_BUDGET),
        );
    }

    // Row 2: idle after a warm-up.
    let Some(visit) = Visit::log_in(server.addr).await else {
        report.fail_note("the demo learner or HR could not log in".into());
        server.stop().await;
        return false;
    };
    progress("warm-up");
    let (requests, failures) = visit.warm_up(settings.warmup_rounds).await;
    if failures > 0 {
        report.fail_note(format!("warm-up: {failures} of {requests} requests failed"));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle = server.memory();
    report.row(
        format!("resident memory idle after a warm-up of {requests} page requests"),
        format!(
            "{} ({} of it files, mostly the binary's code; peak so far {})",
            mb(idle.rss),
            mb(idle.file),
            mb(idle.hwm)
        ),
        format!("≤ {}", mb(IDLE_BUDGET_KIB)),
        Some(idle.rss <= IDLE_BUDGET_KIB && failures == 0),
    );

    // Row 3: the peak under many connections.
    progress(&format!(
        "{} keep-alive connections for {} s",
        settings.connections, settings.seconds
    ));
    let load = many_connections(&server, &visit, settings).await;
    let loaded = server.memory();
    let peak = loaded.hwm.max(load.sampled_peak);
    report.row(
        format!(
            "resident memory, peak while {} keep-alive connections request pages \
             ({} responses in {} s, {} connected)",
            settings.connections, load.responses, settings.seconds, load.connected
        ),
        mb(peak),
        format!("≤ {}", mb(LOADED_BUDGET_KIB)),
        Some(
            peak <= LOADED_BUDGET_KIB
                && load.failures == 0
                && load.connected == settings.connections,
        ),
    );
    if load.failures > 0 {
        report.fail_note(format!(
            "{} connections: {} requests failed or had an unexpected status",
            settings.connections, load.failures
        ));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = server.memory();
    report.row(
        "resident memory 3 s after the connections closed".into(),
        mb(after.rss),
        "–".into(),
        None,
    );
    server.stop().await;
    true
}

// ---------------------------------------------------------------------------------------------
// The server process

/// Where the release binary is: beside this benchmark's own directory (`<target>/release`).
fn release_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // <target>/release/deps/footprint-<hash>
    Some(exe.parent()?.parent()?.to_owned())
}

/// Builds the release binary as production does (`cargo build --release -p server`), unless
/// `BENCH_SERVER_BINARY` names one.
fn server_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BENCH_SERVER_BINARY") {
        return Some(PathBuf::from(path));
    }
    progress("cargo build --release -p server --bin fuehrerschein");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "-p",
            "server",
            "--bin",
            "fuehrerschein",
        ])
        .current_dir(workspace_root())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let binary = release_dir()?.join("fuehrerschein");
    binary.is_file().then_some(binary)
}

struct Launch {
    binary: PathBuf,
    database_url: String,
    data_dir: PathBuf,
}

struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    spawned: Instant,
}

#[derive(Clone, Copy)]
struct Memory {
    /// Resident now, KiB.
    rss: u64,
    /// Of which pages of files: mostly the binary's own code, shared and reclaimable.
    file: u64,
    /// Resident at the peak since the process started, KiB.
    hwm: u64,
}

impl ServerProcess {
    /// Starts the binary on port 0 and waits until it logs the port it bound. The configuration
    /// comes from the environment only (no `fuehrerschein.toml`: the working directory is the
    /// data directory): development profile with demo data, mail into files.
    fn spawn(launch: &Launch) -> Option<ServerProcess> {
        let root = workspace_root();
        let site = release_dir()
            .and_then(|release| release.parent().map(|target| target.join("site")))
            .filter(|site| site.is_dir())
            .unwrap_or_else(|| root.join("target/site"));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(launch.data_dir.join("server.log"))
            .ok()?;
        let log = Arc::new(Mutex::new(log));
        let mut command = Command::new(&launch.binary);
        for (name, _) in std::env::vars_os() {
            let name_str = name.to_string_lossy();
            if name_str.starts_with("FUEHRERSCHEIN_") || name_str == "DATABASE_URL" {
                command.env_remove(&name);
            }
        }
        command
            .arg("serve")
            .current_dir(&launch.data_dir)
            .env("FUEHRERSCHEIN_PROFILE", "development")
            .env("FUEHRERSCHEIN_DEMO_DATA", "true")
            .env("FUEHRERSCHEIN_BIND", "127.0.0.1:0")
            .env("FUEHRERSCHEIN_BASE_URL", "http://127.0.0.1:0")
            .env("DATABASE_URL", &launch.database_url)
            .env("FUEHRERSCHEIN_DATA_DIR", &launch.data_dir)
            .env("FUEHRERSCHEIN_SITE_ROOT", site)
            .env("FUEHRERSCHEIN_CONTENT_DIR", root.join("content"))
            .env("FUEHRERSCHEIN_LOG_FORMAT", "json")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let spawned = Instant::now();
        let mut child = command.spawn().ok()?;
        let (port_tx, port_rx) = mpsc::channel();
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let (log, port_tx) = (log.clone(), port_tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains("\"listening\"")
                        && let Some(port) = logged_port(&line)
                    {
                        let _ = port_tx.send(port);
                    }
                    if let Ok(mut log) = log.lock() {
                        let _ = writeln!(log, "{line}");
                    }
                }
            });
        }
        let port = loop {
            match port_rx.recv_timeout(Duration::from_millis(1)) {
                Ok(port) => break port,
                Err(_) if spawned.elapsed() > Duration::from_secs(120) => {
                    let _ = child.kill();
                    return None;
                }
                Err(_) => {
                    if child.try_wait().ok().flatten().is_some() {
                        progress("the server ended before it listened; see its log");
                        return None;
                    }
                }
            }
        };
        Some(ServerProcess {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            spawned,
        })
    }

    fn memory(&self) -> Memory {
        memory_of(self.child.id()).unwrap_or(Memory {
            rss: 0,
            file: 0,
            hwm: 0,
        })
    }

    /// SIGTERM, as a service manager stops it; the server finishes running requests.
    async fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port of the JSON log line `"listening"`, e.g. `…"port":41234,…`.
fn logged_port(line: &str) -> Option<u16> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let port = value
        .get("fields")
        .and_then(|f| f.get("port"))
        .or_else(|| value.get("port"))?;
    port.as_u64().and_then(|p| u16::try_from(p).ok())
}

fn memory_of(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some(Memory {
        rss: field("VmRSS:")?,
        file: field("RssFile:")?,
        hwm: field("VmHWM:")?,
    })
}

/// Time from spawning the process to the first `200` of `path`, asking again every millisecond
/// (each time on a new connection, as a load balancer's probe would).
async fn first_ok(server: &ServerProcess, path: &str) -> Option<Duration> {
    let deadline = server.spawned + Duration::from_secs(120);
    while Instant::now() < deadline {
        if status_of(server.addr, path).await == Some(200) {
            return Some(server.spawned.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    progress(&format!("{path} did not answer 200 within 120 s"));
    None
}

/// One plain HTTP/1.1 GET; the status code only.
async fn status_of(addr: SocketAddr, path: &str) -> Option<u16> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = [0u8; 16];
        stream.read_exact(&mut head).await.ok()?;
        // "HTTP/1.1 200 OK"
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .ok()
        .flatten()
}

// ---------------------------------------------------------------------------------------------
// Visitors

/// Session cookies of the demo learner and HR, and the pages they visit.
struct Visit {
    addr: SocketAddr,
    learner: String,
    hr: String,
}

impl Visit {
    async fn log_in(addr: SocketAddr) -> Option<Visit> {
        Some(Visit {
            addr,
            learner: session_of(addr, LEARNER).await?,
            hr: session_of(addr, HR).await?,
        })
    }

    /// `(cookie, path)` of the pages of the warm-up: anonymous, the learner's, HR's reports.
    fn pages(&self) -> Vec<(Option<&str>, String)> {
        let learner = Some(self.learner.as_str());
        let hr = Some(self.hr.as_str());
        vec![
            (None, "/healthz".into()),
            (None, "/login".into()),
            (None, "/verify".into()),
            (learner, "/".into()),
            (learner, "/learn".into()),
            (learner, format!("/modules/{MODULE}")),
            (learner, format!("/modules/{MODULE}/lessons/{LESSON}")),
            (learner, "/evidence".into()),
            (learner, "/certificate".into()),
            (learner, "/settings".into()),
            (learner, "/scouts".into()),
            (hr, "/reports".into()),
            (hr, "/reports/heatmap".into()),
        ]
    }

    /// `rounds` times every page, one after the other. Returns (requests, failures).
    async fn warm_up(&self, rounds: usize) -> (usize, usize) {
        let pages = self.pages();
        let mut sender = connect(self.addr).await;
        let (mut requests, mut failures) = (0, 0);
        for _ in 0..rounds {
            for (cookie, path) in &pages {
                requests += 1;
                match send(&mut sender, page_request(self.addr, path, *cookie)).await {
                    Ok(200) => {}
                    Ok(status) => {
                        failures += 1;
                        progress(&format!("warm-up: {path} answered {status}"));
                    }
                    Err(_) => {
                        failures += 1;
                        sender = connect(self.addr).await;
                    }
                }
            }
        }
        (requests, failures)
    }
}

/// Logs a demo account in through the login server function; its session cookie.
async fn session_of(addr: SocketAddr, email: &str) -> Option<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .ok()?;
    let origin = format!("http://{addr}");
    let response = client
        .post(format!("{origin}/api/login"))
        .header("Origin", &origin)
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .ok()?;
    let cookie = tests::session_cookie(response.headers())?;
    Some(cookie.split(';').next()?.to_owned())
}

fn page_request(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(Method::GET)
        .uri(path)
        .header("host", addr.to_string())
        .header("accept", "text/html,application/xhtml+xml");
    if let Some(cookie) = cookie {
        builder = builder.header("cookie", cookie);
    }
    builder
        .body(Full::new(Bytes::new()))
        .expect("valid request")
}

type Sender = SendRequest<Full<Bytes>>;

/// One keep-alive HTTP/1 connection.
async fn connect(addr: SocketAddr) -> Sender {
    try_connect(addr).await.expect("connect to the server")
}

async fn try_connect(addr: SocketAddr) -> Option<Sender> {
    let stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    stream.set_nodelay(true).ok()?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await.ok()?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Some(sender)
}

/// Sends one request and reads the whole body; the status.
async fn send(sender: &mut Sender, request: Request<Full<Bytes>>) -> Result<u16, String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    Ok(status)
}

struct Load {
    connected: usize,
    responses: u64,
    failures: u64,
    /// The highest `VmRSS` sampled every 10 ms, KiB.
    sampled_peak: u64,
}

/// All connections open first, then each asks for its next page as soon as the last one came
/// (a closed loop): as many requests in flight as connections. Half of them are the learner's
/// pages (module, lesson, catalogue), the others the login page of a visitor.
async fn many_connections(server: &ServerProcess, visit: &Visit, settings: &Settings) -> Load {
    let addr = server.addr;
    let learner = visit.learner.clone();
    let pages: Arc<Vec<(Option<String>, String)>> = Arc::new(vec![
        (Some(learner.clone()), format!("/modules/{MODULE}")),
        (None, "/login".into()),
        (
            Some(learner.clone()),
            format!("/modules/{MODULE}/lessons/{LESSON}"),
        ),
        (None, "/login".into()),
        (Some(learner), "/learn".into()),
        (None, "/login".into()),
    ]);
    let mut senders = Vec::with_capacity(settings.connections);
    for _ in 0..settings.connections {
        if let Some(sender) = try_connect(addr).await {
            senders.push(sender);
        }
    }
    let connected = senders.len();
    let responses = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(settings.seconds);
    let mut tasks = Vec::with_capacity(connected);
    for (index, mut sender) in senders.into_iter().enumerate() {
        let (pages, responses, failures) = (pages.clone(), responses.clone(), failures.clone());
        tasks.push(tokio::spawn(async move {
            let mut next = index;
            while Instant::now() < end {
                let (cookie, path) = &pages[next % pages.len()];
                next += 1;
                match send(&mut sender, page_request(addr, path, cookie.as_deref())).await {
                    Ok(200) => {
                        responses.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(_) => {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        failures.fetch_add(1, Ordering::Relaxed);
                        match try_connect(addr).await {
                            Some(again) => sender = again,
                            None => return,
                        }
                    }
                }
            }
        }));
    }
    let pid = server.child.id();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        while Instant::now() < end + Duration::from_millis(200) {
            if let Some(memory) = memory_of(pid) {
                peak = peak.max(memory.rss);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        peak
    });
    for task in tasks {
        let _ = task.await;
    }
    Load {
        connected,
        responses: responses.load(Ordering::Relaxed),
        failures: failures.load(Ordering::Relaxed),
        sampled_peak: sampler.await.unwrap_or(0),
    }
}

// ---------------------------------------------------------------------------------------------
// Row 4: a fresh clone's `./dev run`

async fn fresh_clone_row(settings: &Settings, report: &mut Report) {
    let what = "fresh clone: `./dev run` until /login answers (own target directory)";
    let budget = format!("≤ {} min", FRESH_CLONE_BUDGET.as_secs() / 60);
    if !settings.fresh_clone {
        report.row(
            what.into(),
            "skipped (set BENCH_FRESH_CLONE=1)".into(),
            budget,
            None,
        );
        return;
    }
    match fresh_clone().await {
        Ok((took, notes)) => {
            for note in notes {
                report.note(note);
            }
            report.row(
                what.into(),
                format!("{:.1} min", took.as_secs_f64() / 60.0),
                budget,
                Some(took <= FRESH_CLONE_BUDGET),
            );
        }
        Err(message) => {
            report.fail_note(format!("fresh clone: {message}"));
            report.row(what.into(), "failed".into(), budget, Some(false));
        }
    }
}

/// Clones the committed `HEAD` into a temporary folder with `../shared` beside it, runs
/// `./dev run` there on a free port in a process group of its own, and times it until `/login`
/// answers 200. The clone, its target directory and its process group go afterwards.
async fn fresh_clone() -> Result<(Duration, Vec<String>), String> {
    let root = workspace_root();
    let git = |args: &[&str], dir: &Path| -> Result<String, String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("git: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let commit = git(&["rev-parse", "HEAD"], &root)?;
    let mut notes = vec![format!(
        "fresh clone of commit {} (uncommitted changes are not in it)",
        &commit[..12.min(commit.len())]
    )];
    let folder = std::env::temp_dir().join(format!("fs-fresh-clone-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let clone = folder.join("main");
    let outcome = async {
        let clone_str = clone.to_string_lossy().into_owned();
        git(&["clone", "--quiet", "--no-checkout", &root.to_string_lossy(), &clone_str], &folder)?;
        git(&["checkout", "--quiet", "--detach", &commit], &clone)?;
        if let Some(shared) = root.parent().map(|p| p.join("shared")).filter(|s| s.is_dir()) {
            std::os::unix::fs::symlink(&shared, folder.join("shared")).map_err(|e| e.to_string())?;
        }
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|c| c.join("fuehrerschein"));
        let has_bindgen = cache
            .and_then(|c| std::fs::read_dir(c).ok())
            .is_some_and(|mut d| {
                d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("wasm-bindgen-")))
            });
        notes.push(if has_bindgen {
            "fresh clone: wasm-bindgen-cli was already in ~/.cache/fuehrerschein (built once per machine)".into()
        } else {
            "fresh clone: includes building wasm-bindgen-cli (once per machine)".into()
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let log = std::fs::File::create(folder.join("dev-run.log")).map_err(|e| e.to_string())?;
        let mut command = Command::new("./dev");
        command.arg("run").current_dir(&clone);
        for (name, _) in std::env::vars_os() {
            let name_str = name.to_string_lossy();
            let cargo_own = name_str == "CARGO"
                || (name_str.starts_with("CARGO_") && name_str != "CARGO_HOME");
            if cargo_own
                || name_str.starts_with("FUEHRERSCHEIN_")
                || name_str == "DATABASE_URL"
                || name_str.starts_with("RUSTC")
            {
                command.env_remove(&name);
            }
        }
        use std::os::unix::process::CommandExt;
        command
            .env("FUEHRERSCHEIN_BIND", format!("127.0.0.1:{port}"))
            .env("FUEHRERSCHEIN_BASE_URL", format!("http://127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .process_group(0);
        progress(&format!(
            "fresh clone: ./dev run in {} (log: dev-run.log there)",
            clone.display()
        ));
        let started = Instant::now();
        let mut child = command.spawn().map_err(|e| e.to_string())?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let limit = FRESH_CLONE_BUDGET * 3;
        let result = loop {
            if status_of(addr, "/login").await == Some(200) {
                break Ok(started.elapsed());
            }
            if let Ok(Some(status)) = child.try_wait() {
                break Err(format!(
                    "./dev run ended with {status}; its last lines:\n{}",
                    log_tail(&folder.join("dev-run.log"))
                ));
            }
            if started.elapsed() > limit {
                break Err(format!(
                    "no answer within {} min; the last lines of ./dev run:\n{}",
                    limit.as_secs() / 60,
                    log_tail(&folder.join("dev-run.log"))
                ));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        // The whole group: `./dev`, cargo and compilers, or the server it became.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", child.id())])
            .status();
        let _ = child.wait();
        result
    }
    .await;
    let _ = std::fs::remove_dir_all(&folder);
    outcome.map(|took| (took, notes))
}

/// The last lines of a log, to say how far a run got.
fn log_tail(path: &Path) -> String {
    let log = std::fs::read_to_string(path).unwrap_or_default();
    let mut tail: Vec<&str> = log.lines().rev().take(10).collect();
    tail.reverse();
    tail.join("\n")
}

// ---------------------------------------------------------------------------------------------
// The report

#[derive(Default)]
struct Report {
    rows: Vec<[String; 4]>,
    notes: Vec<String>,
    failed: bool,
}

impl Report {
    fn row(&mut self, what: String, result: String, budget: String, passed: Option<bool>) {
        let verdict = match passed {
            Some(true) => "PASS",
            Some(false) => {
                self.failed = true;
                "FAIL"
            }
            None => "–",
        };
        self.rows.push([what, result, budget, verdict.into()]);
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// A note about something that went wrong: the run fails.
    fn fail_note(&mut self, note: String) {
        self.failed = true;
        self.notes.push(note);
    }

    fn all_passed(&self) -> bool {
        !self.failed
    }

    fn print(&self, database: &str) {
        tests::table::print(
            &format!("Footprint benchmark (release binary, own process) – database: {database}"),
            ["measurement", "result", "budget", "verdict"],
            &self.rows,
            &self.notes,
        );
    }
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

fn millis(duration: Duration) -> String {
    format!("{:.0}", duration.as_secs_f64() * 1000.0)
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}
