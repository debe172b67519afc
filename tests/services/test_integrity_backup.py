"""Backups: made before every import, lock and unlock, rotated; a damaged file is refused with the
newest sound backup offered and never replaced; `judge-app backup` and `restore`."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal

import pytest

from integrity_support import direct_csv, make_db, scores_csv, votes_csv
from judge_app.cli import main
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.scores.direct_import import import_direct
from judge_app.services.scores.score_entry import save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.store.backup import backup_dir, backup_if_older, list_backups, make_backup
from judge_app.store.database import DatabaseDamaged, open_database


@pytest.fixture
def db(tmp_path):
    d = make_db(tmp_path / "c.sqlite")
    yield d
    d.close()


def count(path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def damage(path) -> None:
    """Overwrite the start of every page after the first: what a failing disk does."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    with open(path, "r+b") as fh:
        for page in range(1, pages):
            fh.seek(size * page)
            fh.write(b"\x0d\xff\xff\xff" * 8)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_import_is_preceded_by_a_backup_of_the_state_before_it(db, tmp_path):
    import_scores(db, scores_csv(tmp_path / "s.csv", [("J1", "E0001", "8", "7")]), "final", "expert", "c")
    import_votes(db, votes_csv(tmp_path / "v.csv", {"E0001": 5}), "final", "online", "c")
    import_votes(db, votes_csv(tmp_path / "v.csv", {"E0001": 5}), "final", "online", "c", dry_run=True)
    import_direct(db, direct_csv(tmp_path / "d.csv", {"E0001": "90"}), "final", "stage", "c")
    backups = list(reversed(list_backups(db.path)))  # oldest first
    assert ["scores.import" in backups[0].name, "votes.import" in backups[1].name, "direct.import" in backups[2].name] == [True] * 3
    assert len(backups) == 3  # the dry run wrote nothing and backed up nothing
    assert count(backups[0], "score") == 0 and count(backups[1], "score") == 2
    assert count(backups[1], "vote_tally") == 0 and count(backups[2], "vote_tally") == 1
    assert count(backups[2], "direct_score") == 0
    for b in backups:
        assert open(b, "rb").read(16) == b"SQLite format 3\x00"


def test_a_backup_includes_what_is_still_in_the_wal(db, tmp_path):
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(2)}, "c")
    assert (tmp_path / "c.sqlite-wal").stat().st_size > 0  # the engine is still open: not checkpointed
    copy = make_backup(db.path, "test")
    assert count(copy, "score") == 2


def test_backups_are_rotated(db, monkeypatch):
    monkeypatch.setenv("JUDGE_APP_BACKUP_KEEP", "3")
    made = [make_backup(db.path, f"n{i}") for i in range(6)]
    assert list_backups(db.path) == list(reversed(made[-3:]))


def test_periodic_backup_waits_for_the_interval(db):
    assert backup_if_older(db.path, 300) is not None
    assert backup_if_older(db.path, 300) is None
    assert backup_if_older(db.path, 0) is not None


def test_a_damaged_file_is_refused_with_the_newest_sound_backup_and_left_alone(db, tmp_path):
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(2)}, "c")
    older = make_backup(db.path, "older")
    newest = make_backup(db.path, "newest")
    damage(newest)  # the newest backup is itself damaged: the older one is offered
    db.close()
    path = tmp_path / "c.sqlite"
    damage(path)
    before = digest(path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(str(path))
    assert caught.value.backup == older
    assert str(older) in str(caught.value) and "restore" in str(caught.value)
    assert digest(path) == before


def test_cli_reports_damage_and_restore_brings_the_backup_back(db, tmp_path, capsys):
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(2)}, "c")
    path = str(db.path)
    assert main(["--db", path, "backup"]) == 0
    good = list_backups(db.path)[0]
    db.close()
    damage(db.path)
    assert main(["--db", path, "rank", "--round", "final"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and str(good) in err
    assert main(["--db", path, "restore", str(good)]) == 0
    out = capsys.readouterr().out
    assert "damaged-" in out  # the damaged file was kept aside, not deleted
    assert list(tmp_path.glob("c.sqlite.damaged-*"))
    restored = open_database(path)
    try:
        assert verify(restored).ok
        assert audit_lines(restored, oldest_first=True)[-1].action == "restore"
        with restored.session() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM score")).scalar() == 2
    finally:
        restored.close()


def test_restore_over_a_sound_file_keeps_its_content_as_a_backup(db, tmp_path, capsys):
    path = str(db.path)
    assert main(["--db", path, "backup", "--to", str(tmp_path / "before.sqlite")]) == 0
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(2)}, "c")
    assert main(["--db", path, "restore", str(tmp_path / "before.sqlite")]) == 0
    assert count(db.path, "score") == 0
    kept = [p for p in list_backups(db.path) if "before-restore" in p.name]
    assert kept and count(kept[0], "score") == 2


def test_a_damaged_backup_is_not_restored(db, tmp_path, capsys):
    bad = make_backup(db.path, "bad")
    damage(bad)
    db.checkpointer.checkpoint()  # the file holds every write so far, as after any idle moment
    before = digest(db.path)
    assert main(["--db", str(db.path), "restore", str(bad)]) == 2
    assert "backup is damaged" in capsys.readouterr().err
    assert digest(db.path) == before
    assert backup_dir(db.path).is_dir()


def test_parts_left_by_a_killed_backup_are_cleared_once_old(db):
    import os
    import time

    folder = backup_dir(db.path)
    folder.mkdir(exist_ok=True)
    old, fresh = folder / "c-old.sqlite.part", folder / "c-fresh.sqlite.part"
    for part in (old, fresh):
        part.write_bytes(b"half a backup")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    make_backup(db.path, "x")
    assert not old.exists() and fresh.exists()  # a fresh one may belong to a backup in progress
    assert all(p.suffix == ".sqlite" for p in list_backups(db.path))
