"""Benchmark: the read-only commands people script, as whole processes, on the demo contest.

    python bench/bench_cli.py [--runs 7] [--json]

Each figure is the median wall time of `--runs` fresh processes (after one unmeasured warm-up
of each, so the files are in the page cache and the bytecode compiled), taking turns so that machine noise hits every
command alike. Baseline, in the same run: `python -c "import sqlite3"` — a process that could
answer from the file with nothing but the standard library. Commands, on a signed-off copy of
the demo contest: `rank --round final`, `lock --list`, `audit verify`. Also reported: a process
that only imports what `rank` imports (the part of its time that is not reading or computing).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RANK_IMPORTS = "import judge_app.cli.results, judge_app.services.results.light_reads, judge_app.services.results.result_formats"


def judge_app_command() -> list[str]:
    script = Path(sys.executable).parent / "judge-app"
    return [str(script)] if script.exists() else [sys.executable, "-m", "judge_app"]


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process."""
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    return took, _children_cpu() - cpu


def interleaved(cmds: list[list[str]], env: dict[str, str], runs: int) -> tuple[list[list[float]], list[list[float]]]:
    """(wall times, CPU times) of each command."""
    for cmd in cmds:
        timed(cmd, env)  # warm-up, not measured
    times: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for i in range(runs):
        for k in range(len(cmds)):
            j = (i + k) % len(cmds)
            took, cpu = timed(cmds[j], env)
            times[j].append(took)
            cpus[j].append(cpu)
    return times, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured processes of each kind (median reported)")
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.results.locks import lock, signoff
    from judge_app.store.database import open_database

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        demo = str(Path(tmp) / "demo.sqlite")
        load_demo(demo, "bench")
        db = open_database(demo)
        lock(db, "final", None, "bench")
        signoff(db, "final", "总裁判长", "bench")
        db.close()
        env = {**os.environ, "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        env.pop("JUDGE_APP_DB", None)
        # Every process, the baseline too, runs from compiled bytecode as an installed app does (pip
        # and the packaged build compile it): a shell that forbids writing it would otherwise have
        # each process compile every module it imports again. The warm-up runs write it, here.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        app = [*judge_app_command(), "--db", demo]
        commands = {
            "rank --round final": [*app, "rank", "--round", "final"],
            "lock --list": [*app, "lock", "--list"],
            "audit verify": [*app, "audit", "verify"],
        }
        load_before = os.getloadavg()[0]
        measured, cpus = interleaved([*commands.values(), [sys.executable, "-c", "import sqlite3"],
                                [sys.executable, "-c", RANK_IMPORTS]], env, args.runs)
        load_after = os.getloadavg()[0]
    *ours, base, imports = measured
    *ours_cpu, base_cpu, _imports_cpu = cpus

    def ms(xs: list[float]) -> float:
        return statistics.median(xs) * 1000

    rows = []
    for (name, _cmd), times, cpu in zip(commands.items(), ours, ours_cpu):
        rows.append({
            "name": "cli", "what": f"judge-app {name} (demo contest, signed off), whole process",
            "ours": round(ms(times)), "baseline": round(ms(base)), "unit": "ms",
            "ratio": round(ms(times) / ms(base), 2), "baseline_what": 'python -c "import sqlite3"',
            "note": f"median of {args.runs}; best {min(times) * 1000:.0f} vs {min(base) * 1000:.0f} ms; "
                    f"CPU {ms(cpu):.0f} vs {ms(base_cpu):.0f} ms ({ms(cpu) / ms(base_cpu):.2f}×); target ≤ 3×; "
                    + (f"importing what rank imports alone: {ms(imports):.0f} ms; " if name.startswith("rank") else "")
                    + f"load {load_before:.1f} -> {load_after:.1f}",
        })
    for r in rows:
        print(f"{r['what']}: ours {r['ours']} ms | baseline ({r['baseline_what']}) {r['baseline']} ms | "
              f"ratio {r['ratio']}× | {r['note']}")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
