"""The workspace's everyday friction: roster header synonyms and the unmapped-unit warning,
the roster table sized to its content."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import window
from judge_app.services.contest import roster


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


def test_the_results_workbook_has_every_mark_and_the_drops(tmp_path, capsys):
    from openpyxl import load_workbook

    from judge_app.cli import main
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.results.standings import round_report
    from judge_app.table_files.xlsx_writer import formula_cells
    from judge_app.store.database import open_database

    path = tmp_path / "d.sqlite"
    load_demo(str(path), "tester")
    out = tmp_path / "results.xlsx"
    assert main(["--db", str(path), "rank", "--round", "final", "--format", "csv", "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames[-1] == "评分明细" and formula_cells(out) == []
    rows = list(book["评分明细"].iter_rows(values_only=True))
    assert rows[0][:6] == ("评审组", "作品编号", "作品", "评委编号", "评委", "评分项")
    db = open_database(str(path))
    try:
        report = round_report(db, "final")
    finally:
        db.close()
    round_ = report.result.round
    panels = [c for c in round_.components if c.kind == "panel"]
    # every judge × entry × criterion of every panel
    expected = sum(len(result.totals) * len(c.criteria) for c in panels for result in report.result.panels[c.key].values())
    assert len(rows) - 1 == expected
    first = panels[0]
    code, result = next((code, r) for code, r in report.result.panels[first.key].items() if r.dropped_high)
    high = result.dropped_high[0].judge
    marked = {(r[1], r[3]): r[9] for r in rows[1:] if r[0] == f"{round_.name} · {first.name}"}
    assert marked[(code, high)] == "去掉最高"
    if result.dropped_low:
        assert marked[(code, result.dropped_low[0].judge)] == "去掉最低"
    dropped = {t.judge for t in result.dropped_high + result.dropped_low}
    for judge in {t.judge for t in result.totals} - dropped:
        assert marked[(code, judge)] in (None, "")
    # the marks of one judge add up to the total the result used
    one = [r for r in rows[1:] if r[1] == code and r[3] == high and r[0].endswith(first.name)]
    from decimal import Decimal

    assert sum(Decimal(str(r[7])) for r in one) == Decimal(str(one[0][8])) == result.dropped_high[0].total


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_scoring_explanation_is_in_the_print_menu(qtbot, tmp_path):
    from gui_support import copy_demo
    from judge_app.store.database import open_database

    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    printing = next(m for m in w.menuBar().actions() if m.text().startswith("打印"))
    assert "计分说明…" in [a.text() for a in printing.menu().actions()]
    preview = w.print_explanations("final")
    qtbot.addWidget(preview)
    assert preview.preview.page_count() == 20  # one page per entry of the demo's final


def test_the_resolver_of_a_double_entry_mismatch_is_neither_typist_once_accounts_exist(tmp_path):
    from decimal import Decimal

    from judge_app.services.scores import double_entry
    from judge_app.services.integrity import users
    from judge_app.services.contest.contest_access import ServiceError
    from tests.gui_support import example_db

    db = example_db(tmp_path)
    a = {"innovation": Decimal("35"), "impact": Decimal("25.5"), "presentation": Decimal("20")}
    b = dict(a, impact=Decimal("22.5"))
    double_entry.enter_blind(db, "final", "expert", "E02", "X03", a, "王")
    double_entry.enter_blind(db, "final", "expert", "E02", "X02", a, "王")
    double_entry.enter_blind(db, "final", "expert", "E02", "X03", b, "李")
    double_entry.enter_blind(db, "final", "expert", "E02", "X02", b, "李")
    # without accounts a typist may settle it, with a warning
    warning = double_entry.resolve(db, "final", "expert", "E02", "X03", a, "王")
    assert "录入员之一" in warning
    users.add_user(db, "组长", users.ADMINISTRATOR, "975310", "setup")
    users.add_user(db, "王", users.CLERK, "111111", "组长")
    with pytest.raises(ServiceError, match="不能自己裁定"):
        double_entry.resolve(db, "final", "expert", "E02", "X02", a, "王")
    assert double_entry.resolve(db, "final", "expert", "E02", "X02", b, "组长") == ""
    assert double_entry.mismatches(db, "final", "expert") == []


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_judge_list_shows_completion_and_a_key_moves_to_the_next_judge(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from gui_support import copy_demo
    from judge_app.store.database import open_database

    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    page = w.entry_page
    w.tabs.setCurrentWidget(page)
    page.select("final", "expert", "E01")
    labels = [page.judge_box.itemText(i) for i in range(page.judge_box.count())]
    assert labels[0].startswith("E01 ") and "✓ 20/20" in labels[0]  # the demo's sheets are complete
    page.judge_box.activated.emit(0)
    assert page.grid.hasFocus() or QApplication.focusWidget() is page.grid
    first = page.judge_box.currentIndex()
    page.next_judge()
    assert page.judge_box.currentIndex() == (first + 1) % page.judge_box.count()
    assert page.grid.currentIndex().isValid()
