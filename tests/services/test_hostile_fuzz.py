"""Fuzz of every importer through the command line: CSV (UTF-8, UTF-8 with BOM, GBK, GB18030) and
XLSX, with generated headers (aliases, full-width, duplicated, a title line above), numbers in
every form people and programs write them, and sizes. One invariant: the import either stores
exactly what the file says, or is refused with exit status 2 and the database unchanged (an SQLite
file byte-identical, a PostgreSQL database row-identical); never a traceback. On both engines, with
fewer examples on PostgreSQL (each import is a round trip to the server)."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import DATA, db_state, is_postgresql, query
from judge_app.cli import main
from judge_app.domain.numbers import MAX_VOTES
from judge_app.table_files.problems import InputRefused

FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
ENTRIES = [f"X0{i}" for i in range(1, 8)]


def fuzz(location: str, examples: int):
    """The fuzz settings for one engine: a quarter of the examples on PostgreSQL."""
    return settings(FUZZ, max_examples=max(6, examples // 4) if is_postgresql(location) else examples)


FULL = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def run(*args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:
            status = exc.code
    return status, err.getvalue()


@pytest.fixture(scope="module")
def db(module_engine):
    path = module_engine("hostile_fuzz")
    assert run("--db", path, "init", DATA / "contest.toml")[0] == 0
    return path


# --- numbers: (text, value or None when it must be refused) -------------------------------------

@st.composite
def vote_count(draw):
    n = draw(st.integers(0, 5000)) if draw(st.integers(0, 9)) else draw(st.integers(0, 2 * MAX_VOTES))
    ok = n <= MAX_VOTES
    good = ["plain", "comma", "space", "full", "point0"]
    bad = ["spaced", "underscore", "exp", "bad_group", "arabic", "negative"]
    form = draw(st.sampled_from(good if draw(st.integers(0, 5)) else bad))
    if form == "plain":
        return str(n), n if ok else None
    if form == "comma":
        return f"{n:,}", n if ok else None
    if form == "space":
        return f"{n:,}".replace(",", " "), n if ok else None
    if form == "full":
        return f"{n:,}".translate(FULL), n if ok else None
    if form == "point0":
        return f"{n}.0", n if ok else None
    text = str(n + 10)
    cut = 2 if len(text) == 4 else 1  # "1 000" would be a well-formed group of thousands
    return {"spaced": text[:cut] + " " + text[cut:], "underscore": text[0] + "_" + text[1:], "exp": text + "e1",
            "bad_group": text[:-1] + "," + text[-1:], "arabic": text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
            "negative": "-" + text}[form], None


@st.composite
def score_value(draw, maximum: int):
    fair = draw(st.integers(0, 11))
    low, high, places = (0, maximum, draw(st.integers(0, 4))) if fair else (-5, maximum + 5, draw(st.integers(0, 5)))
    value = draw(st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False))
    ok = 0 <= value <= maximum and value == value.quantize(Decimal("0.0001"))
    form = draw(st.sampled_from(["plain", "full"] if fair else ["plain", "full", "spaced", "underscore", "exp", "comma"]))
    text = str(value)
    if form == "plain":
        return text, value if ok else None
    if form == "full":
        return text.translate(FULL), value if ok else None
    if len(text) < 2:
        text = text + "0"
    return {"spaced": text[0] + " " + text[1:], "underscore": text[0] + "_" + text[1:],
            "exp": text + "E0", "comma": text.replace(".", ",") if "." in text else text + ",5"}[form], None


# --- files -------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030"]


def write_table(folder: Path, rows: list[list], kind: str, title: bool) -> Path | None:
    """The table as a file, or None when the encoding or the workbook cannot hold its text."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        return _write_table(folder, rows, kind, title)
    except (UnicodeEncodeError, ValueError, IllegalCharacterError):
        return None


def _write_table(folder: Path, rows: list[list], kind: str, title: bool) -> Path:
    rows = ([["“先锋杯”网络投票导出"]] if title else []) + rows
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        path = folder / "in.xlsx"
        book.save(path)
        return path
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if len(rows) % 2 else "\n").writerows(rows)
    path = folder / "in.csv"
    path.write_bytes(out.getvalue().encode(kind))
    return path


VOTE_HEADERS = [(["作品编号", "票数"], True), (["entry", "votes"], True), (["选手编号", "得票数"], True),
                (["ＥＮＴＲＹ", " 投票数 "], True)] * 3 + [(["作品编号", "票数", "票数"], False), (["作品编号", "名称"], False)]


