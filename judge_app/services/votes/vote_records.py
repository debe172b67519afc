"""Reading an import's raw records back: recounting the current import by its dedup rule, and the
records as stored, for audits."""

from __future__ import annotations

from collections import Counter

from judge_app.domain.contest import VOTES
from judge_app.domain.votes import DEDUP_NONE, DEDUP_VOTER, DEDUP_VOTER_DAY
from judge_app.services.contest.contest_access import require_component, require_contest
from judge_app.services.votes.vote_report import SHAPE_RAW
from judge_app.store.database import Database
from judge_app.store.vote_chunks import EXCLUDED, iter_records
from judge_app.store.vote_import_store import current_import, entry_codes, record_range
from judge_app.store.vote_import_store import current_tally as stored_tally
from judge_app.store.vote_record_store import chunk_blobs, legacy_records, legacy_recount


def recount(db: Database, round_key: str, component_key: str) -> dict[str, int] | None:
    """Recount the current raw import from its stored records by its dedup rule.

    An audit check independent of the import's own tally: both must agree. The records are read
    back from their chunks (`judge_app.store.vote_chunks.iter_records`) and counted afresh by
    voter text, day and entry; an import made before chunked storage is recounted in SQL from
    `vote_record`. None when the current import holds totals (or nothing was imported).
    """
    with db.session() as session:
        stored = require_contest(session)
        require_component(stored, round_key, component_key, VOTES)
        cid = stored.ids.components[(round_key, component_key)]
        row = current_import(session, cid)
        if row is None or row.shape != SHAPE_RAW:
            return None
        if row.first_record is None:
            return recount_records(_chunk_records(session, row.id), row.dedup, entry_codes(session))
        key = {DEDUP_NONE: "row", DEDUP_VOTER: "voter", DEDUP_VOTER_DAY: "voter_day"}[row.dedup]
        return legacy_recount(session, row.id, row.first_record, row.last_record, key, EXCLUDED)


def _chunk_records(session, vote_import_id: int):
    return iter_records(chunk_blobs(session, vote_import_id))


def recount_records(records, dedup: str, codes: dict[int, str]) -> dict[str, int]:
    """Count records again by voter text: per bucket (entry, or day and entry) the set of voters counted."""
    buckets: dict = {}
    tally: Counter = Counter()
    for _number, voter, entry_id, at, _ip, status in records:
        if status == EXCLUDED:
            continue
        if dedup != DEDUP_NONE:
            key = (at[:10], entry_id) if dedup == DEDUP_VOTER_DAY else entry_id
            voters = buckets.get(key)
            if voters is None:
                voters = buckets[key] = set()
            if voter in voters:
                continue
            voters.add(voter)
        tally[codes[entry_id]] += 1
    return dict(tally)


def stored_records(db: Database, vote_import_id: int) -> list[tuple[int, str, str, str, str, int]]:
    """An import's raw records as stored, in file order: (row, voter, entry code, time, ip, status)."""
    with db.session() as session:
        codes = entry_codes(session)
        first, last = record_range(session, vote_import_id)
        if first is None:
            records = _chunk_records(session, vote_import_id)
        else:
            records = legacy_records(session, vote_import_id, first, last)
        return [(n, voter, codes[e], at, ip, status) for n, voter, e, at, ip, status in records]


def current_tally(db: Database, round_key: str, component_key: str) -> dict[str, int]:
    """The component's current tally as stored (entry code → votes); empty when nothing is imported."""
    with db.session() as session:
        stored = require_contest(session)
        require_component(stored, round_key, component_key, VOTES)
        cid = stored.ids.components[(round_key, component_key)]
        return stored_tally(session, cid)
