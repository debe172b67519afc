"""Build the one-folder app into dist/judge-app and print its size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(dist: Path | None = None, work: Path | None = None) -> Path:
    dist = dist or ROOT / "dist"
    work = work or ROOT / "build"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build_spec" / "judge_app.spec")],
        check=True, cwd=ROOT,
    )
    return dist / "judge-app"


def folder_size(folder: Path) -> int:
    """Bytes in the folder's files; symbolic links (Linux builds have a few) count as nothing."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    folder = build()
    print(f"built {folder} ({folder_size(folder) / 2**20:.0f} MiB)")
