"""How each judge of a panel scored, how far the panel agrees, and which totals stand out.

These are diagnostics for the head judge before a round is locked, not published scores, so they
are computed in `float`; every sum goes through `math.fsum` (correctly rounded, independent of
order) and every list is sorted first, so the same inputs give the same figures on every machine.
Everything here reads the panel's computation (`domain.scoring.PanelResult`, the one result
computation) and never scores anything itself.

Terms
-----
mean, spread
    Of a judge's totals over the entries they scored; spread is the sample standard deviation.
dropped high / low
    How often the judge's total was one of those the panel dropped (rule 1 or 1z).
spearman
    Rank correlation between the judge's totals and the panel's scores over the entries both
    scored (ties get average ranks); 1 = the judge orders the entries exactly as the panel.
severity
    The judge's mean minus the panel's mean over the same entries, in judge-total units (the
    panel score ×  max total / 100): negative = harsher than the panel, positive = more lenient.
Kendall's W
    Agreement of the judges' orderings (0 none … 1 complete), over the entries every judge of
    the panel scored, with the correction for tied totals:
    W = 12 S / (m² (n³ − n) − m Σ (t³ − t)), S = Σ (R_i − m (n + 1) / 2)².
outlier
    A judge's total more than `k` standard deviations (sample, of the other judges' totals on
    that entry) from the others' mean. With fewer than two other totals nothing is flagged; the
    standard deviation used is at least `max_total / 100` (one point on the 0–100 scale), so
    a panel that agrees exactly does not flag a judge half a point away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.contest import Component
from judge_app.domain.scoring import PanelResult

DEFAULT_OUTLIER_K = 2.0


@dataclass(frozen=True)
class JudgeStats:
    judge: str
    entries: int
    mean: float
    spread: float | None  # None with fewer than two totals
    minimum: Decimal
    maximum: Decimal
    dropped_high: int
    dropped_low: int
    spearman: float | None  # None with fewer than three shared entries or a constant ordering
    severity: float | None  # None when no entry the judge scored has a panel score
    shared: int  # entries with both the judge's total and a panel score


@dataclass(frozen=True)
class Agreement:
    w: float | None
    judges: int
    entries: int  # entries every judge scored: the ones W is computed over
    chi_square: float | None  # Friedman's χ² = m (n − 1) W, df = n − 1
    reading: str


@dataclass(frozen=True)
class OutlierFlag:
    entry: str
    judge: str
    total: Decimal
    others_mean: float
    others_spread: float
    deviation: float  # signed, in standard deviations of the others
    dropped: bool  # the panel dropped this total anyway


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def sample_sd(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    m = mean(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (len(values) - 1))


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n, tied values sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's ρ with average ranks for ties (as scipy.stats.spearmanr); None below three pairs."""
    if len(xs) < 3:
        return None
    return pearson(average_ranks(xs), average_ranks(ys))


def _judge_totals(panels: Mapping[str, PanelResult]) -> dict[str, dict[str, Decimal]]:
    """judge → entry → total, from the panel's computation."""
    out: dict[str, dict[str, Decimal]] = {}
    for code in sorted(panels):
        for jt in panels[code].totals:
            out.setdefault(jt.judge, {})[code] = jt.total
    return out


def judge_statistics(component: Component, panels: Mapping[str, PanelResult]) -> list[JudgeStats]:
    """One line per judge who scored anything on this panel, by judge code."""
    scale = float(component.max_total) / 100
    stats = []
    for judge, by_entry in sorted(_judge_totals(panels).items()):
        codes = sorted(by_entry)
        values = [float(by_entry[c]) for c in codes]
        shared = [c for c in codes if panels[c].score is not None]
        mine = [float(by_entry[c]) for c in shared]
        panel = [float(panels[c].score) * scale for c in shared]
        stats.append(
            JudgeStats(
                judge=judge,
                entries=len(codes),
                mean=mean(values),
                spread=sample_sd(values),
                minimum=min(by_entry.values()),
                maximum=max(by_entry.values()),
                dropped_high=sum(1 for c in shared if any(t.judge == judge for t in panels[c].dropped_high)),
                dropped_low=sum(1 for c in shared if any(t.judge == judge for t in panels[c].dropped_low)),
                spearman=spearman(mine, panel),
                severity=mean(mine) - mean(panel) if shared else None,
                shared=len(shared),
            )
        )
    return stats


_BANDS = (
    (0.1, "几乎没有一致性: 评委们对作品的排序各不相同, 结果很大程度上取决于由谁来评 (no agreement)"),
    (0.3, "一致性弱: 评委们只在少数作品上看法相近, 建议复核评分标准的理解是否统一 (weak agreement)"),
    (0.5, "一致性中等: 评委们大体认同哪些作品较好, 但具体名次分歧明显 (moderate agreement)"),
    (0.7, "一致性较强: 评委们的排序基本一致, 结果主要反映作品本身的差异 (strong agreement)"),
    (math.inf, "一致性很强: 评委们几乎给出了相同的排序 (very strong agreement)"),
)


def agreement_reading(w: float) -> str:
    for limit, text in _BANDS:
        if w < limit:
            return text
    return _BANDS[-1][1]


def kendall_w(panels: Mapping[str, PanelResult]) -> Agreement:
    """Kendall's W over the entries every judge of the panel scored."""
    by_judge = _judge_totals(panels)
    judges = sorted(by_judge)
    complete = [c for c in sorted(panels) if judges and all(c in by_judge[j] for j in judges)]
    m, n = len(judges), len(complete)
    if m < 2 or n < 2:
        why = "评委少于 2 位" if m < 2 else "全体评委都评过的作品少于 2 件"
        return Agreement(None, m, n, None, f"无法计算: {why} (not enough complete data)")
    rank_sums = [0.0] * n
    ties = 0.0
    for j in judges:
        values = [float(by_judge[j][c]) for c in complete]
        for i, r in enumerate(average_ranks(values)):
            rank_sums[i] += r
        counts: dict[float, int] = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        ties += math.fsum(t**3 - t for t in counts.values())
    centre = m * (n + 1) / 2
    s = math.fsum((r - centre) ** 2 for r in rank_sums)
    denominator = m * m * (n**3 - n) - m * ties
    if denominator == 0:
        return Agreement(None, m, n, None, "无法计算: 每位评委给所有作品的分数都相同 (every judge gave equal totals)")
    w = 12 * s / denominator
    reading = f"W = {w:.2f} ({m} 位评委, {n} 件作品): {agreement_reading(w)}"
    return Agreement(w, m, n, m * (n - 1) * w, reading)


def outliers(component: Component, panels: Mapping[str, PanelResult], k: float = DEFAULT_OUTLIER_K) -> list[OutlierFlag]:
    """Totals beyond `k` standard deviations of the other judges on the same entry, largest first."""
    floor = float(component.max_total) / 100
    flags = []
    for code in sorted(panels):
        result = panels[code]
        values = [float(t.total) for t in result.totals]
        for i, jt in enumerate(result.totals):
            others = values[:i] + values[i + 1 :]
            spread = sample_sd(others)
            if spread is None:
                continue
            centre = mean(others)
            deviation = (values[i] - centre) / max(spread, floor)
            if abs(deviation) > k:
                flags.append(OutlierFlag(code, jt.judge, jt.total, centre, spread, deviation, result.is_dropped(jt.judge)))
    flags.sort(key=lambda f: (-abs(f.deviation), f.entry, f.judge))
    return flags
