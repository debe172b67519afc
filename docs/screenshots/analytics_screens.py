"""Regenerate the analytics screenshots: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/analytics_screens.py`.

analytics.png        the demo contest as published (weights 0.2 / 0.6 / 0.2)
analytics-what-if.png the same scores if the online vote weighed 0.4 and the experts 0.4: a fragile award boundary
analytics-charts.png  the charts alone, as `导出图表 PNG` writes them
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from judge_app.cli import main
from judge_app.domain.results import compute_round
from judge_app.gui.analytics_view import AnalyticsView
from judge_app.qt.app import ensure_app
from judge_app.services.results.analysis import analyze
from judge_app.services.results.standings import RoundReport, round_report
from judge_app.store.database import open_database

HERE = Path(__file__).resolve().parent


def shoot(report: RoundReport, name: str, charts: str | None = None) -> None:
    view = AnalyticsView(analyze(report))
    view.resize(1600, 950)
    view.grab().save(str(HERE / name))
    if charts:
        view.export_png(HERE / charts)
    view.deleteLater()


def run() -> None:
    app = ensure_app([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite"
        main(["--db", str(path), "demo"])
        db = open_database(str(path), create=False)
        report = round_report(db, "final")
        from judge_app.store.round_inputs import load_round_inputs
        from judge_app.services.contest.contest_access import require_contest

        with db.session() as session:
            inputs = load_round_inputs(session, require_contest(session), "final")
        db.close()
    shoot(report, "analytics.png", "analytics-charts.png")
    round_ = report.result.round
    weights = {"online": Decimal("0.4"), "expert": Decimal("0.4"), "onsite": Decimal("0.2")}
    what_if = replace(round_, components=tuple(replace(c, weight=weights[c.key]) for c in round_.components))
    shoot(RoundReport(report.contest, compute_round(what_if, inputs)), "analytics-what-if.png")
    app.processEvents()


if __name__ == "__main__":
    run()
