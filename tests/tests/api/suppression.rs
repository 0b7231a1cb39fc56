//! Differencing attacks against the report suppression: random organisations, every figure any
//! view shows, and an attacker who solves the whole linear system exactly. No hidden figure and
//! no group of fewer than k people may come out. And the other side: suppression that hid
//! everything would pass those checks, so what may be shown must be shown – every figure of an
//! organisation without small groups, and in a report every unit of k or more people except the
//! complementary cells that protect a small one.

use app::auth::Role;
use app::reports::suppress::{Counts, Figure, Shape, suppress};
use serde_json::Value;
use tests::TestApp;

use crate::reports::{add_department, staff};

/// A small deterministic generator, so that a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Whether `target` is a linear combination of `rows` (exact rational arithmetic would be
/// nicer; these are small 0/1 systems, where elimination with a tolerance is exact enough).
fn determined(rows: &[Vec<f64>], target: &[f64]) -> bool {
    rank(rows) == rank(&[rows, &[target.to_vec()]].concat())
}

fn rank(rows: &[Vec<f64>]) -> usize {
    let mut m: Vec<Vec<f64>> = rows.to_vec();
    let cols = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..cols {
        let Some(pivot) =
            (rank..m.len()).max_by(|a, b| m[*a][col].abs().total_cmp(&m[*b][col].abs()))
        else {
            break;
        };
        if m[pivot][col].abs() < 1e-9 {
            continue;
        }
        m.swap(rank, pivot);
        for row in 0..m.len() {
            if row != rank {
                let factor = m[row][col] / m[rank][col];
                if factor != 0.0 {
                    let pivot_row = m[rank].clone();
                    for (value, p) in m[row][col..].iter_mut().zip(&pivot_row[col..]) {
                        *value -= factor * p;
                    }
                }
            }
        }
        rank += 1;
    }
    rank
}

