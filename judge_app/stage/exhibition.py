"""The exhibition loop (大厅循环展示): the selected winners, one slide each, on the stage window.

Each slide is a title card: the award, the work's title, its unit and members, its thumbnail
(see `judge_app.qt.thumbnails`) and, if asked, the QR code that verifies its certificate.
Slides advance every `seconds` and start again after the last, for as long as the hall is open.

It must run for hours: everything a slide needs (thumbnail, QR picture) is made once per work
and kept in a dictionary bounded by the number of works; a slide itself is a list of plain items
built at paint time and dropped after, and the timer only moves an index. The same keys as on
the stage work here: next, previous, black screen (B), pause (T), Esc to close.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from judge_app.printing.qr_matrix import qr_rows
from judge_app.services.documents.showcase import Selection, Work, certificate_payloads, preview_source, select_works
from judge_app.stage.canvas import paint_items
from judge_app.stage.layout import LEFT, Layout
from judge_app.stage.themes import THEMES
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: the stage asks services, never the store
    from judge_app.store.database import Database

DEFAULT_SECONDS = 12.0


@dataclass
class Picture:
    role: str
    rect: QRectF
    image: QImage
    smooth: bool = True


def qr_image(payload: str, module: int = 8) -> QImage:
    """The QR code as a black-on-white picture with a four-module quiet zone."""
    rows = qr_rows(payload)
    n = len(rows) + 8
    image = QImage(n, n, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    dark = QColor("#000000").rgb()
    for y, row in enumerate(rows):
        for x, bit in enumerate(row):
            if bit == "1":
                image.setPixel(x + 4, y + 4, dark)
    return image.scaled(n * module, n * module)


class ExhibitionController(QObject):
    changed = Signal()
    escape = Signal()
    status = Signal(str)

    def __init__(self, selection: Selection, *, seconds: float = DEFAULT_SECONDS, theme: str = "formal",
                 payloads: dict[str, str] | None = None, start: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        if not selection.works:
            raise ValueError("no works to show")
        self.selection = selection
        self.theme = THEMES[theme]
        self.payloads = payloads or {}
        self.index = 0
        self.black = False
        self.slides_shown = 1
        self._thumbs: dict[str, QImage] = {}
        self._qrs: dict[str, QImage] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(seconds * 1000)))
        self.timer.timeout.connect(self.next)
        if start:
            self.timer.start()

    @property
    def work(self) -> Work:
        return self.selection.works[self.index]

    # ---- the presentation keys (see stage.window.handle_key) ----
    def next(self) -> None:
        self.index = (self.index + 1) % len(self.selection.works)
        self.slides_shown += 1
        self.changed.emit()

    def prev(self) -> None:
        self.index = (self.index - 1) % len(self.selection.works)
        self.changed.emit()

    def toggle_black(self) -> None:
        self.black = not self.black
        self.changed.emit()

    def toggle_timer(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.status.emit("循环已暂停 (paused)")
        else:
            self.timer.start()
            self.status.emit("循环继续 (running)")

    # ---- pictures, made once per work ----
    def thumbnail(self, work: Work) -> QImage:
        image = self._thumbs.get(work.code)
        if image is None:
            from judge_app.qt.thumbnails import thumbnail

            path, kind = preview_source(work.attachments)
            image, _how = thumbnail(path or Path(), kind)
            self._thumbs[work.code] = image
        return image

    def qr(self, work: Work) -> QImage | None:
        payload = self.payloads.get(work.code)
        if payload is None:
            return None
        image = self._qrs.get(work.code)
        if image is None:
            image = self._qrs[work.code] = qr_image(payload)
        return image

    # ---- the slide ----
    def items(self, width: int, height: int) -> list:
        t = self.theme
        w = self.work
        lay = Layout(t, width, height)
        u = lay.u
        lay.frame_lines()
        sel = self.selection
        lay.text("heading", lay.band(4.5, 11), f"{sel.contest.name} · 优秀作品展示", 4.2, t.muted)
        pic_rect = QRectF(lay.mx, 15 * u, lay.w * 0.52, 72 * u)
        lay.box("thumb-frame", pic_rect.adjusted(-0.6 * u, -0.6 * u, 0.6 * u, 0.6 * u), t.card, t.card_border, 0.8, 0.25)
        image = self.thumbnail(w)
        scale = min(pic_rect.width() / max(1, image.width()), pic_rect.height() / max(1, image.height()))
        iw, ih = image.width() * scale, image.height() * scale
        picture = Picture("thumbnail", QRectF(pic_rect.center().x() - iw / 2, pic_rect.center().y() - ih / 2, iw, ih),
                          image)
        x = pic_rect.right() + 4 * u
        right = lay.w - lay.mx - x
        lay.text("award", QRectF(x, 15 * u, right, 10 * u), w.award, 8, t.accent, title=True, align=LEFT)
        lay.text("title", QRectF(x, 27 * u, right, 24 * u), w.title, 7, t.text, title=True, align=LEFT)
        lay.text("unit", QRectF(x, 52 * u, right, 7 * u), w.unit, 4.2, t.muted, align=LEFT)
        if w.members:
            lay.text("members", QRectF(x, 59.5 * u, right, 7 * u), "、".join(w.members), 3.6, t.muted, align=LEFT)
        qr = self.qr(w)
        extra: list = [picture]
        if qr is not None:
            side = 18 * u
            qr_rect = QRectF(x, 87 * u - side, side, side)
            extra.append(Picture("qr", qr_rect, qr, smooth=False))
            lay.text("qr-caption", QRectF(x + side + 2 * u, 87 * u - side, right - side - 2 * u, side),
                     "扫码验证获奖证书", 3.0, t.muted, align=LEFT)
        lay.text("position", lay.band(92, 97.5), f"{self.index + 1} / {len(sel.works)}", 2.6, t.muted)
        return lay.items + extra


def paint_exhibition(painter: QPainter, rect: QRectF, controller: ExhibitionController) -> None:
    paint_items(painter, rect, controller.theme, controller.black, controller.items)


def render_slide(controller: ExhibitionController, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_exhibition(painter, QRectF(0, 0, width, height), controller)
    painter.end()
    return image


class ExhibitionCanvas(QWidget):
    def __init__(self, controller: ExhibitionController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        controller.changed.connect(self.update)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        paint_exhibition(painter, QRectF(self.rect()), self.controller)
        painter.end()


def exhibition_controller(db: Database, round_key: str, *, awards: list[str] | None = None,
                          seconds: float = DEFAULT_SECONDS, qr: bool = False, theme: str = "formal",
                          start: bool = True) -> ExhibitionController:
    """The loop's controller for a round's winners; refusals (unknown round or award) as ServiceError."""
    from judge_app.services.contest.contest_access import ServiceError

    selection = select_works(db, round_key, awards)
    if not selection.works:
        raise ServiceError("所选奖项没有获奖作品 (no awarded works in the selected awards)")
    payloads = certificate_payloads(db, round_key) if qr else None
    return ExhibitionController(selection, seconds=seconds, theme=theme, payloads=payloads, start=start)


def open_exhibition(db: Database, round_key: str, *, awards: list[str] | None = None,
                    seconds: float = DEFAULT_SECONDS, qr: bool = False, windowed: bool = False,
                    theme: str = "formal"):
    """Open the loop on the stage window: full screen on a second screen, else in a window."""
    from judge_app.stage.window import StageWindow, projector_screen

    controller = exhibition_controller(db, round_key, awards=awards, seconds=seconds, qr=qr, theme=theme)
    window = StageWindow(controller, ExhibitionCanvas(controller),
                         f"优秀作品展示 · {controller.selection.contest.name}")
    controller.setParent(window)
    controller.escape.connect(window.close)
    window.place(None if windowed else projector_screen(None))
    return window
