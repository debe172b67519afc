"""The desktop workspace and the host console on both engines: the workspace opens a PostgreSQL
URL as it opens a file (never showing or remembering the password), and the console follows a
score written by another process on the same database."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from conftest import is_postgresql
from judge_app.cli import main as cli_main
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")


def official(capsys, location: str) -> dict:
    capsys.readouterr()
    assert cli_main(["--db", location, "rank", "--round", "final", "--format", "json"]) == 0
    return {e["code"]: e for e in json.loads(capsys.readouterr().out)["entries"]}


def test_workspace_opens_the_database_and_shows_its_ranking(qtbot, tmp_path, engine_url, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui_support import window

    load_demo(engine_url, "demo")
    w = window(qtbot, tmp_path)
    if is_postgresql(engine_url):  # 文件 → 打开共享数据库…
        warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
        assert not w.open_server_dialog(str(tmp_path / "contest.sqlite")) and "postgresql://" in warnings[0]
        assert w.open_server_dialog(engine_url)
    else:
        assert w.open_path(engine_url)
    title, remembered = w.windowTitle(), w.recent_files()[0]
    if is_postgresql(engine_url):
        assert "judge_test:judge_test@" not in title + remembered + w.statusBar().currentMessage()
        assert "judge_test:***@127.0.0.1" in title
        assert remembered == engine_url.replace("judge_test:judge_test@", "judge_test@")
    else:
        assert engine_url in title and remembered == engine_url
    page = w.results_page
    w.tabs.setCurrentWidget(page)
    report = round_report(w.ws.db, "final")
    assert [(r.rank, r.code, r.total) for r in page.model.rows] == [
        (s.rank, s.code, str(s.total) if s.total is not None else "") for s in report.result.standings]
    w.ws.set_db(None)


def test_console_follows_a_score_written_by_another_process(qtbot, capsys, engine_url):
    from judge_app.stage.console import open_host_console
    from tools.stage_screenshots import FixedClock

    load_demo(engine_url, "demo")
    db = open_database(engine_url)
    console = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2)
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    try:
        c = console.controller
        before = official(capsys, engine_url)
        last = max((e for e in before.values() if e["rank"]), key=lambda e: e["rank"])["code"]
        start = c.reloads
        script = (
            "import sys; from decimal import Decimal; from judge_app.store.database import open_database;"
            "from judge_app.services.scores.score_entry import save_scores;"
            "db = open_database(sys.argv[1])\n"
            "for j in range(1, 10):\n"
            f"    save_scores(db, 'final', 'onsite', f'P0{{j}}', '{last}', {{'overall': Decimal('10')}}, 'clerk')\n"
            "db.close()"
        )
        done = subprocess.run([sys.executable, "-c", script, engine_url], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        after = official(capsys, engine_url)
        assert after[last]["total"] != before[last]["total"]
        qtbot.waitUntil(lambda: c.reloads > start, timeout=5000)
        qtbot.waitUntil(lambda: c.show.report.result.standing(last).total == Decimal(after[last]["total"]), timeout=5000)
    finally:
        console.close()
        db.close()
