"""Render every main screen of the workspace on the demo contest to PNG at 1366×768.

    python -m tools.screenshots OUTDIR [--lang en]

The demo database is created afresh in a temporary folder, with a few things a real day has:
a comment from a judge, a manual conflict of interest, and a double-entry mismatch to resolve.

Each screen is one function `show_…(window, folder)` that puts the window in the state to
photograph and returns the widget to grab; the user guide's script
(`tools.guide_screenshots`) reuses them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

WIDTH, HEIGHT = 1366, 768
CLERK = "录入员李"


def prepare_demo(folder: Path) -> str:
    """The demo contest in `folder`/demo.sqlite with a comment, a manual conflict and a
    double-entry mismatch (E05 × Z07 typed differently by two clerks)."""
    from judge_app.services.scores import double_entry
    from judge_app.services.contest.conflicts import set_conflict
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.scores.score_entry import save_comment
    from judge_app.store.database import open_database

    path = folder / "demo.sqlite"
    load_demo(str(path), "演示")
    db = open_database(str(path))
    save_comment(db, "final", "expert", "E04", "Z03", "产业链定位清晰, 落地路径具体。", "录入员王")
    save_comment(db, "final", "expert", "E02", "Z03", "建议补充投资强度测算。", "录入员王")
    set_conflict(db, "E03", "Z11", "曾为该项目提供咨询 (advised the project)", "组委会", remove_scores=True)
    first = {"quality": Decimal("24"), "results": Decimal("23.5"), "pitch": Decimal("16"), "defense": Decimal("15")}
    second = dict(first, results=Decimal("25.3"))
    double_entry.enter_blind(db, "final", "expert", "E05", "Z07", first, "录入员王")
    double_entry.enter_blind(db, "final", "expert", "E05", "Z07", second, "录入员李")
    db.close()
    return str(path)


def settle() -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(5):
        QCoreApplication.processEvents()


def open_window(db_path: str, folder: Path, language: str = "zh_CN"):
    """The main window on `db_path` at 1366×768, its settings kept in `folder`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from judge_app.qt import i18n
    from judge_app.gui.main_window import MainWindow
    from judge_app.qt.app import ensure_app
    from judge_app.gui.tasks import SyncRunner
    from judge_app.gui.workspace import Workspace
    from judge_app.store.database import open_database

    ensure_app()
    i18n.install_language(language)
    settings = QSettings(str(folder / "settings.ini"), QSettings.IniFormat)
    window = MainWindow(Workspace(open_database(db_path), CLERK, runner=SyncRunner()), settings)
    window._remember(db_path)
    window.resize(WIDTH, HEIGHT)
    window.show()
    return window


def close_window(window) -> None:
    window.close()
    window.ws.set_db(None)


# ---- one function per screen: put the window in the state, return the widget to grab ----------

def show_setup(window, folder: Path):
    window.setup_page.reload()  # drop edits an earlier picture made
    window.tabs.setCurrentWidget(window.setup_page)
    return window


def _entry_page(window):
    page = window.entry_page
    window.tabs.setCurrentWidget(page)
    page.hint.setText("")  # no message left from an earlier picture
    return page


def show_score_entry(window, folder: Path):
    page = _entry_page(window)
    page.double_box.setChecked(False)
    page.select("final", "expert", "E05")
    page.grid.setCurrentIndex(page.model.index(2, 3))
    return window


def show_double_entry_mismatch(window, folder: Path):
    page = _entry_page(window)
    page.select("final", "expert", "E05")
    page.double_box.setChecked(True)
    page.clerk_edit.setText(CLERK)
    page.load_sheet()
    page.mismatch_view.selectRow(1)
    return window


def show_score_entry_conflict(window, folder: Path):
    page = _entry_page(window)
    page.select("final", "expert", "E03")
    page.double_box.setChecked(False)
    blocked = next(i for i, r in enumerate(page.model.rows) if r.blocked)
    page.grid.setCurrentIndex(page.model.index(blocked - 1, 2))
    return window


def show_results(window, folder: Path):
    window.tabs.setCurrentWidget(window.results_page)
    window.results_page.view.selectRow(0)
    return window


def show_conflicts(window, folder: Path):
    window.tabs.setCurrentWidget(window.conflicts_page)
    return window


def show_audit_log(window, folder: Path):
    window.tabs.setCurrentWidget(window.audit_page)
    return window


def show_vote_wizard_file(window, folder: Path, path: str | None = None):
    from judge_app.resources import resource_path

    wizard = window.vote_wizard(path or str(resource_path("demo", "votes_export.csv")))
    wizard.resize(900, 620)
    return wizard


def show_vote_wizard_preview(window, folder: Path, path: str | None = None):
    from judge_app.gui.tasks import wait_all

    wizard = show_vote_wizard_file(window, folder, path)
    wizard.next()
    wait_all()
    settle()
    return wizard


def roster_file(folder: Path) -> Path:
    """An entries roster as a venue gets it: GB18030, a title line above the header."""
    path = folder / "参赛名单.csv"
    path.write_text("2025年招商大比武参赛项目名单\n序号,项目名称,所在单位,主讲人\n"
                    "Z21,临空经济区招商推介,望牛墩镇,李明、赵婷\nZ22,数字文创产业园,洪梅镇,孙悦\n",
                    encoding="gb18030")
    return path


def show_roster_import(window, folder: Path):
    from judge_app.services.contest import roster

    dialog = window.setup_page.import_roster(roster.ENTRIES, str(roster_file(folder)))
    dialog.resize(900, 520)
    return dialog


def show_new_from_template(window, folder: Path):
    from judge_app.gui.main_window import NewContestDialog

    dialog = NewContestDialog(window, str(folder))
    dialog.show()
    return dialog


Shot = Callable[..., object]
WORKSPACE_SHOTS: tuple[tuple[str, Shot], ...] = (
    ("01-setup", show_setup),
    ("02-score-entry", show_score_entry),
    ("03-double-entry-mismatch", show_double_entry_mismatch),
    ("04-score-entry-conflict", show_score_entry_conflict),
    ("05-results", show_results),
    ("06-conflicts", show_conflicts),
    ("07-audit-log", show_audit_log),
    ("08-vote-wizard-file", show_vote_wizard_file),
    ("09-vote-wizard-preview", show_vote_wizard_preview),
    ("10-roster-import", show_roster_import),
    ("11-new-from-template", show_new_from_template),
)


def grab(widget, target: Path) -> Path:
    """Save what `widget` shows as PNG; a dialog (anything but a main window) is closed after."""
    from PySide6.QtWidgets import QMainWindow

    settle()
    widget.grab().save(str(target))
    if not isinstance(widget, QMainWindow):
        widget.close()
    return target


def render(outdir: Path, language: str = "zh_CN") -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from judge_app.qt.app import ensure_app

    app = ensure_app()
    outdir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window = open_window(prepare_demo(folder), folder, language)
        try:
            for name, show in WORKSPACE_SHOTS:
                shots.append(grab(show(window, folder), outdir / f"{name}.png"))
        finally:
            close_window(window)
    _ = app
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots")
    parser.add_argument("outdir")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args(argv)
    for path in render(Path(args.outdir), args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
