"""Setup screens: the contest's rounds and components (weights, drop rules, criteria) with live
validation by the contest file's own rules, the award tiers and tie-break order, and the entries
and judges with roster import and rounds in sequence (advance the top N)."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QPlainTextEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from judge_app.domain import rules
from judge_app.errors import REFUSALS, is_refusal
from judge_app.gui.error_report import report_error
from judge_app.domain.contest import AwardTier, Component, Contest, Entry, Judge, Round, problems
from judge_app.qt.i18n import date_text, message_text, pick, problem_text, refusal_message
from judge_app.gui.table_model import CENTER, RIGHT, Column, RowTableModel
from judge_app.gui.workspace import CONTEST, SCORES, Workspace
from judge_app.domain.contest_drafts import components_problems
from judge_app.domain.roster_kinds import ENTRIES, JUDGES
from judge_app.qt import file_dialogs

# The services (SQLAlchemy and the table models beneath them) are imported by the actions that
# need them: this page is the workspace's first screen and paints before they are loaded, from
# the file's first screen read on the light path (Workspace.first_screen).


def _roster():
    from judge_app.services.contest import roster

    return roster


def _edits():
    from judge_app.services.contest import contest_edit

    return contest_edit


def _scores_in_the_way():
    from judge_app.services.contest.conflicts import ScoresInTheWay

    return ScoresInTheWay


def kind_name(key: str) -> str:
    """A component kind's name in the interface language; the raw key for one the registry lacks."""
    kind = rules.COMPONENT_KINDS.get(key)
    return pick(kind.zh, kind.en) if kind else key


