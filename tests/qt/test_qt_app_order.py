"""One Qt application for the whole process: an off-screen path (thumbnails) run before a
window or pytest-qt's `qapp` must not start a bare QGuiApplication, which aborts the process
when the QApplication follows. Each order runs in its own pytest process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ORDERS = [
    ("tests/services/test_showcase_package.py", "tests/stage/test_showcase_exhibition.py"),
    ("tests/store/test_engine_paths.py", "tests/gui/test_engine_front_ends.py"),
]


@pytest.mark.parametrize("first,second", ORDERS, ids=["showcase", "engine"])
def test_off_screen_path_then_qapplication(first, second):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", first, second],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_thumbnail_starts_a_qapplication():
    code = ("from pathlib import Path; from PySide6.QtWidgets import QApplication;"
            "from judge_app.qt.thumbnails import thumbnail;"
            "image, how = thumbnail(Path('missing.pdf'), 'document');"
            "assert how == 'placeholder' and not image.isNull();"
            "assert isinstance(QApplication.instance(), QApplication), type(QApplication.instance());"
            "from judge_app.qt.app import ensure_app; assert ensure_app() is QApplication.instance()")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
