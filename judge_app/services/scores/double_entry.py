"""Use case: double entry of paper score sheets (双人录入).

Two clerks type the same paper sheet without seeing each other's values. Each clerk's values go
to `pending_score`, kept per clerk. When a second clerk completes a judge × entry:

- every criterion value equal to the first clerk's → the set becomes official, written only
  through `store.score_store.apply_scores` (audited), and the pending values are cleared;
- any value different → nothing becomes official; the two versions are shown side by side
  (`mismatches`) until someone resolves them (`resolve`), which writes the chosen values,
  audited with both typed versions.

A clerk re-entering their own sheet replaces their own pending values; one clerk can never
confirm their own typing (the rule lives here, where the data is written, not in the screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text

from judge_app.domain.contest import PANEL
from judge_app.services.contest.contest_access import ServiceError, require_component, require_contest
from judge_app.services.results.locks import require_unlocked
from judge_app.services.integrity.users import enforcing, require_role
from judge_app.services.scores.score_checks import seat_problem
from judge_app.services.scores.score_entry import _judge, check_values
from judge_app.store import audit
from judge_app.store.conflicts import manual_conflicts
from judge_app.store.database import Database
from judge_app.store.models import SCORE_SCALE, from_units
from judge_app.store.score_store import SheetLine, apply_scores

WAITING = "waiting"  # first clerk's values kept, waiting for the second clerk
OFFICIAL = "official"  # both clerks typed the same values: now official
MISMATCH = "mismatch"  # the clerks disagree: to be resolved


@dataclass(frozen=True)
class Mismatch:
    """Two clerks' versions of one judge × entry that disagree."""

    judge: str
    entry: str
    first_clerk: str
    first: dict[str, Decimal]
    second_clerk: str
    second: dict[str, Decimal]

    @property
    def differing(self) -> tuple[str, ...]:
        return tuple(k for k in self.first if self.first[k] != self.second.get(k))


@dataclass(frozen=True)
class EntryOutcome:
    state: str
    mismatch: Mismatch | None = None


_PENDING = text(
    "SELECT p.clerk, j.code, e.code, c.key, p.value, p.entered_at FROM pending_score p "
    "JOIN criterion c ON c.id = p.criterion_id JOIN judge j ON j.id = p.judge_id "
    "JOIN entry e ON e.id = p.entry_id WHERE c.component_id = :c ORDER BY p.entered_at, p.id"
)


def _pending(session, cid: int) -> dict[tuple[str, str], dict[str, dict[str, Decimal]]]:
    """(judge, entry) → clerk → criterion key → value, clerks in order of first typing."""
    out: dict[tuple[str, str], dict[str, dict[str, Decimal]]] = {}
    for clerk, judge, entry, key, units, _at in session.execute(_PENDING, {"c": cid}):
        out.setdefault((judge, entry), {}).setdefault(clerk, {})[key] = from_units(units)
    return out


def _context(session, round_key, component_key, judge_code, entry_code, actor):
    """Check the request and the guards every score write takes (role, locks) before writing."""
    stored = require_contest(session)
    round_, component = require_component(stored, round_key, component_key, PANEL)
    judge = _judge(stored.contest, judge_code)
    entry = next((e for e in stored.contest.entries if e.code == entry_code), None)
    if entry is None:
        raise ServiceError(f"未知作品编号 {entry_code!r} (unknown entry code)")
    if reason := seat_problem(judge, entry, round_, component, manual_conflicts(session)):
        raise ServiceError(reason)
    require_role(session, actor, "scores", judge_code=judge_code)
    require_unlocked(session, stored, round_key, component_key)
    return stored, component


def _clear(session, stored, round_key, component, judge, entry) -> None:
    session.execute(
        text("DELETE FROM pending_score WHERE judge_id = :j AND entry_id = :e AND criterion_id IN "
             "(SELECT id FROM criterion WHERE component_id = :c)"),
        {"j": stored.ids.judges[judge], "e": stored.ids.entries[entry],
         "c": stored.ids.components[(round_key, component.key)]},
    )


