"""The LAN service keeps the contest definition per process on SQLite and reloads it when the
audit trail says the definition changed — also when another process changed it."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

import judge_app.services.contest.contest_access as contest_access
from conftest import DATA
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import authenticate, issue_tokens
from judge_app.services.contest_day.lan_scoring import Submission, submit_scores
from judge_app.store.database import open_database

GOOD = {"innovation": "30", "impact": "35.5", "presentation": "18.25"}


@pytest.fixture
def contest(tmp_path):
    path = tmp_path / "c.sqlite"
    db = open_database(str(path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    yield path, db, tokens
    db.close()


def _counting_loads(monkeypatch) -> list:
    loads = []
    real = contest_access.load_contest

    def load(session):
        loads.append(1)
        return real(session)

    monkeypatch.setattr(contest_access, "load_contest", load)
    return loads


def test_submissions_load_the_definition_once_until_it_changes(contest, monkeypatch):
    _path, db, tokens = contest
    loads = _counting_loads(monkeypatch)
    for n, entry in enumerate(("X01", "X03", "X04")):
        submit_scores(db, authenticate(db, tokens["E01"]), Submission(f"k{n}", "expert", entry, GOOD))
    assert len(loads) == 1
    issue_tokens(db, "final", "E05", "host")  # not a score or a vote: the definition is read again
    loads.clear()
    submit_scores(db, authenticate(db, tokens["E01"]), Submission("k9", "expert", "X05", GOOD))
    submit_scores(db, authenticate(db, tokens["E01"]), Submission("k8", "expert", "X06", GOOD))
    assert len(loads) == 1


def test_a_seat_removed_by_another_process_is_seen_by_the_next_submission(contest):
    path, db, tokens = contest
    with LanServer(db, "127.0.0.1", 0, burst=1000, rate=1000) as server, \
            httpx.Client(base_url=server.base_url, timeout=10) as http:
        def submit(judge, key, entry):
            body = {"key": key, "component": "expert", "entry": entry, "values": GOOD, "comment": ""}
            return http.post("/api/judge/scores", json=body, headers={"Authorization": f"Bearer {tokens[judge]}"})

        assert submit("E01", "a", "X01").status_code == 200  # the service holds the definition now
        assert submit("E02", "b", "X01").status_code == 200
        edit = subprocess.run([sys.executable, "-m", "judge_app", "--db", str(path), "seats", "remove",
                               "--judge", "E04", "--panel", "final.expert"], capture_output=True, text=True)
        assert edit.returncode == 0, edit.stderr
        r = submit("E04", "c", "X01")
        assert r.status_code == 422 and "不在" in r.json()["error"]
        assert submit("E01", "d", "X03").status_code == 200
