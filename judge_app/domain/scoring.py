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
other panel aggregations
    Each is one entry of `rules.AGGREGATIONS` (the median, rule 1m, is computed there).
panel score, `aggregate = "zscore"` (rule 1z)
    Each judge's totals in the panel are standardised, z = (total − judge mean) / judge spread;
    an entry's standardised values are trimmed as above and averaged, z̄; the panel score is
    (M + S × z̄) × 100 / (sum of the criteria maxima), clamped to 0–100 and rounded, where M is
    the mean of all the panel's totals and S the pooled within-judge spread
    √(Σ (total − that judge's mean)² / number of totals). Spreads are population standard
    deviations; a judge whose totals are all equal has z = 0 everywhere. Square roots need
    irrational numbers, so this rule computes in `Decimal` with the fixed context `ZSCORE_CONTEXT`
    (40 significant digits, half-even for intermediate steps) — the same digits on every
    machine — and only the final publication is rounded half-up.
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

from collections import namedtuple
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction

from judge_app.domain.contest import TRIMMED_MEAN, ZSCORE, Component, Round
from judge_app.domain.records import frozen_record

ZSCORE_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)


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


class JudgeTotal(namedtuple("JudgeTotal", ("judge", "total"))):
    """One judge's total for an entry: `judge` (code, str), `total` (Decimal). A plain named tuple,
    not typing.NamedTuple: importing typing was 2 ms of every command that computes a result."""

    __slots__ = ()


@frozen_record
class ZScoreBasis:
    """What rule 1z standardises with, shared by every entry of the panel.

    location M and spread S are in judge-total units; judges maps judge code → (mean, spread).
    """

    location: Decimal
    spread: Decimal
    judges: Mapping[str, tuple[Decimal, Decimal]]


@frozen_record
class PanelResult:
    """A panel's computation for one entry, kept whole so a stage or a sheet can show it.

    With `aggregate = "zscore"`, `standardised` holds each judge's z in the same order as
    `totals` (ascending by (z, judge code)), drops are by z, and `basis` says how z was formed.
    """

    totals: tuple[JudgeTotal, ...]  # ascending by (total, judge code); by (z, judge) for zscore
    dropped_low: tuple[JudgeTotal, ...]
    dropped_high: tuple[JudgeTotal, ...]
    score: Decimal | None
    aggregate: str = TRIMMED_MEAN
    standardised: tuple[JudgeTotal, ...] = ()
    basis: ZScoreBasis | None = None

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


# Sums of totals (≤ 4 decimals) and of their squares are exact in 80 digits; Inexact is trapped so
# that a sum which was not exact would fail loudly instead of rounding silently.
_EXACT = Context(prec=80, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])


def zscore_basis(by_entry: Mapping[str, Mapping[str, Decimal]]) -> ZScoreBasis | None:
    """Each judge's mean and spread over the entries they scored, the panel's M and S (rule 1z).

    Sums are exact; each mean or variance is one division rounded to `ZSCORE_CONTEXT`, using
    Σ (x − m)² = (n Σx² − (Σx)²) / n with exact numerators.
    """
    by_judge: dict[str, list[Decimal]] = {}
    for code in sorted(by_entry):
        for judge, total in by_entry[code].items():
            by_judge.setdefault(judge, []).append(total)
    count = sum(len(v) for v in by_judge.values())
    if count == 0:
        return None
    ctx, exact = ZSCORE_CONTEXT, _EXACT
    grand = Decimal(0)
    within = Fraction(0)  # Σ (total − that judge's mean)², exact
    judges: dict[str, tuple[Decimal, Decimal]] = {}
    for judge in sorted(by_judge):
        values = by_judge[judge]
        n = len(values)
        total = Decimal(0)
        squares = Decimal(0)
        for v in values:
            total = exact.add(total, v)
            squares = exact.add(squares, exact.multiply(v, v))
        spread_num = exact.subtract(exact.multiply(squares, n), exact.multiply(total, total))  # n² × variance
        grand = exact.add(grand, total)
        within += Fraction(spread_num) / n
        judges[judge] = (ctx.divide(total, n), ctx.divide(spread_num, n * n).sqrt(ctx))
    spread = ctx.divide(Decimal(within.numerator), Decimal(within.denominator * count)).sqrt(ctx)
    return ZScoreBasis(ctx.divide(grand, count), spread, judges)


