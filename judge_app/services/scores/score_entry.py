"""Use case: a clerk (or a judge's device) enters one judge's scores for one entry, and reads a judge's sheet.

The same checks as a sheet import apply (panel seat, round, conflict of interest, 0..max) and
the same audited write: only a value that changed is written, with its old value kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text

from judge_app.domain.contest import PANEL, Component, Round
from judge_app.services.contest.contest_access import ServiceError, require_component, require_contest
from judge_app.services.contest.definition_cache import cached_contest
from judge_app.services.results.locks import require_unlocked
from judge_app.services.scores.score_checks import comment_problem, seat_problem, valid_score
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.comments import set_comment
from judge_app.store.conflicts import manual_conflicts
from judge_app.store.database import Database
from judge_app.store.score_store import SheetLine, WriteCounts, apply_scores
from judge_app.store.models import from_units


@dataclass(frozen=True)
class SheetRow:
    """One entry on a judge's sheet: the values entered so far, or why the judge may not score it."""

    entry: str
    title: str
    values: dict[str, Decimal]  # criterion key → value (entered ones only)
    blocked: str | None  # reason (e.g. conflict of interest), or None
    comment: str = ""  # 专家点评

    @property
    def complete(self) -> bool:
        return self.blocked is None and bool(self.values)


@dataclass(frozen=True)
class JudgeSheet:
    round: Round
    component: Component
    judge: str
    rows: list[SheetRow]

    def total(self, entry: str) -> Decimal | None:
        row = next(r for r in self.rows if r.entry == entry)
        if len(row.values) != len(self.component.criteria):
            return None
        return sum(row.values.values(), Decimal(0))


_JUDGE_SCORES = text(
    "SELECT e.code, c.key, s.value FROM score s JOIN criterion c ON c.id = s.criterion_id "
    "JOIN entry e ON e.id = s.entry_id WHERE c.component_id = :c AND s.judge_id = :j"
)

_JUDGE_COMMENTS = text(
    "SELECT e.code, m.text FROM score_comment m JOIN entry e ON e.id = m.entry_id "
    "WHERE m.component_id = :c AND m.judge_id = :j"
)


def judge_sheet(db: Database, round_key: str, component_key: str, judge_code: str) -> JudgeSheet:
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, PANEL)
        judge = _judge(stored.contest, judge_code)
        if not judge.sits_on(round_key, component_key):
            raise ServiceError(f"评委 {judge_code} 不在 {round_.name}/{component.name} 评审组 (judge not on this panel)")
        entered: dict[str, dict[str, Decimal]] = {}
        params = {"c": stored.ids.components[(round_key, component_key)], "j": stored.ids.judges[judge_code]}
        for code, key, units in session.execute(_JUDGE_SCORES, params):
            entered.setdefault(code, {})[key] = from_units(units)
        comments = dict(session.execute(_JUDGE_COMMENTS, params).all())
        manual = manual_conflicts(session)
    rows = [
        SheetRow(e.code, e.title, entered.get(e.code, {}), seat_problem(judge, e, round_, component, manual),
                 comments.get(e.code, ""))
        for e in stored.contest.entries
        if e.in_round(round_key)
    ]
    return JudgeSheet(round_, component, judge_code, rows)


def _judge(contest, code: str):
    for j in contest.judges:
        if j.code == code:
            return j
    raise ServiceError(f"未知评委编号 {code!r} (unknown judge code)")


