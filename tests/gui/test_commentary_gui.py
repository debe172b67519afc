"""专家点评 from the window: the 打印 menu's 专家点评意见…, judges' title and affiliation on the
setup page (issue 22)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from judge_app.services.contest import roster
from judge_app.store.database import open_database
from tests.gui_support import copy_demo, window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_print_menu_makes_the_anonymous_feedback_sheet(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    seen = []
    monkeypatch.setattr(w, "print_feedback", lambda *args: seen.append(args))
    dialog = w.feedback_dialog("final")
    dialog.anonymous.setChecked(True)
    dialog.entries.setText("Z01, Z02")
    dialog.accept()
    assert seen == [("final", True, False, ["Z01", "Z02"])]
    preview = type(w).print_feedback(w, "final", True, False, ["Z01", "Z02"])
    assert preview is not None and preview.preview.page_count() == 2
    assert type(w).print_feedback(w, "final", False, False, ["ZZ9"]) is None  # refused, shown, not raised
    assert "ZZ9" in warned[0]


def test_setup_page_edits_a_judges_title_and_affiliation(qtbot, tmp_path):
    from judge_app.gui.setup_page import PersonDialog
    from judge_app.services.contest.workspace_files import current_contest

    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)), actor="organizer")
    contest = current_contest(w.ws.db)
    judge = next(j for j in contest.judges if j.code == "E01")
    dialog = PersonDialog(contest, roster.JUDGES, judge, w)
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "教授"
    dialog.title.setText("二级教授")
    dialog.affiliation.setText("华南理工大学工商管理学院")
    roster.save_judge(w.ws.db, dialog.value(), "organizer")
    saved = next(j for j in current_contest(w.ws.db).judges if j.code == "E01")
    assert saved.profile() == "二级教授 · 华南理工大学工商管理学院" and saved.panels == judge.panels
    model = w.setup_page.judges
    headers = [model.headerData(i, Qt.Horizontal) for i in range(model.columnCount())]
    assert "职称" in headers and "工作单位" in headers


def test_the_import_menu_reads_a_score_sheet_with_its_comments(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from judge_app.services.scores.score_entry import round_comments

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    sheet = tmp_path / "expert.csv"
    sheet.write_text("评委编号,作品编号,项目质量,招商成效,路演表现,现场答辩,评语\nE01,Z09,21,20,15,14,产业定位清楚。\n",
                     encoding="gbk")
    assert w.import_score_sheet(str(sheet), "final", "expert")
    assert round_comments(w.ws.db, "final")["expert"][("Z09", "E01")] == "产业定位清楚。"
    assert "点评 1 条" in w.statusBar().currentMessage()
    bad = tmp_path / "bad.csv"
    bad.write_text("评委编号,作品编号,项目质量,招商成效,路演表现,现场答辩,评语\nE01,Z09,21,20,15,14,坏\x07\n",
                   encoding="utf-8")
    assert not w.import_score_sheet(str(bad), "final", "expert")
    assert "第2行" in warned[0] and "控制字符" in warned[0]
