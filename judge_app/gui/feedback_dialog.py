"""专家点评意见…: print the experts' comments, one page per entry — named (姓名, 职称, 工作单位)
or anonymous (评委1…N), with or without the entry's scores, for every entry or a few."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit


class FeedbackOptionsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("专家点评意见"))
        self.anonymous = QCheckBox(self.tr("匿名: 评委显示为 评委1…N, 不印姓名"))
        self.scores = QCheckBox(self.tr("同时印出各部分得分与总分"))
        self.entries = QLineEdit()
        self.entries.setPlaceholderText(self.tr("作品编号, 用空格或逗号分隔; 空则全部作品"))
        form = QFormLayout(self)
        form.addRow(self.anonymous)
        form.addRow(self.scores)
        form.addRow(self.tr("作品"), self.entries)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("生成"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def codes(self) -> list[str]:
        return [c for c in re.split(r"[\s,，;；、]+", self.entries.text()) if c]
