"""Long work off the GUI thread: the one way the workspace runs a call that may take more than
about 100 ms (issuing certificates, building PDFs, analysis, imports, backups, the showcase).

`Runner.run(fn, on_done, on_error, on_progress, label=…, cancellable=…)` calls `fn(progress)` on
the runner's single database worker — one thread, so two jobs never write the file at once — and
delivers the result, the error (with its traceback) or `progress(done, total)` to the GUI thread
as signals. With a `label` a progress dialog appears once the job has run for 100 ms; with
`cancellable` it has a Cancel button: the next `progress` call then raises `Cancelled` in the
worker, so a service that reports progress inside its transaction rolls back. `SyncRunner` runs
the same jobs at once on the calling thread; tests inject it into the `Workspace`, so a test
reads the result as soon as the call returns. (Anki's `CollectionOp` and Picard's `run_task` are
the model.) Each job opens its own database session in the worker.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The user pressed Cancel; the unit of work is rolled back."""


class TaskSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object, str)  # exception, traceback text


class Task(QRunnable):
    """One job: `fn(progress)`; its outcome arrives as `signals`, and stays in `value`/`error`."""

    def __init__(self, fn: Callable[[Progress], object]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.finished = False
        self.value: object = None  # what on_done (or on_error) returned; the result without on_done
        self.error: BaseException | None = None
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


class Runner:
    """Runs jobs on one worker thread (the single database worker) and reports on the GUI thread."""

    def __init__(self):
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def run(self, fn: Callable[[Progress], object], on_done: Callable[[object], object] | None = None,
            on_error: Callable[[BaseException, str], object] | None = None,
            on_progress: Progress | None = None, *, label: str | None = None, parent: QWidget | None = None,
            cancellable: bool = False) -> Task:
        task = Task(fn)
        self._running.add(task)
        note = self._progress_note(task, label, parent, cancellable) if label else None

        def finished(value=None, error=None, trace=""):
            task.finished, task.error = True, error
            self._running.discard(task)
            if note is not None and isValid(note):  # the window may have closed meanwhile
                note.reset()
                note.deleteLater()
            if parent is not None and not isValid(parent):  # closed while the job ran: nobody to tell
                return
            if error is None:
                task.value = on_done(value) if on_done else value
            elif on_error:
                task.value = on_error(error, trace)
            else:
                raise error

        if on_progress:
            task.signals.progress.connect(on_progress)
        task.signals.done.connect(lambda value: finished(value))
        task.signals.failed.connect(lambda exc, trace: finished(error=exc, trace=trace))
        self._start(task)
        return task

    def _start(self, task: Task) -> None:
        self.pool.start(task)

    def _progress_note(self, task: Task, label: str, parent, cancellable: bool) -> QProgressDialog:
        note = QProgressDialog(label, QCoreApplication.translate("Runner", "取消"), 0, 0, parent)
        note.setWindowModality(Qt.WindowModal)
        note.setMinimumDuration(100)  # quick jobs finish before it appears
        note.setAutoClose(False)
        if not cancellable:
            note.setCancelButton(None)
        note.canceled.connect(task.cancel)

        def moved(done: int, total: int) -> None:
            if total > 0 and isValid(note):
                note.setRange(0, total)
                note.setValue(done)

        task.signals.progress.connect(moved)
        return note

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class SyncRunner(Runner):
    """The same jobs, run at once on the calling thread (tests, scripted screenshots)."""

    def _start(self, task: Task) -> None:
        task.run()

    def _progress_note(self, task, label, parent, cancellable):
        return None


_default: list[Runner] = []


def default_runner() -> Runner:
    """The process's runner (one worker thread for every window)."""
    if not _default:
        _default.append(Runner())
    return _default[0]


def run_task(fn, on_done=None, on_error=None, on_progress=None) -> Task:
    """`default_runner().run(...)`, for callers without a workspace at hand."""
    return default_runner().run(fn, on_done, on_error, on_progress)


def wait_all(msecs: int = 30000) -> bool:
    return all(r.wait(msecs) for r in _default)
