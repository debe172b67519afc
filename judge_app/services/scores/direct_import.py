"""Use case: import direct 0–100 scores (one per entry) for a `direct` component.

An entry already scored is replaced, with its old value in the audit trail; entries not in the
file keep their score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from judge_app.domain import audit_target
from judge_app.domain.contest import DIRECT
from judge_app.services.contest.contest_access import CodeIndex, require_component, require_contest
from judge_app.services.results.locks import require_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.services.scores.score_checks import valid_score
from judge_app.table_files.columns import ENTRY_COLUMNS, SCORE_COLUMNS, parse_decimal, read_header
from judge_app.table_files.problems import InputRefused, Problem
from judge_app.table_files.reader import open_table
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import DirectScoreRow, from_units

MAX_PROBLEMS = 100
DIRECT_MAX = Decimal(100)


@dataclass(frozen=True)
class DirectImportReport:
    source: str
    round: str
    component: str
    rows: int
    created: int
    replaced: int
    unchanged: int


def import_direct(db: Database, path: str | Path, round_key: str, component_key: str, actor: str,
                  sheet: str | None = None) -> DirectImportReport:
    table = open_table(path, sheet)
    with db.session() as session:
        stored = require_contest(session)
        round_, _ = require_component(stored, round_key, component_key, DIRECT)
        entries = {e.code: e for e in stored.contest.entries}
        index = CodeIndex(entries)
        header, rows = read_header(table, {"entry": ENTRY_COLUMNS, "score": SCORE_COLUMNS})
        problems: list[Problem] = []
        given: dict[str, Decimal] = {}
        seen: dict[str, int] = {}
        for row in rows:
            if row.blank:
                continue
            if len(problems) >= MAX_PROBLEMS:
                break
            typed, typed_score = header.cell(row, "entry"), header.cell(row, "score")
            code = index.find(typed)
            value = parse_decimal(typed_score) if typed_score else None
            if not typed:
                problems.append(Problem(table.name, row.number, "缺少作品编号 (missing entry code)"))
            elif code is None:
                problems.append(Problem(table.name, row.number, f"未知作品编号 {typed!r} (unknown entry code)"))
            elif not entries[code].in_round(round_key):
                problems.append(Problem(table.name, row.number, f"作品 {code} 不参加 {round_.name} (entry not in this round)"))
            elif code in seen:
                problems.append(Problem(table.name, row.number, f"作品 {code} 与第 {seen[code]} 行重复 (duplicate entry)"))
            elif not typed_score:
                problems.append(Problem(table.name, row.number, "缺少分数 (missing score)"))
            elif reason := valid_score(value, DIRECT_MAX):
                problems.append(Problem(table.name, row.number, reason))
            else:
                seen[code] = row.number
                given[code] = value
        if problems:
            raise InputRefused(problems)
        if not given:
            raise InputRefused.one(table.name, header.row, "表头下没有分数数据 (no score rows below the header)")

        require_role(session, actor, "import")
        require_unlocked(session, stored, round_key, component_key)
        db.backup(f"direct.import-{round_key}.{component_key}")
        cid = stored.ids.components[(round_key, component_key)]
        existing = {
            entry_id: (sid, from_units(units))
            for sid, entry_id, units in session.execute(
                text("SELECT id, entry_id, value FROM direct_score WHERE component_id = :c"), {"c": cid}
            )
        }
        created = replaced = unchanged = 0
        events = []
        for code, value in given.items():
            eid = stored.ids.entries[code]
            target = audit_target.make("direct", round_key, component_key, code)
            if eid not in existing:
                session.add(DirectScoreRow(component_id=cid, entry_id=eid, value=value))
                events.append(audit.event(actor, "direct.create", target, None, str(value)))
                created += 1
            elif existing[eid][1] != value:
                row = session.get(DirectScoreRow, existing[eid][0])
                events.append(audit.event(actor, "direct.replace", target, str(row.value), str(value)))
                row.value = value
                replaced += 1
            else:
                unchanged += 1
        audit.record_many(session, events)
    return DirectImportReport(table.name, round_key, component_key, len(given), created, replaced, unchanged)
