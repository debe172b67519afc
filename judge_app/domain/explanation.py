"""计分说明: how one entry's result was computed, step by step, in words a dispute can be settled with.

Reads the official computation (`domain.results.RoundResult`, with each panel's `PanelResult`) and
the raw inputs it was computed from; it formats, it does not score. Every figure shown is either
a raw input or a value the scoring rules produced; sums in the steps are exact sums of the shown
values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.contest import DIRECT, PANEL, VOTES, ZSCORE
from judge_app.domain.results import RoundInputs, RoundResult
from judge_app.domain.scoring import ZSCORE_CONTEXT, mean_numerator

KEPT, DROPPED_HIGH, DROPPED_LOW = "kept", "dropped_high", "dropped_low"
STATUS_TEXT = {KEPT: "计入", DROPPED_HIGH: "去掉 (最高)", DROPPED_LOW: "去掉 (最低)"}


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
    text = f"{value.normalize():f}"
    return text


def _z(value: Decimal) -> str:
    return f"{value:+.4f}"


def explain_entry(result: RoundResult, inputs: RoundInputs, code: str) -> EntryExplanation:
    round_ = result.round
    standing = result.standing(code)
    places = round_.decimals
    lines = []
    for component in round_.components:
        score = standing.components.get(component.key)
        judges: tuple[JudgeLine, ...] = ()
        steps: list[str] = []
        if component.kind == PANEL:
            panel = result.panels[component.key][code]
            high = {t.judge for t in panel.dropped_high}
            low = {t.judge for t in panel.dropped_low}
            zs = {t.judge: t.total for t in panel.standardised}
            judges = tuple(
                JudgeLine(t.judge, t.total, DROPPED_HIGH if t.judge in high else DROPPED_LOW if t.judge in low else KEPT,
                          zs.get(t.judge))
                for t in panel.totals
            )
            maxima = " + ".join(_num(c.max) for c in component.criteria)
            steps.append(f"每位评委总分 = 各评分项之和, 满分 {maxima} = {_num(component.max_total)}")
            if panel.score is None:
                steps.append(
                    f"有效评分 {len(panel.totals)} 份, 少于所需 {component.min_judges} 份, 暂无得分"
                )
            elif component.aggregate == ZSCORE and panel.basis is not None:
                basis = panel.basis
                steps.append(
                    f"标准化: z = (评委总分 − 该评委平均分) ÷ 该评委标准差; "
                    f"全组平均 M = {basis.location:.4f}, 组内标准差 S = {basis.spread:.4f}"
                )
                if component.drop_highest or component.drop_lowest:
                    steps.append(f"按 z 值去掉最高 {component.drop_highest} 个、最低 {component.drop_lowest} 个")
                kept = [zs[t.judge] for t in panel.kept]
                mean_z = ZSCORE_CONTEXT.divide(mean_numerator(kept), Decimal(len(kept)))
                steps.append(f"保留 {len(kept)} 个 z 值, 平均 z = {mean_z:+.4f}")
                steps.append(
                    f"(M + S × 平均 z) × 100 ÷ {_num(component.max_total)} = {panel.score} "
                    f"(限定在 0–100, 四舍五入到 {places} 位小数)"
                )
            else:
                kept = panel.kept
                if component.drop_highest or component.drop_lowest:
                    steps.append(f"去掉最高 {component.drop_highest} 个、最低 {component.drop_lowest} 个")
                total = sum((t.total for t in kept), Decimal(0))
                steps.append(f"保留 {len(kept)} 个: " + " + ".join(_num(t.total) for t in kept) + f" = {_num(total)}")
                steps.append(
                    f"{_num(total)} ÷ {len(kept)} × 100 ÷ {_num(component.max_total)} = {panel.score} "
                    f"(四舍五入到 {places} 位小数)"
                )
        elif component.kind == VOTES:
            tally = inputs.votes.get(component.key)
            if tally is None:
                steps.append("尚未导入投票结果, 暂无得分")
            else:
                mine = tally.get(code, 0)
                best = max((tally.get(c, 0) for c in inputs.entries), default=0)
                steps.append(f"本作品得票 {mine}, 本轮最高得票 {best}")
                if best:
                    steps.append(f"100 × {mine} ÷ {best} = {score} (四舍五入到 {places} 位小数)")
                else:
                    steps.append(f"无人得票, 得分 {score}")
        elif component.kind == DIRECT:
            value = inputs.direct.get(component.key, {}).get(code)
            if value is None:
                steps.append("尚未导入分数, 暂无得分")
            else:
                steps.append(f"导入分数 {_num(value)} → {score} (四舍五入到 {places} 位小数)")
        lines.append(ComponentLine(component.key, component.name, component.kind, component.weight, score, judges, tuple(steps)))
    if standing.total is None:
        missing = "、".join(round_.component(k).name for k in standing.missing)
        total_steps = (f"缺少 {missing} 的得分, 暂不计算总分, 不参加排名",)
    else:
        terms = " + ".join(f"{_num(c.weight)} × {c.score}" for c in lines)
        total_steps = (f"总分 = {terms} = {standing.total} (四舍五入到 {places} 位小数)",)
    return EntryExplanation(code, standing.rank, standing.award, standing.total, tuple(lines), total_steps)
