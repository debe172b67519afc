"""Print dialogs: preview and edit a certificate template with real data, preview and print any
PDF, and verify a certificate's QR code (a USB scanner types the payload and presses Enter).

Self-contained: each dialog takes what it needs (a database, a payload checker) and calls the
services; the main window only has to open them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from judge_app.domain.certificate_template import CertificateTemplate, template_to_dict
from judge_app.qt.i18n import date_text, message_text, refusal_message
from judge_app.qt.app import kai_family
from judge_app.services.documents.certificates import (
    VALID,
    Verdict,
    available_templates,
    check_payload,
    preview_certificate,
    preview_values,
    resolve_template,
    saved_templates_dir,
    verify_in_database,
)
from judge_app.services.contest.contest_access import ServiceError
from judge_app.qt import file_dialogs

PRINT_DPI = 300  # pages are rendered for the printer at this resolution at most


def load_pdf(document: QPdfDocument, pdf: bytes) -> QBuffer:
    """Load PDF bytes into a QPdfDocument; the returned buffer must stay alive with the document."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of a PDF on `printer` (each page rendered at ≤300 dpi, fitted to the
    printable area, aspect kept); returns the number of pages printed."""
    document = QPdfDocument()
    load_pdf(document, pdf)
    if document.status() != QPdfDocument.Status.Ready:
        raise ServiceError(f"PDF 无法打开: {document.error()} (cannot open PDF)")
    painter = QPainter()
    if not painter.begin(printer):
        raise ServiceError("打印机无法开始打印 (the printer could not start)")
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h), image)
    finally:
        painter.end()
    return document.pageCount()


def ask_and_print(parent: QWidget, pdf: bytes, title: str) -> int:
    """The system print dialog, then print; 0 when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return print_pdf(pdf, printer)


