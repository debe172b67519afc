"""The official ranking of a round, as `judge-app rank` computes it (`services.results.standings.round_report`),
and for a selected entry the breakdown: every judge's total, the dropped ones struck through,
and each judge's comment (专家点评). Exports to XLSX and CSV."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from judge_app.domain.rules import dropped_mark, is_judged
from judge_app.domain.file_names import safe_file_name
from judge_app.qt.i18n import message_text, refusal_message
from judge_app.gui.table_model import CENTER, RIGHT, Column, RowTableModel
from judge_app.gui.workspace import LazyRefresh, Workspace
from judge_app.services.results.result_export import why_unranked, write_csv, write_xlsx
from judge_app.services.results.seal import check as check_seal
from judge_app.services.scores.score_entry import round_comments
from judge_app.services.results.standings import RoundReport, round_report
from judge_app.services.contest.workspace_files import current_contest
from judge_app.qt import file_dialogs

AWARD_COLORS = ["#fde9b6", "#e6ecf5", "#f3e3d3", "#eef6ea"]


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    code: str
    title: str
    unit: str
    components: tuple[str, ...]
    total: str
    award: str
    award_index: int
    why: str


@dataclass(frozen=True)
class BreakdownRow:
    component: str
    judge: str
    name: str
    total: str
    dropped: str  # "" | "最高" | "最低"
    comment: str


def ranking_rows(report: RoundReport) -> list[RankingRow]:
    round_ = report.result.round
    tiers = [t.name for t in round_.awards]
    rows = []
    for s in report.result.standings:
        e = report.entry(s.code)
        rows.append(RankingRow(
            s.rank, s.code, e.title, e.unit,
            tuple("" if s.components[c.key] is None else str(s.components[c.key]) for c in round_.components),
            "" if s.total is None else str(s.total), s.award or "",
            tiers.index(s.award) if s.award in tiers else -1, why_unranked(report, s.code),
        ))
    return rows


def breakdown_rows(report: RoundReport, code: str, comments: dict[str, dict[tuple[str, str], str]]) -> list[BreakdownRow]:
    names = {j.code: j.name for j in report.contest.judges}
    out = []
    for component in report.result.round.components:
        if not is_judged(component):
            continue
        result = report.result.panels[component.key][code]
        for t in result.totals:
            dropped = message_text(dropped_mark(component, result, t.judge))  # zh_CN: no English gloss
            out.append(BreakdownRow(component.name, t.judge, names.get(t.judge, ""), str(t.total), dropped,
                                    comments.get(component.key, {}).get((code, t.judge), "")))
    return out


class RankingModel(RowTableModel[RankingRow]):
    def configure(self, report: RoundReport) -> None:
        round_ = report.result.round
        award_color = lambda r: QColor(AWARD_COLORS[min(r.award_index, 3)]) if r.award_index >= 0 else None  # noqa: E731
        columns = [
            Column(self.tr("名次"), lambda r: r.rank if r.rank is not None else "—", CENTER, bold=lambda r: True),
            Column(self.tr("编号"), lambda r: r.code),
            Column(self.tr("作品"), lambda r: r.title, tooltip=lambda r: r.title),
            Column(self.tr("单位"), lambda r: r.unit),
            *(Column(f"{c.name}\n×{c.weight}", (lambda i: lambda r: r.components[i] or "—")(i), RIGHT)
              for i, c in enumerate(round_.components)),
            Column(self.tr("总分"), lambda r: r.total or "—", RIGHT, bold=lambda r: True),
            Column(self.tr("奖项"), lambda r: r.award, CENTER, background=award_color),
            Column(self.tr("说明"), lambda r: r.why, foreground=lambda r: QColor("#b00020") if r.why else None),
        ]
        self.set_rows(ranking_rows(report), columns)


class BreakdownModel(RowTableModel[BreakdownRow]):
    def __init__(self, parent=None):
        grey = QColor("#888888")
        super().__init__([
            Column(self.tr("计分部分"), lambda r: r.component),
            Column(self.tr("评委"), lambda r: f"{r.judge} {r.name}"),
            Column(self.tr("评委合计"), lambda r: r.total, RIGHT, strike=lambda r: bool(r.dropped),
                   foreground=lambda r: grey if r.dropped else None),
            Column(self.tr("去掉"), lambda r: r.dropped, foreground=lambda r: grey),
            Column(self.tr("专家点评"), lambda r: r.comment, tooltip=lambda r: r.comment or None),
        ], (), parent)


class ResultsPage(LazyRefresh, QWidget):
    def __init__(self, workspace: Workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.report: RoundReport | None = None
        self._comments: dict = {}
        self.round_box = QComboBox()
        self.summary = QLabel()
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.csv_button = QPushButton(self.tr("导出 CSV…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("轮次")))
        top.addWidget(self.round_box)
        top.addWidget(self.summary, 1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.csv_button)
        self.model = RankingModel(parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectRows)
        self.view.setSelectionMode(QTableView.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.detail_model = BreakdownModel(self)
        self.detail_view = QTableView()
        self.detail_view.setModel(self.detail_model)
        self.detail_view.verticalHeader().setVisible(False)
        self.detail_view.horizontalHeader().setStretchLastSection(True)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_view)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.round_box.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_entry(cur.row()))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        workspace.opened.connect(self.reload)
        workspace.changed.connect(self.refresh_later)
        self.reload()

    def reload(self) -> None:
        self.round_box.blockSignals(True)
        self.round_box.clear()
        contest = current_contest(self.ws.db)
        for r in contest.rounds if contest else ():
            self.round_box.addItem(r.name, r.key)
        if contest and len(contest.rounds) > 1:
            self.round_box.setCurrentIndex(len(contest.rounds) - 1)
        self.round_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        key = self.round_box.currentData()
        if key is None or self.ws.db is None:
            self.report = None
            self.model.set_rows([], [])
            self.detail_model.set_rows([])
            self.summary.setText("")
            return
        self.report = round_report(self.ws.db, key)
        self._comments = round_comments(self.ws.db, key)
        self.model.configure(self.report)
        self.show_entry(-1)  # never the breakdown of an entry (or a contest) no longer listed
        standings = self.report.result.standings
        ranked = sum(1 for s in standings if s.ranked)
        self.summary.setText(self.tr("  %1 · 共 %2 件, 已排名 %3 件, 未排名 %4 件")
                             .replace("%1", self.report.contest.name).replace("%2", str(len(standings)))
                             .replace("%3", str(ranked)).replace("%4", str(len(standings) - ranked)))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setMinimumHeight(44)
        if standings:
            self.view.selectRow(0)  # shows its breakdown through currentRowChanged
            if self.detail_model.rowCount() == 0:
                self.show_entry(0)

    def show_entry(self, row: int) -> None:
        if self.report is None or row < 0 or row >= self.model.rowCount():
            self.detail_model.set_rows([])
            self.detail_title.setText("")
            return
        code = self.model.row_at(row).code
        self.detail_model.set_rows(breakdown_rows(self.report, code, self._comments))
        entry = self.report.entry(code)
        self.detail_title.setText(self.tr("评分明细: %1 %2 (划线的评委合计按规则去掉)").replace("%1", code).replace("%2", entry.title))
        header = self.detail_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)

    def export(self, kind: str, path: str | None = None) -> str | None:
        if self.report is None:
            return None
        if path is None:
            name = safe_file_name(f"{self.report.contest.name}-{self.report.result.round.name}.{kind}")
            path, _ = file_dialogs.getSaveFileName(self, self.tr("导出排名"), name,
                                                  "Excel (*.xlsx)" if kind == "xlsx" else "CSV (*.csv)")
            if not path:
                return None
        sealed = check_seal(self.ws.db, self.report.result.round.key, self.report.result)  # what is exported
        if sealed.broken:
            QMessageBox.critical(self, self.tr("导出排名"), sealed.message())
            return None
        try:
            if kind == "xlsx":
                from judge_app.services.scores.score_details import score_details

                write_xlsx(self.report, path, round_comments(self.ws.db, self.report.result.round.key),
                           score_details(self.ws.db, self.report))  # with 专家点评 and 评分明细
            else:
                write_csv(self.report, path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("导出排名"), refusal_message(exc))
            return None
        return path
