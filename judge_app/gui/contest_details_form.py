"""The contest's details as a form (比赛名称, 主办单位, 承办单位, 日期, 地点, 主评委称谓, 证书验证地址): used by the
new-contest dialog and by 比赛信息… on the setup page (`ContestDetailsDialog`), checked live by
the service's own rules and saved through `services.contest.contest_details`."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from judge_app.domain.contest import HEAD_TITLES
from judge_app.errors import REFUSALS
from judge_app.gui.error_report import report_error
from judge_app.services.contest.contest_details import ContestDetails, contest_details, details_problems, update_details


class ContestDetailsForm(QWidget):
    """Name, organizer, host unit, date (a calendar, or no date yet) and venue."""

    edited = Signal()

    def __init__(self, details: ContestDetails | None = None, parent=None):
        super().__init__(parent)
        d = details or ContestDetails("")
        self.name = QLineEdit(d.name)
        self.organizer = QLineEdit(d.organizer)
        self.organizer.setPlaceholderText(self.tr("证书与公示上的颁发单位"))
        self.host_unit = QLineEdit(d.host_unit)
        self.host_unit.setPlaceholderText(self.tr("可不填"))
        self.venue = QLineEdit(d.venue)
        self.verify_url = QLineEdit(d.verify_url)
        self.verify_url.setPlaceholderText(self.tr("可不填; 如 https://example.org/verify.html, 证书二维码即链接到此页"))
        self.head_title = QComboBox()
        for title in HEAD_TITLES:
            self.head_title.addItem(title, title)
        self.head_title.setCurrentIndex(max(0, self.head_title.findData(d.head_title or HEAD_TITLES[0])))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.has_date = QCheckBox(self.tr("已定日期"))
        when = QDate.fromString(d.date, "yyyy-MM-dd") if d.date else QDate.currentDate()
        self.date.setDate(when if when.isValid() else QDate.currentDate())
        self.has_date.setChecked(bool(d.date))
        self.date.setEnabled(bool(d.date))
        self.has_date.toggled.connect(self.date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date, 1)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #c62828;")
        self.problems.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("比赛名称"), self.name)
        form.addRow(self.tr("主办单位"), self.organizer)
        form.addRow(self.tr("承办单位"), self.host_unit)
        form.addRow(self.tr("日期"), date_row)
        form.addRow(self.tr("地点"), self.venue)
        form.addRow(self.tr("主评委称谓"), self.head_title)
        form.addRow(self.tr("证书验证地址"), self.verify_url)
        form.addRow(self.problems)
        self.head_title.currentIndexChanged.connect(self._changed)
        for w in (self.name, self.organizer, self.host_unit, self.venue, self.verify_url):
            w.textChanged.connect(self._changed)
        self.date.dateChanged.connect(self._changed)
        self.has_date.toggled.connect(self._changed)

    def value(self) -> ContestDetails:
        day = self.date.date().toString("yyyy-MM-dd") if self.has_date.isChecked() else ""
        return ContestDetails(self.name.text().strip(), self.organizer.text().strip(), self.host_unit.text().strip(),
                              day, self.venue.text().strip(), self.verify_url.text().strip(),
                              self.head_title.currentData())

    def check(self, allow_empty_name: bool = False) -> list[str]:
        value = self.value()
        if allow_empty_name and not value.name:
            value = value.changed(name="-")
        found = details_problems(value)
        self.problems.setText("\n".join(found))
        return found

    def _changed(self, *_args) -> None:
        self.check()
        self.edited.emit()


class ContestDetailsDialog(QDialog):
    """比赛信息: edit the details of the open contest (audited; refused while a round is locked)."""

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("比赛信息"))
        self.form = ContestDetailsForm(contest_details(ws.db), self)
        hint = QLabel(self.tr("主办单位和日期印在证书和成绩公示上; 轮次锁定后不能修改。"))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.form.edited.connect(lambda: self.buttons.button(QDialogButtonBox.Save).setEnabled(not self.form.check()))
        self.resize(480, 300)

    def save(self) -> bool:
        if self.form.check():
            return False
        try:
            update_details(self.ws.db, self.form.value(), self.ws.actor_for("setup"))
        except REFUSALS as exc:
            report_error(self, self.tr("比赛信息"), exc)
            return False
        self.accept()
        return True
