"""Start-up timing hook for `bench/bench_startup.py` (inert unless asked for).

With `JUDGE_APP_STARTUP_PROBE=1` in the environment, the first time the main window has been
painted the process prints `startup-shown <time.time()>` on stdout and quits the application,
so the bench can time "process start → first window on screen" from outside.
"""

from __future__ import annotations

import os

ENV = "JUDGE_APP_STARTUP_PROBE"
MARK = "startup-shown"


def watch_first_paint(window) -> None:
    """Report and quit after the window's first paint, if the probe is enabled; else nothing."""
    if not os.environ.get(ENV):
        return
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, self.report)  # after this paint (and its children's) has finished
            return False

        def report(self):
            print(f"{MARK} {time.time():.6f}", flush=True)
            QApplication.quit()

    window._startup_probe = FirstPaint(window)
    window.installEventFilter(window._startup_probe)