def test_vote_import_stores_the_file_or_refuses_it_unchanged(db):
    @fuzz(db, 40)
    @given(header=st.sampled_from(VOTE_HEADERS), kind=st.sampled_from(ENCODINGS + ["xlsx"]), title=st.booleans(),
           rows=st.lists(st.tuples(st.sampled_from(ENTRIES * 4 + ["Y99", "", "X-01"]), vote_count(), st.booleans()),
                         max_size=7, unique_by=lambda r: r[0] if r[0] in ENTRIES else None))
    def check(header, kind, title, rows):
        names, header_ok = header
        table = [names] + [[code, text if as_text or kind != "xlsx" or value is None else value] + [""] * (len(names) - 2)
                           for code, (text, value), as_text in rows]
        codes = [code for code, _, _ in rows]
        ok = (header_ok and bool(rows) and all(c in ENTRIES for c in codes) and len(set(codes)) == len(codes)
              and all(value is not None for _, (_, value), _ in rows))
        with tempfile.TemporaryDirectory() as d:
            path = write_table(Path(d), table, kind, title)
            if path is None:
                return
            before = db_state(db)
            status, err = run("--db", db, "votes", "import", path, "--round", "final", "--component", "online")
        assert "Traceback" not in err
        event("imported" if status == 0 else "refused")
        if status == 0:
            assert ok, (table, err)
            stored = dict(query(db, "SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id "
                                    "WHERE t.vote_import_id = (SELECT max(id) FROM vote_import)"))
            assert stored == {code: value for code, (_, value), _ in rows}
        else:
            assert status == 2 and not ok and err.strip(), (status, err, table)
            assert db_state(db) == before

    check()


SEATS = [line.split(",")[:2] for line in (DATA / "expert_scores.csv").read_text(encoding="gbk").splitlines()[1:]]
SCORE_HEADERS = [(["评委编号", "作品编号", "创新性", "实效性", "展示效果"], True),
                 (["judge", "entry", "innovation", "impact", "presentation"], True),
                 (["评委", "编号", "ＩＮＮＯＶＡＴＩＯＮ", "impact", "展示效果"], True),
                 (["评委编号", "作品编号", "创新性", "实效性", "展示效果", "实效性"], False)]
SCORE_HEADERS = SCORE_HEADERS[:3] * 3 + SCORE_HEADERS[3:]


def test_score_import_stores_the_file_or_refuses_it_unchanged(db):
    @fuzz(db, 40)
    @given(header=st.sampled_from(SCORE_HEADERS), kind=st.sampled_from(ENCODINGS + ["xlsx"]), title=st.booleans(),
           seats=st.lists(st.sampled_from(SEATS), max_size=5, unique_by=tuple),
           data=st.data())
    def check(header, kind, title, seats, data):
        names, header_ok = header
        lines = []
        for judge, entry in seats:
            values = [data.draw(score_value(m)) for m in (40, 40, 20)]
            lines.append((judge, entry, values))
        table = [names] + [[j, e, *(t for t, _ in vs)] + [""] * (len(names) - 5) for j, e, vs in lines]
        ok = header_ok and bool(lines) and all(v is not None for _, _, vs in lines for _, v in vs)
        with tempfile.TemporaryDirectory() as d:
            path = write_table(Path(d), table, kind, title)
            if path is None:
                return
            before = db_state(db)
            status, err = run("--db", db, "scores", "import", path, "--round", "final", "--component", "expert")
        assert "Traceback" not in err
        event("imported" if status == 0 else "refused")
        if status == 0:
            assert ok, (table, err)
            stored = {(j, e, c): v for j, e, c, v in query(
                db, "SELECT j.code, e.code, c.key, s.value FROM score s JOIN judge j ON j.id = s.judge_id "
                    "JOIN entry e ON e.id = s.entry_id JOIN criterion c ON c.id = s.criterion_id")}
            for j, e, vs in lines:
                for key, (_, value) in zip(("innovation", "impact", "presentation"), vs):
                    assert stored[(j, e, key)] == int(value * 10000)
        else:
            assert status == 2 and not ok and err.strip(), (status, err, table)
            assert db_state(db) == before

    check()


