"""Vote normalization (max, rank, share): exact arithmetic, properties, the documented example."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_app.domain.scoring import round_half_up, vote_places, vote_points, vote_scores

counts = st.dictionaries(st.sampled_from([f"X{i:02d}" for i in range(1, 13)]), st.integers(0, 10**7), min_size=1)
steps = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


def test_worked_example_from_docs():
    # docs/votes.md: five entries, 2 decimals
    tally = {"A": 1208, "B": 987, "C": 987, "D": 233, "E": 0}
    entries = list(tally)
    assert vote_scores(tally, entries, 2, "max") == {
        "A": Decimal("100.00"), "B": Decimal("81.71"), "C": Decimal("81.71"), "D": Decimal("19.29"), "E": Decimal("0.00")}
    assert vote_scores(tally, entries, 2, "rank", Decimal("5")) == {
        "A": Decimal("100.00"), "B": Decimal("95.00"), "C": Decimal("95.00"), "D": Decimal("85.00"), "E": Decimal("0.00")}
    assert vote_scores(tally, entries, 2, "share") == {
        "A": Decimal("35.37"), "B": Decimal("28.90"), "C": Decimal("28.90"), "D": Decimal("6.82"), "E": Decimal("0.00")}


def test_share_rounds_half_up_exactly():
    # 1/8 of the votes is 12.5 % exactly: half-up gives 13 at 0 decimals, never banker's 12
    assert vote_scores({"A": 1, "B": 7}, ["A", "B"], 0, "share") == {"A": Decimal("13"), "B": Decimal("88")}


def test_rank_never_below_zero_and_absent_entries_score_zero():
    tally = {"A": 5, "B": 4, "C": 3}
    scores = vote_scores(tally, ["A", "B", "C", "D"], 1, "rank", Decimal("60"))
    assert scores == {"A": Decimal("100.0"), "B": Decimal("40.0"), "C": Decimal("0.0"), "D": Decimal("0.0")}


@pytest.mark.parametrize("normalize", ["max", "rank", "share"])
def test_nobody_voted_gives_zero(normalize):
    assert set(vote_scores({}, ["A", "B"], 2, normalize, Decimal(1)).values()) == {Decimal("0.00")}


def test_rank_needs_a_step_and_unknown_normalization_is_an_error():
    with pytest.raises(ValueError):
        vote_points({"A": 1}, "rank", None)
    with pytest.raises(ValueError):
        vote_points({"A": 1}, "median")


@given(counts)
def test_share_points_add_up_to_exactly_100(tally):
    points = vote_points(tally, "share")
    assert sum(points.values()) == (100 if any(tally.values()) else 0)
    assert all(isinstance(p, Fraction) for p in points.values())


@given(counts)
def test_max_gives_100_to_the_top_and_keeps_the_order(tally):
    points = vote_points(tally, "max")
    if any(tally.values()):
        assert max(points.values()) == 100
    for a in tally:
        for b in tally:
            assert (tally[a] <= tally[b]) == (points[a] <= points[b]) or tally[a] == tally[b] or points[a] == points[b]
            if tally[a] < tally[b]:
                assert points[a] < points[b]


@given(counts, steps)
def test_rank_points_follow_competition_places(tally, step):
    points = vote_points(tally, "rank", step)
    places = vote_places(tally)
    for code, n in tally.items():
        better = sum(1 for m in tally.values() if m > n)
        assert places[code] == better + 1
        expected = max(Fraction(0), 100 - better * Fraction(step)) if n > 0 else Fraction(0)
        assert points[code] == expected
    if any(tally.values()):
        assert max(points.values()) == 100


@given(counts, st.sampled_from(["max", "rank", "share"]), st.integers(0, 4))
def test_scores_are_the_exact_points_rounded_half_up(tally, normalize, decimals):
    step = Decimal("7.5")
    exact = vote_points(tally, normalize, step)
    scores = vote_scores(tally, list(tally), decimals, normalize, step)
    assert scores == {code: round_half_up(p, decimals) for code, p in exact.items()}
    assert all(Decimal(0) <= s <= 100 for s in scores.values())
