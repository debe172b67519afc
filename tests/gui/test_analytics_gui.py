"""The analytics widget: its tables (qtmodeltester), switching panels, fragile awards, PNG export."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from judge_app.domain.contest import AwardTier, Component, Contest, Criterion, Entry, Judge, Round  # noqa: E402
from judge_app.domain.results import RoundInputs, compute_round  # noqa: E402
from judge_app.qt.app import ensure_app  # noqa: E402
from judge_app.services.results.analysis import analyze  # noqa: E402
from judge_app.services.results.standings import RoundReport  # noqa: E402

PANEL = Component("jury", "专家评审", "panel", D("0.5"), 0, 0, (Criterion("x", "综合", D(100)),))
SITE = Component("site", "现场得分", "direct", D("0.5"))
ROUND = Round("final", "决赛", (PANEL, SITE), (AwardTier("一等奖", 1), AwardTier("二等奖", 1)), 2)
CONTEST = Contest(
    "测试大赛", (ROUND,),
    entries=tuple(Entry(c, f"作品{c}") for c in ("X", "Y", "Z")),
    judges=(Judge("A", "张评委"), Judge("B", "李评委"), Judge("C", "王评委"), Judge("D", "赵评委")),
)
# jury X 100, Y 80, Z 50; site X 80, Y 99, Z 50 → X 90.00, Y 89.50: the first/second boundary is fragile
INPUTS = RoundInputs(
    ("X", "Y", "Z"),
    panel_totals={"jury": {
        "X": {"A": D(100), "B": D(100), "C": D(100), "D": D(100)},
        "Y": {"A": D(80), "B": D(80), "C": D(80), "D": D(80)},
        "Z": {"A": D(51), "B": D(50), "C": D(49), "D": D(20)},
    }},
    direct={"site": {"X": D(80), "Y": D(99), "Z": D(50)}},
)


@pytest.fixture
def view(qtbot):
    from judge_app.gui.analytics_view import AnalyticsView

    ensure_app()
    report = RoundReport(CONTEST, compute_round(ROUND, INPUTS))
    widget = AnalyticsView(analyze(report))
    widget.resize(1400, 860)
    qtbot.addWidget(widget)
    return widget


def test_tables_and_fragile_awards(view, qtmodeltester):
    qtmodeltester.check(view.judge_model)
    qtmodeltester.check(view.outlier_model)
    assert view.judge_model.rowCount() == 4
    assert view.judge_model.index(0, 1).data() == "张评委"
    assert view.judge_model.headerData(8, Qt.Orientation.Horizontal) == "宽严度"
    # D gave Z 20 against 51/50/49: the only outlier, and it counts (nothing is dropped)
    assert view.outlier_model.rowCount() == 1
    assert [view.outlier_model.index(0, c).data() for c in (0, 2, 5)] == ["Z", "20", "计入得分"]
    assert "一等奖 / 二等奖 分界不稳定" in view.fragile.text() and "X、Y" in view.fragile.text()
    assert "W = " in view.agreement.text()


def test_charts_export_png(view, tmp_path):
    path = view.export_png(tmp_path / "charts.png")
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 600 and image.height() > 400
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # drawn, not blank
    # the fragile entries are drawn in the warning red
    red = [(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2) if image.pixel(x, y) == 0xFFD0342C]
    assert red


def test_switching_panels_and_an_unranked_round(qtbot):
    from judge_app.gui.analytics_view import AnalyticsView

    ensure_app()
    partial = RoundInputs(("X", "Y", "Z"), panel_totals=INPUTS.panel_totals)  # no site scores yet
    widget = AnalyticsView(analyze(RoundReport(CONTEST, compute_round(ROUND, partial))))
    qtbot.addWidget(widget)
    assert "尚未排名" in widget.fragile.text()
    assert widget.panel_box.count() == 1 and widget.panel_box.currentData() == "jury"
    assert not widget.charts.grab().isNull()
