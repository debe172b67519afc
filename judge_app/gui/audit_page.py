"""The audit trail, newest first, filtered by entry, judge, user and time."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from judge_app.domain.audit_sentences import Names, sentence, value_text
from judge_app.domain.chinese_dates import typed_bound
from judge_app.qt.i18n import is_chinese, moment_text
from judge_app.gui.table_model import Column, RowTableModel
from judge_app.gui.workspace import LazyRefresh, Workspace
from judge_app.services.integrity.audit_log import AuditLine, audit_lines, audit_names


def _short(value: str | None) -> str:
    """The stored value as is (the English screen and tooltips: nothing hidden)."""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return str(data)


class AuditModel(RowTableModel[AuditLine]):
    """In zh_CN each event reads as a sentence with names for keys; in English, the stored keys."""

    def __init__(self, parent=None):
        self.names = Names()
        chinese = is_chinese()
        super().__init__([
            Column(self.tr("时间"), lambda a: moment_text(a.at)),
            Column(self.tr("操作人"), lambda a: a.actor),
            Column(self.tr("事项"), (lambda a: sentence(a.action, a.target, a.old, a.new, self.names)) if chinese
                   else (lambda a: f"{a.action} {a.target}"), tooltip=lambda a: f"{a.action} {a.target}"),
            Column(self.tr("原值"), (lambda a: value_text(a.old, self.names)) if chinese else (lambda a: _short(a.old)),
                   tooltip=lambda a: a.old),
            Column(self.tr("新值"), (lambda a: value_text(a.new, self.names)) if chinese else (lambda a: _short(a.new)),
                   tooltip=lambda a: a.new),
        ], (), parent)


class AuditPage(LazyRefresh, QWidget):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.entry = QLineEdit()
        self.judge = QLineEdit()
        self.actor = QLineEdit()
        self.since = QLineEdit()
        self.until = QLineEdit()
        self.since.setPlaceholderText(self.tr("如 2025年9月18日"))
        self.until.setPlaceholderText(self.tr("如 2025年9月18日 18:00"))
        filters = QHBoxLayout()
        for label, edit in ((self.tr("作品"), self.entry), (self.tr("评委"), self.judge), (self.tr("操作人"), self.actor),
                            (self.tr("从"), self.since), (self.tr("到"), self.until)):
            edit.setMaximumWidth(130)
            filters.addWidget(QLabel(label))
            filters.addWidget(edit)
            edit.returnPressed.connect(self.refresh)
        search = QPushButton(self.tr("筛选"))
        search.clicked.connect(self.refresh)
        filters.addWidget(search)
        filters.addStretch(1)
        self.count = QLabel()
        filters.addWidget(self.count)
        self.model = AuditModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        workspace.opened.connect(self.refresh)
        workspace.changed.connect(self.refresh_later)
        self.refresh()

    def refresh(self) -> None:
        if self.ws.db is None:
            self.model.set_rows([])
            return
        try:
            since = typed_bound(self.since.text())
            until = typed_bound(self.until.text(), end=True)
        except ValueError:
            self.count.setText(self.tr("时间请写成 2025年9月18日 或 2025年9月18日 18:00"))
            self.count.setStyleSheet("color: #b00020;")
            return
        self.count.setStyleSheet("")
        lines = audit_lines(self.ws.db, entry=self.entry.text().strip(), judge=self.judge.text().strip(),
                            actor=self.actor.text().strip(), since=since, until=until, limit=5000)
        self.model.names = audit_names(self.ws.db)
        self.model.set_rows(lines)
        self.count.setText(self.tr("%1 条").replace("%1", str(len(lines))))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
