"""The analytics screen: which judge is out of line, how far the panel agrees, which awards are fragile.

A self-contained widget over `services.results.analysis.RoundAnalysis` (plain data; no database here).
Charts are drawn with QPainter — QtCharts would add the 156 MB PySide6-Addons wheel for three
simple plots — and can be exported as PNG (`export_png`).

    view = AnalyticsView(analyze_round(db, "final"))
    view.export_png("charts.png")
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from judge_app.services.results.analysis import PanelAnalysis, RoundAnalysis

JUDGE_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
)
AWARD_COLOURS = ("#c9a227", "#8f9aa6", "#b07a4a", "#4f8fbf", "#6aa06a", "#9c6ab0")
FRAGILE = QColor("#d0342c")


def judge_colour(index: int) -> QColor:
    return QColor(JUDGE_COLOURS[index % len(JUDGE_COLOURS)])


# --- table models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    text: Callable[[object], str] = str
    numeric: bool = False


def _num(places: int, sign: bool = False) -> Callable[[object], str]:
    def fmt(value) -> str:
        if value is None:
            return "–"
        return f"{value:+.{places}f}" if sign else f"{value:.{places}f}"

    return fmt


class RowsModel(QAbstractTableModel):
    """Read-only rows (plain objects) shown through a column list."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[object] = (), parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows = list(rows)

    def set_rows(self, rows: Sequence[object]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> object:
        return self._rows[index]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(self._columns)):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(column.value(self._rows[index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


def judge_columns(names: Callable[[str], str]) -> list[Column]:
    return [
        Column("评委", lambda s: s.judge),
        Column("姓名", lambda s: names(s.judge)),
        Column("作品数", lambda s: s.entries, numeric=True),
        Column("平均分", lambda s: s.mean, _num(2), True),
        Column("标准差", lambda s: s.spread, _num(2), True),
        Column("去最高", lambda s: s.dropped_high, numeric=True),
        Column("去最低", lambda s: s.dropped_low, numeric=True),
        Column("秩相关", lambda s: s.spearman, _num(3), True),
        Column("宽严度", lambda s: s.severity, _num(2, sign=True), True),
    ]


def outlier_columns(names: Callable[[str], str]) -> list[Column]:
    return [
        Column("作品", lambda o: o.entry),
        Column("评委", lambda o: f"{o.judge} {names(o.judge)}"),
        Column("总分", lambda o: o.total, lambda v: f"{v.normalize():f}", True),
        Column("其他评委", lambda o: (o.others_mean, o.others_spread), lambda v: f"{v[0]:.2f} ± {v[1]:.2f}", True),
        Column("偏离(标准差)", lambda o: o.deviation, _num(1, sign=True), True),
        Column("处理", lambda o: o.dropped, lambda d: "已去掉" if d else "计入得分"),
    ]


# --- charts -----------------------------------------------------------------------------------


class Chart(QWidget):
    """A titled plot area; subclasses draw into `plot_rect` with `x_at`/`y_at`."""

    title = ""
    margins = (56, 34, 16, 36)  # left, top, right, bottom

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(380, 260)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)

    def plot_rect(self) -> QRectF:
        left, top, right, bottom = self.margins
        return QRectF(left, top, max(1, self.width() - left - right), max(1, self.height() - top - bottom))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont(self.font())
            font.setPointSizeF(11)
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor("#222"))
            title_flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(8, 4, self.width() - 16, 24), title_flags, self.title)
            small = QFont(self.font())
            small.setPointSizeF(8.5)
            p.setFont(small)
            self.draw(p, self.plot_rect())
        finally:
            p.end()

    def draw(self, p: QPainter, area: QRectF) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @staticmethod
    def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
        if hi <= lo:
            return [lo]
        raw = (hi - lo) / count
        step = 10 ** math.floor(math.log10(raw))
        for factor in (1, 2, 5, 10):
            if raw <= step * factor:
                step *= factor
                break
        first = math.ceil(lo / step) * step
        return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]

    def empty(self, p: QPainter, area: QRectF, text: str) -> None:
        p.setPen(QColor("#888"))
        p.drawText(area, Qt.AlignmentFlag.AlignCenter, text)


def _value_range(values: Sequence[float], top: float) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.08, top / 100)
    return max(0.0, lo - pad), min(top, hi + pad) if hi + pad <= top else hi + pad


