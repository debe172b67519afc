"""Thumbnails of entry attachments, made offline: a PDF's first page (QtPdf, else poppler's
`pdftoppm`), a picture scaled down, the preview picture a PowerPoint file carries
(`docProps/thumbnail.jpeg`), a video frame only where `ffmpeg` exists; otherwise a clean
placeholder drawn for the kind of file (slides, video, document).

Every function returns a `QImage` of at most `SIZE`; nothing here needs a screen.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen, QPolygonF

SIZE = QSize(640, 360)
PLACEHOLDER_COLOURS = {"slides": ("#a3171b", "#5a0609"), "video": ("#1f3b63", "#0d1b2e"),
                       "document": ("#35573b", "#182a1b"), "image": ("#4a4a4a", "#262626"),
                       "other": ("#4a4a4a", "#262626"), "none": ("#8a6a1f", "#4a3608")}


def _ensure_gui() -> None:
    """QtPdf and fonts need a Qt application: the program's one (a command-line run gets an
    offscreen one without a display)."""
    from judge_app.qt.app import ensure_app

    ensure_app([], headless=True)


def _fit(image: QImage, size: QSize = SIZE) -> QImage:
    if image.isNull():
        return image
    if image.width() <= size.width() and image.height() <= size.height():
        return image.convertToFormat(QImage.Format.Format_RGB32)
    return image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGB32)


def pdf_first_page(path: Path, size: QSize = SIZE) -> QImage:
    """The first page of a PDF, through QtPdf; poppler's `pdftoppm` when QtPdf is unavailable."""
    _ensure_gui()
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:  # pragma: no cover - the wheel is a dependency
        return _pdftoppm(path, size)
    doc = QPdfDocument()
    try:
        if doc.load(str(path)) != QPdfDocument.Error.None_ or doc.pageCount() < 1:
            return QImage()
        page = doc.pagePointSize(0)
        if page.isEmpty():
            return QImage()
        scale = min(size.width() / page.width(), size.height() / page.height())
        return _fit(doc.render(0, QSize(max(1, int(page.width() * scale)), max(1, int(page.height() * scale)))), size)
    finally:
        doc.close()


def _pdftoppm(path: Path, size: QSize) -> QImage:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return QImage()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page"
        subprocess.run([tool, "-png", "-f", "1", "-l", "1", "-scale-to", str(max(size.width(), size.height())),
                        "-singlefile", str(path), str(out)], check=False, capture_output=True, timeout=60)
        return _fit(QImage(str(out.with_suffix(".png"))), size)


def picture(path: Path, size: QSize = SIZE) -> QImage:
    return _fit(QImage(str(path)), size)


def office_preview(path: Path, size: QSize = SIZE) -> QImage:
    """The preview picture PowerPoint/Word save inside the file (`docProps/thumbnail.*`), if any."""
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.lower().startswith("docprops/thumbnail."):
                    image = QImage()
                    image.loadFromData(z.read(name))
                    return _fit(image, size)
    except (zipfile.BadZipFile, OSError):
        pass
    return QImage()


def video_frame(path: Path, size: QSize = SIZE) -> QImage:
    """A frame two seconds in, only where a local `ffmpeg` exists; else a null image."""
    tool = shutil.which("ffmpeg")
    if tool is None:
        return QImage()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "frame.png"
        for at in ("2", "0"):
            subprocess.run([tool, "-nostdin", "-loglevel", "error", "-ss", at, "-i", str(path), "-frames:v", "1",
                            "-y", str(out)], check=False, capture_output=True, timeout=60)
            if out.exists():
                return _fit(QImage(str(out)), size)
    return QImage()


def placeholder(kind: str, size: QSize = SIZE) -> QImage:
    """A clean picture for a file that cannot be previewed: the kind's colour and a simple sign."""
    top, bottom = PLACEHOLDER_COLOURS.get(kind, PLACEHOLDER_COLOURS["other"])
    image = QImage(size, QImage.Format.Format_RGB32)
    w, h = size.width(), size.height()
    p = QPainter(image)
    grad = QLinearGradient(QPointF(0, 0), QPointF(0, h))
    grad.setColorAt(0, QColor(top))
    grad.setColorAt(1, QColor(bottom))
    p.fillRect(QRectF(0, 0, w, h), grad)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    light = QColor(255, 255, 255, 215)
    p.setPen(QPen(light, max(2.0, h / 90)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    cx, cy, s = w / 2, h / 2, h * 0.42
    if kind == "video":
        p.drawEllipse(QPointF(cx, cy), s * 0.62, s * 0.62)
        p.setBrush(light)
        p.drawPolygon(QPolygonF([QPointF(cx - s * 0.2, cy - s * 0.3), QPointF(cx - s * 0.2, cy + s * 0.3),
                                 QPointF(cx + s * 0.32, cy)]))
    elif kind == "slides":
        p.drawRoundedRect(QRectF(cx - s * 0.85, cy - s * 0.55, s * 1.7, s * 1.05), 6, 6)
        p.drawLine(QPointF(cx, cy + s * 0.5), QPointF(cx, cy + s * 0.75))
        p.drawLine(QPointF(cx - s * 0.3, cy + s * 0.75), QPointF(cx + s * 0.3, cy + s * 0.75))
        for i, frac in enumerate((0.55, 0.85, 0.4)):
            x = cx - s * 0.55 + i * s * 0.4
            p.drawLine(QPointF(x, cy + s * 0.3), QPointF(x, cy + s * 0.3 - s * 0.6 * frac))
    elif kind == "none":  # a work without attachments: a medal
        p.drawEllipse(QPointF(cx, cy - s * 0.1), s * 0.42, s * 0.42)
        p.drawEllipse(QPointF(cx, cy - s * 0.1), s * 0.28, s * 0.28)
        p.drawLine(QPointF(cx - s * 0.25, cy + s * 0.24), QPointF(cx - s * 0.38, cy + s * 0.72))
        p.drawLine(QPointF(cx + s * 0.25, cy + s * 0.24), QPointF(cx + s * 0.38, cy + s * 0.72))
    else:
        p.drawRoundedRect(QRectF(cx - s * 0.45, cy - s * 0.6, s * 0.9, s * 1.2), 6, 6)
        for i in range(4):
            y = cy - s * 0.3 + i * s * 0.2
            p.drawLine(QPointF(cx - s * 0.28, y), QPointF(cx + s * (0.28 if i < 3 else 0.05), y))
    p.end()
    return image


def thumbnail(path: Path, kind: str, size: QSize = SIZE) -> tuple[QImage, str]:
    """(image, how it was made: pdf | picture | office | video | placeholder) for one attachment."""
    _ensure_gui()
    ext = path.suffix.lower()
    attempts = []
    if ext == ".pdf":
        attempts.append(("pdf", pdf_first_page))
    elif kind == "image":
        attempts.append(("picture", picture))
    elif ext in (".pptx", ".ppsx", ".docx", ".xlsx"):
        attempts.append(("office", office_preview))
    elif kind == "video":
        attempts.append(("video", video_frame))
    if path.is_file():
        for how, make in attempts:
            image = make(path, size)
            if not image.isNull():
                return image, how
    return placeholder(kind, size), "placeholder"


def write_thumbnail(path: Path, kind: str, jpg: Path) -> str:
    """Write `path`'s thumbnail as a JPG at `jpg`; returns how it was made (the showcase's thumbnailer)."""
    image, how = thumbnail(path, kind)
    image.save(str(jpg), "JPG", 85)
    return how