def save_scores(db: Database, round_key: str, component_key: str, judge_code: str, entry_code: str,
                values: dict[str, Decimal], actor: str, also: Callable | None = None, *,
                judge_link: bool = False, cached: bool = False) -> WriteCounts:
    """Save a judge's complete set of criterion values for one entry, in one audited transaction.

    `also(session, stored)`, when given, runs inside the same transaction after the checks and
    before the write (a LAN submission records its idempotency key and comment there, or refuses).
    `judge_link=True`: the judge proved who they are with their own LAN link (a token issued by an
    administrator or clerk, opening only that judge's scores), which stands in for an account.
    `cached=True`: the definition comes from services.contest.definition_cache (the LAN service's writes).
    """
    with db.session() as session:
        stored = cached_contest(session) if cached else require_contest(session)
        round_, component = require_component(stored, round_key, component_key, PANEL)
        judge = _judge(stored.contest, judge_code)
        entry = next((e for e in stored.contest.entries if e.code == entry_code), None)
        if entry is None:
            raise ServiceError(f"未知作品编号 {entry_code!r} (unknown entry code)")
        if reason := seat_problem(judge, entry, round_, component, manual_conflicts(session)):
            raise ServiceError(reason)
        missing = [c.name for c in component.criteria if c.key not in values]
        unknown = [k for k in values if k not in {c.key for c in component.criteria}]
        if missing or unknown:
            raise ServiceError(f"评分项不完整: 缺少 {missing}, 未知 {unknown} (incomplete criteria)")
        for c in component.criteria:
            if reason := valid_score(values[c.key], c.max):
                raise ServiceError(f"{c.name}: {reason}")
        if not judge_link:
            require_role(session, actor, "scores", judge_code=judge_code)
        require_unlocked(session, stored, round_key, component_key)
        if also is not None:
            also(session, stored)
        return apply_scores(session, stored.ids, round_key, component, [SheetLine(None, judge_code, entry_code, values)], actor)


def check_values(component: Component, values: dict[str, Decimal]) -> None:
    """Refuse an incomplete or out-of-range set of criterion values (ServiceError)."""
    missing = [c.name for c in component.criteria if c.key not in values]
    unknown = [k for k in values if k not in {c.key for c in component.criteria}]
    if missing or unknown:
        raise ServiceError(f"评分项不完整: 缺少 {missing}, 未知 {unknown} (incomplete criteria)")
    for c in component.criteria:
        if reason := valid_score(values[c.key], c.max):
            raise ServiceError(f"{c.name}: {reason}")


def save_comment(db: Database, round_key: str, component_key: str, judge_code: str, entry_code: str,
                 comment: str, actor: str) -> bool:
    """Keep (or clear, when empty) a judge's comment on an entry (专家点评), audited; True if it changed."""
    if reason := comment_problem(comment):
        raise ServiceError(reason)
    comment = comment.strip()
    with db.session() as session:
        stored = require_contest(session)
        require_component(stored, round_key, component_key, PANEL)
        _judge(stored.contest, judge_code)
        if entry_code not in stored.ids.entries:
            raise ServiceError(f"未知作品编号 {entry_code!r} (unknown entry code)")
        require_role(session, actor, "scores", judge_code=judge_code)
        require_unlocked(session, stored, round_key, component_key)
        return set_comment(session, stored.ids.components[(round_key, component_key)], stored.ids.judges[judge_code],
                           stored.ids.entries[entry_code], comment, actor,
                           f"comment:{round_key}.{component_key}:{judge_code}:{entry_code}")


def panel_comments(db: Database, round_key: str, component_key: str) -> dict[tuple[str, str], str]:
    """(entry code, judge code) → comment, for a results breakdown."""
    return round_comments(db, round_key).get(component_key, {})


def round_comments(db: Database, round_key: str) -> dict[str, dict[tuple[str, str], str]]:
    """Every comment of a round's panels: component key → (entry code, judge code) → comment."""
    with db.session() as session:
        rows = session.execute(text(
            "SELECT c.key, e.code, j.code, m.text FROM score_comment m JOIN entry e ON e.id = m.entry_id "
            "JOIN judge j ON j.id = m.judge_id JOIN component c ON c.id = m.component_id "
            "JOIN round r ON r.id = c.round_id WHERE r.key = :r"), {"r": round_key}).all()
    out: dict[str, dict[tuple[str, str], str]] = {}
    for component, entry, judge, comment in rows:
        out.setdefault(component, {})[(entry, judge)] = comment
    return out
