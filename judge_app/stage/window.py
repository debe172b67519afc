"""The stage window: full screen on the projector, windowed when there is only one screen.

Placement follows Qt's advice for a second screen: `setScreen`, move to the screen's top-left
and resize to it *before* `showFullScreen()`. A projector plugged in or pulled out during the
event (`screenAdded` / `screenRemoved`) moves the stage without the host doing anything.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from judge_app.stage.canvas import StageCanvas

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Return,
             Qt.Key.Key_Enter}
PREV_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
BLACK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}  # clickers send "." or "b" for a black screen
WINDOWED_SIZE = QSize(960, 540)


def handle_key(controller, key: int) -> bool:
    """The presentation keys, the same on the stage and on the console; True when handled."""
    if key in NEXT_KEYS:
        controller.next()
    elif key in PREV_KEYS:
        controller.prev()
    elif key in BLACK_KEYS:
        controller.toggle_black()
    elif key == Qt.Key.Key_T:
        controller.toggle_timer()
    elif key == Qt.Key.Key_Escape:
        controller.escape.emit()
    else:
        return False
    return True


def projector_screen(console_screen: QScreen | None) -> QScreen | None:
    """The screen for the stage: the first one that is not the console's; None with a single screen."""
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return None
    mine = console_screen or QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not mine]
    return others[0] if others else None


class StageWindow(QWidget):
    placed = Signal()

    def __init__(self, controller, canvas: QWidget | None = None, title: str | None = None):
        """`canvas` and `title` let another show (the exhibition loop) use the same window."""
        super().__init__(None, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle(title or f"舞台 · {controller.show.report.contest.name}")
        self.canvas = canvas if canvas is not None else StageCanvas(controller, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.target: QScreen | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self.controller, event.key()):
            super().keyPressEvent(event)

    def place(self, screen: QScreen | None) -> None:
        """Full screen on `screen`, or a window on the primary screen when None.

        A window moving between screens is hidden first and its state cleared, so a pending
        restore of the old full-screen geometry cannot pull it back to the old screen.
        """
        self.target = screen
        if self.isVisible() and (self.screen() is not screen or screen is None):
            self.hide()
            self.setWindowState(Qt.WindowState.WindowNoState)
        if screen is not None:
            geo = screen.geometry()
            self.setScreen(screen)
            self.move(geo.topLeft())
            self.resize(geo.size())
            self.showFullScreen()
        else:
            primary = QGuiApplication.primaryScreen()
            if primary is not None:
                self.setScreen(primary)
                avail = primary.availableGeometry()
                self.resize(WINDOWED_SIZE.boundedTo(avail.size() * 0.8))
                self.move(avail.center() - self.rect().center())
            self.showNormal()
        self.placed.emit()
