"""The ranking alone (`round_report(..., detail=False)`, what `judge-app rank` prints) reads integer
sums in SQL (`store.round_inputs.panel_sums`) instead of every judge total: its standings must be
the official ones (`detail=True`, the reference computation over every total) on SQLite and on
PostgreSQL — ties, missing and incomplete sheets, conflicts (回避), judges who scored nothing,
every aggregation of the registry and several drop counts — and on the light read path too."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import is_postgresql
from judge_app.domain.contest_file import parse_contest
from judge_app.domain.rules import AGGREGATIONS
from judge_app.services.contest.contest_setup import create_contest
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from judge_app.store.fixed_point import SCORE_SCALE

ENTRIES, JUDGES = 7, 6
MAXIMA = {"expert": ("10", "7.5", "2.5"), "peer": ("5",)}


def contest_toml() -> str:
    parts = []
    for key, weight in (("expert", "0.6"), ("peer", "0.4")):
        parts.append(f'[[rounds.components]]\nkey = "{key}"\nname = "评分{key}"\nkind = "panel"\nweight = {weight}\n')
        parts += [f'[[rounds.components.criteria]]\nkey = "k{i}"\nname = "指标{i}"\nmax = {m}\n'
                  for i, m in enumerate(MAXIMA[key])]
    entries = "".join(f'[[entries]]\ncode = "E{i}"\ntitle = "作品{i}"\nunit = "单位{i}"\n' for i in range(ENTRIES))
    judges = "".join(f'[[judges]]\ncode = "J{j}"\nname = "评委{j}"\nunit = "评审单位{j}"\npanels = ["final.expert", "final.peer"]\n'
                     for j in range(JUDGES))
    return (f'[contest]\nname = "核对大赛"\n\n[[rounds]]\nkey = "final"\nname = "决赛"\ndecimals = 2\n'
            f'tie_break = ["expert"]\n\n' + "\n".join(parts)
            + '\n[[rounds.awards]]\nname = "一等奖"\ncount = 1\n\n[[rounds.awards]]\nname = "二等奖"\ncount = 2\n\n'
            + entries + judges)


@pytest.fixture(scope="module")
def contest(module_engine):
    location = module_engine("ranking_sums")
    db = open_database(location)
    create_contest(db, parse_contest(contest_toml()), "organizer")
    yield location, db
    db.close()


def _write(location: str, statements: list[tuple[str, tuple]]) -> None:
    """Raw rows straight into the tables, in one transaction (not through the app: any shape of data)."""
    if is_postgresql(location):
        import psycopg

        with psycopg.connect(location) as conn:
            for sql, params in statements:
                conn.execute(sql.replace("?", "%s"), params)
        return
    con = sqlite3.connect(location)
    with con:
        for sql, params in statements:
            con.execute(sql, params)
    con.close()


def _ids(location: str, sql: str) -> dict:
    from conftest import query

    return dict(query(location, sql))


# a criterion value: few distinct ones (ties), halves and four-decimal values (rounding at the half)
value = st.sampled_from([0, 1, 2.5, 5, 7.5]) | st.integers(0, 25_000).map(lambda u: u / 10_000)
sheet = st.one_of(st.none(), st.just("incomplete"), st.lists(value, min_size=3, max_size=3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(expert=st.lists(st.lists(sheet, min_size=JUDGES, max_size=JUDGES), min_size=ENTRIES, max_size=ENTRIES),
       peer=st.lists(st.lists(st.none() | st.integers(0, 10).map(lambda h: [h / 2]), min_size=JUDGES, max_size=JUDGES),
                     min_size=ENTRIES, max_size=ENTRIES),
       rules=st.tuples(st.sampled_from(list(AGGREGATIONS)), st.integers(0, 2), st.integers(0, 2),
                       st.sampled_from(list(AGGREGATIONS)), st.integers(0, 1), st.integers(0, 1)))
def test_the_ranking_from_sums_is_the_official_one(contest, expert, peer, rules):
    location, db = contest
    criteria = {(c, k): i for c, k, i in _rows(location)}
    entry = _ids(location, "SELECT code, id FROM entry")
    judge = _ids(location, "SELECT code, id FROM judge")
    writes = [("DELETE FROM score", ())]
    for (agg, high, low), key in ((rules[:3], "expert"), (rules[3:], "peer")):
        writes.append(("UPDATE component SET aggregate = ?, drop_highest = ?, drop_lowest = ? WHERE key = ?",
                       (agg, high, low, key)))
    for key, grid in (("expert", expert), ("peer", peer)):
        maxima = MAXIMA[key]
        for e, row in enumerate(grid):
            for j, values in enumerate(row):
                if values is None:
                    continue
                if values == "incomplete":  # a sheet missing its last criterion is not counted
                    values = [Decimal(m) for m in maxima[:-1]]
                for k, v in enumerate(values):
                    units = min(int(Decimal(str(v)) * SCORE_SCALE), int(Decimal(maxima[k]) * SCORE_SCALE))
                    writes.append(("INSERT INTO score (judge_id, entry_id, criterion_id, value) VALUES (?, ?, ?, ?)",
                                   (judge[f"J{j}"], entry[f"E{e}"], criteria[(key, f"k{k}")], units)))
    _write(location, writes)
    official = round_report(db, "final").result
    fast = round_report(db, "final", detail=False).result
    assert fast.standings == official.standings
    assert fast.panels == {k: v for k, v in official.panels.items() if AGGREGATIONS[_aggregate(official, k)].from_units is None}
    if not is_postgresql(location):
        from judge_app.services.results.light_reads import rank
        from judge_app.store import light_read

        conn = light_read.connect(location)
        assert conn is not None
        try:
            assert rank(conn, "final")[0].result.standings == official.standings
        finally:
            conn.close()


def _aggregate(result, key: str) -> str:
    return next(c.aggregate for c in result.round.components if c.key == key)


def _rows(location: str):
    from conftest import query

    return query(location, "SELECT co.key, c.key, c.id FROM criterion c JOIN component co ON co.id = c.component_id")


def test_conflicts_and_removed_scores_rank_the_same(cli, example_location):
    """The example contest through the app: a 回避 that removes a judge's sheets, a judge's scores
    deleted for an entry until it has too few, ties made by re-importing equal sheets."""
    from judge_app.services.contest.conflicts import set_conflict

    db = open_database(example_location)
    try:
        assert set_conflict(db, "E01", "X01", "同单位亲属", "organizer", remove_scores=True) == 1
        for j in ("E02", "E03", "E04"):
            set_conflict(db, j, "X02", "回避", "organizer", remove_scores=True)
        official = round_report(db, "final").result
        fast = round_report(db, "final", detail=False).result
        assert fast.standings == official.standings
        assert fast.panels == {}  # both panels are trimmed means: no per-judge computation kept
        assert any(s.components["expert"] is None for s in official.standings)  # too few totals left
    finally:
        db.close()
    light = cli("--db", example_location, "rank", "--round", "final", "--format", "json")
    assert light.status == 0
