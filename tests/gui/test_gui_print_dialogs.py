"""Print dialogs: template preview and editing with real data, printing a PDF through QPrinter,
verifying a scanned payload."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from judge_app.domain.certificate_template import load_template  # noqa: E402
from judge_app.gui.print_dialogs import (  # noqa: E402
    CertificateTemplateDialog,
    PdfPreviewDialog,
    VerifyDialog,
    print_pdf,
)
from judge_app.qt.app import ensure_app  # noqa: E402
from judge_app.services.documents.certificates import issue_certificates  # noqa: E402
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff  # noqa: E402
from judge_app.store.database import open_database  # noqa: E402

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
DOC_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "print"


def save_shot(widget, name: str, tmp_path: Path) -> None:
    """Grab the dialog; into docs/screenshots/print/ only when JUDGE_APP_SCREENSHOTS=1 (keeps test runs clean)."""
    target = DOC_SHOTS if os.environ.get("JUDGE_APP_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(target / name))


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gui") / "demo.sqlite"
    load_demo(str(path), "tester")
    db = open_database(str(path))
    try:
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")  # certificates and the notice need a signed-off round
    finally:
        db.close()
    return path


@pytest.fixture
def db(demo_path, tmp_path):
    copy = tmp_path / "c.sqlite"
    shutil.copy(demo_path, copy)
    database = open_database(str(copy))
    yield database
    database.close()


def pdftext(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "x.pdf"
    f.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note on show()
def test_template_dialog_previews_real_data_and_edits_texts(qtbot, db, tmp_path):
    ensure_app()
    dialog = CertificateTemplateDialog(db, "final")
    qtbot.addWidget(dialog)
    assert dialog.templates.count() >= 2 and dialog.entries.count() == 20
    assert dialog.preview.page_count() == 1
    first = dialog.samples[0]
    text = pdftext(dialog.preview.pdf, tmp_path)
    assert first["recipient"] in text and first["award"] in text
    dialog.set_text(0, "优 秀 证 书")  # the heading of the formal template
    qtbot.waitUntil(lambda: "优秀证书" in pdftext(dialog.preview.pdf, tmp_path).replace(" ", ""), timeout=3000)
    dialog.entries.setCurrentIndex(5)
    assert dialog.samples[5]["recipient"] in pdftext(dialog.preview.pdf, tmp_path)
    dialog.save_to(tmp_path / "mine.json")
    saved = load_template(tmp_path / "mine.json")
    assert saved.texts[0].text == "优 秀 证 书" and saved.name == "mine"
    dialog.set_text(1, "{recipent}")
    dialog.refresh()
    assert "recipent" in dialog.error.text()
    dialog.templates.setCurrentIndex(dialog.templates.findText("简洁证书"))
    assert dialog.template.name == "plain" and dialog.error.text() == ""
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(1000)  # QPdfView renders pages in the background
    save_shot(dialog, "dialog-template-preview.png", tmp_path)


@needs_poppler
def test_printing_a_pdf_through_qprinter_prints_every_page(qtbot, db, tmp_path):
    ensure_app()
    batch = issue_certificates(db, "final", "tester", entries=["Z01", "Z02", "Z03"])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(batch.pdf, printer) == 3
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Pages:           3" in info
    dialog = PdfPreviewDialog(batch.pdf, "证书")
    qtbot.addWidget(dialog)
    assert dialog.preview.page_count() == 3


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_verify_dialog_takes_a_scanned_payload_and_says_valid_or_not(qtbot, db, tmp_path):
    ensure_app()
    payload = issue_certificates(db, "final", "tester", entries=["Z03"]).certificates[0].payload
    dialog = VerifyDialog.for_database(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.input, payload)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)  # a USB scanner ends with Enter
    assert dialog.verdict.status == "valid" and "有效" in dialog.verdict_label.text()
    assert dialog.details.rowCount() >= 5
    dialog.show()
    qtbot.waitExposed(dialog)
    save_shot(dialog, "dialog-verify.png", tmp_path)
    dialog.input.setText(payload[:50] + ("A" if payload[50] != "A" else "B") + payload[51:])
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert dialog.verdict.status != "valid" and "有效" not in dialog.verdict_label.text()


@needs_poppler
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_issue_dialog_options_reach_the_service_and_the_preview_follows_them(qtbot, db, tmp_path):
    from judge_app.gui.certificate_dialog import IssueCertificatesDialog
    from judge_app.services.documents.certificates import proof_certificates, register_lines, saved_templates_dir

    ensure_app()
    template_dialog = CertificateTemplateDialog(db, "final")  # a template edited and saved in 证书模板…
    qtbot.addWidget(template_dialog)
    template_dialog.set_text(0, "优 秀 证 书")
    saved_templates_dir().mkdir(parents=True, exist_ok=True)
    template_dialog.save_to(saved_templates_dir() / "红头.json")

    dialog = IssueCertificatesDialog(db, "final", "2025-09-18")
    qtbot.addWidget(dialog)
    assert dialog.template.findData(str(saved_templates_dir() / "红头.json")) >= 0  # usable from the window
    first = dialog.entries[0]
    assert first.recipient in pdftext(dialog.preview.pdf, tmp_path)
    dialog.template.setCurrentIndex(dialog.template.findData(str(saved_templates_dir() / "红头.json")))
    dialog.per_member.setChecked(True)
    dialog.scope.setCurrentIndex(dialog.scope.findData("tier"))
    dialog.tier.setCurrentIndex(dialog.tier.findData("二等奖"))
    dialog.serial.setText("东直工证〔{year}〕{seq:03d}号")
    dialog.date.setDate(dialog.date.date().addDays(1))
    assert dialog.refresh()
    text = pdftext(dialog.preview.pdf, tmp_path).replace(" ", "")
    assert "优秀证书" in text and "东直工证〔2025〕001号" in text and "2025年9月19日" in text
    o = dialog.options()
    assert o.per_member and o.awards == ("二等奖",) and o.entries == () and o.template.endswith("红头.json")
    assert o.serial_pattern == "东直工证〔{year}〕{seq:03d}号" and str(o.issue_date) == "2025-09-19"
    dialog.serial.setText("{nope}")
    assert not dialog.refresh() and "seq" in dialog.problem.text() and not dialog.issue_button.isEnabled()
    dialog.serial.setText("")
    dialog.pick([])
    assert not dialog.refresh() and "勾选" in dialog.problem.text()
    dialog.pick(["Z03", "Z05"])
    assert dialog.refresh() and dialog.options().entries == ("Z03", "Z05")
    proof = proof_certificates(db, "final", dialog.options(proof=True))
    assert register_lines(db)[1] == [] and "样张" in pdftext(proof.pdf, tmp_path)
    dialog.reissue.setChecked(True)
    assert not dialog.refresh() and "原因" in dialog.problem.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.reissue.setChecked(False)
    assert dialog.refresh()
    qtbot.wait(800)
    save_shot(dialog, "dialog-issue-certificates.png", tmp_path)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_issue_dialog_from_the_window_issues_what_was_chosen(qtbot, db, tmp_path):
    from judge_app.gui.main_window import MainWindow
    from judge_app.gui.tasks import SyncRunner
    from judge_app.gui.workspace import Workspace
    from judge_app.services.documents.certificates import register_lines

    ensure_app()
    window = MainWindow(Workspace(db, "tester", runner=SyncRunner()))
    qtbot.addWidget(window)
    dialog = window.certificate_dialog("final")
    dialog.pick(["Z02"])
    dialog.issue_button.click()
    lines = register_lines(db)[1]
    assert [ln.entry_code for ln in lines] == ["Z02"]
    again = window.certificate_dialog("final")
    again.pick(["Z02"])
    again.proof_button.click()
    assert len(register_lines(db)[1]) == 1 and register_lines(db)[1][0].printed == 1  # a proof prints nothing on record
