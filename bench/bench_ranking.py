"""Benchmark: the official ranking of a 2,000-entry round (15 judges × 6 criteria) from the database.

Ours: `round_report(db, "final", detail=False)`, the standings `judge-app rank` prints — load the
contest, each entry's count, sum, highest and lowest judge total as exact integers in SQL, one
half-up division per entry in Python, weighted totals in Decimal, tie-breaks, awards. Baseline,
in the same run on the same file: one SQLite aggregate query computing the same trimmed means
with floats (no tie-breaks, no awards, not exact), each side in turn. Prints medians and the ratio; `--json` for
bench/run.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel_contest  # noqa: E402
from panel_contest import alternating_ms  # noqa: E402

ENTRIES, JUDGES, CRITERIA = 2000, 15, 6

BASELINE_SQL = """
WITH jt AS (
    SELECT s.entry_id, s.judge_id, SUM(s.value) / 10000.0 AS t
    FROM score s JOIN criterion c ON c.id = s.criterion_id
    WHERE c.component_id = ?
    GROUP BY s.judge_id, s.entry_id
)
SELECT entry_id, (SUM(t) - MAX(t) - MIN(t)) / (COUNT(*) - 2) * 100.0 / 60 FROM jt GROUP BY entry_id
"""


def contest_toml() -> str:
    return panel_contest.contest_toml(
        "性能测试大赛", [(f"E{i:04d}", f"作品{i}", f"单位{i % 97}") for i in range(ENTRIES)],
        [(f"J{j:02d}", f"评委{j}", f"评审单位{j}") for j in range(JUDGES)], CRITERIA, "0.7",
        [("一等奖", 20), ("二等奖", 60), ("三等奖", 120)])


def build(workdir: Path) -> tuple[str, float]:
    """Create the contest through the real services; returns the location and the score import time."""
    from judge_app.services.contest.contest_setup import create_contest
    from judge_app.domain.contest_file import parse_contest
    from judge_app.services.scores.score_import import import_scores
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.store.database import open_database

    rnd = random.Random(1)
    location = str(workdir / "bench.sqlite")
    db = open_database(location)
    create_contest(db, parse_contest(contest_toml()), "bench")
    sheet = workdir / "scores.csv"
    with sheet.open("w", encoding="utf-8") as fh:
        fh.write("judge,entry," + ",".join(f"c{k}" for k in range(CRITERIA)) + "\n")
        for i in range(ENTRIES):
            for j in range(JUDGES):
                fh.write(f"J{j:02d},E{i:04d}," + ",".join(str(rnd.randint(10, 20) / 2) for _ in range(CRITERIA)) + "\n")
    votes = workdir / "votes.csv"
    votes.write_text("entry,votes\n" + "".join(f"E{i:04d},{rnd.randint(0, 5000)}\n" for i in range(ENTRIES)), encoding="utf-8")
    start = time.perf_counter()
    import_scores(db, sheet, "final", "expert", "bench")
    imported = time.perf_counter() - start
    import_votes(db, votes, "final", "online", "bench")
    db.close()
    return location, imported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="repetitions of each side (median reported)")
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    from judge_app.services.results.standings import round_report
    from judge_app.store.database import open_database

    with tempfile.TemporaryDirectory() as tmp:
        location, imported = build(Path(tmp))
        db = open_database(location)
        component_id = sqlite3.connect(location).execute("SELECT id FROM component WHERE key='expert'").fetchone()[0]

        def ours():
            report = round_report(db, "final", detail=False)
            assert len(report.result.standings) == ENTRIES

        con = sqlite3.connect(location)

        def baseline():
            rows = con.execute(BASELINE_SQL, (component_id,)).fetchall()
            assert len(rows) == ENTRIES

        ours(), baseline()  # warm caches for both
        (ours_ms, ours_best), (base_ms, base_best) = alternating_ms((ours, baseline), args.runs)
        db.close()
        con.close()
    ratio = ours_ms / base_ms
    result = {
        "name": "ranking",
        "what": f"official ranking, {ENTRIES} entries × {JUDGES} judges × {CRITERIA} criteria, from the database (median)",
        "ours": round(ours_ms, 1), "baseline": round(base_ms, 1), "unit": "ms", "ratio": round(ratio, 3),
        "baseline_what": "one SQLite aggregate query, float trimmed means",
        "note": f"importing the 30,000-line sheet through the service: {imported:.2f} s",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"ranking {ENTRIES}×{JUDGES}×{CRITERIA}: ours {ours_ms:.1f} ms (best {ours_best:.1f}) | "
              f"baseline SQL aggregate {base_ms:.1f} ms (best {base_best:.1f}) | ratio {ratio:.2f}× | "
              f"importing the 30,000-line sheet: {imported:.2f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
