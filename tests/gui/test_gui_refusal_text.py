"""A refusal shown in the zh_CN interface is Chinese only: the English gloss services write for the
CLI and the logs (`… (unknown entry code)`) is dropped on the screen, and kept in English."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from gui_support import example_db, window
from judge_app.errors import refusal_text
from judge_app.gui import error_report
from judge_app.qt import i18n
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.scores.score_entry import save_scores
from tests.gui.test_gui_chinese_only import english_words


@pytest.fixture
def shown(monkeypatch):
    texts = []
    monkeypatch.setattr(error_report.QMessageBox, "warning", lambda parent, title, text: texts.append(text))
    return texts


def a_service_refusal(db) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        save_scores(db, "final", "expert", "E01", "NOPE", {"innovation": Decimal(1)}, "王")
    return caught.value


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_service_refusal_in_zh_cn_has_no_latin_gloss(qtbot, tmp_path, shown):
    db = example_db(tmp_path)
    window(qtbot, tmp_path, db)
    exc = a_service_refusal(db)
    assert english_words(str(exc))  # the service's own text carries the gloss for the CLI …
    text = error_report.report_error(None, "录入", exc)
    assert shown == [text] and "NOPE" in text and "作品编号" in text
    assert english_words(text.replace("NOPE", "")) == [], text  # … the zh_CN dialog does not


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_file_system_refusal_reads_in_chinese(qtbot, tmp_path, shown):
    window(qtbot, tmp_path)
    try:
        open(tmp_path / "没有这个文件.csv", encoding="utf-8")
    except OSError as exc:
        text = error_report.report_error(None, "导入", exc)
        assert "文件或文件夹不存在" in text and english_words(text) == [], text
        assert "No such file" in refusal_text(exc)  # the CLI keeps the system's wording


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_english_interface_keeps_the_gloss(qtbot, tmp_path, shown):
    db = example_db(tmp_path)
    window(qtbot, tmp_path, db)
    exc = a_service_refusal(db)
    try:
        assert i18n.install_language(i18n.EN)
        assert error_report.report_error(None, "Entry", exc) == str(exc)
    finally:
        i18n.install_language(i18n.ZH)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_refusal_beside_a_grid_cell_is_chinese_only(qtbot, tmp_path):
    from judge_app.services.results.locks import lock

    db = example_db(tmp_path)
    w = window(qtbot, tmp_path, db)
    lock(db, "final", None, "王秘书")
    page = w.entry_page
    page.select("final", "expert", "E02")
    model = page.model
    for col in range(2, model.total_column):
        model.setData(model.index(0, col), "1")
    note = page.grid.note_text()
    assert note and "锁定" in note and english_words(note) == [], note
    assert "年" in note and "T" not in note  # the lock's time as 2025年9月18日 14:05


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_broken_rule_on_the_setup_page_names_the_round_in_chinese(qtbot, tmp_path):
    from gui_support import copy_demo
    from judge_app.store.database import open_database

    w = window(qtbot, tmp_path, open_database(copy_demo(tmp_path)))
    page = w.setup_page
    weight = next(c for c in range(page.components.columnCount())
                  if page.components.headerData(c, Qt.Orientation.Horizontal) == "权重")
    page.components.setData(page.components.index(0, weight), "0.3")  # the weights now sum to 1.1
    shown = page.validation.text()
    assert "1.1" in shown and "轮次 决赛" in shown and not page.save_button.isEnabled()
    assert english_words(re.sub(r"<[^>]+>", " ", shown)) == [], shown
    assert i18n.problem_text("round final: tie_break 中的未知部分: x (unknown component in tie_break)") == \
        "轮次 final: 同分规则 中的未知部分: x"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_missing_attachment_reads_in_chinese(qtbot, tmp_path, monkeypatch):
    from gui_support import copy_demo
    from judge_app.gui.showcase_dialog import AttachmentsDialog
    from judge_app.services.contest import attachments as att
    from judge_app.store.database import open_database

    db = open_database(copy_demo(tmp_path))
    slides = tmp_path / "路演.pptx"
    slides.write_bytes(b"PK\x03\x04 slides")
    att.add_attachments(db, "Z01", [slides], "王秘书")
    from dataclasses import replace

    checked = att.check(db)
    monkeypatch.setattr(att, "check", lambda _db: [replace(a, state=att.MISSING) for a in checked])  # the file went away
    dialog = AttachmentsDialog(db, "王秘书")
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert "缺失" in cells and english_words(" ".join(cells[1:]).replace("pptx", "")) == [], cells
