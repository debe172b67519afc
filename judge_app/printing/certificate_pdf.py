"""Drawing certificates: one page per certificate from a template, a signed QR code on each.

Speed matters (500 certificates on stage night). Everything that is the same on every page —
background, border, fixed texts — is drawn once as a PDF form and reused by every page. A field
that fits on one line is drawn directly; a long one is broken into lines here (Chinese rules,
cached glyph widths: a `Paragraph` per page measured every character again) and shrunk. QR codes
come from a table-driven encoder with a fixed mask (`qr_matrix`) instead of scoring all eight.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from judge_app.domain.certificate_template import CertificateTemplate, TextBox
from judge_app.printing.fonts import GlyphCheck, pdf_name
from judge_app.printing.qr_matrix import qr_path



@dataclass(frozen=True)
class CertificatePage:
    values: dict[str, str]  # field → text: recipient, unit, title, award, …, serial
    payload: str  # the signed QR payload (ASCII), or the verification address, `#`, the payload
    reprint: bool = False  # 补发: marked as a replacement
    proof: bool = False  # 试印: watermarked 样张, the seal area outlined


class TextOverflow(ValueError):
    """A field's text does not fit its box even at the smallest size."""


def fill(box: TextBox, values: dict[str, str]) -> str:
    return box.text.format_map({k: values.get(k, "") for k in box.fields}) if box.fields else box.text


# Line breaking for Chinese: a break may fall between any two characters, except inside a run of
# Latin letters or digits, and never before closing punctuation (避头: it stays at the line end).
_TOKENS = re.compile(r"[A-Za-z0-9.,'%+\-]+|\n|\s+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕”’…—,.;:?!)]}%")
_UNIT_WIDTHS: dict[tuple[str, str], float] = {}


def _unit_width(token: str, font: str) -> float:
    """Width of a token at 1 pt (TrueType widths scale linearly), cached."""
    key = (font, token)
    w = _UNIT_WIDTHS.get(key)
    if w is None:
        w = _UNIT_WIDTHS[key] = stringWidth(token, font, 1000) / 1000
    return w


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy CJK line breaking of `text` into lines no wider than `width` points."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for token in _TOKENS.findall(text):
        if token == "\n":
            lines.append("".join(current).rstrip())
            current, used = [], 0.0
            continue
        w = _unit_width(token, font) * size
        if current and used + w > width and token[0] not in _NO_LINE_START:
            lines.append("".join(current).rstrip())
            current, used = [], 0.0
            if token.isspace():
                continue
        current.append(token)
        used += w
    lines.append("".join(current).rstrip())
    return lines


class _Layout:
    """Places a text in its box: one line when it fits; else wrapped (when the box has room for
    more lines) and shrunk step by step down to `min_size`; TextOverflow when even that fails."""

    def __init__(self, page_h_pt: float):
        self.page_h = page_h_pt

    def draw(self, c: Canvas, box: TextBox, text: str, font: str) -> None:
        if not text:
            return
        name = pdf_name(font)
        x, top = box.x * mm, self.page_h - box.y * mm
        w, h = box.width * mm, box.height * mm
        size = box.size
        width = stringWidth(text, name, size)
        if width > w and size * box.leading * 2 > h:  # a one-line box: shrink to fit
            size = max(size * w / width * 0.999, box.min_size)
            width = stringWidth(text, name, size)
        if width <= w + 0.01 and size <= h + 0.01 and "\n" not in text:
            lines = [text]
        else:
            size = box.size
            while True:
                lines = wrap_lines(text, name, size, w)
                fits = all(stringWidth(ln, name, size) <= w + 0.01 for ln in lines)
                if fits and len(lines) * size * box.leading <= h + 0.01:
                    break
                if size <= box.min_size:
                    raise TextOverflow(f"文字太长, 缩到 {box.min_size} 磅仍放不下: “{text}” (text does not fit its box)")
                size = max(box.min_size, size - 1)
        c.setFont(name, size)
        c.setFillColor(HexColor(box.color))
        step = size * box.leading if len(lines) > 1 else 0
        first = top - h / 2 + step * (len(lines) - 1) / 2  # centre of the first line
        for i, line in enumerate(lines):
            baseline = first - i * step - size * 0.36
            if box.align == "center":
                c.drawCentredString(x + w / 2, baseline, line)
            elif box.align == "right":
                c.drawRightString(x + w, baseline, line)
            else:
                c.drawString(x, baseline, line)


