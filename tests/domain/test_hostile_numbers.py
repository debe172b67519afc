"""One strict number reader for every import, the phone page and the score grid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from refusal_support import unchanged
from judge_app.domain.numbers import MAX_VOTES, NumberRefused, read_count, read_decimal

LENIENT = ["2 1", "2_1", "1e3", "1E3", "٣", "३", "²", "Infinity", "NaN", "8,5", "0x10", "1.2.3", "--1", "", "."]


@pytest.mark.parametrize("text", LENIENT + ["21,5"])
def test_decimal_refuses_lenient_forms(text):
    with pytest.raises(NumberRefused):
        read_decimal(text)


@pytest.mark.parametrize("text", LENIENT + ["21,5", "1,2345", "12,34", "1,234 567", "-1", "+1", "12.5", "1,208.5"])
def test_count_refuses_lenient_forms(text):
    with pytest.raises(NumberRefused):
        read_count(text)


@pytest.mark.parametrize("text, value", [("8.5", "8.5"), (" 8.50 ", "8.50"), ("１２．５", "12.5"), ("-1", "-1"),
                                         (".5", "0.5"), ("40", "40")])
def test_decimals_read(text, value):
    assert read_decimal(text) == Decimal(value) and str(read_decimal(text)) == str(Decimal(value.strip()))


@pytest.mark.parametrize("text, value", [("1,208", 1208), ("1 208", 1208), ("12,345,678", 12345678), ("3000.0", 3000),
                                         ("１，２０８", 1208), ("0", 0), (str(MAX_VOTES), MAX_VOTES)])
def test_counts_read(text, value):
    assert read_count(text) == value


def test_count_bound():
    with pytest.raises(NumberRefused, match="above"):
        read_count(str(MAX_VOTES + 1))


def test_sign_only_where_allowed():
    with pytest.raises(NumberRefused, match="no sign"):
        read_decimal("-1", signed=False)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_text_is_read_exactly_or_refused(text):
    """Whatever is typed: refused, or read as exactly the ASCII number it spells."""
    try:
        value = read_decimal(text)
    except NumberRefused:
        pass
    else:
        ascii_text = text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}).strip()
        assert ascii_text.lstrip("+-").replace(".", "", 1).isascii()
        assert value == Decimal(ascii_text)
    try:
        count = read_count(text)
    except NumberRefused:
        pass
    else:
        assert 0 <= count <= MAX_VOTES


@settings(max_examples=200, deadline=None)
@given(st.integers(0, MAX_VOTES))
def test_grouped_counts_round_trip(n):
    assert read_count(f"{n:,}") == n == read_count(str(n)) == read_count(f"{n:,}".replace(",", " "))


HEAD = "评委编号,作品编号,创新性,实效性,展示效果\n"


@pytest.mark.parametrize("typed", ["2 1", "2_1", "2e1", "２_１", "٢١"])
def test_score_import_names_the_row(cli, example_db, tmp_path, typed):
    sheet = tmp_path / "scores.csv"
    sheet.write_text(HEAD + f"E01,X01,30,30,15\nE02,X01,30,{typed},15\n", encoding="utf-8")
    with unchanged(example_db):
        result = cli("--db", example_db, "scores", "import", sheet, "--round", "final", "--component", "expert")
        assert result.status == 2 and "第3行" in result.err and "not a number" in result.err, result.err


@pytest.mark.parametrize("typed", ["2 1", "2_1", '"21,5"', "1e3", '"1,2345"', "2000000000"])
def test_vote_import_names_the_row(cli, example_db, tmp_path, typed):
    sheet = tmp_path / "votes.csv"
    sheet.write_text(f"作品编号,票数\nX01,12\nX02,{typed}\n", encoding="utf-8")
    with unchanged(example_db):
        result = cli("--db", example_db, "votes", "import", sheet, "--round", "final", "--component", "online")
        assert result.status == 2 and "第3行" in result.err and "vote count" in result.err, result.err


def test_direct_import_refuses_spaced_digits(cli, db_path, tmp_path):
    from tests.table_files.test_hostile_headers import DIRECT_CONTEST

    contest = tmp_path / "c.toml"
    contest.write_text(DIRECT_CONTEST, encoding="utf-8")
    assert cli("--db", db_path, "init", contest).status == 0
    sheet = tmp_path / "direct.csv"
    sheet.write_text("entry,score\nA,9 5\n", encoding="utf-8")
    with unchanged(db_path):
        result = cli("--db", db_path, "direct", "import", sheet, "--round", "r", "--component", "d")
        assert result.status == 2 and "第2行" in result.err, result.err


@pytest.mark.parametrize("typed", ["3_0", "3 0", "3e1", "٣٠", True])
def test_phone_page_uses_the_same_reader(db_path, typed):
    from judge_app.services.contest_day.lan_scoring import _parse_values
    from judge_app.services.contest.contest_access import ServiceError

    with pytest.raises(ServiceError, match="not a number"):
        _parse_values({"innovation": typed})
    assert _parse_values({"innovation": "３０"}) == {"innovation": Decimal(30)}


def test_score_grid_uses_the_same_reader():
    from judge_app.gui.score_grid import parse_score

    assert parse_score("2_1") is None and parse_score("1e1") is None and parse_score("8.5") == Decimal("8.5")
