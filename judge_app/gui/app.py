"""Starting the workspace: `judge-app gui [--db PATH]` or `python -m judge_app.gui`."""

from __future__ import annotations

import argparse
import sys

from judge_app.qt import i18n
from judge_app.gui.error_report import install_excepthook
from judge_app.gui.main_window import MainWindow
from judge_app.qt.app import ensure_app
from judge_app.gui.startup_probe import watch_first_paint
from judge_app.gui.workspace import Workspace


def open_window(db_location: str | None = None, actor: str | None = None, language: str | None = None) -> MainWindow:
    from PySide6.QtCore import QSettings

    ensure_app()
    settings = QSettings()
    i18n.install_language(language or settings.value("language", i18n.ZH))
    window = MainWindow(Workspace(actor=actor or settings.value("operator", "") or None), settings)
    window.ask_operator_at_first_change()
    if db_location:  # otherwise the welcome screen offers the demo, a template and the recent files
        window.open_path(db_location, create=False)
    return window


def run(db_location: str | None = None, actor: str | None = None, language: str | None = None) -> int:
    app = ensure_app()
    install_excepthook()  # a bug in a slot: a program-error report and the log, never a silent print
    window = open_window(db_location, actor, language)
    watch_first_paint(window)  # bench/bench_startup.py only (JUDGE_APP_STARTUP_PROBE)
    window.show()
    try:
        return app.exec()
    finally:  # closing checkpoints the WAL: the .sqlite file left behind is the whole contest
        window.ws.close_db()


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(prog="python -m judge_app.gui", description="比赛评分系统 judge_app 工作台")
    parser.add_argument("--db", help="比赛数据库文件 (database file)")
    parser.add_argument("--user", help="操作人 (who is acting, for the audit log)")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="界面语言 (language)")
    args = parser.parse_args(argv)
    return run(args.db or os.environ.get("JUDGE_APP_DB"), args.user, args.lang)


if __name__ == "__main__":
    sys.exit(main())
