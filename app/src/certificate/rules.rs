//! Which certificate levels a learner has reached, and until when: pure functions over the
//! curriculum's rules and the learner's passes, so that they can be tested without a database.

use std::collections::HashMap;

use chrono::{DateTime, Months, Utc};

use crate::content::ContentStore;
use crate::content::certificates::Level;

/// The latest pass of a module.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    pub module: String,
    pub version: String,
    pub at: DateTime<Utc>,
}

/// Where a learner stands with one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub level: String,
    pub reached: bool,
    /// Required modules not passed, or whose pass is older than their refresh interval.
    pub missing: Vec<String>,
    /// How many more elective modules are needed.
    pub electives_missing: u32,
    /// The required level, if it is not reached.
    pub requires_missing: Option<String>,
    /// The passes the level rests on (when reached).
    pub basis: Vec<Pass>,
    /// When a certificate issued now would end (when reached).
    pub valid_until: Option<DateTime<Utc>>,
}

fn add_months(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    at.checked_add_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// When a pass stops counting, if its module must be refreshed.
pub fn pass_expires(content: &ContentStore, pass: &Pass) -> Option<DateTime<Utc>> {
    content
        .certificates
        .refresh_months(&pass.module)
        .map(|months| add_months(pass.at, months))
}

/// Keeps the latest pass per module.
pub fn latest_passes(passes: impl IntoIterator<Item = Pass>) -> HashMap<String, Pass> {
    let mut latest: HashMap<String, Pass> = HashMap::new();
    for pass in passes {
        match latest.get(&pass.module) {
            Some(known) if known.at >= pass.at => {}
            _ => {
                latest.insert(pass.module.clone(), pass);
            }
        }
    }
    latest
}

/// Every level in the order of `certificates.toml`, evaluated at `now`.
pub fn standings(
    content: &ContentStore,
    passes: &HashMap<String, Pass>,
    now: DateTime<Utc>,
) -> Vec<Standing> {
    let current = |module: &str| -> Option<&Pass> {
        passes
            .get(module)
            .filter(|p| pass_expires(content, p).is_none_or(|until| until > now))
    };
    let mut result: Vec<Standing> = Vec::new();
    for level in &content.certificates.levels {
        let standing = standing(content, level, &current, &result, now);
        result.push(standing);
    }
    result
}

/// The modules a level requires: every mandatory one if it says so, and those it names.
pub fn required_modules<'c>(content: &'c ContentStore, level: &'c Level) -> Vec<&'c str> {
    let mut required: Vec<&str> = Vec::new();
    if level.all_mandatory {
        required.extend(
            content
                .modules
                .iter()
                .filter(|m| m.mandatory)
                .map(|m| m.id.as_str()),
        );
    }
    for module in &level.modules {
        if !required.contains(&module.as_str()) {
            required.push(module);
        }
    }
    required
}

fn standing<'p>(
    content: &ContentStore,
    level: &Level,
    current: &dyn Fn(&str) -> Option<&'p Pass>,
    earlier: &[Standing],
    now: DateTime<Utc>,
) -> Standing {
    let required = required_modules(content, level);
    let mut basis: Vec<Pass> = Vec::new();
    let mut missing = Vec::new();
    for module in &required {
        match current(module) {
            Some(pass) => basis.push(pass.clone()),
            None => missing.push((*module).to_owned()),
        }
    }
    // Electives: modules that are neither mandatory nor named by the level; the most recent
    // passes count, so that the certificate lasts as long as possible.
    let mut electives: Vec<&Pass> = content
        .modules
        .iter()
        .filter(|m| !m.mandatory && !required.contains(&m.id.as_str()))
        .filter_map(|m| current(&m.id))
        .collect();
    electives.sort_by_key(|p| std::cmp::Reverse(p.at));
    let counted = electives.len().min(level.electives as usize);
    basis.extend(electives.into_iter().take(counted).cloned());
    let electives_missing = level.electives.saturating_sub(counted as u32);

    let mut requires_missing = None;
    if let Some(requires) = &level.requires {
        match earlier.iter().find(|s| &s.level == requires) {
            Some(other) if other.reached => {
                for pass in &other.basis {
                    if !basis.iter().any(|b| b.module == pass.module) {
                        basis.push(pass.clone());
                    }
                }
            }
            _ => requires_missing = Some(requires.clone()),
        }
    }
    let reached = missing.is_empty() && electives_missing == 0 && requires_missing.is_none();
    let valid_until = reached.then(|| {
        basis.iter().filter_map(|p| pass_expires(content, p)).fold(
            add_months(now, content.certificates.validity_months),
            |until, expires| until.min(expires),
        )
    });
    Standing {
        level: level.id.clone(),
        reached,
        missing,
        electives_missing,
        requires_missing,
        basis: if reached { basis } else { Vec::new() },
        valid_until,
    }
}

/// Whether a current certificate that ends at `valid_until` should be replaced by a new one
/// ending at `renewed_until`: only once its first reminder is due (or it has expired), and only
/// when the new one lasts longer. Passing a module again early changes nothing.
pub fn renewal_due(
    content: &ContentStore,
    valid_until: DateTime<Utc>,
    renewed_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    let window = content
        .certificates
        .reminder_days
        .first()
        .copied()
        .unwrap_or(60);
    valid_until - chrono::Duration::days(i64::from(window)) <= now && renewed_until > valid_until
}
