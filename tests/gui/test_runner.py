"""The one runner for long work (gui/tasks.py): off the GUI thread on a single database worker,
progress and cancel, results and errors back on the GUI thread; the synchronous runner the
tests inject gives the same outcome at once."""

from __future__ import annotations

import threading
import time

import pytest

from judge_app.gui.tasks import Cancelled, Runner, SyncRunner
from judge_app.services.contest.contest_access import ServiceError

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_sync_runner_delivers_result_progress_and_errors_at_once(qtbot):
    seen, errors = [], []
    runner = SyncRunner()

    def work(progress):
        for i in range(3):
            progress(i + 1, 3)
        return "done"

    job = runner.run(work, lambda r: f"shown {r}", None, lambda d, t: seen.append((d, t)))
    assert job.finished and job.value == "shown done" and seen == [(1, 3), (2, 3), (3, 3)]
    failed = runner.run(lambda p: (_ for _ in ()).throw(ServiceError("refused")), None, lambda e, t: errors.append(e))
    assert failed.finished and isinstance(errors[0], ServiceError) and failed.value is None


def test_a_cancelled_job_ends_with_cancelled_at_its_next_progress_call(qtbot):
    errors, jobs = [], []

    def work(progress):
        progress(1, 10)
        jobs[0].cancel()  # the user pressed Cancel while the first step ran
        progress(2, 10)  # raises Cancelled: the service's transaction rolls back
        return "never"

    from judge_app.gui.tasks import Task

    jobs.append(Task(work))
    jobs[0].signals.failed.connect(lambda e, t: errors.append(e))
    jobs[0].run()
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)


def test_the_worker_is_one_thread_off_the_gui_thread(qtbot):
    runner = Runner()
    gui = threading.get_ident()
    threads, active, overlaps, results = set(), [0], [], []
    lock = threading.Lock()

    def work(n):
        def job(progress):
            with lock:
                active[0] += 1
                overlaps.append(active[0])
            threads.add(threading.get_ident())
            time.sleep(0.05)
            with lock:
                active[0] -= 1
            return n
        return job

    told = set()

    def done(n):
        told.add(threading.get_ident())
        results.append(n)

    jobs = [runner.run(work(n), done) for n in range(4)]
    qtbot.waitUntil(lambda: len(results) == 4, timeout=10000)
    assert results == [0, 1, 2, 3]  # in order, one at a time
    assert told == {gui}  # the results are handed over on the GUI thread
    assert max(overlaps) == 1 and len(threads) == 1 and gui not in threads
    assert all(j.finished for j in jobs)


def test_cancel_from_the_progress_dialog_stops_the_job(qtbot):
    from PySide6.QtWidgets import QProgressDialog, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = Runner()
    errors, started = [], threading.Event()

    def slow(progress):
        started.set()
        for i in range(1000):
            time.sleep(0.01)
            progress(i, 1000)
        return "finished"

    job = runner.run(slow, None, lambda e, t: errors.append(e), label="正在计算…", parent=parent, cancellable=True)
    assert started.wait(5)
    note = parent.findChild(QProgressDialog)
    assert note is not None and note.labelText() == "正在计算…"
    qtbot.waitUntil(note.isVisible, timeout=5000)  # shown once the job has run 100 ms: the window is not frozen
    from PySide6.QtWidgets import QPushButton

    note.findChild(QPushButton).click()  # 取消
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    assert isinstance(errors[0], Cancelled)


def test_the_window_backs_up_off_the_gui_thread(qtbot, tmp_path):
    from tests.gui_support import example_db, window

    w = window(qtbot, tmp_path, example_db(tmp_path))
    made = w.backup()  # the tests' synchronous runner: the path at once
    assert made is not None and made.exists()
    w.ws.runner = Runner()
    w.statusBar().clearMessage()
    assert w.backup() is None  # returns at once; the copy is made on the worker
    qtbot.waitUntil(lambda: "已备份到" in w.statusBar().currentMessage(), timeout=10000)
    assert w.ws.runner.wait(10000)
