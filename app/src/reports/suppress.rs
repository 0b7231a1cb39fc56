//! Which figures of a report may be shown, so that no figure resting on fewer than `k` people is
//! shown or can be recomputed from shown figures.
//!
//! A report measure (e.g. "meets the target for competence X") is counted for every unit of the
//! organisation (the unit and everything below it) and every job family filter ("all", each
//! family, "no family"). Those are the *figures*; every view of the report shows some of them.
//! Between them hold additive relations that anyone with all views could use:
//!
//! * a unit = the people assigned directly to it + its child units, for every filter;
//! * "all" = the sum of the job families, for every unit and for the people directly in it.
//!
//! Primary suppression hides figures with 0 < n < k. Complementary suppression then plays the
//! attacker: it repeatedly solves every relation that has exactly one unknown term left, and
//! whenever that would recompute a hidden figure or a group of fewer than k people, it hides one
//! more figure of that relation (the smallest), and starts again. Combinations of relations are
//! then checked exactly: every shown figure is a linear equation over the (unit, family) groups,
//! and no hidden figure or small group may lie in their span (sparse elimination, leaves first,
//! so that a unit's equation reduces to its own people). The property test in
//! `tests/tests/api/suppression.rs` attacks random organisations with its own dense solver. Head counts (n) count as known:
//! they are organisational facts, not results. What is protected are the results.
//!
//! Not covered on purpose: a shown figure of 0 % or 100 % says the same of every subgroup; it
//! says nothing about a person beyond what the shown figure already says about the whole group.

use std::collections::HashSet;

/// The shape of the organisation a measure is counted on.
#[derive(Clone, Debug)]
pub struct Shape {
    /// Parent of each unit (index into the same list); `None` for top-level units, which hang
    /// below the virtual organisation node.
    pub parents: Vec<Option<usize>>,
    /// Number of job family groups (the families and "no family"); the filter "all" comes on top.
    pub families: usize,
}

/// Head counts of one measure: `direct[unit][family]`, the people assigned directly to the unit.
#[derive(Clone, Debug)]
pub struct Counts {
    pub direct: Vec<Vec<u64>>,
}

/// A figure: a unit (or `None` for the whole organisation) under a filter (`None` = all
/// families, `Some(f)` = family group f).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Figure {
    pub unit: Option<usize>,
    pub family: Option<usize>,
}

/// The decision for every figure.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub shape_units: usize,
    pub families: usize,
    /// Subtree head counts, indexed like `index()`.
    pub totals: Vec<u64>,
    pub hidden: Vec<bool>,
}

impl Pattern {
    fn index(&self, figure: Figure) -> usize {
        let unit = figure.unit.map_or(self.shape_units, |u| u);
        let family = figure.family.map_or(self.families, |f| f);
        unit * (self.families + 1) + family
    }

    /// How many people the figure rests on.
    pub fn count(&self, figure: Figure) -> u64 {
        self.totals[self.index(figure)]
    }

    /// Whether the figure may be shown: it rests on at least k people (or none: then there is
    /// nothing to hide) and does not let a hidden one be recomputed.
    pub fn shown(&self, figure: Figure) -> bool {
        !self.hidden[self.index(figure)]
    }
}

/// A term of a relation: a figure or the people directly in a unit (never shown, always
/// unknown to an attacker unless recomputed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Term {
    Figure(usize),
    /// (unit, family group or `families` for all)
    Direct(usize, usize),
}

