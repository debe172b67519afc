"""How raw vote records are kept: compressed column-wise chunks (`vote_record_chunk`).

An import's records are stored in chunks of a few ten thousand records, in file order. A chunk
holds the chunk's records column by column. Its *payload*:

    4 bytes   little-endian length L of the header
    L bytes   header, UTF-8 JSON:
                format      3 (1 and 2: see below)
                records     n
                first_row   row number of the first record (as a spreadsheet shows it)
                rows        null when the rows are first_row .. first_row + n - 1, else the n row numbers
                new_voters  null, or (when one of them holds a newline) the voters whose first record
                            (in this import) is in this chunk, in order, as a list
                at          null, or the n times as a list when one of them holds a newline
                at_stripes  true: every time is 19 bytes and section A holds them transposed
                            (the n first characters, then the n second ones, … 19 stripes of n bytes)
                ip          null, or the n IP addresses ("" none) as a list likewise
                text        [A, B, C]: the byte lengths of the three text sections at the end
    4n bytes  voter number of each record (uint32, little-endian): the position (0-based, over all
              the import's records in file order) of that voter's first record; a record whose
              number is its own position is the voter's first, and takes the next of `new_voters`
    4n bytes  entry id (`entry.id`) of each record (uint32)
    n bytes   status: 1 counted, 0 duplicate under the import's dedup rule, 2 excluded
    A bytes   the n times, UTF-8, joined with "\\n" (empty when `at` is a list; striped, see above)
    B bytes   the n IP addresses likewise
    C bytes   the new voters likewise (empty when `new_voters` is a list)

The stored *blob* (format 3) is the byte 0x03, the number k of parts (uint32 LE), their k
compressed lengths (uint32 LE each), then the parts: each a zlib stream (run-length strategy) of
a piece of the payload, the pieces in order. The run-length strategy (no match search) takes
about half the CPU of a level-1 stream, and the striped times (constant year, month, …) shrink
to a few bits a record: the blobs come out smaller than level 1 made them. The writer makes one
part (k = 1): each zlib call releases and retakes the GIL, and on the import's worker thread
every retaking waits for the scan to let go, so a chunk compressed in four pieces (how imports
made before this version were cut: before the times, the IPs and the new voters) kept the scan
waiting for the worker; one piece is 1–2 % larger.

Formats 1 and 2 (imports made before format 3) are one zlib stream of the whole payload (its
first byte is never 0x03), with the times joined as written; format 1 had `new_voters` always as
the list, `text` [A, B] and no section C. All three are read.

Times are `YYYY-MM-DD HH:MM:SS` when they could be read, else the text as exported. Storing the
columns this way writes about a tenth of the bytes one SQL row per record would (a voter's
28-character id is stored once, not once per vote), which is what makes a million-record import
commit in a fraction of a second. `decode_chunk` reads a chunk back; `iter_records` reads an
import's records back in file order, as plain tuples, for recounts and audits.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import eq

FORMAT = 3
FORMATS = (1, 2, 3)  # formats read
COUNTED, DUPLICATE, EXCLUDED = 1, 0, 2
_PARTS = b"\x03"  # first byte of a format 3 blob (a zlib stream, formats 1 and 2, never starts so)
_TIME_WIDTH = 19  # YYYY-MM-DD HH:MM:SS


def _uint32(values) -> bytes:
    """uint32 little-endian; `values` bytes: packed so already."""
    if isinstance(values, bytes):
        return values
    data = array("I", values)
    if data.itemsize != 4:  # pragma: no cover — 'I' is 4 bytes on every platform Python supports here
        data = array("L", values)
    if sys.byteorder == "big":  # pragma: no cover
        data.byteswap()
    return data.tobytes()


def _read_uint32(blob: bytes, start: int, n: int) -> array:
    data = array("I")
    data.frombytes(blob[start:start + 4 * n])
    if sys.byteorder == "big":  # pragma: no cover
        data.byteswap()
    return data


def _texts(values: Sequence[str] | str | bytes, n: int) -> tuple[bytes, list[str] | None]:
    """A text column as its section: the values joined by newlines, or (when one holds a newline)
    an empty section and the list. `values` may come joined already, as text or as UTF-8 bytes
    (ASCII text is both), and must then hold exactly n - 1 newlines."""
    if isinstance(values, (str, bytes)):
        data = values.encode("utf-8") if isinstance(values, str) else values
        if n and data.count(b"\n") != n - 1:
            raise ValueError("joined text column with a newline inside a value")
        return data, None
    joined = "\n".join(values)
    if not n or joined.count("\n") == n - 1:
        return joined.encode("utf-8"), None
    return b"", list(values)


def _untexts(section: bytes, listed: list[str] | None, n: int) -> list[str]:
    if listed is not None:
        return listed
    return section.decode("utf-8").split("\n") if n else []


def chunk_payload(first_row: int, rows: Sequence[int] | None, new_voters: Sequence[str] | Sequence[bytes],
                  voters: Sequence[int], entry_ids: Sequence[int], times: Sequence[str] | str | bytes,
                  ips: Sequence[str] | str | bytes, status: bytes) -> tuple[bytes, ...]:
    """One chunk's payload before compression, as the parts it is compressed in (one: see the
    module text, made in one piece so no copy of it is joined later); `compress_payload` makes the blob. `rows` None: consecutive from `first_row`; `new_voters` as text or as UTF-8 bytes
    (all alike); `times` and `ips` may come joined already (see `_texts`)."""
    n = len(status)
    at, at_list = _texts(times, n)
    step = _TIME_WIDTH + 1
    striped = (bool(n) and at_list is None and len(at) == step * n - 1
               and at[_TIME_WIDTH::step] == b"\n" * (n - 1))  # every time 19 bytes: the newlines fall on a grid
    if striped:
        at = b"".join([at[k::step] for k in range(_TIME_WIDTH)])
    ip, ip_list = _texts(ips, n)
    named, named_list = _voter_texts(new_voters)
    header = json.dumps({"format": FORMAT, "records": n, "first_row": first_row,
                         "rows": None if rows is None else list(rows), "new_voters": named_list,
                         "at": at_list, "at_stripes": striped, "ip": ip_list, "text": [len(at), len(ip), len(named)]},
                        ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return (b"".join((struct.pack("<I", len(header)), header, _uint32(voters), _uint32(entry_ids), status,
                      at, ip, named)),)


def _voter_texts(new_voters: Sequence[str] | Sequence[bytes]) -> tuple[bytes, list[str] | None]:
    if not new_voters:
        return b"", None
    keys = new_voters if type(new_voters[0]) is bytes else [v.encode("utf-8") for v in new_voters]
    joined = b"\n".join(keys)
    if joined and joined.count(b"\n") == len(keys) - 1:  # (one empty voter alone goes in the list)
        return joined, None
    return b"", [v.decode("utf-8") for v in keys]


def compress_payload(parts: Sequence[bytes]) -> bytes:
    """The stored blob (format 3) of a chunk's payload cut into `parts`, each compressed apart
    (zlib releases the GIL while it works: a thread can do it)."""
    packed = [_deflate(part) for part in parts]
    return b"".join((_PARTS, struct.pack(f"<{len(packed) + 1}I", len(packed), *map(len, packed)), *packed))


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
    return packer.compress(data) + packer.flush()


def _payload(blob: bytes) -> bytes:
    """A blob's payload: format 3 parts, or formats 1 and 2 (one zlib stream)."""
    if blob[:1] != _PARTS:
        return zlib.decompress(blob)
    (k,) = struct.unpack_from("<I", blob, 1)
    sizes = struct.unpack_from(f"<{k}I", blob, 5)
    start, parts = 5 + 4 * k, []
    for size in sizes:
        parts.append(zlib.decompress(blob[start:start + size]))
        start += size
    if start != len(blob):
        raise ValueError("damaged vote record chunk")
    return b"".join(parts)


