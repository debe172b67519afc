"""The host console attaches to a `judge-app serve` already running on the same contest file.

A real `judge-app serve` subprocess serves the phones; the offscreen console finds it through its
heartbeat in the database, shows its address instead of starting a second service, follows the
phones' states (已连接 from the heartbeat's copy of who was heard from, 已提交 from the audit
trail), and moves the phones by moving the stage. When serve stops (cleanly or killed) the
console says 已断开 and its 扫码评分 switch starts a service of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from judge_app.services.contest_day import lan_service
from judge_app.services.contest_day.lan_access import get_current_entry, issue_tokens
from judge_app.services.contest_day.lan_scoring import Presence
from judge_app.stage import scoring as sc
from judge_app.stage import show as sh
from judge_app.stage.console import open_host_console
from tools.stage_screenshots import FixedClock, build_demo_db
from judge_app.store.database import open_database

from tests.stage.test_stage_rehearsal import ENTRY, Phone

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")


def start_serve(db_path: Path) -> tuple[subprocess.Popen, str]:
    """`judge-app serve` on a free port; returns the process and the address it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "judge_app", "--db", str(db_path), "serve", "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", env=env, cwd=db_path.parent)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "scoring service running" in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
            proc.early_output = "".join(lines)
            return proc, line.rsplit(" ", 1)[-1].strip()
    proc.kill()
    raise AssertionError("serve did not start:\n" + "".join(lines))


def stop(proc: subprocess.Popen, sig=signal.SIGINT) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        proc.wait(timeout=30)


@pytest.fixture
def contest(tmp_path):
    db = build_demo_db(tmp_path / "contest.sqlite", hold_back=ENTRY)
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "主持人") if t.judge.startswith("E")}
    procs: list[subprocess.Popen] = []
    yield db, tokens, procs
    for p in procs:
        stop(p, signal.SIGKILL)
    db.close()


def test_console_attaches_to_a_running_serve_and_the_phones_follow_it(qtbot, contest):
    db, tokens, procs = contest
    proc, url = start_serve(db.path)
    procs.append(proc)
    console = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2, serve=("127.0.0.1", 0))
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    console.confirm = lambda title, text: True
    c = console.controller
    link = c.scoring
    try:
        # Found through the heartbeat: its address, no second service even though --serve was asked.
        assert link.connection() == sc.ATTACHED and link.server is None and link.address() == url
        assert url in console.address_label.text() and "已连接到正在运行的评分服务" in console.address_label.text()
        assert console.serve_switch.isChecked() and not console.serve_switch.isEnabled()

        phones = [Phone(url, j, t) for j, t in sorted(tokens.items())]
        # Moving the stage moves the separate serve's phones, through the database.
        c.go(c.show.first(sh.ENTRY, ENTRY))
        assert get_current_entry(db, "final") == ENTRY
        assert all(p.sheet()["current"] == ENTRY for p in phones)
        # 已连接 comes from serve's heartbeat copy of who was heard from.
        qtbot.waitUntil(lambda: c.panel.entry == ENTRY and all(
            r.state == sc.CONNECTED and r.last_seen for r in c.panel.rows if r.code.startswith("E")), timeout=8000)
        for p in phones[:6]:
            assert p.submit(ENTRY).status_code == 200
        qtbot.waitUntil(lambda: c.panel.submitted == len(c.panel.seated) - 1, timeout=5000)
        assert [r.code for r in c.panel.pending] == ["E07"]
        with qtbot.waitSignal(c.all_in, timeout=5000):
            assert phones[6].submit(ENTRY).status_code == 200
        n = len(c.panel.seated)
        assert console.panel_count.text() == f"已提交 {n} / {n}"

        # A phone waiting on the long poll learns of the next entry within a second of the host's move.
        version = phones[0].http.get("/api/judge/wait", params={"since": ""}).json()["version"]
        answered: list[float] = []

        def hold():
            assert phones[0].http.get("/api/judge/wait", params={"since": version}, timeout=30).status_code == 200
            answered.append(time.monotonic())

        waiter = threading.Thread(target=hold)
        waiter.start()
        time.sleep(0.3)
        moved = time.monotonic()
        c.go(c.show.first(sh.ENTRY, "Z06"))
        waiter.join(timeout=10)
        assert answered and answered[0] - moved < 1.0
        assert phones[0].sheet()["current"] == "Z06"
        for p in phones:
            p.http.close()

        # serve stops: the console says 已断开 and offers to start its own.
        stop(proc)
        qtbot.waitUntil(lambda: link.connection() == sc.DISCONNECTED, timeout=8000)
        assert "已断开" in console.address_label.text() and url in console.address_label.text()
        assert console.status_label.text() == "评分服务已断开; 可勾选 扫码评分 在本机开启"
        assert console.serve_switch.isEnabled() and not console.serve_switch.isChecked()
        console.serve_port.setValue(0)
        console.serve_switch.setChecked(True)
        assert link.connection() == sc.OWN and link.server.running
        assert httpx.get(link.address() + "/").status_code == 200
    finally:
        console.close()


