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
"""

from __future__ import annotations

import gc
import hashlib
import re
import struct
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections import Counter, deque
from collections.abc import Callable
from itertools import chain, compress, count
from operator import eq, itemgetter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, text, update

from judge_app.domain import audit_target
from judge_app.domain.contest import VOTES, Component
from judge_app.domain.file_names import display_name
from judge_app.domain.numbers import NumberRefused, read_count
from judge_app.domain.scoring import vote_scores
from judge_app.domain.votes import (
    DEDUP_NONE,
    DEDUP_VOTER,
    DEDUP_VOTER_DAY,
    VOTE_TIME_FORMATS,
    ScreeningRules,
    canonical_time,
    parse_vote_time,
)
from judge_app.services.contest.contest_access import require_component, require_contest
from judge_app.services.results.locks import require_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.services.votes.vote_matching import EntryMatcher
from judge_app.table_files.columns import (
    ENTRY_COLUMNS,
    IP_COLUMNS,
    TIME_COLUMNS,
    TITLE_COLUMNS,
    VOTE_COLUMNS,
    VOTER_COLUMNS,
    find_columns,
)
from judge_app.table_files.problems import InputRefused, Problem
from judge_app.table_files.reader import CellStream, Records, Table, cell_text, detect_encoding, open_table
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import VoteImportRow, VoteTallyRow
from judge_app.store.vote_chunks import chunk_payload, compress_payload, iter_records
from judge_app.store.vote_record_store import ChunkWriter, chunk_blobs, legacy_records, legacy_recount
from judge_app.store.round_inputs import round_entries

MAX_PROBLEMS = 100
CHUNK_ROWS = 20_000  # records read, checked and stored at a time; progress is reported per chunk

SHAPE_TOTALS = "totals"
SHAPE_RAW = "raw"
COUNTED, DUPLICATE, EXCLUDED = 1, 0, 2

_ROLES = {
    "entry": ENTRY_COLUMNS, "title": TITLE_COLUMNS, "votes": VOTE_COLUMNS,
    "voter": VOTER_COLUMNS, "time": TIME_COLUMNS, "ip": IP_COLUMNS,
}


@dataclass(frozen=True)
class ImportProgress:
    """How far a long import has got: rows read, seconds, and the share of the file read (if known)."""

    rows: int
    elapsed: float
    fraction: float | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0


class ImportCancelled(Exception):
    """The import was cancelled; nothing was written."""


@dataclass(frozen=True)
class Flag:
    """A screening finding: `kind` (ip_burst, minute_burst, outside_window, heavy_voter), how many
    records it concerns, a sentence, and up to `ScreeningRules.samples` items in full."""

    kind: str
    records: int
    message: str
    items: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Exclusions:
    """Voters and IP addresses the organizer excludes, each with a reason, and the files they came from."""

    voters: dict[str, str] = field(default_factory=dict)
    ips: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.voters or self.ips)


@dataclass(frozen=True)
class VoteImportReport:
    source: str
    round: str
    component: str
    rows: int  # data rows read (totals: entries listed; raw: vote records)
    tally: dict[str, int]  # every entry of the round, absent ones with 0
    scores: dict[str, Decimal]
    dry_run: bool
    previous: dict[str, int] | None
    shape: str = SHAPE_TOTALS
    dedup: str = DEDUP_NONE
    normalize: str = "max"
    rows_counted: int = 0
    duplicates: int = 0
    excluded: int = 0
    excluded_by: dict[str, int] = field(default_factory=dict)  # "voter"/"ip" → records excluded
    unmatched: int = 0
    problems: tuple[Problem, ...] = ()  # dry run only: why the import would be refused
    warnings: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()

    def as_dict(self) -> dict:
        return {
            "source": self.source, "round": self.round, "component": self.component, "dry_run": self.dry_run,
            "shape": self.shape, "dedup": self.dedup, "normalize": self.normalize,
            "rows": self.rows, "rows_read": self.rows, "rows_counted": self.rows_counted,
            "duplicates_removed": self.duplicates, "excluded": self.excluded, "excluded_by": self.excluded_by,
            "unmatched_rows": self.unmatched,
            "tally": self.tally, "scores": {k: str(v) for k, v in self.scores.items()},
            "previous": self.previous,
            "problems": [{"file": p.source, "row": p.row, "reason": p.reason} for p in self.problems],
            "warnings": list(self.warnings),
            "flags": [{"kind": f.kind, "records": f.records, "message": f.message, "items": list(f.items)}
                      for f in self.flags],
        }


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


def read_exclusions(voters_file: str | Path | None = None, ips_file: str | Path | None = None,
                    reason: str | None = None) -> Exclusions:
    """Read exclusion lists: one voter id (or IP) per line, optionally `,reason` or a tab and a reason;
    blank lines and `#` comments are skipped. A line without its own reason gets `reason`."""
    default = reason or "组织方排除 (excluded by the organizer)"
    found: dict[str, dict[str, str]] = {"voters": {}, "ips": {}}
    sources = []
    for key, given in (("voters", voters_file), ("ips", ips_file)):
        if given is None:
            continue
        path = Path(given)
        if not path.is_file():
            raise InputRefused.one(path.name, None, "排除名单文件不存在 (exclusion list not found)")
        sources.append(display_name(path))
        content = path.read_text(encoding=detect_encoding(path)) if path.stat().st_size else ""
        for number, line in enumerate(content.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            value, _, why = line.replace("\t", ",").partition(",")
            if not value.strip():
                raise InputRefused.one(path.name, number, "缺少投票人或 IP (missing value)")
            found[key][value.strip()] = why.strip() or default
        if not found[key]:
            raise InputRefused.one(path.name, None, "排除名单为空 (the exclusion list is empty)")
    return Exclusions(found["voters"], found["ips"], tuple(sources))


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
        previous_id = session.execute(
            text("SELECT id FROM vote_import WHERE component_id = :c AND current"), {"c": cid}
        ).scalar()
        previous = None
        if previous_id is not None:
            previous = dict(session.execute(
                text("SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id "
                     "WHERE t.vote_import_id = :v ORDER BY t.id"), {"v": previous_id},
            ).all())
        with CellStream(table) as stream:
            rows = iter(stream)
            number, columns, shape = locate_header(table, rows)
            _check_shape(table, number, shape, component, columns, exclusions)
            common = dict(source=table.name, round=round_key, component=component_key, dry_run=dry_run,
                          previous=previous, dedup=component.dedup if shape == SHAPE_RAW else DEDUP_NONE,
                          normalize=component.normalize)
            if shape == SHAPE_TOTALS:
                scan = _scan_totals(table, rows, columns, matcher)
                batch = None
            else:
                batch = None
                if not dry_run:
                    digest = _in_background(file_sha256, table.path)  # read beside the scan; set at the end
                    session.execute(update(VoteImportRow).where(VoteImportRow.component_id == cid).values(current=False))
                    batch = VoteImportRow(
                        component_id=cid, source=table.name, sha256="", rows_read=0,
                        imported_at=audit.now(), imported_by=actor, current=True, shape=SHAPE_RAW,
                        dedup=component.dedup,
                    )
                    session.add(batch)
                    session.flush()
                scan = _RawScan(table, columns, matcher, component, exclusions, rules, None,
                                screen=dry_run, progress=progress, cancelled=cancelled)
                if batch is not None:
                    scan.sink = _ChunkSink(session, batch.id, stored.ids.entries)
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
            session.execute(update(VoteImportRow).where(VoteImportRow.component_id == cid).values(current=False))
            batch = VoteImportRow(
                component_id=cid, source=table.name, sha256=file_sha256(table.path), rows_read=scan.rows_read,
                imported_at=audit.now(), imported_by=actor, current=True, shape=SHAPE_TOTALS, dedup=DEDUP_NONE,
                rows_counted=scan.rows_counted,
            )
            session.add(batch)
            session.flush()
        else:
            batch.rows_read, batch.rows_counted = scan.rows_read, scan.rows_counted
            batch.sha256 = digest.result()
            session.add(batch)
        session.execute(insert(VoteTallyRow), [
            {"vote_import_id": batch.id, "entry_id": stored.ids.entries[code], "votes": votes}
            for code, votes in scan.tally.items()
        ])
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


def locate_header(table: Table, rows) -> tuple[int, dict[str, int | None], str]:
    """The header of a vote export in a `(number, cells)` stream: its row number, the role → column
    map, and the shape it makes (raw records when there is a voter column, else totals); or
    InputRefused saying which columns are missing. Leaves `rows` after the header."""
    number, columns, near = find_columns(
        table, rows, _ROLES,
        lambda f: (f["entry"] is not None or f["title"] is not None)
        and (f["votes"] is not None or f["voter"] is not None),
    )
    if not number:
        _refuse_header(table, near, columns)
    return number, columns, SHAPE_RAW if columns["voter"] is not None else SHAPE_TOTALS


def _refuse_header(table: Table, near, columns: dict) -> None:
    if near is not None:
        if columns.get("entry") is None and columns.get("title") is None:
            raise InputRefused.one(table.name, near.number, "表头缺少作品列: " + " / ".join(ENTRY_COLUMNS + TITLE_COLUMNS)
                                   + " (no entry column: code or title)")
        raise InputRefused.one(table.name, near.number, "表头缺少票数列或投票人列: " + " / ".join(VOTE_COLUMNS + VOTER_COLUMNS)
                               + " (no vote count or voter column)")
    raise InputRefused.one(table.name, None, "找不到表头: 需要作品编号或作品名称, 以及票数或投票人 "
                           "(no header row: entry code or title, and votes or voter)")


def _check_shape(table: Table, header_row: int, shape: str, component: Component, columns: dict,
                 exclusions: Exclusions) -> None:
    if component.export is not None and component.export != shape:
        if shape == SHAPE_TOTALS:
            raise InputRefused.one(table.name, header_row, (
                "该投票部分 export = raw, 需要逐票记录 (投票人列), 此文件是按作品汇总的票数 "
                "(component expects raw vote records, the file holds per-entry totals)"))
        raise InputRefused.one(table.name, header_row, (
            "该投票部分 export = totals, 需要按作品汇总的票数 (票数列), 此文件是逐票记录 "
            "(component expects per-entry totals, the file holds raw vote records)"))
    if shape == SHAPE_TOTALS:
        if exclusions:
            raise InputRefused.one(table.name, header_row, "汇总票数文件无法按投票人或 IP 排除 (exclusions need raw vote records)")
        return
    if component.dedup == DEDUP_VOTER_DAY and columns["time"] is None:
        raise InputRefused.one(table.name, header_row, (
            "dedup = voter_day 需要投票时间列: " + " / ".join(TIME_COLUMNS) + " (voter_day needs a time column)"))
    if exclusions.ips and columns["ip"] is None:
        raise InputRefused.one(table.name, header_row, "按 IP 排除需要 IP 列 (excluding IPs needs an IP column)")


@dataclass
class _TotalsScan:
    rows_read: int = 0
    rows_counted: int = 0
    duplicates: int = 0
    excluded: int = 0
    unmatched: int = 0
    excluded_by: dict = field(default_factory=dict)
    tally: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def flags(self) -> list[Flag]:
        return []


def _scan_totals(table: Table, rows, columns: dict, matcher: EntryMatcher) -> _TotalsScan:
    scan = _TotalsScan()
    seen: dict[str, int] = {}
    by_code = columns["entry"] is not None
    for number, cells in rows:
        if not any(cells):
            continue
        if len(scan.problems) >= MAX_PROBLEMS:
            break
        scan.rows_read += 1
        cells = [c.strip() if type(c) is str else cell_text(c) for c in cells]
        typed_votes = _cell(cells, columns["votes"])
        match = matcher.by_code(_cell(cells, columns["entry"])) if by_code else matcher.by_title(_cell(cells, columns["title"]))
        if match.code is None:
            scan.unmatched += 1
            scan.problems.append(Problem(table.name, number, match.problem))
            continue
        code = match.code
        if by_code and columns["title"] is not None:
            _check_title(scan.warnings, table, number, matcher, code, _cell(cells, columns["title"]))
        if code in seen:
            scan.problems.append(Problem(table.name, number, f"作品 {code} 与第 {seen[code]} 行重复 (duplicate entry)"))
        elif isinstance(votes := _vote_count(typed_votes), str):
            scan.problems.append(Problem(table.name, number, votes))
        else:
            seen[code] = number
            scan.tally[code] = votes
            scan.rows_counted += 1
    if scan.rows_read == 0 and not scan.problems:
        scan.problems.append(Problem(table.name, None, "表头下没有票数数据 (no vote rows below the header)"))
    return scan


def _vote_count(typed: str) -> int | str:
    """The count in a votes cell (`domain.numbers.read_count`), or why it is none."""
    try:
        return read_count(typed)
    except NumberRefused as exc:
        return f"票数: {exc.reason} (vote count must be a non-negative integer)"


def _cell(cells, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.strip() if type(value) is str else cell_text(value)


def _check_title(warnings: list, table: Table, number: int, matcher: EntryMatcher, code: str, title: str) -> bool:
    """A title beside a code that names another entry (or none): a warning, the code decides."""
    if not title:
        return True
    named = matcher.title_names(title)
    if named == code:
        return True
    if len(warnings) < MAX_PROBLEMS:
        other = f"作品 {named}" if named else "任何作品都不是"
        warnings.append(f"{table.name}, 第{number}行 (row {number}): 编号 {code} 的名称写作 {title!r}, "
                        f"该名称属于{other}; 以编号为准 (title names a different entry; the code decides)")
    return False


class _ChunkSink:
    """Stores raw records chunk by chunk in `vote_record_chunk` (one compressed row per chunk,
    format in `judge_app.store.vote_chunks`), through `vote_record_store.ChunkWriter` (the driver,
    inside the session's transaction, on any dialect).

    A voter is numbered by the position of its first record among the import's records, so a
    chunk carries only the voters first seen in it; the scan numbers the voters (its dedup sets
    hold those numbers).

    Compressing and inserting a chunk (zlib and the database driver both release the GIL) run on one worker
    thread, in chunk order, while the scan reads on; at most `AHEAD` chunks wait for it. The
    worker uses the session's connection only while the scan runs (the scan does not touch it);
    `close` waits for every chunk to be stored and surfaces any error, `abort` drops the rest
    (the transaction is rolled back anyway). Up to `MERGE` consecutive parts written by the
    column-wise path (rows in sequence, times and IPs joined as bytes) make one stored chunk:
    fewer, larger jobs for the worker, so fewer hand-overs of the GIL between the threads.
    """

    AHEAD = 1
    MERGE = 4

    def __init__(self, session, vote_import_id: int, entry_ids: dict[str, int]):
        self.writer = ChunkWriter(session, vote_import_id)
        self.entry_ids = entry_ids
        self.packed_ids = {code: struct.pack("<I", entry_id) for code, entry_id in entry_ids.items()}  # uint32 LE
        self.chunks = 0
        self.records = 0
        self.parts: list[tuple] = []  # parts waiting to be merged into one chunk
        self.next_row = 0  # the row after the last part's
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vote-chunks")
        self.pending: deque[Future] = deque()

    def write(self, first: int, rows: list[int] | None, voters: list[bytes], numbers: list[int],
              entry_ids: list[int] | bytes, times, ips, status: bytes) -> None:
        """Store records: `rows` None when they are `first`, `first + 1`, …; `voters` the records' voters
        (`_voter_key`), `numbers` their numbers; `entry_ids` a list or packed (`packed_ids`); `times` and
        `ips` lists, or joined by newlines (see `vote_chunks.chunk_payload`)."""
        n = len(status)
        if not n:
            return
        mergeable = rows is None and type(entry_ids) is bytes and type(times) is bytes and type(ips) is bytes
        if self.parts and not (mergeable and first == self.next_row):
            self._flush()
        new = list(compress(voters, map(eq, numbers, range(self.records, self.records + n))))
        self.records += n
        if not mergeable:
            self._submit(first, rows, new, numbers, entry_ids, times, ips, status)
            return
        self.parts.append((first, new, numbers, entry_ids, times, ips, status))
        self.next_row = first + n
        if len(self.parts) >= self.MERGE:
            self._flush()

    def _flush(self) -> None:
        parts, self.parts = self.parts, []
        if len(parts) == 1:
            self._submit(*parts[0][:1], None, *parts[0][1:])
        elif parts:
            first, news, numbers, entry_ids, times, ips, status = zip(*parts)
            self._submit(first[0], None, list(chain.from_iterable(news)), list(chain.from_iterable(numbers)),
                         b"".join(entry_ids), b"\n".join(times), b"\n".join(ips), b"".join(status))

    def _submit(self, first: int, rows: list[int] | None, new_voters: list[bytes], numbers: list[int],
                entry_ids: list[int] | bytes, times, ips, status: bytes) -> None:
        payload = chunk_payload(first, rows, new_voters, numbers, entry_ids, times, ips, status)
        self.chunks += 1
        self.pending.append(self.worker.submit(self._store, self.chunks, first, len(status), payload))
        while len(self.pending) > self.AHEAD:
            self.pending.popleft().result()

    def _store(self, chunk: int, first: int, n: int, payload: bytes) -> None:
        self.writer.store(chunk, first, n, compress_payload(payload))

    def close(self) -> None:
        try:
            self._flush()
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.abort()

    def abort(self) -> None:
        self.parts.clear()
        self.pending.clear()
        self.worker.shutdown(wait=True, cancel_futures=True)
        self.writer.close()


_LOW32 = (1 << 32) - 1  # a voter's number in the scan's voter_ids values


def _voter_key(voter: str) -> bytes:
    """A voter (trimmed text) as the scan keeps it: UTF-8 bytes, what a CSV in ASCII or UTF-8 holds as it is."""
    return voter.encode("utf-8")
_TIME = r"\d{4}-\d\d-\d\d (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
_CANONICAL_TIMES = re.compile(f"{_TIME}(?:\n{_TIME})*")  # a chunk's times joined by newlines
_DAY = itemgetter(slice(0, 10))
_SPACE = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII characters str.strip() removes, "\n" apart


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_TIME_SHAPE = b"0000-00-00 00:00:00\n"  # a canonical time and its newline, digits as 0


def _flags(accepted: bytes) -> bytes:
    """A translation table: 1 for the bytes in `accepted`, 0 for any other."""
    return bytes(int(b in accepted) for b in range(256))


_IS_TWO, _ABOVE_THREE = _flags(b"2"), _flags(b"456789")


def _canonical_times(joined: bytes, n: int) -> bool:
    """Whether `n` times joined by newlines are all `YYYY-MM-DD HH:MM:SS` with a real clock time
    (what `_CANONICAL_TIMES` matches), checked with whole-buffer operations: the shape with the
    digits masked, then the tens of hour, minute and second as strided slices."""
    if len(joined) != 20 * n - 1 or joined.translate(_DIGITS_AS_ZERO) != (_TIME_SHAPE * n)[:-1]:
        return False
    hour_tens = joined[11::20]
    if hour_tens.translate(None, b"012") or joined[14::20].translate(None, b"012345") \
            or joined[17::20].translate(None, b"012345"):
        return False
    # 20-23 but not 24-29: no record with both a 2 as the hour's tens and a unit above 3
    return b"2" not in hour_tens or not (int.from_bytes(hour_tens.translate(_IS_TWO), "big")
                                         & int.from_bytes(joined[12::20].translate(_ABOVE_THREE), "big"))


def _has_space(joined: bytes) -> bool:
    """Whether ASCII cells joined by newlines hold a character `str.strip` could remove."""
    return len(joined.translate(None, _SPACE)) != len(joined)


@dataclass
class _SeenCells:
    """Lookups `_RawScan._columns` keeps by cell value as read (text, or the file's bytes)."""

    resolved: dict = field(default_factory=dict)  # entry cell → code, or "\0" + problem
    days: dict = field(default_factory=dict)  # a valid day cell (YYYY-MM-DD) → the day as text
    title_code: dict = field(default_factory=dict)  # title cell → an entry code it was checked with
    entry_bits: dict = field(default_factory=dict)  # entry cell → dedup bucket bit (dedup = voter)
    day_bits: dict = field(default_factory=dict)  # valid day cell → {entry cell → bucket bit} (voter_day)
    unknown: set = field(default_factory=set)  # entry cells that name no entry


class _RawScan:
    """One pass over raw vote records: match, read times, dedup, tally, (screen), store.

    Records come in chunks. A chunk in the common form (every row complete, every entry
    known, every time already `YYYY-MM-DD HH:MM:SS`, no exclusions, no screening) is handled
    column by column with C-level `map`/`zip`, leaving only the dedup test as a Python loop;
    any other chunk goes through `_rows`, one record at a time, with every check and message.
    Both keep the same dedup state (`voter_ids`), so which path a chunk takes never changes a count.
    """

    def __init__(self, table: Table, columns: dict, matcher: EntryMatcher, component: Component,
                 exclusions: Exclusions, rules: ScreeningRules, sink: "_ChunkSink | None", screen: bool,
                 progress, cancelled):
        self.table, self.columns, self.matcher, self.component = table, columns, matcher, component
        self.exclusions, self.rules, self.sink, self.screen = exclusions, rules, sink, screen
        self.progress, self.cancelled = progress, cancelled
        self.rows_read = self.rows_counted = self.duplicates = self.excluded = self.unmatched = 0
        self.excluded_by = {"voter": 0, "ip": 0}
        self.tally: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.unreadable_times = 0
        # columns and rules
        self.c_voter = columns["voter"]
        self.c_entry = columns["entry"] if columns["entry"] is not None else columns["title"]
        self.c_title = columns["title"] if columns["entry"] is not None else None
        self.c_time, self.c_ip = columns["time"], columns["ip"]
        self.width = 1 + max(i for i in (self.c_voter, self.c_entry, self.c_title, self.c_time, self.c_ip) if i is not None)
        dedup = component.dedup
        self.by_voter_day, self.by_voter = dedup == DEDUP_VOTER_DAY, dedup == DEDUP_VOTER
        self.need_voter = self.by_voter or self.by_voter_day
        self.stop_early = not screen
        self.fast = not screen and not exclusions
        # shared state of both paths
        self.resolved: dict[str, str] = {}  # typed entry text → code, or "\0" + problem
        self.titles_checked: set[tuple[str, str]] = set()
        self.good_days: set[str] = set()
        self.good_tods: set[str] = set()
        # what `_columns` has learnt about cell values, for text cells and for encoded (bytes) ones
        self.seen_cells = {False: _SeenCells(), True: _SeenCells()}
        # voter → number (the position of the voter's first record, the low 32 bits) with one bit
        # above them for each dedup bucket (day + code, or code) the voter has been counted in:
        # one dict holds the numbering for storage and the dedup state, no set per bucket
        self.voter_ids: dict[bytes, int] = {}  # keys: `_voter_key`
        self.bucket_bits: dict[str, int] = {}  # dedup bucket → its bit in voter_ids' values
        self.numbered = 0  # records numbered so far
        # screening counters (dry run)
        self.voter_records: dict[str, int] = {}
        self.ip_entry: dict[tuple[str, str], list[int]] = {}
        self.minute_entry: dict[tuple[str, str], list[int]] = {}
        self.outside: list[int] = []
        self.outside_count = 0

    def problem(self, number: int, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.table.name, number, reason))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem(self.table.name, None, f"问题过多, 仅列出前 {MAX_PROBLEMS} 个 (too many problems)"))

    def _resolve(self, typed: str) -> str:
        by_code = self.columns["entry"] is not None
        match = self.matcher.by_code(typed) if by_code else self.matcher.by_title(typed)
        return match.code if match.code is not None else "\x00" + (match.problem or "")

    def _check_title(self, number: int, code: str, title: str) -> None:
        if (code, title) not in self.titles_checked:
            self.titles_checked.add((code, title))
            _check_title(self.warnings, self.table, number, self.matcher, code, title.strip())

    def run(self, stream: CellStream) -> None:
        """Scan every record; the cyclic GC is paused (the scan makes no cycles, and a million
        tracked rows would make it walk the heap again and again)."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._scan(stream)
        except BaseException:
            if self.sink is not None:
                self.sink.abort()
            raise
        finally:
            if collecting:
                gc.enable()
        if self.sink is not None:
            self.sink.close()
        if self.rows_read == 0 and not self.problems:
            self.problems.append(Problem(self.table.name, None, "表头下没有投票记录 (no vote records below the header)"))
        if self.unreadable_times:
            self.warnings.append(f"{self.unreadable_times} 条记录的投票时间无法识别, 未用于筛查 (unreadable times, not screened)")
        if self.screen and self.exclusions.voters:
            unused = [v for v in self.exclusions.voters if v not in self.voter_records]
            if unused:
                self.warnings.append(f"排除名单中 {len(unused)} 个投票人在文件中没有记录 (excluded voters not in the file)")

    def _bucket_bit(self, key: str) -> int:
        bit = self.bucket_bits.get(key)
        if bit is None:
            bit = self.bucket_bits[key] = 1 << (32 + len(self.bucket_bits))
        return bit

    def _voter_numbers(self, voters: list[bytes]) -> list[int]:
        """Each record's voter number (the position of the voter's first record), one C-level pass;
        used only when there is no dedup (the values hold no bucket bits then)."""
        base = self.numbered
        self.numbered += len(voters)
        return list(map(self.voter_ids.setdefault, voters, range(base, self.numbered)))

    def _scan(self, stream: CellStream) -> None:
        started = time.perf_counter()
        for first, chunk in stream.chunks(CHUNK_ROWS):
            if not (self.fast and not self.problems and self._columns(first, chunk)):
                self._rows(first, chunk)
                if self.stop_early and len(self.problems) > MAX_PROBLEMS:
                    return
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled(f"{self.table.name}: 已取消, 数据库未改变 (cancelled, database unchanged)")
            if self.progress is not None:
                self.progress(ImportProgress(self.rows_read, time.perf_counter() - started, stream.fraction()))

    def _columns(self, first: int, chunk: Records) -> bool:
        """The common form, column by column; False (nothing done) when the chunk needs `_rows`.

        An encoded chunk (a quote-free CSV block, see `Records`) is worked on as the file's bytes:
        the entry, title and day cells are looked up as bytes (each distinct value decoded once),
        times and IP addresses are checked and stored as the joined bytes, and the voters are
        keyed by their UTF-8 bytes (`_voter_key`), which an ASCII cell is as read.
        """
        if (chunk.width or min(map(len, chunk.rows))) < self.width:
            return False
        encoded = chunk.encoded
        seen = self.seen_cells[encoded]
        n = len(chunk)

        voters = self._voter_keys(chunk)
        if self.need_voter and b"" in voters:
            return False
        typed = chunk.cells(self.c_entry)
        resolved = seen.resolved
        codes = list(map(resolved.get, typed))
        if None in codes:
            for cell in set(typed).difference(resolved):
                code = resolved[cell] = self._resolved(chunk.decode(cell) if encoded else cell)
                if code[0] == "\x00":
                    seen.unknown.add(cell)
            codes = list(map(resolved.get, typed))
        if seen.unknown and not seen.unknown.isdisjoint(typed):
            return False
        if self.c_time is not None:
            joined_times = chunk.joined(self.c_time)  # checked here, stored as it is
            if encoded:  # every time YYYY-MM-DD HH:MM:SS: the days are at fixed offsets of the joined bytes
                if not _canonical_times(joined_times, n):
                    return False
                days = list(struct.unpack("10s10x" * (n - 1) + "10s9x", joined_times))
            else:
                if _CANONICAL_TIMES.fullmatch(joined_times) is None:
                    return False
                days = list(map(_DAY, chunk.cells(self.c_time)))
            by_day = list(map(seen.day_bits.get, days))  # a table for each day found valid
            if None in by_day:
                for day in set(days).difference(seen.day_bits):
                    text_ = chunk.decode(day) if encoded else day
                    if not _is_day(text_):
                        return False
                    seen.days[day], seen.day_bits[day] = text_, {}
                by_day = list(map(seen.day_bits.get, days))
        else:
            days = by_day = None
        if self.c_title is not None:
            titles = chunk.cells(self.c_title)
            if list(map(seen.title_code.get, titles)) != codes:  # some (entry, title) pair not yet checked
                for pair in dict.fromkeys(zip(codes, titles)):
                    code, cell = pair
                    title = chunk.decode(cell) if encoded else cell
                    if title and (code, title) not in self.titles_checked:
                        row = next(i for i, p in enumerate(zip(codes, titles)) if p == pair)
                        self._check_title(first + row, code, title)
                    seen.title_code.setdefault(cell, code)
        if self.need_voter:
            bits = self._bucket_bits(seen, typed, days, by_day, codes)
            ids = self.voter_ids
            status = bytearray()
            mark = status.append
            numbers: list[int] = []
            number = numbers.append
            for position, voter, bit in zip(count(self.numbered), voters, bits):
                seen_ = ids.get(voter)
                if seen_ is None:
                    ids[voter] = position | bit
                    number(position)
                    mark(COUNTED)
                elif seen_ & bit:
                    number(seen_ & _LOW32)
                    mark(DUPLICATE)
                else:
                    ids[voter] = seen_ | bit
                    number(seen_ & _LOW32)
                    mark(COUNTED)
            self.numbered += n
            counted = list(compress(codes, status))
        else:
            numbers = self._voter_numbers(voters) if self.sink is not None else voters
            status = bytes((COUNTED,)) * n
            counted = codes
        tally = self.tally
        for code, votes in Counter(counted).items():
            tally[code] = tally.get(code, 0) + votes
        self.rows_read += n
        self.rows_counted += len(counted)
        self.duplicates += n - len(counted)
        if self.sink is not None:
            if self.c_ip is None:
                ips = [""] * n
            elif encoded and chunk.is_ascii(self.c_ip) and not _has_space(chunk.joined(self.c_ip)):
                ips = chunk.joined(self.c_ip)  # nothing to trim: stored as read
            else:
                ips = list(map(str.strip, chunk.column(self.c_ip)))
            self.sink.write(first, None, voters, numbers, b"".join(map(self.sink.packed_ids.__getitem__, codes)),
                            joined_times if self.c_time is not None else [""] * n, ips, bytes(status))
        return True

    def _voter_keys(self, chunk: Records) -> list[bytes]:
        """Each record's voter as a `voter_ids` key: the trimmed text in UTF-8 (`_voter_key`). ASCII
        cells without spaces are that already, as read."""
        index = self.c_voter
        if chunk.encoded and chunk.is_ascii(index) and not _has_space(chunk.joined(index)):
            return chunk.cells(index)
        return list(map(str.encode, map(str.strip, chunk.column(index))))

    def _resolved(self, typed: str) -> str:
        code = self.resolved.get(typed)
        if code is None:
            code = self.resolved[typed] = self._resolve(typed)
        return code

    def _bucket_bits(self, seen: "_SeenCells", typed: list, days: list | None, by_day: list | None,
                     codes: list[str]) -> list[int]:
        """Each record's dedup bucket bit (`_bucket_bit` of day + code, or code), looked up by
        the cells as read: for voter_day, in the table of the record's day (`by_day`), keyed by the entry cell."""
        if not self.by_voter_day:
            bits = list(map(seen.entry_bits.get, typed))
            if None in bits:
                for cell, code in set(zip(typed, codes)):
                    seen.entry_bits[cell] = self._bucket_bit(code)
                bits = list(map(seen.entry_bits.get, typed))
            return bits
        bits = list(map(dict.get, by_day, typed))
        if None in bits:
            for day, cell, code in set(zip(days, typed, codes)):
                table = seen.day_bits[day]
                if cell not in table:
                    table[cell] = self._bucket_bit(seen.days[day] + code)
            bits = list(map(dict.get, by_day, typed))
        return bits

    def _rows(self, first: int, chunk: Records) -> None:  # noqa: C901 — every check of one record
        width, c_voter, c_entry, c_title, c_time, c_ip = (
            self.width, self.c_voter, self.c_entry, self.c_title, self.c_time, self.c_ip)
        need_voter, need_time = self.need_voter, self.by_voter_day
        component = self.component
        window = component.vote_start is not None or component.vote_end is not None
        start = canonical_time(component.vote_start) if component.vote_start else ""
        end = canonical_time(component.vote_end) if component.vote_end else "~"
        xv, xi = self.exclusions.voters, self.exclusions.ips
        excluding = bool(xv or xi)
        resolved, ids = self.resolved, self.voter_ids
        tally, sink = self.tally, self.sink
        records: list[tuple] = []
        keep = records.append
        for number, cells in enumerate(chunk, start=first):
            if len(cells) < width:
                if not any(c.strip() for c in cells):
                    continue
                cells = list(cells) + [""] * (width - len(cells))
            voter = cells[c_voter].strip()
            typed = cells[c_entry]
            if not voter and not typed.strip() and not any(c.strip() for c in cells):
                continue
            self.rows_read += 1
            code = resolved.get(typed)
            if code is None:
                code = resolved[typed] = self._resolve(typed)
            if code[0] == "\x00":
                self.unmatched += 1
                self.problem(number, code[1:])
                continue
            if not voter and need_voter:
                self.problem(number, f"缺少投票人, 无法按 {component.dedup} 去重 (missing voter id)")
                continue
            if c_title is not None and cells[c_title]:
                self._check_title(number, code, cells[c_title])
            at = day = ""
            if c_time is not None:
                at = cells[c_time]
                day = at[:10]
                if not (day in self.good_days and len(at) == 19 and at[10] == " " and at[11:] in self.good_tods):
                    if len(at) == 19 and at[10] == " " and _is_day(day) and _is_time_of_day(at[11:]):
                        self.good_days.add(day)
                        self.good_tods.add(at[11:])
                    else:
                        moment = parse_vote_time(at)
                        if moment is None:
                            if need_time:
                                self.problem(number, f"投票时间 {at!r} 无法识别, 应为 {' 或 '.join(VOTE_TIME_FORMATS)}, "
                                                     f"按 voter_day 去重需要它 (unreadable time)")
                                continue
                            self.unreadable_times += 1
                            at = at.strip()
                        else:
                            at = canonical_time(moment)
                            day = at[:10]
            ip = cells[c_ip].strip() if c_ip is not None else ""
            if need_voter or sink is not None:
                key = _voter_key(voter)
                seen = ids.get(key)
                if seen is None:
                    seen = ids[key] = self.numbered
                vid = seen & _LOW32
                self.numbered += 1
            if excluding and (voter in xv or ip in xi):
                self.excluded += 1
                self.excluded_by["voter" if voter in xv else "ip"] += 1
                status = EXCLUDED
            elif need_voter:
                bit = self._bucket_bit(day + code if need_time else code)
                if seen & bit:
                    self.duplicates += 1
                    status = DUPLICATE
                else:
                    ids[key] = seen | bit
                    self.rows_counted += 1
                    tally[code] = tally.get(code, 0) + 1
                    status = COUNTED
            else:
                self.rows_counted += 1
                tally[code] = tally.get(code, 0) + 1
                status = COUNTED
            if self.screen:
                self._screen(number, voter, code, at, ip, window, start, end)
            if sink is not None:
                keep((number, key, vid, sink.entry_ids[code], at, ip, status))
        if sink is not None and not self.problems and records:
            numbers, voters, vids, entry_ids, times, ips, status = map(list, zip(*records))
            consecutive = numbers[-1] - numbers[0] == len(numbers) - 1
            sink.write(numbers[0], None if consecutive else numbers, voters, vids, entry_ids, times, ips, bytes(status))

    def _screen(self, number: int, voter: str, code: str, at: str, ip: str, window: bool, start: str, end: str) -> None:
        if voter:
            self.voter_records[voter] = self.voter_records.get(voter, 0) + 1
        if ip:
            hit = self.ip_entry.get((ip, code))
            if hit is None:
                self.ip_entry[(ip, code)] = [1, number]
            else:
                hit[0] += 1
        if len(at) == 19 and at[4] == "-":
            key = (at[:16], code)
            hit = self.minute_entry.get(key)
            if hit is None:
                self.minute_entry[key] = [1, number]
            else:
                hit[0] += 1
            if window and (at < start or at > end):
                self.outside_count += 1
                if len(self.outside) < self.rules.samples:
                    self.outside.append(number)

    def flags(self) -> list[Flag]:
        if not self.screen:
            return []
        rules, out = self.rules, []
        ip_hits = sorted(((n, ip, code, row) for (ip, code), (n, row) in self.ip_entry.items() if n >= rules.ip_burst),
                         key=lambda h: (-h[0], h[1], h[2]))
        if ip_hits:
            out.append(Flag("ip_burst", sum(h[0] for h in ip_hits),
                            f"{len(ip_hits)} 个 IP 对同一作品投票不少于 {rules.ip_burst} 次 (one IP, many votes for one entry)",
                            tuple({"ip": ip, "entry": code, "records": n, "first_row": row}
                                  for n, ip, code, row in ip_hits[: rules.samples])))
        minute_hits = sorted(((n, m, code, row) for (m, code), (n, row) in self.minute_entry.items()
                              if n >= rules.minute_burst), key=lambda h: (-h[0], h[1], h[2]))
        if minute_hits:
            out.append(Flag("minute_burst", sum(h[0] for h in minute_hits),
                            f"{len(minute_hits)} 个一分钟内同一作品得票不少于 {rules.minute_burst} 次 (votes bunched within a minute)",
                            tuple({"minute": m, "entry": code, "records": n, "first_row": row}
                                  for n, m, code, row in minute_hits[: rules.samples])))
        if self.outside_count:
            c = self.component
            span = f"{canonical_time(c.vote_start) if c.vote_start else '…'} – {canonical_time(c.vote_end) if c.vote_end else '…'}"
            out.append(Flag("outside_window", self.outside_count,
                            f"{self.outside_count} 条记录不在投票时间 {span} 内 (votes outside the voting window)",
                            tuple({"row": row} for row in self.outside)))
        voters, total = len(self.voter_records), sum(self.voter_records.values())
        heavy = sorted(((n, v) for v, n in self.voter_records.items() if rules.is_heavy(n, total, voters)),
                       key=lambda h: (-h[0], h[1]))
        if heavy:
            out.append(Flag("heavy_voter", sum(h[0] for h in heavy),
                            f"{len(heavy)} 个投票人投票异常多 (不少于 {rules.heavy_voter} 次且超过平均 {rules.heavy_factor} 倍) "
                            f"(voters with unusually many votes)",
                            tuple({"voter": v, "records": n} for n, v in heavy[: rules.samples])))
        return out