/// Direct counts per unit with the "all" group appended.
fn with_all<T>(shape: &Shape, direct: &[Vec<T>]) -> Vec<Vec<T>>
where
    T: Copy + Default + std::ops::AddAssign + std::iter::Sum,
{
    (0..shape.parents.len())
        .map(|unit| {
            let mut row: Vec<T> = (0..shape.families)
                .map(|f| {
                    direct
                        .get(unit)
                        .and_then(|r| r.get(f))
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            row.push(row.iter().copied().sum());
            row
        })
        .collect()
}

/// Sums of `direct` over each unit's subtree, for every family group and "all"; the virtual
/// organisation node comes last. Indexed like `Pattern::index`.
pub fn subtree_totals<T>(shape: &Shape, direct: &[Vec<T>]) -> Vec<T>
where
    T: Copy + Default + std::ops::AddAssign + std::iter::Sum,
{
    let units = shape.parents.len();
    let groups = shape.families + 1;
    let direct = with_all(shape, direct);
    let mut totals = vec![T::default(); (units + 1) * groups];
    for (unit, row) in direct.iter().enumerate() {
        // This unit's own people count for it and for every unit above it.
        let mut cursor = Some(unit);
        let mut steps = 0;
        while let Some(current) = cursor {
            for (family, n) in row.iter().enumerate() {
                totals[current * groups + family] += *n;
            }
            cursor = shape.parents[current];
            steps += 1;
            if steps > units {
                break; // a cycle would be a bug in the caller; do not loop for ever
            }
        }
        for (family, n) in row.iter().enumerate() {
            totals[units * groups + family] += *n;
        }
    }
    totals
}

/// Index of a figure in `subtree_totals`.
pub fn figure_index(shape: &Shape, figure: Figure) -> usize {
    let unit = figure.unit.unwrap_or(shape.parents.len());
    let family = figure.family.unwrap_or(shape.families);
    unit * (shape.families + 1) + family
}

/// The minimum group rule of every report: a group may be shown on its own only when it holds at
/// least `k` people (`report_min_group_size`). `suppress` hides the figures of smaller groups
/// (and whatever would give them away); reports whose figures are not the unit × family grid,
/// such as the scouts' impact report, apply the rule through this function.
pub fn large_enough(n: u64, k: u64) -> bool {
    n >= k
}

/// The same rule for a count released with noise, which can come out below zero.
pub fn released_large_enough(n: i64, k: u64) -> bool {
    u64::try_from(n).is_ok_and(|n| large_enough(n, k))
}

pub fn suppress(shape: &Shape, counts: &Counts, k: u64) -> Pattern {
    let units = shape.parents.len();
    let groups = shape.families + 1; // families + "all"
    let all = shape.families;
    let figure_index = |unit: usize, family: usize| unit * groups + family;
    let direct = with_all(shape, &counts.direct);
    let totals = subtree_totals(shape, &counts.direct);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); units + 1];
    for (unit, parent) in shape.parents.iter().enumerate() {
        children[parent.unwrap_or(units)].push(unit);
    }

    // The relations: (left side, right side); left = sum(right).
    let mut relations: Vec<(Term, Vec<Term>)> = Vec::new();
    for (parent, kids) in children.iter().enumerate() {
        if kids.is_empty() {
            continue;
        }
        for family in 0..groups {
            let mut right: Vec<Term> = kids
                .iter()
                .map(|c| Term::Figure(figure_index(*c, family)))
                .collect();
            if parent < units {
                right.push(Term::Direct(parent, family));
            }
            relations.push((Term::Figure(figure_index(parent, family)), right));
        }
    }
    for unit in 0..=units {
        relations.push((
            Term::Figure(figure_index(unit, all)),
            (0..shape.families)
                .map(|f| Term::Figure(figure_index(unit, f)))
                .collect(),
        ));
        if unit < units {
            relations.push((
                Term::Direct(unit, all),
                (0..shape.families).map(|f| Term::Direct(unit, f)).collect(),
            ));
        }
    }

    let size = |term: Term| match term {
        Term::Figure(i) => totals[i],
        Term::Direct(unit, family) => direct[unit][family],
    };
    let mut hidden: Vec<bool> = totals
        .iter()
        .map(|n| *n > 0 && !large_enough(*n, k))
        .collect();
    // A leaf's figure is the same group as its direct people: nothing to add there.
    loop {
        // Known: shown figures and everything with n = 0; the rest is unknown.
        let mut known: HashSet<Term> = HashSet::new();
        let is_known = |term: Term, known: &HashSet<Term>, hidden: &[bool]| match term {
            _ if size(term) == 0 => true,
            Term::Figure(i) => !hidden[i] || known.contains(&term),
            Term::Direct(..) => known.contains(&term),
        };
        let mut to_hide: Option<usize> = None;
        let mut progress = true;
        'solve: while progress {
            progress = false;
            for (left, right) in &relations {
                let terms: Vec<Term> = std::iter::once(*left)
                    .chain(right.iter().copied())
                    .collect();
                let unknown: Vec<Term> = terms
                    .iter()
                    .copied()
                    .filter(|t| !is_known(*t, &known, &hidden))
                    .collect();
                if unknown.len() != 1 {
                    continue;
                }
                let solved = unknown[0];
                let protected = match solved {
                    Term::Figure(_) => true,
                    Term::Direct(..) => !large_enough(size(solved), k),
                };
                if protected {
                    // Hide the smallest shown figure of this relation that holds people.
                    to_hide = terms
                        .iter()
                        .filter_map(|t| match t {
                            Term::Figure(i) if !hidden[*i] && totals[*i] > 0 => Some(*i),
                            _ => None,
                        })
                        .min_by_key(|i| (totals[*i], *i));
                    if to_hide.is_some() {
                        break 'solve;
                    }
                    // Nothing left to hide here: the unknown equals a sum of empty groups.
                    continue;
                }
                known.insert(solved);
                progress = true;
            }
        }
        if to_hide.is_none() {
            // Single relations are safe now; combinations of relations may not be (a unit's
            // family cells can be pinned down through a child unit's figures). Check exactly.
            to_hide = algebraic_leak(shape, &direct, &totals, &hidden, k);
        }
        match to_hide {
            Some(i) => hidden[i] = true,
            None => break,
        }
    }
    Pattern {
        shape_units: units,
        families: shape.families,
        totals,
        hidden,
    }
}

