"""Checking a workbook's size before the sheet reader sees it.

The sheet reader allocates a sheet as one rectangle of cells, from the smallest to the largest
row and column any cell names: a 5 KB workbook whose only cells are A1 and XFD1048576 asks for
512 GiB and aborts the process, and a small file of highly compressed shared strings costs
gigabytes. So before any cell is read, `check_workbook` reads the zip directory, then inflates
every part once (streamed, never held whole) and refuses:

- parts whose uncompressed sizes add up to more than `MAX_UNCOMPRESSED` (200 MB), or a part that
  is compressed more than `MAX_RATIO` (100×) — the declared sizes from the zip directory first,
  then the real ones while the parts are inflated (a zip directory can lie);
- a sheet whose declared dimension (`<dimension ref="A1:XFD1048576"/>`) or whose real extent
  (the largest row and column a cell is placed at) spans more than `MAX_CELLS` cells, or more
  than `MAX_COLUMNS` columns; a cell reference beyond Excel's own limits;
- what it cannot check: binary workbooks (.xlsb), encrypted or oddly compressed parts.

Every part is scanned as if it were a sheet, because the workbook's relationships, not the part
names, tell the reader where its sheets are. The real extent is found the way the reader places
cells: a cell's `r` attribute, or else the position after the previous cell of its row (and a row's
`r`, or else the row after the previous one). Most data comes as the common writers put it, every
cell opening with `<c r="B17"`; a chunk of that form is proved within bounds by one search
(`_Bounds.suspect`) with no step per cell in Python. Anything else — other quoting or spacing,
namespace prefixes, cells without references — is read tag by tag (`_Tags`), and a part with a
cell the fast proof cannot place is read again tag by tag from its start.

Legacy `.xls` files (not zip files) are checked by `legacy_workbook_guard`.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from judge_app.table_files.column_letters import column_number as _column_number
from judge_app.table_files.problems import InputRefused

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_CELLS = 4_000_000  # the reader keeps ~32 bytes a cell: about 130 MB
MAX_COLUMNS = 1_000
MAX_FILE_BYTES = 200 * 1024 * 1024
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_RATIO_FLOOR = 1 << 20  # parts smaller than this (uncompressed) may compress as well as they like
_CHUNK = 4 << 20  # at most this many inflated bytes scanned at a time
_READ = 1 << 18  # compressed bytes read at a time
_MAX_TAG = 8 << 20  # no real tag is this long

_DIMENSION = re.compile(rb"<(?:[^\s<>/:]+:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)[\"']")
_RANGE = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})(?::\$?([A-Za-z]{1,4})\$?([0-9]{1,9}))?")
_NEAR_END_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
# a start or end tag of a row or cell, any prefix, its attributes quoted either way
# (attributes as the reader parses them: after whitespace, or straight after the previous value's quote)
_TAG = re.compile(rb"<(/?)(?:[^\s<>/:!?]+:)*(c|row)((?:(?:\s+|(?<=[\"']))[^\s=<>/\"']+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
                  rb"\s*(/?)>")
_OPENING = re.compile(rb"</?(?:[^\s<>/:!?]+:)*(?:c|row)(?=[\s/>])")
_ATTR = re.compile(rb"(?:\s+|(?<=[\"']))([^\s=<>/\"']+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
# an `r` attribute that is not the first of a cell or row tag (the reader takes the last of two, and
# its attribute parser needs no space after a quote: `t="s"r="XFD1"` is read as an `r`)
_LATER_R = re.compile(rb"r(?<=[\s\"']r)(?<![cw] r)\s*=")
_REF_VALUE = re.compile(rb"([A-Za-z]*)([0-9]+)")
# an ODS table, row or cell tag (the reader matches these names exactly, prefix included)
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)"
                      rb"((?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_STRING = re.compile(rb"<(?:[^\s<>/:!?]+:)*si(?=[\s/>])")  # a shared string, any prefix
_ODS_OPENING = re.compile(rb"</?table:(?:table|table-row|table-cell|covered-table-cell)(?=[\s/>])")
_ODS_REPEATS = re.compile(rb"\stable:number-(rows|columns)-repeated\s*=\s*(?:\"([0-9]+)\"|'([0-9]+)')")
_ODS_VALUE = re.compile(rb"\s(?:office:value-type|table:formula)\s*=")


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _refuse(path: Path, reason: str) -> InputRefused:
    return InputRefused.one(path.name, None, reason)


def _too_big(rows: int, cols: int) -> bool:
    return cols > MAX_COLUMNS or rows * cols > MAX_CELLS


def _extent_refused(path: Path, rows: int, cols: int, declared: bool) -> InputRefused:
    what, gloss = ("声明的范围", "dimension") if declared else ("", "extent")
    return _refuse(path, (f"工作表{what}过大 ({rows} 行 × {cols} 列), 最多 {MAX_CELLS} 个单元格、{MAX_COLUMNS} 列"
                          f" (sheet {gloss} too large)"))


def check_dimension(path: Path, ref: str) -> None:
    """Refuse a declared sheet range (`A1:XFD1048576`) larger than the reader may allocate."""
    match = _RANGE.fullmatch(ref.strip())
    if not match:
        return  # an unreadable dimension is ignored by the reader too; the real extent is checked
    c1, r1, c2, r2 = match.groups()
    c2, r2 = c2 or c1, r2 or r1
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_column_number(c2) - _column_number(c1)) + 1
    if _too_big(rows, cols):
        raise _extent_refused(path, rows, cols, declared=True)


class _Bounds:
    """Row and column bounds a fast chunk is proved against: the first digit and letter of the
    largest reference seen so far kept, the rest at their largest (100002, E → 199999, E)."""

    def __init__(self, max_row: int, max_col: int):
        digits, letters = str(max(1, max_row)), _letters(max(1, max_col))
        m, k, first_digit, first_letter = len(digits), len(letters), int(digits[0]), letters[0]
        self.rows = (first_digit + 1) * 10 ** (m - 1) - 1
        self.cols = _column_number(first_letter + "Z" * (k - 1))
        row = f"[1-{first_digit}][0-9]{{{m - 1}}}" + (f"|[1-9][0-9]{{0,{m - 2}}}" if m > 1 else "")
        col = f"[A-{first_letter}][A-Z]{{{k - 1}}}" + (f"|[A-Z]{{1,{k - 1}}}" if k > 1 else "")
        # a cell tag, prefixed or not, that does not open with a reference within the bounds (one
        # search: the literal `c` is found fast, and a prefixed end tag `</x:c>` counts as suspect)
        self.suspect = re.compile(f'c(?<=[<:]c)(?=[\\s/>])(?! r="(?:{col})(?:{row})")'.encode())


@lru_cache(maxsize=64)
def _bounds(max_row: int, max_col: int) -> _Bounds:
    return _Bounds(max_row, max_col)


class _Restart(Exception):
    """A cell without a reference where the reader's position is not known: read the part again tag by tag."""