def _is_day(text: str) -> bool:
    """`YYYY-MM-DD`, a real calendar day."""
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and parse_vote_time(text + " 00:00:00") is not None


def _is_time_of_day(text: str) -> bool:
    """`HH:MM:SS` with a real clock time."""
    return (len(text) == 8 and text[2] == ":" and text[5] == ":" and text[:2].isdigit() and text[3:5].isdigit()
            and text[6:].isdigit() and int(text[:2]) < 24 and int(text[3:5]) < 60 and int(text[6:]) < 60)


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
        row = session.execute(text(
            "SELECT id, shape, dedup, first_record, last_record FROM vote_import WHERE component_id = :c AND current"
        ), {"c": cid}).first()
        if row is None or row.shape != SHAPE_RAW:
            return None
        if row.first_record is None:
            codes = dict(session.execute(text("SELECT id, code FROM entry")).all())
            return _recount(_chunk_records(session, row.id), row.dedup, codes)
        key = {DEDUP_NONE: "row", DEDUP_VOTER: "voter", DEDUP_VOTER_DAY: "voter_day"}[row.dedup]
        return legacy_recount(session, row.id, row.first_record, row.last_record, key, EXCLUDED)


def _chunk_records(session, vote_import_id: int):
    return iter_records(chunk_blobs(session, vote_import_id))


def _recount(records, dedup: str, codes: dict[int, str]) -> dict[str, int]:
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
        codes = dict(session.execute(text("SELECT id, code FROM entry")).all())
        first, last = session.execute(text("SELECT first_record, last_record FROM vote_import WHERE id = :v"),
                                      {"v": vote_import_id}).one()
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
        return dict(session.execute(text(
            "SELECT e.code, t.votes FROM vote_tally t JOIN vote_import v ON v.id = t.vote_import_id "
            "JOIN entry e ON e.id = t.entry_id WHERE v.component_id = :c AND v.current ORDER BY t.id"), {"c": cid}).all())
