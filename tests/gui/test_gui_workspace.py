"""The workspace driven as a user does (pytest-qt, offscreen), checking the database afterwards."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from judge_app.gui.score_grid import MISMATCH, OFFICIAL, SAVED, WAITING
from judge_app.services.contest import roster
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.results.result_formats import as_csv
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.services.results.standings import round_report
from judge_app.services.contest.workspace_files import current_contest
from tests.gui_support import EXAMPLES, copy_demo, current_editor, example_db, type_cell, window

D = Decimal

# The offscreen platform cannot resize a window to its size hints and says so; nothing to fix.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_new_contest_from_a_template_shows_in_title_and_recent_files(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    assert "未打开比赛" in w.windowTitle()
    path = tmp_path / "先锋杯2025.sqlite"
    assert w.create_from_template(str(path), "3-xianfeng", "2025年“先锋杯”")
    assert str(path) in w.windowTitle()
    assert w.recent_files() == [str(path.resolve())]
    assert w.tabs.currentWidget() is w.setup_page
    contest = current_contest(w.ws.db)
    assert contest.name == "2025年“先锋杯”"
    assert [c.key for c in contest.rounds[0].components] == ["panel", "quiz"]
    setup = w.setup_page
    assert setup.components.rowCount() == 2
    assert "✓" in setup.validation.text()
    # live validation: a weight that breaks the sum is shown at once, saving is disabled
    weight = setup.components.index(0, 3)
    assert setup.components.setData(weight, "0.8")
    assert "✗" in setup.validation.text() and "1.1" in setup.validation.text()
    assert not setup.save_button.isEnabled()
    setup.components.setData(setup.components.index(1, 3), "0.2")
    assert setup.save_button.isEnabled()
    assert setup.save_components()
    assert [c.weight for c in current_contest(w.ws.db).rounds[0].components] == [D("0.8"), D("0.2")]
    # a failed create does not replace the open contest
    other = tmp_path / "other.sqlite"
    w.create_from_template(str(other), "4-blank")
    w.open_path(str(path))
    assert w.recent_files()[:2] == [str(path.resolve()), str(other.resolve())]


def test_import_a_roster_with_column_mapping(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "1-zhaoshang")
    path = tmp_path / "参赛名单.csv"
    path.write_text("参赛项目名单\n序号,项目名称,所在单位,主讲人\nZ01,新能源汽车零部件产业园,莞城街道,陈静\n"
                    "Z02,智能终端产业链,南城街道,冯雨、朱琳\n", encoding="gb18030")
    dialog = w.setup_page.import_roster(roster.ENTRIES, str(path))
    qtbot.addWidget(dialog)
    # the title line above the header is skipped and the columns are suggested from their names
    assert dialog.preview.header_row == 2
    assert dialog.mapping() == {"code": 0, "title": 1, "unit": 2, "members": 3}
    assert dialog.table_model.rowCount() == 2
    # the user can change the mapping: without a title column the import cannot start
    title_box = dialog.boxes["title"]
    title_box.setCurrentIndex(0)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "作品/项目名称" in dialog.message.text()
    title_box.setCurrentIndex(title_box.findData(1))
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert dialog.do_import()
    entries = current_contest(w.ws.db).entries
    assert [(e.code, e.title, e.unit, e.members) for e in entries] == [
        ("Z01", "新能源汽车零部件产业园", "莞城街道", ("陈静",)), ("Z02", "智能终端产业链", "南城街道", ("冯雨", "朱琳"))]
    assert [r.entry.code for r in w.setup_page.entries.rows] == ["Z01", "Z02"]
    assert audit_lines(w.ws.db)[0].action == "roster.import.entries"


def test_import_a_roster_the_user_maps(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "1-zhaoshang")
    path = tmp_path / "judges.csv"
    path.write_text("评委姓名,工作单位,编号,评审组\n陈教授,华南理工大学,E01,专家评审\n评委1,莞城街道,P01,onsite\n",
                    encoding="utf-8")
    dialog = w.setup_page.import_roster(roster.JUDGES, str(path))
    qtbot.addWidget(dialog)
    assert dialog.mapping() == {"code": 2, "name": 0, "unit": 1, "panels": 3, "title": None, "affiliation": 1}
    assert dialog.table_model.rowCount() == 2
    assert dialog.table_model.headerData(0, Qt.Horizontal) == "编号"
    assert dialog.table_model.data(dialog.table_model.index(0, 0)) == "E01"
    assert dialog.do_import()
    judges = current_contest(w.ws.db).judges
    assert [(j.code, j.name, j.panels) for j in judges] == [("E01", "陈教授", ("final.expert",)),
                                                            ("P01", "评委1", ("final.onsite",))]
    assert w.setup_page.judges.rowCount() == 2
    assert "新增 2" in w.setup_page.notice.text()


def test_enter_a_judges_sheet_with_the_keyboard(qtbot, tmp_path):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db, actor="录入员甲")
    page = w.entry_page
    w.tabs.setCurrentWidget(page)
    page.select("final", "expert", "E01")
    model, grid = page.model, page.grid
    assert model.rowCount() == 7
    conflicted = [r.entry for r in model.rows if r.blocked]
    grid.start()
    assert grid.currentIndex().column() == 2 and grid.currentIndex().row() == 0
    typed = {}
    for number, row in enumerate(model.rows):
        if row.blocked:
            continue
        sheet = {"innovation": "31.5", "impact": "27", "presentation": str(10 + len(typed))}
        # Enter moves along the row, then to the next entry's first criterion; conflicted rows are skipped
        for key in ("innovation", "impact", "presentation"):
            assert (grid.currentIndex().row(), grid.currentIndex().column()) == (number, model.criterion_column(key))
            type_cell(qtbot, grid, sheet[key], Qt.Key_Return if key != "impact" else Qt.Key_Tab)
        typed[row.entry] = {k: D(v) for k, v in sheet.items()}
    saved = {r.entry: r.values for r in judge_sheet(db, "final", "expert", "E01").rows if r.values}
    assert saved == typed
    assert all(r.state == SAVED for r in model.rows if not r.blocked)
    first = model.rows[0]
    assert D(model.data(model.index(0, model.total_column))) == sum(typed[first.entry].values())
    for entry in conflicted:
        row = [r.entry for r in model.rows].index(entry)
        assert not model.flags(model.index(row, 2)) & Qt.ItemIsEnabled
    assert "已录 %d / %d" % (len(typed), len(typed)) in page.status.text()
    # a value above the maximum is refused as typed and nothing changes
    grid.setCurrentIndex(model.index(0, 2))
    qtbot.keyClicks(grid, "4")
    from PySide6.QtWidgets import QApplication

    editor = current_editor(grid)
    qtbot.keyClicks(editor, "50")
    assert "超出" in page.hint.text()
    qtbot.keyClick(editor, Qt.Key_Return)  # not accepted: the editor stays open
    assert QApplication.focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert judge_sheet(db, "final", "expert", "E01").rows[0].values == typed[first.entry]
    # a comment (专家点评) is kept with the scores and shown in the results breakdown
    assert model.setData(model.index(0, model.comment_column), "创新点突出")
    assert judge_sheet(db, "final", "expert", "E01").rows[0].comment == "创新点突出"
    events = audit_lines(db, judge="E01", actor="录入员甲")
    assert {e.action for e in events} == {"score.create", "comment.set"}
    # the results page, refreshed when shown, has the typed sheet in the breakdown with the comment
    from judge_app.gui.results_page import ranking_rows

    w.tabs.setCurrentWidget(w.results_page)
    assert w.results_page.model.rows == ranking_rows(round_report(db, "final"))
    code = w.results_page.model.row_at(0).code
    w.results_page.show_entry(0)
    e01 = [r for r in w.results_page.detail_model.rows if r.judge == "E01"]
    assert e01 and D(e01[0].total) == sum(typed[code].values())
    assert e01[0].comment == ("创新点突出" if code == first.entry else "")


def test_resolve_a_double_entry_mismatch(qtbot, tmp_path):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    page = w.entry_page
    page.select("final", "expert", "E02")
    page.double_box.setChecked(True)
    model, grid = page.model, page.grid

    def type_row(values):
        grid.setCurrentIndex(model.index(0, 2))
        for v in values:
            type_cell(qtbot, grid, v)

    page.clerk_edit.setText("王")
    page.load_sheet()
    type_row(["30", "25.5", "18"])
    assert model.rows[0].state == WAITING
    assert judge_sheet(db, "final", "expert", "E02").rows[0].values == {}
    # the second clerk sees a blank sheet (blind) and types one value differently
    page.clerk_edit.setText("李")
    page.load_sheet()
    assert model.rows[0].values == {} and model.data(model.index(0, 2)) == ""
    type_row(["30", "22.5", "18"])
    assert model.rows[0].state == MISMATCH
    lines = page.mismatch_model.rows
    assert [(m.criterion, str(m.first), str(m.second), m.chosen) for m in lines] == [
        ("innovation", "30", "30", "30"), ("impact", "25.5", "22.5", ""), ("presentation", "18", "18", "18")]
    assert "1 处" in page.mismatch_title.text()
    assert judge_sheet(db, "final", "expert", "E02").rows[0].values == {}
    # resolving needs a value for every criterion; the supervisor reads 25.5 off the paper sheet
    chosen = page.mismatch_model.index(1, 5)
    assert not page.mismatch_model.setData(chosen, "99")  # above the maximum: refused
    assert page.mismatch_model.setData(chosen, "25.5")
    page.clerk_edit.setText("组长")
    assert page.resolve_selected()
    assert judge_sheet(db, "final", "expert", "E02").rows[0].values == {
        "innovation": D(30), "impact": D("25.5"), "presentation": D(18)}
    assert page.mismatch_model.rowCount() == 0
    assert [e.actor for e in audit_lines(db) if e.action == "double.resolve"] == ["组长"]
    # matching typing becomes official directly
    page.clerk_edit.setText("王")
    page.load_sheet()
    grid.setCurrentIndex(model.index(1, 2))
    for v in ("20", "20", "20"):
        type_cell(qtbot, grid, v)
    page.clerk_edit.setText("李")
    page.load_sheet()
    grid.setCurrentIndex(model.index(1, 2))
    for v in ("20", "20", "20"):
        type_cell(qtbot, grid, v)
    assert model.rows[1].state == OFFICIAL
    assert judge_sheet(db, "final", "expert", "E02").rows[1].values == {k: D(20) for k in ("innovation", "impact", "presentation")}


def test_import_votes_through_the_wizard(qtbot, tmp_path):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    wizard = w.vote_wizard(str(EXAMPLES / "votes_totals_export.csv"))
    qtbot.addWidget(wizard)
    assert wizard.file_page.isComplete()
    assert wizard.component() == ("final", "online")
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    shape = preview.preview.shape
    assert (shape.kind, shape.encoding, shape.header_row, shape.entry_column, shape.votes_column) == (
        "csv", "gb18030", 2, "选手编号", "得票数")
    assert "gb18030" in preview.shape_label.text()
    tally = {line.code: line.votes for line in preview.model.rows}
    assert tally["X03"] == 1208
    assert round_report(db, "final").result.standing("X03").components["online"] is None  # preview writes nothing
    wizard.next()
    commit = wizard.commit_page
    qtbot.waitUntil(commit.isComplete, timeout=10000)
    assert commit.error is None and commit.result.rows == preview.preview.rows_read == shape.data_rows
    assert "已导入" in commit.label.text()
    report = round_report(db, "final")
    assert report.result.standing("X03").components["online"] is not None
    assert audit_lines(db)[0].action == "votes.import"


def test_a_refused_vote_file_is_explained_in_the_wizard(qtbot, tmp_path):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    bad = tmp_path / "votes.csv"
    bad.write_text("选手编号,得票数\nX01,12\nX99,3\n", encoding="utf-8")
    wizard = w.vote_wizard(str(bad))
    qtbot.addWidget(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.problems.count() > 0, timeout=10000)
    assert not wizard.preview_page.isComplete()
    assert "X99" in wizard.preview_page.problems.item(0).text()


def test_cancel_rolls_back_a_vote_import(qtbot, tmp_path):
    from judge_app.gui.vote_wizard import VoteImportCalls
    from judge_app.gui.tasks import Cancelled

    db = example_db(tmp_path)

    def cancelled(done, total):
        raise Cancelled()

    try:
        VoteImportCalls.commit(db, str(EXAMPLES / "votes_totals_export.csv"), "final", "online", "x", cancelled)
    except Cancelled:
        pass
    assert round_report(db, "final").result.standing("X03").components["online"] is None


def test_read_the_ranking_and_export(qtbot, tmp_path):
    from openpyxl import load_workbook

    from judge_app.store.database import open_database

    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db)
    page = w.results_page
    w.tabs.setCurrentWidget(page)
    report = round_report(db, "final")
    rows = page.model.rows
    assert [(r.rank, r.code, r.total, r.award) for r in rows] == [
        (s.rank, s.code, str(s.total) if s.total is not None else "", s.award or "") for s in report.result.standings]
    # the same numbers as `judge-app rank --format csv`
    published = list(csv.DictReader(io.StringIO(as_csv(report))))
    assert [r.total for r in rows] == [p["total"] for p in published]
    assert page.model.headerData(4, Qt.Horizontal).startswith("网络投票")
    # breakdown of the first entry: every judge total, dropped ones struck through
    page.view.selectRow(0)
    page.show_entry(0)
    detail = page.detail_model
    code = rows[0].code
    panel = report.result.panels["expert"][code]
    expert_rows = [r for r in detail.rows if r.component == "专家评审"]
    assert [r.judge for r in expert_rows] == [t.judge for t in panel.totals]
    struck = [r.judge for i, r in enumerate(detail.rows)
              if detail.data(detail.index(i, 2), Qt.FontRole).strikeOut()]
    assert struck == [r.judge for r in detail.rows if r.dropped]
    assert {t.judge for t in panel.dropped_low + panel.dropped_high} <= set(struck)
    xlsx = page.export("xlsx", str(tmp_path / "rank.xlsx"))
    sheet = load_workbook(xlsx).active
    assert sheet["A2"].value == "名次" and sheet["B3"].value == rows[0].code
    assert [D(str(sheet.cell(3, c).value)) for c in range(5, 9)] == [D(v) for v in (*rows[0].components, rows[0].total)]
    assert sheet.cell(3, 8).number_format == "0.00"
    csv_path = page.export("csv", str(tmp_path / "rank.csv"))
    assert open(csv_path, encoding="utf-8-sig").read() == as_csv(report)


def test_conflicts_matrix_adds_a_manual_conflict(qtbot, tmp_path):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    page = w.conflicts_page
    model = page.model
    row = [j for j, _ in model.matrix.judges].index("E03")
    col = [e for e, _ in model.matrix.entries].index("X05")
    assert model.data(model.index(row, col)) == ""
    page.edit_cell(model.index(row, col), "曾指导该项目 (advised the team)")
    assert model.data(model.index(row, col)) == "回"
    assert "曾指导" in model.data(model.index(row, col), Qt.ToolTipRole)
    # the score grid now blocks that cell
    w.entry_page.select("final", "expert", "E03")
    grid_row = [r.entry for r in w.entry_page.model.rows].index("X05")
    assert w.entry_page.model.rows[grid_row].blocked
    page.edit_cell(model.index(row, col), "remove")
    assert model.data(model.index(row, col)) == ""


def test_audit_log_filters(qtbot, tmp_path):
    from judge_app.store.database import open_database

    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db)
    page = w.audit_page
    total = page.model.rowCount()
    assert total > 100
    page.judge.setText("E01")
    page.refresh()
    assert 0 < page.model.rowCount() < total
    assert all(":E01:" in f":{r.target}:" for r in page.model.rows)
    page.judge.setText("")
    page.actor.setText("nobody")
    page.refresh()
    assert page.model.rowCount() == 0
    page.actor.setText("")
    page.since.setText("2999-01-01")
    page.refresh()
    assert page.model.rowCount() == 0
    page.since.setText("2000-01-01 00:00")
    page.until.setText("2999-12-31")
    page.entry.setText("Z03")
    page.refresh()
    assert 0 < page.model.rowCount() and all(":Z03" in r.target for r in page.model.rows)
    page.since.setText("2000年1月1日 00:00")  # as the placeholder writes it
    page.until.setText("2999年12月31日")
    page.refresh()
    assert 0 < page.model.rowCount() and all(":Z03" in r.target for r in page.model.rows)
    page.since.setText("九月中旬")
    page.refresh()
    assert "2025年9月18日" in page.count.text()  # said how to write it, not silently ignored


def test_switch_to_english_and_back(qtbot, tmp_path):
    w = window(qtbot, tmp_path)
    w.set_language("en")
    try:
        assert w.tabs.tabText(1) == "Score entry"
        assert w.settings.value("language") == "en"
    finally:
        w.set_language("zh_CN")
    assert w.tabs.tabText(1) == "评分录入"


def test_screenshots_render_every_main_screen(tmp_path):
    from PySide6.QtGui import QImage

    from tools.screenshots import render

    shots = render(tmp_path / "shots")
    assert len(shots) == 11
    main = [p for p in shots if p.name[:2] in {"01", "02", "03", "04", "05", "06", "07"}]
    for path in main:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768), path.name


def test_gui_command_is_registered():
    from judge_app.cli import build_parser

    args = build_parser().parse_args(["gui", "--db", "x.sqlite", "--lang", "en"])
    assert args.handler.__name__ == "cmd_gui" and args.db == "x.sqlite" and args.lang == "en"


def test_add_an_entry_with_attachments_and_live_checks(qtbot, tmp_path):
    from judge_app.gui.setup_page import PersonDialog
    from judge_app.services.contest.roster import entry_attachments

    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    page = w.setup_page
    dialog = PersonDialog(page.contest, roster.ENTRIES, None, page)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "编号不能为空" in dialog.problems.text()
    dialog.code.setText("X01")
    dialog.name.setText("新作品")
    assert not ok.isEnabled() and "编号已存在" in dialog.problems.text()
    dialog.code.setText("X99")
    dialog.unit.setText("东城街道")
    dialog.extra.setText("张三、李四")
    folder = tmp_path / "资料"
    folder.mkdir()
    (folder / "X99 路演.pptx").write_bytes(b"slides")
    (folder / "X99 视频.mp4").write_bytes(b"video")
    dialog.files_edit.setText(f"{folder / 'X99 路演.pptx'}; {folder / 'X99 视频.mp4'}")
    assert ok.isEnabled() and dialog.problems.text() == ""
    page.save_person(roster.ENTRIES, dialog)
    assert entry_attachments(db) == {"X99": ["X99 路演.pptx", "X99 视频.mp4"]}  # registered, copied in
    line = next(r for r in page.entries.rows if r.entry.code == "X99")
    assert line.entry.members == ("张三", "李四") and line.files == ("X99 路演.pptx", "X99 视频.mp4")
    row = page.entries.rows.index(line)
    assert page.entries.data(page.entries.index(row, 5)) == "X99 路演.pptx; X99 视频.mp4"
    assert [a.action for a in audit_lines(db, entry="X99")] == ["attachment.add", "attachment.add", "entry.create"]


def test_edit_award_tiers_and_tie_break(qtbot, tmp_path):
    from judge_app.store.database import open_database

    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db)
    dialog = w.setup_page.edit_rules()
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert dialog.awards.toPlainText().splitlines()[0] == "一等奖 1" and dialog.tie_break.text() == "expert > onsite"
    dialog.tie_break.setText("专家评审 > nope")
    assert not save.isEnabled() and "nope" in dialog.problems.text()
    dialog.tie_break.setText("onsite > 专家评审")
    dialog.awards.setPlainText("金奖 2\n银奖 3\n铜奖")
    assert save.isEnabled()
    assert dialog.save()
    round_ = current_contest(db).round("final")
    assert [(t.name, t.count) for t in round_.awards] == [("金奖", 2), ("银奖", 3), ("铜奖", None)]
    assert round_.tie_break == ("onsite", "expert")
    standings = round_report(db, "final").result.standings
    assert [s.award for s in standings[:3]] == ["金奖", "金奖", "银奖"]
    assert "金奖 2 名" in w.setup_page.awards.text()
    assert audit_lines(db)[0].action == "round.rules"


def test_add_and_remove_a_component_and_criteria_on_the_setup_screen(qtbot, tmp_path):
    from judge_app.gui.setup_page import ComponentDialog

    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "4-blank")
    setup = w.setup_page
    dialog = ComponentDialog(None, ["panel"], setup)
    qtbot.addWidget(dialog)
    dialog.name.setText("网络投票")
    dialog.kind.setCurrentIndex(dialog.kind.findData("votes"))
    dialog.normalize.setCurrentIndex(dialog.normalize.findData("rank"))
    dialog.weight.setText("0.3")
    votes = dialog.value()
    assert (votes.key, votes.kind, votes.normalize, votes.rank_step, votes.criteria) == ("online", "votes", "rank", D(5), ())
    assert setup.edit_component(None, votes)
    assert "✗" in setup.validation.text() and not setup.save_button.isEnabled()  # weights now sum to 1.3
    # the panel's criteria, typed one per line; the kept name keeps its key
    edit = ComponentDialog(setup.components.rows[0].component, ["panel", "online"], setup)
    qtbot.addWidget(edit)
    edit.weight.setText("0.7")
    edit.criteria.setPlainText("总分 60\n答辩表现 40")
    panel = edit.value()
    assert [(k.key, k.name, k.max) for k in panel.criteria] == [("overall", "总分", D(60)), ("c2", "答辩表现", D(40))]
    edit.criteria.setPlainText("总分 六十")
    edit._check()
    assert edit.result() != edit.DialogCode.Accepted and "第 1 行" in edit.error.text()
    assert setup.edit_component(0, panel)
    assert "✓" in setup.validation.text()
    assert setup.save_components()
    final = current_contest(w.ws.db).round("final")
    assert [(c.key, c.weight) for c in final.components] == [("panel", D("0.7")), ("online", D("0.3"))]
    assert setup.remove_component(1)
    assert "✗" in setup.validation.text()  # 0.7 alone
    setup.components.setData(setup.components.index(0, 3), "1")
    assert setup.save_components()
    assert [c.key for c in current_contest(w.ws.db).round("final").components] == ["panel"]


def test_import_raw_vote_records_through_the_wizard(qtbot, tmp_path):
    """One row per vote (GBK, title line above the header): the wizard shows the raw shape and
    the tally by the component's voter_day rule, which matches a count made here by hand."""
    db = example_db(tmp_path)
    source = EXAMPLES / "votes_raw_export.csv"
    seen, hand = set(), {}
    rows = list(csv.reader(io.StringIO(source.read_bytes().decode("gb18030"))))[2:]
    for voter, code, _title, when, _ip in rows:
        if (voter, code, when[:10]) not in seen:
            seen.add((voter, code, when[:10]))
            hand[code] = hand.get(code, 0) + 1
    w = window(qtbot, tmp_path, db)
    wizard = w.vote_wizard(str(source))
    qtbot.addWidget(wizard)
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    shape = preview.preview.shape
    assert shape.raw and (shape.header_row, shape.entry_column, shape.votes_column) == (2, "选手编号", "投票人")
    assert shape.data_rows == len(rows) and "原始记录" in preview.shape_label.text()
    assert {line.code: line.votes for line in preview.model.rows} == hand
    wizard.next()
    commit = wizard.commit_page
    qtbot.waitUntil(commit.isComplete, timeout=10000)
    assert commit.error is None
    assert audit_lines(db)[0].action == "votes.import"


def test_add_a_round_edit_it_and_remove_it_on_the_setup_screen(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    w = window(qtbot, tmp_path)
    w.create_from_template(str(tmp_path / "c.sqlite"), "3-xianfeng")
    setup = w.setup_page
    assert setup.add_round("决赛")
    key = setup.round_box.currentData()
    assert setup.round_box.currentText() == "决赛" and setup.components.rowCount() == 1
    assert [r.key for r in current_contest(w.ws.db).rounds][-1] == key
    # the new round's part is edited like any other, and the whole contest is checked
    setup.components.setData(setup.components.index(0, 1), "专家评审")
    assert setup.save_components()
    assert current_contest(w.ws.db).round(key).components[0].name == "专家评审"
    assert setup.remove_round(confirmed=True)
    assert key not in [r.key for r in current_contest(w.ws.db).rounds]
    assert not setup.remove_round(confirmed=True) and "至少要有一个轮次" in shown[-1]
