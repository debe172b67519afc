"""The Qt desktop front end (organizer and clerk workspace).

Importing any GUI module first runs `judge_app.qt.app` (the PySide6 6.12.0 reference-count guard and the
bundled-font bootstrap), so no Qt call can come before the guard.
"""

from judge_app.qt import app as qt_app  # noqa: F401
