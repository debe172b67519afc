"""Ranking and awards (rules 5 and 6).

Ranking: total descending; ties broken by the round's `tie_break` components in order (higher
wins); entries still equal share a rank, and the next rank skips (competition ranking 1, 2, 2, 4).
An entry missing any component score is listed unranked.

Awards: tiers are taken in order. A tier with `count` n covers the next n ranks after the tiers
before it (counts 1, 2, 3 → ranks 1 | 2–3 | 4–6); a tier without `count` covers every rank
after. An entry's award is the tier whose range holds its rank, so tied entries share an award;
ranks beyond every tier get none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from judge_app.domain.contest import AwardTier, Round
from judge_app.domain.scoring import weighted_total
from judge_app.domain.records import frozen_record


@frozen_record
class Standing:
    """One entry's line on the results sheet."""

    code: str
    components: dict[str, Decimal | None]
    total: Decimal | None
    rank: int | None
    award: str | None

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """Component keys without a score: why an entry is unranked."""
        return tuple(k for k, v in self.components.items() if v is None)


def award_for(rank: int, tiers: Sequence[AwardTier]) -> str | None:
    """The tier whose rank range holds `rank` (rule 6)."""
    last = 0
    for tier in tiers:
        if tier.count is None:
            return tier.name
        if rank <= last + tier.count:
            return tier.name
        last += tier.count
    return None


def rank_round(round_: Round, component_scores: Mapping[str, Mapping[str, Decimal | None]]) -> list[Standing]:
    """Rank every entry of a round from its rounded component scores (entry code → key → score).

    Returns ranked entries by rank then code, then unranked entries by code.
    """
    keys = [c.key for c in round_.components]
    ranked: list[tuple[tuple[Decimal, ...], str, dict[str, Decimal | None], Decimal]] = []
    unranked: list[tuple[str, dict[str, Decimal | None]]] = []
    for code, scores in component_scores.items():
        components = {k: scores.get(k) for k in keys}
        total = weighted_total(components, round_)
        if total is None:
            unranked.append((code, components))
        else:  # merit: total, then the tie-break components, higher first
            ranked.append(((-total, *(-components[k] for k in round_.tie_break)), code, components, total))
    ranked.sort(key=lambda line: line[:2])
    standings: list[Standing] = []
    previous: tuple[Decimal, ...] | None = None
    rank, award, award_rank = 0, None, None
    for position, (merit, code, components, total) in enumerate(ranked, start=1):
        if merit != previous:
            rank, previous = position, merit
        if rank != award_rank:  # one look-up per rank, not per tied entry
            award, award_rank = award_for(rank, round_.awards), rank
        standings.append(Standing(code, components, total, rank, award))
    for code, components in sorted(unranked, key=lambda ln: ln[0]):
        standings.append(Standing(code, components, None, None, None))
    return standings


def award_counts(standings: Iterable[Standing]) -> dict[str, int]:
    """How many entries each award went to (for a summary line)."""
    counts: dict[str, int] = {}
    for s in standings:
        if s.award:
            counts[s.award] = counts.get(s.award, 0) + 1
    return counts
