"""The byte-level fast path of the raw vote import (issue 3 performance follow-up): quote-free CSV
blocks are worked on as the file's bytes, voters are keyed by their UTF-8 bytes, times are checked
with whole-buffer operations, and chunks are stored in format 2. Whichever way a block is read,
the counts and the stored records are the same."""

from __future__ import annotations

import json
import random
import re
import struct
import zlib

import pytest
from sqlalchemy import text

import judge_app.table_files.reader as reader
from judge_app.services.votes.vote_cells import CANONICAL_TIMES, all_canonical_times
from judge_app.services.votes.vote_import import import_votes
from judge_app.services.votes.vote_records import recount, stored_records
from judge_app.store.vote_chunks import decode_chunk, encode_chunk, iter_records
from votes_support import make_db

HEADER = "投票人,选手编号,选手名称,投票时间,IP地址"
TIMES = re.compile(CANONICAL_TIMES.pattern.encode("ascii"))


@pytest.mark.parametrize("times", [
    ["2024-09-13 00:00:00"], ["2024-09-13 23:59:59", "2024-09-14 20:00:00"], ["2024-09-13 24:00:00"],
    ["2024-09-13 19:60:00"], ["2024-09-13 19:00:60"], ["2024-09-13 30:00:00"], ["2024-09-13 8:00:00"],
    ["2024/09/13 08:00:00"], ["2024-09-13T08:00:00"], ["2024-09-13 08:00:00 "], ["２０２４-09-13 08:00:00"],
    ["2024-09-13 08:00:00", ""], ["2024-09-13 08:00"], ["2024-09-13 29:00:00", "2024-09-13 03:00:00"],
])
def test_time_check_agrees_with_the_pattern(times):
    joined = "\n".join(times).encode("utf-8")
    assert all_canonical_times(joined, len(times)) == (TIMES.fullmatch(joined) is not None)


def test_time_check_agrees_with_the_pattern_on_random_input():
    rnd = random.Random(3)
    for _ in range(20_000):
        n = rnd.randrange(1, 5)
        times = []
        for _ in range(n):
            if rnd.random() < 0.8:
                times.append(f"{rnd.randrange(10000):04d}-{rnd.randrange(100):02d}-{rnd.randrange(100):02d} "
                             f"{rnd.randrange(30):02d}:{rnd.randrange(70):02d}:{rnd.randrange(70):02d}")
            else:
                times.append("".join(rnd.choice("0123456789-: /x") for _ in range(rnd.choice((18, 19, 20)))))
        joined = "\n".join(times).encode("ascii")
        assert all_canonical_times(joined, n) == (TIMES.fullmatch(joined) is not None), times


def test_chunks_of_format_1_are_still_read():
    """Imports stored before format 2 kept the new voters as a list in the header."""
    header = json.dumps({"format": 1, "records": 2, "first_row": 3, "rows": None, "new_voters": ["u1"],
                         "at": None, "ip": None, "text": [39, 8]}).encode("utf-8")
    payload = b"".join((struct.pack("<I", len(header)), header, struct.pack("<2I", 0, 0), struct.pack("<2I", 5, 6),
                        bytes([1, 1]), b"2024-09-13 08:00:00\n2024-09-13 09:00:00", b"1.1.1.1\n"))
    assert list(iter_records([zlib.compress(payload)])) == [
        (3, "u1", 5, "2024-09-13 08:00:00", "1.1.1.1", 1), (4, "u1", 6, "2024-09-13 09:00:00", "", 1)]


@pytest.mark.parametrize("new_voters", [["u1", "张三"], [b"u1", "张三".encode()], ["两行\n名字", "u2"], [""], []])
def test_new_voters_round_trip_in_format_2(new_voters):
    n = len(new_voters)
    blob = encode_chunk(1, None, new_voters, list(range(n)), [3] * n, [""] * n, [""] * n, bytes([1]) * n)
    expected = [v.decode() if isinstance(v, bytes) else v for v in new_voters]
    assert decode_chunk(blob).new_voters == expected
    assert [r[1] for r in iter_records([blob])] == expected


def export(rnd: random.Random, n: int) -> list[str]:
    """Voters as ASCII ids, with spaces around them, and Chinese names; a few times in the other format."""
    voters = ["u1", " u1", "u1 ", "张三", " 张三 ", "李四", "o9", "o10"]
    lines = []
    for _ in range(n):
        day = rnd.randrange(13, 15)
        when = (f"2024-09-{day} 0{rnd.randrange(10)}:00:00" if rnd.random() < 0.95
                else f"2024/09/{day} {rnd.randrange(10, 24)}:30")
        lines.append(f"{rnd.choice(voters)},X0{rnd.randrange(1, 4)},,{when},10.0.0.{rnd.randrange(3)}")
    return lines


def expected_tally(lines: list[str], dedup: str) -> dict[str, int]:
    seen, tally = set(), {}
    for line in lines:
        voter, code, _title, when, _ip = line.split(",")
        day = when[:10].replace("/", "-")
        key = {"none": object(), "voter": (voter.strip(), code), "voter_day": (voter.strip(), code, day)}[dedup]
        if key not in seen:
            seen.add(key)
            tally[code] = tally.get(code, 0) + 1
    return tally


@pytest.mark.parametrize("dedup", ["none", "voter", "voter_day"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_every_way_of_reading_a_block_counts_voters_alike(tmp_path, monkeypatch, dedup, encoding):
    """Blocks read as bytes, blocks with an extra cell (read as text), records with another time format
    (one by one) and a quoted tail (csv module) in one file: the same voter is the same voter throughout."""
    monkeypatch.setattr(reader, "_CSV_BLOCK_BYTES", 256)
    db = make_db(tmp_path, dedup)
    lines = export(random.Random(5), 400)
    lines[150] += ",备注"  # a sixth cell: that block is split as text
    lines[390] = '"u1",X01,,2024-09-14 09:00:00,10.0.0.1'  # a quote: the csv module from here on
    path = tmp_path / "raw.csv"
    path.write_bytes(("\r\n".join(["网络投票", HEADER, *lines]) + "\r\n").encode(encoding))
    report = import_votes(db, path, "final", "online", "tester")
    plain = [ln.replace('"', "").removesuffix(",备注") for ln in lines]
    assert {k: v for k, v in report.tally.items() if v} == expected_tally(plain, dedup)
    assert recount(db, "final", "online") == expected_tally(plain, dedup)
    with db.session() as s:
        vid = s.execute(text("SELECT id FROM vote_import WHERE current")).scalar()
    kept = stored_records(db, vid)
    assert [r[1] for r in kept] == [ln.split(",")[0].strip() for ln in plain]
    assert [r[0] for r in kept] == list(range(3, 403))
