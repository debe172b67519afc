"""The workspace's welcome screen, login with idle timeout, accounts, lock & sign-off, and the
contest-day menus — driven as a user does (offscreen), checking the database afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from judge_app.gui.login import AccountsDialog, LoginDialog
from judge_app.gui.workspace import Workspace
from judge_app.services.results import locks
from judge_app.services.integrity import users
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.store.database import open_database
from tests.gui_support import copy_demo, window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def messages(monkeypatch):
    """Message boxes are recorded instead of shown (a modal box would wait for a click forever)."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, _k=kind: shown.append((_k, *a[1:])))
    return shown


VALUES = {"quality": Decimal("25"), "results": Decimal("20"), "pitch": Decimal("18"), "defense": Decimal("17")}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def demo_with_accounts(tmp_path):
    db = open_database(copy_demo(tmp_path))
    users.add_user(db, "admin", users.ADMINISTRATOR, "135791", "admin")
    users.add_user(db, "clerk", users.CLERK, "246802", "admin")
    return db


def logins(*answers):
    """An ask_login that answers each request with the next (name, password), or None (cancel)."""
    asked, queue = [], list(answers)

    def ask(db):
        def ask_login(permission, suggested):
            asked.append(permission)
            answer = queue.pop(0)
            return None if answer is None else users.authenticate(db, *answer)
        return ask_login
    return asked, ask


def test_the_app_opens_on_a_welcome_screen_with_demo_template_and_recent_files(qtbot, tmp_path, monkeypatch):
    w = window(qtbot, tmp_path)
    assert w.pages.currentWidget() is w.welcome
    assert not w.contest_menus[0].isEnabled()
    assert w.welcome.recent.count() == 0
    monkeypatch.setattr(w, "demo_path", lambda: tmp_path / "演示比赛.sqlite")
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentWidget() is w.tabs and w.contest_menus[0].isEnabled()
    assert "演示比赛.sqlite" in w.windowTitle()
    w.close_contest()
    assert w.pages.currentWidget() is w.welcome and w.ws.db is None
    # the demo is now a recent file; a vanished file is listed but cannot be opened
    w._remember(str(tmp_path / "gone.sqlite"))
    w._update_title()
    items = [w.welcome.recent.item(i) for i in range(w.welcome.recent.count())]
    assert "gone.sqlite" in items[0].text() and not items[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert "演示比赛.sqlite" in items[1].text() and items[1].flags() & Qt.ItemFlag.ItemIsEnabled
    w.welcome._activated(items[1])
    assert w.ws.db is not None and w.pages.currentWidget() is w.tabs


def test_open_window_shows_the_welcome_screen_not_the_last_file(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from judge_app.gui import app

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    settings.setValue("recent", [copy_demo(tmp_path)])
    monkeypatch.setattr(app, "QSettings", lambda: settings, raising=False)
    monkeypatch.setattr("PySide6.QtCore.QSettings", lambda *a: settings)
    w = app.open_window()
    qtbot.addWidget(w)
    assert w.ws.db is None and w.pages.currentWidget() is w.welcome
    assert w.welcome.recent.count() == 1


def test_the_login_dialog_checks_password_and_role(qtbot, tmp_path):
    db = demo_with_accounts(tmp_path)
    dialog = LoginDialog(db, "lock", "clerk")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong")
    assert not dialog.try_login()
    assert "用户名或密码错误" in dialog.error.text() and dialog.password.text() == ""
    dialog.password.setText("246802")
    assert not dialog.try_login()  # a clerk may not lock
    assert "录分员" in dialog.error.text() and dialog.identity is None
    dialog.name.setText("admin")
    dialog.password.setText("135791")
    assert dialog.try_login() and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.identity == users.Identity("admin", users.ADMINISTRATOR)


def test_a_clerk_logs_in_to_save_scores_and_the_login_times_out(qtbot, tmp_path):
    db = demo_with_accounts(tmp_path)
    clock = Clock()
    w = window(qtbot, tmp_path)
    w.ws._clock = clock
    asked, ask = logins(None, ("clerk", "246802"), ("clerk", "246802"))
    w.ws.ask_login = ask(db)
    w.ws.set_db(db)
    assert "未登录" in w.user_label.text()
    page = w.entry_page
    assert page.clerk_edit.isReadOnly()
    page.select("final", "expert", "E01")
    entry = judge_sheet(db, "final", "expert", "E01").rows[0].entry
    values = VALUES
    with pytest.raises(users.PermissionRefused, match="未登录"):
        page._save_row(entry, values)  # the clerk cancelled the login: nothing saved
    page._save_row(entry, values)
    assert asked == ["scores", "scores"]
    assert "clerk" in w.user_label.text() and page.clerk_edit.text() == "clerk"
    saved = [a for a in audit_lines(db) if a.action.startswith("score") and entry in a.target]
    assert saved and saved[0].actor == "clerk"
    # typing keeps the login alive; ten idle minutes end it
    clock.now += 500
    QApplication.sendEvent(page.grid, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier))
    clock.now += 500
    w.activity.check()
    assert w.ws.user == "clerk"
    clock.now += users.LoginSession(w.ws.login.identity).timeout_s + 1
    w.activity.check()
    assert w.ws.user is None and "未登录" in w.user_label.text() and "超时" in w.statusBar().currentMessage()
    page._save_row(entry, values)  # asks again
    assert asked == ["scores", "scores", "scores"]


def test_without_accounts_the_typed_name_is_recorded_and_nothing_asks(qtbot, tmp_path):
    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db, actor="王录入")
    w.ws.ask_login = lambda *a: pytest.fail("no login without accounts")
    assert "王录入" in w.user_label.text() and "未启用账户" in w.user_label.text()
    assert not w.entry_page.clerk_edit.isReadOnly()
    assert w.ws.act("lock") == "王录入"


