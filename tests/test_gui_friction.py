"""The workspace's everyday friction: roster header synonyms and the unmapped-unit warning,
the roster table sized to its content."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import window
from judge_app.services import roster


def test_synonyms_for_unit_and_members_are_recognised():
    for unit in ("申报单位", "参赛单位", "所在单位"):
        for members in ("团队成员", "成员", "参赛人员", "主讲人"):
            mapping = roster._suggest(("编号", "作品名称", unit, members), roster.ENTRIES)
            assert mapping == {"code": 0, "title": 1, "unit": 2, "members": 3}, (unit, members)
    assert roster.mapping_warnings(roster.ENTRIES, {"code": 0, "title": 1, "unit": 2, "members": None}) == []
    assert "回避" in roster.mapping_warnings(roster.ENTRIES, {"code": 0, "title": 1, "unit": None})[0]


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_dialog_warns_when_no_unit_is_mapped_and_the_table_fits_its_content(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "1-zhaoshang")
    path = tmp_path / "名单.csv"
    path.write_text("编号,项目名称,申报单位,团队成员\nZ01,新能源汽车零部件产业园,莞城街道,陈静、冯雨\n", encoding="utf-8")
    dialog = roster_dialog = w.setup_page.import_roster(roster.ENTRIES, str(path))
    qtbot.addWidget(dialog)
    assert dialog.mapping() == {"code": 0, "title": 1, "unit": 2, "members": 3}
    assert "回避" not in dialog.message.text()
    dialog.boxes["unit"].setCurrentIndex(0)  # (不导入)
    assert "同单位回避" in dialog.message.text() and "(no unit" not in dialog.message.text()
    dialog.boxes["unit"].setCurrentIndex(dialog.boxes["unit"].findData(2))
    assert roster_dialog.do_import()
    view = w.setup_page.entries_view
    widths = [view.columnWidth(c) for c in range(w.setup_page.entries.columnCount())]
    headers = [w.setup_page.entries.headerData(c, Qt.Orientation.Horizontal) for c in range(len(widths))]
    attachments = headers.index("附件")
    assert widths[attachments] < view.viewport().width() / 4, (headers, widths)  # the empty 附件 column stays narrow
