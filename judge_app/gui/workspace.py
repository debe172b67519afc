"""The open contest document: its database, who is working, and what changed.

Pages listen to `changed(topic)` and refresh only what a change touches (Anki's
`OpChanges` idea): "contest" (setup, entries, judges, conflicts), "scores", "votes", "audit".

Who is working: while a database has no administrator account, the name typed or given with
`--user` is recorded, as in the CLI. Once accounts exist, every change goes through `act(permission)`,
which returns the logged-in name, asking for a password (through `ask_login`, which the main
window provides) when nobody is logged in, the login timed out, or the role may not do it.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from judge_app.gui.tasks import Runner, default_runner
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: services.integrity.users and the store load after the first paint (see open_later)
    from judge_app.services.integrity import users
    from judge_app.services.contest.first_screen import FirstScreen
    from judge_app.store.database import Database

CONTEST = "contest"
SCORES = "scores"
VOTES = "votes"

DEFAULT_TIMEOUT_S = 600  # ten idle minutes log an administrator or clerk out


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or the password database
        return "unknown"


# ask_login(permission, suggested name) -> the identity that logged in, or None when cancelled
AskLogin = Callable[[str, str], "users.Identity | None"]


def _users():
    from judge_app.services.integrity import users  # SQLAlchemy: not before the window's first paint

    return users


class Workspace(QObject):
    """The open contest. A file opened with `open_later` shows its first screen (read on the light
    path) at once; `db`, the full database, is opened on first use or by `finish_opening` right
    after the window's first paint. Asking for `db` always gives the open database, so nothing
    depends on when the deferred open happens, only how soon the window appears."""

    changed = Signal(str)
    changed_elsewhere = Signal(str)  # before `changed`, for a change another program made (gui.external_changes)
    opened = Signal()
    who_changed = Signal()
    ready = Signal()  # the full database of a file opened with `open_later` is open now
    open_failed = Signal(object)  # ... or could not be opened after all (the DatabaseError); the file is closed

    def __init__(self, db: Database | None = None, actor: str | None = None, parent=None,
                 timeout_s: float = DEFAULT_TIMEOUT_S, clock=None, runner: Runner | None = None):
        super().__init__(parent)
        self._db = db
        self.first_screen: FirstScreen | None = None  # set while a file opened with open_later is pending
        self.runner = runner or default_runner()  # long calls go through it (gui/tasks.py); tests pass SyncRunner
        self.actor = actor or login_name()
        # Without accounts, the name recorded is the one the user gives at the first change (the
        # window asks through `ask_name`), never silently the computer's login such as `root`.
        self.named = bool(actor)
        self.ask_name: Callable[[], str | None] | None = None
        self.timeout_s = timeout_s
        self._clock = clock
        self.login: users.LoginSession | None = None
        self.ask_login: AskLogin | None = None
        self.enforcing = db is not None and _users().is_enforcing(db)

    @property
    def db(self) -> Database | None:
        """The open contest database (opened now if a file opened with `open_later` is still pending)."""
        if self.first_screen is not None:
            self.finish_opening()
        return self._db

    @property
    def is_open(self) -> bool:
        """A contest file is open (perhaps still being opened): the check for screens, which never opens."""
        return self._db is not None or self.first_screen is not None

    def set_db(self, db: Database | None) -> None:
        self.first_screen = None
        if self._db is not None and self._db is not db:
            self._db.close()
        self._db = db
        self.login = None
        self.enforcing = db is not None and _users().is_enforcing(db)
        self.opened.emit()
        self.who_changed.emit()

    def open_later(self, shown: FirstScreen) -> None:
        """Show a file's first screen now (read on the light path) and open its database when it is
        first asked for or `finish_opening` is called: the window paints before the store loads."""
        if self._db is not None:
            self._db.close()
        self._db, self.login = None, None
        self.first_screen = shown
        self.enforcing = shown.enforcing
        self.opened.emit()
        self.who_changed.emit()

    def finish_opening(self) -> bool:
        """Open the pending file's database; True when one is open. A file that cannot be opened
        after all (changed on disk since it was read) is closed and `open_failed` says why."""
        shown = self.first_screen
        if shown is None:
            return self._db is not None
        from judge_app.errors import DatabaseError
        from judge_app.services.contest.workspace_files import open_contest_file

        self.first_screen = None
        try:
            self._db = open_contest_file(shown.location)
        except DatabaseError as exc:
            self.set_db(None)
            self.open_failed.emit(exc)
            return False
        if self.enforcing != _users().is_enforcing(self._db):  # an account added in between
            self.enforcing = not self.enforcing
            self.who_changed.emit()
        self.ready.emit()
        return True

    def close_db(self) -> None:
        """At exit: close the open database; a pending one is never opened just to be closed."""
        self.first_screen = None
        if self._db is not None:
            self._db.close()

    def notify(self, topic: str) -> None:
        self.changed.emit(topic)

    # who is working ------------------------------------------------------------------------------
    @property
    def user(self) -> str | None:
        """The name shown as working now: the logged-in account, or the free name without accounts."""
        if not self.enforcing:
            return self.actor
        return self.login.identity.name if self.login is not None and not self.login.expired else None

    @property
    def role(self) -> str | None:
        return self.login.identity.role if self.enforcing and self.login is not None and not self.login.expired else None

    def refresh_accounts(self) -> None:
        """Re-read whether accounts are in force (after the first administrator is created)."""
        was = self.enforcing
        self.enforcing = self.db is not None and _users().is_enforcing(self.db)
        if was != self.enforcing:
            self.who_changed.emit()

    def log_in(self, identity: users.Identity) -> None:
        kwargs = {"clock": self._clock} if self._clock is not None else {}
        self.login = _users().LoginSession(identity, self.timeout_s, **kwargs)
        self.who_changed.emit()

    def log_out(self) -> None:
        if self.login is not None:
            self.login = None
            self.who_changed.emit()

    def touch(self) -> None:
        """User input: an active login stays alive (an expired one is not revived)."""
        if self.login is not None and not self.login.expired:
            self.login.touch()

    def check_timeout(self) -> bool:
        """Log out a login idle for longer than the timeout; True when that happened now."""
        if self.login is not None and self.login.expired:
            self.log_out()
            return True
        return False

    def act(self, permission: str) -> str | None:
        """The name to record for a change needing `permission`, or None when the user cancelled
        the login. The services check the role again where they write."""
        if not self.enforcing:
            if not self.named and self.ask_name is not None:
                name = (self.ask_name() or "").strip()
                if not name:
                    return None
                self.set_operator(name)
            return self.actor
        self.check_timeout()
        if self.login is not None and _users().allows(self.login.identity.role, permission):
            return self.login.require().name
        if self.ask_login is None:
            return None
        suggested = self.login.identity.name if self.login is not None else (self.actor or "")
        identity = self.ask_login(permission, suggested)
        if identity is None:
            return None
        self.log_in(identity)
        return identity.name

    def set_operator(self, name: str) -> None:
        """The person working without accounts (given at the start or at the first change)."""
        self.actor, self.named = name, True
        self.who_changed.emit()

    def actor_for(self, permission: str) -> str:
        """`act`, for code that reports refusals as exceptions: cancelling the login raises."""
        actor = self.act(permission)
        if actor is None:
            raise not_logged_in()
        return actor


def not_logged_in() -> "users.PermissionRefused":
    return _users().PermissionRefused("未登录, 未保存 (not logged in; nothing was changed)")


class LazyRefresh:
    """For pages that are expensive to refresh (results, audit log): a change refreshes a visible
    page at once and a hidden one when it is next shown, so typing scores stays fast."""

    _stale = False

    def refresh_later(self, *_args) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)