class _Tags:
    """A part's cells placed tag by tag the way the reader places them."""

    def __init__(self, path: Path, known: bool):
        self.path = path
        self.row = 0 if known else None  # the reader's current row and column (0-based), None: not known
        self.col = 0 if known else None
        self.max_row = self.max_col = 0  # 1-based, as references count

    def forget(self) -> None:
        self.row = self.col = None

    def _place(self, value: bytes, cell: bool) -> tuple[int, int] | None:
        found = _REF_VALUE.fullmatch(value)
        if not found:
            return None  # the reader refuses such a reference itself
        letters, digits = found.groups()
        if len(letters) > 3 or len(digits.lstrip(b"0")) > 7:
            raise _refuse(self.path, f"单元格引用 {value[:20].decode('ascii', 'replace')} 超出 Excel 的范围"
                                     " (cell reference out of range)")
        if cell and not letters:
            return None
        return max(0, int(digits) - 1), _column_number(letters.decode("ascii")) - 1 if letters else 0

    def feed(self, scan: bytes, end: int) -> None:
        tags = 0
        for tag in _TAG.finditer(scan, 0, end):
            tags += 1
            closing, name, attrs, empty = tag.groups()
            is_cell = name == b"c"
            if not closing:
                # the key exactly `r` (the reader ignores `x:r`), never text inside another value
                refs = [m for m in _ATTR.finditer(attrs) if m.group(1) == b"r"] if attrs else []
                if len(refs) > 1:
                    raise _refuse(self.path, "工作表的单元格引用重复, 无法检查 (malformed sheet XML)")
                ref = refs[0] if refs else None
                place = None
                if ref:
                    value = ref.group(2) if ref.group(2) is not None else ref.group(3)
                    place = self._place(value, is_cell)
                if is_cell:
                    if place is None:
                        if self.row is None or self.col is None:
                            raise _Restart
                        place = (self.row, self.col)
                    self.col = place[1] + 1
                    self.max_row = max(self.max_row, place[0] + 1)
                    self.max_col = max(self.max_col, place[1] + 1)
                elif place is not None:
                    self.row = place[0]
            if closing or empty:
                if not is_cell:
                    self.row = None if self.row is None else self.row + 1
                    self.col = 0
        if tags != len(_OPENING.findall(scan, 0, end)):
            raise _refuse(self.path, "工作表的单元格标记无法识别 (malformed sheet XML)")
        if _too_big(self.max_row, self.max_col):
            raise _extent_refused(self.path, self.max_row, self.max_col, declared=False)