/// A sparse row: (atom, coefficient), sorted by atom.
type Row = Vec<(usize, f64)>;

/// Plays the full attacker: every shown figure is a linear equation over the results of the
/// (unit, family) groups; a hidden figure or a small direct group whose sum lies in the span of
/// those equations can be recomputed. Returns a further figure to hide, or `None` when nothing
/// leaks.
fn algebraic_leak(
    shape: &Shape,
    direct: &[Vec<u64>],
    totals: &[u64],
    hidden: &[bool],
    k: u64,
) -> Option<usize> {
    let units = shape.parents.len();
    let families = shape.families;
    let groups = families + 1;
    // The unknowns: groups of people directly in a unit with one family.
    let mut atom_of = vec![vec![None; families]; units];
    let mut atoms = 0usize;
    for (unit, row) in direct.iter().enumerate() {
        for family in 0..families {
            if row[family] > 0 {
                atom_of[unit][family] = Some(atoms);
                atoms += 1;
            }
        }
    }
    if atoms == 0 {
        return None;
    }
    let mut subtree: Vec<Vec<usize>> = vec![Vec::new(); units + 1];
    for unit in 0..units {
        let mut cursor = Some(unit);
        let mut steps = 0;
        while let Some(current) = cursor {
            subtree[current].push(unit);
            cursor = shape.parents[current];
            steps += 1;
            if steps > units {
                break;
            }
        }
        subtree[units].push(unit);
    }
    let (atom_of, subtree) = (&atom_of, &subtree);
    let figure_row = |index: usize| -> Row {
        let (unit, family) = (index / groups, index % groups);
        let mut row: Row = subtree[unit]
            .iter()
            .flat_map(|u| {
                (0..families)
                    .filter(move |f| family == families || *f == family)
                    .filter_map(move |f| atom_of[*u][f])
            })
            .map(|atom| (atom, 1.0))
            .collect();
        row.sort_by_key(|(atom, _)| *atom);
        row
    };
    // Smallest groups first: a unit's figure then reduces to the people directly in it.
    let mut shown: Vec<usize> = (0..totals.len())
        .filter(|i| totals[*i] > 0 && !hidden[*i])
        .collect();
    shown.sort_by_key(|i| (subtree[i / groups].len(), i % groups == families, *i));
    let mut basis: Vec<(usize, Row)> = Vec::new();
    let mut pivots: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for index in &shown {
        let row = reduce(&basis, &pivots, figure_row(*index));
        if let Some(&(pivot, value)) = row.first() {
            let row: Row = row.into_iter().map(|(a, v)| (a, v / value)).collect();
            pivots.insert(pivot, basis.len());
            basis.push((pivot, row));
        }
    }
    let mut protected: Vec<Row> = (0..totals.len())
        .filter(|i| totals[*i] > 0 && hidden[*i])
        .map(figure_row)
        .collect();
    for (unit, row) in direct.iter().enumerate() {
        for (family, n) in row.iter().copied().enumerate() {
            if n > 0 && n < k {
                protected.push(
                    (0..families)
                        .filter(|f| family == families || *f == family)
                        .filter_map(|f| atom_of[unit][f])
                        .map(|atom| (atom, 1.0))
                        .collect(),
                );
            }
        }
    }
    let leak = protected
        .into_iter()
        .find(|w| reduce(&basis, &pivots, w.clone()).is_empty())?;
    // Hide the smallest shown figure that touches the leaking group.
    shown
        .into_iter()
        .filter(|i| {
            figure_row(*i)
                .iter()
                .any(|(atom, _)| leak.iter().any(|(a, _)| a == atom))
        })
        .min_by_key(|i| (totals[*i], *i))
}

