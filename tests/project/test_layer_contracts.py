"""The import contracts in pyproject.toml hold the layers and fail on a violation: a copy of the
package with one forbidden import in each of the domain, a screen and the printing code breaks
exactly those three contracts (and the real tree keeps them all)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree), "HOME": str(tree)}
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_tree_keeps_every_contract():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "BROKEN" not in done.stdout


def test_a_forbidden_import_breaks_its_contract(tmp_path):
    shutil.copytree(ROOT / "judge_app", tmp_path / "judge_app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in (("domain/scoring.py", "import sqlalchemy  # noqa"),
                         ("gui/results_page.py", "from judge_app.store import audit  # noqa"),
                         ("printing/tables_pdf.py", "import PySide6.QtGui  # noqa")):
        path = tmp_path / "judge_app" / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode != 0
    out = done.stdout
    for name in ("The domain layer is pure Python: no Qt, no database BROKEN",
                 "The GUI and the stage never touch the store: they ask services BROKEN",
                 "Printing draws with reportlab only: no Qt BROKEN"):
        assert name in out, out[-3000:]
    assert "judge_app.gui.results_page -> judge_app.store.audit" in out
