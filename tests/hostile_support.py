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
