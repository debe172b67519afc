"""Tallying raw vote records: match each record's entry, read its time, dedup by the component's
rule, count, and hand every record to the chunk store (`store.vote_chunk_sink`).

Pure of the database: the scan sees a `CellStream` and a sink; the sink (None in a dry run)
is the only way out.
"""

from __future__ import annotations

import gc
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress, count

from judge_app.domain.contest import Component
from judge_app.domain.votes import (
    DEDUP_VOTER,
    DEDUP_VOTER_DAY,
    VOTE_TIME_FORMATS,
    ScreeningRules,
    canonical_time,
    parse_vote_time,
)
from judge_app.services.votes.vote_cells import (
    CANONICAL_TIMES,
    DAY,
    all_canonical_times,
    has_space,
    is_day,
    is_time_of_day,
    voter_key,
)
from judge_app.services.votes.vote_exclusions import Exclusions
from judge_app.services.votes.vote_matching import EntryMatcher
from judge_app.services.votes.vote_report import MAX_PROBLEMS, Flag, ImportCancelled, ImportProgress
from judge_app.services.votes.vote_screening import Screening
from judge_app.services.votes.vote_totals import check_title
from judge_app.store.vote_chunk_sink import ChunkSink
from judge_app.store.vote_chunks import COUNTED, DUPLICATE, EXCLUDED
from judge_app.table_files.problems import Problem
from judge_app.table_files.reader import CellStream, Records, Table

CHUNK_ROWS = 20_000  # records read, checked and stored at a time; progress is reported per chunk
_LOW32 = (1 << 32) - 1  # a voter's number in the scan's voter_ids values


@dataclass
class _SeenCells:
    """Lookups `RawScan._columns` keeps by cell value as read (text, or the file's bytes)."""

    resolved: dict = field(default_factory=dict)  # entry cell → code, or "\0" + problem
    days: dict = field(default_factory=dict)  # a valid day cell (YYYY-MM-DD) → the day as text
    title_code: dict = field(default_factory=dict)  # title cell → an entry code it was checked with
    entry_bits: dict = field(default_factory=dict)  # entry cell → dedup bucket bit (dedup = voter)
    day_bits: dict = field(default_factory=dict)  # valid day cell → {entry cell → bucket bit} (voter_day)
    unknown: set = field(default_factory=set)  # entry cells that name no entry


class RawScan:
    """One pass over raw vote records: match, read times, dedup, tally, (screen), store.

    Records come in chunks. A chunk in the common form (every row complete, every entry
    known, every time already `YYYY-MM-DD HH:MM:SS`, no exclusions, no screening) is handled
    column by column with C-level `map`/`zip`, leaving only the dedup test as a Python loop;
    any other chunk goes through `_rows`, one record at a time, with every check and message.
    Both keep the same dedup state (`voter_ids`), so which path a chunk takes never changes a count.
    """

    def __init__(self, table: Table, columns: dict, matcher: EntryMatcher, component: Component,
                 exclusions: Exclusions, rules: ScreeningRules, sink: "ChunkSink | None", screen: bool,
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
        self.voter_ids: dict[bytes, int] = {}  # keys: `voter_key`
        self.bucket_bits: dict[str, int] = {}  # dedup bucket → its bit in voter_ids' values
        self.numbered = 0  # records numbered so far
        self.screening = Screening(rules, component) if screen else None  # dry run only

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
            check_title(self.warnings, self.table, number, self.matcher, code, title.strip())

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
            unused = [v for v in self.exclusions.voters if v not in self.screening.voter_records]
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
        keyed by their UTF-8 bytes (`voter_key`), which an ASCII cell is as read.
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
                if not all_canonical_times(joined_times, n):
                    return False
                days = list(struct.unpack("10s10x" * (n - 1) + "10s9x", joined_times))
            else:
                if CANONICAL_TIMES.fullmatch(joined_times) is None:
                    return False
                days = list(map(DAY, chunk.cells(self.c_time)))
            by_day = list(map(seen.day_bits.get, days))  # a table for each day found valid
            if None in by_day:
                for day in set(days).difference(seen.day_bits):
                    text_ = chunk.decode(day) if encoded else day
                    if not is_day(text_):
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
            elif encoded and chunk.is_ascii(self.c_ip) and not has_space(chunk.joined(self.c_ip)):
                ips = chunk.joined(self.c_ip)  # nothing to trim: stored as read
            else:
                ips = list(map(str.strip, chunk.column(self.c_ip)))
            self.sink.write(first, None, voters, numbers, b"".join(map(self.sink.packed_ids.__getitem__, codes)),
                            joined_times if self.c_time is not None else [""] * n, ips, bytes(status))
        return True

    def _voter_keys(self, chunk: Records) -> list[bytes]:
        """Each record's voter as a `voter_ids` key: the trimmed text in UTF-8 (`voter_key`). ASCII
        cells without spaces are that already, as read."""
        index = self.c_voter
        if chunk.encoded and chunk.is_ascii(index) and not has_space(chunk.joined(index)):
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
        xv, xi = self.exclusions.voters, self.exclusions.ips
        excluding = bool(xv or xi)
        resolved, ids = self.resolved, self.voter_ids
        tally, sink, screening = self.tally, self.sink, self.screening
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
                    if len(at) == 19 and at[10] == " " and is_day(day) and is_time_of_day(at[11:]):
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
                key = voter_key(voter)
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
            if screening is not None:
                screening.record(number, voter, code, at, ip)
            if sink is not None:
                keep((number, key, vid, sink.entry_ids[code], at, ip, status))
        if sink is not None and not self.problems and records:
            numbers, voters, vids, entry_ids, times, ips, status = map(list, zip(*records))
            consecutive = numbers[-1] - numbers[0] == len(numbers) - 1
            sink.write(numbers[0], None if consecutive else numbers, voters, vids, entry_ids, times, ips, bytes(status))

    def flags(self) -> list[Flag]:
        return self.screening.flags() if self.screening is not None else []
