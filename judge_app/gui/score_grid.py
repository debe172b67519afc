"""The clerk's score grid: a judge's sheet as entries × criteria, typed from the keyboard.

The model holds plain rows (`GridRow`); a row whose criteria are all typed is handed to a
saver (a service call) at once, and the row then shows what the database holds. Values are
checked against the criterion's maximum while they are typed (`ScoreValidator`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

from judge_app.errors import REFUSALS
from judge_app.domain.contest import Component
from judge_app.domain.numbers import NumberRefused, read_decimal
from judge_app.qt.i18n import refusal_message
from judge_app.gui.table_model import _ALIGN, _BACKGROUND, _DISPLAY, _EDIT, _FONT, _TOOLTIP, RowTableModel

MAX_PLACES = 4

SAVED = "saved"
WAITING = "waiting"
OFFICIAL = "official"
MISMATCH = "mismatch"

HIDDEN_MARK = "●●"  # a blind row once submitted: the next typist at this screen must not read it

CONFLICT_BRUSH = QBrush(QColor("#d9d9d9"), Qt.BDiagPattern)
ERROR_COLOR = QColor("#fde2e1")
OK_COLOR = QColor("#e3f4e1")
WAIT_COLOR = QColor("#fff4cc")


def parse_score(text: str) -> Decimal | None:
    """A typed score (`domain.numbers.read_decimal`, the reader every import uses), or None."""
    try:
        return read_decimal(text)
    except NumberRefused:
        return None


def score_problem(text: str, maximum: Decimal) -> str | None:
    """Why typed text is not a valid score for a criterion with this maximum (None if it is);
    the reason names the allowed range, so the clerk knows what to type instead."""
    value = parse_score(text)
    if value is None:
        return QCoreApplication.translate("ScoreGrid", "不是数字, 应为 0–%1 分").replace("%1", str(maximum))
    if value < 0 or value > maximum:
        return QCoreApplication.translate("ScoreGrid", "超出范围, 应为 0–%1 分").replace("%1", str(maximum))
    if value != value.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        return QCoreApplication.translate("ScoreGrid", "最多 4 位小数")
    return None


def rejected_key_text(maximum: Decimal) -> str:
    """What the cell says when a key the score cannot hold (a letter, a second point) was refused."""
    return QCoreApplication.translate("ScoreGrid", "只能输入数字和小数点, 应为 0–%1 分").replace("%1", str(maximum))


class ScoreValidator(QValidator):
    """Digits and one point only; a value above the maximum is shown as not acceptable (red) and
    cannot be committed, so a typo like 85 for 8.5 is caught on the keystroke."""

    def __init__(self, maximum: Decimal, parent=None):
        super().__init__(parent)
        self.maximum = maximum

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        if stripped == "":
            return QValidator.Acceptable, text, pos
        if any(ch not in "0123456789." for ch in stripped) or stripped.count(".") > 1:
            return QValidator.Invalid, text, pos
        if stripped == ".":
            return QValidator.Intermediate, text, pos
        if score_problem(stripped, self.maximum):
            return QValidator.Intermediate, text, pos
        return QValidator.Acceptable, text, pos


@dataclass(frozen=True)
class GridRow:
    entry: str
    title: str
    values: dict[str, Decimal]  # what the database holds for this clerk's view
    blocked: str | None = None
    comment: str = ""
    state: str = ""
    typed: dict[str, Decimal] = field(default_factory=dict)  # typed, not yet a complete set
    hidden: bool = False  # a submitted blind (双人录入) row: recorded, its values no longer shown

    def shown(self, key: str) -> Decimal | None:
        return self.typed.get(key, None if self.hidden else self.values.get(key))

    def total(self, component: Component) -> Decimal | None:
        values = [self.shown(c.key) for c in component.criteria]
        return None if any(v is None for v in values) else sum(values, Decimal(0))


Saver = Callable[[str, dict[str, Decimal]], str]  # entry, complete values → new state; raises on refusal
CommentSaver = Callable[[str, str], None]


class ScoreSheetModel(RowTableModel[GridRow]):
    """Columns: code, title, one per criterion, total, state, comment."""

    refused = Signal(str)
    refused_at = Signal(int, int, str)  # row, column, reason: explained beside that cell
    saved = Signal(str, str)  # entry, state

    def __init__(self, parent=None):
        super().__init__((), (), parent)
        self.component: Component | None = None
        self.saver: Saver | None = None
        self.comment_saver: CommentSaver | None = None

    def load(self, component: Component, rows: list[GridRow], saver: Saver, comment_saver: CommentSaver) -> None:
        self.component, self.saver, self.comment_saver = component, saver, comment_saver
        self.set_rows(rows)

    # layout ---------------------------------------------------------------------------------
    @property
    def first_criterion_column(self) -> int:
        return 2

    def criterion_column(self, key: str) -> int:
        return 2 + [c.key for c in self.component.criteria].index(key)

    @property
    def total_column(self) -> int:
        return 2 + len(self.component.criteria)

    @property
    def state_column(self) -> int:
        return self.total_column + 1

    @property
    def comment_column(self) -> int:
        return self.total_column + 2

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.component is None else 5 + len(self.component.criteria)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or self.component is None:
            return super().headerData(section, orientation, role)
        if role == Qt.DisplayRole:
            if section == 0:
                return QCoreApplication.translate("ScoreGrid", "编号")
            if section == 1:
                return QCoreApplication.translate("ScoreGrid", "作品")
            if section < self.total_column:
                c = self.component.criteria[section - 2]
                return f"{c.name}\n(≤{c.max})"
            return {self.total_column: f"{QCoreApplication.translate('ScoreGrid', '合计')}\n(≤{self.component.max_total})",
                    self.state_column: QCoreApplication.translate("ScoreGrid", "状态"), self.comment_column: QCoreApplication.translate("ScoreGrid", "专家点评")}.get(section)
        if role == Qt.ToolTipRole and 2 <= section < self.total_column:
            c = self.component.criteria[section - 2]
            return f"{c.key}: 0–{c.max}"
        return None

    def criterion_at(self, column: int):
        if self.component and 2 <= column < self.total_column:
            return self.component.criteria[column - 2]
        return None

    def state_text(self, row: GridRow) -> str:
        if row.blocked:
            return QCoreApplication.translate("ScoreGrid", "回避")
        if row.typed:
            return QCoreApplication.translate("ScoreGrid", "未完成")
        return {SAVED: QCoreApplication.translate("ScoreGrid", "已保存"), WAITING: QCoreApplication.translate("ScoreGrid", "待第二人录入"), OFFICIAL: QCoreApplication.translate("ScoreGrid", "已生效"),
                MISMATCH: QCoreApplication.translate("ScoreGrid", "两次录入不一致")}.get(row.state, "")

    # content ----------------------------------------------------------------------------------
    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.component is None:
            return None
        role = int(role)
        row, col = self._rows[index.row()], index.column()
        criterion = self.criterion_at(col)
        if role == _DISPLAY or role == _EDIT:
            if col == 0:
                return row.entry
            if col == 1:
                return row.title
            if criterion is not None:
                value = row.shown(criterion.key)
                if row.hidden and not row.typed and role == _DISPLAY:
                    return HIDDEN_MARK
                return "" if value is None or row.blocked else str(value)
            if col == self.total_column:
                if row.hidden and not row.typed:
                    return HIDDEN_MARK if role == _DISPLAY else ""
                total = None if row.blocked else row.total(self.component)
                return "" if total is None else format(total.normalize(), "f")
            if col == self.state_column:
                return self.state_text(row)
            if col == self.comment_column:
                return row.comment
        if role == _ALIGN:
            if criterion is not None or col == self.total_column:
                return int(Qt.AlignRight | Qt.AlignVCenter)
            return int(Qt.AlignLeft | Qt.AlignVCenter)
        if role == _BACKGROUND:
            if row.blocked:
                return CONFLICT_BRUSH
            if col == self.state_column:
                color = {MISMATCH: ERROR_COLOR, WAITING: WAIT_COLOR, OFFICIAL: OK_COLOR, SAVED: OK_COLOR}.get(row.state)
                if row.typed:
                    color = WAIT_COLOR
                return QBrush(color) if color else None
        if role == _TOOLTIP and row.blocked:
            return row.blocked
        if role == _TOOLTIP and row.hidden and (criterion is not None or col == self.total_column):
            return QCoreApplication.translate("ScoreGrid", "已录入; 双人录入时录完即隐藏, 另一人看不到 (可重新录入本行)")
        if role == _FONT and col == self.total_column:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index):
        if not index.isValid() or self.component is None:
            return Qt.NoItemFlags
        row, col = self._rows[index.row()], index.column()
        if row.blocked and col >= 2:
            return Qt.NoItemFlags  # 回避: disabled, cannot be typed into
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if self.criterion_at(col) is not None or col == self.comment_column:
            flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.EditRole):
        if role != Qt.EditRole or not (self.flags(index) & Qt.ItemIsEditable):
            return False
        row_no, col = index.row(), index.column()
        row = self._rows[row_no]
        text = "" if value is None else str(value).strip()
        if col == self.comment_column:
            if text == row.comment:
                return False
            try:
                self.comment_saver(row.entry, text)
            except REFUSALS as exc:  # a refusal from the service, shown to the clerk; a bug is reported as one
                self._refuse(row_no, col, refusal_message(exc))
                return False
            self.replace_row(row_no, replace(row, comment=text))
            return True
        criterion = self.criterion_at(col)
        held = {} if row.hidden else row.values  # a hidden blind row is retyped from blank
        if text == "":
            typed = {k: v for k, v in row.typed.items() if k != criterion.key}
            if criterion.key in held and not row.typed:
                typed = {k: v for k, v in held.items() if k != criterion.key}
            self.replace_row(row_no, replace(row, typed=typed))
            return True
        if problem := score_problem(text, criterion.max):
            self._refuse(row_no, col, f"{row.entry} {criterion.name}: {problem}")
            return False
        new_value = parse_score(text)
        base = dict(held) if not row.typed else dict(row.typed)
        if not row.typed and held.get(criterion.key) == new_value:
            return False
        base[criterion.key] = new_value
        if len(base) == len(self.component.criteria) and all(c.key in base for c in self.component.criteria):
            if base == row.values and row.state in (SAVED, OFFICIAL) and not row.hidden:
                self.replace_row(row_no, replace(row, typed={}))
                return True
            try:
                state = self.saver(row.entry, base)
            except REFUSALS as exc:
                self._refuse(row_no, col, refusal_message(exc))
                self.replace_row(row_no, replace(row, typed=base))
                return True
            self.replace_row(row_no, replace(row, values=base, typed={}, state=state, hidden=state == WAITING))
            self.saved.emit(row.entry, state)
            return True
        self.replace_row(row_no, replace(row, typed=base))
        return True

    def _refuse(self, row: int, col: int, message: str) -> None:
        self.refused.emit(message)
        self.refused_at.emit(row, col, message)

    def missing_entries(self) -> list[str]:
        """Codes of the rows a clerk can still type that do not hold a complete set."""
        keys = [c.key for c in self.component.criteria] if self.component else []
        return [r.entry for r in self._rows
                if not r.blocked and (r.typed or not all(k in r.values for k in keys))]

    def completed(self) -> int:
        return sum(1 for r in self._rows if not r.blocked and not r.typed and r.state in (SAVED, OFFICIAL, WAITING))

    def open_rows(self) -> int:
        return sum(1 for r in self._rows if not r.blocked)


class ScoreDelegate(QStyledItemDelegate):
    """A line editor per criterion cell with the criterion's validator; red while not acceptable,
    and the reason (with the allowed range) said beside the cell (`note`), not only in a status line."""

    hint = Signal(str)
    note = Signal(object, str)  # the cell's QModelIndex, the reason ("" when the value is fine)

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        model = index.model()
        criterion = model.criterion_at(index.column()) if isinstance(model, ScoreSheetModel) else None
        if isinstance(editor, QLineEdit) and criterion is not None:
            editor.setValidator(ScoreValidator(criterion.max, editor))
            editor.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            cell = QPersistentModelIndex(index)

            def paint_state(text: str, e=editor, c=criterion):
                problem = score_problem(text, c.max) if text.strip() else None
                e.setStyleSheet("background: #fde2e1;" if problem else "")
                self.hint.emit(f"{c.name}: {problem}" if problem else f"{c.name}: 0–{c.max}")
                self.note.emit(QModelIndex(cell), problem or "")

            def key_refused(c=criterion):
                self.note.emit(QModelIndex(cell), rejected_key_text(c.max))

            editor.textChanged.connect(paint_state)
            editor.inputRejected.connect(key_refused)
        return editor


class CellNote(QLabel):
    """A short reason shown just below a cell of the grid (above it on the last visible row)."""

    PROBLEM = "background: #fde2e1; color: #b00020; border: 1px solid #e57373; padding: 2px 6px;"
    DONE = "background: #e3f4e1; color: #1b5e20; border: 1px solid #81c784; padding: 2px 6px;"

    def __init__(self, view: QTableView):
        super().__init__(view.viewport())
        self.view = view
        self.cell = QPersistentModelIndex()
        self.setWordWrap(False)
        self.hide()

    def show_at(self, index: QModelIndex, text: str, style: str = PROBLEM) -> None:
        if not text or not index.isValid():
            self.hide()
            return
        self.cell = QPersistentModelIndex(index)
        self.setStyleSheet(style)
        self.setText(text)
        self.adjustSize()
        rect = self.view.visualRect(index)
        viewport = self.view.viewport().rect()
        x = max(0, min(rect.left(), viewport.width() - self.width()))
        y = rect.bottom() + 1
        if y + self.height() > viewport.height():
            y = max(0, rect.top() - self.height() - 1)
        self.move(x, y)
        self.show()
        self.raise_()


class ScoreGridView(QTableView):
    """Enter and Tab both move to the next cell a clerk can type into (skipping titles, totals
    and conflicted cells); typing a digit starts editing; Enter on a cell starts editing.
    Past the last cell the grid stops and says so (`sheet_end`) instead of reopening that cell;
    a refused value or key is explained beside its cell (`note`)."""

    sheet_end = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.DoubleClicked
                             | QAbstractItemView.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.note = CellNote(self)

    def show_note(self, index: QModelIndex, text: str, done: bool = False) -> None:
        self.note.show_at(index, text, CellNote.DONE if done else CellNote.PROBLEM)

    def note_text(self) -> str:
        """The reason beside a cell, while one is shown."""
        return self.note.text() if self.note.isVisibleTo(self) else ""

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self.note.hide)
        if isinstance(model, ScoreSheetModel):
            model.refused_at.connect(lambda r, c, text: self.show_note(model.index(r, c), text))

    def setItemDelegate(self, delegate) -> None:
        super().setItemDelegate(delegate)
        if isinstance(delegate, ScoreDelegate):
            delegate.note.connect(self._editor_note)

    def _editor_note(self, index: QModelIndex, text: str) -> None:
        if text:
            self.show_note(index, text)
        elif self.note.cell == QPersistentModelIndex(index):
            self.note.hide()

    def currentChanged(self, current, previous) -> None:
        if self.note.cell != QPersistentModelIndex(current):
            self.note.hide()  # a note belongs to its cell; a refusal on leaving a cell is shown after this
        super().currentChanged(current, previous)

    def _at_end(self, index: QModelIndex) -> bool:
        """No cell to type into after this one."""
        return index.isValid() and self._step(index, True) == index

    def _editable(self, row: int, col: int) -> bool:
        model = self.model()
        return bool(model.flags(model.index(row, col)) & Qt.ItemIsEditable)

    def _step(self, index: QModelIndex, forward: bool) -> QModelIndex:
        model = self.model()
        rows, cols = model.rowCount(), model.columnCount()
        if rows == 0 or cols == 0:
            return QModelIndex()
        pos = (index.row() * cols + index.column()) if index.isValid() else -1
        step = 1 if forward else -1
        for _ in range(rows * cols):
            pos += step
            if not 0 <= pos < rows * cols:
                return index
            r, c = divmod(pos, cols)
            if c == getattr(model, "comment_column", -1):
                continue  # comments are reached with the mouse or the arrow keys, not by Enter/Tab
            if self._editable(r, c):
                return model.index(r, c)
        return index

    def moveCursor(self, action, modifiers):
        if action == QAbstractItemView.MoveNext:
            return self._step(self.currentIndex(), True)
        if action == QAbstractItemView.MovePrevious:
            return self._step(self.currentIndex(), False)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint):
        if hint == QAbstractItemDelegate.SubmitModelCache:
            hint = QAbstractItemDelegate.EditNextItem
        if hint == QAbstractItemDelegate.EditNextItem and self._at_end(self.currentIndex()):
            super().closeEditor(editor, QAbstractItemDelegate.NoHint)  # not the same cell again
            self.sheet_end.emit()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QAbstractItemView.EditingState:
            current = self.currentIndex()
            if self._at_end(current) and current.data(Qt.DisplayRole):
                self.sheet_end.emit()  # the last cell is typed: say so rather than reopen it
                return
            if current.isValid() and self._editable(current.row(), current.column()):
                self.edit(current)
                return
            nxt = self._step(current, True)
            if nxt.isValid():
                self.setCurrentIndex(nxt)
                return
        super().keyPressEvent(event)

    def end_edit(self) -> None:
        """Close an open cell editor, keeping what it holds (before the sheet is reloaded)."""
        editor = QApplication.focusWidget()
        if self.is_editing() and editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            super().closeEditor(editor, QAbstractItemDelegate.NoHint)

    def is_editing(self) -> bool:
        return self.state() == QAbstractItemView.EditingState

    def start(self) -> None:
        """Put the cursor on the first cell to type into."""
        first = self._step(self.model().index(0, 0), True) if self.model().rowCount() else QModelIndex()
        if first.isValid() and not self._editable(0, 0):
            self.setCurrentIndex(first)
        self.setFocus()
