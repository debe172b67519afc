"""PINs of at least six digits; repeated wrong passwords back off per account and per machine, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from integrity_support import make_db
from judge_app.services.integrity import users
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.integrity.users import PermissionRefused
from judge_app.store import audit


@pytest.fixture
def db(tmp_path, monkeypatch):
    d = make_db(tmp_path / "c.sqlite")
    users.add_user(d, "admin", "administrator", "admin-pass", "whoever")
    users.add_user(d, "clerk", "clerk", "246802", "admin")
    start = users._now()
    clock = {"now": start}
    monkeypatch.setattr(users, "_now", lambda: clock["now"])
    yield d, clock
    d.close()


def test_four_and_five_digit_pins_refused(db):
    d, _ = db
    for pin in ("1234", "12345"):
        with pytest.raises(ServiceError, match="password too short"):
            users.add_user(d, "j", "clerk", pin, "admin")
        with pytest.raises(ServiceError, match="password too short"):
            users.set_password(d, "clerk", pin, "admin")
    users.add_user(d, "j", "clerk", "123456", "admin")


def test_wrong_passwords_back_off_per_account_and_are_audited(db):
    d, clock = db
    for guess in ("000000", "111111", "222222"):
        with pytest.raises(PermissionRefused, match="wrong user name or password"):
            users.authenticate(d, "clerk", guess, address="pc-1")
    # the fourth try must wait, even with the right PIN: the PIN is not even checked
    with pytest.raises(PermissionRefused, match="too many failed logins: wait 2 s"):
        users.authenticate(d, "clerk", "246802", address="pc-1")
    with pytest.raises(PermissionRefused, match="too many failed logins"):
        users.authenticate(d, "clerk", "246802", address="pc-2")  # per account: another machine waits too
    clock["now"] += timedelta(seconds=3)
    with pytest.raises(PermissionRefused, match="wrong user name or password"):
        users.authenticate(d, "clerk", "333333", address="pc-1")
    with pytest.raises(PermissionRefused, match="wait 4 s"):  # the wait doubles
        users.authenticate(d, "clerk", "246802", address="pc-1")
    clock["now"] += timedelta(seconds=5)
    assert users.authenticate(d, "clerk", "246802", address="pc-1").role == "clerk"
    assert users.authenticate(d, "admin", "admin-pass", address="pc-1").role == "administrator"  # others unaffected
    with d.session() as s:
        failed = [e for e in audit.events(s, "login:") if e.action == users.LOGIN_FAILED]
        assert len(failed) == 4 and all('"address": "pc-1"' in e.new and e.actor == "clerk" for e in failed)
        assert audit.verify_chain(s).ok
    clock["now"] += timedelta(minutes=16)  # failures older than the window no longer count
    assert users.login_wait(d, "clerk", "pc-1") == 0


def test_wrong_passwords_back_off_per_machine(db):
    d, clock = db
    for i in range(users.FREE_FAILURES_ADDRESS):  # spread over accounts so that no account is held
        with pytest.raises(PermissionRefused, match="wrong user name or password"):
            users.authenticate(d, f"nobody{i}", "xxxxxx", address="kiosk")
    with pytest.raises(PermissionRefused, match="too many failed logins"):
        users.authenticate(d, "admin", "admin-pass", address="kiosk")
    assert users.authenticate(d, "admin", "admin-pass", address="desk").name == "admin"
