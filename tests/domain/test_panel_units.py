"""The ranking's integer-sum path (`domain.panel_units`) publishes exactly the scores of the
reference computation (`rules.AGGREGATIONS[...].compute`, which keeps every judge total), for
every aggregation that has one, every drop count, ties, too few totals and absent entries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from judge_app.domain.contest import PANEL, Component, Criterion
from judge_app.domain.panel_units import PanelSums, PanelUnits
from judge_app.domain.rules import AGGREGATIONS, aggregation

SCALE = 10_000
SUMMED = [a.key for a in AGGREGATIONS.values() if a.from_units is not None]


def units_of(totals: list[int], ordered: bool) -> PanelUnits:
    """What the store's query returns for one entry's complete totals (in units)."""
    return PanelUnits(len(totals), sum(totals), max(totals), min(totals), tuple(sorted(totals)) if ordered else None)


def component(aggregate: str, high: int, low: int, maxima: list[Decimal]) -> Component:
    return Component("expert", "专家评分", PANEL, Decimal("0.7"), drop_highest=high, drop_lowest=low,
                     aggregate=aggregate, criteria=tuple(Criterion(f"c{i}", f"指标{i}", m) for i, m in enumerate(maxima)))


def both(aggregate: str, panel: dict[str, dict[str, int]], c: Component, decimals: int):
    """(reference scores, integer-sum scores) for entries → judge → total in units."""
    reference = aggregation(aggregate).compute(
        {code: {j: Decimal(t) / SCALE for j, t in totals.items()} for code, totals in panel.items()}, c, decimals)
    ordered = aggregation(aggregate).needs_order(c)
    sums = PanelSums(SCALE, {code: units_of(list(t.values()), ordered) for code, t in panel.items() if t})
    fast = aggregation(aggregate).from_units(sums, list(panel), c, decimals)
    return {code: r.score for code, r in reference.items()}, fast


def test_the_registry_says_which_aggregations_score_from_sums():
    assert SUMMED == ["trimmed_mean", "median"]
    assert aggregation("zscore").from_units is None  # each judge's mean and spread: every total is needed


totals = st.integers(0, 60 * SCALE) | st.sampled_from([0, 30 * SCALE, 45 * SCALE, 60 * SCALE])  # ties are likely


@settings(max_examples=400, deadline=None)
@given(aggregate=st.sampled_from(SUMMED), high=st.integers(0, 3), low=st.integers(0, 3), decimals=st.integers(0, 4),
       maxima=st.lists(st.sampled_from([Decimal(10), Decimal("7.5"), Decimal(3), Decimal("0.25")]), min_size=1, max_size=4),
       panel=st.lists(st.lists(totals, max_size=9), min_size=1, max_size=6))
def test_integer_sums_publish_the_reference_scores(aggregate, high, low, decimals, maxima, panel):
    c = component(aggregate, high, low, maxima)
    entries = {f"E{i}": {f"J{j}": t for j, t in enumerate(row)} for i, row in enumerate(panel)}
    reference, fast = both(aggregate, entries, c, decimals)
    assert fast == reference
    assert all(type(v) is Decimal or v is None for v in fast.values())


@pytest.mark.parametrize("aggregate", SUMMED)
def test_halves_round_up_and_too_few_totals_have_no_score(aggregate):
    c = component(aggregate, 1, 1, [Decimal(10), Decimal(10)])  # max total 20
    # kept 10.001 and 10.002 → mean 10.0015 → × 5 = 50.0075 → 50.01 (half up, not half even)
    entries = {"E1": {"J1": 0, "J2": 100_010, "J3": 100_020, "J4": 200_000}, "E2": {"J1": 100_000, "J2": 100_000},
               "E3": {}}
    reference, fast = both(aggregate, entries, c, 2)
    assert fast == reference
    assert fast["E1"] == Decimal("50.01") and fast["E2"] is None and fast["E3"] is None


def test_trimmed_mean_with_one_drop_needs_no_ordered_totals():
    assert not aggregation("trimmed_mean").needs_order(component("trimmed_mean", 1, 1, [Decimal(10)]))
    assert aggregation("trimmed_mean").needs_order(component("trimmed_mean", 2, 0, [Decimal(10)]))
    assert aggregation("median").needs_order(component("median", 0, 0, [Decimal(10)]))
