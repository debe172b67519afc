"""Who acts and who signs: the name given at the first change (not the computer's login), the
sign-off dialog with nothing pre-filled and, with accounts, the signer's password; the title
(主评委 or 总裁判长) the contest configures."""

from __future__ import annotations

import pytest

from gui_support import window
from judge_app.gui.signoff_dialog import SignoffDialog
from judge_app.gui.workspace import Workspace
from judge_app.services.results import locks
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.contest_details import contest_details, update_details
from judge_app.services.contest.demo import load_demo
from judge_app.store.database import open_database


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "示例")
    db = open_database(str(path))
    yield db
    db.close()


def test_without_accounts_the_name_given_at_the_first_change_is_recorded(qtbot, demo):
    ws = Workspace(demo)  # no name given at the start
    asked = []
    ws.ask_name = lambda: asked.append(1) or "王秘书"
    assert ws.act("setup") == "王秘书" and ws.act("lock") == "王秘书" and len(asked) == 1
    locks.lock(demo, "final", None, ws.act("lock"))
    assert audit_lines(demo, limit=1)[0].actor == "王秘书"
    cancelled = Workspace(demo)
    cancelled.ask_name = lambda: None
    assert cancelled.act("setup") is None  # no name, no change
    given = Workspace(demo, "李干事")
    given.ask_name = lambda: pytest.fail("a name given at the start is not asked again")
    assert given.act("setup") == "李干事"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_sign_off_dialog_prefills_nobody_and_uses_the_configured_title(qtbot, demo, tmp_path):
    update_details(demo, contest_details(demo).changed(head_title="总裁判长"), "示例")
    locks.lock(demo, "final", None, "示例")
    w = window(qtbot, tmp_path, demo, actor="王秘书")
    locks_dialog = w.locks_dialog("final")
    qtbot.addWidget(locks_dialog)
    assert "总裁判长" in locks_dialog.signoff_button.text() and "主评委" not in locks_dialog.signoff_label.text()
    dialog = locks_dialog.signoff_dialog()
    qtbot.addWidget(dialog)
    assert dialog.person.currentText() == "" and not dialog.ok.isEnabled()  # nobody chosen for the user
    assert dialog.password is None and "总裁判长" in dialog.windowTitle()
    dialog.person.setCurrentIndex(2)
    assert dialog.ok.isEnabled()
    chosen = dialog.person.currentText()
    dialog.ok.click()
    assert locks.current_signoff(demo, "final").head_judge == chosen


def test_with_accounts_the_dialog_asks_for_the_signing_account_and_password(qtbot):
    from judge_app.qt.app import ensure_app

    ensure_app()
    dialog = SignoffDialog("主评委", ["张三", "李四"], ["admin", "head"])
    qtbot.addWidget(dialog)
    dialog.person.setCurrentIndex(0)
    assert not dialog.ok.isEnabled()
    dialog.account.setCurrentIndex(1)
    dialog.password.setText("2468")
    assert dialog.ok.isEnabled() and dialog.values() == ("张三", "head", "2468")
