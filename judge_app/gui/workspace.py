"""The open contest document: its database, who is working, and what changed.

Pages listen to `changed(topic)` and refresh only what a change touches (Anki's
`OpChanges` idea): "contest" (setup, entries, judges, conflicts), "scores", "votes", "audit".
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import QObject, Signal

from judge_app.store.database import Database

CONTEST = "contest"
SCORES = "scores"
VOTES = "votes"


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class Workspace(QObject):
    changed = Signal(str)
    opened = Signal()

    def __init__(self, db: Database | None = None, actor: str | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.actor = actor or login_name()

    def set_db(self, db: Database | None) -> None:
        if self.db is not None and self.db is not db:
            self.db.close()
        self.db = db
        self.opened.emit()

    def notify(self, topic: str) -> None:
        self.changed.emit(topic)


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
