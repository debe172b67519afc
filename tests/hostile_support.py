"""Hostile workbooks made by hand: a real workbook whose sheet XML is rewritten afterwards."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def workbook(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change) -> Path:
    """Replace one part of a zip (sheet XML, shared strings) by `change(old bytes)`."""
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    if part not in {i.filename for i, _ in items}:  # a part the writer left out is added
        items.append((zipfile.ZipInfo(part), b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def dimension_bomb(path: Path, ref: str = "A1:XFD1048576", far_cell: bool = True) -> Path:
    """The 5 KB workbook of the issue: cells A1 and XFD1048576, dimension A1:XFD1048576."""
    workbook(path, [["作品编号", "票数"]])

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), xml)
        if far_cell:
            xml = xml.replace(b"</sheetData>",
                              b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        return xml

    return rewrite_part(path, SHEET, change)


# -- legacy .xls: a BIFF8 workbook stream in a version-3 compound file, written by hand ----------

_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _record(kind: int, data: bytes) -> bytes:
    import struct

    return struct.pack("<HH", kind, len(data)) + data


def biff_stream(cells: list[tuple[int, int, object]], dimension: tuple[int, int, int, int] | None = None,
                sheet_at: int | None = None) -> bytes:
    """Globals naming one sheet, then the sheet: an optional DIMENSIONS (first row, last row + 1,
    first column, last column + 1) and NUMBER / LABEL records for `cells` (0-based row, column)."""
    import struct

    bof = lambda dt: _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))
    name = "Sheet1".encode("latin-1")
    boundsheet_len = 4 + 8 + len(name)
    globals_len = len(bof(5)) + boundsheet_len + 4
    sheet = bytearray(bof(0x10))
    if dimension:
        sheet += _record(0x0200, struct.pack("<IIHHH", *dimension, 0))
    for row, col, value in cells:
        if isinstance(value, str):
            text = value.encode("utf-16-le")
            sheet += _record(0x0204, struct.pack("<HHHHB", row, col, 15, len(value), 1) + text)
        else:
            sheet += _record(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))
    sheet += _record(0x000A, b"")
    at = globals_len if sheet_at is None else sheet_at
    boundsheet = _record(0x0085, struct.pack("<IBBBB", at, 0, 0, len(name), 0) + name)
    stream = bof(5) + boundsheet + _record(0x000A, b"") + bytes(sheet)
    return stream + b"\x00" * max(0, 4200 - len(stream))  # a regular stream, not a mini stream


def compound_file(path: Path, stream: bytes, fat_change=None) -> Path:
    """`stream` as the `Workbook` stream of a compound file (FAT in sector 0, directory in 1)."""
    import struct

    size = 512
    n = -(-len(stream) // size)
    fat = [_FATSECT, _END] + [3 + i for i in range(n - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    if fat_change:
        fat_change(fat)
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))

    def entry(name: str, kind: int, start: int, length: int, child: int = _FREE) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        raw[:len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, _FREE, _FREE, child)
        struct.pack_into("<II", raw, 116, start, length)
        return bytes(raw)

    directory = entry("Root Entry", 5, _END, 0, child=1) + entry("Workbook", 2, 2, len(stream)) + bytes(256)
    body = struct.pack("<128I", *fat) + directory + stream + b"\x00" * (n * size - len(stream))
    path.write_bytes(bytes(header) + body)
    return path
