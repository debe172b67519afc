"""The workbook guard reads a sheet the way the sheet reader places cells, whatever the XML's form.

The fast proof only covers cells written as the common writers write them (`<c r="B17"`); every
other form — single quotes, spaces around `=`, namespace prefixes, cells and rows without
references, sheets named by the relationships rather than by part name — must still be bounded.
Each bomb here makes the reader ask for gigabytes; each must be refused before it is read.
"""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile_support import SHEET, dimension_bomb, rewrite_part, workbook
from judge_app.table_files import workbook_guard
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.workbook_guard import check_workbook

FAR = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def _with_sheet_data(path, rows: bytes, prefix: bytes = b""):
    """A real workbook whose sheetData is replaced by `rows` (optionally all elements prefixed)."""
    workbook(path, [["作品编号", "票数"]])

    def change(xml: bytes) -> bytes:
        if prefix:
            xml = xml.replace(b"<worksheet ", b"<worksheet xmlns:" + prefix + b'="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1)
        start, end = xml.index(b"<sheetData"), xml.index(b"</sheetData>") + len(b"</sheetData>")
        if prefix:
            return xml[:start] + b"<" + prefix + b":sheetData>" + rows + b"</" + prefix + b":sheetData>" + xml[end:]
        return xml[:start] + b"<sheetData>" + rows + b"</sheetData>" + xml[end:]

    return rewrite_part(path, SHEET, change)


A1 = b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'

BOMBS = {
    "single quotes": A1 + b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaces around =": A1 + b'<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "newline before r": A1 + b'<row\nr="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "reference after other attributes": A1 + b'<row r="1048576"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>',
    "lowercase reference": A1 + b'<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    # a far row, then a row of cells without references: the reader places them one after another
    "cells without references on a far row": A1 + b'<row r="1048576">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 1_100 + b"</row>",
    "rows without references": A1 + b"<row></row>" * 2_000 + b'<row><c r="AAA1"><v>1</v></c></row>' * 0
                               + b'<row r="5000"><c r="ZZ5000"><v>1</v></c></row>' * 0 + b'<row><c t="inlineStr"><is><t>x</t></is></c>'
                               + b'<c t="inlineStr"><is><t>x</t></is></c>' * 2_000 + b"</row>",
}


@pytest.mark.parametrize("case", BOMBS)
def test_every_form_of_a_far_cell_is_refused(tmp_path, case):
    path = _with_sheet_data(tmp_path / "form.xlsx", BOMBS[case])
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(path)


def test_namespace_prefixed_sheet_without_references_is_refused(tmp_path):
    rows = (b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
            b'<x:row r="1048576">' + b'<x:c t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>' * 1_100 + b"</x:row>")
    path = _with_sheet_data(tmp_path / "prefixed.xlsx", rows, prefix=b"x")
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(path)


def test_namespace_prefixed_far_cell_is_refused(tmp_path):
    rows = (b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
            b'<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>')
    path = _with_sheet_data(tmp_path / "prefixed.xlsx", rows, prefix=b"x")
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(path)


def test_references_beyond_excel_are_refused(tmp_path):
    path = _with_sheet_data(tmp_path / "wrap.xlsx", A1 + b'<row r="2"><c r="AAAAAAAB2"><v>1</v></c></row>')
    with pytest.raises(InputRefused, match="cell reference out of range"):
        check_workbook(path)


def test_a_sheet_under_another_part_name_is_scanned(tmp_path):
    """The relationships name the sheet's part; a bomb moved to `xl/data.xml` is still a sheet."""
    path = dimension_bomb(tmp_path / "moved.xlsx", ref="A1:B1")
    with zipfile.ZipFile(path) as src:
        items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items:
            if name == SHEET:
                name = "xl/data.xml"
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"data.xml")
            dst.writestr(name, data)
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(path)


def test_sheet_without_dimension_and_far_cell_refused(tmp_path):
    path = dimension_bomb(tmp_path / "nodim.xlsx")
    rewrite_part(path, SHEET, lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576"/>', b""))
    with zipfile.ZipFile(path) as z:
        assert b"<dimension" not in z.read(SHEET)
    with pytest.raises(InputRefused, match="extent too large"):
        check_workbook(path)


def test_shared_strings_larger_than_declared_are_bounded(tmp_path, monkeypatch):
    """A zip directory may understate a part's size: the real size is counted while inflating."""
    path = workbook(tmp_path / "strings.xlsx", [["作品编号", "票数"], ["X01", "3"]])
    import random

    rng = random.Random(7)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3_000_000)).encode()
    rewrite_part(path, "xl/sharedStrings.xml", lambda xml: b"<sst><si><t>" + text + b"</t></si></sst>")
    monkeypatch.setattr(workbook_guard, "MAX_UNCOMPRESSED", 2_000_000)
    with pytest.raises(InputRefused, match="too large when uncompressed"):
        check_workbook(path)


