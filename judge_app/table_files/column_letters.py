"""Spreadsheet column letters, read the one way (the workbook guard's cell references, a column named by letter)."""

from __future__ import annotations


def column_number(letters: str) -> int:
    """A column's letters as its 1-based number: A → 1, Z → 26, AA → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n
