"""Rules 1–4: panel score, vote score, direct score, weighted total — exact and half-up."""

from __future__ import annotations

import random
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_app.domain.contest import Component, Criterion, Round
from judge_app.domain.scoring import direct_score, panel_result, round_half_up, vote_scores, weighted_total


def panel(drop_high=0, drop_low=0, maxima=(40, 40, 20)) -> Component:
    criteria = tuple(Criterion(f"c{i}", f"c{i}", D(m)) for i, m in enumerate(maxima))
    return Component("p", "专家", "panel", D(1), drop_high, drop_low, criteria)


class TestRoundHalfUp:
    @pytest.mark.parametrize(
        "value, places, expected",
        [
            (D("2.675"), 2, "2.68"),  # float would give 2.67
            (D("2.665"), 2, "2.67"),
            (D("0.125"), 2, "0.13"),
            (D("1.005"), 2, "1.01"),
            (D("77"), 2, "77.00"),
            (D("0.5"), 0, "1"),
            (D("1.5"), 0, "2"),
            (D("2.5"), 0, "3"),  # not banker's rounding
            (D("-2.5"), 0, "-3"),
            (Fraction(1, 3), 2, "0.33"),
            (Fraction(2, 3), 2, "0.67"),
            (Fraction(5, 8), 2, "0.63"),
            (D("99.995"), 2, "100.00"),
        ],
    )
    def test_examples(self, value, places, expected):
        result = round_half_up(value, places)
        assert str(result) == expected

    @given(st.fractions(min_value=-10**6, max_value=10**6), st.integers(0, 6))
    def test_matches_decimal_half_up_on_exact_values(self, value, places):
        """Against Decimal's own ROUND_HALF_UP, computed at a precision large enough to be exact."""
        from decimal import ROUND_HALF_UP, Context

        ctx = Context(prec=200)
        exact = ctx.divide(D(value.numerator), D(value.denominator))
        if exact * value.denominator == value.numerator:  # terminating: direct comparison is exact
            assert round_half_up(value, places) == exact.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP, context=ctx)

    @given(st.fractions(min_value=0, max_value=1000), st.integers(0, 4))
    def test_within_half_a_step(self, value, places):
        result = round_half_up(value, places)
        step = Fraction(1, 10**places)
        assert abs(Fraction(result) - value) <= step / 2
        assert result.as_tuple().exponent == -places


class TestPanel:
    def test_mean_scaled_to_100(self):
        # totals out of 100: mean 80 → 80.00
        result = panel_result({"A": D(78), "B": D(82), "C": D(80)}, panel(), 2)
        assert result.score == D("80.00")

    def test_scaling_by_sum_of_maxima(self):
        # one criterion max 10: totals 8, 7.5, 9.5 → mean 25/3 → 83.333… → 83.33
        result = panel_result({"A": D(8), "B": D("7.5"), "C": D("9.5")}, panel(maxima=(10,)), 2)
        assert result.score == D("83.33")

    def test_drop_highest_and_lowest(self):
        totals = {"E1": D(76), "E2": D(83), "E3": D(90), "E4": D(81), "E5": D(77)}
        result = panel_result(totals, panel(1, 1), 2)
        # kept 77, 81, 83 → 241/3 = 80.333… → 80.33
        assert result.score == D("80.33")
        assert [t.judge for t in result.dropped_high] == ["E3"]
        assert [t.judge for t in result.dropped_low] == ["E1"]
        assert [t.judge for t in result.kept] == ["E5", "E4", "E2"]

    def test_equal_extremes_drop_one_value_each(self):
        totals = {"A": D(90), "B": D(90), "C": D(70), "D": D(70), "E": D(80)}
        result = panel_result(totals, panel(1, 1), 2)
        # drop one 90 and one 70: kept 70, 80, 90 → 80.00
        assert result.score == D("80.00")
        assert len(result.dropped_high) == 1 and len(result.dropped_low) == 1
        assert result.dropped_low[0].judge == "C" and result.dropped_high[0].judge == "B"

    def test_too_few_totals_gives_no_score(self):
        comp = panel(1, 1)
        assert panel_result({"A": D(80), "B": D(90)}, comp, 2).score is None
        assert panel_result({}, comp, 2).score is None
        assert panel_result({"A": D(80), "B": D(90), "C": D(70)}, comp, 2).score == D("80.00")

    def test_half_up_at_the_boundary(self):
        # one criterion max 8; totals 1 and 0 → mean 0.5/8*100 = 6.25 → 1 decimal: 6.3 (half up)
        comp = panel(maxima=(8,))
        assert panel_result({"A": D(1), "B": D(0)}, comp, 1).score == D("6.3")

    def test_decimals_places(self):
        comp = panel(maxima=(3,))
        assert str(panel_result({"A": D(1)}, comp, 4).score) == "33.3333"
        assert str(panel_result({"A": D(1)}, comp, 0).score) == "33"

    @given(
        st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=3, max_size=15),
        st.integers(0, 1),
        st.integers(0, 1),
        st.randoms(use_true_random=False),
    )
    def test_order_independent(self, values, high, low, rnd):
        comp = panel(high, low, maxima=(100,))
        judges = [f"J{i:02d}" for i in range(len(values))]
        first = panel_result(dict(zip(judges, values)), comp, 2).score
        shuffled = values[:]
        rnd.shuffle(shuffled)
        assert panel_result(dict(zip(judges, shuffled)), comp, 2).score == first

    @given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=3, max_size=15))
    def test_within_kept_range_and_reproducible(self, values):
        comp = panel(1, 1, maxima=(100,))
        totals = {f"J{i}": v for i, v in enumerate(values)}
        result = panel_result(totals, comp, 2)
        kept = sorted(values)[1:-1]
        assert min(kept) - D("0.005") <= result.score <= max(kept) + D("0.005")
        assert panel_result(dict(reversed(list(totals.items()))), comp, 2).score == result.score
        assert str(result.score) == str(panel_result(totals, comp, 2).score)


