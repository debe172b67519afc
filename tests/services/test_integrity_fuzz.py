"""Hostile input: every contest file and every table ends in a result or a clear refusal
(ContestFileError / InputRefused / ServiceError), never another exception and never a partial write."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from integrity_support import make_db
from judge_app.domain.contest import Contest
from judge_app.domain.contest_file import ContestFileError, parse_contest
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.scores.direct_import import import_direct
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.table_files.columns import ENTRY_COLUMNS, JUDGE_COLUMNS, VOTE_COLUMNS, read_header
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import open_table

EXAMPLE = (Path(__file__).parents[1] / "data" / "contest.toml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# --- the contest file -------------------------------------------------------------------------

KEYS = ["contest", "rounds", "entries", "judges", "name", "key", "kind", "weight", "criteria", "max", "components",
        "awards", "count", "code", "title", "panels", "rounds", "members", "unit", "decimals", "tie_break",
        "drop_highest", "drop_lowest", "normalize", "dedup", "date", "organizer", "x"]
scalars = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.text(max_size=12), st.sampled_from(["panel", "votes", "direct", "final", "final.expert", "max"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=25)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(v), repr(v))
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def parses_or_refuses(source: str) -> None:
    try:
        result = parse_contest(source, "fuzz.toml")
    except ContestFileError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        return
    assert isinstance(result, Contest)


@FUZZ
@given(st.text(max_size=400))
def test_contest_file_any_text(source):
    parses_or_refuses(source)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=6))
def test_contest_file_any_structure(doc):
    parses_or_refuses("\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in doc.items()))


@FUZZ
@given(st.data())
def test_contest_file_mutations_of_a_valid_file(data):
    lines = EXAMPLE.splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "value", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {toml_value(data.draw(scalars))}"
        if not lines:
            break
    parses_or_refuses("\n".join(lines))


# --- the table readers ------------------------------------------------------------------------

ROLES = {"judge": JUDGE_COLUMNS, "entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS}


def read_all(path: Path) -> None:
    try:
        table = open_table(path)
        header, rows = read_header(table, ROLES)
        for row in rows:
            assert row.number > header.row and all(isinstance(c, str) for c in row.cells)
            header.cell(row, "entry")
    except InputRefused as exc:
        assert exc.problems and str(exc)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_tables_any_bytes(blob, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"in{suffix}"
        path.write_bytes(blob)
        read_all(path)


@FUZZ
@given(st.binary(max_size=400))
def test_tables_zip_looking_garbage(blob):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "in.xlsx"
        path.write_bytes(b"PK\x03\x04" + blob)
        read_all(path)


cell_text = st.one_of(st.text(max_size=10), st.sampled_from(["judge", "entry", "votes", "评委编号", "作品编号", "票数",
                                                            "E0001", "J1", "1,208", "-1", "1e999999", "1e99999999", "NaN"]))


@FUZZ
@given(st.lists(st.lists(cell_text, max_size=5), max_size=8), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_tables_any_csv_rows(rows, encoding):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "in.csv"
        try:
            path.write_bytes(out.getvalue().encode(encoding))
        except UnicodeEncodeError:
            return
        read_all(path)


xlsx_cell = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
                      st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=10),
                      st.dates(), st.datetimes(), st.sampled_from(["entry", "judge", "votes", "E0001"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(xlsx_cell, max_size=4), max_size=6))
def test_tables_any_xlsx_cells(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "in.xlsx"
        book.save(path)
        read_all(path)


# --- imports: a refusal leaves the database exactly as it was ---------------------------------

@pytest.fixture(scope="module")
def fuzz_db(module_engine):
    """One database per engine for the whole module (the hypothesis examples share it)."""
    db = make_db(module_engine("fuzz"), entries=4, judges=2)
    yield db
    db.close()


def snapshot(db) -> tuple:
    with db.session() as s:
        return tuple(s.execute(text(f"SELECT count(*), coalesce(sum(id), 0) FROM {t}")).one()
                     for t in ("score", "vote_tally", "direct_score", "audit_event"))


import_cell = st.one_of(st.sampled_from(["E0001", "E0002", "e0003", "ＥＯＯＯ4", "J1", "J2", "J9", "5", "10", "10.5", "-1",
                                         "7.12345", "1e999999", "1e99999999", "99999999999999999999", "NaN", "Infinity", "1,208", "", "=1+1", "0"]),
                        st.text(max_size=6))


@FUZZ
@given(st.sampled_from(["scores", "votes", "direct"]), st.lists(st.lists(import_cell, min_size=2, max_size=4), max_size=6))
def test_imports_end_in_a_report_or_a_refusal_with_nothing_written(fuzz_db, kind, body):
    import csv
    import io

    header = {"scores": ["judge", "entry", "a", "b"], "votes": ["entry", "votes"], "direct": ["entry", "score"]}[kind]
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "in.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        before = snapshot(fuzz_db)
        run = {"scores": lambda: import_scores(fuzz_db, path, "final", "expert", "fuzz"),
               "votes": lambda: import_votes(fuzz_db, path, "final", "online", "fuzz"),
               "direct": lambda: import_direct(fuzz_db, path, "final", "stage", "fuzz")}[kind]
        try:
            run()
        except (InputRefused, ServiceError):
            assert snapshot(fuzz_db) == before
    assert verify(fuzz_db).ok


def test_a_vote_count_with_a_huge_exponent_is_refused_at_once():
    from judge_app.table_files.columns import parse_count

    assert parse_count("1e99999999") is None  # found by fuzzing: int() of it never returned
    assert parse_count("99999999999999999999") is None  # beyond SQLite's integers
    assert parse_count("999999999999999999") is None  # above 10**9 votes (issue 17)
    assert parse_count("1000000000") == 1000000000
    assert parse_count("1,208") == 1208 and parse_count("0") == 0
