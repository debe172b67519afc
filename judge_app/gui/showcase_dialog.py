"""Dialogs the organizer's window opens: 生成展示包 (`ShowcaseDialog(db, parent)`, the use case of
`judge-app showcase`) and 作品附件 (`AttachmentsDialog(db, actor, parent)`, `judge-app attachments`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from judge_app.services.contest import attachments as att
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.documents.showcase import Package, build_package, read_summaries, rounds_and_awards
from judge_app.table_files.problems import InputRefused
from judge_app.errors import is_refusal
from judge_app.qt import file_dialogs
from judge_app.qt.thumbnails import write_thumbnail
from judge_app.gui.error_report import report_error
from judge_app.qt.i18n import message_text, refusal_message
from judge_app.gui.tasks import Runner, SyncRunner


class ShowcaseDialog(QDialog):
    built = Signal(object)  # the Package

    def __init__(self, db, parent: QWidget | None = None, runner: Runner | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner or SyncRunner()  # the window passes its workspace's runner (off the GUI thread)
        self.package: Package | None = None
        self.setWindowTitle(self.tr("生成优秀作品展示包"))
        self.rounds = rounds_and_awards(db)

        self.round_box = QComboBox()
        for key, name, _awards in self.rounds:
            self.round_box.addItem(name, key)
        self.round_box.currentIndexChanged.connect(self._fill_awards)
        self.awards_row = QWidget()
        self.awards_layout = QHBoxLayout(self.awards_row)
        self.awards_layout.setContentsMargins(0, 0, 0, 0)
        self.award_checks: list[QCheckBox] = []
        self.scores = QCheckBox(self.tr("公布得分"))
        self.comments = QCheckBox(self.tr("附专家点评, 署名含职称与工作单位"))
        self.anonymous_comments = QCheckBox(self.tr("点评不署名, 显示为 评委1…N"))
        self.anonymous_comments.setEnabled(False)
        self.comments.toggled.connect(self.anonymous_comments.setEnabled)
        self.out_edit = QLineEdit()
        self.out_edit.setPlaceholderText(self.tr("空文件夹或以前生成的展示包"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText(self.tr("可选: 作品简介 TOML, 如 Z03 = \"……\""))
        browse_summary = QPushButton(self.tr("选择…"))
        browse_summary.clicked.connect(self._browse_summary)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_edit, 1)
        summary_row.addWidget(browse_summary)

        form = QFormLayout()
        form.addRow(self.tr("轮次"), self.round_box)
        form.addRow(self.tr("奖项"), self.awards_row)
        form.addRow("", self.scores)
        form.addRow("", self.comments)
        form.addRow("", self.anonymous_comments)
        form.addRow(self.tr("输出文件夹"), out_row)
        form.addRow(self.tr("作品简介"), summary_row)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.build_button = self.buttons.addButton(self.tr("生成"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton(self.tr("打开展示页"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        self.build_button.clicked.connect(self.build)
        self.open_button.clicked.connect(self.open_gallery)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self._fill_awards()

    # ---- choices ----
    def _fill_awards(self) -> None:
        for box in self.award_checks:
            self.awards_layout.removeWidget(box)
            box.deleteLater()
        self.award_checks = []
        index = self.round_box.currentIndex()
        awards = self.rounds[index][2] if 0 <= index < len(self.rounds) else ()
        for name in awards:
            box = QCheckBox(name)
            box.setChecked(True)
            self.awards_layout.addWidget(box)
            self.award_checks.append(box)

    def selected_awards(self) -> list[str]:
        return [b.text() for b in self.award_checks if b.isChecked()]

    def _browse_out(self) -> None:
        path = file_dialogs.getExistingDirectory(self, self.tr("选择输出文件夹"))
        if path:
            self.out_edit.setText(path)

    def _browse_summary(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("选择作品简介"), "", "TOML (*.toml);;所有文件 (*)")
        if path:
            self.summary_edit.setText(path)

    # ---- the use case ----
    def build(self) -> Package | None:
        out = self.out_edit.text().strip()
        awards = self.selected_awards()
        if not out:
            return self._refuse(self.tr("请选择输出文件夹"))
        if not awards:
            return self._refuse(self.tr("请至少选择一个奖项"))
        db, round_key, show_scores = self.db, self.round_box.currentData(), self.scores.isChecked()
        comments, anonymous = self.comments.isChecked(), self.anonymous_comments.isChecked()
        summary = self.summary_edit.text().strip()

        def make():
            summaries = read_summaries(Path(summary)) if summary else None
            return build_package(db, round_key, Path(out), awards=awards, show_scores=show_scores, summaries=summaries,
                                 comments=comments, anonymous_comments=comments and anonymous,
                                 thumbnailer=write_thumbnail)

        def failed(exc, trace):
            if is_refusal(exc):
                return self._refuse(refusal_message(exc))
            report_error(self, self.tr("生成展示包"), exc, trace)

        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在生成…"))
        return self.runner.run(lambda _p: make(), self._built, failed, label=self.tr("正在生成展示包…"),
                               parent=self).value

    def _built(self, package: Package) -> Package:
        self.package = package
        lines = [f"已生成: 作品 {len(package.works)} 件, 文件 {len(package.files)} 个 → {package.out}"]
        lines += [f"警告: {a.code} 的附件 {a.name} 缺失或已改变, 未放入" for a in package.missing]
        self.message.setStyleSheet("")
        self.message.setText("\n".join(lines))
        self.open_button.setEnabled(True)
        self.built.emit(package)
        return package

    def _refuse(self, text: str) -> None:
        self.message.setStyleSheet("color: #b01e23;")
        self.message.setText(text)
        self.open_button.setEnabled(False)
        return None

    def open_gallery(self) -> bool:
        if self.package is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.package.out / "index.html")))


class AttachmentsDialog(QDialog):
    """作品附件: every entry's registered files with their state; add files to the chosen entry.

    Calls `services.contest.attachments` (the same use cases as `judge-app attachments add|check`).
    """


    def __init__(self, db, actor: str, parent: QWidget | None = None):
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(self.tr("作品附件"))
        self.resize(860, 480)
        self.entry_box = QComboBox()
        for code, title in att.entries(db):
            self.entry_box.addItem(f"{code} {title}", code)
        add = QPushButton(self.tr("添加文件…"))
        add.clicked.connect(self._choose_files)
        check = QPushButton(self.tr("检查"))
        check.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("作品")))
        top.addWidget(self.entry_box, 1)
        top.addWidget(add)
        top.addWidget(check)
        headers = [self.tr("编号"), self.tr("作品"), self.tr("附件"), self.tr("类型"), self.tr("大小"), self.tr("状态")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.titles = dict(att.entries(db))
        self.refresh()

    def refresh(self) -> None:
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QTableWidgetItem

        rows = att.check(self.db)
        self.table.setRowCount(len(rows))
        for i, a in enumerate(rows):
            values = (a.code, self.titles.get(a.code, ""), a.name, att.KIND_NAMES.get(a.kind, a.kind),
                      f"{a.size / 1024:.0f} KB" if a.size >= 1024 else f"{a.size} B", message_text(att.STATE_NAMES[a.state]))
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if a.state != att.OK:
                    item.setForeground(QColor("#b01e23"))
                self.table.setItem(i, j, item)
        bad = sum(1 for a in rows if a.state != att.OK)
        self.message.setText(f"附件 {len(rows)} 个" + (f", 缺失或已改变 {bad} 个" if bad else ", 全部正常"))

    def _choose_files(self) -> None:
        paths, _ = file_dialogs.getOpenFileNames(self, self.tr("选择附件"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> list:
        try:
            added = att.add_attachments(self.db, self.entry_box.currentData(), paths, self.actor)
        except (ServiceError, InputRefused) as exc:
            self.message.setText(refusal_message(exc))
            return []
        self.refresh()
        return added
