"""Every refusal: exit status 2, file + row + reason on stderr, the database unchanged (on SQLite
byte for byte, on PostgreSQL row for row), on both engines."""

from __future__ import annotations

import pytest

from conftest import DATA, db_state, sqlite_only
from refusal_support import assert_refused, unchanged
from judge_app.store.database import open_database

EXPERT_HEAD = "评委编号,作品编号,创新性,实效性,展示效果\n"

SCORE_CASES = {
    # name: (sheet text, expected row, expected reason fragment)
    "unknown entry": (EXPERT_HEAD + "E01,X01,30,30,15\nE01,X99,30,30,15\n", 3, "unknown entry code"),
    "unknown judge": (EXPERT_HEAD + "E09,X01,30,30,15\n", 2, "unknown judge code"),
    "judge not on panel": (EXPERT_HEAD + "A01,X01,30,30,15\n", 2, "judge not on this panel"),
    "conflicted judge": (EXPERT_HEAD + "E01,X01,30,30,15\nE03,X02,30,30,15\n", 3, "conflict of interest"),
    "value over max": (EXPERT_HEAD + "E01,X01,41,30,15\n", 2, "value outside 0..max"),
    "negative value": (EXPERT_HEAD + "E01,X01,30,-1,15\n", 2, "value outside 0..max"),
    "not a number": (EXPERT_HEAD + "E01,X01,30,abc,15\n", 2, "not a number"),
    "missing value": (EXPERT_HEAD + "E01,X01,30,,15\n", 2, "missing value"),
    "too many decimals": (EXPERT_HEAD + "E01,X01,30.00001,30,15\n", 2, "too many decimal places"),
    "missing criterion column": ("评委编号,作品编号,创新性,实效性\nE01,X01,30,30\n", 1, "missing column"),
    "duplicate row": (EXPERT_HEAD + "E01,X01,30,30,15\nE01,X01,31,30,15\n", 3, "duplicate row"),
}

VOTE_CASES = {
    "negative votes": ("作品编号,票数\nX01,12\nX02,-5\n", 3, "non-negative integer"),
    "non-integer votes": ("作品编号,票数\nX01,12.5\n", 2, "non-negative integer"),
    "unknown entry": ("作品编号,票数\nX01,12\nY01,5\n", 3, "unknown entry code"),
    "text votes": ("entry,votes\nX01,many\n", 2, "non-negative integer"),
    "no vote column": ("作品编号,名称\nX01,一网通办\n", 1, "no vote count or voter column"),
    "duplicate entry": ("作品编号,票数\nX01,12\nX01,13\n", 3, "duplicate entry"),
}


@pytest.mark.parametrize("case", SCORE_CASES)
def test_score_sheet_refusals(cli, example_location, tmp_path, case):
    text, row, reason = SCORE_CASES[case]
    sheet = tmp_path / "bad_sheet.csv"
    sheet.write_text(text, encoding="utf-8")
    with unchanged(example_location):
        result = cli("--db", example_location, "scores", "import", sheet, "--round", "final", "--component", "expert")
        assert_refused(result, "bad_sheet.csv", row, reason)


@pytest.mark.parametrize("case", VOTE_CASES)
def test_vote_refusals(cli, example_location, tmp_path, case):
    text, row, reason = VOTE_CASES[case]
    sheet = tmp_path / "bad_votes.csv"
    sheet.write_text(text, encoding="gbk")
    with unchanged(example_location):
        result = cli("--db", example_location, "votes", "import", sheet, "--round", "final", "--component", "online")
        assert_refused(result, "bad_votes.csv", row, reason)


def test_direct_refusals(cli, engine_url, tmp_path):
    contest = tmp_path / "c.toml"
    contest.write_text(
        '[contest]\nname = "t"\n[[rounds]]\nkey = "r"\nname = "r"\n'
        '[[rounds.components]]\nkey = "d"\nname = "d"\nkind = "direct"\nweight = 1\n'
        '[[entries]]\ncode = "A"\ntitle = "a"\n',
        encoding="utf-8",
    )
    assert cli("--db", engine_url, "init", contest).status == 0
    before = db_state(engine_url)
    for text, row, reason in [
        ("entry,score\nA,100.5\n", 2, "value outside 0..max"),
        ("entry,score\nA,\n", 2, "missing score"),
        ("entry,score\nB,50\n", 2, "unknown entry code"),
    ]:
        sheet = tmp_path / "direct.csv"
        sheet.write_text(text, encoding="utf-8")
        result = cli("--db", engine_url, "direct", "import", sheet, "--round", "r", "--component", "d")
        assert_refused(result, "direct.csv", row, reason)
        assert db_state(engine_url) == before


