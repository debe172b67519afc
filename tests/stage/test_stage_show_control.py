"""Safe show control from the console alone: what a stray key can and cannot put on the projector,
the clock, and the console's labels in each language (offscreen).

- PageDown into 颁奖 while entries are still unrevealed asks first (as 切换到舞台 does), once;
- the countdown stops when the reveal starts (End too), is never on the board, and a stray T
  outside an entry does not start it;
- zh_CN labels are Chinese only (no "开始/暂停 T"), English ones in the en locale, and Qt's own
  dialog buttons are Chinese in zh_CN.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QGroupBox, QLabel, QMessageBox, QPushButton

from judge_app.qt import i18n
from judge_app.qt.app import install_saved_language
from judge_app.stage import show as sh
from judge_app.stage.console import open_host_console
from judge_app.stage.layout import Text
from tools.stage_screenshots import FixedClock, build_demo_db

W, H = 1280, 720
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def console(qtbot, tmp_path):
    db = build_demo_db(tmp_path / "contest.sqlite", hold_back="Z05")
    console = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2)
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    console.asked = []
    console.answers = []
    console.confirm = lambda title, text: console.asked.append((title, text)) or (
        console.answers.pop(0) if console.answers else True)
    yield console
    console.close()
    db.close()


def test_pagedown_into_the_awards_with_entries_unrevealed_asks_once(qtbot, console):
    c = console.controller
    # Ordinary steps never ask: the title, the order, an entry, its reveal.
    for _ in range(4):
        qtbot.keyClick(console, Qt.Key.Key_PageDown)
    assert console.asked == [] and c.show.step.scene == sh.REVEAL
    awards = c.show.first(sh.AWARDS)
    c.go(awards - 1)  # the final board, with every entry still unrevealed
    console.answers.append(False)
    qtbot.keyClick(console, Qt.Key.Key_PageDown)
    assert c.show.index == awards - 1 and not c.show.released
    assert console.asked[-1][0] == "尚未亮分" and "Z01" in console.asked[-1][1]
    qtbot.keyClick(console, Qt.Key.Key_Space)  # the clicker's other key: asked again, answered yes
    assert c.show.step == sh.Step(sh.AWARDS, None, 1) and len(console.asked) == 2
    if awards + 1 < len(c.show.steps):
        qtbot.keyClick(console, Qt.Key.Key_PageDown)  # inside 颁奖: the question was answered
        assert c.show.index == awards + 1 and len(console.asked) == 2
    # The projector's own keys go through the same question.
    c.go(awards - 1)
    c.show.released.clear()
    console.answers.append(False)
    qtbot.keyClick(console.stage, Qt.Key.Key_PageDown)
    assert c.show.index == awards - 1 and len(console.asked) == 3


def test_the_countdown_stops_at_the_reveal_and_is_never_on_the_board(qtbot, console):
    c = console.controller
    c.jump(sh.ENTRY, "Z01")
    qtbot.keyClick(console, Qt.Key.Key_T)
    assert c.countdown.running
    assert any(isinstance(i, Text) and i.role == "timer" for i in c.items(W, H))
    qtbot.keyClick(console, Qt.Key.Key_End)  # straight to 最后得分: the speaking time is over
    assert c.show.step.scene == sh.REVEAL and not c.countdown.running
    c.jump(sh.BOARD, "Z01")
    qtbot.keyClick(console, Qt.Key.Key_T)  # a stray T on the board starts nothing
    assert not c.countdown.running
    assert not any(isinstance(i, Text) and i.role.startswith("timer") for i in c.items(W, H))
    # Back on an entry it runs again; going to the board with it running stops it.
    c.jump(sh.ENTRY, "Z02")
    c.toggle_timer()
    assert c.countdown.running
    c.jump(sh.BOARD, "Z02")
    assert not c.countdown.running


def tooltips(console) -> list[str]:
    return [w.toolTip() for w in console.findChildren(QPushButton) + console.findChildren(QCheckBox) if w.toolTip()]


def labels(console) -> list[str]:
    """What the console labels itself with (not the contest's own data: titles, codes, addresses)."""
    found = [console.windowTitle().split(" · ")[0]]
    for w in console.findChildren(QPushButton) + console.findChildren(QCheckBox):
        found.append(w.text())
    found += [g.title() for g in console.findChildren(QGroupBox)]
    table = console.judge_table
    found += [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    found += [console.serve_port.prefix(), console.autoplay_seconds.suffix(), console.minutes.suffix()]
    found += [console.preview_label.text(), console.address_label.text(), console.panel_entry.text()]
    found += [lab.text() for lab in console.findChildren(QLabel) if lab.buddy() is None and lab.parent() is not None
              and lab.text() and lab not in (console.entry_label, console.order_label, console.now_label,
                                             console.next_label, console.status_label, console.clock_label)]
    return [t for t in found if t]


def test_zh_cn_console_labels_are_chinese_only(console):
    found = labels(console)
    assert "开始/暂停" in found and "切换到舞台" in found and "黑屏" in found
    assert [t for t in found if re.search("[A-Za-z]", t)] == []  # not even a key letter ("黑屏 B")
    tips = tooltips(console)
    assert "快捷键: T 键" in tips and [t for t in tips if LATIN_WORD.search(t)] == []  # a key cap, never a word


def test_en_console_labels_are_english(qtbot, tmp_path):
    assert i18n.install_language(i18n.EN)
    try:
        db = build_demo_db(tmp_path / "contest.sqlite")
        console = open_host_console(db, "final", "host", clock=FixedClock(), minutes=2)
        qtbot.addWidget(console)
        qtbot.addWidget(console.stage)
        try:
            found = labels(console) + tooltips(console)
            assert "Start/pause" in found and "Take to stage" in found and "Shortcut: T" in found
            assert [t for t in found if CJK.search(t)] == []
        finally:
            console.close()
            db.close()
    finally:
        i18n.install_language(i18n.ZH)


def test_console_status_texts_are_in_one_language(qtbot, tmp_path):
    """The controller's status texts: English only in en, Chinese only (no English gloss) in zh_CN."""
    db = build_demo_db(tmp_path / "contest.sqlite")
    try:
        for lang, wrong in ((i18n.EN, CJK), (i18n.ZH, LATIN_WORD)):
            assert i18n.install_language(lang)
            console = open_host_console(db, "final", "host", clock=FixedClock(), minutes=2)
            qtbot.addWidget(console)
            qtbot.addWidget(console.stage)
            try:
                c = console.controller
                assert c.show.step.scene != sh.ENTRY
                shown = []
                for act in (c.toggle_timer, lambda: c.open_attachment() if not c.attachments() else None,
                            c.stop_service):
                    console.status_label.clear()
                    act()
                    shown.append(console.status_label.text())
                assert all(shown[:2]) and shown[2], shown
                assert [t for t in shown if wrong.search(t)] == [], (lang, shown)
                if lang == i18n.EN:
                    assert shown[0] == "The timer starts only while an entry is on stage"
                else:
                    assert shown[0] == "计时只在作品展示时开始"
            finally:
                console.close()
    finally:
        i18n.install_language(i18n.ZH)
        db.close()


def test_qt_own_dialog_buttons_are_chinese_in_zh_cn(qtbot):
    assert install_saved_language(i18n.ZH) == i18n.ZH
    box = QMessageBox(QMessageBox.Icon.Question, "尚未亮分", "确定吗?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    yes = box.button(QMessageBox.StandardButton.Yes).text()
    no = box.button(QMessageBox.StandardButton.No).text()
    assert CJK.search(yes) and CJK.search(no), (yes, no)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert CJK.search(buttons.button(QDialogButtonBox.StandardButton.Cancel).text())


def test_judge_cards_from_the_console_carry_the_phones_address(qtbot, console, monkeypatch, tmp_path):
    from judge_app.qt import file_dialogs
    from judge_app.services.contest_day.lan_access import list_tokens

    c = console.controller
    assert console.print_judge_cards() is None and "请先开启扫码评分" in console.status_label.text()
    c.start_service("127.0.0.1", 0)
    out = tmp_path / "桌签.pdf"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr("judge_app.stage.console.QDesktopServices.openUrl", lambda url: True)
    console.answers.append(False)
    assert console.print_judge_cards() is None and not out.exists()  # asked first: new links revoke old ones
    assert "旧" in console.asked[-1][1] or "失效" in console.asked[-1][1]
    assert console.print_judge_cards() == out
    assert out.read_bytes().startswith(b"%PDF")
    live = [t for t in list_tokens(c.db, "final") if not t.revoked_at]
    assert len(live) >= 7 and f"已生成 {len(live)} 张评委桌签" in console.status_label.text()
    assert {f"E0{i}" for i in range(1, 8)} <= {t.judge for t in live}


def test_a_write_by_another_program_beside_the_hosts_own_move_is_not_lost(qtbot, tmp_path):
    from judge_app.services.scores.score_import import import_scores
    from judge_app.store.database import open_database

    path = tmp_path / "contest.sqlite"
    db = build_demo_db(path, hold_back="Z05")
    c = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2).controller
    c.poll_timer.stop()
    try:
        c.poll()
        start = c.reloads
        c.jump(sh.ENTRY, "Z01")  # the host's own move: nothing to reload for
        assert not c.poll() and c.reloads == start
        clerk = open_database(str(path))  # a clerk's laptop imports Z05's expert sheet just then
        import_scores(clerk, path.with_suffix(".held.csv"), "final", "expert", "录分员")
        clerk.close()
        c.jump(sh.ENTRY, "Z02")
        assert c.poll() and c.reloads == start + 1
        assert c.show.full_reveal("Z05").components[1].judge_count == 7
    finally:
        c.close()
        db.close()


def test_a_bug_in_a_poll_is_logged_once_and_called_a_program_error(qapp, tmp_path, monkeypatch):
    """The show goes on when a poll fails, but a bug is not presented as a busy file: it is written
    to the error log (once, not every 20 ms) and the status line says program error."""
    from judge_app.services.contest.demo import load_demo
    from judge_app.stage.controller import StageController
    from judge_app.store.database import open_database

    log = tmp_path / "errors.log"
    monkeypatch.setattr("judge_app.errors.error_log_path", lambda: log)
    load_demo(str(tmp_path / "demo.sqlite"), "tester")
    db = open_database(str(tmp_path / "demo.sqlite"))
    try:
        controller = StageController(db, "final", poll=False, scoring=False)
        said = []
        controller.status.connect(said.append)

        def broken():
            raise KeyError("a bug")
        monkeypatch.setattr(controller.probe, "changed", broken)
        assert controller.poll() is False and controller.poll() is False
        assert log.read_text(encoding="utf-8").count("KeyError") == 2  # one traceback: the line and its last frame
        assert "程序错误" in said[-1] and str(log) in said[-1]

        def busy():
            raise OSError("database is locked")
        monkeypatch.setattr(controller.probe, "changed", busy)
        assert controller.poll() is False
        assert said[-1].startswith("读取数据库失败") and "locked" in said[-1]
    finally:
        db.close()
