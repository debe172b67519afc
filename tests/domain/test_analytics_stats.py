"""Judge statistics, Kendall's W and outlier flags: hand-computed cases and scipy as a second implementation."""

from __future__ import annotations

import math
import statistics
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from judge_app.domain.contest import Component, Criterion
from judge_app.domain.judge_stats import (
    agreement_reading,
    average_ranks,
    judge_statistics,
    kendall_w,
    outliers,
    spearman,
)
from judge_app.domain.scoring import panel_results


def panel(drop_high=0, drop_low=0, max_total=100, aggregate="trimmed_mean") -> Component:
    return Component("p", "评审", "panel", D(1), drop_high, drop_low, (Criterion("x", "x", D(max_total)),), aggregate=aggregate)


# A lenient (mean 85), B harsh (75), C wide (80); panel means E1 86.67, E2 83.33, E3 76.67, E4 73.33.
TOTALS = {
    "E1": {"A": D(90), "B": D(80), "C": D(90)},
    "E2": {"A": D(90), "B": D(70), "C": D(90)},
    "E3": {"A": D(80), "B": D(80), "C": D(70)},
    "E4": {"A": D(80), "B": D(70), "C": D(70)},
}


def by_judge(name):
    return {s.judge: s for s in name}


class TestHandComputed:
    def test_judge_lines(self):
        stats = by_judge(judge_statistics(panel(), panel_results(TOTALS, panel(), 2)))
        a, b, c = stats["A"], stats["B"], stats["C"]
        assert (a.entries, a.mean, b.mean, c.mean) == (4, 85.0, 75.0, 80.0)
        assert a.spread == pytest.approx(math.sqrt(100 / 3))  # deviations ±5, sample sd
        assert (a.minimum, a.maximum) == (D(80), D(90))
        # panel mean over the four entries: (86.67 + 83.33 + 76.67 + 73.33) / 4 = 80
        assert a.severity == pytest.approx(5.0) and b.severity == pytest.approx(-5.0) and c.severity == pytest.approx(0.0, abs=1e-9)
        # A ranks (3.5, 3.5, 1.5, 1.5) against the panel's (4, 3, 2, 1): 4 / √(4 × 5)
        assert a.spearman == pytest.approx(4 / math.sqrt(20))
        assert (a.dropped_high, a.dropped_low) == (0, 0)

    def test_dropped_counts_follow_the_panel(self):
        component = panel(drop_high=1, drop_low=1)
        stats = by_judge(judge_statistics(component, panel_results(TOTALS, component, 2)))
        # E1 80B 90A 90C: low B, high C (highest code among equal highs); E2 70B 90A 90C: low B, high C;
        # E3 70C 80A 80B: low C, high B; E4 70B 70C 80A: low B, high A.
        assert (stats["A"].dropped_high, stats["A"].dropped_low) == (1, 0)
        assert (stats["B"].dropped_high, stats["B"].dropped_low) == (1, 3)
        assert (stats["C"].dropped_high, stats["C"].dropped_low) == (2, 1)

    def test_kendall_w_with_ties(self):
        # rank sums 10.5, 8.5, 6.5, 4.5 around 7.5: S = 20; each judge two pairs of ties: Σ T = 3 × 12
        agreement = kendall_w(panel_results(TOTALS, panel(), 2))
        assert agreement.w == pytest.approx(240 / 432)
        assert (agreement.judges, agreement.entries) == (3, 4)
        assert agreement.chi_square == pytest.approx(3 * 3 * 240 / 432)
        assert "较强" in agreement.reading and "0.56" in agreement.reading

    def test_kendall_w_uses_entries_every_judge_scored(self):
        totals = {**TOTALS, "E5": {"A": D(60), "B": D(60)}}
        agreement = kendall_w(panel_results(totals, panel(), 2))
        assert agreement.entries == 4 and agreement.w == pytest.approx(240 / 432)

    def test_kendall_w_not_computable(self):
        assert kendall_w(panel_results({"E1": {"A": D(1), "B": D(2)}}, panel(), 2)).w is None
        assert kendall_w(panel_results({"E1": {"A": D(1)}, "E2": {"A": D(2)}}, panel(), 2)).w is None
        same = {"E1": {"A": D(5), "B": D(5)}, "E2": {"A": D(5), "B": D(5)}}
        result = kendall_w(panel_results(same, panel(), 2))
        assert result.w is None and "无法计算" in result.reading

    def test_perfect_agreement(self):
        totals = {f"E{i}": {"A": D(i), "B": D(i * 2), "C": D(i + 50)} for i in range(1, 6)}
        agreement = kendall_w(panel_results(totals, panel(), 2))
        assert agreement.w == pytest.approx(1.0)
        assert "很强" in agreement.reading

    @pytest.mark.parametrize("w, word", [(0.05, "几乎没有"), (0.2, "弱"), (0.4, "中等"), (0.6, "较强"), (0.95, "很强")])
    def test_readings(self, w, word):
        assert word in agreement_reading(w)

    def test_outlier(self):
        totals = {"E1": {"A": D(80), "B": D(81), "C": D(79), "D": D(80), "E": D(95)}}
        component = panel(drop_high=1, drop_low=1)
        flags = outliers(component, panel_results(totals, component, 2))
        assert len(flags) == 1
        flag = flags[0]
        # others 80, 81, 79, 80: mean 80, sample sd √(2/3) ≈ 0.82, below the floor of 1 point (max 100 / 100)
        assert (flag.entry, flag.judge, flag.total) == ("E1", "E", D(95))
        assert flag.others_mean == pytest.approx(80) and flag.others_spread == pytest.approx(math.sqrt(2 / 3))
        assert flag.deviation == pytest.approx(15.0)
        assert flag.dropped
        assert outliers(component, panel_results(totals, component, 2), k=15.5) == []

    def test_outlier_needs_two_others(self):
        totals = {"E1": {"A": D(10), "B": D(90)}}
        assert outliers(panel(), panel_results(totals, panel(), 2)) == []

    def test_statistics_on_zscore_panels(self):
        component = panel(aggregate="zscore")
        stats = by_judge(judge_statistics(component, panel_results(TOTALS, component, 2)))
        # zscore panel scores 87.07, 82.36, 77.64, 72.93: mean 80.00
        assert stats["B"].severity == pytest.approx(-5.0)