def test_binary_workbook_refused_clearly(tmp_path):
    path = workbook(tmp_path / "book.xlsb", [["a"]])
    with pytest.raises(InputRefused, match="binary workbook"):
        check_workbook(path)


def test_sheet_without_any_reference_passes(tmp_path):
    """Some writers leave out every `r`: the reader counts cells and rows, so does the guard."""
    rows = b"".join(b"<row>" + b"<c t=\"inlineStr\"><is><t>v</t></is></c>" * 5 + b"</row>" for _ in range(3_000))
    check_workbook(_with_sheet_data(tmp_path / "norefs.xlsx", rows))


def test_large_normal_workbook_passes_in_small_chunks(tmp_path, monkeypatch):
    """Chunk boundaries fall inside tags: the guard neither misses nor invents cells there."""
    rows = [["作品编号", "票数", "备注"]] + [[f"X{i:05d}", i, "说明 it's"] for i in range(3_000)]
    path = workbook(tmp_path / "ok.xlsx", rows)
    for size in (97, 4096):
        monkeypatch.setattr(workbook_guard, "_CHUNK", size)
        check_workbook(path)


# -- the guard against the reader itself -------------------------------------------------------

_QUOTES = st.sampled_from([('"', '"'), ("'", "'")])
_EQ = st.sampled_from(["=", " = ", "\n=\t"])


def _ref(col: int, row: int) -> str:
    letters = ""
    n = col
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row}"


@st.composite
def _sheets(draw):
    """Rows of non-empty cells, each row and cell with or without its reference, in varied XML forms."""
    prefix = draw(st.sampled_from(["", "x:"]))
    row_no = 0
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        row_no = draw(st.integers(row_no + 1, row_no + 12))
        q = draw(_QUOTES)
        row_attr = f" r{draw(_EQ)}{q[0]}{row_no}{q[1]}" if draw(st.booleans()) else None
        if row_attr is None:
            row_no = (parts and row_no) or row_no  # the reader counts on from the previous row
        cells = []
        col = 0
        for _ in range(draw(st.integers(0, 6))):
            if draw(st.booleans()):
                col = draw(st.integers(col + 1, col + 15))
                q = draw(_QUOTES)
                attr = f" r{draw(_EQ)}{q[0]}{_ref(col, row_no)}{q[1]}"
            else:
                col += 1
                attr = ""
            # another attribute before or after the reference (after a quote no space is needed)
            extra = draw(st.sampled_from(["", ' t="n"', '\nt="n"']))
            attr = extra + attr if draw(st.booleans()) else attr + (extra.lstrip(" ") if attr and draw(st.booleans()) else extra)
            cells.append(f"<{prefix}c{attr}><{prefix}v>1</{prefix}v></{prefix}c>")
        parts.append((row_attr, cells))
    return prefix, parts


def _sheet_xml(prefix: str, parts) -> bytes:
    out = []
    for row_attr, cells in parts:
        out.append(f"<{prefix}row{row_attr or ''}>" + "".join(cells) + f"</{prefix}row>")
    return "".join(out).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=_sheets(), chunk=st.sampled_from([61, 173, 4 << 20]))
def test_guard_agrees_with_the_reader(tmp_path_factory, monkeypatch, sheet, chunk):
    """Refused exactly when the reader's own rectangle (A1 to its last cell) exceeds the bounds."""
    from python_calamine import CalamineWorkbook

    prefix, parts = sheet
    path = tmp_path_factory.mktemp("forms") / "sheet.xlsx"
    if prefix:
        _with_sheet_data(path, _sheet_xml(prefix, parts), prefix=prefix[:-1].encode())
    else:
        _with_sheet_data(path, _sheet_xml(prefix, parts))
    monkeypatch.setattr(workbook_guard, "_CHUNK", chunk)
    monkeypatch.setattr(workbook_guard, "MAX_CELLS", 120)
    monkeypatch.setattr(workbook_guard, "MAX_COLUMNS", 30)
    ws = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet")  # small: at most 72 × 90
    rows, cols = (ws.end[0] + 1, ws.end[1] + 1) if ws.end else (0, 0)
    too_big = cols > 30 or rows * cols > 120
    try:
        check_workbook(path)
        refused = False
    except InputRefused as exc:
        assert "too large" in str(exc), exc
        refused = True
    assert refused == too_big, (rows, cols, _sheet_xml(prefix, parts)[:400])


