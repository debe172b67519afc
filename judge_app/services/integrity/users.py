"""Accounts and roles: who may change what.

Roles: **administrator** (contest setup, users, locking and unlocking, restore), **clerk**
(score entry and imports), **host** (runs the stage; changes no scores), **judge** (enters
their own scores only, signs off a round as head judge).

Passwords (or PINs) are stored as salted scrypt hashes (`hashlib.scrypt`, n=2**14, r=8, p=1,
16-byte random salt), never as text.

Enforcement starts when the first administrator account is created (`judge-app users add NAME
--role administrator`). A database without any administrator — the demo, a quick trial, the
test suite — works as before: every action is allowed and the audit trail records the name
given with `--user` (or the login name). Once an administrator exists, every change needs a
known, active account whose role allows it; the front end (CLI prompt, GUI login) checks the
password with `authenticate`, and the services check the role with `require_role` where the
data is written.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from judge_app.services.contest.contest_access import ServiceError
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import AuditEventRow, UserRow

ADMINISTRATOR, CLERK, HOST, JUDGE = "administrator", "clerk", "host", "judge"
ROLES = (ADMINISTRATOR, CLERK, HOST, JUDGE)
ROLE_NAMES = {ADMINISTRATOR: "管理员", CLERK: "录分员", HOST: "主持人", JUDGE: "评委"}

# What each permission is called in messages, and which roles hold it.
PERMISSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "setup": ("创建或修改比赛 (contest setup)", frozenset({ADMINISTRATOR})),
    "users": ("管理账户 (manage accounts)", frozenset({ADMINISTRATOR})),
    "lock": ("锁定 (lock)", frozenset({ADMINISTRATOR})),
    "unlock": ("解锁 (unlock)", frozenset({ADMINISTRATOR})),
    "restore": ("从备份恢复 (restore a backup)", frozenset({ADMINISTRATOR})),
    "import": ("导入评分或投票 (import scores or votes)", frozenset({ADMINISTRATOR, CLERK})),
    "scores": ("录入评分 (enter scores)", frozenset({ADMINISTRATOR, CLERK, JUDGE})),
    "signoff": ("签署确认 (sign off a round)", frozenset({ADMINISTRATOR, JUDGE})),
    "stage": ("控制舞台显示 (run the stage)", frozenset({ADMINISTRATOR, CLERK, HOST})),
    "backup": ("备份 (back up)", frozenset({ADMINISTRATOR, CLERK, HOST})),
}

PASSWORD_ENV = "JUDGE_APP_PASSWORD"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 6  # a PIN of six digits is the shortest accepted (four fall to an offline search in a minute)
# Back-off after wrong passwords: each account may fail FREE_FAILURES times, each machine
# FREE_FAILURES_ADDRESS times (over all accounts) within FAILURE_WINDOW_S; after that every
# further attempt waits 2, 4, 8 … seconds (at most MAX_WAIT_S) after the last failure. Every
# failure is audited (`user.login_failed`, with the account and the machine).
FREE_FAILURES, FREE_FAILURES_ADDRESS = 3, 10
FAILURE_WINDOW_S, MAX_WAIT_S = 15 * 60, 300
LOGIN_FAILED = "user.login_failed"


class PermissionRefused(ServiceError):
    """The acting user may not do this (unknown, inactive, wrong password or wrong role)."""


@dataclass(frozen=True)
class Identity:
    name: str
    role: str
    judge_code: str = ""


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2, maxmem=256 * 1024 * 1024)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def enforcing(session: Session) -> bool:
    """True once an active administrator account exists: from then on every change needs an account."""
    return session.execute(
        text("SELECT 1 FROM app_user WHERE role = :r AND active LIMIT 1"), {"r": ADMINISTRATOR}
    ).first() is not None


def allows(role: str, permission: str) -> bool:
    """Whether a role holds a permission (see PERMISSIONS); front ends ask before offering an action."""
    return role in PERMISSIONS[permission][1]


def permission_label(permission: str) -> str:
    return PERMISSIONS[permission][0]


def _user(session: Session, name: str) -> UserRow | None:
    return session.exec(select(UserRow).where(UserRow.name == name)).first()


def require_role(session: Session, actor: str, permission: str, judge_code: str | None = None) -> None:
    """Refuse unless `actor` may do `permission` (no-op while no administrator exists).

    Call it inside the use case's session, before writing. For "scores", pass the judge whose
    scores are written: a judge account may write only its own.
    """
    if not enforcing(session):
        return
    label = permission_label(permission)
    user = _user(session, actor)
    if user is None or not user.active:
        raise PermissionRefused(f"用户 {actor!r} 没有有效账户, 不能{label} (no active account)")
    if not allows(user.role, permission):
        raise PermissionRefused(
            f"用户 {actor} 的角色是{ROLE_NAMES[user.role]} ({user.role}), 不能{label} (role not allowed)")
    if user.role == JUDGE and permission == "scores" and judge_code is not None and judge_code != user.judge_code:
        raise PermissionRefused(
            f"评委账户 {actor} 只能录入自己 ({user.judge_code or '未关联'}) 的评分, 不能录入评委 {judge_code} 的 "
            f"(a judge enters only their own scores)")


def _now() -> datetime:
    return datetime.now().astimezone()


def _this_machine() -> str:
    return socket.gethostname() or "local"


def _wait_after(failures: list[datetime], free: int, now: datetime) -> int:
    """Seconds still to wait after these recent failures (0: an attempt may be made)."""
    if len(failures) < free:
        return 0
    wait = min(MAX_WAIT_S, 2 ** (len(failures) - free + 1))
    return max(0, int(wait - (now - max(failures)).total_seconds() + 0.999))


def login_wait(db: Database, name: str, address: str | None = None) -> int:
    """Seconds before `name` may try a password again from `address` (0: now), from the audited failures."""
    where = (address or _this_machine())[:100]
    now = _now()
    cutoff = now - timedelta(seconds=FAILURE_WINDOW_S)
    with db.session() as session:
        rows = session.exec(select(AuditEventRow.at, AuditEventRow.actor, AuditEventRow.target)
                            .where(AuditEventRow.action == LOGIN_FAILED)
                            .order_by(AuditEventRow.id.desc()).limit(200)).all()
    by_account, by_address = [], []
    for at, actor, target in rows:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            continue
        if when < cutoff:
            continue
        if actor == name[:100]:
            by_account.append(when)
        if target == f"login:{where}":
            by_address.append(when)
    return max(_wait_after(by_account, FREE_FAILURES, now), _wait_after(by_address, FREE_FAILURES_ADDRESS, now))


def authenticate(db: Database, name: str, password: str, address: str | None = None) -> Identity:
    """Check a name and password; the identity to act as, or PermissionRefused (same message either way).

    Repeated failures back off per account and per machine (`login_wait`): while an account or
    a machine must wait, the password is not even checked. Every failure is audited."""
    where = (address or _this_machine())[:100]
    wait = login_wait(db, name, where)
    if wait:
        raise PermissionRefused(f"登录失败次数过多, 请 {wait} 秒后再试 (too many failed logins: wait {wait} s)")
    with db.session() as session:
        user = _user(session, name)
        if user is not None and user.active and check_password(password, user.password_hash):
            return Identity(user.name, user.role, user.judge_code)
    with db.session() as session:
        audit.take_write_lock(session)
        audit.record(session, name[:100], LOGIN_FAILED, f"login:{where}", new={"account": name[:100], "address": where},
                     at=_now().isoformat(timespec="seconds"))
    raise PermissionRefused(f"用户名或密码错误: {name} (wrong user name or password)")


def is_enforcing(db: Database) -> bool:
    with db.session() as session:
        return enforcing(session)


def add_user(db: Database, name: str, role: str, password: str, actor: str, judge_code: str = "") -> Identity:
    """Create an account. The first account of a database must be an administrator."""
    name = name.strip()
    if not name:
        raise ServiceError("用户名不能为空 (empty user name)")
    if role not in ROLES:
        raise ServiceError(f"未知角色 {role!r}, 可用: {', '.join(ROLES)} (unknown role)")
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"密码至少 {MIN_PASSWORD} 个字符 (password too short)")
    if role == JUDGE and not judge_code:
        raise ServiceError("评委账户须用 --judge 关联评委编号 (a judge account needs --judge CODE)")
    with db.session() as session:
        audit.take_write_lock(session)
        if not enforcing(session):
            if role != ADMINISTRATOR:
                raise ServiceError("第一个账户须为管理员 (the first account must be an administrator)")
            actor = name
        else:
            require_role(session, actor, "users")
        if _user(session, name) is not None:
            raise ServiceError(f"用户 {name} 已存在 (user exists)")
        session.add(UserRow(name=name, role=role, judge_code=judge_code, password_hash=hash_password(password),
                            created_at=audit.now()))
        audit.record(session, actor, "user.add", f"user:{name}", new={"role": role, "judge": judge_code or None})
    return Identity(name, role, judge_code)


def set_password(db: Database, name: str, password: str, actor: str) -> None:
    """Change a password: administrators for anyone, every user for themself."""
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"密码至少 {MIN_PASSWORD} 个字符 (password too short)")
    with db.session() as session:
        audit.take_write_lock(session)
        if actor != name:
            require_role(session, actor, "users")
        user = _user(session, name)
        if user is None:
            raise ServiceError(f"没有用户 {name} (no such user)")
        user.password_hash = hash_password(password)
        session.add(user)
        audit.record(session, actor, "user.password", f"user:{name}")


def set_active(db: Database, name: str, active: bool, actor: str) -> None:
    with db.session() as session:
        audit.take_write_lock(session)
        require_role(session, actor, "users")
        user = _user(session, name)
        if user is None:
            raise ServiceError(f"没有用户 {name} (no such user)")
        if not active and user.role == ADMINISTRATOR:
            admins = session.execute(
                text("SELECT count(*) FROM app_user WHERE role = :r AND active"), {"r": ADMINISTRATOR}).scalar()
            if admins <= 1:
                raise ServiceError("不能停用最后一个管理员 (cannot disable the last administrator)")
        user.active = active
        session.add(user)
        audit.record(session, actor, "user.enable" if active else "user.disable", f"user:{name}")


def list_users(db: Database) -> list[tuple[str, str, str, bool, str]]:
    """(name, role, judge code, active, created at) for every account; never the password hash."""
    with db.session() as session:
        return [(u.name, u.role, u.judge_code, u.active, u.created_at)
                for u in session.exec(select(UserRow).order_by(UserRow.name)).all()]


class SessionExpired(PermissionRefused):
    """The login timed out after inactivity; log in again."""


class LoginSession:
    """A logged-in user in a front end (the GUI): expires after `timeout_s` seconds without activity.

    Call `require()` before each administrator or clerk action; it refreshes the timer, or
    raises SessionExpired so the GUI asks for the password again.
    """

    def __init__(self, identity: Identity, timeout_s: float = 600, clock: Callable[[], float] = time.monotonic):
        self.identity = identity
        self.timeout_s = timeout_s
        self._clock = clock
        self._last = clock()

    @property
    def expired(self) -> bool:
        return self._clock() - self._last > self.timeout_s

    def touch(self) -> None:
        self._last = self._clock()

    def require(self) -> Identity:
        if self.expired:
            raise SessionExpired(f"{self.identity.name} 的登录已超时, 请重新输入密码 (session timed out)")
        self.touch()
        return self.identity