@dataclass(frozen=True)
class ComponentEdit:
    component: Component
    weight_text: str

    @property
    def weight(self) -> Decimal | None:
        try:
            value = Decimal(self.weight_text.strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None


class ComponentsModel(RowTableModel[ComponentEdit]):
    """A round's components; name, weight, drop rules editable in place (saved with a button)."""

    def __init__(self, parent=None):
        super().__init__([], [], parent)

        def set_name(r: ComponentEdit, text: str) -> bool:
            return self._swap(r, replace(r, component=replace(r.component, name=text.strip() or r.component.key)))

        def set_weight(r: ComponentEdit, text: str) -> bool:
            return self._swap(r, replace(r, weight_text=text.strip()))

        def set_drop(attr):
            def setter(r: ComponentEdit, text: str) -> bool:
                if not text.strip().isdigit():
                    return False
                return self._swap(r, replace(r, component=replace(r.component, **{attr: int(text)})))
            return setter

        is_panel = lambda r: rules.is_judged(r.component)  # noqa: E731
        self._columns = [
            Column(self.tr("编号"), lambda r: r.component.key),
            Column(self.tr("名称"), lambda r: r.component.name, setter=set_name),
            Column(self.tr("类型"), lambda r: kind_name(r.component.kind)),
            Column(self.tr("权重"), lambda r: r.weight_text, RIGHT, setter=set_weight,
                   background=lambda r: _RED if r.weight is None or r.weight < 0 else None),
            Column(self.tr("去掉最高"), lambda r: r.component.drop_highest if is_panel(r) else "", CENTER,
                   setter=set_drop("drop_highest"), editable=is_panel),
            Column(self.tr("去掉最低"), lambda r: r.component.drop_lowest if is_panel(r) else "", CENTER,
                   setter=set_drop("drop_lowest"), editable=is_panel),
            Column(self.tr("评分项 (满分)"), lambda r: "、".join(f"{k.name}≤{k.max}" for k in r.component.criteria)),
        ]

    def _swap(self, old: ComponentEdit, new: ComponentEdit) -> bool:
        self._rows[self._rows.index(old)] = new
        return True

    def edited(self) -> list[Component] | None:
        out = []
        for r in self._rows:
            if r.weight is None:
                return None
            out.append(replace(r.component, weight=r.weight))
        return out


_RED = QColor("#fde2e1")


@dataclass(frozen=True)
class EntryLine:
    entry: Entry
    files: tuple[str, ...] = ()


class EntriesModel(RowTableModel[EntryLine]):
    TITLE_COLUMN = 1  # takes the spare width; the others fit their content

    def __init__(self, parent=None):
        self.round_names: dict[str, str] = {}  # round key → name, set with the rows
        super().__init__([
            Column(self.tr("编号"), lambda r: r.entry.code),
            Column(self.tr("作品/项目"), lambda r: r.entry.title),
            Column(self.tr("单位"), lambda r: r.entry.unit),
            Column(self.tr("成员"), lambda r: "、".join(r.entry.members)),
            Column(self.tr("轮次"), lambda r: self.tr("全部") if r.entry.rounds is None
                   else "、".join(self.round_names.get(k, k) for k in r.entry.rounds)),
            Column(self.tr("附件"), lambda r: "; ".join(Path(f).name for f in r.files),
                   tooltip=lambda r: "\n".join(r.files) or None),
        ], (), parent)


class JudgesModel(RowTableModel[Judge]):
    def __init__(self, parent=None):
        self.panel_names: dict[str, str] = {}  # "final.expert" → "决赛 · 专家评审", set with the rows
        super().__init__([
            Column(self.tr("编号"), lambda j: j.code),
            Column(self.tr("姓名"), lambda j: j.name),
            Column(self.tr("单位"), lambda j: j.unit),
            Column(self.tr("职称"), lambda j: j.title),
            Column(self.tr("工作单位"), lambda j: j.affiliation),
            Column(self.tr("评审组"), lambda j: "、".join(self.panel_names.get(p, p) for p in j.panels)),
        ], (), parent)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class SetupPage(QWidget):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.contest: Contest | None = None
        # contest & round structure
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.round_box = QComboBox()
        self.components = ComponentsModel(self)
        self.components_view = _table(self.components)
        self.components_view.setMaximumHeight(170)
        self.validation = QLabel()
        self.validation.setWordWrap(True)
        self.awards = QLabel()
        self.awards.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存计分设置"))
        self.add_round_button = QPushButton(self.tr("添加轮次…"))
        self.remove_round_button = QPushButton(self.tr("删除轮次"))
        self.add_component_button = QPushButton(self.tr("添加部分…"))
        self.edit_component_button = QPushButton(self.tr("编辑部分…"))
        self.remove_component_button = QPushButton(self.tr("删除部分"))
        self.advance_button = QPushButton(self.tr("晋级下一轮…"))
        self.rules_button = QPushButton(self.tr("奖项与同分规则…"))
        structure = QGroupBox(self.tr("轮次与计分部分"))
        sl = QVBoxLayout(structure)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("轮次")))
        row.addWidget(self.round_box)
        row.addWidget(self.add_round_button)
        row.addWidget(self.remove_round_button)
        row.addStretch(1)
        row.addWidget(self.advance_button)
        row.addWidget(self.rules_button)
        row.addWidget(self.save_button)
        sl.addLayout(row)
        sl.addWidget(self.components_view)
        parts = QHBoxLayout()
        for b in (self.add_component_button, self.edit_component_button, self.remove_component_button):
            parts.addWidget(b)
        parts.addWidget(QLabel(self.tr("增删部分和评分项后, 调整权重使合计为 1, 再点“保存计分设置”。")))
        parts.addStretch(1)
        sl.addLayout(parts)
        sl.addWidget(self.validation)
        sl.addWidget(self.awards)
        # people
        self.entries = EntriesModel(self)
        self.judges = JudgesModel(self)
        self.entries_view = _table(self.entries)
        self.judges_view = _table(self.judges)
        tabs = QTabWidget()
        tabs.addTab(self._with_buttons(self.entries_view, ENTRIES), self.tr("作品"))
        tabs.addTab(self._with_buttons(self.judges_view, JUDGES), self.tr("评委"))
        self.people_tabs = tabs
        self.details_button = QPushButton(self.tr("比赛信息…"))
        self.details_button.clicked.connect(lambda: self.edit_details())
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(structure)
        layout.addWidget(tabs, 1)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #2e7d32;")
        layout.addWidget(self.notice)
        self.round_box.currentIndexChanged.connect(self._show_round)
        self.components.dataChanged.connect(self._validate)
        self.save_button.clicked.connect(self.save_components)
        self.add_round_button.clicked.connect(lambda: self.add_round())
        self.remove_round_button.clicked.connect(lambda: self.remove_round())
        self.add_component_button.clicked.connect(lambda: self.edit_component(None))
        self.edit_component_button.clicked.connect(lambda: self.edit_component(self.components_view.currentIndex().row()))
        self.remove_component_button.clicked.connect(lambda: self.remove_component(self.components_view.currentIndex().row()))
        self.advance_button.clicked.connect(self.advance)
        self.rules_button.clicked.connect(self.edit_rules)
        workspace.opened.connect(self.reload)
        workspace.changed.connect(lambda topic: self.reload() if topic == CONTEST else None)
        self.reload()

    def _with_buttons(self, view: QTableView, kind: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("新增…") if kind == ENTRIES else self.tr("新增评委…"))
        edit = QPushButton(self.tr("编辑…"))
        load = QPushButton(self.tr("从 Excel/CSV 导入名单…"))
        add.clicked.connect(lambda: self.edit_person(kind, None))
        edit.clicked.connect(lambda: self.edit_person(kind, view.currentIndex().row()))
        view.doubleClicked.connect(lambda index: self.edit_person(kind, index.row()))
        load.clicked.connect(lambda: self.import_roster(kind))
        for b in (add, edit, load):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(view)
        return box

    def reload(self) -> None:
        shown = self.ws.first_screen  # a file still being opened: its first screen, read on the light path
        if shown is not None or not self.ws.is_open:
            self.contest = shown.contest if shown is not None else None
        else:
            from judge_app.services.contest.workspace_files import current_contest

            self.contest = current_contest(self.ws.db)
        current = self.round_box.currentData()
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for r in self.contest.rounds if self.contest else ():
            self.round_box.addItem(r.name, r.key)
        if current is not None and self.round_box.findData(current) >= 0:
            self.round_box.setCurrentIndex(self.round_box.findData(current))
        self.round_box.blockSignals(False)
        if self.contest is None:
            self.title.setText(self.tr("没有打开比赛: 请用“文件 → 新建”或“打开”"))
        else:
            c = self.contest
            self.title.setText("    ".join(x for x in (c.name, c.organizer, date_text(c.date), c.venue) if x))
        if not self.contest:
            files = {}
        elif shown is not None:
            files = shown.attachments
        else:
            files = _roster().entry_attachments(self.ws.db)
        self.entries.round_names = {r.key: r.name for r in self.contest.rounds} if self.contest else {}
        self.entries.set_rows([EntryLine(e, tuple(files.get(e.code, ()))) for e in self.contest.entries]
                              if self.contest else [])
        self.judges.panel_names = ({f"{r.key}.{c.key}": f"{r.name} · {c.name}" for r in self.contest.rounds
                                    for c in r.components} if self.contest else {})
        self.judges.set_rows(self.contest.judges if self.contest else [])
        for view in (self.entries_view, self.judges_view):
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            view.horizontalHeader().setStretchLastSection(True)
        # the titles take the spare width, not the (often empty) 附件 column at the end
        header = self.entries_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(EntriesModel.TITLE_COLUMN, QHeaderView.Stretch)
        self._show_round()

    def _show_round(self) -> None:
        key = self.round_box.currentData()
        if self.contest is None or key is None:
            self.components.set_rows([])
            self.validation.setText("")
            self.awards.setText("")
            return
        round_ = self.contest.round(key)
        self.components.set_rows([ComponentEdit(c, str(c.weight)) for c in round_.components])
        header = self.components_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        tiers = "、".join(f"{t.name} {t.count} 名" if t.count else f"{t.name} (其余)" for t in round_.awards)
        names = {c.key: c.name for c in round_.components}
        ties = " > ".join(names.get(k, k) for k in round_.tie_break) or self.tr("(无)")
        self.awards.setText(self.tr("奖项: %1<br>同分时依次比较: %2; 保留 %3 位小数, 四舍五入")
                            .replace("%1", tiers or self.tr("(无)")).replace("%2", ties)
                            .replace("%3", str(round_.decimals)))
        self._validate()

    def current_problems(self) -> list[str]:
        key = self.round_box.currentData()
        edited = self.components.edited()
        if edited is None:
            return [self.tr("权重须为数字 (weight must be a number)")]
        return components_problems(self.contest, key, edited)

    def _validate(self, *_args) -> None:
        if self.contest is None or self.round_box.currentData() is None:
            return
        found = self.current_problems()
        edited = self.components.edited()
        total = sum((c.weight for c in edited), Decimal(0)) if edited else None
        head = self.tr("权重合计 %1").replace("%1", str(total) if total is not None else "?")
        if found:
            shown = [html.escape(problem_text(p, self.contest)) for p in found]
            self.validation.setText(f"<span style='color:#b00020'>✗ {head}<br>" + "<br>".join(shown) + "</span>")
        else:
            self.validation.setText(f"<span style='color:#2e7d32'>✓ {head} — " + self.tr("设置符合规则") + "</span>")
        self.save_button.setEnabled(not found)

    def save_components(self) -> bool:
        edited = self.components.edited()
        if edited is None or self.current_problems():
            return False
        try:
            _edits().update_components(self.ws.db, self.round_box.currentData(), edited, self.ws.actor_for("setup"))
        except REFUSALS as exc:
            report_error(self, self.tr("保存计分设置"), exc)
            return False
        self.ws.notify(CONTEST)
        return True

    def add_round(self, name: str | None = None) -> bool:
        """A new round after the last one (one judged panel to edit here); entries join it by 晋级."""
        if self.contest is None:
            return False
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, self.tr("添加轮次"), self.tr("轮次名称 (如 决赛):"))
            if not ok:
                return False
        try:
            added = _edits().append_round(self.ws.db, name, self.ws.actor_for("setup"))
        except REFUSALS as exc:
            report_error(self, self.tr("添加轮次"), exc)
            return False
        self.ws.notify(CONTEST)
        self.round_box.setCurrentIndex(self.round_box.findData(added.key))
        return True

    def remove_round(self, confirmed: bool = False) -> bool:
        key = self.round_box.currentData()
        if self.contest is None or key is None:
            return False
        if not confirmed and QMessageBox.question(
                self, self.tr("删除轮次"), self.tr("删除轮次 %1? 只有还没有作品和数据的轮次可以删除。")
                .replace("%1", self.round_box.currentText())) != QMessageBox.Yes:
            return False
        try:
            _edits().remove_round(self.ws.db, key, self.ws.actor_for("setup"))
        except REFUSALS as exc:
            report_error(self, self.tr("删除轮次"), exc)
            return False
        self.ws.notify(CONTEST)
        return True

    def edit_component(self, row: int | None, value: Component | None = None) -> bool:
        """Add a component (row None) or change one's kind and criteria; saved with 保存计分设置.
        `value` skips the dialog (tests, scripts)."""
        if self.contest is None or self.round_box.currentData() is None:
            return False
        rows = list(self.components.rows)
        current = rows[row].component if row is not None and 0 <= row < len(rows) else None
        if row is not None and current is None:
            return False
        if value is None:
            dialog = ComponentDialog(current, [r.component.key for r in rows], self)
            if dialog.exec() != QDialog.Accepted:
                return False
            value = dialog.value()
        edit = ComponentEdit(value, str(value.weight))
        if current is None:
            rows.append(edit)
        else:
            rows[row] = edit
        self.components.set_rows(rows)
        self._validate()
        return True

    def remove_component(self, row: int) -> bool:
        rows = list(self.components.rows)
        if not 0 <= row < len(rows):
            return False
        del rows[row]
        self.components.set_rows(rows)
        self._validate()
        return True

    # entries and judges ------------------------------------------------------------------------
    def edit_person(self, kind: str, row: int | None) -> None:
        model = self.entries if kind == ENTRIES else self.judges
        current = model.row_at(row) if row is not None and 0 <= row < model.rowCount() else None
        files = list(current.files) if isinstance(current, EntryLine) else []
        if isinstance(current, EntryLine):
            current = current.entry
        dialog = PersonDialog(self.contest, kind, current, self, files)
        if dialog.exec() == QDialog.Accepted:
            self.save_person(kind, dialog)

    def save_person(self, kind: str, dialog: "PersonDialog") -> None:
        try:
            if kind == ENTRIES:
                _roster().save_entry(self.ws.db, dialog.value(), self.ws.actor_for("setup"), dialog.files())
            else:
                actor = self.ws.actor_for("setup")
                try:
                    _roster().save_judge(self.ws.db, dialog.value(), actor)
                except _scores_in_the_way() as exc:  # leaving a panel where they scored: only with those scores
                    answer = QMessageBox.question(
                        self, self.tr("保存"),
                        refusal_message(exc) + "\n\n" + self.tr("移出评审组并删除该评委在组内的评分? 删除的评分记入审计记录。"))
                    if answer != QMessageBox.StandardButton.Yes:
                        return
                    _roster().save_judge(self.ws.db, dialog.value(), actor, remove_scores=True)
                    self.ws.notify(SCORES)
        except REFUSALS as exc:
            report_error(self, self.tr("保存"), exc)
            return
        self.ws.notify(CONTEST)

    def import_roster(self, kind: str, path: str | None = None) -> "RosterDialog | None":
        if path is None:
            path, _ = file_dialogs.getOpenFileName(self, self.tr("选择名单文件"), "", "Excel / CSV (*.xlsx *.xls *.csv)")
            if not path:
                return None
        dialog = RosterDialog(self.ws, kind, path, self)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def edit_details(self) -> "ContestDetailsDialog | None":
        """比赛信息…: name, 主办, 承办, date, venue (printed on certificates and the notice)."""
        from judge_app.gui.contest_details_form import ContestDetailsDialog

        if self.contest is None:
            return None
        dialog = ContestDetailsDialog(self.ws, self)
        dialog.accepted.connect(lambda: self.ws.notify(CONTEST))
        dialog.open()
        return dialog

    def edit_rules(self) -> "RulesDialog | None":
        key = self.round_box.currentData()
        if self.contest is None or key is None:
            return None
        dialog = RulesDialog(self.ws, self.contest, self.contest.round(key), self)
        dialog.open()
        return dialog

    def _imported(self, message: str) -> None:
        self.ws.notify(CONTEST)
        self.notice.setText(message)

    def advance(self) -> None:
        if self.contest is None or len(self.contest.rounds) < 2:
            QMessageBox.information(self, self.tr("晋级"), self.tr("本比赛只有一个轮次 (only one round)"))
            return
        dialog = AdvanceDialog(self.ws, self.contest, self)
        dialog.exec()


