"""Use case: the official result of a round — every component score, total, rank and award.

`RoundReport` and this module import no SQLAlchemy until `round_report` runs, so the light read
path (`services.results.light_reads`) builds the same report from a plain sqlite3 connection."""

from __future__ import annotations


from judge_app.domain.contest import Contest, Entry
from judge_app.domain.results import RoundResult, compute_round
from judge_app.store.round_inputs import load_round_inputs
from judge_app.domain.records import frozen_record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:
    from judge_app.store.database import Database


@frozen_record
class RoundReport:
    contest: Contest
    result: RoundResult

    def entry(self, code: str) -> Entry:
        """The entry `code` (KeyError if none), by an index built on first use: a 2,000-line
        results sheet looks every entry up."""
        index = self.__dict__.get("_by_code")
        if index is None:
            index = {e.code: e for e in self.contest.entries}
            object.__setattr__(self, "_by_code", index)
        return index[code]


def round_report(db: Database, round_key: str | None, detail: bool = True) -> RoundReport:
    """The round's official result; `round_key` None: the contest's last round (its final result),
    read in the same unit of work as the rest. `detail` False: the standings alone (`judge-app rank`),
    the same numbers from integer sums in SQL, without each panel's computation (`result.panels`)."""
    from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round

    with db.session() as session:
        stored = require_contest(session)
        if round_key is None:
            if not stored.contest.rounds:
                raise ServiceError("比赛没有轮次 (the contest has no rounds)")
            round_key = stored.contest.rounds[-1].key
        round_ = require_round(stored, round_key)
        inputs = load_round_inputs(session, stored, round_key, detail)
    return RoundReport(stored.contest, compute_round(round_, inputs))
