"""Checking a workbook's size before the sheet reader sees it.

The sheet reader allocates a sheet as one rectangle of cells: a 5 KB workbook whose only cells
are A1 and XFD1048576 asks for 512 GiB and aborts the process, and a small file of highly
compressed shared strings costs gigabytes. So before any cell is read, `check_workbook` reads
the zip directory and the sheet parts themselves (streamed, never held whole) and refuses:

- parts whose uncompressed sizes add up to more than `MAX_UNCOMPRESSED` (200 MB), or a part that
  is compressed more than `MAX_RATIO` (100×) — the declared sizes from the zip directory, and the
  real ones while the sheet parts are inflated;
- a sheet whose declared dimension (`<dimension ref="A1:XFD1048576"/>`) or whose real extent
  (the largest row and column any cell names) spans more than `MAX_CELLS` cells, or more than
  `MAX_COLUMNS` columns.

Legacy `.xls` files are not zip files; they are bounded by file size only.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from judge_app.table_files.problems import InputRefused

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_CELLS = 4_000_000  # the reader keeps ~32 bytes a cell: about 130 MB
MAX_COLUMNS = 1_000
MAX_FILE_BYTES = 200 * 1024 * 1024
_RATIO_FLOOR = 1 << 20  # parts smaller than this (uncompressed) may compress as well as they like
_CHUNK = 1 << 20

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_CELL_REF = re.compile(rb"\sr=\"([A-Za-z]{1,4})([0-9]{1,9})\"")
_ROW_REF = re.compile(rb"\sr=\"([0-9]{1,12})\"")
_RANGE = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})(?::\$?([A-Za-z]{1,4})\$?([0-9]{1,9}))?")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_REPEATED = re.compile(rb"number-(?:columns|rows)-repeated=\"([0-9]+)\"")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _refuse(path: Path, reason: str) -> InputRefused:
    return InputRefused.one(path.name, None, reason)


def _too_big(path: Path, rows: int, cols: int, what: str) -> InputRefused | None:
    if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        return _refuse(path, (
            f"工作表{what}过大 ({rows} 行 × {cols} 列), 最多 {MAX_CELLS} 个单元格、{MAX_COLUMNS} 列"
            f" (sheet {'dimension' if what == '声明的范围' else 'extent'} too large)"))
    return None


def check_dimension(path: Path, ref: str) -> None:
    """Refuse a declared sheet range (`A1:XFD1048576`) larger than the reader may allocate."""
    match = _RANGE.fullmatch(ref.strip())
    if not match:
        return  # an unreadable dimension is ignored by the reader too; the real extent is checked
    c1, r1, c2, r2 = match.groups()
    c2, r2 = c2 or c1, r2 or r1
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_column_number(c2) - _column_number(c1)) + 1
    problem = _too_big(path, rows, cols, "声明的范围")
    if problem:
        raise problem


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _beyond(max_row: int, max_col: int) -> re.Pattern:
    """A search for any cell reference that may lie beyond (max_row, max_col).

    Cheap: one pass with a literal prefix. It matches a reference with more column letters or
    row digits than the bounds, or as many but a larger first letter or digit (or lowercase
    letters); so when it finds nothing, every cell lies within the bounds rounded up at the
    first letter and digit (`_rounded`).
    """
    letters, digits = _letters(max(1, max_col)), str(max(1, max_row))
    k, m = len(letters), len(digits)
    first_col = letters[0]
    col = f"[A-Za-z]{{{k + 1},}}|[a-z][A-Za-z]{{{k - 1}}}"
    if first_col != "Z":
        col += f"|[{chr(ord(first_col) + 1)}-Z][A-Za-z]{{{k - 1}}}"
    row = f"[0-9]{{{m + 1},}}"
    if digits[0] != "9":
        row += f"|[{int(digits[0]) + 1}-9][0-9]{{{m - 1}}}"
    return re.compile(f' r="(?:(?:{col})[0-9]|[A-Za-z]{{1,4}}(?:{row})")'.encode())


def _rounded(max_row: int, max_col: int) -> tuple[int, int]:
    """The bounds `_beyond` proves: first digit and letter kept, the rest at their largest."""
    digits, letters = str(max(1, max_row)), _letters(max(1, max_col))
    rows = (int(digits[0]) + 1) * 10 ** (len(digits) - 1) - 1
    cols = _column_number(letters[0] + "Z" * (len(letters) - 1))
    return rows, cols


def _scan_sheet(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one sheet part in chunks, bounding its real size and the cells it names; returns its size.

    Most chunks take the fast way: the largest references near the end of the chunk set the
    bounds, one search (`_beyond`) proves no reference in the chunk exceeds them, and two counts
    prove every cell carries its reference. Any other chunk is read reference by reference.
    """
    max_row = max_col = 0
    extra_rows = extra_cols = 0  # rows and cells without a reference (they follow the previous one)
    size = 0
    tail = b""
    first = True
    pattern = None
    with book.open(info) as fh:
        while True:
            data = fh.read(_CHUNK)
            if not data:
                break
            size += len(data)
            _bound(path, size, budget, info)
            text = tail + data
            cut = text.rfind(b">") + 1  # scan whole tags only; the rest waits for the next chunk
            scan, tail = text[:cut], text[cut:]
            if first:
                found = _DIMENSION.search(scan)
                if found:
                    check_dimension(path, found.group(1).decode("ascii", "replace"))
                first = False
            near_end = _CELL_REF.findall(scan[-4096:])
            if near_end:
                row = max(int(r) for _, r in near_end)
                col = max(_column_number(c.decode("ascii")) for c, _ in near_end)
                if row > max_row or col > max_col or pattern is None:
                    max_row, max_col = max(max_row, row), max(max_col, col)
                    pattern = _beyond(max_row, max_col)
            tags, refs = scan.count(b"<c"), scan.count(b'<c r="')
            fast = (pattern is not None and refs and (tags == refs or tags - scan.count(b"<col") == refs)
                    and not pattern.search(scan))
            if fast:
                rows, cols = _rounded(max_row, max_col)
            else:
                found_refs = _CELL_REF.findall(scan)
                if found_refs:
                    max_col = max(max_col, max(_column_number(c.decode("ascii")) for c in {c for c, _ in found_refs}))
                    max_row = max(max_row, max(map(int, {r for _, r in found_refs})))
                row_refs = _ROW_REF.findall(scan)
                if row_refs:
                    max_row = max(max_row, max(map(int, row_refs)))
                cells = len(_CELL_TAG.findall(scan))
                if cells > len(found_refs):
                    extra_cols += cells
                row_tags = len(_ROW_TAG.findall(scan))
                extra_rows += max(0, row_tags - len(row_refs))
                pattern = _beyond(max_row, max_col) if max_row and max_col else None
                rows, cols = max_row, max_col
            problem = _too_big(path, rows + extra_rows, cols + extra_cols, "")
            if problem:
                raise problem
    return size


