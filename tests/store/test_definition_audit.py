"""Issue 16, items 3 and 4: the contest definition is in the audit trail, field by field.

Every definition change the app makes is recorded with its old and new values (one
`definition.change` event per step, whichever service made it), and `audit verify` replays the
definition from the trail: a field changed behind the app's back with the sqlite3 tool is named
by table, row and field — one test per field of every definition table. Honest edits through
the app keep verifying; a file from before (no definition events) gets its baseline at the first
change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from decimal import Decimal

import pytest

from judge_app.services.contest import roster
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.contest.conflicts import set_conflict
from judge_app.services.contest.contest_edit import update_components, update_round_rules
from judge_app.services.contest.workspace_files import current_contest
from judge_app.store.database import open_database
from tests.gui_support import example_db

D = Decimal


@pytest.fixture
def contest_db(tmp_path):
    db = example_db(tmp_path)
    set_conflict(db, "E01", "X02", "亲属", "setup")  # a manual conflict to tamper with
    yield db
    db.close()


def tamper(db, sql: str) -> None:
    """An edit with the sqlite3 tool, behind the app's back."""
    con = sqlite3.connect(db.path)
    try:
        changed = con.execute(sql).rowcount
        con.commit()
    finally:
        con.close()
    assert changed == 1, f"the tampering statement changed {changed} rows: {sql}"


TAMPERING = [
    ("contest", "name", "UPDATE contest SET name = '另一个比赛'"),
    ("contest", "organizer", "UPDATE contest SET organizer = '别处'"),
    ("contest", "host_unit", "UPDATE contest SET host_unit = '别处'"),
    ("contest", "date", "UPDATE contest SET date = '2025-01-01'"),
    ("contest", "venue", "UPDATE contest SET venue = '别处'"),
    ("round", "name", "UPDATE round SET name = '复赛'"),
    ("round", "decimals", "UPDATE round SET decimals = 0"),
    ("round", "tie_break", "UPDATE round SET tie_break = '[]'"),
    ("round", "position", "UPDATE round SET position = 5"),
    ("component", "weight", "UPDATE component SET weight = '0.9' WHERE key = 'expert'"),
    ("component", "name", "UPDATE component SET name = '改名' WHERE key = 'expert'"),
    ("component", "kind", "UPDATE component SET kind = 'direct' WHERE key = 'audience'"),
    ("component", "drop_highest", "UPDATE component SET drop_highest = 0 WHERE key = 'expert'"),
    ("component", "drop_lowest", "UPDATE component SET drop_lowest = 2 WHERE key = 'expert'"),
    ("component", "normalize", "UPDATE component SET normalize = 'rank' WHERE key = 'online'"),
    ("component", "dedup", "UPDATE component SET dedup = 'none' WHERE key = 'online'"),
    ("component", "rank_step", "UPDATE component SET rank_step = '5' WHERE key = 'online'"),
    ("component", "vote_start", "UPDATE component SET vote_start = '2024-09-01 00:00:00' WHERE key = 'online'"),
    ("component", "vote_end", "UPDATE component SET vote_end = '2024-09-30 00:00:00' WHERE key = 'online'"),
    ("component", "export", "UPDATE component SET export = 'raw' WHERE key = 'online'"),
    ("component", "aggregate", "UPDATE component SET aggregate = 'mean' WHERE key = 'expert'"),
    ("component", "position", "UPDATE component SET position = 9 WHERE key = 'audience'"),
    ("criterion", "max", "UPDATE criterion SET max = '80' WHERE key = 'innovation'"),
    ("criterion", "name", "UPDATE criterion SET name = '改名' WHERE key = 'innovation'"),
    ("criterion", "position", "UPDATE criterion SET position = 7 WHERE key = 'impact'"),
    ("award_tier", "count", "UPDATE award_tier SET count = 5 WHERE name = '一等奖'"),
    ("award_tier", "name", "UPDATE award_tier SET name = '特等奖' WHERE name = '一等奖'"),
    ("entry", "unit", "UPDATE entry SET unit = '东莞理工学院' WHERE code = 'X01'"),
    ("entry", "title", "UPDATE entry SET title = '改名' WHERE code = 'X01'"),
    ("entry", "members", "UPDATE entry SET members = '[]' WHERE code = 'X01'"),
    ("judge", "unit", "UPDATE judge SET unit = '团市委' WHERE code = 'E01'"),
    ("judge", "name", "UPDATE judge SET name = '改名' WHERE code = 'E01'"),
    ("manual_conflict", "reason", "UPDATE manual_conflict SET reason = '别的'"),
    # rows: a code renamed, a seat or an entry's round deleted or added, a conflict deleted
    ("entry", None, "UPDATE entry SET code = 'X99' WHERE code = 'X01'"),
    ("judge", None, "UPDATE judge SET code = 'E99' WHERE code = 'E02'"),
    ("panel_seat", None, "DELETE FROM panel_seat WHERE judge_id = (SELECT id FROM judge WHERE code = 'E01')"),
    ("panel_seat", None, "INSERT INTO panel_seat (judge_id, component_id) SELECT j.id, c.id FROM judge j, component c "
                         "WHERE j.code = 'E01' AND c.key = 'audience'"),
    ("entry_round", None, "DELETE FROM entry_round WHERE entry_id = (SELECT id FROM entry WHERE code = 'X03')"),
    ("manual_conflict", None, "DELETE FROM manual_conflict"),
    ("award_tier", None, "DELETE FROM award_tier WHERE name = '优秀奖'"),
]


