"""The workspace's first screen of an SQLite contest file, read on the light path.

Why: opening a file through `store.database` imports SQLAlchemy, SQLModel and the table models
(about two thirds of the window's start-up) before anything can be shown. The first screen —
the contest's setup page and who is working — needs none of that: it is read here with `sqlite3`
(read-only, the file checked as the full path checks it) and the full database is opened right
after the window's first paint (`gui.workspace.Workspace.open_later`). A file the light path does
not take (a server URL, an older or damaged file, a foreign one) gets None and is opened the full
way, which upgrades or explains as before.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from judge_app.domain.contest import Contest
from judge_app.store import light_first_screen, light_read


@dataclass(frozen=True)
class FirstScreen:
    location: str
    contest: Contest | None
    attachments: dict[str, list[str]] = field(default_factory=dict)  # entry code → attachment names
    enforcing: bool = False  # an administrator account exists
    last_event_id: int = 0  # the newest audit event when this was read


def read_first_screen(location: str) -> FirstScreen | None:
    """The first screen of the contest file at `location`, or None: open it the full way."""
    conn = light_read.connect(location)
    if conn is None:
        return None
    try:
        stored = light_read.read_contest(conn)
        return FirstScreen(location, stored.contest if stored else None,
                           light_first_screen.attachment_names(conn), light_first_screen.accounts_enforced(conn),
                           light_first_screen.last_event_id(conn))
    except sqlite3.Error:  # a table the file lacks after all: the full path explains
        return None
    finally:
        conn.close()
