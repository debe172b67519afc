"""Reading tables: encodings, title lines, blank lines, trailing columns, header matching."""

from __future__ import annotations

import pytest

from judge_app.table_files.columns import ENTRY_COLUMNS, VOTE_COLUMNS, normalise, parse_count, parse_decimal, read_header
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import open_table

TEXT = "网络投票导出\n\n选手编号,得票数,,\nX01,\"1,208\",,\n\nX02, 97 ,,\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_and_layout(tmp_path, encoding):
    path = tmp_path / "votes.csv"
    path.write_bytes(TEXT.encode(encoding))
    table = open_table(path)
    header, rows = read_header(table, {"entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS})
    assert header.row == 3
    data = [(r.number, header.cell(r, "entry"), header.cell(r, "votes")) for r in rows if not r.blank]
    assert data == [(4, "X01", "1,208"), (6, "X02", "97")]


def test_crlf_and_bom_header(tmp_path):
    path = tmp_path / "v.csv"
    path.write_bytes("\ufeffentry,votes\r\nX01,5\r\n".encode("utf-8"))
    header, rows = read_header(open_table(path), {"entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS})
    assert header.row == 1 and [header.cell(r, "votes") for r in rows] == ["5"]


def test_header_names_normalised():
    assert normalise(" 作品 编号 ") == "作品编号"
    assert normalise("ＥＮＴＲＹ") == "entry"


@pytest.mark.parametrize("text, value", [("1,208", 1208), (" 97 ", 97), ("1 500", 1500), ("3000.0", 3000), ("0", 0),
                                         ("１２", 12)])
def test_counts(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["-1", "12.5", "abc", "", "1e999", "NaN"])
def test_bad_counts(text):
    assert parse_count(text) is None


def test_decimals():
    assert str(parse_decimal(" 8.50 ")) == "8.50"
    assert parse_decimal("inf") is None and parse_decimal("x") is None


def test_missing_file(tmp_path):
    with pytest.raises(InputRefused, match="file not found"):
        open_table(tmp_path / "nope.csv")


def test_mixed_encoding_names_the_row(tmp_path):
    path = tmp_path / "mixed.csv"
    good = "entry,votes\n" + "".join(f"X{i:02d},1\n" for i in range(150000))
    path.write_bytes(good.encode("utf-8") + "X99,中文\n".encode("gbk"))
    header, rows = read_header(open_table(path), {"entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS})
    with pytest.raises(InputRefused) as info:
        list(rows)
    assert info.value.problems[0].row == 150002
