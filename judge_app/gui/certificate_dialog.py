"""颁发证书: choose what to print — template, date, recipients, which entries, serial pattern,
seal image, 试印 or 补发 — with a live preview of the first certificate, then proof or issue.

The dialog only gathers `services.documents.certificates.IssueOptions`; the preview and the issue are the
service's (`preview_selection`, `issue_certificates`), the same the CLI calls.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from judge_app.qt import file_dialogs
from judge_app.qt.i18n import refusal_message
from judge_app.gui.print_dialogs import PdfPreview
from judge_app.services.documents.certificates import (
    IssueOptions,
    available_templates,
    awarded_entries,
    preview_selection,
    resolve_template,
)
from judge_app.services.contest.contest_access import ServiceError

ALL, TIER, PICKED = "all", "tier", "picked"


class IssueCertificatesDialog(QDialog):
    """The options of one certificate run; `proof_requested` / `accepted` tell the window what to do."""

    def __init__(self, db, round_key: str, contest_date: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.round_key = db, round_key
        self.setWindowTitle(self.tr("颁发证书"))
        self.wants_proof = False
        self.entries = awarded_entries(db, round_key)

        self.template = QComboBox()
        for name, label, path in available_templates():
            self.template.addItem(label or name, str(path))
        open_button = QPushButton(self.tr("其他模板文件…"))
        open_button.clicked.connect(self._open_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(open_button)

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        day = QDate.fromString(contest_date, "yyyy-MM-dd") if contest_date else QDate.currentDate()
        self.date.setDate(day if day.isValid() else QDate.currentDate())

        self.per_entry = QRadioButton(self.tr("每件作品一张"))
        self.per_member = QRadioButton(self.tr("每位成员一张"))
        self.per_entry.setChecked(True)
        who = QButtonGroup(self)
        for b in (self.per_entry, self.per_member):
            who.addButton(b)
        who_row = QHBoxLayout()
        who_row.addWidget(self.per_entry)
        who_row.addWidget(self.per_member)
        who_row.addStretch(1)

        self.scope = QComboBox()
        self.scope.addItem(self.tr("全部获奖作品"), ALL)
        self.scope.addItem(self.tr("某一奖项"), TIER)
        self.scope.addItem(self.tr("挑选作品"), PICKED)
        self.tier = QComboBox()
        for award in dict.fromkeys(e.award for e in self.entries):
            self.tier.addItem(award, award)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope)
        scope_row.addWidget(self.tier, 1)
        self.picked = QListWidget()
        for e in self.entries:
            item = QListWidgetItem(f"{e.code}  {e.award}  {e.recipient}  《{e.title}》")
            item.setData(Qt.ItemDataRole.UserRole, e.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.picked.addItem(item)

        self.serial = QLineEdit()
        self.serial.setPlaceholderText(self.tr("用模板的编号格式"))
        self.seal = QLineEdit()
        self.seal.setPlaceholderText(self.tr("纸质证书盖章, 不填; 电子版可选透明背景 PNG 印章图片"))
        seal_button = QPushButton(self.tr("选择…"))
        seal_button.clicked.connect(self._choose_seal)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal, 1)
        seal_row.addWidget(seal_button)

        self.reissue = QCheckBox(self.tr("补发 (原证书遗失, 同一编号重新出具, 证书上标明补发)"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("补发原因, 如 原件遗失"))
        self.reason.setEnabled(False)
        self.reissue.toggled.connect(self.reason.setEnabled)

        self.count = QLabel()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #B22222;")
        form = QFormLayout()
        form.addRow(self.tr("模板"), template_row)
        form.addRow(self.tr("证书日期"), self.date)
        form.addRow(self.tr("获奖者"), who_row)
        form.addRow(self.tr("范围"), scope_row)
        form.addRow(self.picked)
        form.addRow(self.tr("编号格式"), self.serial)
        form.addRow(self.tr("印章图片"), seal_row)
        form.addRow(self.reissue)
        form.addRow(self.tr("原因"), self.reason)
        form.addRow(self.count)
        form.addRow(self.problem)
        hint = QLabel(self.tr("再次打印已颁发的证书 (换模板、卡纸) 沿用原编号, 不算补发。试印在普通纸上核对版面, "
                              "带“样张”水印, 不编号, 不登记。"))
        hint.setWordWrap(True)
        form.addRow(hint)

        self.preview = PdfPreview(self, multi_page=False)
        self.buttons = QDialogButtonBox()
        self.proof_button = self.buttons.addButton(self.tr("试印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button = self.buttons.addButton(self.tr("颁发并预览…"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.proof_button.clicked.connect(self._proof)
        self.buttons.accepted.connect(self._issue)
        cancel.clicked.connect(self.reject)

        side = QWidget()
        side.setLayout(form)
        body = QHBoxLayout()
        body.addWidget(side, 2)
        body.addWidget(self.preview, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1180, 700)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        for signal in (self.template.currentIndexChanged, self.scope.currentIndexChanged,
                       self.tier.currentIndexChanged, self.date.dateChanged, self.per_entry.toggled,
                       self.serial.textChanged, self.seal.textChanged, self.reissue.toggled,
                       self.reason.textChanged, self.picked.itemChanged):
            signal.connect(lambda *_: self._timer.start())
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()
        self.refresh()

    # -- options ----------------------------------------------------------------------------------
    def options(self, proof: bool = False) -> IssueOptions:
        scope = self.scope.currentData()
        picked = tuple(self.picked.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.picked.count())
                       if self.picked.item(i).checkState() == Qt.CheckState.Checked)
        d = self.date.date()
        return IssueOptions(
            per_member=self.per_member.isChecked(), template=self.template.currentData(),
            serial_pattern=self.serial.text().strip() or None, issue_date=date(d.year(), d.month(), d.day()),
            entries=picked if scope == PICKED else (), awards=(self.tier.currentData(),) if scope == TIER else (),
            proof=proof, reissue=self.reissue.isChecked() and not proof, reason=self.reason.text().strip(),
            seal_image=self.seal.text().strip())

    def pick(self, codes: list[str]) -> None:
        """Choose 挑选作品 with these entries checked (as a user ticking them)."""
        self.scope.setCurrentIndex(self.scope.findData(PICKED))
        for i in range(self.picked.count()):
            item = self.picked.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in codes
                               else Qt.CheckState.Unchecked)

    def refresh(self) -> bool:
        """Draw the first selected certificate; a problem is shown beside the options. True when printable."""
        self._timer.stop()
        options = self.options()
        if self.scope.currentData() == PICKED and not options.entries:
            self.problem.setText(self.tr("请勾选要打印的作品。"))
            self.issue_button.setEnabled(False)
            self.proof_button.setEnabled(False)
            return False
        if options.reissue and not options.reason:
            self.problem.setText(self.tr("补发须写明原因。"))
            self.issue_button.setEnabled(False)
            return False
        try:
            pdf, count = preview_selection(self.db, self.round_key, options)
        except ServiceError as exc:
            self.problem.setText(refusal_message(exc))
            self.count.setText("")
            self.issue_button.setEnabled(False)
            self.proof_button.setEnabled(False)
            return False
        self.problem.setText("")
        self.count.setText(self.tr("将打印 %1 张证书; 预览为第一张").replace("%1", str(count)))
        self.issue_button.setEnabled(True)
        self.proof_button.setEnabled(True)
        self.preview.set_pdf(pdf)
        return True

    # -- actions ----------------------------------------------------------------------------------
    def _proof(self) -> None:
        if self.refresh():
            self.wants_proof = True
            self.accept()

    def _issue(self) -> None:
        if self.refresh():
            self.wants_proof = False
            self.accept()

    def _scope_changed(self, *_args) -> None:
        scope = self.scope.currentData()
        self.tier.setVisible(scope == TIER)
        self.picked.setVisible(scope == PICKED)

    def _open_template(self) -> None:
        name, _ = file_dialogs.getOpenFileName(self, self.tr("打开模板"), "", self.tr("证书模板 (*.toml *.json)"))
        if not name:
            return
        try:
            label = resolve_template(name).label
        except ServiceError as exc:
            self.problem.setText(refusal_message(exc))
            return
        self.template.addItem(label or name, name)
        self.template.setCurrentIndex(self.template.count() - 1)

    def _choose_seal(self) -> None:
        name, _ = file_dialogs.getOpenFileName(self, self.tr("印章图片"), "", self.tr("透明背景 PNG (*.png)"))
        if name:
            self.seal.setText(name)
