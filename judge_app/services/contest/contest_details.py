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

from judge_app.domain.contest import HEAD_TITLES, verify_url_problem
from judge_app.domain.input_text import text_problem
from judge_app.services.contest.contest_access import ServiceError, require_contest
from judge_app.services.results.locks import require_rounds_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.database import Database

LABELS = {"name": "比赛名称", "organizer": "主办单位", "host_unit": "承办单位", "date": "日期", "venue": "地点",
          "verify_url": "证书验证地址", "head_title": "主评委称谓"}


@dataclass(frozen=True)
class ContestDetails:
    name: str
    organizer: str = ""
    host_unit: str = ""
    date: str = ""  # YYYY-MM-DD or empty
    venue: str = ""
    verify_url: str = ""  # certificate QR codes link to this page (empty: the payload alone)
    head_title: str = ""  # 主评委 or 总裁判长 (empty: 主评委)

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
    if verify_url_problem(d.verify_url):
        found.append(verify_url_problem(d.verify_url))
    if d.head_title and d.head_title not in HEAD_TITLES:
        found.append(f"主评委称谓须为 {' 或 '.join(HEAD_TITLES)} (head judge title)")
    for f in fields(d):
        value = getattr(d, f.name)
        if problem := text_problem(value, LABELS[f.name], "contest"):  # the contest file's rule (domain.input_text)
            found.append(problem)
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
    return replace(contest, **{f.name: getattr(details, f.name) for f in fields(details)})


def _details_of(c) -> ContestDetails:
    return ContestDetails(**{f.name: getattr(c, f.name) for f in fields(ContestDetails)})


def contest_details(db: Database) -> ContestDetails:
    with db.session() as session:
        c = require_contest(session).contest
        return _details_of(c)


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
        old = _details_of(c)
        if old == details:
            return False
        session.execute(
            text("UPDATE contest SET " + ", ".join(f"{f.name} = :{f.name}" for f in fields(details))
                 + " WHERE id = :id"),
            {**{f.name: getattr(details, f.name) for f in fields(details)}, "id": stored.ids.contest},
        )
        changes = [f.name for f in fields(details) if getattr(old, f.name) != getattr(details, f.name)]
        audit.record(session, actor, "contest.details", "contest",
                     {k: getattr(old, k) for k in changes}, {k: getattr(details, k) for k in changes})
    return True
