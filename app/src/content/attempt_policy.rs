//! When a learner may start the next quiz attempt: a wait that grows with every failed attempt,
//! a limit of attempts per day (in Berlin), and optionally a limit of failed attempts per module
//! version. Pure, so that the quiz (which enforces it) and the module page (which announces it)
//! cannot disagree.

use chrono::{DateTime, Days, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use super::{Quiz, ShowAnswers};

/// One earlier attempt of the learner at this module.
#[derive(Clone, Debug)]
pub struct PastAttempt {
    /// A quiz attempt (placement tests do not count).
    pub counts: bool,
    /// Taken on the module version that is current now.
    pub current_version: bool,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub passed: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextTry {
    Now,
    /// After the wait that follows a failed attempt.
    After(DateTime<Utc>),
    /// Today's attempts are used up: from the start of the next day.
    Tomorrow(DateTime<Utc>),
    /// Every allowed failed attempt of this module version is used up.
    Exhausted,
}

impl NextTry {
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            NextTry::After(at) | NextTry::Tomorrow(at) => Some(at),
            NextTry::Now | NextTry::Exhausted => None,
        }
    }
}

/// Midnight in Berlin that starts the day after `now`'s.
fn next_berlin_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&Berlin).date_naive();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    tomorrow
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| Berlin.from_local_datetime(&midnight).earliest())
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or(now + Duration::days(1))
}

impl Quiz {
    /// Failed quiz attempts on the current module version.
    pub fn failures(attempts: &[PastAttempt]) -> usize {
        attempts
            .iter()
            .filter(|a| a.counts && a.current_version && a.passed == Some(false))
            .count()
    }

    /// When the next attempt may start, for a learner who has not passed.
    pub fn next_try(&self, attempts: &[PastAttempt], now: DateTime<Utc>) -> NextTry {
        let failures = Self::failures(attempts);
        if self.max_attempts > 0 && failures >= self.max_attempts as usize {
            return NextTry::Exhausted;
        }
        let cooled = attempts
            .iter()
            .filter(|a| a.counts && a.passed == Some(false))
            .filter_map(|a| a.submitted_at)
            .max()
            .map(|last| last + Duration::minutes(self.cooldown_after(failures.max(1)).into()))
            .filter(|until| *until > now);
        let today_start = next_berlin_midnight(now) - Duration::days(1);
        let started_today = attempts
            .iter()
            .filter(|a| a.counts && a.started_at >= today_start)
            .count();
        let limited = (self.daily_limit > 0 && started_today >= self.daily_limit as usize)
            .then(|| next_berlin_midnight(now));
        match (cooled, limited) {
            (_, Some(tomorrow)) if cooled.is_none_or(|c| c <= tomorrow) => {
                NextTry::Tomorrow(tomorrow)
            }
            (Some(until), _) => NextTry::After(until),
            (None, _) => NextTry::Now,
        }
    }

    /// Whether a result shows the right answers: after a pass, after the last allowed try, or
    /// always for a self-check. `failures` counts the failed attempts on this version, this
    /// one included.
    pub fn answers_shown(&self, passed: bool, failures: usize) -> bool {
        passed
            || self.show_answers == ShowAnswers::Always
            || (self.max_attempts > 0 && failures >= self.max_attempts as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Scoring;

    fn quiz(cooldown: &[u32], daily_limit: u32, max_attempts: u32) -> Quiz {
        Quiz {
            pass_mark: 75,
            draw: 10,
            time_limit_minutes: None,
            cooldown_minutes: cooldown.to_vec(),
            daily_limit,
            max_attempts,
            show_answers: ShowAnswers::AfterPass,
            scoring: Scoring::Proportional,
            questions: Vec::new(),
            english: None,
        }
    }

    fn failed(at: DateTime<Utc>) -> PastAttempt {
        PastAttempt {
            counts: true,
            current_version: true,
            started_at: at - Duration::minutes(10),
            submitted_at: Some(at),
            passed: Some(false),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn the_wait_grows_with_every_failure_and_keeps_the_last_step() {
        let q = quiz(&[30, 240, 1440], 0, 0);
        let t0 = at("2026-12-07T08:00:00Z");
        let one = [failed(t0)];
        assert_eq!(
            q.next_try(&one, t0),
            NextTry::After(t0 + Duration::minutes(30))
        );
        assert_eq!(q.next_try(&one, t0 + Duration::minutes(30)), NextTry::Now);
        let two = [failed(t0 - Duration::hours(2)), failed(t0)];
        assert_eq!(
            q.next_try(&two, t0),
            NextTry::After(t0 + Duration::hours(4))
        );
        let four: Vec<PastAttempt> = (0..4)
            .map(|i| failed(t0 - Duration::hours(30 * i)))
            .collect();
        assert_eq!(
            q.next_try(&four, t0),
            NextTry::After(t0 + Duration::days(1))
        );
        // A single number is the same wait every time.
        assert_eq!(
            quiz(&[30], 0, 0).next_try(&four, t0),
            NextTry::After(t0 + Duration::minutes(30))
        );
    }

    #[test]
    fn the_daily_limit_counts_attempts_started_since_midnight_in_berlin() {
        let q = quiz(&[0], 2, 0);
        // 23:30 Berlin on 6 December is 22:30 UTC: it belongs to the day before.
        let evening = failed(at("2026-12-06T22:30:00Z"));
        let morning = failed(at("2026-12-07T07:00:00Z"));
        let now = at("2026-12-07T09:00:00Z");
        assert_eq!(
            q.next_try(&[evening.clone(), morning.clone()], now),
            NextTry::Now
        );
        let second = failed(at("2026-12-07T08:00:00Z"));
        assert_eq!(
            q.next_try(&[evening, morning, second], now),
            NextTry::Tomorrow(at("2026-12-07T23:00:00Z"))
        );
    }

    #[test]
    fn the_later_of_wait_and_limit_wins() {
        let q = quiz(&[30, 2880], 2, 0);
        let now = at("2026-12-07T09:00:00Z");
        let two = [
            failed(at("2026-12-07T07:00:00Z")),
            failed(at("2026-12-07T08:50:00Z")),
        ];
        // Two days' wait is later than tomorrow.
        assert_eq!(
            q.next_try(&two, now),
            NextTry::After(at("2026-12-09T08:50:00Z"))
        );
    }

    #[test]
    fn after_the_last_allowed_failure_no_try_is_left_and_the_answers_show() {
        let q = quiz(&[0], 0, 2);
        let t0 = at("2026-12-07T08:00:00Z");
        let mut older = failed(t0);
        older.current_version = false;
        assert_eq!(q.next_try(&[older.clone(), failed(t0)], t0), NextTry::Now);
        assert!(!q.answers_shown(false, 1));
        assert_eq!(
            q.next_try(&[failed(t0), failed(t0)], t0),
            NextTry::Exhausted
        );
        assert!(q.answers_shown(false, 2));
        assert!(q.answers_shown(true, 0));
        assert!(!quiz(&[0], 0, 0).answers_shown(false, 9));
    }
}
