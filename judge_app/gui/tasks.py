"""Long work off the GUI thread: a function run in the global QThreadPool, reporting progress.

`run_task(fn, on_done, on_error)` calls `fn(progress)` in a worker; `progress(done, total)`
may be called from the worker and reaches the GUI thread as a signal. A task is cancelled by
`task.cancel()`: the next `progress` call raises `Cancelled` in the worker, so a service that
reports progress inside its transaction rolls back. (Picard's `run_task` and Anki's
`CollectionOp` are the model.) Each task opens its own database session in the worker.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """The user pressed Cancel; the unit of work is rolled back."""


class TaskSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object, str)  # exception, traceback text


class Task(QRunnable):
    def __init__(self, fn: Callable[[Callable[[int, int], None]], object]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self.report)
        except BaseException as exc:  # reported to the GUI thread, never lost in the worker
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


_running: set[Task] = set()


def run_task(fn, on_done=None, on_error=None, on_progress=None) -> Task:
    task = Task(fn)
    _running.add(task)
    if on_progress:
        task.signals.progress.connect(on_progress)
    if on_done:
        task.signals.done.connect(on_done)
    if on_error:
        task.signals.failed.connect(on_error)
    task.signals.done.connect(lambda _r: _running.discard(task))
    task.signals.failed.connect(lambda _e, _t: _running.discard(task))
    QThreadPool.globalInstance().start(task)
    return task


def wait_all(msecs: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
