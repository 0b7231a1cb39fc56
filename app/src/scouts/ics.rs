//! Calendar invitations (RFC 5545) for scout meetings, written with the `ics` crate. Times are
//! local to Europe/Berlin with the zone's rules included (VTIMEZONE), so every calendar shows
//! the meeting at the time the scout set, whatever zone the reader is in.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Berlin;
use ics::parameters::{CN, PartStat, Role, TzIDParam};
use ics::properties::{
    Attendee, Description, DtEnd, DtStart, Location, Method, Organizer, RRule, Sequence, Status,
    Summary, TzName,
};
use ics::{Daylight, Event, ICalendar, Standard, TimeZone, escape_text};

pub const TZID: &str = "Europe/Berlin";

pub struct Invitation {
    /// Stays the same for every version of one meeting, so a calendar replaces the old one.
    pub uid: String,
    /// Raised whenever the time or place changes.
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub summary: String,
    pub description: String,
    pub location: String,
    /// (name, email); a person without a mail address is named in the description only.
    pub organizer: (String, Option<String>),
    pub attendee: (String, Option<String>),
    /// Withdraws the invitation with this `uid` (METHOD:CANCEL).
    pub cancelled: bool,
}

/// A parameter value in double quotes, as RFC 5545 requires for names with `,`, `;` or `:`.
/// Double quotes themselves cannot appear in a quoted value.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "'").replace(['\r', '\n'], " "))
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Berlin)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// Central European Time with the EU's summer time rules (since 1996).
fn berlin_zone<'a>() -> TimeZone<'a> {
    let mut summer = Daylight::new("19700329T020000", "+0100", "+0200");
    summer.push(TzName::new("CEST"));
    summer.push(RRule::new("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    let mut winter = Standard::new("19701025T030000", "+0200", "+0100");
    winter.push(TzName::new("CET"));
    winter.push(RRule::new("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    let mut zone = TimeZone::daylight(TZID, summer);
    zone.add_standard(winter);
    zone
}

impl Invitation {
    pub fn to_ics(&self) -> String {
        let mut calendar = ICalendar::new("2.0", "-//Digitaler Fuehrerschein//Digitalscouts//DE");
        calendar.push(Method::new(if self.cancelled {
            "CANCEL"
        } else {
            "REQUEST"
        }));
        calendar.add_timezone(berlin_zone());

        let mut event = Event::new(
            self.uid.clone(),
            self.stamp.format("%Y%m%dT%H%M%SZ").to_string(),
        );
        let mut start = DtStart::new(local(self.start));
        start.add(TzIDParam::new(TZID));
        event.push(start);
        let mut end = DtEnd::new(local(
            self.start + Duration::minutes(i64::from(self.minutes)),
        ));
        end.add(TzIDParam::new(TZID));
        event.push(end);
        event.push(Sequence::new(self.sequence.to_string()));
        event.push(if self.cancelled {
            Status::cancelled()
        } else {
            Status::confirmed()
        });
        event.push(Summary::new(escape_text(self.summary.clone())));
        event.push(Description::new(escape_text(self.description.clone())));
        event.push(Location::new(escape_text(self.location.clone())));
        if let Some(address) = &self.organizer.1 {
            let mut organizer = Organizer::new(format!("mailto:{address}"));
            organizer.add(CN::new(quoted(&self.organizer.0)));
            event.push(organizer);
        }
        if let Some(address) = &self.attendee.1 {
            let mut attendee = Attendee::new(format!("mailto:{address}"));
            attendee.add(CN::new(quoted(&self.attendee.0)));
            attendee.add(Role::REQ_PARTICIPANT);
            attendee.add(PartStat::ACCEPTED);
            event.push(attendee);
        }
        calendar.add_event(event);
        calendar.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn sample() -> Invitation {
        let start = Berlin
            .with_ymd_and_hms(2026, 12, 8, 10, 30, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        Invitation {
            uid: "abc@lernen.example".to_owned(),
            sequence: 1,
            stamp: start - Duration::days(2),
            start,
            minutes: 45,
            summary: "Digitalscout: E-Akte, mit Erika Muster".to_owned(),
            description: "Vor Ort; Raum 2.14\nhttps://lernen.example/help/abc".to_owned(),
            location: "Raum 2.14, Rathaus".to_owned(),
            organizer: ("Muster, Max".to_owned(), Some("max@example.org".to_owned())),
            attendee: (
                "Erika \"Eri\" Muster".to_owned(),
                Some("erika@example.org".to_owned()),
            ),
            cancelled: false,
        }
    }

    #[test]
    fn times_are_local_to_berlin_with_the_zone_included() {
        let text = sample().to_ics();
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20261208T103000\r\n"),
            "{text}"
        );
        assert!(
            text.contains("DTEND;TZID=Europe/Berlin:20261208T111500\r\n"),
            "{text}"
        );
        assert!(
            text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
            "{text}"
        );
        assert!(text.contains("SEQUENCE:1\r\n"));
        assert!(text.contains("METHOD:REQUEST\r\n"));
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
    }

    #[test]
    fn a_cancellation_says_so() {
        let text = Invitation {
            cancelled: true,
            ..sample()
        }
        .to_ics();
        assert!(text.contains("METHOD:CANCEL\r\n"), "{text}");
        assert!(text.contains("STATUS:CANCELLED\r\n"), "{text}");
    }

    #[test]
    fn text_and_names_are_escaped() {
        let text = sample().to_ics();
        assert!(text.contains("LOCATION:Raum 2.14\\, Rathaus\r\n"), "{text}");
        assert!(text.contains("CN=\"Muster, Max\""), "{text}");
        assert!(text.contains("CN=\"Erika 'Eri' Muster\""), "{text}");
        assert!(text.contains("Vor Ort\\; Raum 2.14\\n"), "{text}");
    }
}