/// Eliminates the basis' pivots from `row`, earliest basis row first (a later row has no entry
/// at an earlier pivot, so none comes back). Returns what is left, without zeros.
fn reduce(
    basis: &[(usize, Row)],
    pivots: &std::collections::HashMap<usize, usize>,
    row: Row,
) -> Row {
    let mut work: std::collections::BTreeMap<usize, f64> = row.into_iter().collect();
    loop {
        // The earliest basis row whose pivot still has an entry.
        let next = work
            .iter()
            .filter(|(_, v)| v.abs() > 1e-9)
            .filter_map(|(atom, _)| pivots.get(atom).copied())
            .min();
        let Some(position) = next else {
            break;
        };
        let (pivot, base) = &basis[position];
        let factor = work.get(pivot).copied().unwrap_or(0.0);
        for (atom, value) in base {
            let entry = work.entry(*atom).or_insert(0.0);
            *entry -= factor * value;
        }
        work.remove(pivot);
    }
    work.into_iter().filter(|(_, v)| v.abs() > 1e-9).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(unit: Option<usize>, family: Option<usize>) -> Figure {
        Figure { unit, family }
    }

    #[test]
    fn a_small_child_hides_a_sibling_too() {
        // Organisation → A (10 people), B (3 people), C (8 people); one family.
        let shape = Shape {
            parents: vec![None, None, None],
            families: 1,
        };
        let counts = Counts {
            direct: vec![vec![10], vec![3], vec![8]],
        };
        let pattern = suppress(&shape, &counts, 5);
        assert!(!pattern.shown(fig(Some(1), None)), "B is below k");
        assert!(!pattern.shown(fig(Some(2), None)), "C protects B");
        assert!(pattern.shown(fig(Some(0), None)));
        assert!(pattern.shown(fig(None, None)));
        assert_eq!(pattern.count(fig(None, None)), 21);
    }

    #[test]
    fn direct_staff_of_a_parent_are_protected() {
        // Fachbereich with 2 people of its own and one Abteilung of 12.
        let shape = Shape {
            parents: vec![None, Some(0)],
            families: 1,
        };
        let counts = Counts {
            direct: vec![vec![2], vec![12]],
        };
        let pattern = suppress(&shape, &counts, 5);
        // Fachbereich (14) minus Abteilung (12) would give the 2: one of them must go.
        assert!(!pattern.shown(fig(Some(0), None)) || !pattern.shown(fig(Some(1), None)));
    }

    #[test]
    fn a_family_filter_cannot_be_subtracted_from_all() {
        // One unit: 9 case workers, 2 managers.
        let shape = Shape {
            parents: vec![None],
            families: 2,
        };
        let counts = Counts {
            direct: vec![vec![9, 2]],
        };
        let pattern = suppress(&shape, &counts, 5);
        assert!(!pattern.shown(fig(Some(0), Some(1))));
        // all (11) − case workers (9) = managers (2): one of them is hidden as well.
        assert!(!pattern.shown(fig(Some(0), None)) || !pattern.shown(fig(Some(0), Some(0))));
    }
}
