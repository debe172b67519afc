"""Starting Qt the same way everywhere (workspace, stage, tests, screenshots).

The bundled CJK fonts are registered at start: without them a machine with no Chinese font
installed draws every Chinese character (and in a frozen build even digits) as an empty box.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from judge_app.resources import resource_path

UI_FONT_FILE = "wqy-microhei.ttc"
KAI_FONT_FILE = "LXGWWenKai-Regular.ttf"

_families: dict[str, str] = {}


def register_fonts() -> dict[str, str]:
    """Register the bundled fonts once; returns file name → font family."""
    if not _families:
        for name in (UI_FONT_FILE, KAI_FONT_FILE):
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            if font_id < 0:
                raise RuntimeError(f"cannot load bundled font {name}")
            _families[name] = QFontDatabase.applicationFontFamilies(font_id)[0]
    return dict(_families)


def ui_family() -> str:
    return register_fonts()[UI_FONT_FILE]


def kai_family() -> str:
    return register_fonts()[KAI_FONT_FILE]


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created on first use with the bundled UI font as default."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
        app.setApplicationName("judge_app")
        app.setOrganizationName("judge_app")
    register_fonts()
    font = QFont(ui_family())
    font.setPointSize(10)
    app.setFont(font)
    return app
