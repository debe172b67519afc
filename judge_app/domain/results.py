"""A round's full result from its raw inputs: every component score, the total, rank and award.

This is the one place a result is computed; the CLI, the GUI, the stage and printed documents
all ask it. Inputs are plain mappings so any store (or a test) can supply them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from judge_app.domain.contest import DIRECT, PANEL, VOTES, Round
from judge_app.domain.ranking import Standing, rank_round
from judge_app.domain.scoring import PanelResult, direct_score, panel_results, vote_scores


@dataclass(frozen=True)
class RoundInputs:
    """Raw inputs of one round.

    panel_totals: component key → entry code → judge code → judge total (complete sheets only)
    votes: component key → entry code → votes; a component absent here has no tally imported yet
    direct: component key → entry code → imported 0–100 score
    """

    entries: tuple[str, ...]
    panel_totals: Mapping[str, Mapping[str, Mapping[str, Decimal]]] = field(default_factory=dict)
    votes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    direct: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundResult:
    round: Round
    standings: list[Standing]
    panels: dict[str, dict[str, PanelResult]]  # component key → entry code → computation

    def standing(self, code: str) -> Standing:
        for s in self.standings:
            if s.code == code:
                return s
        raise KeyError(code)


def compute_round(round_: Round, inputs: RoundInputs) -> RoundResult:
    scores: dict[str, dict[str, Decimal | None]] = {code: {} for code in inputs.entries}
    panels: dict[str, dict[str, PanelResult]] = {}
    for component in round_.components:
        if component.kind == PANEL:
            by_entry = inputs.panel_totals.get(component.key, {})
            computed = panel_results({code: by_entry.get(code, {}) for code in inputs.entries}, component, round_.decimals)
            panels[component.key] = computed
            for code in inputs.entries:
                scores[code][component.key] = computed[code].score
        elif component.kind == VOTES:
            tally = inputs.votes.get(component.key)
            normalised = (
                vote_scores(tally, inputs.entries, round_.decimals, component.normalize, component.rank_step)
                if tally is not None else {}
            )
            for code in inputs.entries:
                scores[code][component.key] = normalised.get(code)
        elif component.kind == DIRECT:
            given = inputs.direct.get(component.key, {})
            for code in inputs.entries:
                value = given.get(code)
                scores[code][component.key] = direct_score(value, round_.decimals) if value is not None else None
    return RoundResult(round_, rank_round(round_, scores), panels)
