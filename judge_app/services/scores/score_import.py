"""Use case: import a panel's score sheet (one row per judge × entry, one column per criterion).

The whole file is checked before anything is written; any problem refuses it as a whole,
naming the file, row and reason. Importing a judge × entry again replaces its values and the
audit trail keeps the old ones. A sheet may carry a comment column (`comment`, 点评, 评语, 意见):
its cell is that judge's comment on the entry (专家点评), replaced like the scores (an empty cell
clears it) and audited; without the column the stored comments are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from judge_app.domain.contest import PANEL
from judge_app.services.contest.contest_access import CodeIndex, require_component, require_contest
from judge_app.services.results.locks import require_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.services.scores.score_checks import comment_problem, seat_problem, valid_score
from judge_app.table_files.columns import COMMENT_COLUMNS, ENTRY_COLUMNS, JUDGE_COLUMNS, parse_decimal, read_header
from judge_app.table_files.problems import InputRefused, Problem
from judge_app.table_files.reader import open_table
from judge_app.store import audit
from judge_app.store.comments import set_comment
from judge_app.store.conflicts import manual_conflicts
from judge_app.store.database import Database
from judge_app.store.score_store import SheetLine, apply_scores

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class ScoreImportReport:
    source: str
    round: str
    component: str
    lines: int
    created: int
    replaced: int
    unchanged: int
    comments: int = 0  # comments set, changed or cleared


def import_scores(db: Database, path: str | Path, round_key: str, component_key: str, actor: str,
                  sheet: str | None = None) -> ScoreImportReport:
    table = open_table(path, sheet)
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, PANEL)
        contest = stored.contest
        roles = {"judge": JUDGE_COLUMNS, "entry": ENTRY_COLUMNS}
        roles.update({f"criterion:{c.key}": (c.key, c.name) for c in component.criteria})
        header, rows = read_header(table, roles, optional={"comment": COMMENT_COLUMNS})
        comments: dict[tuple[str, str], str] = {}

        judges = {j.code: j for j in contest.judges}
        entries = {e.code: e for e in contest.entries}
        judge_index, entry_index = CodeIndex(judges), CodeIndex(entries)
        manual = manual_conflicts(session)
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
            if reason := seat_problem(judge, entry, round_, component, manual):
                refuse(row.number, reason)
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
            if header.has("comment"):
                comment = header.cell(row, "comment")
                if reason := comment_problem(comment):
                    refuse(row.number, reason)
                    continue
                comments[(judge_code, entry_code)] = comment.strip()
            if len(values) == len(component.criteria):
                lines.append(SheetLine(row.number, judge_code, entry_code, values))
        if problems:
            raise InputRefused(problems)
        if not lines:
            raise InputRefused.one(table.name, header.row, "表头下没有评分数据 (no score rows below the header)")

        require_role(session, actor, "import")
        require_unlocked(session, stored, round_key, component_key)
        db.backup(f"scores.import-{round_key}.{component_key}")
        counts = apply_scores(session, stored.ids, round_key, component, lines, actor)
        component_id = stored.ids.components[(round_key, component_key)]
        changed = sum(set_comment(session, component_id, stored.ids.judges[j], stored.ids.entries[e], comment, actor,
                                  f"comment:{round_key}.{component_key}:{j}:{e}")
                      for (j, e), comment in comments.items())
        audit.record(session, actor, "scores.import", f"import:{round_key}.{component_key}",
                     new={"source": table.name, "rows": len(lines), "created": counts.created, "replaced": counts.replaced,
                          "comments": changed})
    return ScoreImportReport(table.name, round_key, component_key, len(lines), counts.created, counts.replaced,
                             counts.unchanged, changed)
