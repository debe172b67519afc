"""Storing an import's raw records as they are scanned: chunk payloads compressed and inserted on
a worker thread, inside the import's transaction."""

from __future__ import annotations

import struct
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, compress
from operator import eq

from judge_app.store.vote_chunks import chunk_payload, compress_payload
from judge_app.store.vote_record_store import ChunkWriter


class ChunkSink:
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
        (`voter_key`), `numbers` their numbers; `entry_ids` a list or packed (`packed_ids`); `times` and
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
