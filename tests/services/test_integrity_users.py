"""Roles and accounts: scrypt hashes, enforcement from the first administrator on, what each role may do."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrity_support import make_db, scores_csv
from judge_app.cli import main
from judge_app.services.results import locks
from judge_app.services.integrity import users
from judge_app.services.scores.score_entry import save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.integrity.users import PermissionRefused

VALUES = {"a": Decimal(8), "b": Decimal(7)}


@pytest.fixture
def db(engine_url):
    d = make_db(engine_url)
    yield d
    d.close()


@pytest.fixture
def staffed(db):
    users.add_user(db, "admin", "administrator", "admin-pass", "whoever")
    users.add_user(db, "clerk", "clerk", "clerk-pass", "admin")
    users.add_user(db, "host", "host", "host-pass", "admin")
    users.add_user(db, "j1", "judge", "123456", "admin", judge_code="J1")
    return db


def test_passwords_are_salted_scrypt_hashes():
    a, b = users.hash_password("1234"), users.hash_password("1234")
    assert a != b and a.startswith("scrypt$16384$8$1$") and "1234" not in a
    assert users.check_password("1234", a) and not users.check_password("1235", a)
    assert not users.check_password("1234", "plain") and not users.check_password("1234", "md5$x$y$z$00$00")


def test_without_an_administrator_nothing_is_enforced(db):
    assert not users.is_enforcing(db)
    save_scores(db, "final", "expert", "J1", "E0001", VALUES, "anyone at all")
    locks.lock(db, "final", None, "anyone at all")


def test_the_first_account_must_be_an_administrator(db):
    with pytest.raises(users.ServiceError, match="first account"):
        users.add_user(db, "c", "clerk", "pass-word", "x")
    users.add_user(db, "boss", "administrator", "pass-word", "x")
    assert users.is_enforcing(db)
    with pytest.raises(PermissionRefused):
        users.add_user(db, "c", "clerk", "pass-word", "stranger")


def test_what_each_role_may_do(staffed, tmp_path):
    db = staffed
    with pytest.raises(PermissionRefused, match="no active account"):
        save_scores(db, "final", "expert", "J1", "E0001", VALUES, "stranger")
    with pytest.raises(PermissionRefused, match="role not allowed"):
        save_scores(db, "final", "expert", "J1", "E0001", VALUES, "host")
    save_scores(db, "final", "expert", "J1", "E0001", VALUES, "clerk")
    save_scores(db, "final", "expert", "J1", "E0002", VALUES, "j1")  # a judge: own scores
    with pytest.raises(PermissionRefused, match="only their own"):
        save_scores(db, "final", "expert", "J2", "E0002", VALUES, "j1")
    sheet = scores_csv(tmp_path / "s.csv", [("J2", "E0003", "5", "5")])
    with pytest.raises(PermissionRefused):
        import_scores(db, sheet, "final", "expert", "j1")
    import_scores(db, sheet, "final", "expert", "clerk")
    for who in ("clerk", "host", "j1"):
        with pytest.raises(PermissionRefused):
            locks.lock(db, "final", None, who)
    locks.lock(db, "final", None, "admin")
    with pytest.raises(PermissionRefused):
        locks.unlock(db, "final", None, "clerk", "想改分数")
    with pytest.raises(PermissionRefused):
        locks.signoff(db, "final", "王主任", "clerk")
    locks.signoff(db, "final", "王主任", "j1")
    locks.unlock(db, "final", None, "admin", "更正")


def test_authentication_and_disabled_accounts(staffed):
    assert users.authenticate(staffed, "clerk", "clerk-pass").role == "clerk"
    with pytest.raises(PermissionRefused, match="wrong user name or password"):
        users.authenticate(staffed, "clerk", "nope")
    with pytest.raises(PermissionRefused, match="wrong user name or password"):
        users.authenticate(staffed, "nobody", "clerk-pass")
    users.set_active(staffed, "clerk", False, "admin")
    with pytest.raises(PermissionRefused):
        users.authenticate(staffed, "clerk", "clerk-pass")
    with pytest.raises(users.ServiceError, match="last administrator"):
        users.set_active(staffed, "admin", False, "admin")
    users.set_password(staffed, "host", "new-pass", "host")
    assert users.authenticate(staffed, "host", "new-pass").name == "host"
    with pytest.raises(PermissionRefused):
        users.set_password(staffed, "admin", "hijack", "host")


def test_login_session_times_out_after_inactivity():
    now = [1000.0]
    session = users.LoginSession(users.Identity("clerk", "clerk"), timeout_s=300, clock=lambda: now[0])
    now[0] += 299
    assert session.require().name == "clerk"  # activity refreshes the timer
    now[0] += 299
    assert not session.expired
    now[0] += 301
    with pytest.raises(users.SessionExpired):
        session.require()


def test_cli_asks_for_an_account_and_reads_the_password_from_the_environment(staffed, monkeypatch, capsys):
    path = staffed.location
    monkeypatch.delenv("JUDGE_APP_PASSWORD", raising=False)
    args = ["--db", path, "lock", "--round", "final"]
    assert main(args) == 2
    assert "--user" in capsys.readouterr().err
    assert main(["--user", "admin", *args]) == 2  # no terminal, no variable
    assert "JUDGE_APP_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("JUDGE_APP_PASSWORD", "wrong")
    assert main(["--user", "admin", *args]) == 2
    assert "wrong user name or password" in capsys.readouterr().err
    monkeypatch.setenv("JUDGE_APP_PASSWORD", "clerk-pass")
    assert main(["--user", "clerk", *args]) == 2
    assert "role not allowed" in capsys.readouterr().err
    monkeypatch.setenv("JUDGE_APP_PASSWORD", "admin-pass")
    assert main(["--user", "admin", *args]) == 0
    assert main(["--db", path, "rank", "--round", "final", "--format", "json"]) == 0  # reading needs no account


def test_cli_users_add_and_list(db, monkeypatch, capsys):
    path = db.location
    monkeypatch.setenv("JUDGE_APP_NEW_PASSWORD", "boss-pass")
    assert main(["--db", path, "users", "add", "boss", "--role", "administrator"]) == 0
    monkeypatch.setenv("JUDGE_APP_PASSWORD", "boss-pass")
    monkeypatch.setenv("JUDGE_APP_NEW_PASSWORD", "987654")
    assert main(["--db", path, "--user", "boss", "users", "add", "p1", "--role", "judge", "--judge", "J1"]) == 0
    capsys.readouterr()
    assert main(["--db", path, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "boss\tadministrator" in out and "p1\tjudge\tJ1" in out and "987654" not in out
    assert "年" in out and "+00:00" not in out  # when each account was made, as 2025年9月18日 14:05
