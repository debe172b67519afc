"""Use case: the official result of a round — every component score, total, rank and award."""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.domain.contest import Contest, Entry
from judge_app.domain.results import RoundResult, compute_round
from judge_app.services.contest_access import require_contest, require_round
from judge_app.store.database import Database
from judge_app.store.round_inputs import load_round_inputs


@dataclass(frozen=True)
class RoundReport:
    contest: Contest
    result: RoundResult

    def entry(self, code: str) -> Entry:
        for e in self.contest.entries:
            if e.code == code:
                return e
        raise KeyError(code)


def round_report(db: Database, round_key: str) -> RoundReport:
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        inputs = load_round_inputs(session, stored, round_key)
    return RoundReport(stored.contest, compute_round(round_, inputs))