class ComponentDialog(QDialog):
    """One component: name, kind, weight, (for a judged panel) its criteria, one per line as
    `名称 满分`, and the rule settings the registry marks for the setup screen (汇总方式, 投票折算,
    名次递减分, 投票去重): each offered only where its kind or chosen rule reads it. Keys are made
    for new parts; a criterion keeps its key while its name is kept."""

    def __init__(self, current: Component | None, taken: list[str], parent=None):
        super().__init__(parent)
        self.current, self.taken = current, [k for k in taken if current is None or k != current.key]
        self.setWindowTitle(self.tr("添加部分") if current is None else self.tr("编辑部分"))
        self.name = QLineEdit(current.name if current else "")
        self.kind = QComboBox()
        for key in rules.COMPONENT_KINDS:
            self.kind.addItem(kind_name(key), key)
        self.weight = QLineEdit(str(current.weight) if current else "0")
        self.criteria = QPlainTextEdit("\n".join(f"{k.name} {k.max}" for k in current.criteria) if current else "")
        self.criteria.setPlaceholderText(self.tr("每行一项: 名称 满分, 如\n创新性 30\n可行性 30"))
        self.settings = [s for s in rules.all_settings() if s.setup]
        self.fields: dict[str, QComboBox | QLineEdit] = {}
        for setting in self.settings:
            if setting.choices:
                widget = QComboBox()
                for value, label in setting.choices.items():
                    widget.addItem(pick(f"{label} ({value})", value), value)
                chosen = getattr(current, setting.key) if current else setting.default
                widget.setCurrentIndex(max(0, widget.findData(chosen)))
            else:
                value = getattr(current, setting.key) if current else None
                widget = QLineEdit(str(value if value is not None else setting.suggest or ""))
            self.fields[setting.key] = widget
            setattr(self, setting.key, widget)  # dialog.normalize, dialog.rank_step … for tests and screenshots
        if current:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current.kind)))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("权重"), self.weight)
        form.addRow(self.tr("评分项"), self.criteria)
        for setting in self.settings:
            form.addRow(pick(setting.zh, setting.en), self.fields[setting.key])
        form.addRow(self.error)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for widget in self.fields.values():
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(520, 460)

    def _draft(self) -> Component:
        """The kind and rule choices as they stand, to ask the registry which settings apply."""
        kind = self.kind.currentData()
        base = self.current or Component("", "", kind, Decimal(0))
        chosen = {k: w.currentData() for k, w in self.fields.items() if isinstance(w, QComboBox)}
        return replace(base, kind=kind, **rules.component_defaults(kind, replace(base, **chosen)))

    def _kind_changed(self, *_args) -> None:
        kind = rules.component_kind(self.kind.currentData())
        self.criteria.setEnabled(kind.has_criteria)
        used = {s.key for s in kind.uses(self._draft())}
        for key, widget in self.fields.items():
            widget.setEnabled(key in used)

    def value(self) -> Component:
        """The component as typed; ValueError says what is wrong."""
        from judge_app.domain.contest import Criterion

        kind_key = self.kind.currentData()
        kind = rules.component_kind(kind_key)
        try:
            weight = Decimal(self.weight.text().strip())
        except InvalidOperation:
            raise ValueError(self.tr("权重须为数字")) from None
        criteria = []
        if kind.has_criteria:
            old = {k.name: k.key for k in self.current.criteria} if self.current else {}
            keys: list[str] = []
            for n, line in enumerate(filter(None, (x.strip() for x in self.criteria.toPlainText().splitlines())), 1):
                name, _, top = line.rpartition(" ")
                try:
                    top_value = Decimal(top)
                except InvalidOperation:
                    raise ValueError(self.tr("评分项第 %1 行须为“名称 满分”").replace("%1", str(n))) from None
                key = old.get(name.strip()) or _edits().new_key(keys + list(old.values()), f"c{n}")
                keys.append(key)
                criteria.append(Criterion(key, name.strip(), top_value))
        draft = self._draft()
        used = {s.key for s in kind.uses(draft)}
        typed = {}
        for setting in self.settings:
            widget = self.fields[setting.key]
            if setting.key not in used or isinstance(widget, QComboBox):
                continue
            try:
                typed[setting.key] = setting.type(widget.text().strip())
            except (InvalidOperation, ValueError):
                raise ValueError(self.tr("%1须为数字").replace("%1", pick(setting.zh, setting.en))) from None
        key = self.current.key if self.current else _edits().new_key(self.taken, kind.key_stem)
        return replace(draft, **typed, key=key, name=self.name.text().strip() or kind_name(kind.key), weight=weight,
                       criteria=tuple(criteria))

    def _check(self) -> None:
        try:
            self.value()
        except ValueError as exc:
            self.error.setText(refusal_message(exc))
            return
        self.accept()


