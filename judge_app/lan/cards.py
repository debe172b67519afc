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
