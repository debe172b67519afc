"""Helpers for the workspace (GUI) tests: a main window on a fresh database, typing into the grid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from judge_app.gui.main_window import MainWindow
from judge_app.qt.app import ensure_app
from judge_app.gui.tasks import SyncRunner
from judge_app.gui.workspace import Workspace
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.database import open_database

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "data"


def example_db(tmp_path: Path, name: str = "example.sqlite"):
    db = open_database(str(tmp_path / name), create=True)
    create_contest(db, read_contest_file(EXAMPLES / "contest.toml"), "setup")
    return db


def window(qtbot, tmp_path: Path, db=None, actor: str = "clerk-a") -> MainWindow:
    ensure_app()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    w = MainWindow(Workspace(db, actor, runner=SyncRunner()), settings)  # long calls finish before the next line
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)
    return w


def type_cell(qtbot, view, text: str, key=Qt.Key_Return) -> None:
    """Type into the grid's current cell as a clerk does: after Enter/Tab the next cell is already
    open for typing; on a cell that is not open, the first key opens the editor."""
    if not view.is_editing():
        view.setFocus()
        qtbot.keyClicks(view, text[0])
        text = text[1:]
    editor = current_editor(view)
    if text:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, key)
    QApplication.processEvents()  # Enter commits and moves on through a queued call


def copy_demo(tmp_path: Path) -> str:
    from judge_app.services.contest.demo import load_demo

    target = tmp_path / "demo.sqlite"
    load_demo(str(target), "demo")
    return str(target)




def current_editor(view):
    """The open cell editor (typing opened it and it has the keyboard focus)."""
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "typing did not open an editor"
    return editor
