//! Working days in a German town hall: Monday to Friday, without the public holidays that apply
//! in every Land. Regional holidays (e.g. Fronleichnam, Reformationstag) differ between Länder
//! and are not counted; a request that falls on one simply passes on a day later than it could.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Berlin;

/// Easter Sunday of `year` (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Whether `date` is a public holiday in all of Germany.
pub fn is_national_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (10, 3) | (12, 25) | (12, 26)
    );
    if fixed {
        return true;
    }
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    let offset = date.signed_duration_since(easter).num_days();
    // Karfreitag, Ostermontag, Christi Himmelfahrt, Pfingstmontag.
    matches!(offset, -2 | 1 | 39 | 50)
}

pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_national_holiday(date)
}

/// The moment `days` working days after `start`, at the same local time of day in Berlin. A
/// start on a weekend or holiday counts from the next working day's beginning.
pub fn add_working_days(start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = start.with_timezone(&Berlin);
    let mut date = local.date_naive();
    let mut time = local.time();
    if !is_working_day(date) {
        while !is_working_day(date) {
            date = date + Days::new(1);
        }
        time = chrono::NaiveTime::MIN;
    }
    let mut left = days;
    while left > 0 {
        date = date + Days::new(1);
        if is_working_day(date) {
            left -= 1;
        }
    }
    let naive = date.and_time(time);
    // A time that does not exist (spring forward) moves on by the gap; an ambiguous one takes
    // the later instant, so a deadline is never early.
    match Berlin.from_local_datetime(&naive) {
        chrono::LocalResult::Single(at) => at.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(_, later) => later.with_timezone(&Utc),
        chrono::LocalResult::None => Berlin
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or(start + chrono::Duration::days(i64::from(days))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn easter_dates_are_right() {
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(date(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(date(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(date(2027, 3, 28)));
    }

    #[test]
    fn holidays_and_weekends_are_not_working_days() {
        for holiday in [
            date(2026, 1, 1),
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 1),
            date(2026, 5, 14),
            date(2026, 5, 25),
            date(2026, 10, 3),
            date(2026, 12, 25),
            date(2026, 12, 26),
        ] {
            assert!(!is_working_day(holiday), "{holiday}");
        }
        assert!(!is_working_day(date(2026, 12, 5)), "Saturday");
        assert!(is_working_day(date(2026, 12, 2)), "an ordinary Wednesday");
        assert!(
            is_working_day(date(2026, 4, 2)),
            "Gründonnerstag is no holiday"
        );
    }

    #[test]
    fn three_working_days_skip_weekend_and_holidays() {
        // Wednesday 10:00 → Monday 10:00.
        assert_eq!(
            add_working_days(at(2026, 12, 2, 10), 3),
            at(2026, 12, 7, 10)
        );
        // Tuesday 22 Dec → 23, 24, (25, 26, 27 off) 28.
        assert_eq!(
            add_working_days(at(2026, 12, 22, 9), 3),
            at(2026, 12, 28, 9)
        );
        // Thursday before Easter → Tue, Wed, Thu after Easter (Fri and Mon are holidays).
        assert_eq!(add_working_days(at(2026, 4, 2, 15), 3), at(2026, 4, 9, 15));
        // Saturday → counts from Monday's start.
        assert_eq!(
            add_working_days(at(2026, 12, 5, 14), 3),
            at(2026, 12, 10, 0)
        );
    }

    #[test]
    fn clock_change_keeps_local_time() {
        // Friday 27 March 2026, 10:00 CET → Wednesday 1 April, 10:00 CEST.
        assert_eq!(add_working_days(at(2026, 3, 27, 10), 3), at(2026, 4, 1, 10));
    }
}
