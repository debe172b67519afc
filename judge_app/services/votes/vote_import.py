"""Use case: import a voting platform's export for a `votes` component.

One import path for both shapes a platform exports, told apart by the header:

- **totals**: one row per entry with its vote count (`票数`, `得票数` …);
- **raw**: one row per vote with a voter column (`投票人`, `openid` …), the entry, and optionally
  the time and IP address. The records are tallied by the component's `dedup` rule
  (`judge_app.domain.votes`) and kept with the import as compressed column-wise chunks
  (`vote_record_chunk`, format in `judge_app.store.vote_chunks`), so the tally can be recounted
  (`recount`) and audited (`stored_records`). A component with `dedup = voter` or `voter_day` needs raw
  records; a totals file is refused for it.

Rows name an entry by code, or by exact title when the file has no code column.

A new import replaces the component's previous tally as a whole; the old tally and records stay
(marked not current) and the audit trail records old and new counts. `dry_run` checks the file
and returns the screening report (tally, duplicates, unmatched rows, flags) without writing.

Raw records are streamed: each chunk of records read goes to the database as one compressed
row inside the import's one transaction, so a million-row file never sits in memory.
A refusal found late, a failure or a cancellation rolls the whole transaction back: no partial
tally, no partial records.

The pieces: reading the header and shape (`vote_header`, exclusion lists in `vote_exclusions`),
tallying (`vote_totals`, `vote_raw_scan` with the byte-level checks of `vote_cells` and the dry
run's `vote_screening`), storing (`store.vote_chunk_sink`, `store.vote_import_store`), reading
back (`vote_records`); what they report is in `vote_report`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from judge_app.domain import audit_target
from judge_app.domain.contest import VOTES
from judge_app.domain.scoring import vote_scores
from judge_app.domain.votes import DEDUP_NONE, ScreeningRules
from judge_app.services.contest.contest_access import require_component, require_contest
from judge_app.services.integrity.users import require_role
from judge_app.services.results.locks import require_unlocked
from judge_app.services.votes.vote_exclusions import Exclusions
from judge_app.services.votes.vote_header import check_shape, locate_header
from judge_app.services.votes.vote_matching import EntryMatcher
from judge_app.services.votes.vote_raw_scan import RawScan
from judge_app.services.votes.vote_report import SHAPE_RAW, SHAPE_TOTALS, ImportProgress, VoteImportReport
from judge_app.services.votes.vote_totals import scan_totals
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.round_inputs import round_entries
from judge_app.store.vote_chunk_sink import ChunkSink
from judge_app.store.vote_import_store import current_import_id, import_tally, start_import, store_tally
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import CellStream, open_table


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _in_background(function, *args) -> Future:
    """`function(*args)` on a thread of its own (for work that releases the GIL, such as hashing a file)."""
    worker = ThreadPoolExecutor(max_workers=1)
    try:
        return worker.submit(function, *args)
    finally:
        worker.shutdown(wait=False)


def import_votes(db: Database, path: str | Path, round_key: str, component_key: str, actor: str,
                 dry_run: bool = False, sheet: str | None = None, exclusions: Exclusions | None = None,
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 rules: ScreeningRules = ScreeningRules()) -> VoteImportReport:
    """Import (or with `dry_run`, screen) a totals or raw vote export; see the module text.

    `progress` is called every few tens of thousands of rows; `cancelled` is asked as often and
    a true answer stops the import with `ImportCancelled`, the database unchanged. Refusals raise
    `InputRefused` (file, row, reason) — except in a dry run, which returns them in the report.
    """
    table = open_table(path, sheet)
    exclusions = exclusions or Exclusions()
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, VOTES)
        matcher = EntryMatcher(stored.contest.entries, round_key, round_.name)
        if not dry_run:
            require_role(session, actor, "import")
            require_unlocked(session, stored, round_key, component_key)
            db.backup(f"votes.import-{round_key}.{component_key}")
        codes = round_entries(session, stored.ids.rounds[round_key])
        cid = stored.ids.components[(round_key, component_key)]
        previous_id = current_import_id(session, cid)
        previous = import_tally(session, previous_id) if previous_id is not None else None
        with CellStream(table) as stream:
            rows = iter(stream)
            number, columns, shape = locate_header(table, rows)
            check_shape(table, number, shape, component, columns, exclusions)
            common = dict(source=table.name, round=round_key, component=component_key, dry_run=dry_run,
                          previous=previous, dedup=component.dedup if shape == SHAPE_RAW else DEDUP_NONE,
                          normalize=component.normalize)
            if shape == SHAPE_TOTALS:
                scan = scan_totals(table, rows, columns, matcher)
                batch = None
            else:
                batch = None
                if not dry_run:
                    digest = _in_background(file_sha256, table.path)  # read beside the scan; set at the end
                    batch = start_import(session, cid, source=table.name, sha256="", rows_read=0,
                                         imported_at=audit.now(), imported_by=actor, shape=SHAPE_RAW,
                                         dedup=component.dedup)
                scan = RawScan(table, columns, matcher, component, exclusions, rules, None,
                               screen=dry_run, progress=progress, cancelled=cancelled)
                if batch is not None:
                    scan.sink = ChunkSink(session, batch.id, stored.ids.entries)
                scan.run(stream)
        if shape == SHAPE_TOTALS and component.dedup != DEDUP_NONE:
            scan.warnings.append(f"汇总票数无法按 dedup = {component.dedup} 去重, 以平台统计为准 "
                                 f"(totals cannot be deduplicated here; the platform's counts are taken as given)")
        if scan.problems and not dry_run:
            raise InputRefused(scan.problems)
        full = {code: scan.tally.get(code, 0) for code in codes}
        scores = vote_scores(full, codes, round_.decimals, component.normalize, component.rank_step)
        report = VoteImportReport(
            **common, rows=scan.rows_read, tally=full, scores=scores, shape=shape,
            rows_counted=scan.rows_counted, duplicates=scan.duplicates, excluded=scan.excluded,
            excluded_by=scan.excluded_by, unmatched=scan.unmatched, problems=tuple(scan.problems),
            warnings=tuple(scan.warnings), flags=tuple(scan.flags()),
        )
        if dry_run:
            return report
        if batch is None:  # totals
            batch = start_import(session, cid, source=table.name, sha256=file_sha256(table.path),
                                 rows_read=scan.rows_read, imported_at=audit.now(), imported_by=actor,
                                 shape=SHAPE_TOTALS, dedup=DEDUP_NONE, rows_counted=scan.rows_counted)
        else:
            batch.rows_read, batch.rows_counted = scan.rows_read, scan.rows_counted
            batch.sha256 = digest.result()
            session.add(batch)
        store_tally(session, batch.id, stored.ids.entries, scan.tally)
        target = audit_target.make("votes", round_key, component_key)
        new = {"source": table.name, "shape": shape, "tally": scan.tally, "rows_read": scan.rows_read,
               "rows_counted": scan.rows_counted, "vote_import": batch.id, "sha256": batch.sha256}
        if shape == SHAPE_RAW:
            new.update(dedup=component.dedup, duplicates=scan.duplicates, excluded=scan.excluded)
        events = [audit.event(actor, "votes.replace" if previous is not None else "votes.import", target,
                              old=previous, new=new)]
        if exclusions:
            events.append(audit.event(actor, "votes.exclude", target, new={
                "vote_import": batch.id, "lists": list(exclusions.sources),
                "voters": exclusions.voters, "ips": exclusions.ips,
                "records_excluded": scan.excluded, "by": scan.excluded_by,
            }))
        audit.record_many(session, events)
    return report
