//! Which scouts fit a request: topic first, then closeness in the department tree, then the
//! lightest load. Pure functions over plain data, so the rules can be tested without a database.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

/// A scout as matching sees them.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub id: Uuid,
    pub departments: Vec<Uuid>,
    pub topics: Vec<String>,
    /// Requests addressed to the scout and not closed yet.
    pub open: u32,
    pub capacity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub id: Uuid,
    pub topic_fit: bool,
    /// Steps between the requester's unit and the nearest unit the scout serves; `None` when
    /// they lie in different trees or the requester has no unit.
    pub distance: Option<u32>,
    pub open: u32,
    pub capacity: u32,
}

impl Ranked {
    /// Higher is better. A topic fit outweighs closeness; a scout of one's own unit outweighs a
    /// topic fit far away only when the topic fit is missing for both.
    fn score(&self) -> u32 {
        let closeness = match self.distance {
            Some(0) => 3,
            Some(1) => 2,
            Some(2) => 1,
            _ => 0,
        };
        u32::from(self.topic_fit) * 4 + closeness
    }
}

/// The path from `unit` up to its root, `unit` first. Stops at a cycle or a missing parent.
fn ancestors(unit: Uuid, parents: &HashMap<Uuid, Option<Uuid>>) -> Vec<Uuid> {
    let mut path = vec![unit];
    let mut seen = HashSet::from([unit]);
    let mut cursor = parents.get(&unit).copied().flatten();
    while let Some(parent) = cursor {
        if !seen.insert(parent) {
            break;
        }
        path.push(parent);
        cursor = parents.get(&parent).copied().flatten();
    }
    path
}

/// Steps between two units in the tree (through their lowest common ancestor).
pub fn tree_distance(a: Uuid, b: Uuid, parents: &HashMap<Uuid, Option<Uuid>>) -> Option<u32> {
    let up_a = ancestors(a, parents);
    let up_b = ancestors(b, parents);
    up_a.iter().enumerate().find_map(|(i, unit)| {
        up_b.iter()
            .position(|other| other == unit)
            .map(|j| (i + j) as u32)
    })
}

/// Scouts who can take the request, best first. Full scouts, the requester and `excluded`
/// (scouts the request already passed over) are left out.
pub fn rank(
    candidates: &[Candidate],
    requester: Uuid,
    requester_unit: Option<Uuid>,
    topic: &str,
    parents: &HashMap<Uuid, Option<Uuid>>,
    excluded: &HashSet<Uuid>,
) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = candidates
        .iter()
        .filter(|c| c.id != requester && !excluded.contains(&c.id) && c.open < c.capacity)
        .map(|c| Ranked {
            id: c.id,
            topic_fit: c.topics.iter().any(|t| t == topic),
            distance: requester_unit.and_then(|unit| {
                c.departments
                    .iter()
                    .filter_map(|served| tree_distance(unit, *served, parents))
                    .min()
            }),
            open: c.open,
            capacity: c.capacity,
        })
        .collect();
    // Load as a share of capacity, compared without division: a/b < c/d ⇔ a·d < c·b.
    ranked.sort_by(|x, y| {
        y.score()
            .cmp(&x.score())
            .then_with(|| (x.open * y.capacity).cmp(&(y.open * x.capacity)))
            .then_with(|| x.id.cmp(&y.id))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Dezernat 1 → FB 10 → Team 11, FB 20; Dezernat 2 → FB 30.
    fn tree() -> HashMap<Uuid, Option<Uuid>> {
        HashMap::from([
            (id(1), None),
            (id(10), Some(id(1))),
            (id(11), Some(id(10))),
            (id(20), Some(id(1))),
            (id(2), None),
            (id(30), Some(id(2))),
        ])
    }

    fn scout(n: u128, units: &[u128], topics: &[&str], open: u32, capacity: u32) -> Candidate {
        Candidate {
            id: id(n),
            departments: units.iter().map(|u| id(*u)).collect(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            open,
            capacity,
        }
    }

    #[test]
    fn distances_follow_the_tree() {
        let t = tree();
        assert_eq!(tree_distance(id(11), id(11), &t), Some(0));
        assert_eq!(tree_distance(id(11), id(10), &t), Some(1));
        assert_eq!(tree_distance(id(11), id(20), &t), Some(3));
        assert_eq!(tree_distance(id(11), id(30), &t), None);
    }

    #[test]
    fn topic_then_closeness_then_load() {
        let candidates = [
            scout(100, &[30], &["e-akte"], 0, 3),
            scout(101, &[11], &[], 0, 3),
            scout(102, &[10], &["e-akte"], 2, 3),
            scout(103, &[11], &["e-akte"], 1, 3),
            scout(104, &[11], &["e-akte"], 0, 3),
        ];
        let ranked = rank(
            &candidates,
            id(999),
            Some(id(11)),
            "e-akte",
            &tree(),
            &HashSet::new(),
        );
        let order: Vec<Uuid> = ranked.iter().map(|r| r.id).collect();
        assert_eq!(order, vec![id(104), id(103), id(102), id(100), id(101)]);
    }

    #[test]
    fn full_excluded_and_self_are_left_out() {
        let candidates = [
            scout(100, &[11], &["e-akte"], 3, 3),
            scout(101, &[11], &["e-akte"], 0, 3),
            scout(102, &[11], &["e-akte"], 0, 3),
            scout(103, &[11], &["e-akte"], 0, 3),
        ];
        let ranked = rank(
            &candidates,
            id(103),
            Some(id(11)),
            "e-akte",
            &tree(),
            &HashSet::from([id(101)]),
        );
        let order: Vec<Uuid> = ranked.iter().map(|r| r.id).collect();
        assert_eq!(order, vec![id(102)]);
    }
}
