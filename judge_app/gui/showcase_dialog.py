"""生成展示包 (showcase package) dialog: the organizer's window opens it with
`ShowcaseDialog(db, parent).exec()` (or `.open()`); it calls `services.showcase.build_package`,
the same use case as `judge-app showcase`.
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
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from judge_app.services.contest_access import ServiceError
from judge_app.services.showcase import Package, build_package, read_summaries, rounds_and_awards
from judge_app.sheets.problems import InputRefused


class ShowcaseDialog(QDialog):
    built = Signal(object)  # the Package

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.package: Package | None = None
        self.setWindowTitle("生成优秀作品展示包 (showcase package)")
        self.rounds = rounds_and_awards(db)

        self.round_box = QComboBox()
        for key, name, _awards in self.rounds:
            self.round_box.addItem(f"{name} ({key})", key)
        self.round_box.currentIndexChanged.connect(self._fill_awards)
        self.awards_row = QWidget()
        self.awards_layout = QHBoxLayout(self.awards_row)
        self.awards_layout.setContentsMargins(0, 0, 0, 0)
        self.award_checks: list[QCheckBox] = []
        self.scores = QCheckBox("公布得分 (publish the official score)")
        self.out_edit = QLineEdit()
        self.out_edit.setPlaceholderText("空文件夹或以前生成的展示包 (an empty folder or an earlier package)")
        browse = QPushButton("选择… (browse)")
        browse.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText("可选: 作品简介 TOML, 如 Z03 = \"……\" (optional summaries)")
        browse_summary = QPushButton("选择… (browse)")
        browse_summary.clicked.connect(self._browse_summary)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_edit, 1)
        summary_row.addWidget(browse_summary)

        form = QFormLayout()
        form.addRow("轮次 (round)", self.round_box)
        form.addRow("奖项 (awards)", self.awards_row)
        form.addRow("", self.scores)
        form.addRow("输出文件夹 (folder)", out_row)
        form.addRow("作品简介 (summaries)", summary_row)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.build_button = self.buttons.addButton("生成 (build)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton("打开展示页 (open gallery)", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
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
        path = QFileDialog.getExistingDirectory(self, "选择输出文件夹 (choose the folder)")
        if path:
            self.out_edit.setText(path)

    def _browse_summary(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择作品简介 (summaries)", "", "TOML (*.toml);;所有文件 (*)")
        if path:
            self.summary_edit.setText(path)

    # ---- the use case ----
    def build(self) -> Package | None:
        out = self.out_edit.text().strip()
        awards = self.selected_awards()
        if not out:
            return self._refuse("请选择输出文件夹 (choose an output folder)")
        if not awards:
            return self._refuse("请至少选择一个奖项 (choose at least one award)")
        try:
            summary = self.summary_edit.text().strip()
            summaries = read_summaries(Path(summary)) if summary else None
            package = build_package(self.db, self.round_box.currentData(), Path(out), awards=awards,
                                    show_scores=self.scores.isChecked(), summaries=summaries)
        except (ServiceError, InputRefused) as exc:
            return self._refuse(str(exc))
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
