"""Where bundled files live: `resources/` and `db/` beside the package (a source checkout or an
editable install), inside the package as `bundled/` (a wheel, see setup.py), or in a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


def app_root() -> Path:
    """The directory holding `db/` and `resources/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return BUNDLED_DIR if BUNDLED_DIR.is_dir() else Path(__file__).resolve().parents[1]


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)