def draw_qr(c: Canvas, payload: str, x: float, y_top: float, size: float) -> None:
    """Draw the QR code as vector rectangles, one per horizontal run of dark modules.

    Vectors stay sharp in every viewer and on paper (an upscaled 1-bit image is smoothed by
    poppler below 4× and then no longer scans). The path is written in module units under one
    transform, so each run is a short integer operator reused from a cache.
    """
    modules, ops = qr_path(payload)
    unit = size / modules
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.transform(unit, 0, 0, -unit, x, y_top)
    c._code.append(ops + " f")  # path operators directly: 600 runs through PDFPathObject cost ≈2 ms a code
    c.restoreState()


def _draw_background(c: Canvas, t: CertificateTemplate, layout: _Layout, fonts: GlyphCheck) -> None:
    pw, ph = t.page_mm
    if t.background_color:
        c.setFillColor(HexColor(t.background_color))
        c.rect(0, 0, pw * mm, ph * mm, stroke=0, fill=1)
    if t.background_image:
        c.drawImage(t.background_image, 0, 0, pw * mm, ph * mm, preserveAspectRatio=False, mask="auto")
    b = t.border
    if b.style != "none":
        m = b.margin * mm
        c.setStrokeColor(HexColor(b.color))
        c.setLineWidth(b.width * (2.5 if b.style in ("double", "ornate") else 1))
        c.rect(m, m, pw * mm - 2 * m, ph * mm - 2 * m, stroke=1, fill=0)
        if b.style in ("double", "ornate"):
            gap = 3 * mm
            c.setStrokeColor(HexColor(b.inner_color or b.color))
            c.setLineWidth(b.width * 0.8)
            c.rect(m + gap, m + gap, pw * mm - 2 * (m + gap), ph * mm - 2 * (m + gap), stroke=1, fill=0)
        if b.style == "ornate":  # corner ornaments: small squares set at 45°
            c.setFillColor(HexColor(b.color))
            for cx, cy in ((m, m), (pw * mm - m, m), (m, ph * mm - m), (pw * mm - m, ph * mm - m)):
                c.saveState()
                c.translate(cx, cy)
                c.rotate(45)
                c.rect(-2.6 * mm, -2.6 * mm, 5.2 * mm, 5.2 * mm, stroke=0, fill=1)
                c.setFillColor(HexColor(b.inner_color or "#FFFFFF"))
                c.rect(-1.2 * mm, -1.2 * mm, 2.4 * mm, 2.4 * mm, stroke=0, fill=1)
                c.setFillColor(HexColor(b.color))
                c.restoreState()
    for ln in t.lines:
        c.setStrokeColor(HexColor(ln.color))
        c.setLineWidth(ln.width)
        c.line(ln.x1 * mm, (ph - ln.y1) * mm, ln.x2 * mm, (ph - ln.y2) * mm)
    for i, box in enumerate(t.texts, start=1):
        if box.static:
            font = fonts.font_for(f"模板 texts[{i}]", box.text, (box.font, *(f for f in ("kai", "sans") if f != box.font)))
            layout.draw(c, box, box.text, font)
    if t.qr and t.qr.caption:
        c.setFont(pdf_name("sans"), t.qr.caption_size)
        c.setFillColorRGB(0.3, 0.3, 0.3)
        c.drawCentredString((t.qr.x + t.qr.size / 2) * mm, (ph - t.qr.y - t.qr.size) * mm - t.qr.caption_size * 1.3,
                            t.qr.caption)


PROOF_MARK = "样张"
SEAL_HINT = "盖章处"