matrices = st.integers(2, 6).flatmap(
    lambda judges: st.integers(3, 8).flatmap(
        lambda entries: st.lists(
            st.lists(st.integers(0, 6).map(lambda v: D(v) * D("2.5")), min_size=entries, max_size=entries),
            min_size=judges,
            max_size=judges,
        )
    )
)


def as_totals(matrix):
    return {f"E{e}": {f"J{j}": row[e] for j, row in enumerate(matrix)} for e in range(len(matrix[0]))}


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_kendall_w_against_scipy_friedman(matrix):
    """W = χ²_Friedman / (m (n − 1)), both with the tie correction."""
    agreement = kendall_w(panel_results(as_totals(matrix), panel(), 2))
    columns = [[float(row[e]) for row in matrix] for e in range(len(matrix[0]))]
    if agreement.w is None:
        assert all(len(set(row)) == 1 for row in matrix)
        return
    chi2 = sps.friedmanchisquare(*columns).statistic
    m, n = len(matrix), len(matrix[0])
    assert agreement.w == pytest.approx(chi2 / (m * (n - 1)), rel=1e-9, abs=1e-12)
    assert 0 <= agreement.w <= 1 + 1e-12


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_judge_statistics_against_scipy_and_statistics(matrix):
    component = panel()
    results = panel_results(as_totals(matrix), component, 2)
    panel_scores = [float(results[f"E{e}"].score) for e in range(len(matrix[0]))]
    for j, line in enumerate(judge_statistics(component, results)):
        values = [float(v) for v in matrix[j]]
        assert line.judge == f"J{j}"
        assert line.mean == pytest.approx(statistics.fmean(values))
        assert line.spread == pytest.approx(statistics.stdev(values))
        assert line.severity == pytest.approx(statistics.fmean(values) - statistics.fmean(panel_scores))
        if len(set(values)) > 1 and len(set(panel_scores)) > 1:
            assert line.spearman == pytest.approx(sps.spearmanr(values, panel_scores).statistic, abs=1e-12)
        else:
            assert line.spearman is None


@given(st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_average_ranks_against_scipy(values):
    assert average_ranks(values) == pytest.approx(list(sps.rankdata(values)))


def test_spearman_small_cases():
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1)
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1)
    assert spearman([1, 2], [1, 2]) is None
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_deterministic_whatever_the_input_order():
    component = panel(1, 1)
    forward = panel_results(TOTALS, component, 2)
    backward = panel_results({k: dict(reversed(v.items())) for k, v in reversed(TOTALS.items())}, component, 2)
    assert judge_statistics(component, forward) == judge_statistics(component, backward)
    assert kendall_w(forward) == kendall_w(backward)
