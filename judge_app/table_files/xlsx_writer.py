"""The one way the app writes a spreadsheet cell: every XLSX export goes through here.

Titles, units, names and award names come from contest files and imports, so they may be
hostile. A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs,
a tab or carriage return) as a formula: `=HYPERLINK("http://…"&A1)` leaks data, `=cmd|' /C calc'!A0`
starts a program. The rule here (and for CSV, through `neutralise_formula`):

- text is always stored as a text cell (never a formula), and text starting with one of those
  characters gets a leading `'` so that it stays text even after someone edits and re-enters it
  (plain signed numbers written as text, such as "-3.5", are left alone);
- characters XML cannot hold (NUL and other C0 controls except tab/newline/CR) are dropped, so
  a hostile title cannot abort the export;
- numbers (int, Decimal, float) are stored as numbers; dates as dates; None as an empty cell.

Use `new_workbook` → `sheet.append(values)` (a `SafeSheet`) → `save`; `formula_cells` lists
any formula a written file holds (the tests open every export with it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell


def neutralise_formula(value):
    """A cell value safe for a spreadsheet: text starting with = + - @ (or tab/CR) gets a leading `'`.

    Plain numbers such as "-3.5" stay as they are. Non-text values are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_text(value: str) -> str:
    """Text as it is stored in an XLSX cell: XML-illegal characters dropped, formulas neutralised."""
    return neutralise_formula(_XML_ILLEGAL.sub("", value))[:MAX_CELL_TEXT]


def safe_sheet_title(title: str, fallback: str = "Sheet") -> str:
    """A worksheet name Excel accepts: no [ ] : * ? / \\ or controls, at most 31 characters."""
    cleaned = _SHEET_TITLE_BAD.sub("_", title).strip("'")[:31]
    return cleaned or fallback


def _store(cell, value) -> None:
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, Decimal, float, dt.date, dt.datetime, dt.time)):
        cell.value = value
    else:
        cell.value = safe_text(str(value))
        cell.data_type = "s"  # never "f", whatever the text


class SafeSheet:
    """A worksheet that only takes values through the safe rule; `ws` is the openpyxl sheet for
    styling (fonts, widths, freeze panes) — never assign cell values through it."""

    def __init__(self, ws):
        self.ws = ws

    @property
    def max_row(self) -> int:
        return self.ws.max_row

    def append(self, values) -> int:
        """Write one row below the last; returns its row number."""
        row = self.ws._current_row + 1  # as openpyxl's own append counts
        for column, value in enumerate(values, start=1):
            _store(self.ws.cell(row=row, column=column), value)
        return row

    def set(self, row: int, column: int, value):
        """Write one cell; returns the openpyxl cell (for its style)."""
        cell = self.ws.cell(row=row, column=column)
        _store(cell, value)
        return cell

    def __getitem__(self, key):  # styling access: sheet["A1"].font = …, sheet[2] for a row
        return self.ws[key]


class SafeWorkbook:
    """An openpyxl workbook whose sheets are `SafeSheet`s."""

    def __init__(self, first_title: str):
        from openpyxl import Workbook

        self.book = Workbook()
        self.book.active.title = safe_sheet_title(first_title)
        self.sheets = [SafeSheet(self.book.active)]

    @property
    def active(self) -> SafeSheet:
        return self.sheets[0]

    def add_sheet(self, title: str) -> SafeSheet:
        taken = {ws.title for ws in self.book.worksheets}
        name = base = safe_sheet_title(title, f"Sheet{len(taken) + 1}")
        n = 2
        while name in taken:
            name = f"{base[:28]}({n})"
            n += 1
        sheet = SafeSheet(self.book.create_sheet(name))
        self.sheets.append(sheet)
        return sheet

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        self.book.save(path)
        return path


def new_workbook(first_title: str) -> SafeWorkbook:
    return SafeWorkbook(first_title)


def formula_cells(path: str | Path) -> list[str]:
    """Every formula in a written workbook, as "sheet-part!ref" (empty when the file is safe).

    Reads the sheet XML directly, so it also sees what a reader library might hide: any `<f>`
    element, or a cell typed `str` (a cached formula result).
    """
    import zipfile

    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            xml = zf.read(name).decode("utf-8")
            for m in re.finditer(r'<c\b[^>]*?r="([A-Z]+\d+)"[^>]*>(.*?)</c>', xml, re.S):
                if "<f" in m.group(2) or ' t="str"' in m.group(0)[:m.group(0).find(">") + 1]:
                    found.append(f"{name}!{m.group(1)}")
    return found
