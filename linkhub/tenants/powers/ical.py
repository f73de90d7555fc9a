"""An RFC 5545 iCalendar feed of a network's deadlines, written by hand (it is a small format):
CRLF line ends, lines folded at 75 octets, TEXT values escaped, all-day events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from linkhub.tenants.common.deadlines import Deadline


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces without breaking a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def calendar(
    network_name: str,
    network_slug: str,
    deadlines: list[Deadline],
    urls: dict[str, str],
    now: datetime | None = None,
    refresh_seconds: int | None = None,
) -> str:
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//LINkHub//Deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(network_name + ' deadlines')}",
    ]
    if refresh_seconds:  # how often a subscribed calendar should fetch again (RFC 7986; Outlook's X- name)
        minutes = max(1, refresh_seconds // 60)
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:PT{minutes}M", f"X-PUBLISHED-TTL:PT{minutes}M"]
    for d in deadlines:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.key.replace('/', '-')}@{network_slug}.linkhub",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{d.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{d.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(f'{d.kind} due: {d.title}')}",
            f"DESCRIPTION:{escape(f'{d.organisation}. ' + (f'Started {d.started_on:%-d %B %Y}.' if d.started_on else ''))}",
            "TRANSP:TRANSPARENT",
        ]
        if d.key in urls:
            lines.append(f"URL:{urls[d.key]}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
