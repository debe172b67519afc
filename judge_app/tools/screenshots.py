"""Render every main screen of the workspace on the demo contest to PNG at 1366×768.

    python -m judge_app.tools.screenshots OUTDIR [--lang en]

The demo database is created afresh in a temporary folder, with a few things a real day has:
a comment from a judge, a manual conflict of interest, and a double-entry mismatch to resolve.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

WIDTH, HEIGHT = 1366, 768


def _prepare(folder: Path) -> str:
    from judge_app.services import double_entry
    from judge_app.services.conflicts import set_conflict
    from judge_app.services.demo import load_demo
    from judge_app.services.score_entry import save_comment
    from judge_app.store.database import open_database

    path = folder / "demo.sqlite"
    load_demo(str(path), "演示")
    db = open_database(str(path))
    save_comment(db, "final", "expert", "E04", "Z03", "产业链定位清晰, 落地路径具体。", "录入员王")
    save_comment(db, "final", "expert", "E02", "Z03", "建议补充投资强度测算。", "录入员王")
    set_conflict(db, "E03", "Z11", "曾为该项目提供咨询 (advised the project)", "组委会")
    first = {"quality": Decimal("24"), "results": Decimal("23.5"), "pitch": Decimal("16"), "defense": Decimal("15")}
    second = dict(first, results=Decimal("25.3"))
    double_entry.enter_blind(db, "final", "expert", "E05", "Z07", first, "录入员王")
    double_entry.enter_blind(db, "final", "expert", "E05", "Z07", second, "录入员李")
    db.close()
    return str(path)


def render(outdir: Path, language: str = "zh_CN") -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings

    from judge_app.gui import i18n
    from judge_app.gui.main_window import MainWindow, NewContestDialog
    from judge_app.gui.qt_app import ensure_app
    from judge_app.gui.tasks import wait_all
    from judge_app.gui.workspace import Workspace
    from judge_app.resources import resource_path
    from judge_app.services import roster
    from judge_app.store.database import open_database

    app = ensure_app()
    outdir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = _prepare(folder)
        i18n.install_language(language)
        settings = QSettings(str(folder / "settings.ini"), QSettings.IniFormat)
        window = MainWindow(Workspace(open_database(db_path), "录入员李"), settings)
        window.ws.db  # noqa: B018 - opened above
        window._remember(db_path)
        window.resize(WIDTH, HEIGHT)
        window.show()

        def settle() -> None:
            for _ in range(5):
                QCoreApplication.processEvents()

        def grab(widget, name: str) -> None:
            settle()
            target = outdir / f"{name}.png"
            widget.grab().save(str(target))
            shots.append(target)

        window.tabs.setCurrentWidget(window.setup_page)
        grab(window, "01-setup")
        page = window.entry_page
        window.tabs.setCurrentWidget(page)
        page.select("final", "expert", "E05")
        page.grid.setCurrentIndex(page.model.index(2, 3))
        grab(window, "02-score-entry")
        page.double_box.setChecked(True)
        page.clerk_edit.setText("录入员李")
        page.load_sheet()
        page.mismatch_view.selectRow(1)
        grab(window, "03-double-entry-mismatch")
        page.select("final", "expert", "E03")
        page.double_box.setChecked(False)
        blocked = next(i for i, r in enumerate(page.model.rows) if r.blocked)
        page.grid.setCurrentIndex(page.model.index(blocked - 1, 2))
        grab(window, "04-score-entry-conflict")
        window.tabs.setCurrentWidget(window.results_page)
        window.results_page.view.selectRow(0)
        grab(window, "05-results")
        window.tabs.setCurrentWidget(window.conflicts_page)
        grab(window, "06-conflicts")
        window.tabs.setCurrentWidget(window.audit_page)
        grab(window, "07-audit-log")

        wizard = window.vote_wizard(str(resource_path("demo", "votes_export.csv")))
        wizard.resize(900, 620)
        grab(wizard, "08-vote-wizard-file")
        wizard.next()
        wait_all()
        settle()
        grab(wizard, "09-vote-wizard-preview")
        wizard.close()

        roster_file = folder / "参赛名单.csv"
        roster_file.write_text("2025年招商大比武参赛项目名单\n序号,项目名称,所在单位,主讲人\n"
                               "Z21,临空经济区招商推介,望牛墩镇,李明、赵婷\nZ22,数字文创产业园,洪梅镇,孙悦\n",
                               encoding="gb18030")
        dialog = window.setup_page.import_roster(roster.ENTRIES, str(roster_file))
        dialog.resize(900, 520)
        grab(dialog, "10-roster-import")
        dialog.close()
        new = NewContestDialog(window, str(folder))
        new.show()
        grab(new, "11-new-from-template")
        new.close()
        window.close()
        window.ws.set_db(None)
    _ = app
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m judge_app.tools.screenshots")
    parser.add_argument("outdir")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args(argv)
    for path in render(Path(args.outdir), args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
