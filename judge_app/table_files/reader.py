"""Reading the tables organizers bring: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and XLSX.

Rows are streamed, never loaded all at once, and each carries its row number as a spreadsheet
shows it (1-based, title lines included) so an error can name it. Cells come back as text:
XLSX numbers are written the way Excel shows them (3000, not 3000.0).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from itertools import chain, islice, repeat
from operator import itemgetter
from dataclasses import dataclass
from pathlib import Path

from judge_app.domain.file_names import display_name
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.workbook_guard import MAX_COLUMNS, check_workbook

XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SNIFF_BYTES = 1 << 20
_ENCODINGS = ("utf-8-sig", "gb18030")
_CSV_BLOCK_BYTES = 1 << 18  # CSV read and split this much at a time (cut at a line end)
_XLSX_BLOCK_ROWS = 20_000  # records taken at a time from a workbook or the csv module
MAX_LINE_BYTES = 1 << 18  # a CSV line longer than this is no table row (a file without line ends)


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as a spreadsheet shows it
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the start of the file decodes as UTF-8, else GB18030 (a superset of GBK)."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise InputRefused.one(path.name, None, "不是文本表格文件 (not a text table: binary content)")
    for encoding in _ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=len(head) < _SNIFF_BYTES)
            return encoding
        except UnicodeDecodeError:
            continue
    raise InputRefused.one(path.name, None, "无法识别文件编码, 请另存为 UTF-8 或 GBK (cannot read the encoding)")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _trim(cells: list[str]) -> tuple[str, ...]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return tuple(cells[:end])


def _line_too_long(source: str, line: int) -> InputRefused:
    return InputRefused.one(source, line, f"此行超过 {MAX_LINE_BYTES // 1024} KB, 不是表格行 (line too long)")


def _too_many_columns(source: str, line: int, count: int) -> InputRefused:
    return InputRefused.one(source, line, f"此行有 {count} 列, 最多 {MAX_COLUMNS} 列 (too many columns)")


def _bounded_lines(fh, source: str, start: int = 0) -> Iterator[bytes]:
    """A file's physical lines, refusing one longer than `MAX_LINE_BYTES` before reading it whole."""
    number = start
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise _line_too_long(source, number)
        yield raw


def _decoded_lines(path: Path, encoding: str) -> Iterator[str]:
    """Physical lines decoded one by one, so a bad byte is reported on its own line.

    Splitting bytes at newlines is safe for UTF-8 and GB18030: 0x0A never occurs inside a
    multi-byte character in either.
    """
    with path.open("rb") as fh:
        for number, raw in enumerate(_bounded_lines(fh, path.name), start=1):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputRefused.one(
                    path.name, number, f"此行无法按 {encoding} 解码, 文件编码不一致 (mixed or invalid encoding)"
                ) from None


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    reader = csv.reader(_decoded_lines(path, encoding))
    try:
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                raise _too_many_columns(path.name, reader.line_num, len(cells))
            yield Row(reader.line_num, _trim([c.strip() for c in cells]))
    except csv.Error as exc:
        raise InputRefused.one(path.name, reader.line_num, f"CSV 格式错误: {exc} (malformed CSV)") from None


def cell_text(value: object) -> str:
    """A cell as text the way a spreadsheet shows it (numbers 3000.0 → "3000")."""
    return value.strip() if type(value) is str else _cell_text(value)


def _xlsx_sheet(path: Path, sheet: str | None):
    from python_calamine import CalamineWorkbook

    check_workbook(path)  # before the reader allocates anything: size, ratio, sheet extent
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputRefused.one(path.name, None, f"工作表 {sheet!r} 不存在, 现有: {', '.join(names)} (no such sheet)")
        if not names:
            raise InputRefused.one(path.name, None, "工作簿中没有工作表 (workbook has no sheets)")
        return book.get_sheet_by_name(sheet or names[0])  # the sheet's XML is parsed here
    except InputRefused:
        raise
    except BaseException as exc:  # the reader's errors, and its panics (not an Exception subclass)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
            raise
        raise InputRefused.one(path.name, None, f"不是可读取的 Excel 文件 ({exc}) (not a readable workbook)") from None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[Row]:
    ws = _xlsx_sheet(path, sheet)
    # calamine drops leading empty rows; start tells where the data begins.
    first = ws.start[0] + 1 if ws.start else 1
    for offset, values in enumerate(ws.iter_rows()):
        yield Row(first + offset, _trim([_cell_text(v) for v in values]))


