"""The `.sqlite` file alone is the whole contest (issue 16, item 9).

A user copies the contest file with the file manager while the app is open: only `NAME.sqlite`,
not `NAME.sqlite-wal`. The copy is made by another process (`cp`), as a file manager would: a
descriptor opened and closed in this process would drop SQLite's POSIX locks (see
qt.file_dialogs). The WAL is checkpointed after writes once the app is idle and on close; 另存副本
writes one complete file through the backup API.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from judge_app.services.contest import roster
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.services.contest.workspace_files import current_contest, save_copy
from judge_app.store import wal_checkpoint
from judge_app.store.change_probe import ChangeProbe
from judge_app.store.database import open_database
from tests.gui_support import example_db, window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def plain_copy(path: Path, tmp_path: Path) -> Path:
    """What a file manager does: copy the .sqlite file only, from another process."""
    target = tmp_path / "usb" / path.name
    target.parent.mkdir(exist_ok=True)
    for side in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        side.unlink(missing_ok=True)
    subprocess.run([shutil.which("cp") or "cp", str(path), str(target)], check=True)
    return target


def count(path: Path, sql: str) -> int | None:
    """A value read from a copied file (None when the copy does not even hold the table)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)


def test_a_plain_copy_holds_the_last_write_within_the_idle_delay(tmp_path, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "IDLE_S", 0.3)
    db = example_db(tmp_path)
    probe = ChangeProbe(db)  # another open connection, as in the workspace: SQLite alone would not checkpoint
    try:
        deadline = time.monotonic() + 5
        while count(plain_copy(db.path, tmp_path), "SELECT COUNT(*) FROM entry") != 7:
            assert time.monotonic() < deadline, "the WAL was not checkpointed while idle"
            time.sleep(0.05)
        assert db.checkpointer.checkpoints >= 1
    finally:
        probe.close()
        db.close()


def test_closing_checkpoints_even_while_another_connection_stays_open(tmp_path, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "IDLE_S", 60.0)
    db = example_db(tmp_path)
    probe = ChangeProbe(db)
    try:
        assert count(plain_copy(db.path, tmp_path), "SELECT COUNT(*) FROM judge") is None  # the defect, before
        db.close()
        assert count(plain_copy(db.path, tmp_path), "SELECT COUNT(*) FROM judge") == 8
    finally:
        probe.close()


def test_reads_alone_schedule_no_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "IDLE_S", 60.0)
    db = example_db(tmp_path)
    try:
        db.checkpointer.close()  # forget the setup's writes
        watcher = wal_checkpoint.WalCheckpointer(db.engine, db.path)
        current_contest(db)
        assert watcher._timer is None
        with db.session() as session:
            session.connection().exec_driver_sql("UPDATE contest SET name = name || '!'")
        assert watcher._timer is not None
        watcher.close()
    finally:
        db.close()


def test_workspace_file_is_complete_soon_after_each_write(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "IDLE_S", 0.5)
    w = window(qtbot, tmp_path)
    path = tmp_path / "招商大比武.sqlite"
    assert w.create_from_template(str(path), "1-zhaoshang")
    entries = tmp_path / "名单.csv"
    entries.write_text("序号,项目名称,所在单位\n" + "".join(f"Z0{i},项目{i},单位{i}\n" for i in range(1, 4)),
                       encoding="utf-8")
    judges = tmp_path / "评委.csv"
    judges.write_text("编号,评委姓名,工作单位,评审组\n" + "".join(f"E0{i},专家{i},机关{i},专家评审\n" for i in range(1, 6)),
                      encoding="utf-8")
    for kind, file in ((roster.ENTRIES, entries), (roster.JUDGES, judges)):
        dialog = w.setup_page.import_roster(kind, str(file))
        qtbot.addWidget(dialog)
        assert dialog.do_import()
    assert w.elsewhere.probe is not None  # the window keeps its own connection open all along
    qtbot.waitUntil(lambda: count(plain_copy(path, tmp_path), "SELECT COUNT(*) FROM entry") == 3, timeout=4000)
    qtbot.waitUntil(lambda: count(plain_copy(path, tmp_path), "SELECT COUNT(*) FROM judge") == 5, timeout=4000)
    # a score typed into the grid reaches the file on its own too
    page = w.entry_page
    w.tabs.setCurrentWidget(page)
    page.select("final", "expert", "E01")
    for col, value in enumerate(("20", "15", "10", "5")):  # the row is saved once its criteria are all typed
        assert page.model.setData(page.model.index(0, page.model.first_criterion_column + col), value)
    assert judge_sheet(w.ws.db, "final", "expert", "E01").rows[0].values
    qtbot.waitUntil(lambda: count(plain_copy(path, tmp_path), "SELECT COUNT(*) FROM score") == 4, timeout=4000)
    # 另存副本 (File → Save a copy): one self-contained file, the whole contest
    copy = save_copy(w.ws.db, tmp_path / "U盘" / "副本.sqlite")
    assert not Path(f"{copy}-wal").exists()
    other = open_database(str(copy), create=False)
    try:
        assert current_contest(other) == current_contest(w.ws.db)
        assert judge_sheet(other, "final", "expert", "E01").rows == judge_sheet(w.ws.db, "final", "expert", "E01").rows
    finally:
        other.close()
