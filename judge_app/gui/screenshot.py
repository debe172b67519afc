"""`judge-app gui --screenshot PATH [--screenshot-pdf FILE]`: start the app as usual, save the
first window it shows to a PNG, and quit with status 0.

For checking an installation or a packaged build without a display (`QT_QPA_PLATFORM=offscreen`):
the window is drawn with the platform plugin, the bundled fonts and the translations the real app
uses, so a PNG whose Chinese shows as boxes, or a non-zero exit, means the build is broken.
With `--screenshot-pdf`, the PDF is then opened in the app's own preview (QtPdf) and saved
beside PATH as `NAME-pdf.png`. One line of JSON on stdout tells what was captured.

It watches the application for the first top-level window shown, whichever it is, so it needs
no hook in the window code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from judge_app.qt.app import ensure_app

QT_CONTEXT = "QPlatformTheme"  # Qt's own strings (a variable, so pyside6-lupdate leaves it out of our .ts)
SETTLE_MS = 300  # after the window is shown: let queued layouts, paints and loads run
PDF_RENDER_MS = 1500  # QtPdf renders pages as events arrive: wait at most this long


def _settle(msecs: int) -> None:
    from judge_app.gui.tasks import wait_all

    wait_all(30000)
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < msecs:
        QCoreApplication.processEvents()


class _FirstWindowCapture(QObject):
    def __init__(self, path: Path, pdf: Path | None):
        super().__init__()
        self.path = path
        self.pdf = pdf
        self.armed = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if (not self.armed and event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow()):
            self.armed = True
            QTimer.singleShot(SETTLE_MS, lambda w=watched: self.capture(w))
        return False

    def capture(self, window: QWidget) -> None:
        try:
            report = self._capture(window)
        except Exception as exc:  # noqa: BLE001 - any failure is the answer: say it and exit 1
            print(f"截图失败 (screenshot failed): {exc!r}", file=sys.stderr)
            QCoreApplication.exit(1)
            return
        print(json.dumps(report, ensure_ascii=False), flush=True)
        QCoreApplication.exit(0)  # ends every running event loop, a modal dialog's too

    def _capture(self, window: QWidget) -> dict:
        _settle(SETTLE_MS)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(self.path), "PNG"):
            raise OSError(f"cannot write {self.path}")
        report = {"screenshot": str(self.path), "title": window.windowTitle(),
                  "width": window.width(), "height": window.height(),
                  "qt_cancel": QCoreApplication.translate(QT_CONTEXT, "Cancel")}
        if self.pdf is not None:
            report.update(self._capture_pdf(window))
        return report

    def _capture_pdf(self, parent: QWidget) -> dict:
        from judge_app.gui.print_dialogs import PdfPreviewDialog

        dialog = PdfPreviewDialog(self.pdf.read_bytes(), self.pdf.name, parent)
        dialog.resize(900, 1000)
        dialog.show()
        _settle(PDF_RENDER_MS)
        target = self.path.with_name(f"{self.path.stem}-pdf.png")
        ok = dialog.grab().save(str(target), "PNG")
        pages = dialog.preview.page_count()
        dialog.close()
        if not ok:
            raise OSError(f"cannot write {target}")
        if pages < 1:
            raise ValueError(f"QtPdf cannot open {self.pdf}")
        return {"pdf_screenshot": str(target), "pdf_pages": pages}


def capture_first_window(path: str | Path, pdf: str | Path | None = None) -> None:
    """Arrange for the first window the app shows to be saved to `path`; then the app quits."""
    app = ensure_app()
    watcher = _FirstWindowCapture(Path(path), Path(pdf) if pdf else None)
    watcher.setParent(app)
    app.installEventFilter(watcher)
