"""What the workspace's first screen shows beyond the contest definition, read with `sqlite3`
alone on the light read path (`store.light_read.connect`): each entry's attachment names,
whether accounts are in force, and the newest audit event (where watching for other programs'
changes starts). The same questions as `services.contest.attachments.by_entry`, `services.integrity.users.enforcing`
and `services.integrity.change_topics.last_event_id` ask through SQLAlchemy; tests compare both paths.
"""

from __future__ import annotations

import sqlite3

ADMINISTRATOR = "administrator"  # services.integrity.users.ADMINISTRATOR (a test keeps them equal)


def attachment_names(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Entry code → the original names of its registered attachments, in order."""
    out: dict[str, list[str]] = {}
    rows = conn.execute("SELECT e.code, a.name FROM attachment a JOIN entry e ON e.id = a.entry_id "
                        "ORDER BY e.code, a.position")
    for code, name in rows:
        out.setdefault(code, []).append(name)
    return out


def accounts_enforced(conn: sqlite3.Connection) -> bool:
    """True once an active administrator account exists (every change then needs an account)."""
    return conn.execute("SELECT 1 FROM app_user WHERE role = ? AND active LIMIT 1", (ADMINISTRATOR,)).fetchone() is not None


def last_event_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]