class PersonDialog(QDialog):
    """Add or edit an entry or a judge; problems are shown under the form before saving."""

    def __init__(self, contest: Contest, kind: str, current, parent=None, files: list[str] | None = None):
        super().__init__(parent)
        self.contest, self.kind, self.current = contest, kind, current
        self.setWindowTitle(self.tr("作品") if kind == ENTRIES else self.tr("评委"))
        form = QFormLayout(self)
        self.code = QLineEdit(current.code if current else "")
        self.code.setReadOnly(current is not None)
        self.name = QLineEdit((current.title if kind == ENTRIES else current.name) if current else "")
        self.unit = QLineEdit(current.unit if current else "")
        extra = ("、".join(current.members) if kind == ENTRIES else " ".join(current.panels)) if current else ""
        self.extra = QLineEdit(extra)
        form.addRow(self.tr("编号"), self.code)
        form.addRow(self.tr("名称") if kind == ENTRIES else self.tr("姓名"), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("成员 (用、分隔)") if kind == ENTRIES else self.tr("评审组 (如 final.expert)"), self.extra)
        # a judge's profile, printed with their comments (点评意见, the stage's 专家点评 scene)
        self.title = QLineEdit(current.title if current and kind == JUDGES else "")
        self.title.setPlaceholderText(self.tr("如 教授、高级经济师"))
        self.affiliation = QLineEdit(current.affiliation if current and kind == JUDGES else "")
        self.affiliation.setPlaceholderText(self.tr("空则用单位"))
        if kind == JUDGES:
            form.addRow(self.tr("职称"), self.title)
            form.addRow(self.tr("工作单位"), self.affiliation)
        # Registered attachments are copied into the contest's folder; this field adds new ones.
        self.files_edit = QLineEdit()
        self.files_edit.setPlaceholderText(self.tr("要添加的 PPT、视频等文件路径, 用 ; 分隔"))
        if kind == ENTRIES and files:
            form.addRow(self.tr("已有附件"), QLabel("; ".join(files)))
        if kind == ENTRIES:
            add_file = QPushButton(self.tr("添加文件…"))
            add_file.clicked.connect(self._add_files)
            row = QHBoxLayout()
            row.addWidget(self.files_edit, 1)
            row.addWidget(add_file)
            form.addRow(self.tr("附件"), row)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setWordWrap(True)
        form.addRow(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.code, self.name, self.unit, self.extra):
            edit.textChanged.connect(self._check)
        self._check()

    def _add_files(self) -> None:
        paths, _ = file_dialogs.getOpenFileNames(self, self.tr("添加附件"), "",
                                                "PPT / PDF / 视频 (*.ppt *.pptx *.pdf *.mp4 *.mov *.wmv);;* (*)")
        if paths:
            self.files_edit.setText("; ".join([*self.files(), *paths]))

    def files(self) -> list[str]:
        return [p.strip() for p in self.files_edit.text().split(";") if p.strip()]

    def value(self):
        parts = tuple(p for p in _roster()._SPLIT.split(self.extra.text()) if p)
        if self.kind == ENTRIES:
            return Entry(self.code.text().strip(), self.name.text().strip(), self.unit.text().strip(), parts,
                         self.current.rounds if self.current else None)
        return Judge(self.code.text().strip(), self.name.text().strip(), self.unit.text().strip(), parts,
                     self.title.text().strip(), self.affiliation.text().strip())

    def _check(self) -> None:
        item = self.value()
        found = []
        if not item.code:
            found.append(self.tr("编号不能为空"))
        if not (item.title if self.kind == ENTRIES else item.name):
            found.append(self.tr("名称不能为空"))
        if self.contest is not None and item.code:
            if self.kind == ENTRIES:
                items = tuple(e for e in self.contest.entries if e.code != item.code) + (item,)
                contest = replace(self.contest, entries=items)
            else:
                items = tuple(j for j in self.contest.judges if j.code != item.code) + (item,)
                contest = replace(self.contest, judges=items)
            if self.current is None and any(x.code == item.code for x in
                                            (self.contest.entries if self.kind == ENTRIES else self.contest.judges)):
                found.append(self.tr("编号已存在"))
            found += [p for p in problems(contest) if item.code in p]
        self.problems.setText("\n".join(problem_text(p, self.contest) for p in found))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not found)


