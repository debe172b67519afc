"""The LAN scoring API over real HTTP (uvicorn on loopback): every rule a judge's phone meets."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import anyio
import httpx
import pytest

from conftest import DATA
from judge_app.lan.app import LanContext, create_app
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import close_entry, issue_tokens, revoke_tokens, set_current_entry
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.store import audit
from judge_app.store.database import open_database

GOOD = {"innovation": "30", "impact": "35.5", "presentation": "18.25"}


class Lan:
    def __init__(self, db, server, tokens):
        self.db, self.server, self.tokens = db, server, tokens
        self.http = httpx.Client(base_url=server.base_url, timeout=10)
        self.host = {"X-Host-Key": server.context.host_key}

    def get(self, judge: str | None, token: str | None = None):
        return self.http.get("/api/judge", headers={"Authorization": f"Bearer {token or self.tokens[judge]}"})

    def submit(self, judge: str, entry: str, values=GOOD, key: str = "k", component: str = "expert",
               comment: str = "", token: str | None = None):
        body = {"key": key, "component": component, "entry": entry, "values": values, "comment": comment}
        return self.http.post("/api/judge/scores", json=body,
                              headers={"Authorization": f"Bearer {token or self.tokens[judge]}", "User-Agent": "TestPhone/1.0"})

    def sheet(self, judge: str, component: str = "expert"):
        return {r.entry: r.values for r in judge_sheet(self.db, "final", component, judge).rows}

    def score_events(self):
        with self.db.session() as s:
            return [e for e in audit.events(s, "score:")]


@pytest.fixture
def lan(db_location):
    db = open_database(db_location)
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    server = LanServer(db, "127.0.0.1", 0, burst=1000, rate=1000)
    server.start()
    lan = Lan(db, server, tokens)
    yield lan
    lan.http.close()
    server.stop()
    db.close()


def test_judge_sees_only_own_assigned_entries(lan):
    assert lan.submit("E02", "X01", key="e02").status_code == 200
    view = lan.get("E01").json()
    assert view["judge"] == {"code": "E01", "name": "孙教授"}
    assert [p["key"] for p in view["panels"]] == ["expert"]
    assert all(e["values"] == {} for e in view["entries"])  # E02's scores are not shown to E01
    assert "E02" not in lan.get("E01").text
    conflicted = {e["entry"] for e in lan.get("E03").json()["entries"]}
    assert "X02" not in conflicted and "X01" in conflicted  # 回避: E03 and X02 share a unit
    audience = lan.get("A01").json()
    assert [p["key"] for p in audience["panels"]] == ["audience"]


def test_wrong_or_missing_token_is_refused(lan):
    assert lan.get(None, token="not-a-token").status_code == 401
    assert lan.http.get("/api/judge").status_code == 401
    r = lan.submit("E01", "X01", token=lan.tokens["E01"][:-1] + ("A" if lan.tokens["E01"][-1] != "A" else "B"))
    assert r.status_code == 401 and "无效" in r.json()["error"]
    assert lan.sheet("E01")["X01"] == {}


def test_score_is_saved_audited_with_device_and_address(lan):
    r = lan.submit("E01", "X01", comment="创新突出")
    assert r.status_code == 200 and r.json()["replayed"] is False
    assert lan.sheet("E01")["X01"] == {k: D(v) for k, v in GOOD.items()}
    (event,) = lan.score_events()
    assert event.action == "score.create" and "127.0.0.1" in event.actor and "TestPhone" in event.actor
    assert lan.get("E01").json()["entries"][0]["comment"] == "创新突出"


def test_another_judges_panel_is_refused(lan):
    r = lan.submit("E01", "X01", values={"overall": "8"}, component="audience")
    assert r.status_code == 422 and "不在" in r.json()["error"]
    assert lan.sheet("A01", "audience")["X01"] == {}


def test_conflicted_entry_is_refused(lan):
    r = lan.submit("E03", "X02")
    assert r.status_code == 422 and "回避" in r.json()["error"]
    assert lan.sheet("E03")["X02"] == {} and lan.score_events() == []


@pytest.mark.parametrize("values", [
    {**GOOD, "innovation": "40.01"},
    {**GOOD, "presentation": "-1"},
    {**GOOD, "impact": "abc"},
    {**GOOD, "impact": "NaN"},
    {**GOOD, "impact": "1.00001"},
    {"innovation": "30", "impact": "35"},
])
def test_invalid_values_are_refused(lan, values):
    r = lan.submit("E01", "X01", values=values)
    assert r.status_code == 422, r.text
    assert lan.sheet("E01")["X01"] == {} and lan.score_events() == []


def test_malformed_request_is_refused(lan):
    r = lan.http.post("/api/judge/scores", content=b"{not json",
                      headers={"Authorization": f"Bearer {lan.tokens['E01']}", "Content-Type": "application/json"})
    assert r.status_code == 400


def test_replayed_submission_is_answered_not_applied_again(lan):
    first = lan.submit("E01", "X01", key="same")
    again = lan.submit("E01", "X01", key="same")
    assert first.status_code == again.status_code == 200
    assert again.json()["replayed"] is True and len(lan.score_events()) == 1


def test_late_replay_does_not_undo_a_correction(lan):
    assert lan.submit("E01", "X01", key="first").status_code == 200
    assert lan.submit("E01", "X01", values={**GOOD, "innovation": "33"}, key="second").status_code == 200
    assert lan.submit("E01", "X01", key="first").json()["replayed"] is True
    assert lan.sheet("E01")["X01"]["innovation"] == D("33")


def test_concurrent_duplicates_count_once(lan):
    results = []

    def send():
        with httpx.Client(base_url=lan.server.base_url, timeout=20) as c:
            results.append(c.post("/api/judge/scores", json={"key": "dup", "component": "expert", "entry": "X03",
                                                             "values": GOOD, "comment": ""},
                                  headers={"Authorization": f"Bearer {lan.tokens['E02']}"}).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 8
    assert len(lan.score_events()) == 1


def test_key_of_another_judge_is_not_revealed(lan):
    assert lan.submit("E01", "X01", key="shared").status_code == 200
    r = lan.submit("E02", "X01", key="shared")
    assert r.status_code == 422 and "30" not in r.text


def test_revoked_token_is_refused_and_reissued_one_works(lan):
    revoke_tokens(lan.db, "final", "E01", "host")
    assert lan.submit("E01", "X01").status_code == 401
    new = issue_tokens(lan.db, "final", "E01", "host")[0].token
    assert lan.submit("E01", "X01", token=new).status_code == 200


def test_correction_allowed_until_the_host_closes_the_entry(lan):
    assert lan.submit("E01", "X01", key="a").status_code == 200
    assert lan.submit("E01", "X01", values={**GOOD, "impact": "36"}, key="b").status_code == 200
    close_entry(lan.db, "final", "X01", "host")
    r = lan.submit("E01", "X01", values={**GOOD, "impact": "39"}, key="c")
    assert r.status_code == 422 and "已结束" in r.json()["error"]
    assert lan.sheet("E01")["X01"]["impact"] == D("36")
    assert next(e for e in lan.get("E01").json()["entries"] if e["entry"] == "X01")["closed"] is True
    close_entry(lan.db, "final", "X01", "host", closed=False)
    assert lan.submit("E01", "X01", values={**GOOD, "impact": "39"}, key="d").status_code == 200


def test_page_follows_the_entry_on_stage(lan):
    assert lan.get("E01").json()["current"] is None
    r = lan.http.post("/api/host/current", json={"round": "final", "entry": "X04"}, headers=lan.host)
    assert r.status_code == 200
    assert lan.get("E01").json()["current"] == "X04"
    set_current_entry(lan.db, "final", "X02", "host")
    assert lan.get("E03").json()["current"] is None  # E03 must not score X02 (回避)


def test_host_view_shows_connected_scored_and_pending(lan):
    set_current_entry(lan.db, "final", "X02", "host")
    lan.get("E02")
    assert lan.submit("E01", "X02").status_code == 200
    view = lan.server.host_view("final")
    by = {j.judge: j for j in view.judges}
    assert by["E01"].status == "scored" and by["E01"].connected and by["E01"].address == "127.0.0.1"
    assert by["E02"].status == "pending" and by["E02"].connected
    assert by["E04"].status == "pending" and not by["E04"].connected and by["E04"].last_seen is None
    assert by["E03"].status == "conflicted"
    assert by["A01"].status == "pending"  # the audience panel scores X02 too
    api = lan.http.get("/api/host", params={"round": "final"}, headers=lan.host).json()
    assert api["current"] == "X02" and "E02" in api["pending"] and "E01" not in api["pending"]


def test_host_api_needs_the_host_key_even_from_the_host_machine(db_path):
    db = open_database(str(db_path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    ctx = LanContext(db, host_key="secret-host-key", allowed_hosts={"venue"})
    key = {"X-Host-Key": "secret-host-key"}

    async def calls():
        transport = httpx.ASGITransport(app=create_app(ctx), client=("192.168.1.23", 50000))  # a phone on the LAN
        async with httpx.AsyncClient(transport=transport, base_url="http://venue") as c:
            return [
                (await c.get("/api/host", params={"round": "final"})).status_code,
                (await c.post("/api/host/current", json={"round": "final", "entry": "X01"})).status_code,
                (await c.get("/api/host", params={"round": "final"}, headers=key)).status_code,
                (await c.get("/api/host", params={"round": "nope"}, headers=key)).status_code,
            ]

    assert anyio.run(calls) == [403, 403, 200, 422]
    db.close()


def test_requests_are_rate_limited_per_token(db_path):
    db = open_database(str(db_path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    with LanServer(db, "127.0.0.1", 0, rate=0.001, burst=3) as server, httpx.Client(base_url=server.base_url) as c:
        codes = [c.get("/api/judge", headers={"Authorization": f"Bearer {tokens['E01']}"}).status_code for _ in range(5)]
        other = c.get("/api/judge", headers={"Authorization": f"Bearer {tokens['E02']}"}).status_code
    db.close()
    assert codes == [200, 200, 200, 429, 429] and other == 200


def test_service_refusal_becomes_a_clear_4xx(lan, monkeypatch):
    """A refusal raised inside the write (e.g. a locked round) reaches the phone as 422 with its message."""
    import judge_app.services.contest_day.lan_scoring as lan_scoring

    def locked(*args, **kwargs):
        raise ServiceError("轮次已锁定 (round is locked)")

    monkeypatch.setattr(lan_scoring, "save_scores", locked)
    r = lan.submit("E01", "X01")
    assert r.status_code == 422 and r.json()["error"] == "轮次已锁定 (round is locked)"


def test_judge_page_and_assets_are_served_locally(lan):
    page = lan.http.get(f"/j/{lan.tokens['E01']}")
    assert page.status_code == 200 and "评委打分" in page.text and "专家点评" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    for asset in ("/static/judge.js", "/static/judge.css"):
        r = lan.http.get(asset)
        assert r.status_code == 200 and "https://" not in r.text
