"""The first screen when no contest is open: open the demo, start from a template, open a file
or a recent one. The main window does the opening; this page only offers the choices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from judge_app import __version__


class WelcomePage(QWidget):
    open_demo = Signal()
    new_contest = Signal()
    open_file = Signal()
    open_recent = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel(self.tr("比赛评分系统"))
        font = title.font()
        font.setPointSize(font.pointSize() + 14)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(self.tr("离线评分 · 网络投票导入 · 现场大屏 · 证书打印") + f"   judge_app {__version__}")
        subtitle.setStyleSheet("color: #555;")
        self.demo_button = self._big(self.tr("打开演示比赛"), self.tr("20 个作品、专家评分、网络投票和现场评分都已录好, 随意试用"))
        self.demo_button.clicked.connect(self.open_demo)
        self.new_button = self._big(self.tr("从模板新建比赛…"), self.tr("招商大比武、调研大比武、先锋杯或空白模板"))
        self.new_button.clicked.connect(self.new_contest)
        self.open_button = self._big(self.tr("打开比赛文件…"), self.tr("打开 .sqlite 比赛数据库 (可从 U 盘或备份复制)"))
        self.open_button.clicked.connect(self.open_file)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(self._activated)
        self.recent_label = QLabel(self.tr("最近打开 (双击或回车打开)"))
        left = QVBoxLayout()
        for b in (self.demo_button, self.new_button, self.open_button):
            left.addWidget(b)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.recent_label)
        right.addWidget(self.recent, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(32)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(24)
        layout.addLayout(columns, 1)

    def _big(self, text: str, hint: str) -> QPushButton:
        button = QPushButton(f"{text}\n{hint}")
        button.setMinimumHeight(72)
        button.setStyleSheet("QPushButton { text-align: left; padding: 8px 16px; font-size: 15px; }")
        return button

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            exists = Path(path).exists()
            item = QListWidgetItem(f"{Path(path).name}\n    {path}" + ("" if exists else "  " + self.tr("(文件不存在)")))
            item.setData(Qt.ItemDataRole.UserRole, path)
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.recent_label.setText(self.tr("最近打开 (双击或回车打开)") if paths else self.tr("还没有最近打开的比赛"))
        if paths:
            self.recent.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_recent.emit(item.data(Qt.ItemDataRole.UserRole))
