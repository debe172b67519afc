"""The LAN service answers guessing the way docs/lan.md says: counted before any lookup, per
address and in total; a limited address gets 429 for everything, a valid token included."""

from __future__ import annotations

import anyio
import httpx
import pytest

from conftest import DATA
from judge_app.lan.app import LanContext, create_app
from judge_app.lan.ratelimit import GuessGuard
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import issue_tokens
from judge_app.store.database import open_database


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def service(tmp_path, monkeypatch):
    db = open_database(str(tmp_path / "lan.sqlite"), create=True)
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    clock = Clock()
    ctx = LanContext(db, rate=1000, burst=1000)
    ctx.guesses = GuessGuard(clock=clock)  # the defaults: 1/s per address, burst 10; 20/s in all, burst 100
    lookups = []
    import judge_app.lan.app as lan_app

    real = lan_app.authenticate
    monkeypatch.setattr(lan_app, "authenticate", lambda db_, token: lookups.append(token) or real(db_, token))
    app = create_app(ctx)

    def get(token: str, address: str = "192.168.1.50") -> int:
        async def call():
            transport = httpx.ASGITransport(app=app, client=(address, 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://venue") as c:
                r = await c.get("/api/judge", headers={"Authorization": f"Bearer {token}"})
                return r.status_code

        return anyio.run(call)

    yield get, tokens, lookups, clock
    db.close()


def test_one_address_is_limited_before_lookups_and_even_a_valid_token_gets_429(service):
    get, tokens, lookups, clock = service
    codes = [get(f"guess-{i}") for i in range(30)]
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}
    assert len(lookups) == 10  # the limited requests never reached the database
    assert get(tokens["E01"]) == 429 and len(lookups) == 10
    assert get(tokens["E01"], address="192.168.1.51") == 200  # another phone is not affected
    clock.now += 61  # the window ends
    assert get(tokens["E01"]) == 200


def test_documented_rate_holds_one_per_second(service):
    get, tokens, lookups, clock = service
    for i in range(10):
        assert get(f"burst-{i}") == 401
    assert get("more") == 429  # limited for the window
    clock.now += 61
    answered = []
    for second in range(20):  # a patient guesser: one try a second is all that is answered
        clock.now += 1
        answered.append(get(f"slow-{second}"))
    assert answered.count(401) == 20


def test_many_addresses_are_bounded_in_total(service):
    get, tokens, lookups, clock = service
    assert get(tokens["E02"], address="10.9.9.9") == 200  # a phone already scoring
    lookups.clear()
    codes = [get(f"g-{a}-{i}", address=f"10.0.{a}.1") for a in range(50) for i in range(20)]
    assert codes.count(401) == 100  # the total burst; the clock stands still, nothing refills
    assert len(lookups) == 100
    assert get(tokens["E02"], address="10.9.9.9") == 200  # a phone seen valid lately is let through
    assert get(tokens["E03"], address="10.9.9.8") == 429  # a new one waits until the total refills
    clock.now += 1
    assert get(tokens["E03"], address="10.9.9.8") == 200


def test_valid_phones_are_not_charged(service):
    get, tokens, lookups, clock = service
    assert all(get(tokens["E01"]) == 200 for _ in range(50))  # well past the burst of 10


@pytest.fixture
def server(tmp_path, monkeypatch):
    from judge_app.lan import follow, slow_clients
    from judge_app.lan.server import LanServer
    import judge_app.lan.app as lan_app

    monkeypatch.setattr(slow_clients.GuardedH11Protocol, "header_timeout", 0.5)
    monkeypatch.setattr(lan_app, "BODY_TIMEOUT", 0.5)
    monkeypatch.setattr(follow, "WAIT", 2.0)
    db = open_database(str(tmp_path / "lan.sqlite"), create=True)
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    with LanServer(db, "127.0.0.1", 0) as srv:
        yield srv, tokens
    db.close()


def _closed_within(sock, seconds: float) -> bool:
    import time

    sock.settimeout(seconds)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            if sock.recv(4096) == b"":
                return True
    except (TimeoutError, OSError):
        return False
    return False


def test_half_open_and_slow_header_connections_are_closed(server):
    import socket
    import time

    srv, _ = server
    idle = socket.create_connection(("127.0.0.1", srv.port))
    slow = socket.create_connection(("127.0.0.1", srv.port))
    slow.sendall(b"GET /api/judge HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    for _ in range(3):  # a byte now and then does not keep it open
        time.sleep(0.2)
        slow.sendall(b"X")
    assert _closed_within(idle, 3) and _closed_within(slow, 3)
    idle.close()
    slow.close()


def test_slow_body_gets_408(server):
    import socket

    srv, tokens = server
    sock = socket.create_connection(("127.0.0.1", srv.port))
    sock.sendall(b"POST /api/judge/scores HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Authorization: Bearer " + tokens["E01"].encode() + b"\r\nContent-Length: 200\r\n\r\n{\"key\"")
    sock.settimeout(5)
    answer = sock.recv(4096)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_long_poll_is_not_cut_by_the_header_timeout(server):
    srv, tokens = server
    with httpx.Client(base_url=srv.base_url, timeout=10) as c:
        first = c.get("/api/judge/wait", params={"since": ""}, headers={"Authorization": f"Bearer {tokens['E01']}"})
        version = first.json()["version"]
        held = c.get("/api/judge/wait", params={"since": version}, headers={"Authorization": f"Bearer {tokens['E01']}"})
    assert held.status_code == 200 and held.elapsed.total_seconds() > 1.5
