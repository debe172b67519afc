"""A whole round driven through the host console and the stage window (pytest-qt, offscreen).

Draw of lots, the countdown, a score committed by another process reaching the stage, the
reveal, the ranking board, the awards, the black screen and Esc — asserting what the stage
shows at each scene, and that every number equals `judge-app rank`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from judge_app.cli import main as cli_main
from judge_app.services.contest import running_order
from judge_app.stage import show as sh
from judge_app.stage.beats import step_label
from judge_app.stage.canvas import render_image
from judge_app.stage.console import open_host_console
from judge_app.stage.layout import Text, texts
from tools.stage_screenshots import FixedClock, build_demo_db
from judge_app.store import audit

W, H = 1280, 720
# The offscreen platform cannot raise windows or propagate size hints; it says so as a warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")


def run_cli(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`judge-app` in a separate process: a clerk's laptop on the same database."""
    return subprocess.run([sys.executable, "-m", "judge_app", "--db", str(db_path), "--user", "录分员", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def official(capsys, db_path: Path) -> dict:
    capsys.readouterr()
    assert cli_main(["--db", str(db_path), "rank", "--round", "final", "--format", "json"]) == 0
    return {e["code"]: e for e in json.loads(capsys.readouterr().out)["entries"]}


@pytest.fixture
def stage(qtbot, tmp_path):
    path = tmp_path / "contest.sqlite"
    db = build_demo_db(path, hold_back="Z05")
    clock = FixedClock()
    console = open_host_console(db, "final", "主持人", clock=clock, minutes=2)
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    yield console, clock, path
    console.close()
    db.close()


def items(console):
    return console.controller.items(W, H)


def by_role(console, role: str) -> list[Text]:
    return [i for i in items(console) if isinstance(i, Text) and i.role == role]


def press(qtbot, console, key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(console.stage, key)


def test_a_whole_round_from_the_keyboard(qtbot, stage, capsys, tmp_path):
    console, clock, path = stage
    c = console.controller
    show = c.show
    assert console.stage.isVisible() and not console.stage.isFullScreen()  # one screen: a window

    # title
    assert texts(items(console), "contest") == ["2025年全市招商引资“大比武”决赛"]
    assert texts(items(console), "round") == ["决赛"]

    # draw of lots with a seed the host reads out; stored, audited, shown
    console.seed_fixed.setChecked(True)
    console.seed_box.setValue(777777)
    qtbot.mouseClick(console.draw_button, Qt.MouseButton.LeftButton)
    assert show.step.scene == sh.ORDER
    assert texts(items(console), "seed") == ["现场抽签 · 随机种子 777777"]
    assert texts(items(console), "order.title") == []  # the order unfolds row by row
    qtbot.waitUntil(lambda: len(texts(items(console), "order.title")) >= 3, timeout=3000)
    c.finish_draw()
    stored = running_order.current_order(c.db, "final")
    assert stored.seed == 777777 and stored.codes == running_order.reproduce(777777, stored.codes)
    first_page = [show.report.entry(code).title for code in stored.codes[:20]]
    assert texts(items(console), "order.title") == first_page
    with c.db.session() as session:
        drawn = audit.events(session, "running_order:final")[-1]
    assert drawn.actor == "主持人" and json.loads(drawn.new)["seed"] == 777777

    # current entry: Z05, whose expert scores are not in yet
    c.jump(sh.ENTRY, "Z05")
    title = show.report.entry("Z05").title
    assert texts(items(console), "entry.title") == [title]
    assert texts(items(console), "timer") == ["02:00"]
    press(qtbot, console, Qt.Key.Key_T)
    clock.now += 70
    timer = by_role(console, "timer")[0]
    assert (timer.text, timer.color) == ("00:50", c.theme.warning)
    clock.now += 60
    timer = by_role(console, "timer")[0]
    assert (timer.text, timer.color) == ("+00:10", c.theme.overtime)
    assert texts(items(console), "timer.label") == ["已超时"]

    # the attachment opens with the system's default program
    folder = path.parent / "attachments"
    folder.mkdir()
    (folder / "Z05-路演.pdf").write_bytes(b"%PDF-1.4\n")
    opened = []

    class Receiver(QObject):
        @Slot(QUrl)
        def open(self, url):
            opened.append(url.toLocalFile())

    receiver = Receiver()
    QDesktopServices.setUrlHandler("file", receiver, "open")
    try:
        qtbot.mouseClick(console.attach_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened == [str(folder / "Z05-路演.pdf")]

    # a clerk imports Z05's expert sheet from another process: it reaches the stage
    assert show.full_reveal("Z05").components[1].judge_count == 0
    done = run_cli(path, "scores", "import", str(path.with_suffix(".held.csv")), "--round", "final",
                   "--component", "expert")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: show.full_reveal("Z05").components[1].judge_count == 7, timeout=3000)
    assert show.step == sh.Step(sh.ENTRY, "Z05")  # the host's place is kept
    ref = official(capsys, path)

    # the reveal, from the keyboard
    press(qtbot, console, Qt.Key.Key_PageDown)  # the vote score
    assert texts(items(console), "component.score")[0] == ref["Z05"]["components"]["online"]
    press(qtbot, console, Qt.Key.Key_Space, 3)
    assert texts(items(console), "judge.label")[:3] == ["评委1", "评委2", "评委3"]
    assert len(by_role(console, "judge.total")) == 3
    press(qtbot, console, Qt.Key.Key_PageDown, 4 + 1)  # the other four, then the strike
    struck = [t for t in by_role(console, "judge.total") if t.struck]
    assert len(struck) == 2
    panel = show.report.result.panels["expert"]["Z05"]
    assert {t.text for t in struck} == {str(panel.dropped_low[0].total), str(panel.dropped_high[0].total)}
    assert texts(items(console), "component.score")[1] == ""
    press(qtbot, console, Qt.Key.Key_PageDown)
    assert texts(items(console), "component.score")[1] == ref["Z05"]["components"]["expert"]
    press(qtbot, console, Qt.Key.Key_PageDown, 9 + 1 + 1)
    assert texts(items(console), "component.score")[2] == ref["Z05"]["components"]["onsite"]
    assert texts(items(console), "total") == [""]  # not released yet
    press(qtbot, console, Qt.Key.Key_PageDown)
    assert texts(items(console), "total") == [ref["Z05"]["total"]]
    assert "Z05" in show.released

    # the board: Z05 with its official total; every other result still hidden
    press(qtbot, console, Qt.Key.Key_PageDown)
    assert show.step == sh.Step(sh.BOARD, "Z05")
    rows = {t.code: t.text for t in by_role(console, "board.total")}
    assert rows == {"Z05": ref["Z05"]["total"]}  # the others wait apart, in one line
    assert texts(items(console), "board.place") == ["1"]  # 当前第 1 名 among the revealed
    assert texts(items(console), "board.waiting")[0].startswith(f"待揭晓 {len(show.running_order()) - 1} 件")

    # release every result; the final board shows the official ranking, paged
    for code in show.running_order():
        c.go(show.first(sh.BOARD, code) - 1)
    c.jump(sh.BOARD, None)
    c.finish_motion()
    heading = texts(items(console), "heading")[0]
    assert heading.endswith("最终排名")
    ranked = sorted(ref.values(), key=lambda e: e["rank"])
    places = list(zip(texts(items(console), "board.place"), texts(items(console), "board.total")))
    assert places == [(str(e["rank"]), e["total"]) for e in ranked[:10]]
    assert c.pages() == 2
    c.next_page()
    places = list(zip(texts(items(console), "board.place"), texts(items(console), "board.total")))
    assert places == [(str(e["rank"]), e["total"]) for e in ranked[10:20]]
    assert texts(items(console), "board.page") == ["第 2/2 页"]

    # awards: from the lowest tier up, one name per key press
    press(qtbot, console, Qt.Key.Key_PageDown)
    assert texts(items(console), "awards.tier") == ["优秀奖"]
    lowest = ranked[-1]
    assert texts(items(console), "award.name") == [lowest["title"]]
    announced = []
    while show.index < len(show.steps) - 1:
        press(qtbot, console, Qt.Key.Key_PageDown)
        tier = texts(items(console), "awards.tier")[0]
        names = texts(items(console), "award.name")
        announced.append((tier, names[-1]))
    assert announced[-1] == ("一等奖", ranked[0]["title"])
    assert [t for t in dict.fromkeys(t for t, _ in announced)] == ["优秀奖", "三等奖", "二等奖", "一等奖"]

    # black screen and back, Esc to the console
    press(qtbot, console, Qt.Key.Key_B)
    assert items(console) == []
    image = render_image(c, 320, 180)
    assert image.pixelColor(160, 90).name() == "#000000"
    press(qtbot, console, Qt.Key.Key_B)
    assert texts(items(console), "awards.tier") == ["一等奖"]
    with qtbot.waitSignal(c.escape, timeout=1000):
        press(qtbot, console, Qt.Key.Key_Escape)
    assert console.isVisible()
    press(qtbot, console, Qt.Key.Key_PageUp)
    assert show.index == len(show.steps) - 2


def test_live_totals_and_a_changed_score_reorder_the_board(qtbot, stage, capsys):
    console, _clock, path = stage
    c = console.controller
    console.live.setChecked(True)
    c.jump(sh.BOARD, None)
    c.finish_motion()
    before = official(capsys, path)
    c.next_page()
    rows = {t.code: t.text for t in by_role(console, "board.total")}
    assert rows["Z05"] == "待定"  # unranked: pending, at the end of the board
    c.next_page()
    # another process raises one on-site judge's score for the entry ranked last
    last = max((e for e in before.values() if e["rank"]), key=lambda e: e["rank"])["code"]
    script = (
        "import sys; from decimal import Decimal; from judge_app.store.database import open_database;"
        "from judge_app.services.scores.score_entry import save_scores;"
        "db = open_database(sys.argv[1])\n"
        "for j in range(1, 10):\n"
        f"    save_scores(db, 'final', 'onsite', f'P0{{j}}', '{last}', {{'overall': Decimal('10')}}, 'clerk')\n"
        "db.close()"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    after = official(capsys, path)
    assert after[last]["total"] != before[last]["total"]
    qtbot.waitUntil(lambda: c.show.report.result.standing(last).total == Decimal(after[last]["total"]), timeout=3000)
    assert after[last]["rank"] < before[last]["rank"]
    assert c._slots_to[last] < c._slots_from[last]  # the row moves up the board
    c.finish_motion()
    ranked = sorted((e for e in after.values() if e["rank"]), key=lambda e: (e["rank"], e["code"]))
    shown = list(zip(texts(items(console), "board.place"), texts(items(console), "board.total")))
    assert shown == [(str(e["rank"]), e["total"]) for e in ranked[:10]]


def test_reload_happens_only_when_the_database_changed(qtbot, stage):
    console, _clock, path = stage
    c = console.controller
    start = c.reloads
    qtbot.wait(300)  # several polls with nothing written
    assert c.reloads == start
    done = run_cli(path, "scores", "import", str(path.with_suffix(".held.csv")), "--round", "final",
                   "--component", "expert")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: c.reloads > start, timeout=3000)


def test_clicker_keys_work_on_the_console_even_from_a_spin_box(qtbot, stage):
    console, _clock, _path = stage
    c = console.controller
    console.activateWindow()
    console.seed_box.setFocus()
    qtbot.waitUntil(lambda: console.seed_box.hasFocus() or not console.isActiveWindow(), timeout=1000)
    value = console.seed_box.value()
    qtbot.keyClick(console.seed_box, Qt.Key.Key_PageDown)
    assert c.show.step.scene == sh.ORDER and console.seed_box.value() == value
    qtbot.keyClick(console.seed_box, Qt.Key.Key_PageUp)
    assert c.show.step.scene == sh.TITLE
    qtbot.mouseClick(console.draw_button, Qt.MouseButton.LeftButton)  # focus leaves the spin box
    assert not console.seed_box.hasFocus()
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert c.show.black
    c.draw_lots(31337)  # steps change without the console's button: its list follows
    assert console.steps.count() == len(c.show.steps)
    assert console.steps.currentRow() == c.show.index
    assert console.steps.currentItem().text() == step_label(c.show, c.show.step)
