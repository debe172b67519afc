"""Use case: every mark behind a round's result — judge × entry × criterion, each judge's total,
and which totals the panel dropped — for the results workbook's detail sheet.

The marks are read as entered; the totals used and the drops come from the official result
(`standings.round_report`), so the sheet shows what the published score was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.rules import dropped_mark, is_judged
from judge_app.services.contest.contest_access import require_contest, require_round
from judge_app.services.results.standings import RoundReport
from judge_app.store.database import Database
from judge_app.store.round_inputs import criterion_scores

DETAIL_HEADERS = ("评审组", "作品编号", "作品", "评委编号", "评委", "评分项", "满分", "分值", "评委合计", "去掉")


@dataclass(frozen=True)
class DetailRow:
    panel: str
    entry: str
    title: str
    judge: str
    judge_name: str
    criterion: str
    max: Decimal
    value: Decimal | None  # None: not entered (an incomplete sheet, not counted)
    judge_total: Decimal | None  # the total the result used; None when the sheet is incomplete
    dropped: str  # 去掉最高 / 去掉最低 / 去掉z 值最高 … / ""


def score_details(db: Database, report: RoundReport) -> list[DetailRow]:
    """One row per judge × entry × criterion of every panel of the report's round, in entry, judge,
    criterion order."""
    round_ = report.result.round
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_.key)
        marks = {c.key: criterion_scores(session, stored, round_.key, c.key)
                 for c in round_.components if is_judged(c)}
    titles = {e.code: e.title for e in report.contest.entries}
    names = {j.code: j.name for j in report.contest.judges}
    out: list[DetailRow] = []
    for component in round_.components:
        if not is_judged(component):
            continue
        panel_name = f"{round_.name} · {component.name}"
        results = report.result.panels.get(component.key, {})
        for entry, judge in sorted(marks[component.key]):
            values = marks[component.key][(entry, judge)]
            result = results.get(entry)
            total = next((t.total for t in result.totals if t.judge == judge), None) if result else None
            dropped = ""
            if result is not None and result.is_dropped(judge):
                label = dropped_mark(component, result, judge).split(" (")[0]  # 最高, z 值最高 …
                dropped = f"去掉{label}"
            for criterion in component.criteria:
                out.append(DetailRow(panel_name, entry, titles.get(entry, ""), judge, names.get(judge, ""),
                                     criterion.name, criterion.max, values.get(criterion.key), total, dropped))
    return out
