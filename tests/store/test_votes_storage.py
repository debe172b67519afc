"""Raw vote records as stored (compressed column-wise chunks) and the CSV block reader behind the import:
every record read back exactly, across chunks; quoted, CRLF, blank-line and badly encoded files read as
the csv module reads them."""

from __future__ import annotations

import csv
import json
import struct
import random
from pathlib import Path

import pytest
from sqlalchemy import text

import judge_app.table_files.reader as reader
from judge_app.services.votes.vote_import import import_votes
from judge_app.services.votes.vote_records import recount, stored_records
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import CellStream, open_table
from judge_app.store.vote_chunks import decode_chunk, encode_chunk, iter_records
from votes_support import hand_count, make_db

HEADER = "投票人,选手编号,选手名称,投票时间,IP地址"


def export_lines(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    voters = [f"o{rnd.randrange(10**9):09d}" for _ in range(max(1, n // 3))]
    lines = []
    for _ in range(n):
        lines.append(f"{rnd.choice(voters)},X0{rnd.randrange(1, 4)},,2024-09-{rnd.randrange(13, 16)} "
                     f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00,10.0.{rnd.randrange(4)}.{rnd.randrange(9)}")
    return lines


def csv_records(path: Path, encoding: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("dedup", ["none", "voter", "voter_day"])
def test_records_read_back_exactly_across_many_chunks(tmp_path, monkeypatch, dedup, newline):
    monkeypatch.setattr(reader, "_CSV_BLOCK_BYTES", 997)  # many blocks, cut mid-line
    db = make_db(tmp_path, dedup)
    lines = export_lines(3000)
    path = tmp_path / "raw.csv"
    path.write_bytes((newline.join(["网络投票", HEADER, *lines]) + newline).encode("gbk"))
    report = import_votes(db, path, "final", "online", "tester")
    expected = hand_count(path, "gbk", dedup)
    assert {k: v for k, v in report.tally.items() if v} == expected
    assert recount(db, "final", "online") == expected
    with db.session() as s:
        (vid,) = s.execute(text("SELECT id FROM vote_import WHERE current")).scalars().all()
        chunks = s.execute(text("SELECT chunk, first_row, records FROM vote_record_chunk WHERE vote_import_id = :v "
                                "ORDER BY chunk"), {"v": vid}).all()
    assert len(chunks) > 20 and [c[0] for c in chunks] == list(range(1, len(chunks) + 1))
    assert sum(c[2] for c in chunks) == 3000 and chunks[0][1] == 3
    kept = stored_records(db, vid)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in kept] == [
        (i, *line.split(",")[:2], *line.split(",")[3:]) for i, line in enumerate(lines, start=3)]
    assert sum(r[5] == 1 for r in kept) == report.rows_counted


def test_quotes_blank_lines_and_odd_rows_go_the_slow_way_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "_CSV_BLOCK_BYTES", 300)
    db = make_db(tmp_path, "voter")
    lines = export_lines(60)
    lines[10] = ""  # blank line: skipped, still a row
    lines[20] = lines[20] + ",extra"  # a sixth cell
    lines[40] = 'u40,X02,"名称, 带逗号",2024-09-13 08:00:00,10.0.0.1'  # quoted cell: csv module from here on
    lines[45] = 'u45,X03,"两行\n名称",2024-09-13 08:00:00,10.0.0.2'
    path = tmp_path / "raw.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    report = import_votes(db, path, "final", "online", "tester")
    rows = [r for r in csv_records(path, "utf-8")[1:] if r]
    assert report.rows == len(rows) == 59
    with db.session() as s:
        vid = s.execute(text("SELECT id FROM vote_import WHERE current")).scalar()
    kept = stored_records(db, vid)
    assert [r[1] for r in kept] == [r[0] for r in rows]
    numbers = [r[0] for r in kept]
    assert numbers[:11] == [*range(2, 12), 13]  # row 12 is the blank line
    assert numbers[-1] == 61  # the two-line cell is one row: row numbers count records
    assert recount(db, "final", "online") == {k: v for k, v in report.tally.items() if v}


def test_a_bad_byte_is_named_on_its_own_row_in_any_block(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "_CSV_BLOCK_BYTES", 4099)
    db = make_db(tmp_path, "voter")
    lines = export_lines(30_000)  # the first MB decodes as UTF-8, so the file is read as UTF-8
    path = tmp_path / "raw.csv"
    path.write_bytes(("\n".join([HEADER, *lines[:25_000]]) + "\n").encode("utf-8") + b"u\xff,X01,,2024-09-13 08:00:00,1.1.1.1\n"
                     + ("\n".join(lines[25_000:]) + "\n").encode("utf-8"))
    assert path.stat().st_size > 1 << 20
    with pytest.raises(InputRefused) as refused:
        import_votes(db, path, "final", "online", "tester")
    assert [(p.row, "mixed encoding" in p.reason) for p in refused.value.problems] == [(25_002, True)]


def test_cell_stream_gives_what_the_csv_module_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "_CSV_BLOCK_BYTES", 64)
    text_ = "a,b,c\r\n1,2,3\r\n\r\n4,5\r\n6,7,8,9\r\nx,y,z"  # CRLF, a blank line, short and long rows, no final newline
    path = tmp_path / "t.csv"
    path.write_bytes(text_.encode("utf-8"))
    with CellStream(open_table(path)) as stream:
        header = next(iter(stream))
        rest = [(first, chunk.rows) for first, chunk in stream.chunks(2)]
    assert header == (1, ["a", "b", "c"])
    flat = [row for _, rows in rest for row in rows]
    assert flat == csv_records(path, "utf-8")[1:]
    firsts = [first for first, _ in rest]
    assert firsts[0] == 2 and all(b > a for a, b in zip(firsts, firsts[1:]))


def test_chunk_format_round_trip_with_gaps_and_newlines():
    blob = encode_chunk(5, [5, 6, 9], ["v1", "v2"], [0, 1, 0], [3, 4, 3],
                        ["2024-09-13 08:00:00", "两行\n时间", ""], ["1.1.1.1", "", "2.2.2.2"], bytes([1, 1, 0]))
    chunk = decode_chunk(blob)
    assert chunk.rows == [5, 6, 9] and list(chunk.voters) == [0, 1, 0] and list(chunk.entry_ids) == [3, 4, 3]
    assert chunk.times == ["2024-09-13 08:00:00", "两行\n时间", ""] and chunk.ips == ["1.1.1.1", "", "2.2.2.2"]
    second = encode_chunk(10, None, ["v3"], [1, 4], [3, 3], ["", ""], ["", ""], bytes([1, 2]))
    assert list(iter_records([blob, second])) == [
        (5, "v1", 3, "2024-09-13 08:00:00", "1.1.1.1", 1), (6, "v2", 4, "两行\n时间", "", 1),
        (9, "v1", 3, "", "2.2.2.2", 0), (10, "v2", 3, "", "", 1), (11, "v3", 3, "", "", 2)]
    with pytest.raises(ValueError):  # a chunk naming a new voter it does not carry
        list(iter_records([encode_chunk(1, None, [], [0], [3], [""], [""], bytes([1]))]))


@pytest.mark.parametrize("times", [
    ["2024-09-13 08:00:00", "2024-09-14 23:59:59", "2024-09-15 00:00:01"],  # on the grid: striped
    ["2024-09-13 08:00:0", "2024-09-13 08:00:000", "2024-09-13 08:00:00"],  # right total length, off the grid
    ["时间一二三四五六七八九", "2024-09-13 08:00:00", "2024-09-13 08:00:00"],  # 19 bytes that are not a time
])
def test_times_come_back_as_stored_striped_or_not(times):
    joined = "\n".join(times).encode("utf-8")
    for given in (times, joined):
        blob = encode_chunk(1, None, ["a", "b", "c"], [0, 1, 2], [3, 3, 3], given, ["", "", ""], bytes([1, 1, 1]))
        assert blob[:1] == b"\x03"  # format 3: compressed parts
        assert decode_chunk(blob).times == times


def test_older_whole_stream_blobs_are_still_read():
    """A format 2 blob (one zlib stream of the whole payload, times as joined) reads as before."""
    import json
    import struct
    import zlib

    header = json.dumps({"format": 2, "records": 2, "first_row": 7, "rows": None, "new_voters": None, "at": None,
                         "ip": None, "text": [39, 8, 5]}).encode("utf-8")
    payload = b"".join((struct.pack("<I", len(header)), header, struct.pack("<2I", 0, 0), struct.pack("<2I", 5, 6),
                        bytes([1, 0]), b"2024-09-13 08:00:00\n2024-09-13 09:00:00", b"1.1.1.1\n", b"voter"))
    assert list(iter_records([zlib.compress(payload, 1)])) == [
        (7, "voter", 5, "2024-09-13 08:00:00", "1.1.1.1", 1), (8, "voter", 6, "2024-09-13 09:00:00", "", 0)]


def test_blobs_in_several_parts_from_earlier_imports_are_still_read():
    """Imports made before one-part blobs cut the payload in four (before the times, the IPs
    and the new voters); a blob cut anywhere reads the same as the one-part blob written now."""
    from judge_app.store.vote_chunks import chunk_payload, compress_payload

    record = (5, None, ["v1", "v2"], [0, 1, 0], [3, 4, 3],
              ["2024-09-13 08:00:00", "2024-09-13 09:00:00", "2024-09-14 10:00:00"],
              ["1.1.1.1", "", "2.2.2.2"], bytes([1, 1, 0]))
    written = encode_chunk(*record)
    assert struct.unpack_from("<I", written, 1) == (1,)  # one part
    (whole,) = chunk_payload(*record)
    size = struct.unpack_from("<I", whole)[0]
    times, ips, _ = json.loads(whole[4:4 + size])["text"]
    cuts = (4 + size + 9 * 3, 4 + size + 9 * 3 + times, 4 + size + 9 * 3 + times + ips)
    four = (whole[:cuts[0]], whole[cuts[0]:cuts[1]], whole[cuts[1]:cuts[2]], whole[cuts[2]:])
    assert four[2] == b"1.1.1.1\n\n2.2.2.2" and four[3] == b"v1\nv2"  # as imports before cut it
    for blob in (compress_payload(four), compress_payload([whole[:7], whole[7:30], whole[30:]])):
        assert struct.unpack_from("<I", blob, 1)[0] > 1
        assert decode_chunk(blob) == decode_chunk(written)
        assert list(iter_records([blob])) == list(iter_records([written])) != []


def test_a_truncated_parts_blob_is_refused_not_misread():
    import zlib

    blob = encode_chunk(1, None, ["a"], [0], [3], ["2024-09-13 08:00:00"], ["1.1.1.1"], bytes([1]))
    with pytest.raises((ValueError, zlib.error)):
        decode_chunk(blob[:-3])
    with pytest.raises(ValueError):
        decode_chunk(blob + b"\x00")