def _inflate(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Inflate a part (shared strings, styles …) in chunks to bound its real size."""
    size = 0
    with book.open(info) as fh:
        while data := fh.read(_CHUNK):
            size += len(data)
            _bound(path, size, budget, info)
    return size


def _bound(path: Path, size: int, budget: int, info: zipfile.ZipInfo) -> None:
    if size > budget:
        raise _refuse(path, f"工作簿解压后超过 {MAX_UNCOMPRESSED // (1 << 20)} MB (workbook too large when uncompressed)")
    if size > _RATIO_FLOOR and size > MAX_RATIO * max(1, info.compress_size):
        raise _refuse(path, f"工作簿压缩比超过 {MAX_RATIO} 倍, 疑似压缩炸弹 (compression ratio too high)")


def _scan_ods(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """An ODS sheet repeats rows and columns by count: refuse counts that would fill the bound."""
    size = 0
    tail = b""
    with book.open(info) as fh:
        while True:
            data = fh.read(_CHUNK)
            if not data:
                break
            size += len(data)
            _bound(path, size, budget, info)
            text = tail + data
            cut = text.rfind(b">") + 1
            scan, tail = text[:cut], text[cut:]
            for count in _REPEATED.findall(scan):
                if len(count) > 7 or int(count) > MAX_CELLS:
                    raise _refuse(path, "工作表重复的行或列过多 (sheet repeats too many rows or columns)")
    return size


def check_workbook(path: Path) -> None:
    """Refuse a workbook too large to read safely, before the sheet reader opens it."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refuse(path, f"文件超过 {MAX_FILE_BYTES // (1 << 20)} MB (file too large)")
    if not zipfile.is_zipfile(path):
        return  # legacy .xls: bounded by its file size
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, f"不是可读取的 Excel 文件 ({exc}) (not a readable workbook)") from None
    with book:
        infos = book.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED:
            raise _refuse(path, f"工作簿解压后超过 {MAX_UNCOMPRESSED // (1 << 20)} MB (workbook too large when uncompressed)")
        for info in infos:
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise _refuse(path, f"工作簿压缩比超过 {MAX_RATIO} 倍, 疑似压缩炸弹 (compression ratio too high)")
        budget = MAX_UNCOMPRESSED
        try:
            for info in infos:
                name = info.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    budget -= _scan_sheet(path, book, info, budget)
                elif name == "content.xml":
                    budget -= _scan_ods(path, book, info, budget)
                elif name.endswith(".xml") or name.endswith(".bin"):
                    budget -= _inflate(path, book, info, budget)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise _refuse(path, f"不是可读取的 Excel 文件 ({exc}) (not a readable workbook)") from None
