"""Keeping every page current while another program (the CLI, `serve`, the stage console, a
second workspace) writes the same contest file.

A `ChangeProbe` is asked every POLL_MS (microseconds, reads no table); after a commit by another
connection, the audit events since the last one seen say which topics to refresh, and they are
announced like the workspace's own changes (`Workspace.notify`), after `changed_elsewhere`, so a
page whose own edits keep it current (the score grid) reloads only for changes made elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

POLL_MS = 500


def _topics():
    from judge_app.services.integrity import change_topics  # SQLAlchemy: once the database itself is open

    return change_topics


class ExternalChanges(QObject):
    def __init__(self, workspace, parent=None, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.ws = workspace
        self.probe = None  # services.integrity.change_topics.change_probe(db) while a file is open
        self.last_id = 0
        self.caught_up = False  # what the last catch-up after a deferred open announced
        self._announcing = False
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.check)
        workspace.opened.connect(self.reset)
        workspace.ready.connect(self._ready)
        workspace.changed.connect(self._own_change)
        self.reset()

    def reset(self) -> None:
        """A database was opened (or closed): watch it from its current state. A file shown from
        its first screen is watched from the audit event read with it, once its database is open."""
        if self.probe is not None:
            self.probe.close()
            self.probe = None
        shown = self.ws.first_screen
        if shown is not None:
            self.last_id = shown.last_event_id
            self.timer.start()  # the next poll opens the database if nothing has yet
            return
        if self.ws.db is None:
            self.timer.stop()
            return
        self.probe = _topics().change_probe(self.ws.db)
        self.last_id = _topics().last_event_id(self.ws.db)
        self.timer.start()

    def _ready(self) -> bool:
        """The pending file's database is open: watch it, announcing what others wrote since its
        first screen was read; True if anything was announced."""
        if self.probe is not None or self.ws.db is None:
            return False
        self.probe = _topics().change_probe(self.ws.db)
        self.caught_up = self._take(set())
        return self.caught_up

    def check(self) -> bool:
        """Announce what others changed since the last check; True if anything was announced."""
        if self.ws.first_screen is not None:  # not yet opened after the first paint: open it now
            self.caught_up = False
            return self.ws.finish_opening() and self.caught_up
        if self.probe is None or self.ws.db is None or not self.probe.changed():
            return False
        return self._take(set())

    def _own_change(self, topic: str) -> None:
        """The workspace announced its own change: take the events up to now, announcing only
        what else they touch (another program may have written just before)."""
        if not self._announcing and self.ws.db is not None and self.probe is not None:
            self._take({topic, _topics().AUDIT})

    def _take(self, already: set[str]) -> bool:
        self.last_id, topics = _topics().changes_since(self.ws.db, self.last_id)
        topics -= already
        if not topics:
            return False
        self._announcing = True
        try:
            for topic in _topics().ALL:
                if topic in topics:
                    self.ws.changed_elsewhere.emit(topic)
                    self.ws.notify(topic)
        finally:
            self._announcing = False
        return True

    def stop(self) -> None:
        self.timer.stop()
        if self.probe is not None:
            self.probe.close()
            self.probe = None
