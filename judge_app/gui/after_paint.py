"""Doing something right after a widget's next paint: the window appears first, the work follows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer


class _AfterPaint(QObject):
    def __init__(self, widget, call):
        super().__init__(widget)
        self.call = call

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.call)  # once this paint (and its children's) has reached the screen
            self.deleteLater()
        return False


def call_after_next_paint(widget, call) -> None:
    """`call()` from the event loop once `widget` has next been painted. Filters installed later
    run first, so a first-paint watcher (gui.startup_probe) still sees the paint before `call` runs."""
    widget.installEventFilter(_AfterPaint(widget, call))