@pytest.mark.parametrize(
    "content, reason",
    [
        (bytes(range(256)) * 10, "binary content"),
        (b"", "empty file"),
        (b"\xff\xfe\xfd\x81\x30" * 50 + b"\x80\x80\x80", "cannot read the encoding"),
        ("这只是一段说明文字, 没有表格。\n第二行也不是表格。\n".encode("utf-8"), "no header row found"),
    ],
    ids=["binary", "empty", "undecodable", "prose"],
)
def test_not_a_table(cli, example_location, tmp_path, content, reason):
    sheet = tmp_path / "weird.csv"
    sheet.write_bytes(content)
    with unchanged(example_location):
        result = cli("--db", example_location, "scores", "import", sheet, "--round", "final", "--component", "expert")
        assert result.status == 2 and "weird.csv" in result.err and reason in result.err, result.err


def test_corrupt_xlsx(cli, example_location, tmp_path):
    sheet = tmp_path / "broken.xlsx"
    sheet.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with unchanged(example_location):
        result = cli("--db", example_location, "votes", "import", sheet, "--round", "final", "--component", "online")
        assert result.status == 2 and "broken.xlsx" in result.err and "not a readable workbook" in result.err


def test_every_problem_reported_together(cli, example_location, tmp_path):
    sheet = tmp_path / "many.csv"
    sheet.write_text(EXPERT_HEAD + "E09,X01,30,30,15\nE01,X99,30,30,15\nE01,X01,99,30,15\n", encoding="utf-8")
    result = cli("--db", example_location, "scores", "import", sheet, "--round", "final", "--component", "expert")
    assert result.status == 2
    assert all(f"row {n}" in result.err for n in (2, 3, 4))


def test_bad_contest_file_creates_no_file(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    text = (DATA / "contest.toml").read_text(encoding="utf-8").replace("weight = 0.6", "weight = 0.5")
    bad.write_text(text.replace('code = "X02"', 'code = "X01"'), encoding="utf-8")
    db = tmp_path / "new.sqlite"
    result = cli("--db", db, "init", bad)
    assert result.status == 2
    assert "bad.toml" in result.err
    assert "weights must sum to 1" in result.err and "duplicate entry code" in result.err
    assert not db.exists()


def test_bad_contest_file_writes_nothing(cli, tmp_path, engine_url):
    """On a database that exists already (an empty one, as a PostgreSQL server's is) nothing is written."""
    bad = tmp_path / "bad.toml"
    bad.write_text((DATA / "contest.toml").read_text(encoding="utf-8").replace("weight = 0.6", "weight = 0.5"), encoding="utf-8")
    open_database(engine_url, create=True).close()  # the SQLite file too: empty, at the newest schema
    with unchanged(engine_url):
        result = cli("--db", engine_url, "init", bad)
        assert result.status == 2 and "bad.toml" in result.err and "weights must sum to 1" in result.err


@sqlite_only("a PostgreSQL URL names a server, not a file whose bytes could be anything")
def test_file_that_is_not_a_database(cli, tmp_path, engine):
    fake = tmp_path / "fake.sqlite"
    fake.write_text("hello", encoding="utf-8")
    result = cli("--db", fake, "rank", "--round", "final")
    assert result.status == 2 and "cannot open database" in result.err
    assert fake.read_text(encoding="utf-8") == "hello"


def test_the_state_compared_does_notice_an_accepted_import(cli, example_location, tmp_path):
    """The comparison above can fail: one changed score changes the state on either engine."""
    sheet = tmp_path / "one.csv"
    sheet.write_text(EXPERT_HEAD + "E01,X01,31,30,15\n", encoding="utf-8")
    before = db_state(example_location)
    result = cli("--db", example_location, "scores", "import", sheet, "--round", "final", "--component", "expert")
    assert result.status == 0, result.err
    assert db_state(example_location) != before