def standardise(total: Decimal, judge: str, basis: ZScoreBasis) -> Decimal:
    """z of one judge total; 0 when the judge gave every entry the same total."""
    mean, spread = basis.judges[judge]
    if spread == 0:
        return Decimal(0)
    return ZSCORE_CONTEXT.divide(ZSCORE_CONTEXT.subtract(total, mean), spread)


def mean_numerator(values: Iterable[Decimal]) -> Decimal:
    """Σ values in `ZSCORE_CONTEXT` (never the thread's default context)."""
    total = Decimal(0)
    for v in values:
        total = ZSCORE_CONTEXT.add(total, v)
    return total


def zscore_value(by_entry_totals: Mapping[str, Decimal], component: Component, basis: ZScoreBasis) -> tuple[
    tuple[tuple[Decimal, str], ...], Decimal | None
]:
    """One entry's (z, judge) ascending and its unrounded, unclamped score on 0–100 (None: too few totals)."""
    ordered = tuple(sorted((standardise(t, j, basis), j) for j, t in by_entry_totals.items()))
    if len(ordered) < component.min_judges:
        return ordered, None
    kept = ordered[component.drop_lowest : len(ordered) - component.drop_highest]
    ctx = ZSCORE_CONTEXT
    mean_z = ctx.divide(mean_numerator(z for z, _ in kept), Decimal(len(kept)))
    value = ctx.add(basis.location, ctx.multiply(basis.spread, mean_z))
    return ordered, ctx.divide(ctx.multiply(value, Decimal(100)), component.max_total)


def zscore_panel_results(
    by_entry: Mapping[str, Mapping[str, Decimal]], component: Component, decimals: int
) -> dict[str, PanelResult]:
    """Rule 1z for every entry of a panel at once: a judge's z needs all their totals."""
    basis = zscore_basis(by_entry)
    results: dict[str, PanelResult] = {}
    for code, totals in by_entry.items():
        if basis is None or not totals:
            results[code] = PanelResult((), (), (), None, ZSCORE)
            continue
        ordered, value = zscore_value(totals, component, basis)
        raw = tuple(JudgeTotal(j, totals[j]) for _, j in ordered)
        zs = tuple(JudgeTotal(j, z) for z, j in ordered)
        if value is None:
            results[code] = PanelResult(raw, (), (), None, ZSCORE, zs, basis)
            continue
        low = raw[: component.drop_lowest]
        high = raw[len(raw) - component.drop_highest :] if component.drop_highest else ()
        score = round_half_up(min(max(value, Decimal(0)), Decimal(100)), decimals)
        results[code] = PanelResult(raw, low, high, score, ZSCORE, zs, basis)
    return results


def panel_results(
    by_entry: Mapping[str, Mapping[str, Decimal]], component: Component, decimals: int
) -> dict[str, PanelResult]:
    """A panel's result for every entry, by the component's declared aggregation (`rules.AGGREGATIONS`)."""
    from judge_app.domain.rules import aggregation  # the registry builds on this module

    return aggregation(component.aggregate).compute(by_entry, component, decimals)


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
    """The exact (unrounded) vote score of every entry in `counts`, by the registered normalisation."""
    from judge_app.domain.rules import normalization  # the registry builds on this module

    if not any(counts.values()):
        return {code: Fraction(0) for code in counts}
    return normalization(normalize).compute(counts, rank_step)


def max_points(counts: Mapping[str, int], _step: Decimal | None = None) -> dict[str, Fraction]:
    """Rule 2 max: 100 × votes / the highest count."""
    best = max(counts.values())
    return {code: Fraction(100 * n, best) for code, n in counts.items()}


def share_points(counts: Mapping[str, int], _step: Decimal | None = None) -> dict[str, Fraction]:
    """Rule 2 share: 100 × votes / all votes."""
    total = sum(counts.values())
    return {code: Fraction(100 * n, total) for code, n in counts.items()}


def rank_points(counts: Mapping[str, int], rank_step: Decimal | None) -> dict[str, Fraction]:
    """Rule 2 rank: 100 for the most votes, `rank_step` less per place below (not below 0); no votes 0."""
    if rank_step is None:
        raise ValueError("normalize = rank needs rank_step")
    step = Fraction(rank_step)
    place_of = vote_places(counts)
    return {code: max(Fraction(0), 100 - (place_of[code] - 1) * step) if n > 0 else Fraction(0)
            for code, n in counts.items()}


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
