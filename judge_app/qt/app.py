"""Starting Qt the same way everywhere (workspace, stage, tests, screenshots).

The bundled CJK UI font is registered at start (the kai font when first used): without it a machine with no Chinese font
installed draws every Chinese character (and in a frozen build even digits) as an empty box.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from judge_app.resources import resource_path

UI_FONT_FILE = "wqy-microhei.ttc"
KAI_FONT_FILE = "LXGWWenKai-Regular.ttf"

_families: dict[str, str] = {}


def guard_none_refcount() -> None:
    """Work around a PySide6 6.12.0 bug on Python 3.11 (6.11.3 does not have it): every call of
    a Qt method returning void drops one reference to None, and every `Signal.emit()` one
    reference to True (harmless from Python 3.12, where both are immortal). After a few
    thousand calls — one stage frame makes hundreds — the interpreter aborts with "Fatal
    Python error: none_dealloc" (or bool_dealloc). Giving None, True and False 2**40 extra
    references makes them immortal in practice. Idempotent; a no-op from Python 3.12.
    """
    global _none_guarded
    if _none_guarded or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    _none_guarded = True


_none_guarded = False
guard_none_refcount()  # at import: Qt calls may come before ensure_app (pytest-qt's own QApplication)


def register_font(name: str) -> str:
    """Register one bundled font (once); its family. The UI font is registered at start, the
    kai font (certificates, the stage) when first asked for: it is 16 MB the first window never draws."""
    if name not in _families:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:
            raise RuntimeError(f"cannot load bundled font {name}")
        _families[name] = QFontDatabase.applicationFontFamilies(font_id)[0]
    return _families[name]


def register_fonts() -> dict[str, str]:
    """Register every bundled font once; returns file name → font family."""
    for name in (UI_FONT_FILE, KAI_FONT_FILE):
        register_font(name)
    return dict(_families)


def ui_family() -> str:
    return register_font(UI_FONT_FILE)


def kai_family() -> str:
    return register_font(KAI_FONT_FILE)


def has_display() -> bool:
    """Whether a window system is reachable: always on Windows and macOS, else X11 or Wayland."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_app(argv: list[str] | None = None, *, headless: bool = False) -> QApplication:
    """The process's one Qt application, created on first use with the bundled UI font as default.

    Every Qt user in the program (workspace, stage, thumbnails, screenshots) gets its
    application here, and it is always a QApplication: a bare QGuiApplication started by an
    off-screen path would make any later QApplication (a window, pytest-qt) abort the process.
    `headless` callers (thumbnails, command-line renders) get the offscreen platform when no
    display exists and the platform was not chosen otherwise.
    """
    guard_none_refcount()
    app = QCoreApplication.instance()
    if app is not None and not isinstance(app, QApplication):
        raise RuntimeError("a Qt application other than QApplication was started outside ensure_app")
    if app is None:
        if headless and not has_display():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(argv if argv is not None else sys.argv)
        app.setApplicationName("judge_app")
        app.setOrganizationName("judge_app")
    font = QFont(ui_family())
    font.setPointSize(10)
    app.setFont(font)
    return app


def install_saved_language(language: str | None = None) -> str:
    """For a front end started on its own (`judge-app stage`): the workspace's language (its saved
    "language" setting, else zh_CN), our strings and Qt's own dialogs (是/否, 取消) alike."""
    from PySide6.QtCore import QSettings

    from judge_app.qt import i18n

    wanted = language or str(QSettings().value("language", i18n.ZH))
    if not i18n.install_language(wanted):
        i18n.install_language(i18n.ZH)
        wanted = i18n.ZH
    return wanted
