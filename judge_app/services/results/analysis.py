"""Use case: fairness analytics of a round before it is locked — per judge, per panel, per weight.

Reads the official result (`services.results.standings.round_report`, which loads the raw inputs with
`store.round_inputs.load_round_inputs`) and hands it to the pure statistics in
`domain.judge_stats` and `domain.sensitivity`. Nothing is scored here.

`as_dict` is the JSON contract of `judge-app analyze --format json`: statistics are numbers
(floats to 4 decimals, diagnostics only), published scores and weights are strings as in
`judge-app rank`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.contest import Component
from judge_app.domain.rules import is_judged
from judge_app.domain.judge_stats import (
    DEFAULT_OUTLIER_K,
    Agreement,
    JudgeStats,
    OutlierFlag,
    judge_statistics,
    kendall_w,
    outliers,
)
from judge_app.domain.sensitivity import STEP, Sensitivity, weight_sensitivity
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.results.result_formats import display_width
from judge_app.services.results.standings import RoundReport, round_report
from judge_app.store.database import Database


@dataclass(frozen=True)
class PanelAnalysis:
    component: Component
    judges: list[JudgeStats]
    agreement: Agreement
    outliers: list[OutlierFlag]


@dataclass(frozen=True)
class RoundAnalysis:
    report: RoundReport
    panels: list[PanelAnalysis]
    sensitivity: Sensitivity
    k: float

    def judge_name(self, code: str) -> str:
        return next((j.name for j in self.report.contest.judges if j.code == code), code)


def analyze(report: RoundReport, component_key: str | None = None, k: float = DEFAULT_OUTLIER_K) -> RoundAnalysis:
    """Analytics of an already computed round report (the GUI passes the report it shows)."""
    round_ = report.result.round
    panels = [c for c in round_.components if is_judged(c)]
    if component_key is not None:
        chosen = [c for c in panels if c.key == component_key]
        if not chosen:
            known = ", ".join(c.key for c in panels) or "无"
            raise ServiceError(
                f"轮次 {round_.key} 中没有评委打分部分 {component_key!r}, 现有: {known} (no such panel component)"
            )
        panels = chosen
    if not (k > 0 and math.isfinite(k)):
        raise ServiceError(f"离群阈值 k 须为正数, 现为 {k} (k must be positive)")
    out = []
    for component in panels:
        by_entry = report.result.panels[component.key]
        out.append(
            PanelAnalysis(
                component,
                judge_statistics(component, by_entry),
                kendall_w(by_entry),
                outliers(component, by_entry, k),
            )
        )
    return RoundAnalysis(report, out, weight_sensitivity(round_, report.result.standings, STEP), k)


def analyze_round(
    db: Database, round_key: str, component_key: str | None = None, k: float = DEFAULT_OUTLIER_K
) -> RoundAnalysis:
    return analyze(round_report(db, round_key), component_key, k)


def _f(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4f}")


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _w(value: Decimal) -> str:
    return f"{value.normalize():f}"


def as_dict(analysis: RoundAnalysis) -> dict:
    report = analysis.report
    panels = []
    for p in analysis.panels:
        a = p.agreement
        panels.append({
            "component": p.component.key,
            "name": p.component.name,
            "aggregate": p.component.aggregate,
            "max_total": _s(p.component.max_total),
            "judges": [
                {
                    "code": j.judge,
                    "name": analysis.judge_name(j.judge),
                    "entries": j.entries,
                    "mean": _f(j.mean),
                    "spread": _f(j.spread),
                    "min": _s(j.minimum),
                    "max": _s(j.maximum),
                    "dropped_high": j.dropped_high,
                    "dropped_low": j.dropped_low,
                    "spearman": _f(j.spearman),
                    "severity": _f(j.severity),
                    "shared_entries": j.shared,
                }
                for j in p.judges
            ],
            "agreement": {
                "kendall_w": _f(a.w),
                "judges": a.judges,
                "entries": a.entries,
                "chi_square": _f(a.chi_square),
                "df": a.entries - 1 if a.w is not None else None,
                "reading": a.reading,
            },
            "outliers": [
                {
                    "entry": o.entry,
                    "judge": o.judge,
                    "total": _s(o.total),
                    "others_mean": _f(o.others_mean),
                    "others_spread": _f(o.others_spread),
                    "deviation": _f(o.deviation),
                    "dropped": o.dropped,
                }
                for o in p.outliers
            ],
        })
    sens = analysis.sensitivity
    sensitivity = {
        "step": _w(sens.step),
        "variants": [
            {"component": v.component, "delta": _w(v.delta), "label": v.label, "weights": {k: _w(w) for k, w in v.weights.items()}}
            for v in sens.variants
        ],
        "entries": [
            {
                "code": r.code,
                "title": report.entry(r.code).title,
                "rank": r.rank,
                "best_rank": r.best,
                "worst_rank": r.worst,
                "award": r.award,
                "possible_awards": list(r.awards),
                "fragile": r.fragile,
            }
            for r in sens.ranges
        ],
        "boundaries": [
            {
                "upper": b.upper,
                "lower": b.lower,
                "margin": _s(b.margin),
                "fragile": b.fragile,
                "crossings": [
                    {
                        "variant": c.variant, "code": c.code, "award_from": c.award_from, "award_to": c.award_to,
                        "rank_from": c.rank_from, "rank_to": c.rank_to,
                    }
                    for c in b.crossings
                ],
            }
            for b in sens.boundaries
        ],
    }
    return {"round": report.result.round.key, "outlier_k": analysis.k, "panels": panels, "sensitivity": sensitivity}


def as_json(analysis: RoundAnalysis) -> str:
    return json.dumps(as_dict(analysis), ensure_ascii=False, indent=2)


def _table(head: list[str], rows: list[list[str]], numeric: list[bool]) -> list[str]:
    widths = [max(display_width(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells):
        out = []
        for text, width, right in zip(cells, widths, numeric):
            gap = " " * (width - display_width(text))
            out.append(gap + text if right else text + gap)
        return "  ".join(out).rstrip()

    return [line(head), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _n(value: float | None, places: int = 2, sign: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.{places}f}" if sign else f"{value:.{places}f}"


def as_table(analysis: RoundAnalysis) -> str:
    data = as_dict(analysis)
    report = analysis.report
    lines = [f"{report.contest.name} · {report.result.round.name} · 评分公正性分析 (fairness analytics)"]
    for p in data["panels"]:
        lines += ["", f"【{p['name']}】({p['component']}, 满分 {p['max_total']}, 汇总方式 {p['aggregate']})"]
        head = ["评委", "姓名", "评作品数", "平均分", "标准差", "去最高", "去最低", "与评审组秩相关", "宽严度"]
        rows = [
            [
                j["code"], j["name"], str(j["entries"]), _n(j["mean"]), _n(j["spread"]),
                str(j["dropped_high"]), str(j["dropped_low"]), _n(j["spearman"], 3), _n(j["severity"], 2, sign=True),
            ]
            for j in p["judges"]
        ]
        lines += _table(head, rows, [False, False, True, True, True, True, True, True, True])
        lines.append("宽严度 = 该评委平均分 − 评审组平均分 (同一批作品, 负数为偏严)")
        lines.append(f"评委一致性: {p['agreement']['reading']}")
        if p["outliers"]:
            lines.append(f"离群分数 (偏离其他评委均值超过 {analysis.k:g} 个标准差):")
            for o in p["outliers"]:
                where = "偏高" if o["deviation"] > 0 else "偏低"
                dropped = ", 已被去掉" if o["dropped"] else ", 计入得分"
                lines.append(
                    f"  {o['entry']} {o['judge']} {analysis.judge_name(o['judge'])}: {o['total']} {where}"
                    f" (其他评委 {_n(o['others_mean'])} ± {_n(o['others_spread'])}, {_n(o['deviation'], 1, sign=True)} 个标准差{dropped})"
                )
        else:
            lines.append(f"离群分数: 无 (none beyond {analysis.k:g} SD)")
    sens = data["sensitivity"]
    lines += ["", f"【权重敏感性】每个部分的权重上下调整 {(Decimal(sens['step']) * 100).normalize():f} 分, 其余部分按比例分摊"]
    if not sens["entries"]:
        lines.append("本轮尚未排名, 无法分析 (round not ranked yet)")
    else:
        head = ["编号", "作品", "名次", "名次范围", "奖项", "可能的奖项"]
        rows = [
            [
                e["code"], e["title"], str(e["rank"]),
                f"{e['best_rank']}–{e['worst_rank']}" if e["best_rank"] != e["worst_rank"] else str(e["rank"]),
                e["award"] or "", " / ".join(a or "无奖" for a in e["possible_awards"]) if e["fragile"] else "",
            ]
            for e in sens["entries"]
        ]
        lines += _table(head, rows, [False, False, True, True, False, False])
        for b in sens["boundaries"]:
            name = f"{b['upper']} / {b['lower'] or '无奖'}"
            margin = f"分差 {b['margin']}" if b["margin"] is not None else "分差 -"
            if b["fragile"]:
                moves = "; ".join(f"{c['variant']}: {c['code']} {c['award_from'] or '无奖'}→{c['award_to'] or '无奖'}" for c in b["crossings"])
                lines.append(f"⚠ 奖项分界 {name} ({margin}) 不稳定 (fragile): {moves}")
            else:
                lines.append(f"奖项分界 {name} ({margin}): 稳定 (stable)")
    return "\n".join(lines) + "\n"
