"""A table model over plain rows, driven by a list of columns (header, getter, look, editing).

Rows are immutable dataclasses built by a service; the model only adapts them for a view.
Editing goes through the column's `setter`, which asks a service to make the change; the
model never writes to the database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

R = TypeVar("R")

RIGHT = Qt.AlignRight | Qt.AlignVCenter
LEFT = Qt.AlignLeft | Qt.AlignVCenter
CENTER = Qt.AlignCenter


@dataclass
class Column(Generic[R]):
    header: str
    get: Callable[[R], Any]
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[R], str | None] | None = None
    background: Callable[[R], QColor | None] | None = None
    foreground: Callable[[R], QColor | None] | None = None
    strike: Callable[[R], bool] | None = None
    bold: Callable[[R], bool] | None = None
    setter: Callable[[R, str], bool] | None = None  # returns True when the change was made
    editable: Callable[[R], bool] | None = None
    enabled: Callable[[R], bool] | None = None


# Roles as plain ints: comparing PySide6 enum members costs microseconds, and a view asks
# `data()` for every role of every visible cell on each repaint.
_DISPLAY, _EDIT = int(Qt.DisplayRole), int(Qt.EditRole)
_ALIGN, _TOOLTIP = int(Qt.TextAlignmentRole), int(Qt.ToolTipRole)
_BACKGROUND, _FOREGROUND, _FONT = int(Qt.BackgroundRole), int(Qt.ForegroundRole), int(Qt.FontRole)


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]] = (), rows: Sequence[R] = (), parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows = list(rows)

    # --- content -------------------------------------------------------------------------
    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    @property
    def columns(self) -> list[Column[R]]:
        return list(self._columns)

    def set_rows(self, rows: Sequence[R], columns: Sequence[Column[R]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    def replace_row(self, row: int, value: R) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_at(self, row: int) -> R:
        return self._rows[row]

    # --- Qt interface --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            return self._columns[section].header if 0 <= section < len(self._columns) else None
        return str(section + 1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows) or c >= len(self._columns):
            return None
        role = int(role)
        row, col = self._rows[r], self._columns[c]
        if role == _DISPLAY or role == _EDIT:
            return text_of(col.get(row))
        if role == _ALIGN:
            return int(col.align)
        if role == _TOOLTIP:
            return col.tooltip(row) if col.tooltip else None
        if role == _BACKGROUND:
            color = col.background(row) if col.background else None
            return QBrush(color) if color is not None else None
        if role == _FOREGROUND:
            color = col.foreground(row) if col.foreground else None
            return QBrush(color) if color is not None else None
        if role == _FONT and (col.strike or col.bold):
            font = QFont()
            font.setStrikeOut(bool(col.strike and col.strike(row)))
            font.setBold(bool(col.bold and col.bold(row)))
            return font
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        row, col = self._rows[index.row()], self._columns[index.column()]
        if col.enabled and not col.enabled(row):
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if col.setter and (col.editable is None or col.editable(row)):
            flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        col = self._columns[index.column()]
        if not (self.flags(index) & Qt.ItemIsEditable) or col.setter is None:
            return False
        if not col.setter(self._rows[index.row()], "" if value is None else str(value)):
            return False
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(self.columnCount() - 1))
        return True
