"""锁定与签署: lock a component or a whole round, unlock with a written reason, record the head
judge's sign-off, and check the audit chain — the GUI face of `judge-app lock / unlock / signoff /
audit verify`. The rules (who may, what a lock refuses, sign-off only on a locked round) live in
`services.results.locks`; every action goes through the workspace's login (`Workspace.act`).
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from judge_app.qt.i18n import message_text, moment_text, refusal_message, titled
from judge_app.gui.workspace import CONTEST, Workspace
from judge_app.services.integrity import audit_trail
from judge_app.services.results import locks
from judge_app.services.contest.contest_access import ServiceError
from judge_app.domain.contest import head_title
from judge_app.services.contest.workspace_files import current_contest

WHOLE = ""  # the table's key for the round as a whole


class LocksDialog(QDialog):
    def __init__(self, ws: Workspace, round_key: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("锁定与签署"))
        self.contest = current_contest(ws.db)
        self.head_title = head_title(self.contest)
        self.round_box = QComboBox()
        for r in self.contest.rounds:
            self.round_box.addItem(r.name, r.key)
        if round_key:
            self.round_box.setCurrentIndex(max(0, self.round_box.findData(round_key)))
        self.round_box.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("对象"), self.tr("状态"), self.tr("锁定人 / 时间")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.lock_button = QPushButton(self.tr("锁定"))
        self.lock_button.clicked.connect(lambda: self.lock())
        self.unlock_button = QPushButton(self.tr("解锁…"))
        self.unlock_button.clicked.connect(lambda: self.unlock())
        self.signoff_label = QLabel()
        self.signoff_label.setWordWrap(True)
        self.signoff_button = QPushButton(titled(self.tr("主评委签署…"), self.head_title))
        self.signoff_button.clicked.connect(lambda: self.signoff_dialog())
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        verify = QPushButton(self.tr("验证审计链"))
        verify.clicked.connect(self.verify_chain)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("轮次")))
        top.addWidget(self.round_box, 1)
        actions = QHBoxLayout()
        for b in (self.lock_button, self.unlock_button):
            actions.addWidget(b)
        actions.addStretch(1)
        sign = QHBoxLayout()
        sign.addWidget(self.signoff_label, 1)
        sign.addWidget(self.signoff_button)
        chain = QHBoxLayout()
        chain.addWidget(self.chain_label, 1)
        chain.addWidget(verify)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(sign)
        layout.addLayout(chain)
        layout.addWidget(close)
        self.resize(720, 480)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    @property
    def round_key(self) -> str:
        return self.round_box.currentData()

    def refresh(self) -> None:
        round_ = self.contest.round(self.round_key)
        held = {(s.component or WHOLE): s for s in locks.locks(self.ws.db, self.round_key)}
        targets = [(WHOLE, self.tr("整个轮次 ") + round_.name)] + [(c.key, c.name) for c in round_.components]
        self.table.setRowCount(len(targets))
        for row, (key, label) in enumerate(targets):
            state = held.get(key)
            item = QTableWidgetItem(label)
            item.setData(256, key)
            self.table.setItem(row, 0, item)
            status = QTableWidgetItem(self.tr("已锁定") if state else self.tr("未锁定"))
            if state:
                status.setForeground(QColor("#B22222"))
                bold = status.font()
                bold.setBold(True)
                status.setFont(bold)
            self.table.setItem(row, 1, status)
            self.table.setItem(row, 2, QTableWidgetItem(f"{state.locked_by}  {moment_text(state.locked_at)}" if state else ""))
        if self.table.currentRow() < 0:
            self.table.selectRow(0)
        signed = locks.current_signoff(self.ws.db, self.round_key)
        self.signoff_label.setText(titled(
            self.tr("已签署: 主评委 %1, 由 %2 于 %3 记录; 审计链头 %4")
            .replace("%1", signed.head_judge).replace("%2", signed.signed_by).replace("%3", moment_text(signed.signed_at))
            .replace("%4", signed.chain_head[:16]) if signed else
            self.tr("未签署。锁定整个轮次后, 由主评委签署, 才能出具证书和成绩公告。"), self.head_title))
        self.signoff_button.setEnabled(signed is None and WHOLE in held)
        head = audit_trail.head(self.ws.db)
        self.chain_label.setText(self.tr("审计链: %1 个事件, 链头 %2").replace("%1", str(head.events))
                                 .replace("%2", head.hash[:16]))
        self._enable()

    def selected(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(256)

    def _enable(self) -> None:
        key = self.selected()
        locked = key is not None and self.table.item(self.table.currentRow(), 2).text() != ""
        self.lock_button.setEnabled(key is not None and not locked)
        self.unlock_button.setEnabled(locked)

    def _run(self, title: str, permission: str, call) -> bool:
        actor = self.ws.act(permission)
        if actor is None:
            return False
        try:
            call(actor)
        except ServiceError as exc:
            QMessageBox.warning(self, title, refusal_message(exc))
            return False
        self.ws.notify(CONTEST)
        self.ws.notify("audit")
        self.refresh()
        return True

    def lock(self, component: str | None = None) -> bool:
        key = self.selected() if component is None else component
        return self._run(self.tr("锁定"), "lock",
                         lambda actor: locks.lock(self.ws.db, self.round_key, key or None, actor))

    def unlock(self, reason: str | None = None, component: str | None = None) -> bool:
        key = self.selected() if component is None else component
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self, self.tr("解锁"), self.tr("解锁须写明理由 (记入审计日志, 并撤销本轮签署):"))
            if not ok:
                return False
        return self._run(self.tr("解锁"), "unlock",
                         lambda actor: locks.unlock(self.ws.db, self.round_key, key or None, actor, reason))

    def signoff_dialog(self):
        """Open the sign-off dialog: pick the person, and with accounts their account and password."""
        from judge_app.gui.signoff_dialog import SignoffDialog, signing_accounts

        dialog = SignoffDialog(self.head_title, [j.name for j in self.contest.judges],
                               signing_accounts(self.ws.db) if self.ws.enforcing else None, self)
        dialog.accepted.connect(lambda: self.sign_off(*dialog.values()))
        dialog.open()
        return dialog

    def sign_off(self, head_judge: str, account: str | None = None, password: str | None = None) -> bool:
        """Record the sign-off; with accounts the signing account's password is checked first and
        that account is recorded as acting."""
        title = self.tr("%1签署").replace("%1", self.head_title)
        if self.ws.enforcing:
            from judge_app.services.integrity import users

            try:
                identity = users.authenticate(self.ws.db, account or "", password or "")
            except ServiceError as exc:
                QMessageBox.warning(self, title, message_text(str(exc)))
                return False
            call = lambda: locks.signoff(self.ws.db, self.round_key, head_judge, identity.name)  # noqa: E731
            try:
                call()
            except ServiceError as exc:
                QMessageBox.warning(self, title, message_text(str(exc)))
                return False
            self.ws.notify(CONTEST)
            self.ws.notify("audit")
            self.refresh()
            return True
        return self._run(title, "signoff", lambda actor: locks.signoff(self.ws.db, self.round_key, head_judge, actor))

    def verify_chain(self) -> bool:
        result = audit_trail.verify(self.ws.db)
        if result.ok:
            text = self.tr("审计链完整, 数据与审计记录一致: %1 个事件, 链头 %2").replace("%1", str(result.events)) \
                .replace("%2", result.head)
            QMessageBox.information(self, self.tr("验证审计链"), text)
        else:
            QMessageBox.critical(self, self.tr("验证审计链"), self.tr("审计链校验失败: ") + str(result.problem))
        return result.ok