class TestVotes:
    def test_normalised_to_best(self):
        scores = vote_scores({"A": 1208, "B": 987, "C": 640}, ["A", "B", "C", "D"], 2)
        assert scores == {"A": D("100.00"), "B": D("81.71"), "C": D("52.98"), "D": D("0.00")}

    def test_absent_entry_has_zero(self):
        assert vote_scores({"A": 10}, ["A", "B"], 2)["B"] == D("0.00")

    def test_all_zero_when_nobody_voted(self):
        assert vote_scores({}, ["A", "B"], 2) == {"A": D("0.00"), "B": D("0.00")}
        assert vote_scores({"A": 0}, ["A", "B"], 1) == {"A": D("0.0"), "B": D("0.0")}

    def test_half_up(self):
        # 100 * 1 / 8 = 12.5 → 0 decimals: 13
        assert vote_scores({"A": 8, "B": 1}, ["A", "B"], 0)["B"] == D("13")

    @given(st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 10**6), min_size=1))
    def test_bounded_and_best_is_100(self, votes):
        scores = vote_scores(votes, list("ABCDEFGH"), 2)
        assert all(D(0) <= s <= D(100) for s in scores.values())
        if max(votes.values()) > 0:
            best = max(votes, key=votes.get)
            assert scores[best] == D("100.00")


def test_direct_score_rounded():
    assert direct_score(D("88.456"), 2) == D("88.46")
    assert str(direct_score(D("90"), 2)) == "90.00"


class TestWeightedTotal:
    def round_(self, weights, decimals=2):
        comps = tuple(Component(k, k, "direct", D(w)) for k, w in weights.items())
        return Round("r", "r", comps, decimals=decimals)

    def test_sum_of_weighted_rounded_components(self):
        r = self.round_({"a": "0.2", "b": "0.6", "c": "0.2"})
        assert weighted_total({"a": D("100.00"), "b": D("82.00"), "c": D("85.00")}, r) == D("86.20")

    def test_uses_rounded_components_then_rounds(self):
        r = self.round_({"a": "0.5", "b": "0.5"})
        # 0.5 * 80.33 + 0.5 * 80.34 = 80.335 → 80.34
        assert weighted_total({"a": D("80.33"), "b": D("80.34")}, r) == D("80.34")

    def test_missing_component_gives_none(self):
        r = self.round_({"a": "0.5", "b": "0.5"})
        assert weighted_total({"a": D("80.00"), "b": None}, r) is None
        assert weighted_total({"a": D("80.00")}, r) is None

    def test_exact_not_float(self):
        r = self.round_({"a": "0.1", "b": "0.2", "c": "0.7"})
        # in binary floating point 0.1*x + 0.2*y… drifts; Decimal is exact
        value = weighted_total({"a": D("0.05"), "b": D("0.05"), "c": D("0.05")}, r)
        assert value == D("0.05")

    @given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=3, max_size=3))
    def test_reproducible(self, scores):
        r = self.round_({"a": "0.3", "b": "0.3", "c": "0.4"})
        comps = dict(zip("abc", scores))
        runs = {str(weighted_total(comps, r)) for _ in range(3)}
        assert len(runs) == 1


def test_no_float_in_the_engine():
    """The scoring modules never use float() or round()."""
    import inspect
    import re

    import judge_app.domain.ranking as ranking
    import judge_app.domain.results as results
    import judge_app.domain.scoring as scoring

    for module in (scoring, ranking, results):
        source = inspect.getsource(module)
        assert not re.search(r"\b(float|round)\(", source), module.__name__


def test_random_panels_match_a_hand_computation():
    """A second, naive implementation with Fraction agrees on many random panels."""
    rnd = random.Random(7)
    for _ in range(500):
        n = rnd.randint(3, 12)
        high, low = rnd.randint(0, 1), rnd.randint(0, 1)
        maxima = (rnd.choice([10, 20, 30, 40]), rnd.choice([10, 20, 30]))
        totals = {f"J{i}": D(rnd.randint(0, sum(maxima) * 2)) / 2 for i in range(n)}
        comp = panel(high, low, maxima)
        values = sorted(Fraction(v) for v in totals.values())
        kept = values[low: len(values) - high]
        exact = sum(kept) / len(kept) * 100 / sum(maxima)
        expected = (exact * 100 + Fraction(1, 2)).__floor__()
        assert panel_result(totals, comp, 2).score == D(expected) / 100
