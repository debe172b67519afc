"""Shared fixtures: example files, a fresh database per test, running the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "data"
DEMO = ROOT / "resources" / "demo"