#[test]
fn no_differencing_attack_recovers_a_hidden_figure() {
    for seed in 1..=1500u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let units = 1 + rng.below(8) as usize;
        let families = 2 + rng.below(3) as usize; // including "no family"
        let k = [3u64, 5][rng.below(2) as usize];
        let parents: Vec<Option<usize>> = (0..units)
            .map(|u| {
                if u == 0 || rng.below(3) == 0 {
                    None
                } else {
                    Some(rng.below(u as u64) as usize)
                }
            })
            .collect();
        // Mostly small groups: that is where disclosure happens.
        let direct: Vec<Vec<u64>> = (0..units)
            .map(|_| {
                (0..families)
                    .map(|_| match rng.below(4) {
                        0 => 0,
                        1 => 1 + rng.below(3),
                        2 => 3 + rng.below(5),
                        _ => rng.below(12),
                    })
                    .collect()
            })
            .collect();
        let shape = Shape {
            parents: parents.clone(),
            families,
        };
        let pattern = suppress(
            &shape,
            &Counts {
                direct: direct.clone(),
            },
            k,
        );

        // The attacker's unknowns: the results of each (unit, family) group that has people.
        let atoms: Vec<(usize, usize)> = (0..units)
            .flat_map(|u| (0..families).map(move |f| (u, f)))
            .filter(|(u, f)| direct[*u][*f] > 0)
            .collect();
        let in_subtree = |unit: usize, root: Option<usize>| {
            let Some(root) = root else { return true };
            let mut cursor = Some(unit);
            while let Some(c) = cursor {
                if c == root {
                    return true;
                }
                cursor = parents[c];
            }
            false
        };
        let vector = |figure: Figure| -> Vec<f64> {
            atoms
                .iter()
                .map(|(u, f)| {
                    let unit_ok = in_subtree(*u, figure.unit);
                    let family_ok = figure.family.is_none_or(|x| x == *f);
                    if unit_ok && family_ok { 1.0 } else { 0.0 }
                })
                .collect()
        };
        let figures: Vec<Figure> = (0..=units)
            .flat_map(|u| {
                (0..=families).map(move |f| Figure {
                    unit: (u < units).then_some(u),
                    family: (f < families).then_some(f),
                })
            })
            .collect();
        let shown: Vec<Vec<f64>> = figures
            .iter()
            .filter(|f| pattern.count(**f) > 0 && pattern.shown(**f))
            .map(|f| vector(*f))
            .collect();
        for figure in &figures {
            let n = pattern.count(*figure);
            let people: u64 = (0..units)
                .filter(|u| in_subtree(*u, figure.unit))
                .flat_map(|u| (0..families).map(move |f| (u, f)))
                .filter(|(_, f)| figure.family.is_none_or(|x| x == *f))
                .map(|(u, f)| direct[u][f])
                .sum();
            assert_eq!(n, people, "seed {seed}: {figure:?} counts the wrong people");
            if n > 0 && n < k {
                assert!(
                    !pattern.shown(*figure),
                    "seed {seed}: {figure:?} rests on {n} < {k}"
                );
            }
            if n > 0 && !pattern.shown(*figure) {
                assert!(
                    !determined(&shown, &vector(*figure)),
                    "seed {seed}: hidden {figure:?} (n = {n}) can be recomputed; parents {parents:?}, counts {direct:?}, k {k}"
                );
            }
        }
        // Without a single small group there is nothing to protect: everything is shown.
        let small_figure = figures.iter().any(|f| (1..k).contains(&pattern.count(*f)));
        let small_direct = direct.iter().any(|row| {
            row.iter().any(|n| (1..k).contains(n)) || (1..k).contains(&row.iter().sum())
        });
        if !small_figure && !small_direct {
            for figure in &figures {
                assert!(
                    pattern.shown(*figure),
                    "seed {seed}: {figure:?} hidden although no group is small; parents {parents:?}, counts {direct:?}, k {k}"
                );
            }
        }
        // The people directly in a unit, per family and all together, are groups as well.
        for unit in 0..units {
            for family in (0..families).map(Some).chain([None]) {
                let n: u64 = match family {
                    Some(f) => direct[unit][f],
                    None => direct[unit].iter().sum(),
                };
                if n == 0 || n >= k {
                    continue;
                }
                let w: Vec<f64> = atoms
                    .iter()
                    .map(|(u, f)| {
                        if *u == unit && family.is_none_or(|x| x == *f) {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .collect();
                assert!(
                    !determined(&shown, &w),
                    "seed {seed}: the {n} people directly in unit {unit} (family {family:?}) can be recomputed; parents {parents:?}, counts {direct:?}, k {k}"
                );
            }
        }
    }
}

/// Random organisations in which every group is empty or has at least k people: there is nothing
/// to protect, and every figure is shown.
#[test]
fn without_small_groups_every_figure_is_shown() {
    for seed in 1..=500u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let units = 1 + rng.below(8) as usize;
        let families = 2 + rng.below(3) as usize;
        let k = [3u64, 5][rng.below(2) as usize];
        let parents: Vec<Option<usize>> = (0..units)
            .map(|u| (u > 0 && rng.below(3) != 0).then(|| rng.below(u as u64) as usize))
            .collect();
        let direct: Vec<Vec<u64>> = (0..units)
            .map(|_| {
                (0..families)
                    .map(|_| match rng.below(3) {
                        0 => 0,
                        _ => k + rng.below(10),
                    })
                    .collect()
            })
            .collect();
        let shape = Shape { parents, families };
        let pattern = suppress(
            &shape,
            &Counts {
                direct: direct.clone(),
            },
            k,
        );
        for unit in (0..units).map(Some).chain([None]) {
            for family in (0..families).map(Some).chain([None]) {
                let figure = Figure { unit, family };
                assert!(
                    pattern.shown(figure),
                    "seed {seed}: {figure:?} (n = {}) hidden without a small group; counts {direct:?}, k {k}",
                    pattern.count(figure)
                );
            }
        }
    }
}

/// Small organisations whose pattern is known: the small group and exactly the cells that would
/// give it away are hidden, everything else is shown.
#[test]
fn only_small_groups_and_their_complements_are_hidden() {
    let fig = |unit: Option<usize>, family: Option<usize>| Figure { unit, family };
    // Organisation → A (8), B (2), C (6); one family; k = 5. B is small; total − A − C = B, so
    // the smaller of the others (C) is hidden too. A and the organisation are shown.
    let pattern = suppress(
        &Shape {
            parents: vec![None, None, None],
            families: 1,
        },
        &Counts {
            direct: vec![vec![8], vec![2], vec![6]],
        },
        5,
    );
    let hidden: Vec<Figure> = [Some(0), Some(1), Some(2), None]
        .into_iter()
        .flat_map(|u| [fig(u, Some(0)), fig(u, None)])
        .filter(|f| !pattern.shown(*f))
        .collect();
    assert_eq!(
        hidden,
        [
            fig(Some(1), Some(0)),
            fig(Some(1), None),
            fig(Some(2), Some(0)),
            fig(Some(2), None)
        ]
    );
    // One unit: 9 case workers and 2 managers. The managers are hidden, and with them the case
    // workers (all − case workers = managers), under the unit and the organisation alike; the
    // 11 people together are shown.
    let pattern = suppress(
        &Shape {
            parents: vec![None],
            families: 2,
        },
        &Counts {
            direct: vec![vec![9, 2]],
        },
        5,
    );
    for unit in [Some(0), None] {
        assert!(pattern.shown(fig(unit, None)), "{unit:?}: all 11 are shown");
        assert!(
            !pattern.shown(fig(unit, Some(1))),
            "{unit:?}: the 2 managers"
        );
        assert!(
            !pattern.shown(fig(unit, Some(0))),
            "{unit:?}: their complement"
        );
    }
}

/// The cells of a heatmap row, by unit name.
fn row(report: &Value, name: &str) -> Vec<Value> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"]["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}: {report}"))["cells"]
        .as_array()
        .unwrap()
        .clone()
}

