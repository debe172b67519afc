"""The zh_CN interface reads as Chinese: every text a screen shows — labels, buttons, menus, tab and
window titles, placeholders, list and table headers and cells — is free of English words other
than names (Excel, PDF, QR …) and of raw keys such as `final.onsite`."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from gui_support import window
from judge_app.services.results.locks import lock, signoff
from judge_app.store.database import open_database

# names and key caps, not English prose
ALLOWED = {"Excel", "PDF", "QR", "CSV", "PNG", "TOML", "PIN", "PPT", "XLSX", "Enter", "Esc", "Tab", "PgUp", "PgDn", "End",
           "Ctrl", "Shift", "Alt", "Language", "English", "judge_app"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+(?:\.[A-Za-z_]+)*")


def english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
    text = re.sub(r"\{[a-z_]+\}", " ", text)  # a certificate template's {fields}: template syntax, documented
    text = re.sub(r"\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b", " ", text)  # digests and key ids
    text = re.sub(r"\S*/\S*|\.sqlite\b", " ", text)  # paths and the file type
    text = re.sub(r"https?://\S+|[\w./\\-]+\.(?:sqlite|pdf|csv|xlsx|json|toml|png|html)\b|\*\.\w+", " ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def texts_of(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything the widget tree shows."""
    out = [(f"{type(widget).__name__} title", widget.windowTitle())]
    for w in [widget, *widget.findChildren(QWidget)]:
        name = type(w).__name__
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            from PySide6.QtCore import QModelIndex

            try:
                columns = m.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                columns = 1
            headers = [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
            out += [(f"{name} header", h) for h in headers]
            for r in range(min(m.rowCount(QModelIndex()), 40)):
                for c in range(columns):
                    if headers[c] == "编号":  # codes and keys are identifiers (Z03, P01, expert), by design
                        continue
                    value = m.index(r, c).data(Qt.ItemDataRole.DisplayRole)
                    if isinstance(value, str):
                        out.append((f"{name} cell", value))
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip()))
    for menu in widget.findChildren(QWidget):
        if type(menu).__name__ == "QMenu":
            out += [("menu", a.text()) for a in menu.actions()]
    return [(where, t) for where, t in out if t]


def offending(widget: QWidget) -> list[str]:
    return [f"{where}: {text!r} → {words}" for where, text in texts_of(widget) if (words := english_words(text))]


def test_the_check_itself_catches_english_and_raw_keys():
    assert english_words("打印… (Print)") == ["Print"]
    assert english_words("final.onsite") == ["final.onsite"]
    assert english_words("导出 Excel… 计分说明 PDF, 扫码 QR Z03 E01") == []


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_screen_and_printing_dialog_is_chinese(qtbot, tmp_path):
    from judge_app.services.contest.demo import load_demo

    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "王秘书")
    db = open_database(str(path))
    lock(db, "final", None, "王秘书")
    signoff(db, "final", "总裁判长", "王秘书")
    w = window(qtbot, tmp_path, db, actor="王秘书")
    found = []
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        qtbot.wait(50)
        found += offending(w.tabs.widget(i))
    found += offending(w)
    from judge_app.gui.showcase_dialog import AttachmentsDialog

    dialogs = [w.certificate_dialog("final"), w.locks_dialog("final"), w.notice_dialog("final"),
               w.certificate_template("final"), w.verify_certificate(), w.showcase(), w.campaign(),
               AttachmentsDialog(db, "王秘书", w)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        found += offending(dialog)
        dialog.reject()
    assert not found, "English or raw keys on the zh_CN screens:\n" + "\n".join(sorted(set(found)))
