"""Locks and sign-off: a locked component or round refuses every change; unlocking is audited."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import text

from integrity_support import direct_csv, make_db, scores_csv, votes_csv
from judge_app.cli import main
from judge_app.services.results import locks
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.scores.direct_import import import_direct
from judge_app.services.scores.score_entry import save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes

VALUES = {"a": Decimal(8), "b": Decimal(7)}


@pytest.fixture
def db(engine_url):
    d = make_db(engine_url)
    yield d
    d.close()


def writers(tmp_path):
    """Every write service, each as a call that changes one component of round final."""
    return {
        "expert": [
            lambda db: save_scores(db, "final", "expert", "J1", "E0001", VALUES, "clerk"),
            lambda db: import_scores(db, scores_csv(tmp_path / "s.csv", [("J2", "E0002", "5", "5")]), "final", "expert", "clerk"),
        ],
        "online": [lambda db: import_votes(db, votes_csv(tmp_path / "v.csv", {"E0001": 3}), "final", "online", "clerk")],
        "stage": [lambda db: import_direct(db, direct_csv(tmp_path / "d.csv", {"E0001": "90"}), "final", "stage", "clerk")],
    }


def counts(db) -> tuple:
    with db.session() as s:
        return tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("score", "vote_tally", "direct_score", "audit_event"))


def test_a_locked_component_refuses_every_writer_and_others_still_work(db, tmp_path):
    locks.lock(db, "final", "expert", "admin")
    calls = writers(tmp_path)
    for call in calls["expert"]:
        before = counts(db)
        with pytest.raises(locks.Locked, match="final.expert"):
            call(db)
        assert counts(db) == before
    for key in ("online", "stage"):
        for call in calls[key]:
            call(db)


def test_a_locked_round_refuses_every_component(db, tmp_path):
    locks.lock(db, "final", None, "admin")
    before = counts(db)
    for calls in writers(tmp_path).values():
        for call in calls:
            with pytest.raises(locks.Locked, match="round final is locked"):
                call(db)
    assert counts(db) == before


def test_a_dry_run_vote_import_is_allowed_on_a_locked_component(db, tmp_path):
    locks.lock(db, "final", "online", "admin")
    report = import_votes(db, votes_csv(tmp_path / "v.csv", {"E0001": 3}), "final", "online", "clerk", dry_run=True)
    assert report.dry_run and report.tally["E0001"] == 3


def test_unlock_needs_a_reason_is_audited_and_allows_writes_again(db, tmp_path):
    locks.lock(db, "final", "expert", "admin")
    with pytest.raises(ServiceError, match="reason"):
        locks.unlock(db, "final", "expert", "admin", "  ")
    locks.unlock(db, "final", "expert", "admin", "评委E02录错, 复核后更正")
    save_scores(db, "final", "expert", "J1", "E0001", VALUES, "clerk")
    events = audit_lines(db, oldest_first=True, target="lock:final.expert")
    assert [e.action for e in events] == ["lock", "unlock"]
    assert json.loads(events[1].new)["reason"] == "评委E02录错, 复核后更正"
    assert verify(db).ok


def test_locking_twice_unlocking_an_unlocked_target_and_unknown_targets_are_refused(db):
    locks.lock(db, "final", "expert", "admin")
    with pytest.raises(ServiceError, match="already locked"):
        locks.lock(db, "final", "expert", "admin")
    with pytest.raises(ServiceError, match="not locked"):
        locks.unlock(db, "final", None, "admin", "理由充分")
    with pytest.raises(ServiceError, match="unknown component"):
        locks.lock(db, "final", "nope", "admin")
    with pytest.raises(ServiceError, match="unknown round"):
        locks.lock(db, "semi", None, "admin")


def test_signoff_needs_the_round_locked_and_unlock_revokes_it(db):
    with db.session() as s:
        with pytest.raises(ServiceError, match="not signed off"):
            locks.require_signed_off(s, "final")
    locks.lock(db, "final", "expert", "admin")
    with pytest.raises(ServiceError, match="lock the whole round"):
        locks.signoff(db, "final", "王主任", "admin")
    locks.lock(db, "final", None, "admin")
    signed = locks.signoff(db, "final", "王主任", "admin")
    assert signed.chain_head == audit_lines(db, oldest_first=True)[-2].hash  # the head it vouches for: the events before the sign-off
    with pytest.raises(ServiceError, match="already signed off"):
        locks.signoff(db, "final", "王主任", "admin")
    with db.session() as s:
        assert locks.require_signed_off(s, "final").head_judge == "王主任"
    locks.unlock(db, "final", None, "admin", "更正投票数据")
    assert locks.current_signoff(db, "final") is None
    assert json.loads(audit_lines(db, oldest_first=True, target="lock:final")[-1].new)["signoff_revoked"] == ["王主任"]


def test_lock_and_unlock_make_backups(db):
    if db.path is None:
        pytest.skip("automatic backups before a lock are of a database file; a server database is dumped on request")
    locks.lock(db, "final", "expert", "admin")
    locks.unlock(db, "final", "expert", "admin", "需要更正")
    names = [p.name for p in (db.path.parent / f"{db.path.name}.backups").iterdir()]
    assert any("lock-final.expert" in n and "unlock" not in n for n in names)
    assert any("unlock-final.expert" in n for n in names)


def test_cli_lock_unlock_signoff(db, capsys):
    path = db.location
    assert main(["--db", path, "lock", "--round", "final", "--component", "expert"]) == 0
    assert main(["--db", path, "lock", "--list"]) == 0
    assert "final.expert" in capsys.readouterr().out
    assert main(["--db", path, "signoff", "--round", "final", "--head-judge", "王主任"]) == 2
    assert "lock the whole round" in capsys.readouterr().err
    assert main(["--db", path, "lock", "--round", "final"]) == 0
    assert main(["--db", path, "signoff", "--round", "final", "--head-judge", "王主任"]) == 0
    assert main(["--db", path, "unlock", "--round", "final", "--reason", "x"]) == 2
    assert main(["--db", path, "unlock", "--round", "final", "--reason", "更正票数"]) == 0
    assert locks.current_signoff(db, "final") is None


WRITES_ROUND_INPUTS = ("apply_scores(", "VoteTallyRow", "store_tally(", "DirectScoreRow", "ScoreRow", "into score", "into vote_tally",
                       "into direct_score", "update score", "update direct_score", "from score where", "from vote_tally where")


def test_every_service_that_writes_round_inputs_checks_locks_and_roles():
    """A new writer of scores, tallies or direct scores (GUI, LAN, stage) must call both guards."""
    from pathlib import Path

    import judge_app.services as services

    writers = []
    for module in sorted(Path(services.__file__).parent.rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        if any(marker in source.lower() for marker in (m.lower() for m in WRITES_ROUND_INPUTS)):
            writers.append(module.name)
            assert "require_unlocked(" in source, f"{module.name} writes round inputs without require_unlocked"
            assert "require_role(" in source, f"{module.name} writes round inputs without require_role"
    assert {"score_entry.py", "score_import.py", "vote_import.py", "direct_import.py"} <= set(writers)


def setup_writers(tmp_path, actor="admin"):
    """Every setup change that alters a round's result: weights, award rules, entries, judges,
    conflicts, a roster import."""
    from dataclasses import replace

    from judge_app.domain.contest import AwardTier, Entry, Judge
    from judge_app.services.contest import contest_edit, roster
    from judge_app.services.contest.conflicts import set_conflict
    from judge_app.services.contest.workspace_files import current_contest

    def weights(db):
        comps = list(current_contest(db).round("final").components)
        comps[0], comps[1] = replace(comps[0], weight=Decimal("0.6")), replace(comps[1], weight=Decimal("0.2"))
        contest_edit.update_components(db, "final", comps, actor)

    entries = tmp_path / "entries.csv"
    entries.write_text("编号,作品名称\nE0001,改名的作品\n", encoding="utf-8")
    return {
        "weights": weights,
        "awards": lambda db: contest_edit.update_round_rules(db, "final", [AwardTier("一等奖", 1)], [], actor),
        "entry": lambda db: roster.save_entry(db, Entry("E0002", "新名称"), actor),
        "judge": lambda db: roster.save_judge(db, Judge("J1", "评委1", "某单位", ("final.expert",)), actor),
        "conflict": lambda db: set_conflict(db, "J1", "E0003", "亲属", actor),
        "roster": lambda db: roster.import_roster(db, entries, roster.ENTRIES, {"code": 0, "title": 1}, actor),
    }


def test_a_locked_round_refuses_setup_changes_that_alter_its_result(db, tmp_path):
    calls = setup_writers(tmp_path)
    locks.lock(db, "final", None, "admin")
    for name, call in calls.items():
        before = counts(db)
        with pytest.raises(locks.Locked, match="final"):
            call(db)
        assert counts(db) == before, name
    locks.unlock(db, "final", None, "admin", "更正权重")
    for call in calls.values():
        call(db)


def test_setup_changes_need_an_administrator_once_accounts_exist(db, tmp_path):
    from judge_app.services.integrity import users

    users.add_user(db, "admin", users.ADMINISTRATOR, "123456", "admin")
    users.add_user(db, "clerk", users.CLERK, "567890", "admin")
    for name, call in setup_writers(tmp_path).items():
        before = counts(db)
        with pytest.raises(users.PermissionRefused, match="clerk"):
            setup_writers(tmp_path, "clerk")[name](db)
        assert counts(db) == before, name
        call(db)  # the administrator may

