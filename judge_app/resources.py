"""Where bundled files live: `resources/` and `db/` beside the package, or inside a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)
