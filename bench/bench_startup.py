"""Start-up time: process start → the main window shown, and the command line's start-up.

    python bench/bench_startup.py [--runs 5] [--json]

Each start is a fresh process (QT_QPA_PLATFORM=offscreen, an empty settings folder), timed from
just before it is spawned to the moment it reports the window's first paint (the
`JUDGE_APP_STARTUP_PROBE` hook in `judge_app.gui.startup_probe`; the window shows the contest's
first screen, read on the light path, and opens its database right after that paint: the probe
reports that moment too, the note gives its median, and then quits). Measured in
the same run, alternating so that machine noise hits both sides alike; medians of `--runs`
after one unmeasured warm-up of each (files in the page cache: a warm start, not a cold boot;
the package byte-compiled first, as an installed copy is):

- ours: `judge-app --db demo.sqlite gui` on the demo contest; baseline: a bare Python process
  that imports PySide6, shows an empty QMainWindow and reports its first paint the same way;
- ours: `judge-app --version`; baseline: `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARK = "startup-shown"  # judge_app.gui.startup_probe.MARK
READY_MARK = "startup-ready"  # judge_app.gui.startup_probe.READY_MARK: the deferred database open done
BARE_WINDOW = f"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print("{MARK}", f"{{time.time():.6f}}", flush=True)
        QApplication.quit()

app = QApplication([])
window = QMainWindow()
window.resize(1366, 768)
probe = FirstPaint(window)
window.installEventFilter(probe)
window.show()
app.exec()
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="measured starts of each kind (median reported)")
    p.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    return p


def judge_app_command() -> list[str]:
    script = Path(sys.executable).parent / "judge-app"
    return [str(script)] if script.exists() else [sys.executable, "-m", "judge_app"]


READY: list[float] = []  # seconds to the ready report of each `judge-app gui` start that made one


def time_to_window(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `cmd` to its first-paint report (and, kept in READY, to its report
    that the database opened after the first paint is open too)."""
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"no window within 120 s: {' '.join(cmd)}") from None
    shown = [line.split()[1] for line in out.splitlines() if line.startswith(MARK)]
    if proc.returncode != 0 or not shown:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} without showing a window:\n{err[-2000:]}")
    ready = [line.split()[1] for line in out.splitlines() if line.startswith(READY_MARK)]
    if ready:
        READY.append(float(ready[0]) - start)
    return float(shown[0]) - start


def time_to_exit(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=120)
    return time.perf_counter() - start


def interleaved(fns, runs: int) -> list[list[float]]:
    """Each measurement `runs` times, taking turns (the order rotating) so noise hits all alike."""
    for fn in fns:
        fn()  # warm-up, not measured
    times: list[list[float]] = [[] for _ in fns]
    for i in range(runs):
        for k in range(len(fns)):
            j = (i + k) % len(fns)
            times[j].append(fns[j]())
    return times


def byte_compile() -> None:
    """The package's bytecode written once, as installing it writes it (pip for a wheel, the frozen
    build): an editable checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every
    module from source at every start, which no installed copy does (the bare baseline's PySide6
    is byte-compiled too)."""
    import compileall

    compileall.compile_dir(str(ROOT / "judge_app"), quiet=1)


def main() -> int:
    args = parser().parse_args()
    from judge_app.services.contest.demo import load_demo

    byte_compile()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        demo = str(Path(tmp) / "demo.sqlite")
        load_demo(demo, "bench")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JUDGE_APP_STARTUP_PROBE": "1",
               "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        env.pop("JUDGE_APP_DB", None)
        app = judge_app_command()
        load_before = os.getloadavg()[0]
        READY.clear()
        gui, bare, imports = interleaved([
            lambda: time_to_window([*app, "--db", demo, "gui"], env),
            lambda: time_to_window([sys.executable, "-c", BARE_WINDOW], env),
            lambda: time_to_exit([sys.executable, "-c", "import judge_app.gui.app"], env)], args.runs)
        cli, py = interleaved([lambda: time_to_exit([*app, "--version"], env),
                               lambda: time_to_exit([sys.executable, "-c", "pass"], env)], args.runs)
        load_after = os.getloadavg()[0]

    def ms(xs: list[float]) -> float:
        return statistics.median(xs) * 1000

    rows = [
        {"name": "startup", "what": "process start → main window shown (judge-app gui, demo contest, offscreen)",
         "ours": round(ms(gui)), "baseline": round(ms(bare)), "unit": "ms", "ratio": round(ms(gui) / ms(bare), 2),
         "baseline_what": "bare PySide6 process showing an empty QMainWindow",
         "note": f"median of {args.runs} warm starts each; best {min(gui) * 1000:.0f} vs {min(bare) * 1000:.0f} ms; "
                 f"of it, a process that only imports judge_app.gui.app: {ms(imports):.0f} ms"
                 + (f"; the contest database itself open (after the first paint) at {ms(READY[1:]):.0f} ms"
                    if len(READY) > 1 else "")},
        {"name": "startup", "what": "command line start-up (judge-app --version)",
         "ours": round(ms(cli)), "baseline": round(ms(py)), "unit": "ms", "ratio": round(ms(cli) / ms(py), 2),
         "baseline_what": "python -c pass",
         "note": f"median of {args.runs}; best {min(cli) * 1000:.0f} vs {min(py) * 1000:.0f} ms; "
                 "--version and --help answer before the store and services are imported"},
    ]
    print(f"load average (1 min) {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores")
    for r in rows:
        print(f"{r['what']}: ours {r['ours']} ms | baseline ({r['baseline_what']}) {r['baseline']} ms | "
              f"ratio {r['ratio']}× | {r['note']}")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
