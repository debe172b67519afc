"""Checking a legacy .xls workbook before the sheet reader allocates it (bounded by file size for now)."""

from __future__ import annotations

from pathlib import Path


def check_legacy_workbook(path: Path) -> None:
    """A legacy workbook is bounded by its file size (checked by the caller)."""