/// Every cell of a row shows a figure resting on `total` people, or none (nobody has the
/// target): never a hidden one.
fn assert_shown(report: &Value, name: &str, total: u64) {
    let cells = row(report, name);
    assert!(
        cells.iter().any(|c| c["Share"]["total"] == total),
        "{name}: no figure on {total} people: {cells:?}"
    );
    for cell in &cells {
        assert!(
            cell == "None" || cell["Share"]["total"] == total,
            "{name}: every cell shows its {total} people: {cell}"
        );
    }
}

fn assert_hidden(report: &Value, name: &str) {
    let cells = row(report, name);
    assert!(
        cells.iter().any(|c| c == "Suppressed"),
        "{name} is hidden: {cells:?}"
    );
    assert!(
        cells.iter().all(|c| c == "Suppressed" || c == "None"),
        "{name}: no figure at all: {cells:?}"
    );
}

#[tokio::test]
async fn a_report_shows_every_group_of_k_or_more_and_hides_only_a_small_one_and_its_complement() {
    let app = TestApp::spawn().await;
    let a = add_department(&app, "Amt A", Some("A"), None).await;
    let c = add_department(&app, "Amt C", Some("C"), None).await;
    let d = add_department(&app, "Amt D", Some("D"), None).await;
    staff(&app, a, "sachbearbeitung", 8, "a").await;
    staff(&app, c, "sachbearbeitung", 6, "c").await;
    staff(&app, d, "sachbearbeitung", 7, "d").await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    let heatmap = |client: reqwest::Client| {
        let app = &app;
        async move {
            let response = app.call(&client, "reports/heatmap", &[]).await;
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };

    // No group is smaller than 5: every unit and the organisation show their figures.
    let report = heatmap(hr.clone()).await;
    assert_eq!(report["frame"]["min_group_size"], 5);
    assert_shown(&report, "Amt A", 8);
    assert_shown(&report, "Amt C", 6);
    assert_shown(&report, "Amt D", 7);
    assert_eq!(report["rows"][0]["cells"][0]["Share"]["total"], 21);
    assert!(
        !report.to_string().contains("Suppressed"),
        "nothing is hidden: {report}"
    );

    // Two people in a new unit B. Released figures stay fixed within a period: the next month
    // releases them anew (and the session has ended by then).
    let b = add_department(&app, "Amt B", Some("B"), None).await;
    staff(&app, b, "sachbearbeitung", 2, "b").await;
    app.clock.advance(chrono::Duration::days(32));
    let hr = app.client();
    let status = app
        .login(&hr, "personal@stadt.example", tests::PASSWORD)
        .await
        .status();
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let report = heatmap(hr).await;
    assert_hidden(&report, "Amt B");
    // total − A − C − D = B: the smallest other unit (C, 6) is hidden as well, and only it.
    assert_hidden(&report, "Amt C");
    assert_shown(&report, "Amt A", 8);
    assert_shown(&report, "Amt D", 7);
    assert_eq!(report["rows"][0]["cells"][0]["Share"]["total"], 23);
}
