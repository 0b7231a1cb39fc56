//! How long one certificate PDF takes once the process is warm (fonts parsed).
//!
//! Renders a typical certificate — German, logo, six modules, eight competences — 20 times to
//! warm up, then 200 times, and prints mean, p50 and p99. The budget is 50 ms per certificate;
//! the verdict is taken on p99, so a slow tail fails too.
//!
//! Run: `cargo bench -p app --features ssr --bench certificate_pdf`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use app::certificate::pdf::{CertificatePdf, PdfCompetence, PdfModule, render};
use app::i18n::Locale;
use chrono::NaiveDate;

const BUDGET_MS: f64 = 50.0;
const WARM_UP: usize = 20;
const RUNS: usize = 200;

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

fn typical() -> CertificatePdf {
    let modules = [
        (
            "Sicher im Netz: Passwörter und Zwei-Faktor-Anmeldung",
            "2.1",
        ),
        ("E-Mails schreiben, ordnen und gefahrlos öffnen", "1.4"),
        ("Dateien und Ordner in der Verwaltung", "1.0"),
        ("Datenschutz im Bürgerbüro", "3.0"),
        ("Videokonferenzen leiten und teilnehmen", "1.2"),
        ("Barrierefreie Dokumente erstellen", "1.1"),
    ];
    let competences = [
        ("Daten suchen, bewerten und verwalten", 3),
        ("Kommunizieren und zusammenarbeiten", 4),
        ("Digitale Inhalte erstellen", 2),
        ("Geräte und persönliche Daten schützen", 3),
        ("Probleme lösen und Hilfe finden", 2),
        ("Digitale Identität verwalten", 3),
        ("Netiquette im Dienst", 4),
        ("Datenschutz und Privatsphäre", 3),
    ];
    CertificatePdf {
        locale: Locale::De,
        holder_name: "Jürgen Weiß-Großhäuser".to_owned(),
        level_title: "Digitaler Führerschein – Basis".to_owned(),
        modules: modules
            .iter()
            .enumerate()
            .map(|(index, (title, version))| PdfModule {
                title: (*title).to_owned(),
                version: (*version).to_owned(),
                passed_on: date(2026, 2, 3 + index as u32),
            })
            .collect(),
        competences: competences
            .iter()
            .map(|(title, level)| PdfCompetence {
                title: (*title).to_owned(),
                level: *level,
                max_level: app::certificate::pdf::MAX_LEVEL,
            })
            .collect(),
        issued_on: date(2026, 3, 14),
        valid_until: date(2028, 3, 14),
        number: "DF-2026-000042".to_owned(),
        issuer_name: "Stadt Musterstadt".to_owned(),
        signatory_name: "Dr. Änne Straßburger".to_owned(),
        signatory_title: "Oberbürgermeisterin".to_owned(),
        logo_png: Some(include_bytes!("../src/certificate/testdata/logo.png").to_vec()),
        verify_url:
            "https://fuehrerschein.musterstadt.de/verify/7f3c2a9e-51d4-4b8e-9c61-0a2b3c4d5e6f"
                .to_owned(),
    }
}

fn main() {
    let certificate = typical();
    for _ in 0..WARM_UP {
        std::hint::black_box(render(&certificate).expect("certificate renders"));
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let pdf = render(std::hint::black_box(&certificate)).expect("certificate renders");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        size = pdf.len();
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let percentile =
        |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    let (p50, p99) = (percentile(0.50), percentile(0.99));
    let verdict = if p99 <= BUDGET_MS { "PASS" } else { "FAIL" };
    println!(
        "certificate_pdf: {RUNS} runs after {WARM_UP} warm-up, {size} bytes per PDF\n\
         mean {mean:.2} ms, p50 {p50:.2} ms, p99 {p99:.2} ms\n\
         {verdict}: p99 {p99:.2} ms against a budget of {BUDGET_MS:.0} ms"
    );
    if verdict == "FAIL" {
        std::process::exit(1);
    }
}
