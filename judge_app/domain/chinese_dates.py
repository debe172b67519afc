"""Dates and times as a Chinese office document writes them: 2025年9月18日, 14:05 local time.

One formatter for every screen, sheet, notice, certificate and the projector, so the zh_CN
interface never shows an ISO timestamp (`2026-12-01T21:50:54+00:00`) or `2025-09-18`.
Stored values stay ISO (sortable, exact); only their display goes through here. A value that
is not a date is returned unchanged, so free text an organizer typed is never lost.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo


def parse_moment(value) -> date | datetime | None:
    """A `date`/`datetime`, or the ISO text of one (`2025-09-18`, `2025-09-18 14:05:00`,
    `2025-09-18T14:05:00+08:00`); None when the text is not a date."""
    if isinstance(value, datetime | date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    """An aware moment in the given (default: this computer's) time zone; a naive one is already local."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(tz)


def chinese_date(value, tz: tzinfo | None = None) -> str:
    """2025年9月18日 (no leading zeros), from a date, a datetime or their ISO text."""
    moment = parse_moment(value)
    if moment is None:
        return str(value or "")
    if isinstance(moment, datetime):
        moment = _local(moment, tz)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def chinese_time(value, tz: tzinfo | None = None) -> str:
    """14:05, local time, from a datetime or its ISO text."""
    moment = parse_moment(value)
    if not isinstance(moment, datetime):
        return str(value or "")
    moment = _local(moment, tz)
    return f"{moment.hour:02d}:{moment.minute:02d}"


def chinese_datetime(value, tz: tzinfo | None = None) -> str:
    """2025年9月18日 14:05 for a moment, 2025年9月18日 for a bare date."""
    moment = parse_moment(value)
    if moment is None:
        return str(value or "")
    if not isinstance(moment, datetime):
        return chinese_date(moment)
    return f"{chinese_date(moment, tz)} {chinese_time(moment, tz)}"


def chinese_date_range(start, end) -> str:
    """A period such as 公示期: 2025年9月18日至9月25日 (the year once when both share it)."""
    a, b = parse_moment(start), parse_moment(end)
    if a is None or b is None:
        return "至".join(x for x in (chinese_date(start), chinese_date(end)) if x)
    if a.year == b.year:
        return f"{chinese_date(a)}至{b.month}月{b.day}日"
    return f"{chinese_date(a)}至{chinese_date(b)}"


def plain_datetime(value, tz: tzinfo | None = None) -> str:
    """2025-09-18 14:05 local time: the English interface's form (no `T`, no offset, no seconds)."""
    moment = parse_moment(value)
    if moment is None:
        return str(value or "")
    if not isinstance(moment, datetime):
        return moment.isoformat()
    moment = _local(moment, tz)
    return f"{moment:%Y-%m-%d %H:%M}"


_TYPED = re.compile(
    r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?)?\s*$")


def typed_bound(text: str, *, end: bool = False) -> str:
    """A moment a user typed as a filter bound (2025年9月18日, 2025年9月18日 18:00, 2025-09-18 …)
    as the local ISO text it is compared with (the audit trail stores local time with its offset,
    so the text compares in order). A bare day or minute as an end bound covers the whole day
    (minute). "" for empty text; ValueError for text that is not a date."""
    from datetime import timedelta

    if not text.strip():
        return ""
    found = _TYPED.match(text)
    if found is None:
        raise ValueError(text)
    year, month, day, hour, minute = (int(g) if g is not None else None for g in found.groups())
    moment = datetime(year, month, day, hour or 0, minute or 0)  # ValueError for 2月30日 or 25:00
    if end:
        moment += (timedelta(minutes=1) if hour is not None else timedelta(days=1)) - timedelta(seconds=1)
    return moment.isoformat(timespec="seconds")
