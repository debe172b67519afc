"""The in-process LAN service the console starts: its address, clean stop, a port in use as a clear message."""

from __future__ import annotations

import httpx
import pytest

from conftest import DATA
from judge_app.lan.server import LanServer, LanServerError
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.database import open_database


@pytest.fixture
def db(engine_url):
    db = open_database(engine_url)
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    yield db
    db.close()


def test_start_url_running_stop_and_restart_on_the_same_port(db):
    server = LanServer(db, "127.0.0.1", 0, round_key="final")
    assert not server.running
    server.start()
    try:
        assert server.running
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert httpx.get(server.url + "/", timeout=5).status_code == 200
        assert server.host_view().round == "final"
    finally:
        server.stop()
    assert not server.running
    port = server.port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    server.stop()  # twice is harmless
    again = LanServer(db, "127.0.0.1", port)  # the port was released
    with again:
        assert again.running


def test_port_in_use_is_a_clear_message(db):
    with LanServer(db, "127.0.0.1", 0) as first:
        second = LanServer(db, "127.0.0.1", first.port)
        with pytest.raises(LanServerError, match=f"端口 {first.port} 已被占用"):
            second.start()
        assert not second.running
        assert first.running


def test_address_not_on_this_machine_is_a_clear_message(db):
    with pytest.raises(LanServerError, match="不属于本机"):
        LanServer(db, "203.0.113.7", 0).start()


def test_forwarded_for_header_does_not_change_the_address(db):
    """From this machine an X-Forwarded-For header could name any address: wrong tokens are still
    counted against the real one (limited after the burst of 10)."""
    from judge_app.lan.ratelimit import GuessGuard

    server = LanServer(db, "127.0.0.1", 0, announce=False)
    server.context.guesses = GuessGuard(clock=lambda: 1000.0)  # time stands still: no refill on a slow machine
    with server:
        codes = [httpx.get(server.url + "/api/judge", timeout=5,
                           headers={"Authorization": "Bearer nope", "X-Forwarded-For": f"10.0.0.{i}"}).status_code
                 for i in range(15)]
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}, codes
