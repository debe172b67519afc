"""成绩公告…: what to print — the 校对稿 (a watermarked draft for the head judge, printable
before sign-off) or the notice to post — with the 公示期 and the 异议 contact line. The period
and contact are remembered in the window's settings for the next printing."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
)

from judge_app.qt.i18n import titled
from judge_app.services.documents.print_documents import NoticeOptions


class NoticeOptionsDialog(QDialog):
    def __init__(self, signed_off: bool, settings: QSettings | None = None, parent=None, head_title: str = ""):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("成绩公告"))
        self.draft = QRadioButton(titled(self.tr("校对稿 (带水印, 供主评委核对, 不得张贴)"), head_title))
        self.final = QRadioButton(self.tr("正式公示 (须已签署)"))
        self.final.setEnabled(signed_off)
        (self.final if signed_off else self.draft).setChecked(True)
        self.has_period = QCheckBox(self.tr("注明公示期"))
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy年M月d日")
        today = QDate.currentDate()
        start = QDate.fromString(str(self._setting("notice_period_start", "")), "yyyy-MM-dd")
        end = QDate.fromString(str(self._setting("notice_period_end", "")), "yyyy-MM-dd")
        self.start.setDate(start if start.isValid() else today)
        self.end.setDate(end if end.isValid() else today.addDays(7))
        self.has_period.setChecked(start.isValid())
        period = QHBoxLayout()
        period.addWidget(self.has_period)
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.end)
        self.contact = QLineEdit(str(self._setting("notice_contact", "")))
        self.contact.setPlaceholderText(self.tr("如: 市招商办 (电话 0571-12345678)"))
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.draft)
        form.addRow(self.final)
        form.addRow(self.tr("公示期"), period)
        form.addRow(self.tr("异议联系"), self.contact)
        form.addRow(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("生成"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _setting(self, key: str, default):
        return self.settings.value(key, default) if self.settings is not None else default

    def options(self) -> NoticeOptions:
        start = self.start.date().toString("yyyy-MM-dd") if self.has_period.isChecked() else ""
        end = self.end.date().toString("yyyy-MM-dd") if self.has_period.isChecked() else ""
        return NoticeOptions(draft=self.draft.isChecked(), period_start=start, period_end=end,
                             contact=self.contact.text().strip())

    def _accept(self) -> None:
        options = self.options()
        found = options.problems()
        self.problems.setText("\n".join(found))
        if found:
            return
        if self.settings is not None:
            self.settings.setValue("notice_period_start", options.period_start)
            self.settings.setValue("notice_period_end", options.period_end)
            self.settings.setValue("notice_contact", options.contact)
        self.accept()
