"""Use case: the contest's details — name, 主办单位, 承办单位, date, venue — shown and changed
from the setup screen and `judge-app contest show|set`.

They are printed on every certificate (issuing body, date) and on the results notice (主办
line), so they are checked (a real YYYY-MM-DD date, a non-empty name), audited, and frozen
once any round is locked: a signed result's documents must not change their issuing body.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy import text

from judge_app.services.contest_access import ServiceError, require_contest
from judge_app.services.locks import require_rounds_unlocked
from judge_app.services.users import require_role
from judge_app.store import audit
from judge_app.store.database import Database

LABELS = {"name": "比赛名称", "organizer": "主办单位", "host_unit": "承办单位", "date": "日期", "venue": "地点"}


@dataclass(frozen=True)
class ContestDetails:
    name: str
    organizer: str = ""
    host_unit: str = ""
    date: str = ""  # YYYY-MM-DD or empty
    venue: str = ""

    def changed(self, **values) -> ContestDetails:
        """These details with the given fields replaced (None: keep), trimmed."""
        return replace(self, **{k: v.strip() for k, v in values.items() if v is not None})


def details_problems(d: ContestDetails) -> list[str]:
    """What is wrong with the details, for live validation next to the field."""
    found = []
    if not d.name.strip():
        found.append("比赛名称不能为空 (the contest needs a name)")
    if d.date:
        try:
            date.fromisoformat(d.date)
            if len(d.date) != 10:
                raise ValueError
        except ValueError:
            found.append(f"日期须为 YYYY-MM-DD, 现为 {d.date!r} (bad date)")
    for f in fields(d):
        value = getattr(d, f.name)
        if len(value) > 200 or any(ord(ch) < 32 for ch in value):
            found.append(f"{LABELS[f.name]} 过长或含控制字符 (too long or control characters)")
    return found


_NOT_IN_FILE_NAMES = set('<>:"/\\|?*')


def suggested_file_name(name: str) -> str:
    """A file name for a new contest from its name (`2025年创新大赛.sqlite`), safe on Windows:
    no reserved characters, no leading dot or trailing dot/space, at most 60 characters."""
    kept = "".join(" " if ch in _NOT_IN_FILE_NAMES or ord(ch) < 32 else ch for ch in name)
    kept = " ".join(kept.split()).strip(". ")[:60].strip(". ")
    return f"{kept or '比赛'}.sqlite"


def apply_details(contest, details: ContestDetails):
    """The contest (domain object) carrying these details: for a contest about to be created."""
    found = details_problems(details)
    if found:
        raise ServiceError("; ".join(found))
    return replace(contest, name=details.name, organizer=details.organizer, host_unit=details.host_unit,
                   date=details.date, venue=details.venue)


def contest_details(db: Database) -> ContestDetails:
    with db.session() as session:
        c = require_contest(session).contest
        return ContestDetails(c.name, c.organizer, c.host_unit, c.date, c.venue)


def judge_profiles(db: Database) -> tuple:
    """The judges with their 职称 and 工作单位 (`contest show`), by code."""
    with db.session() as session:
        return require_contest(session).contest.judges


def update_details(db: Database, details: ContestDetails, actor: str) -> bool:
    """Save the details in one audited change; False when nothing changed. Refused while any
    round is locked (the documents of a signed result keep their issuing body and date)."""
    found = details_problems(details)
    if found:
        raise ServiceError("; ".join(found))
    with db.session() as session:
        stored = require_contest(session)
        require_role(session, actor, "setup")
        require_rounds_unlocked(session, stored, [r.key for r in stored.contest.rounds])
        c = stored.contest
        old = ContestDetails(c.name, c.organizer, c.host_unit, c.date, c.venue)
        if old == details:
            return False
        session.execute(
            text("UPDATE contest SET name = :name, organizer = :organizer, host_unit = :host_unit, date = :date, "
                 "venue = :venue WHERE id = :id"),
            {**{f.name: getattr(details, f.name) for f in fields(details)}, "id": stored.ids.contest},
        )
        changes = [f.name for f in fields(details) if getattr(old, f.name) != getattr(details, f.name)]
        audit.record(session, actor, "contest.details", "contest",
                     {k: getattr(old, k) for k in changes}, {k: getattr(details, k) for k in changes})
    return True
