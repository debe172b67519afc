"""签署: the user picks who signs (nothing pre-filled — the first judge on the list is not the head
judge) and, once accounts exist, that person's account confirms it with its password, so a
clerk at the keyboard cannot sign in someone else's name."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from judge_app.services.integrity import users


class SignoffDialog(QDialog):
    def __init__(self, title: str, names: list[str], accounts: list[str] | None, parent=None):
        """`title`: 主评委 or 总裁判长; `accounts`: the accounts that may sign (None: no accounts)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("%1签署").replace("%1", title))
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.addItems(names)
        self.person.setCurrentIndex(-1)
        self.person.lineEdit().setPlaceholderText(self.tr("选择或输入%1姓名").replace("%1", title))
        form = QFormLayout()
        form.addRow(self.tr("%1姓名").replace("%1", title), self.person)
        self.account = self.password = None
        if accounts is not None:
            self.account = QComboBox()
            self.account.addItems(accounts)
            self.account.setCurrentIndex(-1)
            self.password = QLineEdit()
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(self.tr("签署账户"), self.account)
            form.addRow(self.tr("密码"), self.password)
        note = QLabel(self.tr("签署后结果封存; 证书和成绩公示只对已签署的结果出具。"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("签署"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for signal in ([self.person.currentTextChanged]
                       + ([self.account.currentTextChanged, self.password.textChanged] if accounts is not None else [])):
            signal.connect(self._enable)
        self._enable()

    def values(self) -> tuple[str, str | None, str | None]:
        """(the person signing, the account, its password); account and password None without accounts."""
        return (self.person.currentText().strip(),
                self.account.currentText() if self.account is not None else None,
                self.password.text() if self.password is not None else None)

    def _enable(self, *_args) -> None:
        name, account, password = self.values()
        self.ok.setEnabled(bool(name) and (self.account is None or bool(account and password)))


def signing_accounts(db) -> list[str]:
    """Active accounts whose role may sign off."""
    return [name for name, role, _judge, active, _at in users.list_users(db)
            if active and users.allows(role, "signoff")]