def enter_blind(db: Database, round_key: str, component_key: str, judge_code: str, entry_code: str,
                values: dict[str, Decimal], clerk: str) -> EntryOutcome:
    """One clerk's complete typing of a judge's scores for an entry."""
    if not clerk.strip():
        raise ServiceError("双人录入须填写录入员姓名 (double entry needs the clerk's name)")
    with db.session() as session:
        stored, component = _context(session, round_key, component_key, judge_code, entry_code, clerk)
        check_values(component, values)
        cid = stored.ids.components[(round_key, component_key)]
        jid, eid = stored.ids.judges[judge_code], stored.ids.entries[entry_code]
        at = audit.now()
        for c in component.criteria:
            session.execute(
                text("INSERT INTO pending_score (clerk, judge_id, entry_id, criterion_id, value, entered_at) "
                     "VALUES (:clerk, :j, :e, :k, :v, :at) ON CONFLICT (clerk, judge_id, entry_id, criterion_id) "
                     "DO UPDATE SET value = excluded.value, entered_at = excluded.entered_at"),
                {"clerk": clerk, "j": jid, "e": eid, "k": stored.ids.criteria[(round_key, component_key, c.key)],
                 "v": int(values[c.key] * SCORE_SCALE), "at": at},
            )
        target = f"double:{round_key}.{component_key}:{judge_code}:{entry_code}"
        audit.record(session, clerk, "double.enter", target, None, {k: str(v) for k, v in values.items()}, at)
        versions = _pending(session, cid).get((judge_code, entry_code), {})
        complete = {c: v for c, v in versions.items() if len(v) == len(component.criteria)}
        others = [c for c in complete if c != clerk]
        if not others:
            return EntryOutcome(WAITING)
        for other in others:
            if complete[other] == values:
                apply_scores(session, stored.ids, round_key, component,
                             [SheetLine(None, judge_code, entry_code, values)], f"{other}+{clerk}")
                audit.record(session, clerk, "double.match", target, None, {"clerks": [other, clerk]}, at)
                _clear(session, stored, round_key, component, judge_code, entry_code)
                return EntryOutcome(OFFICIAL)
        other = others[0]
        return EntryOutcome(MISMATCH, Mismatch(judge_code, entry_code, other, complete[other], clerk, values))


def mismatches(db: Database, round_key: str, component_key: str, judge_code: str | None = None) -> list[Mismatch]:
    """Every judge × entry where two clerks typed different values, in order of judge and entry."""
    with db.session() as session:
        stored = require_contest(session)
        _, component = require_component(stored, round_key, component_key, PANEL)
        pending = _pending(session, stored.ids.components[(round_key, component_key)])
    out = []
    for (judge, entry), versions in sorted(pending.items()):
        if judge_code is not None and judge != judge_code:
            continue
        complete = [(c, v) for c, v in versions.items() if len(v) == len(component.criteria)]
        if len(complete) >= 2 and complete[0][1] != complete[1][1]:
            out.append(Mismatch(judge, entry, complete[0][0], complete[0][1], complete[1][0], complete[1][1]))
    return out


def pending_values(db: Database, round_key: str, component_key: str, judge_code: str,
                   clerk: str) -> dict[str, dict[str, Decimal]]:
    """This clerk's own pending values on a judge's sheet (entry → criterion → value): the blind view."""
    with db.session() as session:
        stored = require_contest(session)
        require_component(stored, round_key, component_key, PANEL)
        pending = _pending(session, stored.ids.components[(round_key, component_key)])
    return {entry: versions[clerk] for (judge, entry), versions in pending.items()
            if judge == judge_code and clerk in versions}


def resolve(db: Database, round_key: str, component_key: str, judge_code: str, entry_code: str,
            values: dict[str, Decimal], actor: str, note: str = "") -> str:
    """Settle a mismatch with the values read off the paper sheet: they become official, audited
    together with both typed versions; the pending values are cleared.

    The person checking the paper is neither of the two typists: refused when accounts exist
    (the names are then proven); without accounts a typist may, and the returned warning says so
    (empty otherwise)."""
    with db.session() as session:
        stored, component = _context(session, round_key, component_key, judge_code, entry_code, actor)
        check_values(component, values)
        versions = _pending(session, stored.ids.components[(round_key, component_key)]).get((judge_code, entry_code), {})
        if len(versions) < 2:
            raise ServiceError(f"评委 {judge_code} 对作品 {entry_code} 没有待核对的两份录入 (nothing to resolve)")
        warning = ""
        if actor in versions:
            if enforcing(session):
                raise ServiceError(f"{actor} 是两位录入员之一, 不能自己裁定; 请由第三人核对纸质评分表 "
                                   "(a typist cannot resolve their own mismatch)")
            warning = (f"注意: 裁定人 {actor} 是录入员之一; 启用账户后须由第三人核对 "
                       "(the resolver typed one of the versions)")
        apply_scores(session, stored.ids, round_key, component, [SheetLine(None, judge_code, entry_code, values)], actor)
        audit.record(
            session, actor, "double.resolve", f"double:{round_key}.{component_key}:{judge_code}:{entry_code}",
            {clerk: {k: str(v) for k, v in vals.items()} for clerk, vals in versions.items()},
            {"values": {k: str(v) for k, v in values.items()}, "note": note},
        )
        _clear(session, stored, round_key, component, judge_code, entry_code)
    return warning
