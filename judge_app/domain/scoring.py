"""The scoring rules, exactly as published on the results sheet.

Terms
-----
criterion score
    One judge's value for one criterion of one entry, 0..max.
judge total
    The sum of one judge's criterion scores for an entry.
panel score
    The mean of the judge totals left after dropping the `drop_highest` highest and
    `drop_lowest` lowest (one value each, even when equal), scaled to 0–100 by
    100 / (sum of the criteria maxima), rounded. Too few totals: no panel score.
vote score
    `normalize = "max"`: 100 × votes / the highest vote count of the round, rounded.
    `normalize = "rank"`: points by place: the entry with the most votes 100, each place
    below it `rank_step` less (100 − (place − 1) × rank_step, never below 0). Equal counts
    share a place and the next place is skipped (competition ranking 1, 2, 2, 4). An entry
    with no vote scores 0.
    `normalize = "share"`: 100 × the entry's votes / all votes of the round's entries, rounded.
    Under every choice all scores are 0 when nobody has a vote.
direct score
    An imported 0–100 score, rounded.
total
    The sum of weight × rounded component score, rounded. Each published component
    therefore adds up to the published total and the sheet can be checked by hand.

All arithmetic is exact (`Decimal` for values, a ratio of integers for each division), and every
rounding is half-up (四舍五入) to the round's `decimals`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from decimal import Decimal
from fractions import Fraction

from judge_app.domain.contest import Component, Round


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Round exactly, halves away from zero (四舍五入), to `places` decimals.

    Works on the exact rational value, so no intermediate precision can flip a half.
    """
    numerator, denominator = value.as_integer_ratio()
    return round_ratio(numerator, denominator, places)


def round_ratio(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half-up to `places` decimals, in integer arithmetic."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    scaled = abs(numerator) * 10**places
    units = (scaled * 2 + denominator) // (denominator * 2)
    return Decimal(-units if numerator < 0 else units).scaleb(-places)


def quantum(places: int) -> Decimal:
    """The smallest published step at `places` decimals, e.g. Decimal('0.01')."""
    return Decimal(1).scaleb(-places)


class JudgeTotal(NamedTuple):
    judge: str
    total: Decimal


@dataclass(frozen=True)
class PanelResult:
    """A panel's computation for one entry, kept whole so a stage or a sheet can show it."""

    totals: tuple[JudgeTotal, ...]  # ascending by (total, judge code)
    dropped_low: tuple[JudgeTotal, ...]
    dropped_high: tuple[JudgeTotal, ...]
    score: Decimal | None

    @property
    def kept(self) -> tuple[JudgeTotal, ...]:
        low, high = len(self.dropped_low), len(self.totals) - len(self.dropped_high)
        return self.totals[low:high] if self.score is not None else ()

    def is_dropped(self, judge: str) -> bool:
        return any(t.judge == judge for t in self.dropped_low + self.dropped_high)


def panel_result(totals: Mapping[str, Decimal], component: Component, decimals: int) -> PanelResult:
    """Apply rule 1 to one entry's judge totals (judge code → total).

    Which of several equal totals is "the" dropped one does not change the score; the lowest
    judge code is taken first among equal low values and the highest among equal high values,
    so a reveal is the same on every machine.
    """
    ordered = tuple(JudgeTotal(j, t) for t, j in sorted((t, j) for j, t in totals.items()))
    if len(ordered) < component.min_judges:
        return PanelResult(ordered, (), (), None)
    low = ordered[: component.drop_lowest]
    high = ordered[len(ordered) - component.drop_highest :] if component.drop_highest else ()
    kept = ordered[component.drop_lowest : len(ordered) - component.drop_highest]
    # mean × 100 / max_total = kept_sum × 100 / (n × max_total), as one exact ratio of integers
    sum_num, sum_den = sum((jt.total for jt in kept), Decimal(0)).as_integer_ratio()
    max_num, max_den = component.max_total.as_integer_ratio()
    score = round_ratio(sum_num * 100 * max_den, sum_den * len(kept) * max_num, decimals)
    return PanelResult(ordered, low, high, score)


def judge_total(criterion_scores: Iterable[Decimal]) -> Decimal:
    return sum(criterion_scores, Decimal(0))


def vote_scores(votes: Mapping[str, int], entries: Iterable[str], decimals: int,
                normalize: str = "max", rank_step: Decimal | None = None) -> dict[str, Decimal]:
    """Rule 2: an entry's vote score on 0–100 by the component's `normalize`; absent entries have 0 votes."""
    codes = list(entries)
    counts = {code: votes.get(code, 0) for code in codes}
    exact = vote_points(counts, normalize, rank_step)
    return {code: round_half_up(exact[code], decimals) for code in codes}


def vote_points(counts: Mapping[str, int], normalize: str = "max", rank_step: Decimal | None = None) -> dict[str, Fraction]:
    """The exact (unrounded) vote score of every entry in `counts`."""
    best = max(counts.values(), default=0)
    if best == 0:
        return {code: Fraction(0) for code in counts}
    if normalize == "max":
        return {code: Fraction(100 * n, best) for code, n in counts.items()}
    if normalize == "share":
        total = sum(counts.values())
        return {code: Fraction(100 * n, total) for code, n in counts.items()}
    if normalize == "rank":
        if rank_step is None:
            raise ValueError("normalize = rank needs rank_step")
        step = Fraction(rank_step)
        place_of = vote_places(counts)
        return {
            code: max(Fraction(0), 100 - (place_of[code] - 1) * step) if n > 0 else Fraction(0)
            for code, n in counts.items()
        }
    raise ValueError(f"unknown normalization {normalize!r}")


def vote_places(counts: Mapping[str, int]) -> dict[str, int]:
    """Competition ranking by votes, most first: equal counts share a place, the next is skipped."""
    ordered = sorted(counts.values(), reverse=True)
    first_place = {}
    for index, n in enumerate(ordered, start=1):
        first_place.setdefault(n, index)
    return {code: first_place[n] for code, n in counts.items()}


def direct_score(value: Decimal, decimals: int) -> Decimal:
    """Rule 3: an imported 0–100 score, rounded."""
    return round_half_up(value, decimals)


def weighted_total(component_scores: Mapping[str, Decimal | None], round_: Round) -> Decimal | None:
    """Rule 4: sum of weight × rounded component score, rounded; None if any component is missing."""
    total = Decimal(0)
    for component in round_.components:
        score = component_scores.get(component.key)
        if score is None:
            return None
        total += component.weight * score
    return round_half_up(total, round_.decimals)
