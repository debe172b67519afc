"""Weight sensitivity: variants renormalised to 1, ranked by the official ranking, fragile boundaries found."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from judge_app.domain.contest import AwardTier, Component, Round
from judge_app.domain.ranking import rank_round
from judge_app.domain.sensitivity import shifted_weights, weight_sensitivity


def direct(key, weight):
    return Component(key, key, "direct", D(weight))


ROUND = Round(
    "r", "r", (direct("a", "0.5"), direct("b", "0.5")),
    awards=(AwardTier("一等奖", 1), AwardTier("二等奖", 1)), decimals=2,
)
SCORES = {
    "X": {"a": D(100), "b": D(80)},  # 90.00
    "Y": {"a": D(80), "b": D(99)},  # 89.50
    "Z": {"a": D(50), "b": D(50)},  # 50.00
    "U": {"a": D(70), "b": None},  # unranked
}


def test_hand_computed_fragile_boundary():
    standings = rank_round(ROUND, SCORES)
    result = weight_sensitivity(ROUND, standings)
    labels = [v.label for v in result.variants]
    assert labels == ["a +5 分", "a −5 分", "b +5 分", "b −5 分"]
    assert result.variants[1].weights == {"a": D("0.45"), "b": D("0.55")}
    # a 0.45 / b 0.55: X 45 + 44 = 89.00, Y 36 + 54.45 = 90.45 → Y first
    ranges = {r.code: r for r in result.ranges}
    assert set(ranges) == {"X", "Y", "Z"}
    assert (ranges["X"].rank, ranges["X"].best, ranges["X"].worst) == (1, 1, 2)
    assert ranges["X"].awards == ("一等奖", "二等奖") and ranges["X"].fragile
    assert ranges["Y"].awards == ("二等奖", "一等奖")
    assert (ranges["Z"].best, ranges["Z"].worst, ranges["Z"].awards) == (3, 3, (None,))
    first, second = result.boundaries
    assert (first.upper, first.lower, first.margin, first.fragile) == ("一等奖", "二等奖", D("0.50"), True)
    assert {(c.variant, c.code, c.award_to) for c in first.crossings} == {
        ("a −5 分", "X", "二等奖"), ("a −5 分", "Y", "一等奖"), ("b +5 分", "X", "二等奖"), ("b +5 分", "Y", "一等奖"),
    }
    assert (second.upper, second.lower, second.margin, second.fragile) == ("二等奖", None, D("39.50"), False)


def test_clamped_and_impossible_variants():
    assert shifted_weights(Round("r", "r", (direct("a", 1), direct("b", 0))), "a", D("0.05")) is None  # already 1
    assert shifted_weights(Round("r", "r", (direct("a", 1), direct("b", 0))), "a", D("-0.05")) is None  # b cannot absorb
    w = shifted_weights(Round("r", "r", (direct("a", "0.02"), direct("b", "0.98"))), "a", D("-0.05"))
    assert w == {"a": D(0), "b": D(1)}


weights = st.lists(st.integers(0, 20), min_size=2, max_size=5).filter(lambda ws: sum(ws) > 0)


@settings(max_examples=100, deadline=None)
@given(weights, st.integers(0, 4))
def test_variant_weights_sum_to_one_and_move_by_the_step(parts, which):
    total = sum(parts)
    comps = tuple(direct(f"c{i}", D(p) / D(total)) for i, p in enumerate(parts))
    round_ = Round("r", "r", comps)
    key = comps[which % len(comps)].key
    for delta in (D("0.05"), D("-0.05")):
        moved = shifted_weights(round_, key, delta)
        if moved is None:
            continue
        assert abs(sum(moved.values()) - 1) < D("1e-25")
        assert all(w >= 0 for w in moved.values())
        old = round_.component(key).weight
        assert moved[key] == min(max(old + delta, D(0)), D(1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=8))
def test_ranges_hold_the_official_rank(pairs):
    scores = {f"E{i}": {"a": D(a), "b": D(b)} for i, (a, b) in enumerate(pairs)}
    standings = rank_round(ROUND, scores)
    result = weight_sensitivity(ROUND, standings)
    for r in result.ranges:
        assert r.best <= r.rank <= r.worst
        assert r.awards[0] == r.award
    for v in result.variants:
        assert v.standings == rank_round(
            Round("r", "r", tuple(Component(c.key, c.key, "direct", v.weights[c.key]) for c in ROUND.components),
                  awards=ROUND.awards, decimals=2),
            scores,
        )