@pytest.mark.parametrize("table, field, sql", TAMPERING, ids=[f"{t}.{f or 'row'}:{i}" for i, (t, f, _) in enumerate(TAMPERING)])
def test_a_definition_field_changed_behind_the_app_fails_verify(contest_db, table, field, sql):
    assert verify(contest_db).ok
    tamper(contest_db, sql)
    found = verify(contest_db)
    assert not found.ok
    message = str(found.problem)
    assert f"表 {table} 中" in message and (field is None or f"的 {field}:" in message), message


def test_honest_definition_edits_are_audited_with_old_and_new_and_keep_verifying(contest_db, cli):
    db = contest_db
    final = current_contest(db).round("final")
    online, expert, audience = final.components
    update_components(db, "final", [replace(online, weight=D("0.3")), replace(expert, weight=D("0.5")), audience], "setup")
    update_round_rules(db, "final", list(final.awards[:2]), ["expert"], "setup")
    judge = next(j for j in current_contest(db).judges if j.code == "E04")
    roster.save_judge(db, replace(judge, unit="新单位"), "setup")
    set_conflict(db, "E01", "X02", None, "setup")
    assert verify(db).ok
    changes = [json.loads(line.old or "null") for line in audit_lines(db, oldest_first=True) if line.action == "definition.change"]
    news = [json.loads(line.new) for line in audit_lines(db, oldest_first=True) if line.action == "definition.change"]
    weights = [n for n in news if '["final","expert"]' in n.get("component", {})][-1]
    assert weights["component"]['["final","expert"]'] == {"weight": "0.5"}
    assert any(o and o.get("component", {}).get('["final","expert"]') == {"weight": "0.6"} for o in changes)
    assert any(n.get("judge", {}).get('["E04"]') == {"unit": "新单位"} for n in news)
    assert any(n.get("manual_conflict", {}).get('["E01","X02"]', "absent") is None for n in news)  # removed
    assert cli("--db", db.path, "audit", "verify").status == 0
    # the CLI's own changes are audited the same way
    assert cli("--db", db.path, "seats", "remove", "--judge", "A01", "--panel", "final.audience").status == 0
    assert cli("--db", db.path, "contest", "set", "--venue", "市民中心").status == 0
    assert cli("--db", db.path, "audit", "verify").status == 0
    tamper(db, "UPDATE contest SET venue = '别处'")
    failed = cli("--db", db.path, "audit", "verify")
    assert failed.status == 1 and "表 contest 中 contest 的 venue" in failed.err and "市民中心" in failed.err


def test_a_file_without_definition_events_gets_its_baseline_at_the_first_change(contest_db):
    db = contest_db
    path = db.path
    db.close()
    con = sqlite3.connect(path)  # what a file written before definition auditing holds: no such events, a chain
    con.execute("DELETE FROM audit_event WHERE action IN ('definition.change', 'definition.baseline')")
    from judge_app.store.audit import link_hash, GENESIS

    prev = GENESIS
    rows = con.execute("SELECT id, at, actor, action, target, old, new FROM audit_event ORDER BY id").fetchall()
    con.execute("DELETE FROM audit_event")
    for number, (_id, at, actor, action, target, old, new) in enumerate(rows, start=1):
        digest = link_hash(number, at, actor, action, target, old, new, prev)
        con.execute("INSERT INTO audit_event (id, at, actor, action, target, old, new, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (number, at, actor, action, target, old, new, prev, digest))
        prev = digest
    con.execute("UPDATE audit_head SET event_id = ?, hash = ?", (len(rows), prev))
    con.commit()
    con.close()
    db = open_database(str(path))
    try:
        assert verify(db).ok  # nothing to replay yet
        judge = next(j for j in current_contest(db).judges if j.code == "E03")
        roster.save_judge(db, replace(judge, name="李处长"), "setup")
        actions = [line.action for line in audit_lines(db, oldest_first=True)][-3:]
        assert actions == ["definition.baseline", "definition.change", "judge.update"]
        assert verify(db).ok
        tamper(db, "UPDATE criterion SET max = '50' WHERE key = 'presentation'")
        assert "表 criterion 中 final.expert.presentation 的 max" in str(verify(db).problem)
    finally:
        db.close()


def test_definition_replay_on_postgresql_and_sqlite(db_location):
    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.store.models import ComponentRow
    from tests.gui_support import EXAMPLES

    db = open_database(db_location)
    try:
        create_contest(db, read_contest_file(EXAMPLES / "contest.toml"), "setup")
        final = current_contest(db).round("final")
        update_round_rules(db, "final", list(final.awards), [], "setup")
        assert verify(db).ok
        with db.engine.begin() as conn:  # a write that bypasses the services and their events
            conn.execute(ComponentRow.__table__.update().where(ComponentRow.key == "expert").values(drop_lowest=0))
        assert "的 drop_lowest" in str(verify(db).problem)
    finally:
        db.close()
