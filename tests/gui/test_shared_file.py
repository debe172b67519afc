"""The workspace and `judge-app` in a terminal share one contest file all day (issue 15's defect).

The workspace window (offscreen) stays open on a contest made from a template; a CLI subprocess
and the window write the same file in turns. Nothing may be lost, every page must show the
other program's writes, and the file must reopen without a damage report. The window first
shows a file dialog on the contest's folder: Qt's dialog used to read every file it listed,
which released SQLite's POSIX locks, so the next CLI run reset the WAL index and deleted the
`-wal`/`-shm` files under the window ("database disk image is malformed").
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from judge_app.qt import file_dialogs
from judge_app.services.contest import roster
from judge_app.services.results.result_formats import as_csv
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.services.results.standings import round_report
from judge_app.store.backup import check_file
from tests.gui_support import ROOT, window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

D = Decimal
CRITERIA = ("项目质量", "招商成效", "路演表现", "现场答辩")
ENTRIES = ("Z01", "Z02", "Z03")


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "judge_app", "--db", str(db), *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=180, cwd=db.parent, env=env)


def browse_folder(folder: Path) -> None:
    """Show the app's open dialog on the contest's folder for a moment, as choosing a roster does."""
    def close():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                widget.reject()

    QTimer.singleShot(800, close)
    assert file_dialogs.getOpenFileName(None, "名单", str(folder), "CSV (*.csv)") == ("", "")


def contest_in_window(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    path = tmp_path / "招商大比武.sqlite"
    assert w.create_from_template(str(path), "1-zhaoshang")
    entries = tmp_path / "名单.csv"
    entries.write_text("序号,项目名称,所在单位\n" + "".join(f"{c},项目{c},单位{c}\n" for c in ENTRIES), encoding="utf-8")
    judges = tmp_path / "评委.csv"
    judges.write_text("编号,评委姓名,工作单位,评审组\n" + "".join(f"E0{i},专家{i},单位{i},专家评审\n" for i in range(1, 6)),
                      encoding="utf-8")
    for kind, file in ((roster.ENTRIES, entries), (roster.JUDGES, judges)):
        dialog = w.setup_page.import_roster(kind, str(file))
        qtbot.addWidget(dialog)
        assert dialog.do_import()
    return w, path


def test_workspace_and_cli_write_one_file_in_turns(qtbot, tmp_path):
    w, path = contest_in_window(qtbot, tmp_path)
    browse_folder(tmp_path)
    page = w.entry_page
    refused: list[str] = []
    page.model.refused.connect(refused.append)
    w.tabs.setCurrentWidget(page)
    expected: dict[tuple[str, str], tuple[D, ...]] = {}
    for turn in range(5):
        # the terminal: one judge's whole sheet
        judge = f"E0{turn % 4 + 1}"
        page.select("final", "expert", judge)
        sheet = tmp_path / f"turn{turn}.csv"
        values = {code: (D(20 + turn), D(15 + n), D(10), D(5 + turn)) for n, code in enumerate(ENTRIES)}
        sheet.write_text("评委编号,作品编号," + ",".join(CRITERIA) + "\n"
                         + "".join(f"{judge},{c},{','.join(map(str, v))}\n" for c, v in values.items()), encoding="utf-8")
        done = cli(path, "scores", "import", "--round", "final", "--component", "expert", str(sheet))
        assert done.returncode == 0, done.stderr
        expected.update({(judge, c): v for c, v in values.items()})
        # the window shows it without being told: the grid of that judge, then the results page
        qtbot.waitUntil(lambda: [tuple(r.values.get(k) for k in ("quality", "results", "pitch", "defense"))
                                 for r in page.model.rows] == list(values.values()), timeout=10000)
        # the window: one row of judge E05, typed into the grid
        page.select("final", "expert", "E05")
        row = turn % len(ENTRIES)
        typed = (D(1 + turn), D(2 + turn), D(3 + turn), D(4 + turn))
        for col, value in enumerate(typed):
            assert page.model.setData(page.model.index(row, page.model.first_criterion_column + col), str(value))
        assert refused == []
        expected[("E05", ENTRIES[row])] = typed
        # the terminal reads what the window wrote: the same ranking, to the byte
        ranked = cli(path, "rank", "--round", "final", "--format", "csv")
        assert ranked.returncode == 0, ranked.stderr
        assert ranked.stdout == as_csv(round_report(w.ws.db, "final"))
        w.tabs.setCurrentWidget(w.results_page)
        assert "共 3 件" in w.results_page.summary.text()
        assert w.results_page.model.rowCount() == 3 and w.results_page.detail_model.rowCount() > 0
        w.tabs.setCurrentWidget(page)
    # nothing lost: every sheet as last written, seen from the window and from the terminal
    stored = {(j, r.entry): tuple(r.values[k] for k in ("quality", "results", "pitch", "defense"))
              for j in ("E01", "E02", "E03", "E04", "E05")
              for r in judge_sheet(w.ws.db, "final", "expert", j).rows if r.values}
    assert stored == expected
    # the file is sound and reopens from 最近打开 without offering a backup
    assert check_file(path, full=True) is None
    w.offer_backup = lambda exc, answer=None: pytest.fail(f"offered a backup for a sound file: {exc}")
    assert w.open_path(str(path))
    assert {(j, r.entry) for j in ("E01", "E05") for r in judge_sheet(w.ws.db, "final", "expert", j).rows
            if r.values} == {k for k in expected if k[0] in ("E01", "E05")}


def test_no_front_end_opens_a_qt_file_dialog_directly():
    """Every dialog goes through qt.file_dialogs (see why there); a direct call would undo the fix."""
    offenders = [str(p.relative_to(ROOT)) for folder in ("gui", "stage") for p in (ROOT / "judge_app" / folder).glob("*.py")
                 if p.name != "file_dialogs.py" and "QFileDialog.get" in p.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table (/proc/locks, Linux)")
def test_a_file_dialog_on_the_contest_folder_keeps_sqlite_locks(qtbot, tmp_path):
    w, path = contest_in_window(qtbot, tmp_path)

    def my_locks() -> set[int]:
        inodes = {path.stat().st_ino}
        held = set()
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[4] == str(os.getpid()) and int(fields[5].split(":")[-1]) in inodes:
                held.add(int(fields[5].split(":")[-1]))
        return held

    with w.ws.db.session() as session:  # a read keeps the file's shared lock for the connection's life
        session.connection()
    assert my_locks()
    browse_folder(tmp_path)
    assert my_locks(), "the dialog released the workspace's SQLite locks"