ROSTER_TEXT = st.one_of(st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=8),
                        st.sampled_from(["甲作品", "Unit A", "=1+1", "甲作品", "Unit A", "=1+1", "", "a\x00b",
                                         "evil\u202etxt", "x" * 250]))
ROSTER_CODES = st.sampled_from(["X01", "N-01", "甲01", "N.02", "N_3", "X02", "N04", "N05"] * 3
                               + ["../x", "a/b", " ", "X" * 40, "a\x00", "-x"])


def test_roster_import_stores_the_file_or_refuses_it_unchanged(db):
    @fuzz(db, 25)
    @given(kind=st.sampled_from(ENCODINGS + ["xlsx"]), dup=st.booleans(),
           rows=st.lists(st.tuples(ROSTER_CODES, ROSTER_TEXT), max_size=4, unique_by=lambda r: r[0]))
    def check(kind, dup, rows):
        from judge_app.services.contest.contest_access import ServiceError
        from judge_app.services.contest.roster import import_roster
        from judge_app.store.database import open_database

        names = ["编号", "作品名称", "作品名称"] if dup else ["编号", "作品名称"]
        table = [names] + [[c, t] + ([""] if dup else []) for c, t in rows]
        with tempfile.TemporaryDirectory() as d:
            path = write_table(Path(d), table, kind, False)
            if path is None:
                return  # text the encoding cannot hold is no file anyone could bring
            before = db_state(db)
            stored = dict(query(db, "SELECT code, title FROM entry"))  # the examples share one database
            database = open_database(str(db))
            try:
                created, updated = import_roster(database, path, "entries", {"code": 0, "title": 1, "unit": None,
                                                                              "members": None}, "fuzz")
            except (InputRefused, ServiceError):
                event("refused")
                database.close()
                assert db_state(db) == before
                return
            database.close()
        event("imported")
        changed = [c for c, t in rows if stored.get(c.strip()) != t.strip()]  # a row as stored already is neither
        assert not dup and created + updated == len(changed)
        titles = dict(query(db, "SELECT code, title FROM entry"))
        for code, title in rows:
            assert titles[code.strip()] == title.strip()

    check()


DIRECT_CODES = ["A", "B", "C"]


@pytest.fixture(scope="module")
def direct_db(module_engine, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_direct")
    contest = folder / "c.toml"
    contest.write_text('[contest]\nname = "t"\n[[rounds]]\nkey = "r"\nname = "r"\n'
                       '[[rounds.components]]\nkey = "d"\nname = "d"\nkind = "direct"\nweight = 1\n'
                       + "".join(f'[[entries]]\ncode = "{c}"\ntitle = "{c}"\n' for c in DIRECT_CODES), encoding="utf-8")
    path = module_engine("hostile_direct")
    assert run("--db", path, "init", contest)[0] == 0
    return path


def test_direct_import_stores_the_file_or_refuses_it_unchanged(direct_db):
    @fuzz(direct_db, 30)
    @given(kind=st.sampled_from(ENCODINGS + ["xlsx"]), header=st.sampled_from([(["entry", "score"], True)] * 3
                                                                               + [(["作品编号", "得分", "成绩"], True),
                                                                                  (["entry", "score", "SCORE"], False)]),
           rows=st.lists(st.tuples(st.sampled_from(DIRECT_CODES * 3 + ["Z", ""]), score_value(100)), max_size=4,
                         unique_by=lambda r: r[0] if r[0] in DIRECT_CODES else None),
           title=st.booleans())
    def check(kind, header, rows, title):
        names, header_ok = header
        table = [names] + [[code, text] + [""] * (len(names) - 2) for code, (text, _) in rows]
        ok = header_ok and bool(rows) and all(c in DIRECT_CODES and v is not None for c, (_, v) in rows)
        with tempfile.TemporaryDirectory() as d:
            path = write_table(Path(d), table, kind, title)
            if path is None:
                return
            before = db_state(direct_db)
            status, err = run("--db", direct_db, "direct", "import", path, "--round", "r", "--component", "d")
        assert "Traceback" not in err
        event("imported" if status == 0 else "refused")
        if status == 0:
            assert ok, (table, err)
            stored = dict(query(direct_db, "SELECT e.code, s.value FROM direct_score s JOIN entry e ON e.id = s.entry_id"))
            assert all(stored[c] == int(v * 10000) for c, (_, v) in rows)
        else:
            assert status == 2 and not ok and err.strip(), (status, err, table)
            assert db_state(direct_db) == before

    check()
