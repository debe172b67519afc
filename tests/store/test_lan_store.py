"""Store and services on both databases: SQLite and (when $JUDGE_APP_TEST_PG is set) a real PostgreSQL server.

The same migrations, the same raw SQL, the same exact results.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

from conftest import DATA
from judge_app.domain.scoring import round_half_up
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import (
    authenticate,
    close_entry,
    get_current_entry,
    issue_tokens,
    list_tokens,
    revoke_tokens,
    set_current_entry,
)
from judge_app.services.contest_day.lan_scoring import Submission, host_view, judge_view, submit_scores
from judge_app.services.scores.score_entry import judge_sheet, save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.results.standings import round_report
from judge_app.services.votes.vote_import import import_votes
from judge_app.store import audit
from judge_app.store.database import open_database, schema_head
from judge_app.store.models import JudgeTokenRow

EXPERT = {"innovation": D("30"), "impact": D("35.5"), "presentation": D("18.25")}


@pytest.fixture
def db(db_location):
    db = open_database(db_location)
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    yield db
    db.close()


def test_migrations_reach_head_and_match_the_models(db_location):
    db = open_database(db_location)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert context.get_current_revision() == schema_head()
        assert compare_metadata(context, SQLModel.metadata) == []
    db.close()


def test_reopening_an_up_to_date_database_keeps_its_data(db):
    location = db.location
    db.close()
    again = open_database(location, create=False)
    assert judge_sheet(again, "final", "expert", "E01").judge == "E01"
    again.close()


def test_whole_round_gives_the_same_exact_result(db):
    import_scores(db, DATA / "expert_scores.csv", "final", "expert", "t")
    import_scores(db, DATA / "audience_scores.csv", "final", "audience", "t")
    import_votes(db, DATA / "votes_totals_export.csv", "final", "online", "t")
    report = round_report(db, "final")
    x03 = report.result.standing("X03")
    assert x03.rank == 1 and round_half_up(x03.total, 2) == D("86.20")
    ranked = sorted((s for s in report.result.standings if s.ranked), key=lambda s: s.rank)
    assert [s.code for s in ranked][:3] == ["X03", "X05", "X02"]


def test_save_scores_is_audited_with_old_values(db):
    counts = save_scores(db, "final", "expert", "E01", "X01", EXPERT, "clerk")
    assert (counts.created, counts.replaced) == (1, 0)
    counts = save_scores(db, "final", "expert", "E01", "X01", {**EXPERT, "impact": D("36")}, "clerk")
    assert counts.replaced == 1
    with db.session() as s:
        events = [e for e in audit.events(s, "score:") if e.target.endswith(":E01:X01")]
    assert [e.action for e in events] == ["score.create", "score.replace"]
    assert '"35.5"' in events[1].old and '"36"' in events[1].new
    assert judge_sheet(db, "final", "expert", "E01").total("X01") == D("84.25")


def test_refused_score_writes_nothing(db):
    with pytest.raises(ServiceError):
        save_scores(db, "final", "expert", "E01", "X01", {**EXPERT, "innovation": D("40.5")}, "clerk")
    with pytest.raises(ServiceError, match="回避"):
        save_scores(db, "final", "expert", "E03", "X02", EXPERT, "clerk")
    assert all(not r.values for r in judge_sheet(db, "final", "expert", "E01").rows)


def test_tokens_are_stored_hashed_and_revocable(db):
    issued = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    assert set(issued) == {"A01", "A02", "A03", "E01", "E02", "E03", "E04", "E05"}
    with db.session() as s:
        hashes = [row.token_hash for row in s.exec(select(JudgeTokenRow)).all()]
    assert not set(issued.values()) & set(hashes)
    access = authenticate(db, issued["E01"])
    assert (access.judge, access.round) == ("E01", "final")
    assert authenticate(db, issued["E01"] + "x") is None
    assert revoke_tokens(db, "final", "E01", "host") == 1
    assert authenticate(db, issued["E01"]) is None
    again = issue_tokens(db, "final", "E02", "host")[0].token
    assert authenticate(db, issued["E02"]) is None  # reissuing revokes the old link
    assert authenticate(db, again).judge == "E02"
    states = {(t.judge, t.revoked_at is None) for t in list_tokens(db, "final")}
    assert ("E01", False) in states and ("E02", True) in states


def test_lan_submission_current_entry_and_host_view(db):
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    set_current_entry(db, "final", "X02", "host")
    assert get_current_entry(db, "final") == "X02"
    e01 = authenticate(db, tokens["E01"])
    out = submit_scores(db, e01, Submission("key-1", "expert", "X02", {"innovation": "30", "impact": "35.5",
                                                                          "presentation": "18.25"}, "思路清晰"), "10.0.0.7", "Phone")
    assert not out.replayed
    assert submit_scores(db, e01, Submission("key-1", "expert", "X02", {"innovation": "30", "impact": "35.50",
                                                                          "presentation": "18.25"}, "思路清晰 "), "10.0.0.7").replayed
    with pytest.raises(ServiceError, match="已用于另一份评分"):  # the same key for other values: refused, not "saved"
        submit_scores(db, e01, Submission("key-1", "expert", "X02", {"innovation": "1", "impact": "1",
                                                                     "presentation": "1"}), "10.0.0.7")
    view = judge_view(db, e01)
    x02 = next(e for e in view.entries if e.entry == "X02")
    assert x02.values == EXPERT and x02.comment == "思路清晰" and view.current == "X02"
    e03 = judge_view(db, authenticate(db, tokens["E03"]))
    assert "X02" not in {e.entry for e in e03.entries} and e03.current is None  # 回避
    host = host_view(db, "final")
    status = {j.judge: j.status for j in host.judges}
    assert status["E01"] == "scored" and status["E02"] == "pending" and status["E03"] == "conflicted"
    assert "E02" in host.pending and "E01" not in host.pending
    close_entry(db, "final", "X02", "host")
    with pytest.raises(ServiceError, match="已结束"):
        submit_scores(db, e01, Submission("key-2", "expert", "X02", {"innovation": "31", "impact": "35.5",
                                                                       "presentation": "18.25"}), "10.0.0.7")
    assert judge_sheet(db, "final", "expert", "E01").total("X02") == D("83.75")
