"""`judge-app tokens|lan|serve`: links and QR cards, the entry on stage, the service in its own process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx

from conftest import DATA
from judge_app.services.contest_day.lan_address import lan_address


def test_tokens_issue_list_revoke(cli, db_path, tmp_path):
    assert cli("--db", db_path, "init", DATA / "contest.toml").status == 0
    r = cli("--db", db_path, "tokens", "issue", "--round", "final", "--url", "http://192.168.1.10:8000",
            "--qr", tmp_path / "cards")
    assert r.status == 0, r.err
    lines = r.out.strip().splitlines()
    assert len(lines) == 8
    judge, name, link = lines[3].split("\t")
    assert (judge, name) == ("E01", "孙教授")
    assert re.fullmatch(r"http://192\.168\.1\.10:8000/j/[A-Za-z0-9_-]{43}", link)
    png = (tmp_path / "cards" / "final-E01.png").read_bytes()
    svg = (tmp_path / "cards" / "final-E01.svg").read_text()
    assert png.startswith(b"\x89PNG") and "<svg" in svg and "<path" in svg
    one = cli("--db", db_path, "tokens", "issue", "--round", "final", "--judge", "E02", "--url", "http://h:1")
    assert one.status == 0 and one.out.count("\n") == 1
    listed = cli("--db", db_path, "tokens", "list", "--round", "final", "--judge", "E02").out.splitlines()
    assert len(listed) == 2 and "已停用" in listed[0] and listed[1].endswith("有效")
    r = cli("--db", db_path, "tokens", "revoke", "--round", "final")
    assert r.status == 0 and "已停用 8 个" in r.out
    assert cli("--db", db_path, "tokens", "issue", "--round", "final", "--judge", "X99", "--url", "http://h:1").status == 2


def test_current_entry_close_and_status(cli, example_db):
    assert cli("--db", example_db, "lan", "current", "--round", "final", "--entry", "X02").out.strip().endswith("X02")
    status = cli("--db", example_db, "lan", "status", "--round", "final")
    assert "E03\t李主任\t回避" in status.out
    assert cli("--db", example_db, "lan", "current", "--round", "final", "--entry", "ZZZ").status == 2
    assert cli("--db", example_db, "lan", "close", "--round", "final", "--entry", "X02").status == 0
    assert "已结束评分" in cli("--db", example_db, "lan", "status", "--round", "final").out
    assert "无" in cli("--db", example_db, "lan", "current", "--round", "final", "--none").out


def test_lan_address_is_never_every_interface():
    address = lan_address()
    assert address not in ("0.0.0.0", "::", "")


def test_serve_runs_until_interrupted(cli, db_path):
    assert cli("--db", db_path, "init", DATA / "contest.toml").status == 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "judge_app", "--db", str(db_path), "serve", "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", first)
        assert match, first + proc.stderr.read()
        assert "扫描" in httpx.get(match.group(1) + "/", timeout=10).text
        assert httpx.get(match.group(1) + "/api/judge", timeout=10).status_code == 401
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert proc.returncode == 0
