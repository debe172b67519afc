"""The stage finds the projector: full screen on the second screen, a window with one screen.

Screens are faked with the offscreen platform's configuration file, which must be given when
Qt starts — hence a separate process per screen setup.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from judge_app.cli import main as cli_main
from tools.stage_screenshots import build_demo_db

SCRIPT = r"""
import json, sys
from judge_app.qt.app import ensure_app
from judge_app.stage.console import open_host_console
from judge_app.store.database import open_database

app = ensure_app()
db = open_database(sys.argv[1])
console = open_host_console(db, "final", "test")
app.processEvents()

def where(w):
    g = w.geometry()
    return {"fullscreen": w.isFullScreen(), "screen": w.screen().name(), "rect": [g.x(), g.y(), g.width(), g.height()]}

out = {"auto": where(console.stage), "console": console.screen().name(),
       "preview": [console.preview.aspect.width(), console.preview.aspect.height()],
       "choices": [console.screen_box.itemData(i) for i in range(console.screen_box.count())]}
console.screen_choice = "window"
console.place_stage()
app.processEvents()
out["window"] = where(console.stage)
console.screen_choice = "auto"
console._screens_changed()
app.processEvents()
out["again"] = where(console.stage)
print(json.dumps(out))
console.close()
db.close()
"""


def screens_file(tmp_path, screens) -> str:
    path = tmp_path / "screens.json"
    path.write_text(json.dumps({"windowFrameMargins": False, "screens": [
        {"name": name, "x": x, "y": 0, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        for name, x, w, h in screens
    ]}))
    return str(path)


def run_with_screens(tmp_path, screens) -> dict:
    db_path = tmp_path / "contest.sqlite"
    if not db_path.exists():
        build_demo_db(db_path).close()
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens_file(tmp_path, screens)}")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_full_screen_on_the_projector_when_one_is_attached(tmp_path):
    out = run_with_screens(tmp_path, [("laptop", 0, 1366, 768), ("projector", 1366, 1920, 1080)])
    assert out["console"] == "laptop"
    assert out["auto"] == {"fullscreen": True, "screen": "projector", "rect": [1366, 0, 1920, 1080]}
    assert out["preview"] == [1920, 1080]  # the preview keeps the projector's proportions
    assert out["choices"] == ["auto", "window", "laptop", "projector"]
    assert out["window"]["fullscreen"] is False and out["window"]["screen"] == "laptop"
    assert out["again"]["fullscreen"] is True and out["again"]["screen"] == "projector"


def test_a_window_when_there_is_only_one_screen(tmp_path):
    out = run_with_screens(tmp_path, [("laptop", 0, 1280, 800)])
    assert out["auto"]["fullscreen"] is False and out["auto"]["screen"] == "laptop"
    x, y, w, h = out["auto"]["rect"]
    assert 0 <= x and x + w <= 1280 and y + h <= 800


def test_stage_command_refuses_an_unknown_round(tmp_path, capsys):
    db_path = tmp_path / "contest.sqlite"
    build_demo_db(db_path).close()
    assert cli_main(["--db", str(db_path), "stage", "--round", "semifinal"]) == 2
    assert "未知轮次" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--theme", "neon"], []])
def test_stage_command_options(args, capsys):
    with pytest.raises(SystemExit):
        cli_main(["stage", *args])