class Records:
    """A run of consecutive records from a `CellStream`: iterate it (or `rows`) for the cells of
    each record as text; `column(i)` gives cell `i` of every record as text.

    `width` is the number of cells every record has when all have the same (a quote-free CSV
    block: the columns are then slices of one flat list, made without a Python-level step per
    record), else None. Such a block is kept *encoded*: its cells are the file's bytes, split at
    the (ASCII) commas and newlines, and are decoded only when asked for, a column at a time.
    The reader has already checked that every cell decodes. Bulk readers can use `cells(i)`
    (cell `i` of every record as read: bytes when `encoded`, else text), `joined(i)` (those
    cells joined by a newline, which no cell of an encoded block holds), `is_ascii(i)` and
    `decode(data)`.
    """

    __slots__ = ("_rows", "_flat", "_start", "_n", "width", "encoding", "_cells", "_joined", "_ascii")

    def __init__(self, rows: list | None = None, flat: list | None = None, width: int | None = None,
                 start: int = 0, n: int = 0, encoding: str | None = None):
        self._rows, self._flat, self.width = rows, flat, width
        self._start, self._n = start, (len(rows) if rows is not None else n)
        self.encoding = encoding  # set: the cells are bytes in this encoding
        self._cells: dict[int, list] = {}
        self._joined: dict[int, bytes] = {}
        self._ascii: dict[int, bool] = {}

    def __len__(self) -> int:
        return self._n

    def __iter__(self):
        return iter(self.rows)

    @property
    def encoded(self) -> bool:
        return self.encoding is not None

    @property
    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(map(list, zip(*(self.column(i) for i in range(self.width))))) if self._n else []
        return self._rows

    def cells(self, index: int) -> list:
        """Cell `index` of every record as read (bytes when `encoded`); every record must have it."""
        if self._flat is not None:
            found = self._cells.get(index)
            if found is None:
                stride = self.width + 1
                found = self._cells[index] = self._flat[self._start * stride + index:(self._start + self._n) * stride:stride]
            return found
        return list(map(itemgetter(index), self._rows))

    def joined(self, index: int):
        """`cells(index)` joined by newlines (bytes when `encoded`)."""
        if not self.encoded:
            return "\n".join(self.cells(index))
        found = self._joined.get(index)
        if found is None:
            found = self._joined[index] = b"\n".join(self.cells(index))
        return found

    def is_ascii(self, index: int) -> bool:
        found = self._ascii.get(index)
        if found is None:
            found = self._ascii[index] = self.joined(index).isascii()
        return found

    def decode(self, data: bytes) -> str:
        """Bytes of this block's cells as text (the reader has checked that they decode)."""
        return data.decode("ascii" if data.isascii() else self.encoding)

    def column(self, index: int) -> list[str]:
        """Cell `index` of every record as text (every record must have it)."""
        if not self.encoded:
            return self.cells(index)
        if not self._n:
            return []
        return self.decode(self.joined(index)).split("\n")

    def part(self, start: int, stop: int) -> "Records":
        stop = min(stop, self._n)
        if self._flat is not None and self._rows is None:
            return Records(flat=self._flat, width=self.width, start=self._start + start, n=max(0, stop - start),
                           encoding=self.encoding)
        return Records(self.rows[start:stop], width=self.width)


def _xlsx_blocks(rows) -> Iterator[Records]:
    """A sheet's rows a block at a time; cells as text (a block of text cells only is taken as it is)."""
    while True:
        block = list(islice(rows, _XLSX_BLOCK_ROWS))  # calamine gives each row as a new list
        if not block:
            return
        if not set(map(type, chain.from_iterable(block))) <= {str}:
            block = [[v if type(v) is str else _cell_text(v) for v in values] for values in block]
        yield Records(block)


