"""A plain (not editable) install works: the wheel carries `db/` (the migrations) and
`resources/` as package data, and `demo`, `rank` and `gui --screenshot` run from a fresh virtual
environment that holds the installed wheel and nothing of the source tree.

The wheel is built from a copy of the sources with pip (build isolation from the configured
package index, which may be a local one); the fresh environment borrows this environment's
installed dependencies through a `.pth` line, so the test needs no network. Only when the wheel
cannot be built here (no setuptools to be had) is it skipped, saying so."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

SOURCES = ("judge_app", "db", "resources", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite", "*.sqlite-*", "*.qm", "bundled")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, src / name, **(
            {"ignore": JUNK} if (ROOT / name).is_dir() else {}))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                           capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.skip(f"the wheel cannot be built here (pip wheel failed, e.g. no setuptools offline): "
                    f"{built.stderr.strip()[-300:]}")
    (found,) = out.glob("judge_app-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; dependencies borrowed from this one."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # after the environment's own site-packages, so the installed judge_app wins over any other
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = env_dir / ("Scripts/judge-app.exe" if os.name == "nt" else "bin/judge-app")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUDGE_APP_DB")}
    env.update(HOME=str(cwd), QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(cwd / "data"),
               XDG_CACHE_HOME=str(cwd / "cache"))
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env,
                          timeout=300)


def test_the_wheel_carries_the_migrations_and_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    heads = {Path(n).name for n in names if n.startswith("judge_app/bundled/db/versions/")}
    assert heads == {p.name for p in (ROOT / "db" / "versions").glob("*.py")}
    assert "judge_app/bundled/db/env.py" in names and "judge_app/bundled/resources/demo/contest.toml" in names
    assert "judge_app/bundled/resources/i18n/judge_app_en.ts" in names
    assert any(n.startswith("judge_app/bundled/resources/fonts/") for n in names)
    assert not any(n.endswith(".sqlite") for n in names)


def test_demo_rank_and_window_run_from_the_installed_wheel(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import judge_app; print(judge_app.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(ROOT)
    made = run(installed, "--db", "demo.sqlite", "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    ranked = run(installed, "--db", "demo.sqlite", "rank", "--round", "final", "--format", "json", cwd=tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    entries = json.loads(ranked.stdout)["entries"]
    assert len(entries) == 20 and entries[0]["rank"] == 1
    shown = run(installed, "--db", "demo.sqlite", "gui", "--lang", "en", "--screenshot", "window.png", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout.strip().splitlines()[-1])
    assert report["title"].endswith("Contest judging judge_app")  # the English translation from the bundled .ts
    assert (tmp_path / "window.png").stat().st_size > 10_000
