"""Logging in to the workspace, and the administrator's accounts dialog.

Accounts are optional: while a contest file has no administrator, the workspace records the
name typed in (as the CLI records `--user`). Once the first administrator is added (here or with
`judge-app users add`), every administrator or clerk action asks for a password or PIN
(`LoginDialog`), and an idle login times out (`ActivityWatch`). The password check and the role
rules live in `services.integrity.users`; this module only asks and shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from typing import TYPE_CHECKING

from judge_app.qt.i18n import refusal_message
from judge_app.gui.workspace import Workspace

if TYPE_CHECKING:
    from judge_app.services.integrity import users


def _users():
    """services.integrity.users, imported when an account is asked about: not before the window's first paint."""
    from judge_app.services.integrity import users

    return users

ERROR_STYLE = "color: #B22222;"


class LoginDialog(QDialog):
    """User name and password (or PIN) for an action that needs `permission`."""

    def __init__(self, db, permission: str | None = None, suggested: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.permission = db, permission
        self.identity: users.Identity | None = None
        self.setWindowTitle(self.tr("登录"))
        self.why = QLabel(self.tr("请输入账户和密码 (或 PIN)。") if permission is None else
                          self.tr("此操作需要登录: ") + _users().permission_label(permission))
        self.why.setWordWrap(True)
        self.name = QLineEdit(suggested)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.why)
        form.addRow(self.tr("账户"), self.name)
        form.addRow(self.tr("密码 / PIN"), self.password)
        form.addRow(self.error)
        form.addRow(buttons)
        (self.password if suggested else self.name).setFocus()
        self.resize(420, 200)

    def try_login(self) -> bool:
        """Check the name and password; accept the dialog, or say why not and clear the password."""
        try:
            identity = _users().authenticate(self.db, self.name.text().strip(), self.password.text())
            if self.permission is not None and not _users().allows(identity.role, self.permission):
                raise _users().PermissionRefused(
                    self.tr("%1 的角色是%2, 不能%3").replace("%1", identity.name)
                    .replace("%2", _users().ROLE_NAMES[identity.role]).replace("%3", _users().permission_label(self.permission)))
        except _users().PermissionRefused as exc:
            self.error.setText(refusal_message(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.identity = identity
        self.accept()
        return True


class ActivityWatch(QObject):
    """Keeps a login alive while the user types or clicks, and logs it out after the idle timeout."""

    def __init__(self, ws: Workspace, on_timeout, parent: QObject | None = None, check_ms: int = 5000):
        super().__init__(parent)
        self.ws, self.on_timeout = ws, on_timeout
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.ws.touch()
        return False

    def check(self) -> None:
        if self.ws.check_timeout():
            self.on_timeout()


class AddUserDialog(QDialog):
    def __init__(self, first: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加账户"))
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in ((_users().ADMINISTRATOR,) if first else _users().ROLES):
            self.role.addItem(f"{_users().ROLE_NAMES[role]} ({role})", role)
        self.judge = QLineEdit()
        self.judge.setPlaceholderText(self.tr("评委账户填评委编号, 如 J01"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        if first:
            note = QLabel(self.tr("第一个账户须为管理员。添加后, 修改本比赛文件都需登录。"))
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(self.tr("账户名"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("评委编号"), self.judge)
        form.addRow(self.tr("密码 / PIN"), self.password)
        form.addRow(self.tr("再输一次"), self.again)
        form.addRow(self.error)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(self.tr("两次输入的密码不一致"))
            return
        self.accept()


class AccountsDialog(QDialog):
    """账户管理: list, add, disable or enable accounts and reset passwords (administrators only)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("账户管理"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("账户"), self.tr("角色"), self.tr("评委编号"), self.tr("状态")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.add_button = QPushButton(self.tr("添加账户…"))
        self.add_button.clicked.connect(self.add)
        self.reset_button = QPushButton(self.tr("重设密码…"))
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button = QPushButton(self.tr("停用 / 启用"))
        self.toggle_button.clicked.connect(self.toggle)
        row = QHBoxLayout()
        for b in (self.add_button, self.reset_button, self.toggle_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 420)
        self.refresh()

    def refresh(self) -> None:
        listed = _users().list_users(self.ws.db)
        self.note.setText(self.tr("账户保护已启用: 修改比赛需登录, 空闲超时后须重新输入密码。") if listed else
                          self.tr("尚未启用账户保护: 任何人都可修改本比赛, 审计日志记录所填的操作人。"
                                  "添加第一个管理员账户即启用。"))
        self.table.setRowCount(len(listed))
        for r, (name, role, judge, active, _created) in enumerate(listed):
            for c, value in enumerate((name, _users().ROLE_NAMES.get(role, role), judge,
                                       self.tr("有效") if active else self.tr("已停用"))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.reset_button.setEnabled(bool(listed))
        self.toggle_button.setEnabled(bool(listed))

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.table.item(row, 0).text() if row >= 0 and self.table.item(row, 0) else None

    def _run(self, title: str, call) -> bool:
        from judge_app.services.contest.contest_access import ServiceError

        try:
            call()
        except ServiceError as exc:
            QMessageBox.warning(self, title, refusal_message(exc))
            return False
        self.ws.refresh_accounts()
        self.ws.notify("audit")
        self.refresh()
        return True

    def add(self, values: tuple[str, str, str, str] | None = None) -> bool:
        """Add an account; `values` (name, role, password, judge code) skips the form (tests, scripts)."""
        first = not self.ws.enforcing
        if values is None:
            dialog = AddUserDialog(first, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = (dialog.name.text(), dialog.role.currentData(), dialog.password.text(), dialog.judge.text().strip())
        name, role, password, judge = values
        actor = name if first else self.ws.act("users")
        if actor is None:
            return False
        done = self._run(self.tr("添加账户"), lambda: _users().add_user(self.ws.db, name, role, password, actor, judge))
        if done and first:  # whoever set up protection is its administrator, logged in now
            self.ws.log_in(_users().Identity(name.strip(), role))
        return done

    def reset_password(self, password: str | None = None) -> bool:
        name = self.selected()
        if name is None:
            return False
        if password is None:
            from PySide6.QtWidgets import QInputDialog

            password, ok = QInputDialog.getText(self, self.tr("重设密码"), self.tr("%1 的新密码:").replace("%1", name),
                                                QLineEdit.EchoMode.Password)
            if not ok:
                return False
        actor = self.ws.act("users")
        return actor is not None and self._run(self.tr("重设密码"),
                                               lambda: _users().set_password(self.ws.db, name, password, actor))

    def toggle(self) -> bool:
        name = self.selected()
        if name is None:
            return False
        active = self.table.item(self.table.currentRow(), 3).text() != self.tr("有效")
        actor = self.ws.act("users")
        return actor is not None and self._run(self.tr("停用 / 启用"),
                                               lambda: _users().set_active(self.ws.db, name, active, actor))
