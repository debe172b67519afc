"""The Qt desktop front end (organizer and clerk workspace).

Importing any GUI module first runs `qt_app` (the PySide6 6.12.0 reference-count guard and the
bundled-font bootstrap), so no Qt call can come before the guard.
"""

from judge_app.gui import qt_app  # noqa: F401
