"""Score entry for a clerk: choose the panel and the judge, type the paper sheet.

Single entry saves each complete row through `services.scores.score_entry.save_scores`. Double entry
(双人录入) sends each complete row to `services.scores.double_entry.enter_blind` under the clerk's name:
the clerk sees only their own typing; matching sets become official, mismatches appear in the
table below, side by side, for resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from judge_app.domain.rules import is_judged
from judge_app.errors import REFUSALS
from judge_app.gui.error_report import report_error
from judge_app.gui.score_grid import (
    MISMATCH,
    OFFICIAL,
    SAVED,
    WAITING,
    GridRow,
    ScoreDelegate,
    ScoreGridView,
    ScoreSheetModel,
    parse_score,
    score_problem,
)
from judge_app.qt.i18n import message_text
from judge_app.gui.table_model import CENTER, RIGHT, Column, RowTableModel
from judge_app.gui.workspace import SCORES, Workspace
from judge_app.services.scores import double_entry
from judge_app.services.scores.score_entry import judge_sheet, save_comment, save_scores
from judge_app.services.contest.workspace_files import current_contest


@dataclass(frozen=True)
class MismatchLine:
    """One criterion of a judge × entry typed differently by two clerks."""

    judge: str
    entry: str
    criterion: str
    criterion_name: str
    maximum: Decimal
    first_clerk: str
    first: Decimal
    second_clerk: str
    second: Decimal
    chosen: str  # the value to make official, as typed by the resolver

    @property
    def differs(self) -> bool:
        return self.first != self.second


class MismatchModel(RowTableModel[MismatchLine]):
    def __init__(self, parent=None):
        super().__init__(self._columns_for(), (), parent)

    def _columns_for(self):
        def choose(line: MismatchLine, text: str) -> bool:
            if text.strip() and score_problem(text, line.maximum):
                return False
            self.replace_row(self._rows.index(line), replace(line, chosen=text.strip()))
            return True

        from judge_app.gui.score_grid import ERROR_COLOR

        return [
            Column(self.tr("评委"), lambda m: m.judge),
            Column(self.tr("作品"), lambda m: m.entry),
            Column(self.tr("评分项"), lambda m: m.criterion_name),
            Column(self.tr("第一次录入"), lambda m: f"{m.first}  ({m.first_clerk})", RIGHT,
                   background=lambda m: ERROR_COLOR if m.differs else None),
            Column(self.tr("第二次录入"), lambda m: f"{m.second}  ({m.second_clerk})", RIGHT,
                   background=lambda m: ERROR_COLOR if m.differs else None),
            Column(self.tr("采用值 (按纸质评分表)"), lambda m: m.chosen, CENTER, setter=choose),
        ]

    def lines_for(self, judge: str, entry: str) -> list[MismatchLine]:
        return [m for m in self._rows if m.judge == judge and m.entry == entry]


class ScoreEntryPage(QWidget):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.panel_box = QComboBox()
        self.judge_box = QComboBox()
        self.clerk_edit = QLineEdit(workspace.actor)
        self.clerk_edit.setMaximumWidth(140)
        self.double_box = QCheckBox(self.tr("双人录入 (盲录核对)"))
        self.double_box.setToolTip(self.tr("两名录入员分别录入同一张纸质评分表; 一致的分数才生效"))
        top = QHBoxLayout()
        for label, widget in ((self.tr("评审组"), self.panel_box), (self.tr("评委"), self.judge_box),
                              (self.tr("录入员"), self.clerk_edit)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.double_box)
        self.next_clerk_button = QPushButton(self.tr("换人录入…"))
        self.next_clerk_button.setToolTip(self.tr("第一人录完后由第二人录入: 换成第二人的姓名或账户, 表格清空, 看不到第一人的分数"))
        self.next_clerk_button.setVisible(False)
        top.addWidget(self.next_clerk_button)
        top.addStretch(1)
        self.model = ScoreSheetModel(self)
        self.grid = ScoreGridView()
        self.grid.setModel(self.model)
        self.delegate = ScoreDelegate(self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555;")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        status_row.addWidget(self.hint)

        self.mismatch_model = MismatchModel(self)
        self.mismatch_view = QTableView()
        self.mismatch_view.setModel(self.mismatch_model)
        self.mismatch_view.verticalHeader().setVisible(False)
        self.mismatch_view.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.mismatch_view.setSelectionBehavior(QTableView.SelectRows)
        self.take_first = QPushButton(self.tr("采用第一次"))
        self.take_second = QPushButton(self.tr("采用第二次"))
        self.resolve_button = QPushButton(self.tr("确认采用值, 使其生效"))
        self.mismatch_title = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.mismatch_title)
        buttons.addStretch(1)
        for b in (self.take_first, self.take_second, self.resolve_button):
            buttons.addWidget(b)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(buttons)
        lower_layout.addWidget(self.mismatch_view)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.grid, 1)
        upper_layout.addLayout(status_row)
        split = QSplitter(Qt.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.panel_box.currentIndexChanged.connect(lambda _index: self._fill_judges())
        self.judge_box.currentIndexChanged.connect(self.load_sheet)
        self.judge_box.activated.connect(lambda _i: self.focus_grid())  # a judge chosen: type at once
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, activated=lambda step=step: self.next_judge(step))
        self.double_box.toggled.connect(self.load_sheet)
        self.double_box.toggled.connect(self.next_clerk_button.setVisible)
        self.next_clerk_button.clicked.connect(lambda: self.switch_clerk())
        self.clerk_edit.editingFinished.connect(self.load_sheet)
        self.model.refused.connect(self._refused)
        self.grid.sheet_end.connect(self._sheet_end)
        self.model.saved.connect(self._saved)
        self.delegate.hint.connect(self.hint.setText)
        self.take_first.clicked.connect(lambda: self._take(first=True))
        self.take_second.clicked.connect(lambda: self._take(first=False))
        self.resolve_button.clicked.connect(self.resolve_selected)
        workspace.opened.connect(self.reload)
        workspace.who_changed.connect(self._who_changed)
        self._who_changed()
        workspace.changed.connect(lambda topic: self.reload() if topic == "contest" else None)
        workspace.changed_elsewhere.connect(self._scores_changed_elsewhere)
        self.reload()

    # choosing the sheet -----------------------------------------------------------------------
    def reload(self) -> None:
        kept_panel, kept_judge = self.panel_box.currentData(), self.judge_box.currentData()
        self.panel_box.blockSignals(True)
        self.panel_box.clear()
        self._contest = current_contest(self.ws.db)
        if self._contest is not None:
            for r in self._contest.rounds:
                for c in r.components:
                    if is_judged(c):
                        self.panel_box.addItem(f"{r.name} / {c.name}", (r.key, c.key))
        self.panel_box.setCurrentIndex(max(0, self.panel_box.findData(kept_panel)))
        self.panel_box.blockSignals(False)
        self._fill_judges(kept_judge)

    def _scores_changed_elsewhere(self, topic: str) -> None:
        """Another program wrote scores: show them, keeping the cursor (after the cell being typed)."""
        if topic != "scores" or self.ws.db is None:
            return
        if self.grid.is_editing():
            QTimer.singleShot(300, lambda: self._scores_changed_elsewhere(topic))
            return
        current = self.grid.currentIndex()
        self.load_sheet()
        if current.isValid() and current.row() < self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _fill_judges(self, kept_judge: str | None = None) -> None:
        self.judge_box.blockSignals(True)
        self.judge_box.clear()
        panel = self.panel_box.currentData()
        if panel and self._contest:
            for j in self._contest.judges:
                if j.sits_on(*panel):
                    self.judge_box.addItem(self._judge_label(panel, j), j.code)
        if kept_judge is not None:
            self.judge_box.setCurrentIndex(max(0, self.judge_box.findData(kept_judge)))
        self.judge_box.blockSignals(False)
        self.load_sheet()

    def _judge_label(self, panel, judge) -> str:
        """`E01 陈教授  ✓ 7/7` once every entry the judge scores is complete, else `E01 陈教授  5/7`."""
        if self.ws.db is None:
            return f"{judge.code} {judge.name}"
        sheet = judge_sheet(self.ws.db, *panel, judge.code)
        todo = [r for r in sheet.rows if not r.blocked]
        done = sum(len(r.values) == len(sheet.component.criteria) for r in todo)
        mark = "✓ " if todo and done == len(todo) else ""
        return f"{judge.code} {judge.name}  {mark}{done}/{len(todo)}"

    def _refresh_judge_label(self) -> None:
        panel, code = self.panel_box.currentData(), self.judge_box.currentData()
        judge = next((j for j in (self._contest.judges if self._contest else ()) if j.code == code), None)
        if panel and judge is not None:
            self.judge_box.setItemText(self.judge_box.currentIndex(), self._judge_label(panel, judge))

    def focus_grid(self) -> None:
        """Into the grid at the first cell still to type (else the first score cell)."""
        self.grid.setFocus()
        for row in range(self.model.rowCount()):
            for col in range(2, self.model.comment_column):
                index = self.model.index(row, col)
                if index.flags() & Qt.ItemFlag.ItemIsEditable and not index.data(Qt.ItemDataRole.DisplayRole):
                    self.grid.setCurrentIndex(index)
                    return
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0, 2))

    def next_judge(self, step: int = 1) -> None:
        """Ctrl+PgDn / Ctrl+PgUp: the next (previous) judge's sheet, the cursor in the grid."""
        count = self.judge_box.count()
        if count:
            self.judge_box.setCurrentIndex((self.judge_box.currentIndex() + step) % count)
            self.focus_grid()

    def select(self, round_key: str, component_key: str, judge: str | None = None) -> None:
        i = self.panel_box.findData((round_key, component_key))
        if i >= 0:
            self.panel_box.setCurrentIndex(i)
        if judge:
            j = self.judge_box.findData(judge)
            if j >= 0:
                self.judge_box.setCurrentIndex(j)

    @property
    def clerk(self) -> str:
        """Whose entries are shown (a blind double entry shows each clerk only their own)."""
        if self.ws.enforcing:
            return self.ws.user or ""
        return self.clerk_edit.text().strip() or self.ws.actor

    def writer(self) -> str:
        """Who saves now: the logged-in account (asking for the password if needed) or the typed name."""
        return self.ws.actor_for("scores") if self.ws.enforcing else self.clerk

    def switch_clerk(self, name: str | None = None) -> bool:
        """换人录入: the next typist takes over. Without accounts they give their name (not the
        current one); with accounts the current login ends and another account must log in. The
        sheet is then shown as the new typist's own: blank where they have typed nothing."""
        self.grid.end_edit()
        before = self.clerk
        if self.ws.enforcing:
            self.ws.log_out()
            if self.ws.act("scores") is None:
                return False
            if self.ws.user == before:
                QMessageBox.warning(self, self.tr("换人录入"), self.tr("双人录入须由另一名录入员登录"))
                return False
        else:
            if name is None:
                name, ok = QInputDialog.getText(self, self.tr("换人录入"), self.tr("第二名录入员的姓名:"))
                if not ok:
                    return False
            name = name.strip()
            if not name or name == before:
                QMessageBox.warning(self, self.tr("换人录入"), self.tr("双人录入须由另一名录入员录入, 请填写另一人的姓名"))
                return False
            self.clerk_edit.setText(name)
        self.load_sheet()
        self.hint.setText(self.tr("现在由 %1 录入; 看不到上一人录入的分数").replace("%1", self.clerk))
        self.focus_grid()
        return True

    def _who_changed(self) -> None:
        self.clerk_edit.setReadOnly(self.ws.enforcing)
        if self.ws.enforcing:
            shown = self.clerk_edit.text()
            self.clerk_edit.setText(self.ws.user or "")
            if self.double_box.isChecked() and shown != self.clerk_edit.text():
                # another clerk: show their own blind entries — after the cell being saved (the
                # first save may be what asked for the login), never under an open editor
                QTimer.singleShot(0, self.load_sheet)

    def load_sheet(self) -> None:
        panel, judge = self.panel_box.currentData(), self.judge_box.currentData()
        if not panel or not judge or self.ws.db is None:
            self.model.set_rows([])
            self._load_mismatches()
            return
        round_key, component_key = panel
        sheet = judge_sheet(self.ws.db, round_key, component_key, judge)
        double = self.double_box.isChecked()
        mine = double_entry.pending_values(self.ws.db, round_key, component_key, judge, self.clerk) if double else {}
        conflicts = {(m.entry) for m in double_entry.mismatches(self.ws.db, round_key, component_key, judge)}
        complete = len(sheet.component.criteria)
        rows = []
        for r in sheet.rows:
            if r.entry in mine:
                values, state = mine[r.entry], (MISMATCH if r.entry in conflicts else WAITING)
            else:
                values = r.values
                state = (OFFICIAL if double else SAVED) if len(values) == complete else ""
                if r.entry in conflicts:
                    state = MISMATCH
            rows.append(GridRow(r.entry, r.title, dict(values), r.blocked, r.comment, state,
                                hidden=r.entry in mine and state == WAITING))
        self.model.load(sheet.component, rows, self._save_row, self._save_comment)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for col in range(2, self.model.comment_column):
            self.grid.setColumnWidth(col, 84)
        self.grid.setColumnWidth(0, 56)
        self.grid.setColumnWidth(self.model.state_column, 104)
        self.grid.setColumnWidth(self.model.comment_column, 200)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        header.setMinimumHeight(44)
        self._update_status()
        self._load_mismatches()

    # saving -------------------------------------------------------------------------------------
    def _save_row(self, entry: str, values: dict[str, Decimal]) -> str:
        round_key, component_key = self.panel_box.currentData()
        judge = self.judge_box.currentData()
        if self.double_box.isChecked():
            outcome = double_entry.enter_blind(self.ws.db, round_key, component_key, judge, entry, values, self.writer())
            return {double_entry.WAITING: WAITING, double_entry.OFFICIAL: OFFICIAL,
                    double_entry.MISMATCH: MISMATCH}[outcome.state]
        save_scores(self.ws.db, round_key, component_key, judge, entry, values, self.writer())
        return SAVED

    def _save_comment(self, entry: str, text: str) -> None:
        round_key, component_key = self.panel_box.currentData()
        save_comment(self.ws.db, round_key, component_key, self.judge_box.currentData(), entry, text, self.writer())

    def _saved(self, entry: str, state: str) -> None:
        message = {SAVED: self.tr("已保存"), WAITING: self.tr("已记录, 等待第二人录入"),
                   OFFICIAL: self.tr("两次录入一致, 已生效"), MISMATCH: self.tr("与第一次录入不一致, 请在下方核对")}[state]
        self.hint.setText(f"{entry}: {message}")
        self._update_status()
        self._refresh_judge_label()
        if state == MISMATCH:
            self._load_mismatches()
        self.ws.notify(SCORES)

    def _refused(self, message: str) -> None:
        self.hint.setText(message)
        self.hint.setStyleSheet("color: #b00020;")

    def _sheet_end(self) -> None:
        """Enter past the last cell: say whether the sheet is complete, and what is still missing."""
        missing = self.model.missing_entries()
        if missing:
            shown = "、".join(missing[:8]) + ("…" if len(missing) > 8 else "")
            text = self.tr("已到最后一格, 本表还有 %1 件作品未录完: %2").replace("%1", str(len(missing))).replace("%2", shown)
        else:
            text = self.tr("本表已录完, 可按 Ctrl+PgDn 转到下一位评委")
        self.grid.show_note(self.grid.currentIndex(), text, done=not missing)
        self.hint.setStyleSheet("color: #1b5e20;" if not missing else "color: #b00020;")
        self.hint.setText(text)

    def _update_status(self) -> None:
        self.hint.setStyleSheet("color: #555;")
        if self.model.component is None:
            self.status.setText("")
            return
        open_rows = [r for r in self.model.rows if not r.blocked]
        totals = [r.total(self.model.component) for r in open_rows]
        done = [t for t in totals if t is not None]  # a hidden blind row adds nothing to the total shown
        typed = len(done) + sum(1 for r in open_rows if r.hidden and not r.typed)
        blocked = sum(1 for r in self.model.rows if r.blocked)
        self.status.setText(self.tr("已录 %1 / %2 件作品, 回避 %3 件; 本评委合计 %4")
                            .replace("%1", str(typed)).replace("%2", str(len(totals)))
                            .replace("%3", str(blocked)).replace("%4", str(sum(done, Decimal(0)))))

    # mismatches ---------------------------------------------------------------------------------
    def _load_mismatches(self) -> None:
        panel = self.panel_box.currentData()
        lines = []
        if panel and self.ws.db is not None and self.model.component is not None:
            component = self.model.component
            for m in double_entry.mismatches(self.ws.db, *panel):
                for c in component.criteria:
                    a, b = m.first[c.key], m.second[c.key]
                    lines.append(MismatchLine(m.judge, m.entry, c.key, c.name, c.max, m.first_clerk, a,
                                              m.second_clerk, b, str(a) if a == b else ""))
        self.mismatch_model.set_rows(lines)
        pairs = {(m.judge, m.entry) for m in lines}
        self.mismatch_title.setText(self.tr("两次录入不一致: %1 处 (对照纸质评分表选择采用值)").replace("%1", str(len(pairs))))
        for b in (self.take_first, self.take_second, self.resolve_button):
            b.setEnabled(bool(lines))

    def _selected_pair(self) -> tuple[str, str] | None:
        index = self.mismatch_view.currentIndex()
        if not index.isValid():
            if not self.mismatch_model.rows:
                return None
            line = self.mismatch_model.row_at(0)
        else:
            line = self.mismatch_model.row_at(index.row())
        return line.judge, line.entry

    def _take(self, first: bool) -> None:
        pair = self._selected_pair()
        if pair is None:
            return
        for line in self.mismatch_model.lines_for(*pair):
            row = self.mismatch_model.rows.index(line)
            self.mismatch_model.replace_row(row, replace(line, chosen=str(line.first if first else line.second)))

    def resolve_selected(self) -> bool:
        pair = self._selected_pair()
        if pair is None:
            return False
        judge, entry = pair
        lines = self.mismatch_model.lines_for(judge, entry)
        missing = [m.criterion_name for m in lines if parse_score(m.chosen) is None]
        if missing:
            QMessageBox.warning(self, self.tr("核对"), self.tr("请先填写采用值: ") + "、".join(missing))
            return False
        round_key, component_key = self.panel_box.currentData()
        values = {m.criterion: parse_score(m.chosen) for m in lines}
        try:
            warning = double_entry.resolve(self.ws.db, round_key, component_key, judge, entry, values, self.writer())
        except REFUSALS as exc:
            report_error(self, self.tr("核对"), exc)
            return False
        self.hint.setText(self.tr("%1 / %2: 已按核对值生效").replace("%1", judge).replace("%2", entry)
                          + (f"　{message_text(warning)}" if warning else ""))
        self.load_sheet()
        self.ws.notify(SCORES)
        return True
