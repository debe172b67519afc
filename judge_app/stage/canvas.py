"""Painting a scene: the stage window and the console's preview both use `StageCanvas`.

The preview keeps the stage screen's aspect ratio (letterboxed), so it shows the same layout
the hall sees, only smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from judge_app.stage.layout import WRAP, Box, Text


def paint_scene(painter: QPainter, rect: QRectF, controller) -> None:
    """Draw the controller's current scene into `rect` of `painter`."""
    paint_items(painter, rect, controller.theme, controller.show.black, controller.items)


def paint_items(painter: QPainter, rect: QRectF, theme, black: bool, items) -> None:
    """Draw a themed background and the laid-out items `items(width, height)` gives: boxes, text
    (struck through when marked) and pictures (anything with `image`). Shared by the stage scenes
    and the exhibition loop."""
    painter.save()
    painter.translate(rect.topLeft())
    w, h = rect.width(), rect.height()
    if black:
        painter.fillRect(QRectF(0, 0, w, h), QColor("#000000"))
        painter.restore()
        return
    grad = QLinearGradient(QPointF(0, 0), QPointF(0, h))
    grad.setColorAt(0, QColor(theme.background[0]))
    grad.setColorAt(1, QColor(theme.background[1]))
    painter.fillRect(QRectF(0, 0, w, h), QBrush(grad))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setClipRect(QRectF(0, 0, w, h))
    for item in items(int(w), int(h)):
        if isinstance(item, Box):
            pen = QPen(QColor(item.border), item.width) if item.border else Qt.PenStyle.NoPen
            painter.setPen(pen)
            painter.setBrush(QColor(item.fill) if item.fill else Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(item.rect, item.radius, item.radius)
        elif isinstance(item, Text):
            painter.setFont(item.font)
            painter.setPen(QColor(item.color))
            painter.drawText(item.rect, item.align | WRAP, item.text)
            if item.struck:
                br = painter.boundingRect(item.rect, item.align | WRAP, item.text)
                pen = QPen(QColor(item.color), max(2.0, item.font.pixelSize() * 0.09))
                painter.setPen(pen)
                y = br.center().y()
                painter.drawLine(QPointF(br.left() - 4, y), QPointF(br.right() + 4, y))
        elif hasattr(item, "image"):
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, item.smooth)
            painter.drawImage(item.rect, item.image)
    painter.restore()


def render_image(controller, width: int, height: int) -> QImage:
    """The scene as an image at a given screen size (screenshots, tests)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_scene(painter, QRectF(0, 0, width, height), controller)
    painter.end()
    return image


class StageCanvas(QWidget):
    def __init__(self, controller, parent: QWidget | None = None, aspect: QSize | None = None):
        super().__init__(parent)
        self.controller = controller
        self.aspect = aspect  # preview: the stage screen's size, kept in proportion
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        controller.changed.connect(self.update)

    def scene_rect(self) -> QRectF:
        full = QRectF(self.rect())
        if self.aspect is None or self.aspect.isEmpty():
            return full
        ratio = self.aspect.width() / self.aspect.height()
        w = min(full.width(), full.height() * ratio)
        h = w / ratio
        return QRectF(full.left() + (full.width() - w) / 2, full.top() + (full.height() - h) / 2, w, h)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020") if self.aspect else QColor("#000000"))
        paint_scene(painter, self.scene_rect(), self.controller)
        painter.end()
