"""Benchmark: the year's campaign summary over 10 contest files of 200 entries each.

    python bench/bench_campaign.py [--contests 10] [--entries 200] [--runs 7] [--json]

Ours: `services.year.campaign.load` (open each file read-only, its official result through
`standings.round_report`, its sign-off, then the aggregation by unit) and the JSON of
`judge-app campaign summary`. Baselines, in the same run on the same files: opening the 10 files
read-only alone (`store.read_only.open_read_only`, one query, close) — the floor the issue names
— and the 10 official results alone (`round_report` on each), which shows what the campaign adds
to reading the results. Each contest is built and signed off through the real services (7
judges × 3 criteria and a vote tally; 40 units spread over the contests, most in every one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel_contest  # noqa: E402
from panel_contest import median_ms  # noqa: E402

JUDGES, CRITERIA, UNITS = 7, 3, 40


def contest_toml(n: int, entries: int) -> str:
    units = [f"第{(i * 7 + n) % UNITS + 1}单位" for i in range(entries)]
    return panel_contest.contest_toml(
        f"2025年第{n + 1}项比赛", [(f"E{i:03d}", f"作品{n}-{i}", units[i]) for i in range(entries)],
        [(f"J{j}", f"评委{j}", "") for j in range(JUDGES)], CRITERIA, "0.8",
        [("一等奖", 5), ("二等奖", 15), ("三等奖", 30)])


def build(folder: Path, contests: int, entries: int) -> Path:
    """The contest files and the campaign file, through the real services; returns the campaign."""
    from judge_app.domain.contest_file import parse_contest
    from judge_app.services.contest.contest_setup import create_contest
    from judge_app.services.results.locks import lock, signoff
    from judge_app.services.scores.score_import import import_scores
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.store.database import open_database

    rnd = random.Random(7)
    listing = []
    for n in range(contests):
        name = f"contest{n + 1:02d}.sqlite"
        db = open_database(str(folder / name), create=True)
        try:
            create_contest(db, parse_contest(contest_toml(n, entries)), "bench")
            sheet = folder / "scores.csv"
            with sheet.open("w", encoding="utf-8") as fh:
                fh.write("judge,entry," + ",".join(f"c{k}" for k in range(CRITERIA)) + "\n")
                for i in range(entries):
                    for j in range(JUDGES):
                        fh.write(f"J{j},E{i:03d}," + ",".join(str(rnd.randint(8, 20) / 2) for _ in range(CRITERIA)) + "\n")
            votes = folder / "votes.csv"
            votes.write_text("entry,votes\n" + "".join(f"E{i:03d},{rnd.randint(0, 3000)}\n" for i in range(entries)),
                             encoding="utf-8")
            import_scores(db, sheet, "final", "expert", "bench")
            import_votes(db, votes, "final", "online", "bench")
            lock(db, "final", None, "bench")
            signoff(db, "final", "总裁判长", "bench")
        finally:
            db.close()
        listing.append(f'[[contests]]\nfile = "{name}"\n')
    campaign = folder / "campaign.toml"
    campaign.write_text('[campaign]\nname = "性能测试年度活动"\nyear = 2025\n\n' + "\n".join(listing)
                        + '\n[points]\n"一等奖" = 10\n"二等奖" = 6\n"三等奖" = 3\n', encoding="utf-8")
    return campaign


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contests", type=int, default=10)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each side (median reported)")
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    from judge_app.services.year import campaign
    from judge_app.services.results.standings import round_report
    from judge_app.store.read_only import open_read_only

    with tempfile.TemporaryDirectory(prefix="bench-campaign-") as tmp:
        start = time.perf_counter()
        path = build(Path(tmp), args.contests, args.entries)
        built = time.perf_counter() - start
        files = sorted(Path(tmp).glob("contest*.sqlite"))

        def ours():
            loaded = campaign.load(path)
            assert len(loaded.contests) == args.contests
            campaign.as_json(loaded.summary)

        def open_alone():
            for f in files:
                db = open_read_only(f)
                with db.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT count(*) FROM entry").scalar()
                db.close()

        def results_alone():
            for f in files:
                db = open_read_only(f)
                assert len(round_report(db, "final").result.standings) == args.entries
                db.close()

        load_before = os.getloadavg()[0]
        ours(), open_alone(), results_alone()  # warm caches for every side
        ours_ms, ours_best = median_ms(ours, args.runs)
        open_ms, open_best = median_ms(open_alone, args.runs)
        results_ms, results_best = median_ms(results_alone, args.runs)
        load_after = os.getloadavg()[0]
    size = f"{args.contests} contest files × {args.entries} entries"
    load = f"load {load_before:.1f} -> {load_after:.1f}"
    rows = [
        {"name": "campaign", "what": f"campaign summary (JSON), {size}, in-process (median)",
         "ours": round(ours_ms, 1), "baseline": round(open_ms, 1), "unit": "ms", "ratio": round(ours_ms / open_ms, 2),
         "baseline_what": "opening the same files read-only alone (one query each)",
         "note": f"best {ours_best:.0f} vs {open_best:.0f} ms; building the files: {built:.1f} s; {load}"},
        {"name": "campaign", "what": f"campaign summary (JSON), {size}, beside the official results it reads",
         "ours": round(ours_ms, 1), "baseline": round(results_ms, 1), "unit": "ms",
         "ratio": round(ours_ms / results_ms, 2),
         "baseline_what": "round_report of each file alone (opened read-only)",
         "note": f"best {ours_best:.0f} vs {results_best:.0f} ms: the difference is the sign-off check and the aggregation; {load}"},
    ]
    for r in rows:
        print(f"{r['what']}: ours {r['ours']} ms | baseline ({r['baseline_what']}) {r['baseline']} ms | "
              f"ratio {r['ratio']}× | {r['note']}")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
