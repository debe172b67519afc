"""Conflicts of interest (回避) as a judge × entry matrix: same unit (derived) and manual ones
(added here, each with a reason). Double-click a cell to add or remove a manual conflict."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox, QTableView, QVBoxLayout, QWidget

from judge_app.qt.i18n import refusal_message
from judge_app.gui.workspace import CONTEST, Workspace
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.conflicts import (
    MANUAL,
    SAME_UNIT,
    ConflictMatrix,
    ScoresInTheWay,
    conflict_matrix,
    set_conflict,
)

UNIT_COLOR = QColor("#f6d0cf")
MANUAL_COLOR = QColor("#f9e1b5")


class ConflictMatrixModel(QAbstractTableModel):
    """Rows: judges; columns: entries; a cell shows 同 (same unit) or 回 (manual) with the reason as tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix = ConflictMatrix([], [], {})

    def set_matrix(self, matrix: ConflictMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.judges)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.entries)

    def cell(self, index: QModelIndex):
        return self.matrix.cells.get((self.matrix.judges[index.row()][0], self.matrix.entries[index.column()][0]))

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == Qt.DisplayRole:
            return "" if cell is None else (self.tr("同") if cell.kind == SAME_UNIT else self.tr("回"))
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if role == Qt.BackgroundRole and cell is not None:
            return QBrush(UNIT_COLOR if cell.kind == SAME_UNIT else MANUAL_COLOR)
        if role == Qt.ToolTipRole:
            judge, entry = self.matrix.judges[index.row()], self.matrix.entries[index.column()]
            why = cell.reason if cell else self.tr("无需回避")
            return f"{judge[0]} {judge[1]} × {entry[0]} {entry[1]}: {why}"
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole:
            if orientation == Qt.Horizontal:
                return self.matrix.entries[section][0] if section < len(self.matrix.entries) else None
            return " ".join(self.matrix.judges[section]) if section < len(self.matrix.judges) else None
        if role == Qt.ToolTipRole and orientation == Qt.Horizontal and section < len(self.matrix.entries):
            return self.matrix.entries[section][1]
        return None

    def flags(self, index):
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable if index.isValid() else Qt.NoItemFlags


class ConflictsPage(QWidget):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.model = ConflictMatrixModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.view.horizontalHeader().setMinimumSectionSize(34)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        legend = QHBoxLayout()
        for color, text in ((UNIT_COLOR, self.tr("同 = 与作品同单位 (自动回避)")),
                            (MANUAL_COLOR, self.tr("回 = 手动添加的回避 (悬停看原因)"))):
            swatch = QLabel("   ")
            swatch.setStyleSheet(f"background: {color.name()}; border: 1px solid #999;")
            legend.addWidget(swatch)
            legend.addWidget(QLabel(text))
        legend.addStretch(1)
        legend.addWidget(QLabel(self.tr("双击单元格添加或取消手动回避")))
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(legend)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.view.doubleClicked.connect(self.edit_cell)
        workspace.opened.connect(self.reload)
        workspace.changed.connect(lambda topic: self.reload() if topic == CONTEST else None)
        self.reload()

    def reload(self) -> None:
        matrix = conflict_matrix(self.ws.db) if self.ws.db is not None and _has_contest(self.ws) else ConflictMatrix([], [], {})
        self.model.set_matrix(matrix)
        unit = sum(1 for c in matrix.cells.values() if c.kind == SAME_UNIT)
        manual = len(matrix.cells) - unit
        self.summary.setText(self.tr("同单位回避 %1 处, 手动回避 %2 处").replace("%1", str(unit)).replace("%2", str(manual)))

    def edit_cell(self, index: QModelIndex, reason: str | None = None) -> None:
        judge = self.model.matrix.judges[index.row()][0]
        entry = self.model.matrix.entries[index.column()][0]
        cell = self.model.cell(index)
        if cell is not None and cell.kind == SAME_UNIT:
            QMessageBox.information(self, self.tr("回避"), cell.reason)
            return
        if cell is not None and cell.kind == MANUAL:
            if reason is None:
                answer = QMessageBox.question(self, self.tr("回避"), self.tr("取消手动回避? 原因: ") + cell.reason)
                if answer != QMessageBox.Yes:
                    return
            reason = None  # removing the manual conflict
        elif reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("添加回避"),
                                              self.tr("评委 %1 回避作品 %2 的原因:").replace("%1", judge).replace("%2", entry))
            if not ok or not reason.strip():
                return
        actor = self.ws.act("setup")
        if actor is None:
            return
        try:
            try:
                set_conflict(self.ws.db, judge, entry, reason, actor)
            except ScoresInTheWay as exc:
                answer = QMessageBox.question(
                    self, self.tr("回避"),
                    refusal_message(exc) + "\n\n" + self.tr("删除该评委对此作品的评分并设为回避? 删除的评分记入审计记录。"))
                if answer != QMessageBox.Yes:
                    return
                set_conflict(self.ws.db, judge, entry, reason, actor, remove_scores=True)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("回避"), refusal_message(exc))
            return
        self.ws.notify(CONTEST)


def _has_contest(ws: Workspace) -> bool:
    from judge_app.services.contest.workspace_files import current_contest

    return current_contest(ws.db) is not None