def test_a_killed_serve_goes_stale_and_a_new_one_is_attached_again(qtbot, contest, cli):
    db, _tokens, procs = contest
    proc, url = start_serve(db.path)
    procs.append(proc)
    status = cli("--db", db.path, "lan", "status", "--round", "final")
    assert f"评分服务 (scoring service): {url} 运行中" in status.out
    console = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2)
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    link = console.controller.scoring
    try:
        assert link.connection() == sc.ATTACHED
        stop(proc, signal.SIGKILL)  # no clean withdraw: the row stays, its heartbeat stops
        assert lan_service.announced(db)
        qtbot.waitUntil(lambda: link.connection() == sc.DISCONNECTED, timeout=(lan_service.STALE_S + 4) * 1000)
        assert "已断开" in console.address_label.text()
        assert "未运行" in cli("--db", db.path, "lan", "status", "--round", "final").out
        again, url2 = start_serve(db.path)
        procs.append(again)
        qtbot.waitUntil(lambda: link.connection() == sc.ATTACHED and link.address() == url2, timeout=8000)
        # A second serve on the same contest is told about the first; the console stays with the first.
        third, _url3 = start_serve(db.path)
        procs.append(third)
        assert f"本比赛已有评分服务在运行: {url2}" in third.early_output
        qtbot.wait(2500)  # both beat: the newest heartbeat alternates between them
        assert link.address() == url2
        stop(third)
        stop(again)
    finally:
        console.close()


def beacon(instance: str, beat_ms: int, machine: str = "elsewhere", pid: int = 1) -> lan_service.ServiceBeacon:
    return lan_service.ServiceBeacon(instance, "http://10.0.0.5:8000", machine, pid, "主持人", "", beat_ms, Presence())


def test_the_watch_trusts_a_changing_heartbeat_not_another_machines_clock():
    clock = {"mono": 100.0, "wall": 1_000_000}
    watch = lan_service.ServiceWatch(monotonic=lambda: clock["mono"], wall_ms=lambda: clock["wall"])
    # Another laptop whose clock is an hour behind: not believed at first sight …
    skewed = 1_000_000 - 3_600_000
    assert watch.alive([beacon("a", skewed)]) == []
    # … but alive once its heartbeat is seen to move, and stale when it stops moving.
    clock["mono"] += 1
    assert [b.instance for b in watch.alive([beacon("a", skewed + 1000)])] == ["a"]
    clock["mono"] += lan_service.STALE_S - 0.5
    assert watch.alive([beacon("a", skewed + 1000)])
    clock["mono"] += 1
    assert watch.alive([beacon("a", skewed + 1000)]) == []
    # Its phones' "last seen" times are read on this machine's clock: seen 10 s before its beat = 10 s ago here.
    seen_at = datetime.fromtimestamp((skewed + 2000 - 10_000) / 1000, timezone.utc)
    lagging = beacon("a", skewed + 2000)
    lagging.presence.touch("final", "E01", "192.168.1.20", seen_at)
    (moved,) = watch.alive([lagging])
    here = datetime.fromtimestamp(clock["wall"] / 1000, timezone.utc)
    assert moved.presence.get("final", "E01")[0] == here - timedelta(seconds=10)
    # A fresh heartbeat is alive at first sight; our own service is never "another one".
    assert [b.instance for b in watch.alive([beacon("b", clock["wall"] - 500)])] == ["b"]
    watch.own_instance = "c"
    assert watch.alive([beacon("c", clock["wall"])]) == []


def test_a_row_left_by_a_dead_process_on_this_machine_is_not_alive():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    watch = lan_service.ServiceWatch()
    now = int(time.time() * 1000)
    assert watch.alive([beacon("d", now, lan_service.this_machine(), pid)]) == []
    assert watch.alive([beacon("e", now, lan_service.this_machine(), os.getpid())])


def test_a_hostile_presence_copy_is_skipped_not_trusted(db_location):
    db = open_database(db_location)
    instance = lan_service.announce(db, "http://127.0.0.1:1", "主持人")
    from judge_app.store.models import LanServiceRow
    from sqlmodel import select

    for text in ("[]", "{", '{"final": []}', '{"final": {"E01": ["yesterday", "x"], "E02": [1, 2]}}',
                 '{"final": {"E03": ["2026-12-07T10:00:00", "naive time"]}}', "x" * (lan_service.MAX_PRESENCE + 1),
                 '{"final": {"E04": ["2026-12-07T10:00:00+08:00", "192.168.1.9"]}}'):
        with db.session() as s:
            row = s.exec(select(LanServiceRow).where(LanServiceRow.instance == instance)).one()
            row.presence = text
            s.add(row)
        (found,) = lan_service.announced(db)
        snapshot = found.presence.snapshot()
        assert snapshot in ({}, {"final": {"E04": ["2026-12-07T10:00:00+08:00", "192.168.1.9"]}})
    assert snapshot == {"final": {"E04": ["2026-12-07T10:00:00+08:00", "192.168.1.9"]}}
    assert lan_service.beat(db, instance, Presence())
    lan_service.withdraw(db, instance)
    assert lan_service.announced(db) == [] and not lan_service.beat(db, instance)
    db.close()


def test_a_console_stays_with_the_service_it_attached_to(db_location):
    db = open_database(db_location)
    first = lan_service.announce(db, "http://127.0.0.1:1", "主持人")
    second = lan_service.announce(db, "http://127.0.0.1:2", "主持人")
    time.sleep(0.01)
    assert lan_service.beat(db, second)  # the newest heartbeat
    watch = lan_service.ServiceWatch()
    assert watch.running(db).instance == second
    assert watch.running(db, prefer=first).instance == first
    lan_service.withdraw(db, first)
    assert watch.running(db, prefer=first).instance == second
    db.close()