class _PartReader:
    """One part's bytes, inflated chunk by chunk straight from the file (its size bounded as it grows)."""

    def __init__(self, path: Path, fh, info: zipfile.ZipInfo, budget: int):
        self.path, self.fh, self.info, self.budget = path, fh, info, budget
        if info.flag_bits & 0x1:
            raise _refuse(path, "工作簿已加密, 请先取消密码 (encrypted workbook)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, f"工作簿使用了不支持的压缩方式 {info.compress_type} (unsupported compression)")
        fh.seek(info.header_offset)
        header = fh.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise _refuse(path, "不是可读取的 Excel 文件 (not a readable workbook)")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        self.start = info.header_offset + 30 + name_len + extra_len
        self.size = 0

    def chunks(self):
        fh, info, left = self.fh, self.info, self.info.compress_size
        fh.seek(self.start)
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        pending = b""
        while True:
            if not pending:
                if left <= 0:
                    break
                pending = fh.read(min(_READ, left))
                if not pending:
                    raise _refuse(self.path, "工作簿不完整 (truncated workbook)")
                left -= len(pending)
            if inflater is None:
                data, pending = pending, b""
            else:
                data = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    pending, left = b"", 0
            if data:
                self._bound(len(data))
                yield data

    def _bound(self, grown: int) -> None:
        self.size += grown
        if self.size > self.budget:
            raise _refuse(self.path, f"工作簿解压后超过 {MAX_UNCOMPRESSED // (1 << 20)} MB (workbook too large when uncompressed)")
        if self.size > _RATIO_FLOOR and self.size > MAX_RATIO * max(1, self.info.compress_size):
            raise _refuse(self.path, f"工作簿压缩比超过 {MAX_RATIO} 倍, 疑似压缩炸弹 (compression ratio too high)")


def _whole_tags(path: Path, chunks):
    """`(text, end)` pairs: scan `text[:end]`, which ends before the last tag begun (that tag waits
    for the next chunk), so no tag is split. The end is passed on rather than sliced, saving a copy."""
    tail = b""
    for data in chunks:
        text = tail + data if tail else data
        cut = text.rfind(b"<")
        if cut < 0:  # no tag starts here
            tail = b""
            yield text, len(text)
        elif cut == 0:  # one tag longer than a chunk
            if len(text) > _MAX_TAG:
                raise _refuse(path, "工作表的标记过长 (malformed sheet XML: tag too long)")
            tail = text
        else:
            tail = text[cut:]
            yield text, cut
    if tail:
        yield tail, len(tail)


def _scan_part(path: Path, part: _PartReader, strings: bool) -> None:
    """Bound a part's real size and, read as a sheet, the extent of its cells; in the shared
    strings part (`strings`) also the number of strings (the reader keeps each as its own object)."""
    try:
        _scan_sheet(path, part, exact=False, strings=strings)
    except _Restart:
        part.size = 0
        _scan_sheet(path, part, exact=True, strings=strings)


def _scan_sheet(path: Path, part: _PartReader, exact: bool, strings: bool = False) -> None:
    tags = _Tags(path, known=True)
    max_row = max_col = 0
    first = True
    count = 0
    for scan, end in _whole_tags(path, part.chunks()):
        if strings:
            count += len(_STRING.findall(scan, 0, end))
            if count > MAX_CELLS:
                raise _refuse(path, f"共享字符串超过 {MAX_CELLS} 个 (too many shared strings)")
        if first:
            found = _DIMENSION.search(scan, 0, end)
            if found:
                check_dimension(path, found.group(1).decode("ascii", "replace"))
            first = False
        if not exact:
            for col, row in _NEAR_END_REF.findall(scan, max(0, end - 4096), end):
                max_row, max_col = max(max_row, int(row)), max(max_col, _column_number(col.decode("ascii")))
            bounds = _bounds(max_row, max_col)
            if (not _too_big(bounds.rows, bounds.cols) and not bounds.suspect.search(scan, 0, end)
                    and not _LATER_R.search(scan, 0, end)):
                tags.forget()  # every cell of the chunk carries its reference: the reader's place follows none
                max_row, max_col = max(max_row, tags.max_row), max(max_col, tags.max_col)
                continue
        tags.feed(scan, end)
        max_row, max_col = max(max_row, tags.max_row), max(max_col, tags.max_col)


def _scan_ods(path: Path, part: _PartReader) -> None:
    """An ODS table repeats rows and cells by count, and the reader expands the repeats of every
    cell with a value (up to 1,048,576 rows × 16,384 columns): bound what it would expand."""
    rows = last_rows = max_cols = 0
    cols = last_col = 0
    for scan, end in _whole_tags(path, part.chunks()):
        tags = 0
        for tag in _ODS_TAG.finditer(scan, 0, end):
            tags += 1
            closing, name, attrs, empty = tag.groups()
            if name == b"table":
                if not closing:
                    rows = last_rows = max_cols = 0
                continue
            repeats = _ODS_REPEATS.search(attrs) if attrs else None
            count = int(repeats.group(2) or repeats.group(3)) if repeats else 1
            if name == b"table-row":
                if not closing:
                    count = min(count, EXCEL_ROWS - rows)
                    rows += count
                    cols = last_col = 0
                if closing or empty:
                    if last_col:
                        last_rows, max_cols = rows, max(max_cols, last_col)
                        if _too_big(last_rows, max_cols):
                            raise _extent_refused(path, last_rows, max_cols, declared=False)
            elif not closing:
                cols = min(EXCEL_COLUMNS, cols + count)
                if not empty or (attrs and _ODS_VALUE.search(attrs)):
                    last_col = cols
        if tags != len(_ODS_OPENING.findall(scan, 0, end)):
            raise _refuse(path, "工作表的单元格标记无法识别 (malformed sheet XML)")


def check_workbook(path: Path) -> None:
    """Refuse a workbook too large to read safely, before the sheet reader opens it."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refuse(path, f"文件超过 {MAX_FILE_BYTES // (1 << 20)} MB (file too large)")
    if not zipfile.is_zipfile(path):
        from judge_app.table_files.legacy_workbook_guard import check_legacy_workbook

        check_legacy_workbook(path)
        return
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, f"不是可读取的 Excel 文件 ({exc}) (not a readable workbook)") from None
    with book, path.open("rb") as fh:
        infos = book.infolist()
        names = {i.filename.lower() for i in infos}
        if "xl/workbook.bin" in names or path.suffix.lower() == ".xlsb":
            raise _refuse(path, "无法检查 .xlsb 二进制工作簿, 请另存为 .xlsx (binary workbook not supported)")
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise _refuse(path, f"工作簿解压后超过 {MAX_UNCOMPRESSED // (1 << 20)} MB (workbook too large when uncompressed)")
        for info in infos:
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise _refuse(path, f"工作簿压缩比超过 {MAX_RATIO} 倍, 疑似压缩炸弹 (compression ratio too high)")
        budget = MAX_UNCOMPRESSED
        try:
            for info in infos:
                if info.is_dir():
                    continue
                part = _PartReader(path, fh, info, budget)
                if info.filename.lower() == "content.xml":
                    _scan_ods(path, part)
                else:
                    _scan_part(path, part, strings=info.filename.endswith("sharedStrings.xml"))
                budget -= part.size
        except (zlib.error, OSError, EOFError, ValueError, struct.error) as exc:
            raise _refuse(path, f"不是可读取的 Excel 文件 ({exc}) (not a readable workbook)") from None
