"""Benchmark: the host console attached to a separate `judge-app serve`, beside the console that runs
the service itself (same run, same machine, same contest shape).

Two latencies, each over `--events` (100) events, p50/p99:
  attach-panel:  a phone submits a score (HTTP POST) → the console's judge panel (the real
                 StageController, its Qt timers running) shows that judge as 已提交.
                 Ours: the phone talks to a `judge-app serve` subprocess; the console follows the
                 database (change probe + audit topics). Baseline: the console's own in-process
                 service (扫码评分). Target: p99 < 300 ms.
  attach-follow: the host puts the next entry on air (controller.go) → a phone holding a long poll
                 on /api/judge/wait is answered and its reloaded sheet names the new entry.
                 Ours: the phone on the serve subprocess. Baseline: on the console's own service.
                 Target: < 1 s.
Seven judges score one round (bench_follow's contest); `--json` for bench/run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_follow import JUDGES, VALUES, fresh, quantiles  # noqa: E402


def serve(path: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "judge_app", "--db", str(path), "serve", "--host", "127.0.0.1",
                             "--port", "0", "--rate", "1000"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", env=env)
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("serve did not start")
        if "scoring service running" in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, line.rsplit(" ", 1)[-1].strip()


def wait_until(app, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.001)


def run(tmp: Path, events: int, attached: bool) -> tuple[list[float], list[float]]:
    import httpx

    from judge_app.qt.app import ensure_app
    from judge_app.stage import scoring as sc
    from judge_app.stage import show as sh
    from judge_app.stage.controller import StageController

    app = ensure_app()
    entries = -(-events // JUDGES) + events + 1
    name = "attached" if attached else "own"
    db, tokens = fresh(tmp / f"{name}.sqlite", entries)
    proc = None
    controller = None
    try:
        if attached:
            proc, url = serve(db.path)
        controller = StageController(db, "final", "bench")
        if attached:
            wait_until(app, lambda: controller.scoring.look_for_service() == sc.ATTACHED)
        else:  # what 扫码评分 starts, with serve's --rate 1000 so both sides have the same limits
            from judge_app.lan.server import LanServer

            own = LanServer(db, "127.0.0.1", 0, rate=1000, burst=1000, round_key="final", actor="bench")
            own.start()
            controller.scoring.server = own
            controller.scoring.watch.own_instance = own.instance
            url = own.url
        show = controller.show
        codes = show.running_order()
        panel: list[float] = []
        with httpx.Client(base_url=url, timeout=30) as phone:
            for n in range(events):
                judge, entry = f"J{n % JUDGES}", codes[n // JUDGES]
                if n % JUDGES == 0:
                    controller.go(show.first(sh.ENTRY, entry))
                body = {"key": f"{name}{n}", "component": "expert", "entry": entry, "values": VALUES, "comment": ""}
                t0 = time.perf_counter()
                r = phone.post("/api/judge/scores", json=body, headers={"Authorization": f"Bearer {tokens[judge]}"})
                assert r.status_code == 200, r.text
                wait_until(app, lambda: controller.panel is not None and controller.panel.entry == entry and any(
                    row.code == judge and row.state == sc.SUBMITTED for row in controller.panel.rows))
                panel.append(time.perf_counter() - t0)
        follow: list[float] = []
        auth = {"Authorization": f"Bearer {tokens['J0']}"}
        start = -(-events // JUDGES)
        with httpx.Client(base_url=url, timeout=60) as phone:
            version = phone.get("/api/judge/wait", params={"since": ""}, headers=auth).json()["version"]
            for n in range(events):
                entry = codes[start + n]
                got: dict = {}
                seen = threading.Event()

                def hold(since=version):
                    got["version"] = phone.get("/api/judge/wait", params={"since": since}, headers=auth).json()["version"]
                    got["current"] = phone.get("/api/judge", headers=auth).json()["current"]
                    seen.set()

                t = threading.Thread(target=hold)
                t.start()
                time.sleep(0.05)  # the poll is held before the host moves
                t0 = time.perf_counter()
                controller.go(show.first(sh.ENTRY, entry))
                wait_until(app, seen.is_set)
                follow.append(time.perf_counter() - t0)
                t.join()
                assert got["current"] == entry, got
                version = got["version"]
        return panel, follow
    finally:
        if controller is not None:
            controller.close()
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        db.close()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    parser.add_argument("--events", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base_panel, base_follow = run(Path(tmp), args.events, attached=False)
        panel, follow = run(Path(tmp), args.events, attached=True)
    records = []
    for name, what, ours, base, target in (
        ("attach-panel", f"phone submits to judge-app serve → attached console panel shows 已提交 (p99 of {args.events})",
         panel, base_panel, 300),
        ("attach-follow", f"host puts the next entry on air → phone on serve's long poll shows it (p99 of {args.events})",
         follow, base_follow, 1000),
    ):
        p50, p99 = quantiles(ours)
        b50, b99 = quantiles(base)
        records.append({"name": name, "what": what, "ours": round(p99, 1), "baseline": round(b99, 1), "unit": "ms",
                        "ratio": round(p99 / b99, 2), "baseline_what": "the console's own in-process service",
                        "note": f"p50 {p50:.1f} ms (baseline {b50:.1f} ms); target p99 < {target} ms: "
                                f"{'met' if p99 < target else 'NOT met'}"})
        print(f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms | own service p50 {b50:.1f} ms, p99 {b99:.1f} ms | "
              f"target p99 < {target} ms: {'met' if p99 < target else 'NOT met'}")
    if args.json:
        print(json.dumps(records, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
