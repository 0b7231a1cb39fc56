//! Operational traps: the command line's output piped into `head` (a reader that goes away),
//! and a server started without its browser bundle.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use server::config::Profile;
use uuid::Uuid;

/// What the child prints when the command comes next.
const READY: &str = "fs-child-ready";

/// The exit status of a command whose reader went away (see `server::console`).
const CLOSED_PIPE: i32 = server::console::CLOSED_PIPE as i32;

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fs-ops-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs the command line `args` in a child process (this test binary, running
/// `command_line_in_a_child` below) whose standard output or error is a pipe that the reader has
/// closed before the command writes, as `| head -1` does once it has its line. Returns the
/// child's exit status and what it wrote to the stream that stayed open.
fn run_with_closed(args: &[&str], closed: Closed) -> (Option<i32>, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "operations::command_line_in_a_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FS_PIPE_CHILD_ARGS", args.join("\u{1f}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let stderr = child.stderr.take().unwrap();
    let (ready, is_ready) = std::sync::mpsc::channel();
    // The test harness writes its own lines first; the child says when the command comes next.
    let stdout_reader = std::thread::spawn(move || {
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                return seen;
            }
            // On the harness's line `test operations::command_line_in_a_child ... `.
            if line.trim_end().ends_with(READY) {
                break;
            }
            seen.push_str(&line);
        }
        match closed {
            Closed::Stdout => {
                drop(stdout);
                let _ = ready.send(());
                String::new()
            }
            Closed::Stderr => {
                let _ = ready.send(());
                let mut rest = String::new();
                let _ = stdout.read_to_string(&mut rest);
                rest
            }
        }
    });
    if is_ready.recv_timeout(Duration::from_secs(60)).is_err() {
        let _ = child.kill();
        panic!(
            "the child did not get ready: {}",
            stdout_reader.join().unwrap()
        );
    }
    let stderr_reader = match closed {
        Closed::Stdout => Some(std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            text
        })),
        Closed::Stderr => {
            drop(stderr);
            None
        }
    };
    // Now the command may run: its first line meets a closed pipe.
    drop(child.stdin.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{args:?} did not end within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let other = match stderr_reader {
        Some(reader) => reader.join().unwrap(),
        None => stdout_reader.join().unwrap(),
    };
    (status.code(), other)
}

/// The child of `run_with_closed` (does nothing when run on its own).
#[test]
fn command_line_in_a_child() {
    let Ok(args) = std::env::var("FS_PIPE_CHILD_ARGS") else {
        return;
    };
    println!("{READY}");
    std::io::stdout().flush().unwrap();
    // Until the parent has closed the pipe.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let code = runtime.block_on(server::cli::run_from(
        std::iter::once("fuehrerschein").chain(args.split('\u{1f}')),
    ));
    // Reached only if the command returned instead of ending at the closed pipe.
    std::process::exit(if code == ExitCode::SUCCESS { 90 } else { 91 });
}

#[test]
fn output_into_a_closed_pipe_ends_the_command_quietly() {
    // An empty curriculum folder: `content check` prints a line for each problem.
    let empty_content = temp_dir();
    let content = empty_content.display().to_string();
    let cases: [(&str, &[&str], Closed); 4] = [
        ("--help | head -1", &["--help"], Closed::Stdout),
        ("--version | head -1", &["--version"], Closed::Stdout),
        (
            "content check | head -1",
            &["content", "check", "--dir", &content],
            Closed::Stdout,
        ),
        (
            "a configuration error 2>&1 | head -0",
            &["--config", "/does/not/exist.toml", "migrate"],
            Closed::Stderr,
        ),
    ];
    for (case, args, closed) in cases {
        let (status, other) = run_with_closed(args, closed);
        assert!(
            !other.contains("panicked"),
            "{case}: the command panicked: {other}"
        );
        assert_eq!(
            status,
            Some(CLOSED_PIPE),
            "{case}: ends with status {CLOSED_PIPE} (128 + SIGPIPE) as soon as the reader has \
             gone; the other stream said: {other}"
        );
        assert!(
            other.trim().is_empty() || matches!(closed, Closed::Stderr),
            "{case}: nothing said about the closed pipe: {other}"
        );
    }
    let _ = std::fs::remove_dir_all(empty_content);
}

/// A folder with a bundle of the three files pages link to.
fn site_with_bundle() -> PathBuf {
    let site = temp_dir();
    for file in server::startup::SITE_FILES {
        let path = site.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"built").unwrap();
    }
    site
}

#[test]
fn production_refuses_a_site_root_without_the_browser_bundle_and_development_warns() {
    let empty = temp_dir();
    let mut config = tests::test_config("sqlite::memory:");
    config.site_root = empty.clone();
    config.profile = Profile::Production;
    let refused = server::startup::check_site_root(&config)
        .expect_err("production refuses to start without the bundle")
        .to_string();
    for needed in [
        empty.display().to_string().as_str(),
        "pkg/fuehrerschein.css",
        "./dev site",
    ] {
        assert!(refused.contains(needed), "names {needed}: {refused}");
    }
    config.profile = Profile::Development;
    server::startup::check_site_root(&config).expect("development starts, with a warning");

    let built = site_with_bundle();
    config.site_root = built.clone();
    config.profile = Profile::Production;
    server::startup::check_site_root(&config).expect("a built bundle is enough");
    // One file missing is enough to refuse.
    std::fs::remove_file(built.join("pkg/fuehrerschein_bg.wasm")).unwrap();
    let refused = server::startup::check_site_root(&config)
        .expect_err("refused")
        .to_string();
    assert!(refused.contains("fuehrerschein_bg.wasm"), "{refused}");
    let _ = std::fs::remove_dir_all(empty);
    let _ = std::fs::remove_dir_all(built);
}

#[tokio::test]
async fn serve_in_production_without_the_bundle_stops_before_it_listens() {
    let dir = temp_dir();
    let empty_site = dir.join("site");
    std::fs::create_dir_all(&empty_site).unwrap();
    let config = dir.join("fuehrerschein.toml");
    std::fs::write(
        &config,
        format!(
            "profile = \"production\"\nbind = \"127.0.0.1:0\"\ndata_dir = \"{}\"\n\
             site_root = \"{}\"\ncontent_dir = \"{}\"\n[mail]\nbackend = \"file\"\n",
            dir.display(),
            empty_site.display(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../content")
                .display()
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let code = tokio::time::timeout(
        Duration::from_secs(60),
        server::cli::run_from(["fuehrerschein", "--config", &config, "serve"]),
    )
    .await
    .expect("serve ends with a refusal instead of serving pages without CSS and JavaScript");
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        !dir.join("fuehrerschein.db").exists(),
        "refused before it opened the database"
    );
    let _ = std::fs::remove_dir_all(dir);
}