def test_accounts_dialog_turns_protection_on_with_the_first_administrator(qtbot, tmp_path):
    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db)
    dialog = AccountsDialog(w.ws, w)
    qtbot.addWidget(dialog)
    assert "尚未启用" in dialog.note.text()
    assert dialog.add(("组长", users.ADMINISTRATOR, "975310", ""))
    assert w.ws.enforcing and w.ws.user == "组长" and "组长" in w.user_label.text()
    assert dialog.add(("小李", users.CLERK, "111111", ""))
    assert dialog.table.rowCount() == 2 and "已启用" in dialog.note.text()
    dialog.table.selectRow([dialog.table.item(r, 0).text() for r in range(2)].index("小李"))
    assert dialog.toggle()
    assert [u[3] for u in users.list_users(db) if u[0] == "小李"] == [False]
    with pytest.raises(users.PermissionRefused):
        users.authenticate(db, "小李", "111111")


def test_lock_sign_off_print_and_unlock_from_the_window(qtbot, tmp_path, messages):
    db = demo_with_accounts(tmp_path)
    w = window(qtbot, tmp_path)
    asked, ask = logins(None, ("admin", "135791"))
    w.ws.ask_login = ask(db)
    w.ws.set_db(db)
    w.ws.log_in(users.authenticate(db, "clerk", "246802"))
    dialog = w.locks_dialog("final")
    qtbot.addWidget(dialog)
    assert not dialog.signoff_button.isEnabled()
    assert not dialog.lock()  # a clerk is asked for an administrator, and cancels
    assert locks.locks(db, "final") == []
    assert dialog.lock(component="")  # the administrator logs in and locks the whole round
    assert asked == ["lock", "lock"] and w.ws.user == "admin"
    assert [s.component for s in locks.locks(db, "final")] == [None]
    assert "已锁定" in dialog.table.item(0, 1).text() and dialog.signoff_button.isEnabled()
    assert not dialog.sign_off("张主任", "admin", "0000")  # the signing account's password is asked
    assert dialog.sign_off("张主任", "admin", "135791")
    assert locks.current_signoff(db, "final").head_judge == "张主任"
    assert "张主任" in dialog.signoff_label.text()
    assert dialog.verify_chain() and messages[-1][0] == "information"
    # printing needs the sign-off, which is there now
    notice = w.print_notice("final")
    assert notice is not None and notice.preview.document.pageCount() >= 1
    certificates = w.issue_certificates("final")
    assert certificates is not None and certificates.preview.document.pageCount() >= 1
    sheets = w.print_score_sheets("final", "expert", blank=True)
    assert sheets is not None and sheets.preview.document.pageCount() >= 1
    # a locked round refuses score entry from the grid
    w.entry_page.select("final", "expert", "E01")
    entry = judge_sheet(db, "final", "expert", "E01").rows[0].entry
    with pytest.raises(locks.Locked):
        w.entry_page._save_row(entry, VALUES)
    assert dialog.unlock("更正录入错误", component="")
    assert locks.locks(db, "final") == [] and locks.current_signoff(db, "final") is None
    unlock = [a for a in audit_lines(db) if a.action == "unlock"][-1]
    assert unlock.actor == "admin" and "更正录入错误" in unlock.new
    assert w.print_notice("final") is None  # no sign-off any more: refused, shown, not raised
    assert "签署" in messages[-1][2]


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support propagateSizeHints")
def test_contest_day_windows_open_on_the_demo(qtbot, tmp_path):
    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db)
    analytics = w.analytics("final")
    qtbot.addWidget(analytics)
    assert analytics.isVisible()
    verify = w.verify_certificate()
    qtbot.addWidget(verify)
    verify.input.setText("not a certificate")
    verify.check()
    assert verify.verdict is not None and verify.verdict.status != "valid"
    console = w.open_stage("final")
    assert console is not None and console.isVisible()
    console.close()


def test_a_damaged_file_is_reported_and_the_newest_sound_backup_offered(qtbot, tmp_path, messages, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from judge_app.services.integrity.backups import backup_now
    from judge_app.services.contest.workspace_files import current_contest
    from tests.services.test_integrity_backup import damage, digest

    path = copy_demo(tmp_path)
    db = open_database(path)
    good = backup_now(db, "clerk")
    db.close()
    damage(path)
    before = digest(tmp_path / "demo.sqlite")
    w = window(qtbot, tmp_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    assert not w.open_path(path)  # declined: the damaged file is left exactly as it was
    assert digest(tmp_path / "demo.sqlite") == before and w.ws.db is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert w.open_path(path)
    assert current_contest(w.ws.db).name.startswith("2025年") and "损坏的文件保留为" in w.statusBar().currentMessage()
    assert any(p.name.startswith("demo.sqlite.damaged-") for p in tmp_path.iterdir())
    assert good.exists()


def test_judge_cards_from_the_print_menu(qtbot, tmp_path):
    from judge_app.services.contest_day.lan_access import list_tokens

    db = open_database(copy_demo(tmp_path))
    w = window(qtbot, tmp_path, db, actor="王录入")
    preview = w.print_judge_cards("final", "http://10.0.0.5:8000")
    live = [t for t in list_tokens(db, "final") if t.revoked_at is None]
    assert preview is not None and preview.preview.document.pageCount() == len(live) > 0
    assert {t.judge for t in live} == {t.judge for t in list_tokens(db, "final")}
    preview.close()
