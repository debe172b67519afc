"""Phones follow the stage by long poll, and the console's per-judge panel for the entry on stage."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

import judge_app.lan.follow as follow
from conftest import DATA
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import authenticate, close_entry, issue_tokens, set_current_entry
from judge_app.services.contest_day.lan_scoring import Submission, host_view, judge_view, submit_scores
from judge_app.store.database import open_database

GOOD = {"innovation": "30", "impact": "35.5", "presentation": "18.25"}


@pytest.fixture
def lan(tmp_path):
    db = open_database(str(tmp_path / "c.sqlite"))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "tester")}
    with LanServer(db, "127.0.0.1", 0, rate=1000, burst=1000, round_key="final") as server:
        yield db, server, tokens
    db.close()


def wait(server, token, since, timeout=30):
    return httpx.get(server.url + "/api/judge/wait", params={"since": since},
                     headers={"Authorization": f"Bearer {token}"}, timeout=timeout)


def test_long_poll_answers_when_the_stage_moves_and_not_before(lan, monkeypatch):
    db, server, tokens = lan
    first = wait(server, tokens["E01"], "").json()["version"]  # nothing on stage yet
    mover = threading.Timer(0.5, set_current_entry, (db, "final", "X02", "tester"))
    started = time.monotonic()
    mover.start()
    r = wait(server, tokens["E01"], first)
    took = time.monotonic() - started
    assert r.status_code == 200 and r.json()["version"] != first
    assert 0.4 < took < 5  # held until the move, answered right after it
    assert httpx.get(server.url + "/api/judge", headers={"Authorization": f"Bearer {tokens['E01']}"}).json()["current"] == "X02"
    # closing the entry on stage is a change too
    moved = r.json()["version"]
    close_entry(db, "final", "X02", "tester")
    assert wait(server, tokens["E01"], moved, timeout=10).json()["version"] != moved
    # nothing changes: the poll is held, then answered with the same version
    monkeypatch.setattr(follow, "WAIT", 0.3)
    same = wait(server, tokens["E01"], wait(server, tokens["E01"], "").json()["version"]).json()["version"]
    assert same == wait(server, tokens["E01"], "").json()["version"]


def test_long_poll_needs_a_valid_link(lan):
    _, server, _ = lan
    assert httpx.get(server.url + "/api/judge/wait", timeout=5).status_code == 401
    assert httpx.get(server.url + "/api/judge/wait", headers={"Authorization": "Bearer nope"}, timeout=5).status_code == 401


def test_stopping_the_server_answers_open_polls(lan):
    db, server, tokens = lan
    version = wait(server, tokens["E01"], "").json()["version"]
    answers = []
    t = threading.Thread(target=lambda: answers.append(wait(server, tokens["E01"], version).status_code))
    t.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.stop()
    t.join(10)
    assert answers == [200] and time.monotonic() - started < 5


def test_console_panel_states_counts_and_no_values(lan):
    db, server, tokens = lan
    set_current_entry(db, "final", "X02", "tester")
    access = {j: authenticate(db, t) for j, t in tokens.items()}
    httpx.get(server.url + "/api/judge", headers={"Authorization": f"Bearer {tokens['E02']}"})
    submit_scores(db, access["E01"], Submission("k1", "expert", "X02", GOOD))
    view = server.host_view()
    by = {j.judge: j for j in view.judges}
    assert by["E01"].state_text == "已提交"
    assert by["E02"].state_text == "已连接" and by["E02"].last_seen
    assert by["E04"].state_text == "未连接" and by["E04"].last_seen is None
    assert by["E03"].state_text == "回避"
    assert view.count_text == f"已提交 1 / {view.expected}" and not view.all_in
    assert "E01" not in view.pending and by["E04"].name in view.pending_names
    doc = view.as_json()
    assert "35.5" not in str(doc) and "values" not in str(doc)  # values stay hidden until revealed
    close_entry(db, "final", "X02", "tester")
    by = {j.judge: j for j in host_view(db, "final", server.context.presence).judges}
    assert by["E04"].state_text == "已结束" and by["E01"].state_text == "已提交"
    # E03 must not score X02: the phone says so
    e03 = judge_view(db, access["E03"])
    assert e03.current is None and e03.current_recused
    assert not judge_view(db, access["E01"]).current_recused


def test_all_in_when_every_non_recused_judge_submitted(lan):
    db, server, tokens = lan
    set_current_entry(db, "final", "X02", "tester")
    view = host_view(db, "final")
    for j in view.judges:
        if j.status == "pending":
            a = authenticate(db, tokens[j.judge])
            sheet = judge_view(db, a)
            for e in sheet.entries:
                if e.entry == "X02":
                    crit = next(p for p in sheet.panels if p.key == e.component).criteria
                    submit_scores(db, a, Submission(f"k-{j.judge}-{e.component}", e.component, "X02",
                                                    {c.key: "1" for c in crit}))
    view = host_view(db, "final")
    assert view.all_in and view.pending_names == [] and view.count_text == f"已提交 {view.expected} / {view.expected}"