def _draw_seal(c: Canvas, t: CertificateTemplate, proof: bool) -> None:
    """The seal image over the issuing body (electronic copies); on a proof, the area outlined."""
    s = t.seal
    ph = t.page_mm[1]
    r = s.size / 2 * mm
    cx, cy = s.x * mm, (ph - s.y) * mm
    if s.image:
        c.drawImage(s.image, cx - r, cy - r, 2 * r, 2 * r, preserveAspectRatio=True, anchor="c", mask="auto")
    elif proof:
        c.saveState()
        c.setStrokeColor(HexColor("#C8102E"))
        c.setDash(3, 2)
        c.setLineWidth(0.8)
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.setFillColor(HexColor("#C8102E"))
        c.setFont(pdf_name("sans"), 9)
        c.drawCentredString(cx, cy + r - 12, SEAL_HINT)
        c.restoreState()


def _draw_proof_mark(c: Canvas, t: CertificateTemplate) -> None:
    """试印: a large diagonal 样张 across the page, light enough to read the text under it."""
    pw, ph = t.page_mm
    c.saveState()
    c.setFillColor(HexColor("#C8102E"))
    c.setFillAlpha(0.22)
    c.translate(pw * mm / 2, ph * mm / 2)
    c.rotate(30)
    size = min(pw, ph) * mm * 0.42
    c.setFont(pdf_name("sans"), size)
    c.drawCentredString(0, -size * 0.36, PROOF_MARK)
    c.restoreState()


def check_glyphs(t: CertificateTemplate, pages: Iterable[CertificatePage]) -> dict[tuple[int, int], str]:
    """The font for every (page, text box) field; MissingGlyphs lists every text that cannot print."""
    fonts = GlyphCheck()
    chosen: dict[tuple[int, int], str] = {}
    for i, box in enumerate(t.texts):
        if box.static:
            fonts.font_for(f"模板 texts[{i + 1}]", box.text)
    for p, page in enumerate(pages):
        who = page.values.get("serial") or f"第 {p + 1} 张"
        for i, box in enumerate(t.texts):
            if not box.static:
                text = fill(box, page.values)
                chain = (box.font, *(f for f in ("kai", "sans") if f != box.font))
                chosen[(p, i)] = fonts.font_for(f"证书 {who}", text, chain)
    fonts.raise_if_any()
    return chosen


def render_certificates(t: CertificateTemplate, pages: list[CertificatePage], *, title: str = "证书",
                        progress: Callable[[int, int], None] | None = None) -> bytes:
    """A PDF with one page per certificate. Checks every glyph first (MissingGlyphs: nothing drawn)."""
    fonts_for = check_glyphs(t, pages)
    pw, ph = t.page_mm
    out = io.BytesIO()
    c = Canvas(out, pagesize=(pw * mm, ph * mm), invariant=1, pageCompression=1, initialFontName=pdf_name("sans"))
    c.setTitle(title)
    c.setCreator("judge_app")
    layout = _Layout(ph * mm)
    c.beginForm("background")
    _draw_background(c, t, layout, GlyphCheck())
    c.endForm()
    variable = [(i, box) for i, box in enumerate(t.texts) if not box.static]
    for p, page in enumerate(pages):
        c.doForm("background")
        for i, box in variable:
            layout.draw(c, box, fill(box, page.values), fonts_for[(p, i)])
        if t.qr:
            draw_qr(c, page.payload, t.qr.x * mm, (ph - t.qr.y) * mm, t.qr.size * mm)
        if t.seal:
            _draw_seal(c, t, page.proof)
        if page.proof:
            _draw_proof_mark(c, t)
        if page.reprint:
            m = t.reprint
            c.setStrokeColor(HexColor(m.color))
            c.setLineWidth(1.2)
            c.rect(m.x * mm, (ph - m.y - m.height) * mm, m.width * mm, m.height * mm, stroke=1, fill=0)
            layout.draw(c, TextBox(m.text, m.x, m.y, m.width, m.height, size=m.size, font="sans", color=m.color),
                        m.text, "sans")
        c.showPage()
        if progress:
            progress(p + 1, len(pages))
    c.save()
    return out.getvalue()
