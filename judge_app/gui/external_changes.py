"""Keeping every page current while another program (the CLI, `serve`, the stage console, a
second workspace) writes the same contest file.

A `ChangeProbe` is asked every POLL_MS (microseconds, reads no table); after a commit by another
connection, the audit events since the last one seen say which topics to refresh, and they are
announced like the workspace's own changes (`Workspace.notify`), after `changed_elsewhere`, so a
page whose own edits keep it current (the score grid) reloads only for changes made elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from judge_app.services.integrity import change_topics

POLL_MS = 500


class ExternalChanges(QObject):
    def __init__(self, workspace, parent=None, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.ws = workspace
        self.probe = None  # services.integrity.change_topics.change_probe(db) while a file is open
        self.last_id = 0
        self._announcing = False
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.check)
        workspace.opened.connect(self.reset)
        workspace.changed.connect(self._own_change)
        self.reset()

    def reset(self) -> None:
        """A database was opened (or closed): watch it from its current state."""
        if self.probe is not None:
            self.probe.close()
            self.probe = None
        if self.ws.db is None:
            self.timer.stop()
            return
        self.probe = change_topics.change_probe(self.ws.db)
        self.last_id = change_topics.last_event_id(self.ws.db)
        self.timer.start()

    def check(self) -> bool:
        """Announce what others changed since the last check; True if anything was announced."""
        if self.probe is None or self.ws.db is None or not self.probe.changed():
            return False
        return self._take(set())

    def _own_change(self, topic: str) -> None:
        """The workspace announced its own change: take the events up to now, announcing only
        what else they touch (another program may have written just before)."""
        if not self._announcing and self.ws.db is not None and self.probe is not None:
            self._take({topic, change_topics.AUDIT})

    def _take(self, already: set[str]) -> bool:
        self.last_id, topics = change_topics.changes_since(self.ws.db, self.last_id)
        topics -= already
        if not topics:
            return False
        self._announcing = True
        try:
            for topic in change_topics.ALL:
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
