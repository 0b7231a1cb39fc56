"""Reads the Maildir that the browser tests' SMTP server (aiosmtpd) writes and prints every
message as JSON: recipients, subject, plain text, and each text/calendar attachment parsed by
the independent `icalendar` library, with its start in Europe/Berlin and in UTC.

Usage: python mailbox.py MAILDIR
"""
import datetime
import email
import email.policy
import json
import pathlib
import sys
import zoneinfo

import icalendar

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def invitation(data):
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    return {
        "method": str(calendar.get("METHOD")),
        "zones": [str(zone.get("TZID")) for zone in calendar.walk("VTIMEZONE")],
        "tzid": str(event["DTSTART"].params.get("TZID")),
        "local": start.strftime("%Y-%m-%d %H:%M"),
        # The same instant read with Python's own tz database: proves the zone is right.
        "berlin": start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M"),
        "utc": start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "minutes": int((end - start).total_seconds() // 60),
        "sequence": int(event.get("SEQUENCE", 0)),
        "uid": str(event["UID"]),
        "organizer": str(event["ORGANIZER"]),
        "attendee": str(event["ATTENDEE"]),
        "location": str(event.get("LOCATION", "")),
    }


def main(maildir):
    messages = []
    for sub in ("new", "cur"):
        for path in sorted(pathlib.Path(maildir, sub).glob("*")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            text = message.get_body(preferencelist=("plain",))
            messages.append({
                "to": str(message["To"]),
                "subject": str(message["Subject"]),
                "text": text.get_content() if text else "",
                "invitations": [
                    invitation(part.get_payload(decode=True))
                    for part in message.walk()
                    if part.get_content_type() == "text/calendar"
                ],
            })
    print(json.dumps(messages))


if __name__ == "__main__":
    main(sys.argv[1])
