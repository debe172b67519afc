"""The first window: a contest file's first screen is shown before the database layer is loaded,
its database opens right after, and every page built later shows what it would have shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from judge_app.gui.main_window import MainWindow
from judge_app.services.contest.conflicts import conflict_matrix
from judge_app.services.contest.contest_details import contest_details, update_details
from judge_app.services.contest.workspace_files import current_contest
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from tests.gui_support import copy_demo, window

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FIRST_WINDOW = """
import json, sys
from judge_app.gui.app import open_window
from judge_app.qt.app import ensure_app

app = ensure_app()
w = open_window(sys.argv[1], actor="test")
w.show()
app.processEvents()
before = sorted(m for m in ("sqlalchemy", "sqlmodel", "judge_app.store.models", "judge_app.store.database")
                if m in sys.modules)
shown = {"loaded": before, "title": w.setup_page.title.text(), "entries": w.setup_page.entries.rowCount(),
         "pending": w.ws.first_screen is not None, "tabs": w.pages.currentWidget() is w.tabs}
w.ws.finish_opening()
shown["opened"] = w.ws.db is not None and "sqlalchemy" in sys.modules
w.ws.close_db()
print(json.dumps(shown, ensure_ascii=False))
"""


def test_the_first_window_shows_the_contest_before_the_database_layer_loads(tmp_path):
    demo = copy_demo(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("JUDGE_APP_STARTUP_PROBE", None)
    out = subprocess.run([sys.executable, "-c", FIRST_WINDOW, demo], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=120, check=True).stdout
    shown = json.loads(out.splitlines()[-1])
    db = open_database(demo, create=False)
    try:
        contest = current_contest(db)
    finally:
        db.close()
    assert shown["loaded"] == [], "the first paint waited for the database layer"
    assert shown["pending"] and shown["tabs"] and contest.name in shown["title"]
    assert shown["entries"] == len(contest.entries)
    assert shown["opened"]


def _opened(qtbot, tmp_path) -> tuple[MainWindow, str]:
    demo = copy_demo(tmp_path)
    w = window(qtbot, tmp_path)
    assert w.open_path(demo)
    assert w.ws.first_screen is not None and w.ws.is_open  # shown from the light read, not yet opened
    return w, demo


def test_pages_built_on_first_use_show_the_contest_as_it_is_then(qtbot, tmp_path):
    from judge_app.gui.results_page import ranking_rows

    w, demo = _opened(qtbot, tmp_path)
    assert not any(w.tabs.is_built(i) for i in (w.ENTRY_TAB, w.RESULTS_TAB, w.CONFLICTS_TAB, w.AUDIT_TAB))
    other = open_database(demo, create=False)  # another program renames the contest meanwhile
    try:
        update_details(other, contest_details(other).changed(name="2025年决赛 (改名)"), "other")
        report = round_report(other, "final")
        lines = audit_lines(other, limit=5000)
        matrix = conflict_matrix(other)
    finally:
        other.close()
    w.tabs.setCurrentIndex(w.RESULTS_TAB)  # the user clicks the tab: built now, from the open database
    assert w.tabs.is_built(w.RESULTS_TAB) and w.tabs.currentWidget() is w.results_page
    assert w.ws.first_screen is None and w.ws.db is not None
    assert w.results_page.model.rows == ranking_rows(report)
    assert [(x.id, x.action) for x in w.audit_page.model.rows] == [(x.id, x.action) for x in lines]
    assert w.entry_page.ws is w.ws and w.tabs.widget(w.ENTRY_TAB) is w.entry_page
    assert w.conflicts_page.model.matrix == matrix
    assert w.tabs.currentWidget() is w.results_page  # building a page never switched the tab


def test_a_change_made_elsewhere_before_the_deferred_open_is_announced(qtbot, tmp_path):
    w, demo = _opened(qtbot, tmp_path)
    other = open_database(demo, create=False)
    try:
        update_details(other, contest_details(other).changed(name="改名后的比赛"), "other")
    finally:
        other.close()
    assert "改名后的比赛" not in w.setup_page.title.text()
    assert w.elsewhere.check()  # the next poll opens the database and catches up from the first screen's event
    assert w.ws.first_screen is None and "改名后的比赛" in w.setup_page.title.text()


def test_the_deferred_open_runs_after_the_first_paint(qtbot, tmp_path):
    w, _demo = _opened(qtbot, tmp_path)
    w.repaint()
    qtbot.waitUntil(lambda: w.ws.first_screen is None, timeout=5000)
    assert w.ws.db is not None and w.pages.currentWidget() is w.tabs


def test_a_file_damaged_after_its_first_screen_was_read_is_refused_not_shown(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: shown.append(a[2]) or QMessageBox.StandardButton.No)
    w, demo = _opened(qtbot, tmp_path)
    Path(demo).write_bytes(b"\0" * 4096)  # overwritten before the database opened
    for side in ("-wal", "-shm"):
        Path(demo + side).unlink(missing_ok=True)
    assert not w.ws.finish_opening()
    assert shown and w.ws.db is None and not w.ws.is_open
    assert w.pages.currentWidget() is w.welcome
