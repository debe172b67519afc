"""QR codes of judges' links, as PNG (to print on a judge card) and SVG (to scale on the host console).

Links are ASCII, so no ECI marker is needed for phone scanners; a fixed mask skips the
automatic mask selection, which costs more than drawing the code.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from qrcode.image.pure import PyPNGImage
from qrcode.image.svg import SvgPathImage


def _code(link: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4, mask_pattern=2)
    code.add_data(link)
    code.make(fit=True)
    return code


def png_bytes(link: str) -> bytes:
    """The QR code as PNG bytes, for showing on the host console (QPixmap.loadFromData)."""
    import io

    buffer = io.BytesIO()
    _code(link).make_image(image_factory=PyPNGImage).save(buffer)
    return buffer.getvalue()


def write_png(link: str, path: Path) -> Path:
    _code(link).make_image(image_factory=PyPNGImage).save(str(path))
    return path


def write_svg(link: str, path: Path) -> Path:
    _code(link).make_image(image_factory=SvgPathImage).save(str(path))
    return path


def write_cards(links: dict[str, str], directory: Path, prefix: str) -> list[Path]:
    """PNG and SVG per judge: `PREFIX-JUDGE.png/.svg` in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for judge, link in links.items():
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in judge)
        written.append(write_png(link, directory / f"{prefix}-{safe}.png"))
        written.append(write_svg(link, directory / f"{prefix}-{safe}.svg"))
    return written


# A judge's table card (桌签): one A4 page folded along its middle into a tent. The upper half is
# printed upside down so that, folded, it faces the audience with the judge's name; the lower half
# faces the judge: name and code, round and panel, the QR code of their personal link, the address.
CARD_FONTS = ("sans", "kai")


def _draw_qr(c, link: str, x: float, y_top: float, size: float) -> None:
    """The link's QR code (byte mode: links have lower-case letters) as vector runs, sharp on paper."""
    matrix = _code(link).get_matrix()  # includes the quiet zone
    unit = size / len(matrix)
    path = c.beginPath()
    for row, cells in enumerate(matrix):
        col = 0
        while col < len(cells):
            if cells[col]:
                start = col
                while col < len(cells) and cells[col]:
                    col += 1
                path.rect(x + start * unit, y_top - (row + 1) * unit, (col - start) * unit, unit)
            else:
                col += 1
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)


def card_pdf_bytes(cards: list) -> bytes:
    """The cards' PDF in memory (for the workspace's print preview)."""
    import io

    buffer = io.BytesIO()
    write_card_pdf(cards, buffer)
    return buffer.getvalue()


def write_card_pdf(cards: list, path):
    """The cards as one PDF (a path or a binary file), a page per judge (`lan_access.JudgeCard`s);
    refuses names no font can draw."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from judge_app.printing.fonts import GlyphCheck, MissingGlyphs

    check = GlyphCheck(CARD_FONTS)
    texts = []
    for card in cards:
        panel = " / ".join(card.panels)
        lines = {"name": card.judge_name, "title": f"{card.contest}", "seat": f"{card.round_name} · {panel} · 评委",
                 "code": f"评委编号 {card.judge}", "address": card.address,
                 "hint": "请用手机扫描二维码进入评分页面 (scan to score)"}
        texts.append({k: (v, check.font_for(f"{card.judge} {k}", v)) for k, v in lines.items()})
    if check.problems:
        raise MissingGlyphs(check.problems)

    from judge_app.printing.fonts import pdf_name

    width, height = A4
    half = height / 2
    c = Canvas(str(path) if isinstance(path, Path) else path, pagesize=A4, pageCompression=1)
    c.setTitle("评委桌签 (judge cards)")
    for card, t in zip(cards, texts):
        def put(key, size, x, y, centred=True):
            text, font = t[key]
            c.setFont(pdf_name(font), size)
            (c.drawCentredString if centred else c.drawString)(x, y, text)

        # fold line and cut marks
        c.setDash(4, 3)
        c.setStrokeColorRGB(.55, .55, .55)
        c.line(10 * mm, half, width - 10 * mm, half)
        c.setDash()
        c.setFont(pdf_name("sans"), 8)
        c.setFillColorRGB(.45, .45, .45)
        c.drawRightString(width - 10 * mm, half + 2 * mm, "沿虚线对折 (fold here)")
        c.setFillColorRGB(0, 0, 0)
        # audience side: the upper half, turned 180° so it reads upright once folded
        c.saveState()
        c.translate(width, height)
        c.rotate(180)
        from reportlab.pdfbase.pdfmetrics import stringWidth

        fit = (width - 30 * mm) / max(1.0, stringWidth(t["name"][0], pdf_name(t["name"][1]), 1))
        put("name", min(64, fit), width / 2, 70 * mm)
        put("seat", 18, width / 2, 45 * mm)
        put("title", 13, width / 2, 30 * mm)
        c.restoreState()
        # judge side: the lower half
        top = half - 18 * mm
        put("name", 30, 20 * mm, top - 6 * mm, centred=False)
        put("code", 15, 20 * mm, top - 20 * mm, centred=False)
        put("seat", 13, 20 * mm, top - 32 * mm, centred=False)
        put("title", 11, 20 * mm, top - 42 * mm, centred=False)
        put("hint", 11, 20 * mm, top - 62 * mm, centred=False)
        put("address", 12, 20 * mm, top - 72 * mm, centred=False)
        size = 78 * mm
        _draw_qr(c, card.link, width - 20 * mm - size, top + 6 * mm, size)
        c.showPage()
    c.save()
    return path
