"""Checking a legacy workbook (.xls: BIFF records in an OLE compound file) before the sheet reader opens it.

The reader loads the whole compound file structure and every sheet when it opens a workbook, and
trusts what the file declares: a sector chain that loops grows without end, a FAT listed a
thousand times is loaded a thousand times, a `DIMENSIONS` record of 4 billion rows reserves that
many cells, and two cells far apart become one huge rectangle (as in `.xlsx`). So the guard walks
the same structures the reader walks, the way it walks them, and refuses:

- a file that is no compound file (the reader reads no other legacy format);
- sector chains that loop, leave the file or the FAT, or FAT/DIFAT tables larger than the file;
- a declared sheet dimension or a real extent (the largest row and column any cell record
  names) beyond `workbook_guard.MAX_CELLS` / `MAX_COLUMNS`, and sheet offsets outside the
  workbook stream.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from judge_app.table_files.problems import InputRefused
from judge_app.table_files.workbook_guard import _extent_refused, _too_big

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN, _DIFSECT, _RESERVED = 0xFFFFFFFE, 0xFFFFFFFC, 0xFFFFFFFA
_MAX_TABLE = 1 << 26  # entries the reader may be asked to reserve for a table (256 MB of u32)
_CELL_RECORDS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006}  # row, col first
_MULRK, _DIMENSIONS, _BOF, _EOF, _BOUNDSHEET, _CONTINUE = 0x00BD, 0x0200, 0x0809, 0x000A, 0x0085, 0x003C
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")


def _refuse(path: Path, reason: str) -> InputRefused:
    return InputRefused.one(path.name, None, reason)


def _malformed(path: Path, what: str) -> InputRefused:
    return _refuse(path, f"旧版 Excel 文件结构异常: {what} (malformed legacy workbook)")


class _Compound:
    """The compound file as the reader sees it: sectors, FAT, directory, mini stream."""

    def __init__(self, path: Path, data):
        self.path, self.data = path, data
        if len(data) < 512 or data[:8] != SIGNATURE:
            raise _refuse(path, "不是可读取的 Excel 文件 (not a readable workbook)")
        version, shift = struct.unpack_from("<H", data, 26)[0], struct.unpack_from("<H", data, 30)[0]
        if (version, shift) not in ((3, 9), (4, 12)):
            raise _malformed(path, "扇区大小")
        self.size = 1 << shift
        self.maxid = len(data) // self.size
        fat_len, dir_start = struct.unpack_from("<II", data, 44)
        mini_fat_start, mini_fat_len, difat_start = struct.unpack_from("<III", data, 60)
        reserved_difat = struct.unpack_from("<I", data, 62)[0]  # what the reader reserves for the DIFAT
        if max(fat_len, mini_fat_len) > self.maxid or reserved_difat > _MAX_TABLE:
            raise _malformed(path, "表长度超过文件")
        difat = list(struct.unpack_from("<109I", data, 76))
        seen: set[int] = set()
        sector = difat_start
        while sector < _RESERVED:  # the DIFAT chain: each sector's last entry names the next
            if sector in seen:
                raise _malformed(path, "DIFAT 链循环")
            seen.add(sector)
            difat.extend(struct.unpack(f"<{self.size // 4}I", self._sector(sector)))
            sector = difat.pop()
        fat_sectors = [s for s in difat if s < _DIFSECT]
        if len(fat_sectors) > self.maxid or len(set(fat_sectors)) != len(fat_sectors):
            raise _malformed(path, "FAT 重复或过长")
        self.fats = [e for s in fat_sectors for e in struct.unpack(f"<{self.size // 4}I", self._sector(s))]
        directory = self.chain(dir_start, self.fats, None)
        self.entries = [self._entry(directory[i:i + 128]) for i in range(0, len(directory) - 127, 128)]
        if not self.entries:
            raise _malformed(path, "目录为空")
        self.mini_fats: list[int] = []
        self.mini_stream = b""
        if mini_fat_len > 0:
            root_start, root_len = self.entries[0][1:]
            self.mini_stream = self.chain(root_start, self.fats, root_len)
            table = self.chain(mini_fat_start, self.fats, mini_fat_len * self.size)
            self.mini_fats = list(struct.unpack(f"<{len(table) // 4}I", table[:len(table) // 4 * 4]))

    def _sector(self, sector: int) -> bytes:
        if sector > self.maxid:
            raise _malformed(self.path, "扇区超出文件")
        start = (sector + 1) * self.size
        return bytes(self.data[start:start + self.size])

    def _entry(self, raw: bytes) -> tuple[str, int, int]:
        name = raw[:64].decode("utf-16-le", "replace").split("\x00", 1)[0]
        start = struct.unpack_from("<I", raw, 116)[0]
        length = struct.unpack_from("<I" if self.size == 512 else "<Q", raw, 120)[0]
        return name, start, length

    def chain(self, sector: int, fats: list[int], length: int | None, mini: bool = False) -> bytes:
        """A chain of sectors followed as the reader follows it, refusing loops and strays."""
        out = bytearray()
        seen: set[int] = set()
        while sector != _END_OF_CHAIN:
            if sector in seen:
                raise _malformed(self.path, "扇区链循环")
            seen.add(sector)
            if mini:
                if sector > self.maxid * 8:
                    raise _malformed(self.path, "扇区超出文件")
                piece = self.mini_stream[sector * 64:sector * 64 + 64]
            else:
                piece = self._sector(sector)
            out += piece if length is None else piece[:max(0, length - len(out))]
            if length is not None and len(out) >= length:
                break
            if sector >= len(fats):
                raise _malformed(self.path, "扇区不在 FAT 中")
            sector = fats[sector]
        return bytes(out)

    def stream(self, start: int, length: int) -> bytes:
        if length < 4096:
            return self.chain(start, self.mini_fats, length, mini=True)
        return self.chain(start, self.fats, length)


def _records(stream: bytes, at: int):
    """`(type, data)` of each record from `at`, a record's CONTINUE records folded into it."""
    end = len(stream)
    while at + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, at)
        if at + 4 + size > end:
            return
        data = stream[at + 4:at + 4 + size]
        at += 4 + size
        while at + 4 < end and struct.unpack_from("<H", stream, at)[0] == _CONTINUE:
            size = struct.unpack_from("<H", stream, at + 2)[0]
            at += 4 + size
        yield kind, data


