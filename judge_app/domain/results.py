"""A round's full result from its raw inputs: every component score, the total, rank and award.

This is the one place a result is computed; the CLI, the GUI, the stage and printed documents
all ask it. Inputs are plain mappings so any store (or a test) can supply them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal

from judge_app.domain.contest import Round
from judge_app.domain.panel_units import PanelSums
from judge_app.domain.ranking import Standing, rank_round
from judge_app.domain.rules import component_kind
from judge_app.domain.scoring import PanelResult
from judge_app.domain.records import frozen_record


@frozen_record
class RoundInputs:
    """Raw inputs of one round.

    panel_totals: component key → entry code → judge code → judge total (complete sheets only)
    votes: component key → entry code → votes; a component absent here has no tally imported yet
    direct: component key → entry code → imported 0–100 score
    panel_units: component key → its integer sums (`panel_units.PanelSums`), in place of
        `panel_totals` when only the ranking is asked for: the result then has no `panels` entry for it
    """

    entries: tuple[str, ...]
    panel_totals: Mapping[str, Mapping[str, Mapping[str, Decimal]]] = field(default_factory=dict)
    votes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    direct: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    panel_units: Mapping[str, PanelSums] = field(default_factory=dict)


@frozen_record
class RoundResult:
    round: Round
    standings: list[Standing]
    panels: dict[str, dict[str, PanelResult]]  # component key → entry code → computation (not for `panel_units`)

    def standing(self, code: str) -> Standing:
        for s in self.standings:
            if s.code == code:
                return s
        raise KeyError(code)


def compute_round(round_: Round, inputs: RoundInputs) -> RoundResult:
    """Every component by its kind's rule (`rules.COMPONENT_KINDS`), then the totals, ranks and awards."""
    scores: dict[str, dict[str, Decimal | None]] = {code: {} for code in inputs.entries}
    panels: dict[str, dict[str, PanelResult]] = {}
    for component in round_.components:
        computed, details = component_kind(component.kind).score(component, inputs, round_.decimals)
        if details is not None:
            panels[component.key] = details
        for code in inputs.entries:
            scores[code][component.key] = computed.get(code)
    return RoundResult(round_, rank_round(round_, scores), panels)
