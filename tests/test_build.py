"""The packaged one-folder app works on its own, outside the project's virtual environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    sys.path.insert(0, str(__import__("conftest").ROOT / "build_spec"))
    from build import build

    base = tmp_path_factory.mktemp("frozen")
    return build(base / "dist", base / "work")


def run(frozen, *args, cwd):
    # A bare environment: no virtual environment, no PYTHONPATH, no project on the path.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    exe = frozen / ("judge-app.exe" if os.name == "nt" else "judge-app")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_frozen_version_demo_and_rank(frozen, tmp_path):
    version = run(frozen, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("judge-app ")
    assert run(frozen, "demo", "--db", "demo.sqlite", cwd=tmp_path).returncode == 0
    ranked = run(frozen, "--db", "demo.sqlite", "rank", "--round", "final", "--format", "json", cwd=tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    data = json.loads(ranked.stdout)
    assert len(data["entries"]) == 20 and data["entries"][0]["rank"] == 1
