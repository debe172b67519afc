"""Use case: import a panel's score sheet (one row per judge × entry, one column per criterion).

The whole file is checked before anything is written; any problem refuses it as a whole,
naming the file, row and reason. Importing a judge × entry again replaces its values and the
audit trail keeps the old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import bindparam, insert, text, update

from judge_app.domain.contest import PANEL, is_conflicted
from judge_app.services.contest_access import CodeIndex, require_component, require_contest
from judge_app.sheets.columns import ENTRY_COLUMNS, JUDGE_COLUMNS, parse_decimal, read_header
from judge_app.sheets.problems import InputRefused, Problem
from judge_app.sheets.reader import open_table
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import SCORE_PLACES, ScoreRow, from_units

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class SheetLine:
    row: int
    judge: str
    entry: str
    values: dict[str, Decimal]  # criterion key → value


@dataclass(frozen=True)
class ScoreImportReport:
    source: str
    round: str
    component: str
    lines: int
    created: int
    replaced: int
    unchanged: int


def valid_score(value: Decimal | None, maximum: Decimal) -> str | None:
    """Why a typed criterion score is not acceptable, or None. Shared with the entry forms."""
    if value is None:
        return "不是数字 (not a number)"
    if value < 0 or value > maximum:
        return f"分数 {value} 超出 0..{maximum} (value outside 0..max)"
    if value != value.quantize(Decimal(1).scaleb(-SCORE_PLACES)):
        return f"分数 {value} 最多保留 {SCORE_PLACES} 位小数 (too many decimal places)"
    return None


def import_scores(db: Database, path: str | Path, round_key: str, component_key: str, actor: str,
                  sheet: str | None = None) -> ScoreImportReport:
    table = open_table(path, sheet)
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, PANEL)
        contest = stored.contest
        roles = {"judge": JUDGE_COLUMNS, "entry": ENTRY_COLUMNS}
        roles.update({f"criterion:{c.key}": (c.key, c.name) for c in component.criteria})
        header, rows = read_header(table, roles)

        judges = {j.code: j for j in contest.judges}
        entries = {e.code: e for e in contest.entries}
        judge_index, entry_index = CodeIndex(judges), CodeIndex(entries)
        problems: list[Problem] = []
        lines: list[SheetLine] = []
        seen: dict[tuple[str, str], int] = {}

        def refuse(row: int, reason: str) -> None:
            problems.append(Problem(table.name, row, reason))

        for row in rows:
            if row.blank:
                continue
            if len(problems) >= MAX_PROBLEMS:
                break
            typed_judge, typed_entry = header.cell(row, "judge"), header.cell(row, "entry")
            judge_code, entry_code = judge_index.find(typed_judge), entry_index.find(typed_entry)
            if not typed_judge:
                refuse(row.number, "缺少评委编号 (missing judge code)")
                continue
            if judge_code is None:
                refuse(row.number, f"未知评委编号 {typed_judge!r} (unknown judge code)")
                continue
            if not typed_entry:
                refuse(row.number, "缺少作品编号 (missing entry code)")
                continue
            if entry_code is None:
                refuse(row.number, f"未知作品编号 {typed_entry!r} (unknown entry code)")
                continue
            judge, entry = judges[judge_code], entries[entry_code]
            if not judge.sits_on(round_key, component_key):
                refuse(row.number, f"评委 {judge_code} 不在 {round_.name}/{component.name} 评审组 (judge not on this panel)")
                continue
            if not entry.in_round(round_key):
                refuse(row.number, f"作品 {entry_code} 不参加 {round_.name} (entry not in this round)")
                continue
            if is_conflicted(judge.unit, entry.unit):
                refuse(row.number, f"评委 {judge_code} 与作品 {entry_code} 同属 {entry.unit}, 须回避 (conflict of interest)")
                continue
            if (judge_code, entry_code) in seen:
                refuse(row.number, f"评委 {judge_code} 对作品 {entry_code} 的评分与第 {seen[(judge_code, entry_code)]} 行重复 (duplicate row)")
                continue
            seen[(judge_code, entry_code)] = row.number
            values: dict[str, Decimal] = {}
            for criterion in component.criteria:
                typed = header.cell(row, f"criterion:{criterion.key}")
                if not typed:
                    refuse(row.number, f"{criterion.name} 缺少分数 (missing value for {criterion.key})")
                    continue
                value = parse_decimal(typed)
                reason = valid_score(value, criterion.max)
                if reason:
                    refuse(row.number, f"{criterion.name}: {reason}")
                    continue
                values[criterion.key] = value
            if len(values) == len(component.criteria):
                lines.append(SheetLine(row.number, judge_code, entry_code, values))
        if problems:
            raise InputRefused(problems)
        if not lines:
            raise InputRefused.one(table.name, header.row, "表头下没有评分数据 (no score rows below the header)")

        ids = stored.ids
        criterion_ids = {c.key: ids.criteria[(round_key, component_key, c.key)] for c in component.criteria}
        existing = {
            (j, e, k): (sid, v)
            for sid, j, e, k, v in session.execute(
                text(
                    "SELECT s.id, s.judge_id, s.entry_id, s.criterion_id, s.value FROM score s "
                    "JOIN criterion c ON c.id = s.criterion_id WHERE c.component_id = :c"
                ),
                {"c": ids.components[(round_key, component_key)]},
            )
        }
        inserts, updates, events = [], [], []
        created = replaced = unchanged = 0
        at = audit.now()
        for line in lines:
            jid, eid = ids.judges[line.judge], ids.entries[line.entry]
            old, new = {}, {}
            for key, value in line.values.items():
                found = existing.get((jid, eid, criterion_ids[key]))
                if found is None:
                    inserts.append({"judge_id": jid, "entry_id": eid, "criterion_id": criterion_ids[key], "value": value})
                    new[key] = str(value)
                else:
                    sid, units = found
                    previous = from_units(units)
                    if previous != value:
                        updates.append({"sid": sid, "value": value})
                        old[key], new[key] = str(previous), str(value)
            if not new:
                unchanged += 1
                continue
            if old:
                replaced += 1
            else:
                created += 1
            events.append(audit.event(
                actor, "score.replace" if old else "score.create",
                f"score:{round_key}.{component_key}:{line.judge}:{line.entry}", old or None, new, at,
            ))
        if inserts:
            session.execute(insert(ScoreRow), inserts)
        if updates:
            score = ScoreRow.__table__
            session.execute(update(score).where(score.c.id == bindparam("sid")).values(value=bindparam("value")), updates)
        audit.record_many(session, events)
        audit.record(session, actor, "scores.import", f"import:{round_key}.{component_key}",
                     new={"source": table.name, "rows": len(lines), "created": created, "replaced": replaced})
    return ScoreImportReport(table.name, round_key, component_key, len(lines), created, replaced, unchanged)