def _check_sheet(path: Path, stream: bytes, at: int) -> None:
    max_row = max_col = -1
    seen_bof = False
    depth = 0
    for kind, data in _records(stream, at):
        if kind == _BOF:
            if seen_bof:
                depth += 1
            seen_bof = True
        elif kind == _EOF:
            if depth == 0:
                break
            depth -= 1
        elif kind == _DIMENSIONS and len(data) in (10, 14):
            if len(data) == 10:
                rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
            else:
                rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
            if cf > 0xFF or cl < cf:
                cf = 0
            if rl >= 1 and cl >= 1:  # the reader's arithmetic, in 32 bits
                rows = ((rl - 1 - rf) & 0xFFFFFFFF) + 1
                cols = ((cl - 1 - cf) & 0xFFFFFFFF) + 1
                if _too_big(rows, cols):
                    raise _extent_refused(path, rows, cols, declared=True)
        elif kind in _CELL_RECORDS and len(data) >= 4:
            row, col = struct.unpack_from("<HH", data)
            max_row, max_col = max(max_row, row), max(max_col, col)
        elif kind == _MULRK and len(data) >= 6:
            row, first = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0]
            max_row, max_col = max(max_row, row), max(max_col, first, last)
    if max_row >= 0 and _too_big(max_row + 1, max_col + 1):
        raise _extent_refused(path, max_row + 1, max_col + 1, declared=False)


def check_legacy_workbook(path: Path) -> None:
    """Refuse a legacy workbook the reader could not open safely."""
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:
            raise _refuse(path, "不是可读取的 Excel 文件 (not a readable workbook)") from None
        try:
            _check(path, data)
        except struct.error:
            raise _malformed(path, "记录不完整") from None
        finally:
            data.close()


def _check(path: Path, data) -> None:
    book = _Compound(path, data)
    found = False
    for name, start, length in book.entries:
        if name not in _STREAMS:
            continue
        found = True
        stream = book.stream(start, length)
        _check_sheet(path, stream, 0)  # the workbook globals
        for kind, record in _records(stream, 0):
            if kind == _EOF:
                break
            if kind == _BOUNDSHEET and len(record) >= 4:
                at = struct.unpack_from("<I", record)[0]
                if at > len(stream):
                    raise _malformed(path, "工作表位置超出文件")
                _check_sheet(path, stream, at)
    if not found:
        raise _refuse(path, "不是可读取的 Excel 文件: 没有工作簿数据 (not a readable workbook)")
