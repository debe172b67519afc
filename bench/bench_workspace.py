"""Workspace responsiveness on the demo contest: each screen's refresh beside the service call it
wraps (the baseline), so the ratio is the cost the GUI adds.

    QT_QPA_PLATFORM=offscreen python bench/bench_workspace.py [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(fn, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15, help="repetitions of each measure (median reported)")
    p.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    return p


def main() -> None:
    args = parser().parse_args()
    from PySide6.QtCore import QSettings

    from judge_app.gui.main_window import MainWindow
    from judge_app.qt.app import ensure_app
    from judge_app.gui.workspace import Workspace
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.scores.score_entry import judge_sheet, save_scores
    from judge_app.services.results.standings import round_report
    from judge_app.store.database import open_database

    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "demo.sqlite")
        load_demo(path, "bench")
        db = open_database(path)
        window = MainWindow(Workspace(db, "bench"), QSettings(str(Path(tmp) / "s.ini"), QSettings.IniFormat))
        window.resize(1366, 768)
        window.show()
        results, entry = window.results_page, window.entry_page
        window.tabs.setCurrentWidget(results)
        entry.select("final", "expert", "E01")
        values = {"quality": Decimal(20), "results": Decimal(20), "pitch": Decimal(15), "defense": Decimal(15)}
        flip = iter(range(10**6))

        def save_via_service():
            v = dict(values, quality=Decimal(20 + next(flip) % 2))
            save_scores(db, "final", "expert", "E01", "Z01", v, "bench")

        def save_via_grid():
            model = entry.model
            index = model.index(0, model.criterion_column("quality"))
            model.setData(index, str(20 + next(flip) % 2))

        rows = [
            ("results page refresh", lambda: results.refresh(), "round_report", lambda: round_report(db, "final")),
            ("score sheet load", lambda: entry.load_sheet(), "judge_sheet",
             lambda: judge_sheet(db, "final", "expert", "E01")),
            ("grid cell save (entry tab)", save_via_grid, "save_scores", save_via_service),
        ]
        def on_tab(widget, fn):
            def run():
                window.tabs.setCurrentWidget(widget)
                fn()
            return run

        rows = [(n, on_tab(results if "results" in n else entry, f), b, bf) for n, f, b, bf in rows]
        print(f"{'measure':28} {'ms':>8}   {'baseline':14} {'ms':>8}  ratio")
        records = []
        for name, fn, base_name, base in rows:
            base_ms, ms = median_ms(base, args.runs), median_ms(fn, args.runs)
            print(f"{name:28} {ms:8.1f}   {base_name:14} {base_ms:8.1f}  {ms / base_ms:5.2f}")
            records.append({"name": "workspace", "what": f"{name} (demo contest, 1366×768, median of {args.runs})",
                            "ours": round(ms, 1), "baseline": round(base_ms, 1), "unit": "ms",
                            "ratio": round(ms / base_ms, 3), "baseline_what": f"the service call alone ({base_name})"})
        window.close()
        window.ws.set_db(None)
    if args.json:
        print(json.dumps(records, ensure_ascii=False))


if __name__ == "__main__":
    main()
