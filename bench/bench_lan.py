"""Benchmark: 60 judges' phones on loopback each scoring 30 entries at once, with random retries.

Ours: the real LAN service (`judge-app serve`: uvicorn + Starlette, in its own process) on 127.0.0.1;
60 client threads, one per judge,
each submitting its 30 entries in random order over HTTP. Random retries as a phone on bad Wi-Fi
makes them: 20 % of submissions are sent again after the answer (the answer was "lost"), 5 % are
sent twice at the same moment, and a 429/5xx/network error is retried with the same key.
Baseline, in the same run on the same kind of database: the same 1,800 submissions through
`submit_scores` in-process, one after another (no HTTP, no concurrency).
The run asserts that nothing was lost or duplicated: exactly 1,800 score sets with the values sent,
1,800 audited score events and 1,800 stored submission keys.
Prints throughput and p50/p95/p99 latency; `--json` for bench/run; `--pg URL` also runs on PostgreSQL.
Sizes: `--judges 60 --entries 30` by default (the figures above); `bench/run` passes `--entries 10`
(60 phones still, 600 submissions) to keep the whole suite's run short, `bench/run --full` does not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

JUDGES, ENTRIES = int(os.environ.get("BENCH_LAN_JUDGES", 60)), int(os.environ.get("BENCH_LAN_ENTRIES", 30))
CRITERIA = (("innovation", "创新性", 40), ("impact", "实效性", 40), ("presentation", "展示效果", 20))
LATE_RETRY, DOUBLE_SEND = 0.20, 0.05


def contest():
    from judge_app.domain.contest import Component, Contest, Criterion, Entry, Judge, Round

    panel = Component("expert", "专家评分", "panel", Decimal(1), 1, 1,
                      tuple(Criterion(k, n, Decimal(m)) for k, n, m in CRITERIA))
    return Contest(
        name="局域网评分压力测试", rounds=(Round("final", "决赛", (panel,)),),
        entries=tuple(Entry(f"X{i:02d}", f"作品{i}", f"单位{i}") for i in range(ENTRIES)),
        judges=tuple(Judge(f"J{j:02d}", f"评委{j}", f"评审单位{j}", ("final.expert",)) for j in range(JUDGES)),
    )


def plan(seed: int) -> dict[str, list[dict]]:
    """Every judge's 30 submissions with values chosen up front, so the database can be checked against them."""
    rnd = random.Random(seed)
    out = {}
    for j in range(JUDGES):
        subs = []
        for i in range(ENTRIES):
            values = {k: str(Decimal(rnd.randint(0, m * 4)) / 4) for k, _, m in CRITERIA}
            subs.append({"key": f"{seed}-{j}-{i}-{rnd.getrandbits(64):x}", "component": "expert",
                         "entry": f"X{i:02d}", "values": values, "comment": ""})
        rnd.shuffle(subs)
        out[f"J{j:02d}"] = subs
    return out


def fresh_db(location: str):
    from judge_app.services.contest.contest_setup import create_contest
    from judge_app.store.database import open_database

    db = open_database(location)
    create_contest(db, contest(), "bench")
    return db


def verify(db, work: dict[str, list[dict]]) -> None:
    """Nothing lost, nothing duplicated: the database holds exactly what was sent, once."""
    from sqlalchemy import text

    from judge_app.services.scores.score_entry import judge_sheet

    for judge, subs in work.items():
        sheet = {r.entry: r.values for r in judge_sheet(db, "final", "expert", judge).rows}
        for sub in subs:
            assert sheet[sub["entry"]] == {k: Decimal(v) for k, v in sub["values"].items()}, (judge, sub["entry"])
    with db.engine.connect() as conn:
        scores = conn.execute(text("SELECT COUNT(*) FROM score")).scalar()
        events = conn.execute(text("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'score.%'")).scalar()
        keys = conn.execute(text("SELECT COUNT(DISTINCT key) FROM score_submission")).scalar()
        rows = conn.execute(text("SELECT COUNT(*) FROM score_submission")).scalar()
    total = JUDGES * ENTRIES
    assert scores == total * len(CRITERIA), scores
    assert events == total, f"{events} score events for {total} submissions (duplicated or lost)"
    assert keys == rows == total, (keys, rows)


def baseline(location: str, work) -> float:
    """In-process, sequential: the same submissions through `submit_scores` without HTTP. Returns seconds."""
    from judge_app.services.contest_day.lan_access import authenticate, issue_tokens
    from judge_app.services.contest_day.lan_scoring import Submission, submit_scores

    db = fresh_db(location)
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "bench")}
    access = {j: authenticate(db, t) for j, t in tokens.items()}
    start = time.perf_counter()
    for judge, subs in work.items():
        for s in subs:
            submit_scores(db, access[judge], Submission(s["key"], s["component"], s["entry"], s["values"]), "127.0.0.1")
    elapsed = time.perf_counter() - start
    verify(db, work)
    db.close()
    return elapsed


def _default_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


class ServeProcess:
    """`judge-app serve` in its own process (its own interpreter and GIL), as at a venue."""

    def __init__(self, location: str):
        import re
        import subprocess

        # A real phone never sends 30 scores a second; the per-token limit is lifted so the bench measures the service.
        # SIGINT (Ctrl+C) stops it; a process started in the background by a shell inherits SIGINT
        # ignored, and Python then never raises KeyboardInterrupt, so give it the default back.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "judge_app", "--db", location, "serve", "--host", "127.0.0.1", "--port", "0",
             "--rate", "100000"], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_default_sigint if os.name == "posix" else None)
        line = self.proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"serve did not start: {line}")
        self.base_url = match.group(1)

    def stop(self) -> None:
        import signal
        import subprocess

        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # leave nothing running, then report it
            raise