@pytest.mark.parametrize("tag", [b'<c r="B2" r="XFD1048576" t="inlineStr">', b'<c r="B2" t="inlineStr"r="XFD1048576">',
                                 b'<c r="B2"\x0cr="XFD1048576" t="inlineStr">', b"<c r=\"B2\" t='inlineStr'r='XFD1048576'>"],
                         ids=["space", "no space after a quote", "form feed", "single quotes"])
def test_a_second_reference_in_a_common_cell_tag_is_refused(tmp_path, tag):
    """The reader takes the last of two `r` attributes; the fast proof must not stop at the first."""
    rows = A1 + b'<row r="2">' + tag + b'<is><t>x</t></is></c></row>'
    with pytest.raises(InputRefused, match="malformed sheet XML|too large"):
        check_workbook(_with_sheet_data(tmp_path / "twice.xlsx", rows))


@pytest.mark.parametrize("rows", [
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></row>',
    b'<row r="1"><c r="1A" t="inlineStr"><is><t>a</t></is></c></row>',
    b'<row r="1"><c r="$A$1" t="inlineStr"><is><t>a</t></is></c></row>',
    b'<row r="0"><c t="inlineStr"><is><t>a</t></is></c></row>',
    b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
], ids=["unclosed cell", "digits first", "dollar reference", "row 0", "missing shared string"])
def test_a_sheet_the_reader_cannot_parse_is_refused_not_a_traceback(cli, example_db, tmp_path, rows):
    from refusal_support import assert_refused, unchanged

    sheet = _with_sheet_data(tmp_path / "broken.xlsx", rows)
    with unchanged(example_db):
        result = cli("--db", example_db, "votes", "import", sheet, "--round", "final", "--component", "online")
    assert_refused(result, "broken.xlsx", None, "not a readable workbook")


def _ods(path, rows_xml: str):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="Sheet1">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>作品编号</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>票数</text:p></table:table-cell></table:table-row>'
               + rows_xml + "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" '
                   'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return path


def test_ods_repeats_that_expand_to_gigabytes_are_refused(tmp_path):
    """848 bytes: 6,000 rows of a value repeated 16,000 columns; the reader expands it to 3 GB."""
    rows = ('<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" '
            'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')
    path = _ods(tmp_path / "repeats.ods", rows)
    assert path.stat().st_size < 2_000
    with pytest.raises(InputRefused, match="extent too large"):
        check_workbook(path)


def test_ods_with_formatted_empty_area_passes_and_reads(tmp_path):
    """LibreOffice closes a sheet with a huge repeated empty area: it holds no values, so it costs nothing."""
    from judge_app.table_files.reader import open_table

    rows = ('<table:table-row><table:table-cell office:value-type="string"><text:p>X01</text:p></table:table-cell>'
            '<table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>'
            '<table:table-cell table:number-columns-repeated="1022" table:style-name="ce1"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/>'
            "</table:table-row>")
    path = _ods(tmp_path / "ok.ods", rows)
    check_workbook(path)
    assert [r.cells for r in open_table(path).rows()] == [("作品编号", "票数"), ("X01", "3")]


def test_millions_of_tiny_shared_strings_are_refused(tmp_path, monkeypatch):
    """Each shared string is an object in the reader (≈ 40 bytes): their number is bounded, not only their bytes."""
    path = workbook(tmp_path / "tiny.xlsx", [["作品编号", "票数"], ["X01", "3"]])
    rewrite_part(path, "xl/sharedStrings.xml", lambda xml: b"<sst>" + b"<si><t>a</t></si>" * 5_000 + b"</sst>")
    check_workbook(path)
    monkeypatch.setattr(workbook_guard, "MAX_CELLS", 4_000)
    with pytest.raises(InputRefused, match="too many shared strings"):
        check_workbook(path)


def test_a_reference_inside_another_attribute_value_is_not_a_reference(tmp_path):
    """`foo="a r='A1'"` names no cell: the reader places such cells one after another."""
    rows = A1 + b'<row r="1048576">' + b"<c foo=\"a r='A1'\" t=\"inlineStr\"><is><t>x</t></is></c>" * 1_100 + b"</row>"
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(_with_sheet_data(tmp_path / "inside.xlsx", rows))
