"""Ships `db/` (the migrations) and `resources/` inside the wheel as package data.

They sit beside the package in the source tree (Alembic, the PyInstaller spec and the docs
point there), so the build copies them into `judge_app/bundled/`, where
`judge_app.resources.app_root` finds them in an installed copy. Everything else is declared
in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("db", "resources")  # judge_app.resources.BUNDLED_DIR holds them in a wheel
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite", "*.sqlite-*", "*.qm")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the source tree
            return
        target = Path(self.build_lib) / "judge_app" / "bundled"
        shutil.rmtree(target, ignore_errors=True)  # no file left over from an earlier build
        for name in BUNDLED:
            shutil.copytree(ROOT / name, target / name, ignore=SKIP, dirs_exist_ok=True)

    def get_outputs(self, include_bytecode=1):
        outputs = super().get_outputs(include_bytecode)
        target = Path(self.build_lib) / "judge_app" / "bundled"
        return outputs + [str(p) for p in target.rglob("*") if p.is_file()] if target.is_dir() else outputs


setup(cmdclass={"build_py": BuildWithData})
