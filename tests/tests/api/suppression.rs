//! Differencing attacks against the report suppression: random organisations, every figure any
//! view shows, and an attacker who solves the whole linear system exactly. No hidden figure and
//! no group of fewer than k people may come out.

use app::reports::suppress::{Counts, Figure, Shape, suppress};

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
