"""Double entry (双人录入) stays blind at one screen: a typist's submitted row is hidden (●●) on the
grid, the running total leaves it out, and 换人录入 hands the sheet to another typist — another
name, or another account once accounts exist — who sees a blank sheet and not the first values."""

from __future__ import annotations

import pytest

from gui_support import example_db, type_cell, window
from judge_app.gui import score_entry_page
from judge_app.gui.score_grid import HIDDEN_MARK, OFFICIAL, WAITING
from judge_app.services.integrity import users
from judge_app.services.scores.score_entry import judge_sheet


def type_row(qtbot, page, row, values):
    page.grid.setCurrentIndex(page.model.index(row, 2))
    for v in values:
        type_cell(qtbot, page.grid, v)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(score_entry_page.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    return shown


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_second_typist_never_sees_the_first_typists_values(qtbot, tmp_path, warnings):
    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    page = w.entry_page
    page.select("final", "expert", "E02")
    page.double_box.setChecked(True)
    assert page.next_clerk_button.isVisibleTo(page)
    page.clerk_edit.setText("王")
    page.load_sheet()
    model = page.model
    type_row(qtbot, page, 0, ["30", "25.5", "18"])
    assert model.rows[0].state == WAITING
    shown = [model.index(0, c).data() for c in range(2, model.total_column + 1)]
    assert shown == [HIDDEN_MARK] * len(shown)  # criteria and total: recorded, not readable
    assert model.index(0, 2).data(score_entry_page.Qt.ItemDataRole.EditRole) == ""
    assert "73.5" not in page.status.text() and "已录 1 /" in page.status.text()
    page.load_sheet()  # reopened by the same typist: still hidden
    assert model.index(0, 2).data() == HIDDEN_MARK and model.rows[0].state == WAITING
    # the same name again is not a second typist
    assert not page.switch_clerk("王") and warnings and page.clerk == "王"
    assert page.switch_clerk("李")
    assert page.clerk == "李" and "李" in page.hint.text()
    assert [model.index(0, c).data() for c in range(2, model.total_column + 1)] == [""] * len(shown)
    assert model.rows[0].state == "" and model.rows[0].values == {}
    type_row(qtbot, page, 0, ["30", "25.5", "18"])
    assert model.rows[0].state == OFFICIAL and model.index(0, 2).data() == "30"  # official: shown to all
    assert judge_sheet(db, "final", "expert", "E02").rows[0].values


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_hidden_row_is_retyped_from_blank(qtbot, tmp_path):
    from decimal import Decimal as D

    from judge_app.services.scores import double_entry

    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    page = w.entry_page
    page.select("final", "expert", "E02")
    page.double_box.setChecked(True)
    page.clerk_edit.setText("王")
    page.load_sheet()
    type_row(qtbot, page, 0, ["30", "25.5", "18"])
    assert page.model.setData(page.model.index(0, 2), "29")  # one cell of a hidden row: not resubmitted yet
    row = page.model.rows[0]
    assert row.typed == {"innovation": D(29)}
    entry = row.entry
    assert double_entry.pending_values(db, "final", "expert", "E02", "王")[entry]["innovation"] == D(30)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_with_accounts_the_next_typist_is_another_account(qtbot, tmp_path, warnings):
    db = example_db(tmp_path)
    users.add_user(db, "admin", users.ADMINISTRATOR, "135791", "setup")
    users.add_user(db, "clerk1", users.CLERK, "246802", "admin")
    users.add_user(db, "clerk2", users.CLERK, "864200", "admin")
    answers = [("clerk1", "246802"), ("clerk1", "246802"), ("clerk2", "864200")]
    w = window(qtbot, tmp_path)
    w.ws.ask_login = lambda permission, suggested: users.authenticate(db, *answers.pop(0))
    w.ws.set_db(db)
    page = w.entry_page
    page.select("final", "expert", "E02")
    page.double_box.setChecked(True)
    type_row(qtbot, page, 0, ["30", "25.5", "18"])
    assert page.clerk == "clerk1" and page.model.rows[0].state == WAITING
    assert not page.switch_clerk() and "另一名录入员" in warnings[-1]  # clerk1 logged in again
    assert page.switch_clerk() and page.clerk == "clerk2"
    assert page.model.index(0, 2).data() == "" and page.model.rows[0].state == ""
