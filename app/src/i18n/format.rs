//! Dates and numbers written the way each language writes them. Pure functions shared by the
//! pages, the exports, the certificate PDF and the mails.

use chrono::{DateTime, NaiveDate, Utc};

use super::Locale;

/// 31.12.2026 in German, 31 December 2026 in English.
pub fn date(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::De => date.format("%d.%m.%Y").to_string(),
        Locale::En => date.format("%-d %B %Y").to_string(),
    }
}

/// The calendar day of an instant (in UTC), as `date` writes it.
pub fn day(locale: Locale, at: DateTime<Utc>) -> String {
    date(locale, at.date_naive())
}

/// Day and time in UTC, said so: 31.12.2026 14:05 UTC, 2026-12-31 14:05 UTC.
pub fn date_time_utc(locale: Locale, at: DateTime<Utc>) -> String {
    match locale {
        Locale::De => at.format("%d.%m.%Y %H:%M UTC").to_string(),
        Locale::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// Day and time in Berlin: 31.12.2026, 14:05 Uhr; 31 December 2026, 14:05.
#[cfg(feature = "ssr")]
pub fn local_date_time(locale: Locale, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Berlin);
    match locale {
        Locale::De => local.format("%d.%m.%Y, %H:%M Uhr").to_string(),
        Locale::En => local.format("%d %B %Y, %H:%M").to_string(),
    }
}

/// An instant written with a `chrono` pattern in the one time zone every page shows,
/// Europe/Berlin. Pages render on the server; the browser bundle carries no time-zone data and
/// never shows a time (if it did, it would write UTC).
pub fn local_format(at: DateTime<Utc>, pattern: &str) -> String {
    #[cfg(feature = "ssr")]
    return at
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format(pattern)
        .to_string();
    #[cfg(not(feature = "ssr"))]
    at.format(pattern).to_string()
}

/// Day and time in Berlin for a page: 31.12.2026, 14:05 Uhr; 31 December 2026, 14:05.
pub fn when(locale: Locale, at: DateTime<Utc>) -> String {
    match locale {
        Locale::De => local_format(at, "%d.%m.%Y, %H:%M Uhr"),
        Locale::En => local_format(at, "%-d %B %Y, %H:%M"),
    }
}

/// The time of day in Berlin: 14:05 Uhr; 14:05.
pub fn time_of_day(locale: Locale, at: DateTime<Utc>) -> String {
    match locale {
        Locale::De => local_format(at, "%H:%M Uhr"),
        Locale::En => local_format(at, "%H:%M"),
    }
}

/// A number without a needless fraction, with the decimal comma in German: 3, 2,5.
pub fn number(locale: Locale, value: f64) -> String {
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    };
    if locale == Locale::De {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Option<DateTime<Utc>> {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .map(|time| time.and_utc())
    }

    #[test]
    fn writes_dates_and_numbers_per_language() {
        let at = at(2026, 12, 31, 14, 5);
        let text = |f: fn(Locale, DateTime<Utc>) -> String, locale| at.map(|at| f(locale, at));
        assert_eq!(text(day, Locale::De).as_deref(), Some("31.12.2026"));
        assert_eq!(text(day, Locale::En).as_deref(), Some("31 December 2026"));
        assert_eq!(
            text(date_time_utc, Locale::De).as_deref(),
            Some("31.12.2026 14:05 UTC")
        );
        assert_eq!(
            text(date_time_utc, Locale::En).as_deref(),
            Some("2026-12-31 14:05 UTC")
        );
        assert_eq!(number(Locale::De, 2.5), "2,5");
        assert_eq!(number(Locale::En, 2.5), "2.5");
        assert_eq!(number(Locale::De, 3.0), "3");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn local_time_is_berlin_time() {
        let text = at(2026, 7, 1, 10, 0).map(|at| local_date_time(Locale::De, at));
        assert_eq!(text.as_deref(), Some("01.07.2026, 12:00 Uhr"));
    }
}
