"""Benchmark: what checking the seal adds to `rank` for a signed-off 2,000-entry round.

Ours: what `judge-app rank` does for a signed-off round — `round_report`, then the seal check
on the result it prints (read every sealed table of the round, hash, compare, verify the
signature). Baseline, in the same run on the same file: `round_report` alone (rank without the
check). Same contest as bench_ranking (2,000 entries × 15 judges × 6 criteria, 30,000 score rows
× 6, a vote tally). The two sides run interleaved; prints wall-clock medians, the ratio and the
CPU-time medians (steadier on a busy machine); `--json` for bench/run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ranking import CRITERIA, ENTRIES, JUDGES, build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="repetitions of each side (median reported)")
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["JUDGE_APP_KEY_DIR"] = str(Path(tmp) / "keys")  # never the user's own key
        from judge_app.services.results.locks import lock, signoff
        from judge_app.services.results.seal import INTACT, check
        from judge_app.services.results.standings import round_report
        from judge_app.store.database import open_database

        location, _ = build(Path(tmp))
        db = open_database(location)
        lock(db, "final", None, "bench")
        signoff(db, "final", "主评委", "bench")

        def baseline():
            report = round_report(db, "final")
            assert len(report.result.standings) == ENTRIES
            return report

        def ours():  # as `judge-app rank` does: the printed result is the one compared with the seal
            report = baseline()
            assert check(db, "final", report.result).status == INTACT

        ours(), baseline()
        wall = {ours: [], baseline: []}
        cpu = {ours: [], baseline: []}
        for _ in range(args.runs):  # interleaved, so a busy machine weighs on both sides alike
            for fn in (ours, baseline):
                start, start_cpu = time.perf_counter(), time.process_time()
                fn()
                wall[fn].append((time.perf_counter() - start) * 1000)
                cpu[fn].append((time.process_time() - start_cpu) * 1000)
        ours_ms, ours_best = statistics.median(wall[ours]), min(wall[ours])
        base_ms, base_best = statistics.median(wall[baseline]), min(wall[baseline])
        ours_cpu, base_cpu = statistics.median(cpu[ours]), statistics.median(cpu[baseline])
        db.close()
    ratio = ours_ms / base_ms
    result = {
        "name": "seal",
        "what": f"rank of a signed-off round with the seal check, {ENTRIES} entries × {JUDGES} judges × {CRITERIA} "
                f"criteria (median)",
        "ours": round(ours_ms, 1), "baseline": round(base_ms, 1), "unit": "ms", "ratio": round(ratio, 3),
        "baseline_what": "rank without the seal check (round_report alone)",
        "note": f"the check alone ≈ {ours_ms - base_ms:.0f} ms; CPU time {ours_cpu:.0f} vs {base_cpu:.0f} ms "
                f"({ours_cpu / base_cpu:.2f}×)",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"seal check on rank: ours {ours_ms:.1f} ms (best {ours_best:.1f}) | without it {base_ms:.1f} ms "
              f"(best {base_best:.1f}) | ratio {ratio:.2f}× | CPU time {ours_cpu:.0f} vs {base_cpu:.0f} ms "
              f"({ours_cpu / base_cpu:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
