"""Raw vote records: how a vote's time is read, which votes count, and what looks suspicious.

Terms
-----
raw vote record
    One row of a platform's export: who voted (voter id), for which entry, optionally when
    and from which IP address.
dedup rule (the component's `dedup`)
    `none`: every record counts. `voter`: one vote per voter per entry. `voter_day`: one vote
    per voter per entry per calendar day (the day of the record's time, as exported, local
    time). Of several records that fall together, the first in the file counts; the others
    are duplicates, kept in the database but not counted.
exclusion
    An organizer may exclude voters or IP addresses by name. Their records are kept, marked
    excluded and not counted; the reason goes into the audit trail.
flags
    Screening only informs; a flag never changes a count by itself:
    - `ip_burst`: one IP address cast at least `ip_burst` records for one entry;
    - `minute_burst`: one entry received at least `minute_burst` records within one clock
      minute (HH:MM);
    - `outside_window`: the record's time lies before `vote_start` or after `vote_end`;
    - `heavy_voter`: a voter cast at least `heavy_voter` records, and at least
      `heavy_factor` times the average number of records per voter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

DEDUP_NONE = "none"
DEDUP_VOTER = "voter"
DEDUP_VOTER_DAY = "voter_day"

# `YYYY-MM-DD HH:MM:SS` and `YYYY/MM/DD HH:MM[:SS]`, as platforms and Excel write them.
VOTE_TIME_FORMATS = ("YYYY-MM-DD HH:MM:SS", "YYYY/MM/DD HH:MM[:SS]")
_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?"
    r"|(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?"
)


def parse_vote_time(text: str) -> datetime | None:
    """A vote's time in one of `VOTE_TIME_FORMATS` (surrounding spaces allowed), else None."""
    m = _TIME.fullmatch(text.strip())
    if m is None:
        return None
    groups = m.groups()
    parts = groups[:6] if groups[0] is not None else groups[6:]
    try:
        return datetime(*(int(p) if p is not None else 0 for p in parts))
    except ValueError:  # 2024-02-30, 25:00 …
        return None


def canonical_time(moment: datetime) -> str:
    """The text kept in the database and compared with the voting window: `YYYY-MM-DD HH:MM:SS`."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def window_bound(value: object, end: bool) -> datetime | None:
    """A `vote_start`/`vote_end` value: a datetime, a date (whole day) or text in a vote time format."""
    if isinstance(value, datetime):
        return value if value.tzinfo is None else None
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59) if end else time(0, 0, 0))
    if isinstance(value, str):
        return parse_vote_time(value)
    return None


@dataclass(frozen=True)
class ScreeningRules:
    """Thresholds of the screening flags (see the module text)."""

    ip_burst: int = 20
    minute_burst: int = 60
    heavy_voter: int = 50
    heavy_factor: int = 10
    samples: int = 20  # how many flagged items a report lists in full

    def is_heavy(self, records: int, all_records: int, voters: int) -> bool:
        """At least `heavy_voter` records and `heavy_factor` × the mean per voter (integers, no float)."""
        return records >= self.heavy_voter and records * voters >= self.heavy_factor * all_records
