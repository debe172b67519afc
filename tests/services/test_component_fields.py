"""Every component field the setup screen can change is saved: edit → reopen → same value, and the
audit event's old and new snapshots differ in that field (they used to be identical)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.contest_edit import update_components
from judge_app.services.contest.workspace_files import current_contest
from judge_app.store.database import open_database
from tests.gui_support import example_db

D = Decimal

# (component key, field, new value, field's value when the edit also needs another field)
EDITS = [
    ("online", "name", "网络人气", {}),
    ("online", "normalize", "share", {}),
    ("online", "normalize", "rank", {"rank_step": D("5")}),
    ("online", "dedup", "voter", {}),
    ("online", "vote_start", datetime(2024, 9, 1, 8, 0), {}),
    ("online", "vote_end", datetime(2024, 9, 30, 20, 0), {}),
    ("online", "export", "raw", {}),
    ("expert", "drop_highest", 0, {}),
    ("expert", "drop_lowest", 0, {}),
    ("expert", "aggregate", "zscore", {}),
    ("expert", "aggregate", "median", {}),
    ("audience", "weight", D("0.3"), {}),
]


@pytest.mark.parametrize("key,field,value,also", EDITS, ids=[f"{k}.{f}={v}" for k, f, v, _ in EDITS])
def test_a_component_field_survives_reopening_and_is_audited(tmp_path, key, field, value, also):
    db = example_db(tmp_path)
    components = list(current_contest(db).round("final").components)
    old = next(c for c in components if c.key == key)
    assert getattr(old, field) != value
    edited = [replace(c, **{field: value}, **also) if c.key == key else c for c in components]
    if field == "weight":  # weights must still sum to 1
        edited = [replace(c, weight=D("0.5")) if c.key == "expert" else c for c in edited]
    assert update_components(db, "final", edited, "organizer") == (2 if field == "weight" else 1)
    db.close()
    again = open_database(str(tmp_path / "example.sqlite"), create=False)
    assert getattr(current_contest(again).round("final").component(key), field) == value
    event = audit_lines(again)[0]
    assert event.action == "component.update"
    before, after = json.loads(event.old), json.loads(event.new)
    assert before != after
    assert before[field] != after[field]
    again.close()


def test_weight_and_position_round_trip(tmp_path):
    db = example_db(tmp_path)
    online, expert, audience = current_contest(db).round("final").components
    edited = [replace(expert, weight=D("0.5")), replace(online, weight=D("0.3")), audience]
    assert update_components(db, "final", edited, "organizer") == 2
    final = current_contest(db).round("final")
    assert [(c.key, c.weight) for c in final.components] == [("expert", D("0.5")), ("online", D("0.3")),
                                                             ("audience", D("0.2"))]