class RosterDialog(QDialog):
    """Roster import: pick which column holds which field, see the first rows, import."""

    imported = Signal(str)

    def __init__(self, ws: Workspace, kind: str, path: str, parent=None):
        super().__init__(parent)
        self.ws, self.kind, self.path = ws, kind, path
        self.setWindowTitle(self.tr("导入名单"))
        self.resize(860, 520)
        self.preview = _roster().preview_roster(path, kind)
        layout = QVBoxLayout(self)
        info = QLabel(self.tr("%1: 表头在第 %2 行, 编码 %3。请确认每个字段对应的列:")
                      .replace("%1", self.preview.source).replace("%2", str(self.preview.header_row))
                      .replace("%3", self.preview.encoding or "Excel"))
        layout.addWidget(info)
        form = QHBoxLayout()
        self.boxes: dict[str, QComboBox] = {}
        for field, (label, required, _) in _roster().FIELDS[kind].items():
            box = QComboBox()
            box.addItem(self.tr("(不导入)"), None)
            for i, name in enumerate(self.preview.columns):
                box.addItem(f"{chr(65 + i) if i < 26 else i + 1}: {name}", i)
            suggested = self.preview.mapping.get(field)
            if suggested is not None:
                box.setCurrentIndex(suggested + 1)
            box.currentIndexChanged.connect(self._refresh)
            self.boxes[field] = box
            form.addWidget(QLabel(label + (" *" if required else "")))
            form.addWidget(box)
        layout.addLayout(form)
        self.table_model = RowTableModel([], [], self)
        self.table = _table(self.table_model)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("导入"))
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh()

    def mapping(self) -> dict[str, int | None]:
        return {field: box.currentData() for field, box in self.boxes.items()}

    def _refresh(self) -> None:
        mapping = self.mapping()
        fields = _roster().FIELDS[self.kind]
        columns = [Column(fields[f][0], (lambda i: lambda cells: cells[i] if i < len(cells) else "")(i))
                   for f, i in mapping.items() if i is not None]
        self.table_model.set_rows(self.preview.rows, columns)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        missing = [fields[f][0] for f, (_, required, _) in fields.items() if required and mapping[f] is None]
        warnings = [message_text(w) for w in _roster().mapping_warnings(self.kind, mapping)]
        self.message.setText(self.tr("请选择: ") + "、".join(missing) if missing else
                             "<br>".join([self.tr("预览前 %1 行; 导入时会检查全部行").replace("%1", str(len(self.preview.rows)))]
                                         + [f"<span style='color:#b35900'>⚠ {w}</span>" for w in warnings]))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not missing)

    def do_import(self, remove_scores: bool = False) -> bool:
        """Import on the workspace's runner (off the GUI thread); True once imported (at once with the
        tests' synchronous runner)."""
        try:
            db, path, kind, mapping, actor = self.ws.db, self.path, self.kind, self.mapping(), self.ws.actor_for("setup")
        except REFUSALS as exc:
            return self._refused(exc, "")
        return bool(self.ws.runner.run(
            lambda _p: _roster().import_roster(db, path, kind, mapping, actor, remove_scores=remove_scores),
            lambda counts: self._done(counts, remove_scores), self._refused,
            label=self.tr("正在导入名单…"), parent=self).value)

    def _refused(self, exc: BaseException, trace: str) -> bool:
        if isinstance(exc, _scores_in_the_way()):  # the list takes a judge out of a panel where they scored
            answer = QMessageBox.question(
                self, self.tr("导入名单"),
                refusal_message(exc) + "\n\n" + self.tr("按名单移出评审组并删除这些评分? 删除的评分记入审计记录。"))
            if answer == QMessageBox.StandardButton.Yes:
                return self.do_import(remove_scores=True)
        if not is_refusal(exc):
            report_error(self, self.windowTitle(), exc, trace)
            return False
        self.message.setText("<span style='color:#b00020'>" + self.tr("未导入: ")
                             + html.escape(refusal_message(exc)).replace("\n", "<br>") + "</span>")
        return False

    def _done(self, counts: tuple[int, int], removed_scores: bool = False) -> bool:
        if removed_scores:
            self.ws.notify(SCORES)
        created, updated = self.counts = counts
        self.imported.emit(self.tr("名单已导入 %1: 新增 %2, 更新 %3").replace("%1", self.preview.source)
                           .replace("%2", str(created)).replace("%3", str(updated)))
        self.accept()
        return True