def over_lan(location: str, work, seed: int) -> dict:
    import httpx

    from judge_app.services.contest_day.lan_access import issue_tokens

    db = fresh_db(location)
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "bench")}
    server = ServeProcess(location)
    latencies: list[float] = []
    counts = {"requests": 0, "late_retries": 0, "double_sends": 0, "error_retries": 0, "replayed": 0}
    lock = threading.Lock()
    failures: list[str] = []
    barrier = threading.Barrier(JUDGES)

    def send(client, headers, sub) -> None:
        for attempt in range(20):
            t0 = time.perf_counter()
            try:
                r = client.post("/api/judge/scores", json=sub, headers=headers)
            except httpx.TransportError:
                r = None
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                counts["requests"] += 1
            if r is not None and r.status_code == 200:
                if r.json()["replayed"]:
                    with lock:
                        counts["replayed"] += 1
                return
            if r is not None and r.status_code < 500 and r.status_code != 429:
                failures.append(f"{sub['entry']}: {r.status_code} {r.text}")
                return
            with lock:
                counts["error_retries"] += 1
            time.sleep(0.05 * (attempt + 1))
        failures.append(f"{sub['entry']}: gave up")

    # Each phone from its own address, as on the venue's Wi-Fi (127.0.0.0/8 is all loopback on
    # Linux): the service limits guessing per address, and 60 first requests from one address
    # would look like a guesser.
    address = {judge: f"127.0.0.{2 + i}" for i, judge in enumerate(sorted(work))}

    def client_for(judge: str):
        return httpx.Client(base_url=server.base_url, timeout=30,
                            transport=httpx.HTTPTransport(local_address=address[judge]))

    def phone(judge: str) -> None:
        rnd = random.Random(f"{seed}-{judge}")
        headers = {"Authorization": f"Bearer {tokens[judge]}", "User-Agent": f"bench-phone-{judge}"}
        with client_for(judge) as client:
            barrier.wait()
            for sub in work[judge]:
                roll = rnd.random()
                if roll < DOUBLE_SEND:
                    with lock:
                        counts["double_sends"] += 1
                    def second_copy():
                        with client_for(judge) as other:
                            send(other, headers, sub)

                    twin = threading.Thread(target=second_copy)
                    twin.start()
                    send(client, headers, sub)
                    twin.join()
                else:
                    send(client, headers, sub)
                    if roll < DOUBLE_SEND + LATE_RETRY:
                        with lock:
                            counts["late_retries"] += 1
                        send(client, headers, sub)

    threads = [threading.Thread(target=phone, args=(j,)) for j in work]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    server.stop()
    assert not failures, failures[:5]
    verify(db, work)
    db.close()
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100)
    return {"seconds": elapsed, "submissions_per_s": JUDGES * ENTRIES / elapsed, "requests_per_s": counts["requests"] / elapsed,
            "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000, **counts}


def pg_location(base: str):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pg_scratch import scratch_database

    return scratch_database(base, "judge_bench")


def run(label: str, make_location, seed: int) -> dict:
    work = plan(seed)
    loc, cleanup = make_location()
    try:
        base_s = baseline(loc, work)
    finally:
        cleanup()
    work = plan(seed + 1)
    loc, cleanup = make_location()
    try:
        lan = over_lan(loc, work, seed)
    finally:
        cleanup()
    base_rate = JUDGES * ENTRIES / base_s
    return {"name": f"lan-{label}", "database": label, "baseline_submissions_per_s": round(base_rate, 1),
            "ratio": round(lan["submissions_per_s"] / base_rate, 3),
            **{k: (round(v, 1) if isinstance(v, float) else v) for k, v in lan.items()},
            # the common record of bench/run.py
            "what": f"{JUDGES} phones × {ENTRIES} scores over HTTP with random retries ({lan['requests']} requests), {label}",
            "ours": round(lan["submissions_per_s"], 1), "baseline": round(base_rate, 1), "unit": "submissions/s",
            "better": "higher", "baseline_what": "the same submissions in-process, one after another (no HTTP)",
            "note": f"latency p50 {lan['p50_ms'] / 1000:.2f} s, p95 {lan['p95_ms'] / 1000:.2f} s, "
                    f"p99 {lan['p99_ms'] / 1000:.2f} s; nothing lost or duplicated"}


def set_size(judges: int, entries: int) -> None:
    global JUDGES, ENTRIES
    JUDGES, ENTRIES = judges, entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    parser.add_argument("--judges", type=int, default=JUDGES, help=f"phones, one per judge (default {JUDGES})")
    parser.add_argument("--entries", type=int, default=ENTRIES, help=f"entries each judge scores (default {ENTRIES})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg", default=os.environ.get("JUDGE_APP_TEST_PG"),
                        help="PostgreSQL server URL (a role that may CREATE DATABASE); default $JUDGE_APP_TEST_PG")
    args = parser.parse_args()
    set_size(args.judges, args.entries)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        n = iter(range(100))
        results.append(run("sqlite", lambda: (str(Path(tmp) / f"b{next(n)}.sqlite"), lambda: None), args.seed))
    if args.pg:
        results.append(run("postgresql", lambda: pg_location(args.pg), args.seed))
    for r in results:
        print(f"LAN {JUDGES} judges × {ENTRIES} entries on {r['database']}: {r['submissions_per_s']} submissions/s "
              f"({r['requests_per_s']} requests/s, {r['requests']} requests incl. {r['late_retries']} late retries, "
              f"{r['double_sends']} double sends, {r['error_retries']} error retries; {r['replayed']} answered as replays) | "
              f"latency p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms | "
              f"baseline in-process sequential {r['baseline_submissions_per_s']} submissions/s | ratio {r['ratio']}× | "
              f"nothing lost or duplicated")
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