class CellStream:
    """A table's records for bulk imports, with as little work per record as possible.

    Iterate it for `(row number, cells)` one record at a time (to find the header), then call
    `chunks(n)` to take the rest up to `n` records at a time as `(first row number, Records)`; both
    continue from where the other stopped. Cells are untrimmed text (XLSX numbers and dates as
    `cell_text` writes them). Row numbers count records as a spreadsheet shows them (a quoted
    cell spanning lines is one row). `fraction()` tells how much of the file has been read
    (0..1), for progress reports. Use as a context manager so the file is closed.

    A CSV file is read in blocks of 256 KB cut at a line end. A block without a double quote
    (the common export) is split at newlines and commas as bytes, which is what the `csv` module
    would make of it; when every line has the same number of cells it stays so (an *encoded*
    `Records`: each column is checked to decode, ASCII columns at a glance, and decoded only when
    asked for), else it is decoded in one call. From the first block holding a quote (or a lone
    CR) on, the rest of the file goes through `csv.reader`, line by line. Either way a byte that
    does not decode is reported on its own line, before any record of its block is given out.
    """

    def __init__(self, table: "Table"):
        self.table = table
        self._fh = None
        self._blocks = None  # iterator of lists of records
        self._pending = Records([])
        self._at = 0  # next record in _pending
        self._count = 0  # records taken so far
        self._offset = 0  # row number of the first record, minus one
        self._height = 0
        self._size = 0

    def __enter__(self) -> "CellStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def fraction(self) -> float | None:
        if self._fh is not None:
            try:
                return min(1.0, self._fh.tell() / max(1, self._size))
            except (OSError, ValueError):
                return None
        if self._height:
            return min(1.0, self._count / self._height)
        return None

    def _open(self):
        if self._blocks is None:
            table = self.table
            if table.kind == "xlsx":
                ws = _xlsx_sheet(table.path, table.sheet)
                # calamine drops leading empty rows; start tells where the data begins.
                self._offset = ws.start[0] if ws.start else 0
                self._height = ws.height or 0
                self._blocks = _xlsx_blocks(ws.iter_rows())
            else:
                self._size = table.path.stat().st_size
                self._fh = table.path.open("rb")
                self._blocks = self._csv_blocks()
        return self._blocks

    def _refuse(self, line: int, reason: str):
        return InputRefused.one(self.table.name, line, reason)

    def _encoding_problem(self, line: int):
        return self._refuse(line, f"文件编码不一致, 无法按 {self.table.encoding} 读取 (mixed encoding)")

    def _csv_blocks(self) -> Iterator[list[list[str]]]:
        fh = self._fh
        encoding = self.table.encoding or "utf-8-sig"
        if encoding == "utf-8-sig":
            if fh.read(3) != codecs.BOM_UTF8:
                fh.seek(0)
            encoding = "utf-8"
        lines = 0  # physical lines before the current block
        tail = b""
        while True:
            data = fh.read(_CSV_BLOCK_BYTES)
            block = tail + data
            if data:
                cut = block.rfind(b"\n") + 1
                if not cut:
                    if len(block) > MAX_LINE_BYTES:
                        raise _line_too_long(self.table.name, lines + 1)
                    tail = block
                    continue
                block, tail = block[:cut], block[cut:]
            elif not block:
                return
            else:
                tail = b""
            newline = b"\r\n" if b"\r" in block else b"\n"
            whole = block if block.endswith(b"\n") else block + newline
            # every record's cells and a "\n" marker after them, in one flat list; commas and
            # newlines are never part of a multi-byte character in UTF-8 or GB18030
            quoted = b'"' in block
            marked = b"" if quoted else whole.replace(newline, b",\n,")
            if quoted or (newline == b"\r\n" and b"\r" in marked):  # quotes, or a CR alone: the csv module
                yield from self._csv_module(block + tail, lines, encoding)
                return
            block = whole
            n = block.count(b"\n")
            flat = marked.split(b",")
            width = flat.index(b"\n")
            if width > MAX_COLUMNS:
                raise _too_many_columns(self.table.name, lines + 1, width)
            stride = width + 1
            if width > 1 and len(flat) == n * stride + 1 and flat[width::stride].count(b"\n") == n:
                records = Records(flat=flat, width=width, n=n, encoding=encoding)
                for i in range(width):  # every cell must decode: check a column at a time
                    if not records.is_ascii(i):
                        try:
                            records.joined(i).decode(encoding)
                        except UnicodeDecodeError:
                            records = None
                            break
                if records is not None:
                    lines += n
                    yield records
                    continue
            try:
                text = block.decode(encoding)
            except UnicodeDecodeError as exc:
                raise self._encoding_problem(lines + block.count(b"\n", 0, exc.start) + 1) from None
            lines += n
            newline = "\r\n" if newline == b"\r\n" else "\n"
            rows = (text.replace("\r\n", "\n") if newline == "\r\n" else text).split("\n")
            rows.pop()
            records = list(map(str.split, rows, repeat(",")))
            widest = max(map(len, records), default=0)
            if widest > MAX_COLUMNS:
                at = next(i for i, r in enumerate(records) if len(r) == widest)
                raise _too_many_columns(self.table.name, lines - n + at + 1, widest)
            if "" in rows:  # a blank line is a record without cells, as csv.reader gives it
                for i, row in enumerate(rows):
                    if not row:
                        records[i] = []
            yield Records(records)

    def _csv_module(self, start: bytes, lines: int, encoding: str) -> Iterator[list[list[str]]]:
        fh = self._fh
        line = lines
        if not start.endswith(b"\n"):
            start += fh.readline()  # the rest of a line cut at the end of the block read

        def decoded() -> Iterator[str]:
            nonlocal line
            for raw in chain(start.splitlines(keepends=True), _bounded_lines(fh, self.table.name, line + start.count(b"\n"))):
                line += 1
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError:
                    raise self._encoding_problem(line) from None

        reader = csv.reader(decoded())
        while True:
            try:
                records = list(islice(reader, _XLSX_BLOCK_ROWS))
            except csv.Error as exc:
                raise self._refuse(lines + reader.line_num, f"CSV 格式错误: {exc} (malformed CSV)") from None
            if not records:
                return
            widest = max(map(len, records))
            if widest > MAX_COLUMNS:
                raise self._refuse(lines + reader.line_num, f"此表有 {widest} 列, 最多 {MAX_COLUMNS} 列 (too many columns)")
            yield Records(records)

    def _take(self, size: int) -> Records:
        """Up to `size` records, never more than what is left of the current block."""
        while self._at >= len(self._pending):
            block = next(self._blocks, None)
            if block is None:
                return Records([])
            self._pending, self._at = block, 0
        start = self._at
        self._at = min(len(self._pending), start + size)
        taken = self._pending if start == 0 and self._at == len(self._pending) else self._pending.part(start, self._at)
        self._count += len(taken)
        return taken

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        self._open()
        while True:
            record = self._take(1)
            if not len(record):
                return
            yield self._offset + self._count, record.rows[0]

    def chunks(self, size: int) -> Iterator[tuple[int, Records]]:
        """The remaining records, at most `size` at a time (a chunk never spans two blocks read)."""
        self._open()
        while True:
            first = self._offset + self._count + 1
            chunk = self._take(size)
            if not len(chunk):
                return
            yield first, chunk


@dataclass(frozen=True)
class Table:
    """A table file and how it is read; `rows()` can be iterated more than once."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    sheet: str | None = None

    @property
    def name(self) -> str:
        return display_name(self.path)  # printable and storable, whatever bytes the name arrived as

    def rows(self) -> Iterator[Row]:
        if self.kind == "xlsx":
            yield from _xlsx_rows(self.path, self.sheet)
        else:
            yield from _csv_rows(self.path, self.encoding or "utf-8-sig")


def open_table(path: str | Path, sheet: str | None = None) -> Table:
    """Identify a CSV or workbook file; refuse missing, empty or binary files."""
    p = Path(path)
    if not p.is_file():
        raise InputRefused.one(p.name, None, "文件不存在 (file not found)")
    if p.stat().st_size == 0:
        raise InputRefused.one(p.name, None, "文件为空 (empty file)")
    with p.open("rb") as fh:
        magic = fh.read(8)
    if p.suffix.lower() in XLSX_SUFFIXES or magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        return Table(p, "xlsx", None, sheet)
    return Table(p, "csv", detect_encoding(p), None)