class AdvanceDialog(QDialog):
    def __init__(self, ws: Workspace, contest: Contest, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("晋级下一轮"))
        form = QFormLayout(self)
        self.source = QComboBox()
        self.target = QComboBox()
        for r in contest.rounds:
            self.source.addItem(r.name, r.key)
            self.target.addItem(r.name, r.key)
        self.target.setCurrentIndex(1)
        self.top = QSpinBox()
        self.top.setRange(1, 10000)
        self.top.setValue(10)
        form.addRow(self.tr("从"), self.source)
        form.addRow(self.tr("进入"), self.target)
        form.addRow(self.tr("前 N 名 (并列者一同晋级)"), self.top)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def run(self) -> None:
        try:
            result = _roster().advance(self.ws.db, self.source.currentData(), self.target.currentData(), self.ws.actor_for("setup"),
                                    top=self.top.value())
        except REFUSALS as exc:
            report_error(self, self.windowTitle(), exc)
            return
        QMessageBox.information(self, self.windowTitle(),
                                self.tr("晋级 %1 件: %2").replace("%1", str(len(result.added))).replace("%2", "、".join(result.added)))
        self.ws.notify(CONTEST)
        self.accept()



class RulesDialog(QDialog):
    """A round's award tiers (one per line: name and how many; no number = every rank after)
    and tie-break order, checked as typed with the contest file's rules."""

    def __init__(self, ws: Workspace, contest: Contest, round_: Round, parent=None):
        super().__init__(parent)
        self.ws, self.contest, self.round = ws, contest, round_
        self.setWindowTitle(self.tr("奖项与同分规则") + f" — {round_.name}")
        self.resize(560, 420)
        form = QFormLayout(self)
        self.awards = QPlainTextEdit("\n".join(f"{t.name} {t.count}" if t.count else t.name for t in round_.awards))
        self.tie_break = QLineEdit(" > ".join(round_.tie_break))
        keys = "、".join(f"{c.key} ({c.name})" for c in round_.components)
        form.addRow(QLabel(self.tr("奖项, 每行一个: 名称 名额 (不写名额 = 其余全部)")))
        form.addRow(self.awards)
        form.addRow(self.tr("同分时依次比较"), self.tie_break)
        form.addRow(QLabel(self.tr("可用: ") + keys))
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        form.addRow(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.awards.textChanged.connect(self._check)
        self.tie_break.textChanged.connect(self._check)
        self._check()

    def value(self) -> tuple[list[AwardTier], list[str], list[str]]:
        tiers, found = [], []
        for number, line in enumerate(self.awards.toPlainText().splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) > 1 and parts[-1].lstrip("-").isdigit():
                tiers.append(AwardTier(" ".join(parts[:-1]), int(parts[-1])))
            elif len(parts) > 1 and any(ch.isdigit() for ch in parts[-1]):
                found.append(self.tr("第 %1 行: 名额须为整数").replace("%1", str(number)))
            else:
                tiers.append(AwardTier(" ".join(parts), None))
        names = {c.name: c.key for c in self.round.components}
        ties = [names.get(p.strip(), p.strip()) for p in self.tie_break.text().replace(">", " ").split() if p.strip()]
        return tiers, ties, found

    def _check(self) -> None:
        tiers, ties, found = self.value()
        found += _edits().round_rules_problems(self.contest, self.round.key, tiers, ties)
        self.problems.setText("\n".join(problem_text(p, self.contest) for p in found))
        self.buttons.button(QDialogButtonBox.Save).setEnabled(not found)

    def save(self) -> bool:
        tiers, ties, found = self.value()
        if found:
            return False
        try:
            _edits().update_round_rules(self.ws.db, self.round.key, tiers, ties, self.ws.actor_for("setup"))
        except REFUSALS as exc:
            self.problems.setText(refusal_message(exc))
            return False
        self.ws.notify(CONTEST)
        self.accept()
        return True
