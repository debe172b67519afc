"""Benchmark: the contest-day loop between the console and the phones, event by event.

Two latencies, each over `--events` (100) events, p50/p99, beside a same-run in-process baseline:
  panel:  a phone submits a score (HTTP POST to the real LAN service, uvicorn on loopback, started
          in-process as the console does) → the console's judge panel (`LanServer.host_view`, read
          right after) shows that judge as 已提交. Baseline: `submit_scores` + `host_view` called
          in-process, no HTTP. Target: p99 < 300 ms.
  follow: the host moves the stage (`set_current_entry`, what the console calls) → a phone that
          holds a long poll on /api/judge/wait is answered and its reloaded sheet (/api/judge)
          names the new entry. Baseline: `set_current_entry` + `judge_view` in-process (the same
          reads and writes without waiting or HTTP). Target: < 1 s.
Seven judges (the issue's panel) score entries of one round; `--json` for bench/run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

JUDGES = 7
CRITERIA = (("innovation", "创新性", 40), ("impact", "实效性", 40), ("presentation", "展示效果", 20))


def contest(entries: int):
    from judge_app.domain.contest import Component, Contest, Criterion, Entry, Judge, Round

    panel = Component("expert", "专家评分", "panel", Decimal(1), 1, 1,
                      tuple(Criterion(k, n, Decimal(m)) for k, n, m in CRITERIA))
    return Contest(
        name="比赛日回路测试", rounds=(Round("final", "决赛", (panel,)),),
        entries=tuple(Entry(f"X{i:03d}", f"作品{i}", f"单位{i}") for i in range(entries)),
        judges=tuple(Judge(f"J{j}", f"评委{j}", f"评审单位{j}", ("final.expert",)) for j in range(JUDGES)),
    )


def fresh(path: Path, entries: int):
    from judge_app.services.contest.contest_setup import create_contest
    from judge_app.services.contest_day.lan_access import issue_tokens
    from judge_app.store.database import open_database

    db = open_database(str(path))
    create_contest(db, contest(entries), "bench")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "bench")}
    return db, tokens


VALUES = {"innovation": "31.5", "impact": "30", "presentation": "17.25"}


def quantiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[98] * 1000


def panel_events(events: int, tmp: Path) -> tuple[list[float], list[float]]:
    import httpx

    from judge_app.lan.server import LanServer
    from judge_app.services.contest_day.lan_access import authenticate, set_current_entry
    from judge_app.services.contest_day.lan_scoring import Submission, host_view, submit_scores

    entries = -(-events // JUDGES)
    # baseline: in-process
    db, tokens = fresh(tmp / "panel-base.sqlite", entries)
    access = {j: authenticate(db, t) for j, t in tokens.items()}
    base = []
    for n in range(events):
        judge, entry = f"J{n % JUDGES}", f"X{n // JUDGES:03d}"
        if n % JUDGES == 0:
            set_current_entry(db, "final", entry, "bench")
        t0 = time.perf_counter()
        submit_scores(db, access[judge], Submission(f"b{n}", "expert", entry, VALUES))
        view = host_view(db, "final")
        base.append(time.perf_counter() - t0)
        assert next(j for j in view.judges if j.judge == judge).state == "submitted"
    db.close()
    # ours: phone over HTTP, console reads its panel from the in-process service
    db, tokens = fresh(tmp / "panel.sqlite", entries)
    ours = []
    with LanServer(db, "127.0.0.1", 0, rate=1000, burst=1000, round_key="final") as server, \
            httpx.Client(base_url=server.url, timeout=30) as phone:
        for n in range(events):
            judge, entry = f"J{n % JUDGES}", f"X{n // JUDGES:03d}"
            if n % JUDGES == 0:
                set_current_entry(db, "final", entry, "bench")
            body = {"key": f"o{n}", "component": "expert", "entry": entry, "values": VALUES, "comment": ""}
            t0 = time.perf_counter()
            r = phone.post("/api/judge/scores", json=body, headers={"Authorization": f"Bearer {tokens[judge]}"})
            view = server.host_view()
            ours.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text
            assert next(j for j in view.judges if j.judge == judge).state == "submitted"
    db.close()
    return ours, base


def follow_events(events: int, tmp: Path) -> tuple[list[float], list[float]]:
    import httpx

    from judge_app.lan.server import LanServer
    from judge_app.services.contest_day.lan_access import authenticate, set_current_entry
    from judge_app.services.contest_day.lan_scoring import judge_view

    db, tokens = fresh(tmp / "follow-base.sqlite", events + 1)
    me = authenticate(db, tokens["J0"])
    base = []
    for n in range(events):
        t0 = time.perf_counter()
        set_current_entry(db, "final", f"X{n:03d}", "bench")
        assert judge_view(db, me).current == f"X{n:03d}"
        base.append(time.perf_counter() - t0)
    db.close()

    db, tokens = fresh(tmp / "follow.sqlite", events + 1)
    ours: list[float] = []
    auth = {"Authorization": f"Bearer {tokens['J0']}"}
    with LanServer(db, "127.0.0.1", 0, rate=1000, burst=1000, round_key="final") as server, \
            httpx.Client(base_url=server.url, timeout=60) as phone:
        version = phone.get("/api/judge/wait", params={"since": ""}, headers=auth).json()["version"]
        for n in range(events):
            entry = f"X{n:03d}"
            seen = threading.Event()
            got: dict = {}

            def hold(since=version):
                # the phone's loop: wait for a change, then reload the sheet
                got["version"] = phone.get("/api/judge/wait", params={"since": since}, headers=auth).json()["version"]
                got["current"] = phone.get("/api/judge", headers=auth).json()["current"]
                seen.set()

            t = threading.Thread(target=hold)
            t.start()
            time.sleep(0.05)  # the poll is being held before the host moves
            t0 = time.perf_counter()
            set_current_entry(db, "final", entry, "bench")
            seen.wait(30)
            ours.append(time.perf_counter() - t0)
            t.join()
            assert got["current"] == entry, got
            version = got["version"]
    db.close()
    return ours, base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    parser.add_argument("--events", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        panel, panel_base = panel_events(args.events, Path(tmp))
        follow, follow_base = follow_events(args.events, Path(tmp))
    records = []
    for name, what, ours, base, bwhat, target in (
        ("follow-panel", f"phone submits → console panel shows 已提交 (p99 of {args.events})", panel, panel_base,
         "submit_scores + host_view in-process", 300),
        ("follow-stage", f"host moves the stage → phone on long poll shows the new entry (p99 of {args.events})",
         follow, follow_base, "set_current_entry + judge_view in-process", 1000),
    ):
        p50, p99 = quantiles(ours)
        b50, b99 = quantiles(base)
        records.append({"name": name, "what": what, "ours": round(p99, 1), "baseline": round(b99, 1), "unit": "ms",
                        "ratio": round(p99 / b99, 2), "baseline_what": bwhat,
                        "note": f"p50 {p50:.1f} ms (baseline {b50:.1f} ms); target p99 < {target} ms: "
                                f"{'met' if p99 < target else 'NOT met'}"})
        print(f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms | baseline p50 {b50:.1f} ms, p99 {b99:.1f} ms | "
              f"target p99 < {target} ms: {'met' if p99 < target else 'NOT met'}")
    if args.json:
        print(json.dumps(records, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
