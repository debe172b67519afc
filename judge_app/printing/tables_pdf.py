"""Table documents (score sheets, the results notice): the contest's header on every page,
page numbers "第 n 页 / 共 m 页", tables that repeat their heading row, notes and signature lines.

Every cell is a `Paragraph` with CJK wrapping, so a long title wraps inside its column instead of
running off the page; each text is drawn in the first bundled font that has all its characters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from judge_app.printing.fonts import GlyphCheck, pdf_name

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
CHAIN = ("sans", "kai")


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative width
    align: str = "left"


@dataclass
class Section:
    """A part of a document starting on a new page (one judge's sheet, the notice)."""

    heading: str
    info: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    row_height: float | None = None  # mm; tall rows leave room to write by hand
    font_size: float = 9
    closing: list[str] = field(default_factory=list)  # after the notes: 公示期, 异议 contact
    issuer: list[str] = field(default_factory=list)  # right-aligned under the signatures: issuing body, date


@dataclass
class TableDocument:
    header: str  # on every page: the contest
    title: str  # on every page: what this is
    sections: list[Section]
    footer: str = ""  # on every page, left of the page number
    landscape: bool = False
    watermark: str = ""  # drawn large and light across every page (校对稿: a proof, not for posting)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


class _Styles:
    def __init__(self, check: GlyphCheck):
        self.check = check
        self._cache: dict = {}

    def para(self, text: str, size: float = 9, align: str = "left", bold: bool = False, where: str = "") -> Paragraph:
        font = self.check.font_for(where or "表格", text, CHAIN)
        key = (font, size, align)
        style = self._cache.get(key)
        if style is None:
            style = ParagraphStyle(f"s{len(self._cache)}", fontName=pdf_name(font), fontSize=size,
                                   leading=size * 1.3, alignment=_ALIGN[align], wordWrap="CJK",
                                   bulletFontName=pdf_name(font))
            self._cache[key] = style
        return Paragraph(_escape(text), style)


def _numbered_canvas(doc: TableDocument):
    """A canvas that knows the page count when it draws each page's header and footer."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", pdf_name("sans"))
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, h = self._pagesize
            self.saveState()
            if doc.watermark:
                self.saveState()
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
                self.setFont(pdf_name("sans"), 96)
                self.translate(w / 2, h / 2)
                self.rotate(30)
                self.drawCentredString(0, -30, doc.watermark)
                self.restoreState()
            self.setFont(pdf_name("sans"), 9)
            self.setFillColor(colors.HexColor("#333333"))
            self.drawString(15 * mm, h - 10 * mm, doc.header)
            self.drawRightString(w - 15 * mm, h - 10 * mm, doc.title)
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.5)
            self.line(15 * mm, h - 12 * mm, w - 15 * mm, h - 12 * mm)
            self.setFont(pdf_name("sans"), 8)
            if doc.footer:
                self.drawString(15 * mm, 8 * mm, doc.footer)
            self.drawRightString(w - 15 * mm, 8 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def render_table_document(doc: TableDocument) -> bytes:
    """The PDF; MissingGlyphs (before anything is drawn) when a text has a character no font has."""
    check = GlyphCheck(CHAIN)
    st = _Styles(check)
    for text in (doc.header, doc.title, doc.footer, doc.watermark):
        check.font_for("页眉页脚", text, ("sans",))
    pagesize = landscape(A4) if doc.landscape else A4
    usable = pagesize[0] - 30 * mm
    story = []
    for n, sec in enumerate(doc.sections):
        if n:
            story.append(PageBreak())
        story.append(st.para(sec.heading, 15, "center", where=sec.heading))
        story.append(Spacer(1, 3 * mm))
        for line in sec.info:
            story.append(st.para(line, 9.5, where=sec.heading))
        story.append(Spacer(1, 3 * mm))
        if sec.columns:
            total_w = sum(c.width for c in sec.columns)
            widths = [usable * c.width / total_w for c in sec.columns]
            data = [[st.para(c.header, sec.font_size, "center", where=sec.heading) for c in sec.columns]]
            for row in sec.rows:
                data.append([st.para(v, sec.font_size, c.align, where=sec.heading) for v, c in zip(row, sec.columns)])
            heights = None
            if sec.row_height:
                heights = [None] + [sec.row_height * mm] * len(sec.rows)
            table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
            table.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), pdf_name("sans")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]))
            story.append(table)
        tail = []
        if sec.notes:
            tail.append(Spacer(1, 3 * mm))
            tail += [st.para(note, 8, where=sec.heading) for note in sec.notes]
        if sec.closing:
            tail.append(Spacer(1, 2 * mm))
            tail += [st.para(line, 9.5, where=sec.heading) for line in sec.closing]
        if sec.signatures:
            tail.append(Spacer(1, 6 * mm))
            cells = [st.para(f"{label}：________________", 10, where=sec.heading) for label in sec.signatures]
            cells.append(st.para("日期：________________", 10))
            sig = Table([cells], colWidths=[usable / len(cells)] * len(cells))
            sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), pdf_name("sans"))]))
            tail.append(sig)
        if sec.issuer:
            tail.append(Spacer(1, 5 * mm))
            tail += [st.para(line, 11, "right", where=sec.heading) for line in sec.issuer]
        if tail:
            story.append(KeepTogether(tail))
    check.raise_if_any()
    out = io.BytesIO()
    template = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=17 * mm, bottomMargin=15 * mm, title=doc.title, creator="judge_app",
                                 invariant=1, initialFontName=pdf_name("sans"))
    template.build(story, canvasmaker=_numbered_canvas(doc))
    return out.getvalue()