class PdfPreview(QWidget):
    """A PDF shown inside the app (QtPdf), whole pages, from bytes."""

    def __init__(self, parent: QWidget | None = None, *, multi_page: bool = True):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage if multi_page else QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._buffer: QBuffer | None = None
        self.pdf = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_pdf(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self.pdf = pdf
        self._buffer = load_pdf(self.document, pdf)

    def page_count(self) -> int:
        return self.document.pageCount()


class PdfPreviewDialog(QDialog):
    """Preview a generated PDF (certificates, sheets, notice) and print it."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"预览 {title}")
        self.title = title
        self.preview = PdfPreview(self)
        self.preview.set_pdf(pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.print_button = buttons.addButton(self.tr("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: ask_and_print(self, self.preview.pdf, self.title))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(900, 700)


class CertificateTemplateDialog(QDialog):
    """Preview a certificate template with a real awarded entry, edit its texts, save a copy."""


    def __init__(self, db, round_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("证书模板预览"))
        self.samples = preview_values(db, round_key)
        self.template: CertificateTemplate | None = None
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B22222;")
        self.templates = QComboBox(self)
        for name, label, path in available_templates():  # built-in, then the ones saved here before
            self.templates.addItem(label or name, str(path))
        self.entries = QComboBox(self)
        for values in self.samples:
            self.entries.addItem(f"{values['entry_code']} {values['recipient']} · {values['award']}")
        columns = (self.tr("文字 (花括号中的字段逐张填入)"), self.tr("字号"), self.tr("位置 x, y (毫米)"))
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels(columns)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.preview = PdfPreview(self, multi_page=False)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(250)
        self._refresh_timer.timeout.connect(self.refresh)

        open_button = QPushButton(self.tr("打开模板文件…"), self)
        open_button.clicked.connect(self._open_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("模板:")))
        top.addWidget(self.templates, 1)
        top.addWidget(open_button)
        top.addWidget(QLabel(self.tr("样例:")))
        top.addWidget(self.entries, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.save_button = buttons.addButton(self.tr("另存模板…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton(self.tr("打印样张…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._save_dialog)
        self.print_button.clicked.connect(lambda: ask_and_print(self, self.preview.pdf, "证书样张"))
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(self.table, 1)
        side.addWidget(self.error)
        body = QHBoxLayout()
        body.addLayout(side, 2)
        body.addWidget(self.preview, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(1200, 680)

        self.templates.currentIndexChanged.connect(lambda _: self.load(self.templates.currentData()))
        self.entries.currentIndexChanged.connect(lambda _: self.refresh())
        self.table.itemChanged.connect(lambda _: self._refresh_timer.start())
        if self.templates.count():
            self.load(self.templates.currentData())

    # -- template in, template out ---------------------------------------------------------------
    def load(self, name_or_path: str) -> None:
        try:
            self.template = resolve_template(name_or_path)
        except ServiceError as exc:
            self.error.setText(refusal_message(exc))
            return
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.template.texts))
        for row, box in enumerate(self.template.texts):
            text = QTableWidgetItem(box.text)
            text.setFont(QFont(kai_family() if box.font == "kai" else self.font().family()))
            size = QTableWidgetItem(f"{box.size:g}")
            where = QTableWidgetItem(f"{box.x:g}, {box.y:g}")
            for item in (size, where):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, text)
            self.table.setItem(row, 1, size)
            self.table.setItem(row, 2, where)
        self.table.blockSignals(False)
        self.refresh()

    def edited_template(self) -> CertificateTemplate:
        """The loaded template with the texts as edited in the table."""
        assert self.template is not None
        texts = tuple(replace(box, text=self.table.item(row, 0).text()) for row, box in enumerate(self.template.texts))
        return self.template.replace_texts(texts)

    def set_text(self, row: int, text: str) -> None:
        self.table.item(row, 0).setText(text)

    def refresh(self) -> None:
        """Render the preview now; a problem (unknown field, text too long, missing glyph) is shown."""
        self._refresh_timer.stop()
        if self.template is None or not self.samples:
            self.error.setText(self.tr("本轮还没有获奖作品, 无法预览") if not self.samples else "")
            return
        from judge_app.domain.certificate_template import template_problems

        template = self.edited_template()
        problems = template_problems(template)
        if problems:
            self.error.setText("\n".join(problems))
            return
        values = self.samples[max(0, self.entries.currentIndex())]
        try:
            pdf = preview_certificate(template, values, payload="PREVIEW")
        except (ServiceError, KeyError, ValueError) as exc:
            self.error.setText(refusal_message(exc))
            return
        self.error.setText("")
        self.preview.set_pdf(pdf)

    def save_to(self, path: Path) -> None:
        """Save the edited template as JSON (a template file like the TOML ones)."""
        data = template_to_dict(self.edited_template())
        data["name"] = data["label"] = path.stem  # offered under its file name in 颁发证书
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def _save_dialog(self) -> None:
        folder = saved_templates_dir()  # saved here, 颁发证书 offers it
        folder.mkdir(parents=True, exist_ok=True)
        name, _ = file_dialogs.getSaveFileName(self, self.tr("另存模板"), str(folder / "我的模板.json"),
                                               self.tr("证书模板 (*.json)"))
        if name:
            self.save_to(Path(name))

    def _open_file(self) -> None:
        name, _ = file_dialogs.getOpenFileName(self, self.tr("打开模板"), "", self.tr("证书模板 (*.toml *.json)"))
        if name:
            self.templates.addItem(Path(name).stem, name)
            self.templates.setCurrentIndex(self.templates.count() - 1)


class VerifyDialog(QDialog):
    """Type or scan a certificate's QR payload; says valid (with the details) or why not."""

    def __init__(self, verify: Callable[[str], Verdict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("验证证书"))
        self._verify = verify
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(self.tr("扫描或粘贴二维码内容, 回车验证"))
        self.input.returnPressed.connect(self.check)
        self.verdict_label = QLabel(self.tr("等待扫描…"), self)
        self.verdict_label.setWordWrap(True)
        big = self.verdict_label.font()
        big.setPointSize(big.pointSize() + 6)
        self.verdict_label.setFont(big)
        self.details = QFormLayout()
        self.verdict: Verdict | None = None
        button = QPushButton(self.tr("验证"), self)
        button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.verdict_label)
        layout.addLayout(self.details)
        layout.addStretch(1)
        self.resize(640, 360)

    @classmethod
    def for_database(cls, db, parent: QWidget | None = None) -> "VerifyDialog":
        return cls(lambda payload: verify_in_database(db, payload), parent)

    @classmethod
    def for_public_keys(cls, keys, parent: QWidget | None = None) -> "VerifyDialog":
        return cls(lambda payload: check_payload(payload, list(keys)), parent)

    def check(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        self.verdict = verdict = self._verify(text)
        good = verdict.status == VALID
        self.verdict_label.setText(("✔ " if good else "✘ ") + message_text(verdict.message))
        self.verdict_label.setStyleSheet(f"color: {'#1B7F3B' if good else '#B22222'};")
        while self.details.rowCount():
            self.details.removeRow(0)
        if verdict.record is not None and verdict.status in ("valid", "revoked"):  # a forged record is not shown as fact
            labels = {"serial": self.tr("编号"), "recipient": self.tr("获奖者"), "award": self.tr("奖项"),
                      "entry": self.tr("作品"), "contest": self.tr("比赛"), "date": self.tr("日期")}
            for key, value in verdict.fields():
                self.details.addRow(labels[key], QLabel(date_text(value) if key == "date" else value))
        if verdict.note:
            self.details.addRow(self.tr("注意"), QLabel(message_text(verdict.note)))
        self.input.selectAll()  # the next scan replaces this one
