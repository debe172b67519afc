"""The score grid talks back: Enter past the last cell says whether the sheet is complete (and does
not reopen that cell), and a refused value or key is explained beside its cell, in Chinese, with the
criterion's allowed range."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_support import current_editor, example_db, type_cell, window


def sheet(qtbot, tmp_path, judge="E02"):
    w = window(qtbot, tmp_path, example_db(tmp_path))
    page = w.entry_page
    w.tabs.setCurrentWidget(page)
    page.select("final", "expert", judge)
    return page


def last_cell(page):
    model = page.model
    for row in reversed(range(model.rowCount())):
        for col in reversed(range(2, model.total_column)):
            if model.flags(model.index(row, col)) & Qt.ItemFlag.ItemIsEditable:
                return model.index(row, col)
    raise AssertionError("no cell to type into")


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_enter_on_the_last_cell_names_what_is_missing_and_does_not_reopen_it(qtbot, tmp_path):
    page = sheet(qtbot, tmp_path)
    grid, model = page.grid, page.model
    grid.setCurrentIndex(last_cell(page))
    type_cell(qtbot, grid, "18")
    assert not grid.is_editing() and grid.currentIndex() == last_cell(page)
    missing = model.missing_entries()
    assert missing and f"还有 {len(missing)} 件作品未录完" in grid.note_text()
    assert missing[0] in grid.note_text() and grid.note_text() == page.hint.text()
    qtbot.keyClick(grid, Qt.Key_Return)  # again on the typed last cell: the same message, no editor
    assert not grid.is_editing() and "未录完" in grid.note_text()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_complete_sheet_says_so_at_its_end(qtbot, tmp_path):
    page = sheet(qtbot, tmp_path)
    grid, model = page.grid, page.model
    page.focus_grid()
    open_rows = [r for r in model.rows if not r.blocked]
    for _ in open_rows:
        for criterion in model.component.criteria:
            type_cell(qtbot, grid, str(min(criterion.max, 10)))
    assert model.missing_entries() == []
    assert not grid.is_editing()
    assert "本表已录完" in grid.note_text() and "Ctrl+PgDn" in page.hint.text()
    assert "✓" in page.judge_box.currentText()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_an_out_of_range_value_is_explained_beside_its_cell_with_the_range(qtbot, tmp_path):
    page = sheet(qtbot, tmp_path)
    grid, model = page.grid, page.model
    cell = model.index(0, 2)
    criterion = model.criterion_at(2)
    grid.setCurrentIndex(cell)
    grid.setFocus()
    too_big = str(criterion.max * 3)
    qtbot.keyClicks(grid, too_big[0])
    editor = current_editor(grid)
    qtbot.keyClicks(editor, too_big[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()
    assert grid.is_editing()  # not committed, not silently dropped
    assert grid.note_text() == f"超出范围, 应为 0–{criterion.max} 分"
    note = grid.note.geometry()
    rect = grid.visualRect(cell)
    assert abs(note.top() - rect.bottom()) <= 2 and note.left() <= rect.right()  # right under the cell
    qtbot.keyClick(editor, Qt.Key_A)  # a letter cannot be typed: said, not ignored
    assert grid.note_text() == f"只能输入数字和小数点, 应为 0–{criterion.max} 分"
    editor.selectAll()
    qtbot.keyClicks(editor, "5")
    assert grid.note_text() == ""  # a good value: the note goes
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()
    assert model.rows[0].shown(criterion.key) == 5


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_value_refused_on_leaving_the_cell_stays_explained_there(qtbot, tmp_path):
    page = sheet(qtbot, tmp_path)
    grid, model = page.grid, page.model
    criterion = model.criterion_at(2)
    assert not model.setData(model.index(1, 2), str(criterion.max + 1))
    assert grid.note_text() == f"{model.rows[1].entry} {criterion.name}: 超出范围, 应为 0–{criterion.max} 分"
    assert grid.note.cell.row() == 1 and grid.note.cell.column() == 2
