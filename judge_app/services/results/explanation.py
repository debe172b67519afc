"""Use case: the 计分说明 of a round's entries — every raw total, each drop, each component, the total.

The result comes from `domain.results.compute_round` over the raw inputs loaded in the same
session (`store.round_inputs.load_round_inputs`), exactly as `services.results.standings.round_report`
computes it, so the sheet shows the published figures and the raw values they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from judge_app.domain.chinese_dates import chinese_datetime
from judge_app.domain.contest import Contest, Entry, Round
from judge_app.domain.explanation import EntryExplanation, explain_entry
from judge_app.domain.results import compute_round
from judge_app.services.contest.contest_access import CodeIndex, ServiceError, require_contest, require_round
from judge_app.store.database import Database
from judge_app.store.round_inputs import load_round_inputs


@dataclass(frozen=True)
class ExplanationSheets:
    contest: Contest
    round: Round
    sheets: list[tuple[Entry, EntryExplanation]]
    judge_names: dict[str, str]
    generated_at: str


def explanation_sheets(db: Database, round_key: str, entry_code: str | None = None) -> ExplanationSheets:
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        inputs = load_round_inputs(session, stored, round_key)
    result = compute_round(round_, inputs)
    codes = list(inputs.entries)
    if entry_code is not None:
        found = CodeIndex(codes).find(entry_code)
        if found is None:
            raise ServiceError(f"轮次 {round_key} 中没有作品 {entry_code!r} (no such entry in this round)")
        codes = [found]
    entries = {e.code: e for e in stored.contest.entries}
    sheets = [(entries[c], explain_entry(result, inputs, c)) for c in codes]
    names = {j.code: j.name for j in stored.contest.judges}
    stamp = chinese_datetime(datetime.now().astimezone())
    return ExplanationSheets(stored.contest, round_, sheets, names, stamp)
