"""The host API over real HTTP: only the console's key, only JSON, only this service's own origin and
Host; host actions need the "stage" permission from every path (CLI, services, API)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from conftest import DATA
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import close_entry, get_current_entry, set_current_entry
from judge_app.services.integrity.users import PermissionRefused, add_user
from judge_app.store import audit
from judge_app.store.database import open_database

ADMIN, HOST, JUDGE = "admin", "host1", "judge1"


@pytest.fixture
def contest(tmp_path):
    path = tmp_path / "c.sqlite"
    db = open_database(str(path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    yield db, path
    db.close()


@pytest.fixture
def accounts(contest):
    db, path = contest
    add_user(db, ADMIN, "administrator", "pw-admin-1", "setup")
    add_user(db, HOST, "host", "pw-host-1", ADMIN)
    add_user(db, JUDGE, "judge", "pw-judge-1", ADMIN, judge_code="E01")
    return db, path


def serve(db, actor=ADMIN):
    return LanServer(db, "127.0.0.1", 0, actor=actor)


def post_current(server, entry="X02", **headers):
    base = {"X-Host-Key": server.context.host_key, "Content-Type": "application/json"}
    base.update({k.replace("_", "-"): v for k, v in headers.items()})
    body = f'{{"round": "final", "entry": "{entry}"}}'
    return httpx.post(server.url + "/api/host/current", content=body, headers={k: v for k, v in base.items() if v},
                      timeout=5)


def test_the_console_key_with_json_moves_the_stage(contest):
    db, _ = contest
    with serve(db) as server:
        r = post_current(server)
        assert r.status_code == 200, r.text
    assert get_current_entry(db, "final") == "X02"


@pytest.mark.parametrize("headers, status", [
    ({"X-Host-Key": None}, 403),                                        # no host key (even from this machine)
    ({"X-Host-Key": "guess"}, 403),                                     # wrong host key
    ({"Content-Type": "text/plain;charset=UTF-8"}, 415),                # what a no-cors fetch may send
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415),       # an HTML form
    ({"Content-Type": None}, 415),
    ({"Origin": "http://evil.example"}, 403),                           # a page from elsewhere
    ({"Origin": "null"}, 403),                                          # a file:// page or a sandboxed frame
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Host": "evil.example"}, 421),                                    # DNS rebinding: a foreign name for this address
])
def test_refused_host_requests_change_nothing(contest, headers, status):
    db, _ = contest
    set_current_entry(db, "final", "X01", "tester")
    with serve(db) as server:
        r = post_current(server, **{k.replace("-", "_"): v for k, v in headers.items()})
        assert r.status_code == status, r.text
        assert "error" in r.json()
        get = httpx.get(server.url + "/api/host", params={"round": "final"},
                        headers={k: v for k, v in {"X-Host-Key": server.context.host_key, **headers}.items()
                                 if v and k != "Content-Type"}, timeout=5)
        assert get.status_code == (200 if status == 415 else status)
    assert get_current_entry(db, "final") == "X01"


def test_a_page_in_the_host_browser_cannot_move_the_stage(contest, tmp_path):
    """A page (here a local file) fetches /api/host/current with mode no-cors and text/plain — the request
    that used to work. Headless Chromium runs it; the stage does not move."""
    from shutil import which

    chromium = which("chromium") or which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium")
    db, _ = contest
    set_current_entry(db, "final", "X01", "tester")
    with serve(db) as server:
        page = tmp_path / "evil.html"
        page.write_text(
            "<script>for (const e of ['X03','X04']) {"
            f"fetch('{server.url}/api/host/current', {{method: 'POST', mode: 'no-cors', "
            "headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({round: 'final', entry: e})});"
            f"fetch('{server.url}/api/host/close', {{method: 'POST', mode: 'no-cors', "
            "body: JSON.stringify({round: 'final', entry: 'X01', closed: true})});}</script>", "utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
                       capture_output=True, timeout=60)
    assert get_current_entry(db, "final") == "X01"
    with db.session() as s:
        assert not [e for e in audit.events(s, "entry:")]


def test_judge_account_cannot_move_or_close_from_the_services(accounts):
    db, _ = accounts
    with pytest.raises(PermissionRefused):
        set_current_entry(db, "final", "X02", JUDGE)
    with pytest.raises(PermissionRefused):
        close_entry(db, "final", "X02", JUDGE)
    with pytest.raises(PermissionRefused):
        close_entry(db, "final", "X02", JUDGE, closed=False)
    with pytest.raises(PermissionRefused):
        set_current_entry(db, "final", "X02", "nobody")
    assert set_current_entry(db, "final", "X02", HOST) is True
    assert close_entry(db, "final", "X02", HOST) is True
    assert close_entry(db, "final", "X02", HOST, closed=False) is True
    with db.session() as s:
        assert [e.actor for e in audit.events(s, "stage:")] == [HOST]


def test_judge_account_cannot_move_or_close_through_the_api(accounts):
    db, _ = accounts
    with serve(db, actor=JUDGE) as server:
        assert post_current(server).status_code == 403
        r = httpx.post(server.url + "/api/host/close", json={"round": "final", "entry": "X02"},
                       headers={"X-Host-Key": server.context.host_key}, timeout=5)
        assert r.status_code == 403 and "不能" in r.json()["error"]
    assert get_current_entry(db, "final") is None
    with serve(db, actor=HOST) as server:
        assert post_current(server).status_code == 200
    assert get_current_entry(db, "final") == "X02"


def cli(path, *args, user=None, password=None):
    env = {**os.environ, "JUDGE_APP_PASSWORD": password or ""}
    if password is None:
        env.pop("JUDGE_APP_PASSWORD")
    cmd = [sys.executable, "-m", "judge_app", "--db", str(path), *args] + (["--user", user] if user else [])
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)


def test_judge_account_cannot_move_or_close_from_the_cli_and_serve_needs_credentials(accounts):
    db, path = accounts
    r = cli(path, "lan", "current", "--round", "final", "--entry", "X02", user=JUDGE, password="pw-judge-1")
    assert r.returncode == 2 and "不能" in r.stderr + r.stdout
    r = cli(path, "lan", "close", "--round", "final", "--entry", "X02", user=JUDGE, password="pw-judge-1")
    assert r.returncode == 2
    r = cli(path, "serve", "--host", "127.0.0.1", "--port", "0")
    assert r.returncode == 2 and "--user" in r.stderr + r.stdout
    r = cli(path, "serve", "--host", "127.0.0.1", "--port", "0", user=JUDGE, password="pw-judge-1")
    assert r.returncode == 2 and "不能" in r.stderr + r.stdout
    r = cli(path, "lan", "current", "--round", "final", "--entry", "X02", user=HOST, password="pw-host-1")
    assert r.returncode == 0, r.stderr
    assert get_current_entry(db, "final") == "X02"
