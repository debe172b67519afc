"""Contest details from the window: the new-contest dialog asks for them and names the file after
the contest; 比赛信息… on the setup page edits them (audited); the title shows a Chinese date."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from judge_app.gui.main_window import NewContestDialog
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.contest_details import contest_details, suggested_file_name
from tests.gui_support import window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_file_name_from_contest_name():
    assert suggested_file_name("2025年“先锋杯”创新大赛") == "2025年“先锋杯”创新大赛.sqlite"
    assert suggested_file_name('a/b:c*?"<>|') == "a b c.sqlite"
    assert suggested_file_name("  ..  ") == "比赛.sqlite"


def test_new_contest_dialog_details_reach_the_file(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    dialog = NewContestDialog(w, str(tmp_path))
    qtbot.addWidget(dialog)
    assert not dialog.path.text().endswith("contest.sqlite")
    template_name = dialog.list.currentItem().text().split("\n")[0]
    assert dialog.path.text() == str(tmp_path / f"{template_name}.sqlite")  # the template's name, not the placeholder's
    assert "可稍后修改" not in dialog.path.text()
    dialog.name.setText("科技创新大赛")
    assert dialog.path.text() == str(tmp_path / "科技创新大赛.sqlite")
    dialog.details.organizer.setText("市科技局")
    dialog.details.host_unit.setText("高新区管委会")
    dialog.details.has_date.setChecked(True)
    dialog.details.date.setDate(QDate(2025, 9, 18))
    dialog.details.venue.setText("会展中心")
    assert w.create_from_template(dialog.path.text(), dialog.template_key(), dialog.name.text(),
                                  dialog.contest_details())
    d = contest_details(w.ws.db)
    assert (d.name, d.organizer, d.host_unit, d.date, d.venue) == ("科技创新大赛", "市科技局", "高新区管委会",
                                                                   "2025-09-18", "会展中心")
    assert "2025年9月18日" in w.setup_page.title.text()


def test_setup_page_edits_details(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "1-zhaoshang")
    dialog = w.setup_page.edit_details()
    qtbot.addWidget(dialog)
    dialog.form.organizer.setText("市商务局")
    dialog.form.has_date.setChecked(True)
    dialog.form.date.setDate(QDate(2026, 3, 8))
    assert dialog.save()
    assert contest_details(w.ws.db).organizer == "市商务局"
    assert "2026年3月8日" in w.setup_page.title.text()
    assert any(line.action == "contest.details" for line in audit_lines(w.ws.db))
    # an empty name is refused next to the field, nothing saved
    dialog = w.setup_page.edit_details()
    qtbot.addWidget(dialog)
    dialog.form.name.setText("")
    assert not dialog.save()
    assert dialog.form.problems.text()


def test_notice_dialog_offers_only_the_draft_before_sign_off(qtbot, tmp_path, monkeypatch):
    from judge_app.gui.notice_dialog import NoticeOptionsDialog
    from tests.gui_support import copy_demo
    from judge_app.store.database import open_database

    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    seen = []
    monkeypatch.setattr(w, "print_notice", lambda key, options: seen.append((key, options)))
    dialog = w.notice_dialog("final")
    qtbot.addWidget(dialog)
    assert isinstance(dialog, NoticeOptionsDialog)
    assert dialog.draft.isChecked() and not dialog.final.isEnabled()
    dialog.has_period.setChecked(True)
    dialog.start.setDate(QDate(2025, 9, 18))
    dialog.end.setDate(QDate(2025, 9, 25))
    dialog.contact.setText("组委会办公室")
    dialog._accept()
    key, options = seen[-1]
    assert key == "final" and options.draft
    assert (options.period_start, options.period_end, options.contact) == ("2025-09-18", "2025-09-25", "组委会办公室")
    again = w.notice_dialog("final")  # the period and contact are remembered
    qtbot.addWidget(again)
    assert again.contact.text() == "组委会办公室" and again.has_period.isChecked()
    # the draft really renders before sign-off
    made = type(w).print_notice(w, "final", options)
    assert made is not None and made.preview.document.pageCount() >= 1


def test_audit_and_lock_times_read_in_chinese(qtbot, tmp_path):
    import re

    from PySide6.QtCore import Qt

    from judge_app.gui.audit_page import AuditModel
    from judge_app.qt.i18n import moment_text

    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "1-zhaoshang")
    model = AuditModel()
    model.set_rows(audit_lines(w.ws.db))
    shown = model.data(model.index(0, 0), Qt.DisplayRole)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", shown), shown
    assert moment_text("2025-09-18T06:05:00+00:00").startswith("2025年9月18日")
