"""Start-up timing hook for `bench/bench_startup.py` (inert unless asked for).

With `JUDGE_APP_STARTUP_PROBE=1` in the environment, the first time the main window has been
painted the process prints `startup-shown <time.time()>` on stdout. If the window showed a file's
first screen before its database was opened (gui.workspace.Workspace.open_later), the process
then also prints `startup-ready <time.time()>` once that open has finished, so the bench reports
both moments; then it quits the application.
"""

from __future__ import annotations

import os

ENV = "JUDGE_APP_STARTUP_PROBE"
MARK = "startup-shown"
READY_MARK = "startup-ready"


def watch_first_paint(window) -> None:
    """Report and quit after the window's first paint, if the probe is enabled; else nothing."""
    if not os.environ.get(ENV):
        return
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    def say(mark: str) -> None:
        print(f"{mark} {time.time():.6f}", flush=True)

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, self.report)  # after this paint (and its children's) has finished
            return False

        def report(self):
            say(MARK)
            ws = window.ws
            if ws.first_screen is None:  # nothing deferred: the window is complete
                QApplication.quit()
                return
            ws.ready.connect(lambda: (say(READY_MARK), QApplication.quit()))
            ws.open_failed.connect(lambda _exc: QApplication.quit())

    window._startup_probe = FirstPaint(window)
    window.installEventFilter(window._startup_probe)
