"""计分说明: how one entry's result was computed, step by step, in words a dispute can be settled with.

Reads the official computation (`domain.results.RoundResult`, with each panel's `PanelResult`) and
the raw inputs it was computed from; it formats, it does not score. Every figure shown is either
a raw input or a value the scoring rules produced; sums in the steps are exact sums of the shown
values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.results import RoundInputs, RoundResult
from judge_app.domain.rules import component_kind

KEPT, DROPPED_HIGH, DROPPED_LOW = "kept", "dropped_high", "dropped_low"


@dataclass(frozen=True)
class JudgeLine:
    judge: str
    total: Decimal
    status: str  # KEPT, DROPPED_HIGH or DROPPED_LOW
    z: Decimal | None = None  # the standardised value, for aggregate = "zscore"


@dataclass(frozen=True)
class ComponentLine:
    key: str
    name: str
    kind: str
    weight: Decimal
    score: Decimal | None
    judges: tuple[JudgeLine, ...]
    steps: tuple[str, ...]


@dataclass(frozen=True)
class EntryExplanation:
    code: str
    rank: int | None
    award: str | None
    total: Decimal | None
    components: tuple[ComponentLine, ...]
    total_steps: tuple[str, ...]


def _num(value: Decimal) -> str:
    """A raw value as typed: 80, 82.5 (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"


def explain_entry(result: RoundResult, inputs: RoundInputs, code: str) -> EntryExplanation:
    round_ = result.round
    standing = result.standing(code)
    places = round_.decimals
    lines = []
    for component in round_.components:
        score = standing.components.get(component.key)
        judges: tuple[JudgeLine, ...] = ()
        kind = component_kind(component.kind)
        if kind.judged:
            panel = result.panels[component.key][code]
            high = {t.judge for t in panel.dropped_high}
            low = {t.judge for t in panel.dropped_low}
            zs = {t.judge: t.total for t in panel.standardised}
            judges = tuple(
                JudgeLine(t.judge, t.total, DROPPED_HIGH if t.judge in high else DROPPED_LOW if t.judge in low else KEPT,
                          zs.get(t.judge))
                for t in panel.totals
            )
        steps = kind.explain(component, result, inputs, code, score, places)
        lines.append(ComponentLine(component.key, component.name, component.kind, component.weight, score, judges, tuple(steps)))
    if standing.total is None:
        missing = "、".join(round_.component(k).name for k in standing.missing)
        total_steps = (f"缺少 {missing} 的得分, 暂不计算总分, 不参加排名",)
    else:
        terms = " + ".join(f"{_num(c.weight)} × {c.score}" for c in lines)
        total_steps = (f"总分 = {terms} = {standing.total} (四舍五入到 {places} 位小数)",)
    return EntryExplanation(code, standing.rank, standing.award, standing.total, tuple(lines), total_steps)
