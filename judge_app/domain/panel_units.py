"""A panel's score from integer sums, for the ranking alone (rules 1 and 1m without the details).

The store can sum judge totals as fixed-point integers in SQL (`units` of 1/`scale` point), so an
entry's published panel score needs only a few integers: how many complete totals there are,
their sum, the highest and the lowest — and, when more than one value is dropped at either end
or the median is asked for, the totals themselves in ascending order. Python is left one exact
division (`scoring.round_ratio`, half-up) per entry and no object per judge total.

The result is the same number `scoring.panel_result` and `rules.median_panel_results` publish
(tests compare them over random panels); which judge's total was dropped is not known here, so a
screen that shows the computation uses those instead.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Mapping
from decimal import Decimal

from judge_app.domain.contest import Component
from judge_app.domain.scoring import round_ratio
from judge_app.domain.records import frozen_record


class PanelUnits(namedtuple("PanelUnits", ("count", "total", "highest", "lowest", "ordered"), defaults=(None,))):
    """One entry's complete judge totals in a panel, as integers of 1/scale point: `count`,
    `total`, `highest`, `lowest`, and `ordered` (every total ascending) only when the rule needs
    it. A plain named tuple, not typing.NamedTuple (importing typing costs a short command 2 ms)."""

    __slots__ = ()


@frozen_record
class PanelSums:
    """A panel's `PanelUnits` by entry code (entries without a complete total are absent)."""

    scale: int  # units per point
    by_entry: Mapping[str, PanelUnits]


def trimmed_needs_order(component: Component) -> bool:
    """Sum − highest − lowest is enough unless more than one total is dropped at an end."""
    return component.drop_highest > 1 or component.drop_lowest > 1


def median_needs_order(component: Component) -> bool:
    return True


def _scores(sums: PanelSums, entries: Iterable[str], component: Component, decimals: int,
            kept_mean) -> dict[str, Decimal | None]:
    """Each entry's score on 0–100 from `kept_mean(units, high, low)`: the kept units' mean as a
    ratio (units, count); None with fewer totals than the component's minimum. The mean over the
    scale and the maximum total is taken as one ratio of integers, rounded once."""
    high, low, fewest = component.drop_highest, component.drop_lowest, component.min_judges
    # (units / scale) / count × 100 / max_total = units × num / (count × den)
    max_num, max_den = component.max_total.as_integer_ratio()
    num, den = 100 * max_den, sums.scale * max_num
    out: dict[str, Decimal | None] = {}
    for code in entries:
        units = sums.by_entry.get(code)
        if units is None or units.count < fewest:
            out[code] = None
            continue
        kept, count = kept_mean(units, high, low)
        out[code] = round_ratio(kept * num, count * den, decimals)
    return out


def _trimmed_mean(units: PanelUnits, high: int, low: int) -> tuple[int, int]:
    if units.ordered is not None:
        kept = sum(units.ordered[low: units.count - high])
    else:
        kept = units.total - (units.highest if high else 0) - (units.lowest if low else 0)
    return kept, units.count - high - low


def _median(units: PanelUnits, high: int, low: int) -> tuple[int, int]:
    kept = units.ordered[low: units.count - high]
    middle = len(kept) // 2
    if len(kept) % 2:
        return kept[middle], 1
    return kept[middle - 1] + kept[middle], 2  # the two middle ones averaged


def trimmed_scores(sums: PanelSums, entries: Iterable[str], component: Component, decimals: int) -> dict[str, Decimal | None]:
    """Rule 1 for each entry: the mean of the totals kept after the drops, on 0–100; None with too few totals."""
    return _scores(sums, entries, component, decimals, _trimmed_mean)


def median_scores(sums: PanelSums, entries: Iterable[str], component: Component, decimals: int) -> dict[str, Decimal | None]:
    """Rule 1m for each entry: the median of the totals kept after the drops (the two middle ones averaged)."""
    return _scores(sums, entries, component, decimals, _median)