def _unstripe(section: bytes, n: int) -> bytes:
    """Striped times (see the module text) joined by newlines again."""
    if len(section) != _TIME_WIDTH * n:
        raise ValueError("damaged vote record chunk")
    joined = bytearray(b"\n" * ((_TIME_WIDTH + 1) * n - 1))
    for k in range(_TIME_WIDTH):
        joined[k::_TIME_WIDTH + 1] = section[k * n:(k + 1) * n]
    return bytes(joined)


def encode_chunk(first_row: int, rows: Sequence[int] | None, new_voters: Sequence[str] | Sequence[bytes],
                 voters: Sequence[int],
                 entry_ids: Sequence[int], times: Sequence[str] | str | bytes, ips: Sequence[str] | str | bytes,
                 status: bytes) -> bytes:
    """One chunk's blob (see the module text). `rows` None: consecutive from `first_row`; `times`
    and `ips` may come joined by newlines already."""
    return compress_payload(chunk_payload(first_row, rows, new_voters, voters, entry_ids, times, ips, status))


@dataclass(frozen=True)
class Chunk:
    first_row: int
    rows: list[int]
    new_voters: list[str]
    voters: array  # voter numbers
    entry_ids: array
    times: list[str]
    ips: list[str]
    status: bytes


def decode_chunk(blob: bytes) -> Chunk:
    payload = _payload(blob)
    (size,) = struct.unpack_from("<I", payload)
    header = json.loads(payload[4:4 + size].decode("utf-8"))
    if header.get("format") not in FORMATS:
        raise ValueError(f"unknown vote record chunk format {header.get('format')!r}")
    n = header["records"]
    start = 4 + size
    voters = _read_uint32(payload, start, n)
    entry_ids = _read_uint32(payload, start + 4 * n, n)
    status = payload[start + 8 * n:start + 9 * n]
    at_end = start + 9 * n + header["text"][0]
    at = payload[start + 9 * n:at_end]
    times = _untexts(_unstripe(at, n) if header.get("at_stripes") else at, header["at"], n)
    ip_end = at_end + header["text"][1]
    ips = _untexts(payload[at_end:ip_end], header["ip"], n)
    named = header["new_voters"]
    if named is None:  # format 2: in the last section
        section = payload[ip_end:ip_end + header["text"][2]]
        named = section.decode("utf-8").split("\n") if section else []
    rows = header["rows"] if header["rows"] is not None else list(range(header["first_row"], header["first_row"] + n))
    if not (len(times) == len(ips) == len(rows) == len(status) == n):
        raise ValueError("damaged vote record chunk")
    return Chunk(header["first_row"], rows, named, voters, entry_ids, times, ips, status)


def iter_records(blobs) -> Iterator[tuple[int, str, int, str, str, int]]:
    """An import's records from its chunk blobs in chunk order: (row, voter, entry id, time, ip, status)."""
    voters: dict[int, str] = {}
    base = 0
    for blob in blobs:
        chunk = decode_chunk(blob)
        positions = range(base, base + len(chunk.status))
        base += len(chunk.status)
        first = list(compress(positions, map(eq, chunk.voters, positions)))
        if len(first) != len(chunk.new_voters):
            raise ValueError("damaged vote record chunk")
        voters.update(zip(first, chunk.new_voters))
        yield from zip(chunk.rows, map(voters.__getitem__, chunk.voters), chunk.entry_ids, chunk.times,
                       chunk.ips, chunk.status)
