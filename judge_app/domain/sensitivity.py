"""Weight sensitivity: would the ranking or an award change if a weight moved a little?

For each component, its weight is moved by `step` (5 points: 0.05) up and down, clamped to
0..1, and the other components share the rest in proportion to their declared weights (so the
weights still sum to 1). Each variant is ranked by the official `domain.ranking.rank_round` from
the official rounded component scores: nothing is scored twice. An award boundary is fragile
when some variant moves an entry across it.

Proportional weights need not terminate as decimals (0.2 × 0.35 / 0.3); they are carried to
`WEIGHT_CONTEXT`'s 28 significant digits, which is plenty for a what-if and the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Context, Decimal

from judge_app.domain.contest import Round
from judge_app.domain.ranking import Standing, rank_round

STEP = Decimal("0.05")
WEIGHT_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class WeightVariant:
    component: str
    delta: Decimal  # the change applied to that component's weight (after clamping)
    weights: dict[str, Decimal]  # component key → weight in this variant
    standings: list[Standing]

    @property
    def label(self) -> str:
        sign = "+" if self.delta > 0 else "−"
        return f"{self.component} {sign}{(abs(self.delta) * 100).normalize():f} 分"


@dataclass(frozen=True)
class RankRange:
    code: str
    rank: int
    best: int
    worst: int
    award: str | None
    awards: tuple[str | None, ...]  # every award the entry takes in some variant, official first

    @property
    def fragile(self) -> bool:
        return len(self.awards) > 1


@dataclass(frozen=True)
class Crossing:
    variant: str
    code: str
    award_from: str | None
    award_to: str | None
    rank_from: int
    rank_to: int


@dataclass(frozen=True)
class Boundary:
    """Between award `upper` and the next award down (`lower`; None = no award)."""

    upper: str
    lower: str | None
    margin: Decimal | None  # official total of the last entry above minus the first below
    crossings: tuple[Crossing, ...]

    @property
    def fragile(self) -> bool:
        return bool(self.crossings)


@dataclass(frozen=True)
class Sensitivity:
    step: Decimal
    variants: list[WeightVariant]
    ranges: list[RankRange]  # ranked entries, by official rank then code
    boundaries: list[Boundary]


def shifted_weights(round_: Round, key: str, delta: Decimal) -> dict[str, Decimal] | None:
    """The round's weights with `key` moved by `delta` (clamped to 0..1) and the others rescaled.

    None when nothing moves or the others cannot absorb the change (their weights are all zero).
    """
    ctx = WEIGHT_CONTEXT
    old = round_.component(key).weight
    new = min(max(old + delta, Decimal(0)), Decimal(1))
    rest = sum((c.weight for c in round_.components if c.key != key), Decimal(0))
    if new == old or rest == 0:
        return None
    factor = ctx.divide(1 - new, rest)
    return {
        c.key: new if c.key == key else ctx.multiply(c.weight, factor).normalize(ctx) for c in round_.components
    }


def weight_sensitivity(round_: Round, standings: Sequence[Standing], step: Decimal = STEP) -> Sensitivity:
    scores = {s.code: dict(s.components) for s in standings}
    official = {s.code: s for s in standings if s.ranked}
    variants = []
    for component in round_.components:
        for delta in (step, -step):
            weights = shifted_weights(round_, component.key, delta)
            if weights is None:
                continue
            moved = replace(round_, components=tuple(replace(c, weight=weights[c.key]) for c in round_.components))
            applied = weights[component.key] - component.weight
            variants.append(WeightVariant(component.key, applied, weights, rank_round(moved, scores)))
    ranges = []
    crossings: list[Crossing] = []
    by_code = [{x.code: x for x in v.standings} for v in variants]
    for s in official.values():
        ranks, awards = [s.rank], [s.award]
        for v, lines in zip(variants, by_code):
            other = lines[s.code]
            ranks.append(other.rank)
            if other.award not in awards:
                awards.append(other.award)
            if other.award != s.award:
                crossings.append(Crossing(v.label, s.code, s.award, other.award, s.rank, other.rank))
        ranges.append(RankRange(s.code, s.rank, min(ranks), max(ranks), s.award, tuple(awards)))
    ranges.sort(key=lambda r: (r.rank, r.code))
    return Sensitivity(step, variants, ranges, _boundaries(round_, list(official.values()), crossings))


def _boundaries(round_: Round, ranked: list[Standing], crossings: list[Crossing]) -> list[Boundary]:
    names: list[str | None] = [t.name for t in round_.awards]
    if round_.awards and round_.awards[-1].count is not None:
        names.append(None)
    position = {name: i for i, name in enumerate(names)}
    out = []
    for i in range(len(names) - 1):
        upper, lower = names[i], names[i + 1]
        above = [s.total for s in ranked if s.award == upper]
        below = [s.total for s in ranked if s.award == lower]
        margin = min(above) - max(below) if above and below else None
        crossed = tuple(
            c for c in crossings
            if min(position[c.award_from], position[c.award_to]) <= i < max(position[c.award_from], position[c.award_to])
        )
        out.append(Boundary(upper, lower, margin, crossed))
    return out