class DistributionChart(Chart):
    """Each judge's totals on one line: dots, the mean (bar) and ± one standard deviation."""

    title = "评委打分分布 (score distribution per judge)"
    margins = (118, 34, 16, 36)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, list[float], float, float | None, dict[int, bool]]] = []
        self.top = 100.0

    def set_panel(self, panel: PanelAnalysis, totals: dict[str, list[float]], flagged: dict[str, dict[int, bool]], names) -> None:
        """flagged: judge → index into that judge's totals → whether the panel dropped that total."""
        self.top = float(panel.component.max_total)
        self.rows = [
            (f"{s.judge} {names(s.judge)}", totals.get(s.judge, []), s.mean, s.spread, flagged.get(s.judge, {}))
            for s in panel.judges
        ]
        self.update()

    def draw(self, p: QPainter, area: QRectF) -> None:
        values = [v for _, vs, *_ in self.rows for v in vs]
        if not values:
            self.empty(p, area, "暂无评分")
            return
        lo, hi = _value_range(values, self.top)

        def x_at(v: float) -> float:
            return area.left() + (v - lo) / (hi - lo) * area.width() if hi > lo else area.center().x()

        p.setPen(QPen(QColor("#ddd"), 1))
        for t in self.ticks(lo, hi):
            p.drawLine(QPointF(x_at(t), area.top()), QPointF(x_at(t), area.bottom()))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(x_at(t) - 30, area.bottom() + 4, 60, 16), Qt.AlignmentFlag.AlignCenter, f"{t:g}")
            p.setPen(QPen(QColor("#ddd"), 1))
        band = area.height() / max(1, len(self.rows))
        for i, (label, vs, mean, spread, flagged) in enumerate(self.rows):
            y = area.top() + band * (i + 0.5)
            colour = judge_colour(i)
            p.setPen(QColor("#222"))
            p.drawText(QRectF(4, y - 9, self.margins[0] - 10, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            if spread is not None:
                p.setPen(QPen(colour, 3))
                p.drawLine(QPointF(x_at(mean - spread), y), QPointF(x_at(mean + spread), y))
            for k, v in enumerate(vs):
                jitter = ((k * 7) % 5 - 2) * min(3.0, band / 10)
                p.setPen(Qt.PenStyle.NoPen)
                fill = QColor(colour)
                fill.setAlpha(120)
                p.setBrush(fill)
                p.drawEllipse(QPointF(x_at(v), y + jitter), 3.2, 3.2)
                if k in flagged:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    dropped = flagged[k]
                    p.setPen(QPen(FRAGILE, 1 if dropped else 2.2, Qt.PenStyle.DotLine if dropped else Qt.PenStyle.SolidLine))
                    p.drawEllipse(QPointF(x_at(v), y + jitter), 6, 6)
            p.setPen(QPen(QColor("#111"), 2))
            p.drawLine(QPointF(x_at(mean), y - band * 0.32), QPointF(x_at(mean), y + band * 0.32))
        p.setPen(QColor("#555"))
        p.drawText(QRectF(area.left(), area.bottom() + 18, area.width(), 16), Qt.AlignmentFlag.AlignCenter,
                   "竖线=平均, 粗线=±1 标准差, 红圈=离群 (虚线圈=已去掉)")


class ScatterChart(Chart):
    """Each judge's total against the panel's score for the same entry; the diagonal is agreement."""

    title = "评委分与评审组得分 (judge vs panel)"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[int, float, float]] = []  # judge index, panel (total units), judge total
        self.labels: list[str] = []
        self.top = 100.0

    def set_points(self, points: list[tuple[int, float, float]], labels: list[str], top: float) -> None:
        self.points, self.labels, self.top = points, labels, top
        self.update()

    def draw(self, p: QPainter, area: QRectF) -> None:
        if not self.points:
            self.empty(p, area, "暂无评审组得分")
            return
        lo, hi = _value_range([v for _, a, b in self.points for v in (a, b)], self.top)

        def x_at(v):
            return area.left() + (v - lo) / (hi - lo) * area.width()

        def y_at(v):
            return area.bottom() - (v - lo) / (hi - lo) * area.height()

        for t in self.ticks(lo, hi):
            p.setPen(QPen(QColor("#e3e3e3"), 1))
            p.drawLine(QPointF(x_at(t), area.top()), QPointF(x_at(t), area.bottom()))
            p.drawLine(QPointF(area.left(), y_at(t)), QPointF(area.right(), y_at(t)))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(x_at(t) - 30, area.bottom() + 4, 60, 16), Qt.AlignmentFlag.AlignCenter, f"{t:g}")
            p.drawText(QRectF(area.left() - 52, y_at(t) - 8, 46, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:g}")
        p.setPen(QPen(QColor("#999"), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x_at(lo), y_at(lo)), QPointF(x_at(hi), y_at(hi)))
        for judge, panel, total in self.points:
            fill = judge_colour(judge)
            fill.setAlpha(170)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawEllipse(QPointF(x_at(panel), y_at(total)), 3.4, 3.4)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i, label in enumerate(self.labels):
            y = area.top() + 4 + i * 14
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(judge_colour(i))
            p.drawEllipse(QPointF(area.left() + 10, y + 6), 4, 4)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QColor("#333"))
            p.drawText(QRectF(area.left() + 18, y, 120, 13), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(QColor("#555"))
        p.drawText(QRectF(area.left(), area.bottom() + 18, area.width(), 16), Qt.AlignmentFlag.AlignCenter,
                   "横轴: 评审组得分 (折算为评委总分) · 纵轴: 该评委总分 · 虚线: 完全一致")


class RankRangeChart(Chart):
    """Each ranked entry's official rank and the range it takes when a weight moves ±5 points."""

    title = "权重 ±5 分时的名次范围 (rank ranges under weight changes)"
    margins = (44, 34, 16, 40)
    LIMIT = 40

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ranges: list = []
        self.award_names: list[str] = []
        self.cuts: list[float] = []

    def set_sensitivity(self, sensitivity, award_names: list[str]) -> None:
        self.ranges = sensitivity.ranges[: self.LIMIT]
        self.award_names = award_names
        self.cuts = []
        for b in sensitivity.boundaries:
            last = [r.rank for r in sensitivity.ranges if r.award == b.upper]
            if last:
                self.cuts.append(max(last) + 0.5)
        self.update()

    def draw(self, p: QPainter, area: QRectF) -> None:
        if not self.ranges:
            self.empty(p, area, "本轮尚未排名 (round not ranked yet)")
            return
        n = len(self.ranges)
        worst = max(r.worst for r in self.ranges)

        def x_at(i: float) -> float:
            return area.left() + (i + 0.5) / n * area.width()

        def y_at(rank: float) -> float:
            return area.top() + (rank - 0.5) / worst * area.height()

        for t in self.ticks(1, worst):
            if t < 1:
                continue
            p.setPen(QPen(QColor("#e6e6e6"), 1))
            p.drawLine(QPointF(area.left(), y_at(t)), QPointF(area.right(), y_at(t)))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(0, y_at(t) - 8, area.left() - 6, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:g}")
        p.setPen(QPen(QColor("#888"), 1, Qt.PenStyle.DashLine))
        for cut in self.cuts:
            if cut < worst:
                p.drawLine(QPointF(area.left(), y_at(cut)), QPointF(area.right(), y_at(cut)))
        every = max(1, math.ceil(n / 24))
        for i, r in enumerate(self.ranges):
            x = x_at(i)
            colour = FRAGILE if r.fragile else QColor("#4a6fa5")
            p.setPen(QPen(colour, 4 if r.fragile else 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(x, y_at(r.best)), QPointF(x, y_at(r.worst)))
            tier = self.award_names.index(r.award) if r.award in self.award_names else -1
            p.setPen(QPen(QColor("#222"), 1))
            p.setBrush(QBrush(QColor(AWARD_COLOURS[tier % len(AWARD_COLOURS)]) if tier >= 0 else QColor("white")))
            p.drawEllipse(QPointF(x, y_at(r.rank)), 4.5, 4.5)
            if i % every == 0:
                p.setPen(FRAGILE if r.fragile else QColor("#444"))
                p.drawText(QRectF(x - 22, area.bottom() + 3, 44, 14), Qt.AlignmentFlag.AlignCenter, r.code)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor("#555"))
        p.drawText(QRectF(area.left(), area.bottom() + 20, area.width(), 16), Qt.AlignmentFlag.AlignCenter,
                   "圆点: 正式名次 (颜色=奖项) · 竖线: 可能的名次 · 红色: 奖项可能改变 · 虚线: 奖项分界")


# --- the screen -------------------------------------------------------------------------------


class AnalyticsView(QWidget):
    """One screen for the head judge: judge table, agreement, outliers, three charts, fragile awards."""

    def __init__(self, analysis: RoundAnalysis, parent=None):
        super().__init__(parent)
        self.analysis = analysis
        report = analysis.report
        self.setWindowTitle(f"评分公正性分析 · {report.contest.name} · {report.result.round.name}")
        names = analysis.judge_name

        self.panel_box = QComboBox()
        for p in analysis.panels:
            self.panel_box.addItem(p.component.name, p.component.key)
        self.agreement = QLabel()
        self.agreement.setWordWrap(True)
        self.export_button = QPushButton("导出图表 PNG")
        self.export_button.clicked.connect(self._export_dialog)

        self.judge_model = RowsModel(judge_columns(names), parent=self)
        self.outlier_model = RowsModel(outlier_columns(names), parent=self)
        self.judge_table = self._table(self.judge_model)
        self.outlier_table = self._table(self.outlier_model)
        self.fragile = QLabel()
        self.fragile.setWordWrap(True)

        self.distribution = DistributionChart()
        self.scatter = ScatterChart()
        self.ranks = RankRangeChart()
        self.charts = QWidget()
        grid = QGridLayout(self.charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.distribution, 0, 0)
        grid.addWidget(self.scatter, 0, 1)
        grid.addWidget(self.ranks, 1, 0, 1, 2)

        top = QHBoxLayout()
        top.addWidget(QLabel("评审组:"))
        top.addWidget(self.panel_box)
        top.addWidget(self.agreement, 1)
        top.addWidget(self.export_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("评委统计 (宽严度 = 评委平均 − 评审组平均, 负数偏严)"))
        left_layout.addWidget(self.judge_table, 3)
        left_layout.addWidget(QLabel(f"离群分数 (偏离其他评委超过 {analysis.k:g} 个标准差)"))
        left_layout.addWidget(self.outlier_table, 2)
        left_layout.addWidget(self.fragile)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([660, 940])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        award_names = [t.name for t in report.result.round.awards]
        self.ranks.set_sensitivity(analysis.sensitivity, award_names)
        self.fragile.setText(self._fragile_text())
        self.panel_box.currentIndexChanged.connect(self._show_panel)
        self._show_panel(0)

    @staticmethod
    def _table(model: RowsModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        return table

    def current_panel(self) -> PanelAnalysis | None:
        index = self.panel_box.currentIndex()
        return self.analysis.panels[index] if 0 <= index < len(self.analysis.panels) else None

    def _show_panel(self, _index: int) -> None:
        panel = self.current_panel()
        if panel is None:
            self.agreement.setText("本轮没有评委打分部分 (no panel in this round)")
            self.judge_model.set_rows([])
            self.outlier_model.set_rows([])
            return
        names = self.analysis.judge_name
        self.agreement.setText(f"评委一致性 {panel.agreement.reading}")
        self.judge_model.set_rows(panel.judges)
        self.outlier_model.set_rows(panel.outliers)
        results = self.analysis.report.result.panels[panel.component.key]
        scale = float(panel.component.max_total) / 100
        order = {s.judge: i for i, s in enumerate(panel.judges)}
        totals: dict[str, list[float]] = {}
        flagged: dict[str, dict[int, bool]] = {}
        outlying = {(o.entry, o.judge): o.dropped for o in panel.outliers}
        points = []
        for code in sorted(results):
            r = results[code]
            for t in r.totals:
                if (code, t.judge) in outlying:
                    flagged.setdefault(t.judge, {})[len(totals.get(t.judge, []))] = outlying[(code, t.judge)]
                totals.setdefault(t.judge, []).append(float(t.total))
                if r.score is not None:
                    points.append((order[t.judge], float(r.score) * scale, float(t.total)))
        self.distribution.set_panel(panel, totals, flagged, names)
        self.scatter.set_points(points, [f"{s.judge} {names(s.judge)}" for s in panel.judges], float(panel.component.max_total))

    def _fragile_text(self) -> str:
        sens = self.analysis.sensitivity
        if not sens.ranges:
            return "权重敏感性: 本轮尚未排名 (round not ranked yet)"
        lines = []
        for b in sens.boundaries:
            name = f"{b.upper} / {b.lower or '无奖'}"
            if b.fragile:
                codes = "、".join(sorted({c.code for c in b.crossings}))
                lines.append(f"⚠ {name} 分界不稳定 (分差 {b.margin}): {codes}")
            else:
                lines.append(f"{name} 分界稳定 (分差 {b.margin})")
        return "权重 ±5 分: " + "; ".join(lines)

    def export_png(self, path: str | Path) -> Path:
        """Save the three charts as one PNG; returns the path."""
        path = Path(path)
        if not self.charts.grab().save(str(path), "PNG"):
            raise OSError(f"无法写入 {path} (cannot write the image)")
        return path

    def _export_dialog(self) -> None:  # pragma: no cover - needs a user
        from judge_app.qt import file_dialogs

        path, _ = file_dialogs.getSaveFileName(self, "导出图表", "评分分析.png", "PNG (*.png)")
        if path:
            self.export_png(path)
