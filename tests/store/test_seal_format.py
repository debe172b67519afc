"""The seal's score table in format 2 (fixed-point integers per entry, one query without joins,
so checking the seal costs little on `rank`: bench/bench_seal.py), and seals made in format 1
(rows as JSON) before it still verifying."""

from __future__ import annotations

import sqlite3

import pytest

from judge_app.services.results import seal as seal_service
from judge_app.services.results.locks import lock, signoff
from judge_app.services.results.seal import BROKEN, INTACT, check
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from judge_app.store.seal_inputs import FORMAT, FORMAT_KEY
from integrity_support import signed_off_demo


def tamper(path, sql: str) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute(sql).rowcount >= 1
        con.commit()
    finally:
        con.close()


def swap(column: str, same: tuple[str, str]) -> str:
    """Two score rows that agree on the `same` columns exchange their `column` (three steps,
    past the unique constraint): the same values, held by the other judge, criterion or entry."""
    pair = (f"(SELECT a.id AS x, b.id AS y, a.{column} AS cx, b.{column} AS cy FROM score a JOIN score b "
            f"ON a.{same[0]} = b.{same[0]} AND a.{same[1]} = b.{same[1]} AND a.{column} < b.{column} "
            f"AND a.value <> b.value ORDER BY a.id LIMIT 1)")
    return (f"CREATE TEMP TABLE pair AS SELECT * FROM {pair}; "
            f"UPDATE score SET {column} = -1 WHERE id = (SELECT x FROM pair); "
            f"UPDATE score SET {column} = (SELECT cx FROM pair) WHERE id = (SELECT y FROM pair); "
            f"UPDATE score SET {column} = (SELECT cy FROM pair) WHERE id = (SELECT x FROM pair);")


SCORE_EDITS = [
    "UPDATE score SET value = value + 1 WHERE id = (SELECT min(id) FROM score)",
    swap("judge_id", ("entry_id", "criterion_id")),
    swap("criterion_id", ("judge_id", "entry_id")),
    swap("entry_id", ("judge_id", "criterion_id")),
    "DELETE FROM score WHERE id = (SELECT max(id) FROM score)",
    "INSERT INTO score (judge_id, entry_id, criterion_id, value) SELECT judge_id, entry_id + 100000, criterion_id, value "
    "FROM score WHERE id = (SELECT min(id) FROM score)",
]


def edit(path, script: str) -> None:
    con = sqlite3.connect(path)
    try:
        before = con.total_changes
        con.executescript(script)
        assert con.total_changes > before, script
    finally:
        con.close()


@pytest.mark.parametrize("sql", SCORE_EDITS, ids=["value", "judge", "criterion", "entry", "deleted", "added"])
def test_every_column_of_a_score_row_is_sealed(tmp_path, sql):
    path = signed_off_demo(tmp_path / "demo.sqlite")
    db = open_database(str(path))
    try:
        assert check(db, "final").status == INTACT
        edit(path, sql)
        found = check(db, "final")
        assert found.status == BROKEN and any(d.table == "score" for d in found.differences), found.problem
    finally:
        db.close()


def test_the_result_rank_shows_is_the_one_compared(tmp_path):
    path = signed_off_demo(tmp_path / "demo.sqlite")
    db = open_database(str(path))
    try:
        report = round_report(db, "final")
        assert check(db, "final", report.result).status == INTACT
        first = report.result.standings[0]
        shown = type(report.result)(report.result.round, [type(first)(**{**first.__dict__, "rank": 99}),
                                                          *report.result.standings[1:]], report.result.panels)
        found = check(db, "final", shown)
        assert found.status == BROKEN and [str(d) for d in found.differences] == [f"表 result 中 {first.code} 被修改 (changed)"]
    finally:
        db.close()


def test_a_seal_made_in_format_1_keeps_verifying_and_breaking(tmp_path, monkeypatch):
    from judge_app.services.contest.demo import load_demo

    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    made = seal_service.current_manifest
    monkeypatch.setattr(seal_service, "current_manifest",
                        lambda session, stored, round_key, result=None, form=FORMAT: made(session, stored, round_key, result, 1))
    db = open_database(str(path))
    try:
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
        monkeypatch.setattr(seal_service, "current_manifest", made)
        stored = db.engine.connect().exec_driver_sql("SELECT manifest FROM round_seal").scalar()
        assert FORMAT_KEY not in stored and '"score"' in stored  # an old-style seal
        assert check(db, "final").status == INTACT
        tamper(path, "UPDATE score SET value = value + 1 WHERE id = (SELECT min(id) FROM score)")
        found = check(db, "final")
        assert found.status == BROKEN and any(d.table == "score" for d in found.differences)
    finally:
        db.close()
