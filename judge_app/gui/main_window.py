"""The organizer's and clerk's main window: the contest database is the document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from judge_app.domain.roster_kinds import ENTRIES, JUDGES
from judge_app.errors import REFUSALS, DatabaseDamaged, DatabaseError
from judge_app.qt import i18n
from judge_app.gui.after_paint import call_after_next_paint
from judge_app.gui.error_report import report_error
from judge_app.gui.lazy_tabs import LazyTabs
from judge_app.gui.login import ActivityWatch
from judge_app.qt.i18n import message_text, refusal_message
from judge_app.gui.setup_page import SetupPage
from judge_app.gui.welcome import WelcomePage
from judge_app.gui.workspace import SCORES, Workspace
from judge_app.qt import file_dialogs
from judge_app.gui.external_changes import ExternalChanges

# The services (and through them SQLAlchemy and the table models) are imported where an action
# needs them, not here: the window's first paint comes before the database layer is loaded
# (services.contest.first_screen); the pages other than 比赛设置 are built when first shown (gui.lazy_tabs).

MAX_RECENT = 8
DB_FILTER = "比赛数据库 judge_app (*.sqlite *.db)"


class NewContestDialog(QDialog):
    """New contest from a template: choose the template, give the contest's details (name, 主办,
    承办, date, venue), choose the file — named after the contest until the user picks another."""

    def __init__(self, parent=None, folder: str = ""):
        from judge_app.gui.contest_details_form import ContestDetailsForm
        from judge_app.services.contest.workspace_files import templates

        super().__init__(parent)
        self.setWindowTitle(self.tr("新建比赛"))
        self.resize(620, 560)
        self.folder = Path(folder or Path.home())
        self.list = QListWidget()
        for t in templates():
            item = QListWidgetItem(f"{t.name}\n    {t.summary}")
            item.setData(256, t.key)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.details = ContestDetailsForm(parent=self)
        self.name = self.details.name
        self.name.setPlaceholderText(self.tr("比赛名称 (可稍后修改)"))
        self.path = QLineEdit()
        self._path_chosen = False
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("模板")))
        form.addRow(self.list)
        form.addRow(self.details)
        form.addRow(self.tr("保存为"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("创建"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.list.currentItemChanged.connect(lambda item, _p: (self.name.setPlaceholderText(item.text().split("\n")[0]),
                                                               self._propose_path()) if item else None)
        self.name.textChanged.connect(self._propose_path)
        self.path.textEdited.connect(lambda _t: setattr(self, "_path_chosen", True))
        self.name.setPlaceholderText(self.list.currentItem().text().split("\n")[0])  # the template's own name
        self._propose_path()

    def _propose_path(self, *_args) -> None:
        """The file is named after the contest (or the template) until the user chooses one."""
        from judge_app.services.contest.contest_details import suggested_file_name

        if not self._path_chosen:
            self.path.setText(str(self.folder / suggested_file_name(self.name.text() or self.name.placeholderText())))

    def _browse(self) -> None:
        path, _ = file_dialogs.getSaveFileName(self, self.tr("保存为"), self.path.text(), DB_FILTER)
        if path:
            self._path_chosen = True
            self.path.setText(path)

    def _accept(self) -> None:
        if not self.details.check(allow_empty_name=True):
            self.accept()

    def template_key(self) -> str:
        return self.list.currentItem().data(256)

    def contest_details(self):
        """The details typed (an empty name: the template's own)."""
        return self.details.value()


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace | None = None, settings: QSettings | None = None):
        super().__init__()
        self.ws = workspace or Workspace()
        self.settings = settings or QSettings()
        self.resize(1366, 768)
        self.ws.ask_login = self.ask_login
        self.ws.timeout_s = float(self.settings.value("session_timeout_minutes", 10)) * 60
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self._build()
        self.ws.opened.connect(self._update_title)
        self.ws.who_changed.connect(self._update_user)
        self.ws.open_failed.connect(self._open_failed)
        self.activity = ActivityWatch(self.ws, self._timed_out, self)
        self.elsewhere = ExternalChanges(self.ws, self)  # the CLI, `serve` or the console wrote the file
        QApplication.instance().installEventFilter(self.activity)
        self._update_title()
        self._update_user()

    # layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.menuBar().clear()
        self.tabs = LazyTabs()
        self.setup_page = SetupPage(self.ws)  # the first screen; the others are built when first shown
        self.tabs.addTab(self.setup_page, self.tr("比赛设置"))
        self.tabs.add_lazy_tab(self._entry_page, self.tr("评分录入"))
        self.tabs.add_lazy_tab(self._results_page, self.tr("成绩排名"))
        self.tabs.add_lazy_tab(self._conflicts_page, self.tr("回避"))
        self.tabs.add_lazy_tab(self._audit_page, self.tr("审计日志"))
        self.welcome = WelcomePage()
        self.welcome.open_demo.connect(self.open_demo)
        self.welcome.new_contest.connect(self.new_contest)
        self.welcome.open_file.connect(self.open_dialog)
        self.welcome.open_recent.connect(self.open_path)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)
        self._menus()

    ENTRY_TAB, RESULTS_TAB, CONFLICTS_TAB, AUDIT_TAB = 1, 2, 3, 4

    @property
    def entry_page(self):
        return self.tabs.page(self.ENTRY_TAB)

    @property
    def results_page(self):
        return self.tabs.page(self.RESULTS_TAB)

    @property
    def conflicts_page(self):
        return self.tabs.page(self.CONFLICTS_TAB)

    @property
    def audit_page(self):
        return self.tabs.page(self.AUDIT_TAB)

    def _entry_page(self):
        from judge_app.gui.score_entry_page import ScoreEntryPage

        return ScoreEntryPage(self.ws)

    def _results_page(self):
        from judge_app.gui.results_page import ResultsPage

        return ResultsPage(self.ws)

    def _conflicts_page(self):
        from judge_app.gui.conflicts_page import ConflictsPage

        return ConflictsPage(self.ws)

    def _audit_page(self):
        from judge_app.gui.audit_page import AuditPage

        return AuditPage(self.ws)

    def _menus(self) -> None:
        file = self.menuBar().addMenu(self.tr("文件(&F)"))
        self._action(file, self.tr("新建比赛…"), self.new_contest, QKeySequence.New)
        self._action(file, self.tr("打开…"), self.open_dialog, QKeySequence.Open)
        self._action(file, self.tr("打开共享数据库…"), self.open_server_dialog)
        self.recent_menu = file.addMenu(self.tr("最近打开"))
        self._fill_recent()
        file.addSeparator()
        self._action(file, self.tr("另存副本…"), self.save_copy_dialog, QKeySequence.SaveAs)
        self._action(file, self.tr("立即备份"), self.backup, "Ctrl+B")
        self._action(file, self.tr("关闭比赛"), self.close_contest, QKeySequence.Close)
        file.addSeparator()
        self._action(file, self.tr("年度活动…"), self.campaign)
        file.addSeparator()
        self._action(file, self.tr("退出"), self.close, QKeySequence.Quit)
        data = self.menuBar().addMenu(self.tr("导入(&I)"))
        self._action(data, self.tr("导入网络投票…"), self.vote_wizard)
        self._action(data, self.tr("导入评分表 (含点评)…"), lambda: self.import_score_sheet())
        self._action(data, self.tr("导入作品名单…"), lambda: self.setup_page.import_roster(ENTRIES))
        self._action(data, self.tr("导入评委名单…"), lambda: self.setup_page.import_roster(JUDGES))
        day = self.menuBar().addMenu(self.tr("比赛日(&D)"))
        self._action(day, self.tr("锁定与签署…"), self.locks_dialog, "Ctrl+L")
        self._action(day, self.tr("现场大屏与主持人控制台…"), self.open_stage, "F5")
        self._action(day, self.tr("评委评分分析…"), self.analytics)
        printing = self.menuBar().addMenu(self.tr("打印(&P)"))
        self._action(printing, self.tr("评分表…"), self.print_score_sheets)
        self._action(printing, self.tr("成绩公告…"), lambda: self.notice_dialog())
        self._action(printing, self.tr("计分说明…"), lambda: self.print_explanations())
        self._action(printing, self.tr("专家点评意见…"), lambda: self.feedback_dialog())
        self._action(printing, self.tr("颁发证书…"), lambda: self.certificate_dialog())
        self._action(printing, self.tr("证书模板…"), self.certificate_template)
        self._action(printing, self.tr("验证证书…"), self.verify_certificate)
        self._action(printing, self.tr("评委桌签 (扫码评分)…"), self.print_judge_cards)
        printing.addSeparator()
        self._action(printing, self.tr("作品展示包…"), self.showcase)
        account = self.menuBar().addMenu(self.tr("账户(&A)"))
        self._action(account, self.tr("登录 / 切换用户…"), self.switch_user)
        self._action(account, self.tr("退出登录"), self.ws.log_out)
        self._action(account, self.tr("修改我的密码…"), self.change_password)
        self._action(account, self.tr("账户管理…"), self.accounts)
        self.contest_menus = (data, day, printing, account)
        lang = self.menuBar().addMenu(self.tr("语言(&L)") + " / Language")
        group = QActionGroup(self)
        current = self.settings.value("language", i18n.ZH)
        for code, name in i18n.LANGUAGES.items():
            action = lang.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(action)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _update_title(self) -> None:
        app_name = self.tr("比赛评分系统")
        self.setWindowTitle(f"{self._where()} — {app_name} judge_app")
        self.welcome.set_recent(self.recent_files())
        self.pages.setCurrentWidget(self.tabs if self.ws.is_open else self.welcome)
        for menu in self.contest_menus:
            menu.setEnabled(self.ws.is_open)

    def _where(self) -> str:
        """The open file as the title shows it (never opening a pending one to say so)."""
        if self.ws.first_screen is not None:
            return str(Path(self.ws.first_screen.location).resolve())
        if self.ws.db is None:
            return self.tr("未打开比赛")
        from judge_app.services.contest.workspace_files import shown_location

        return str(self.ws.db.path or shown_location(self.ws.db.location))

    def ask_operator_at_first_change(self) -> None:
        """Without accounts, ask who is working at the first change (and remember it here)."""
        self.ws.ask_name = self.ask_operator_name

    def ask_operator_name(self) -> str | None:
        last = str(self.settings.value("operator", "") or "")
        name, ok = QInputDialog.getText(self, self.tr("操作人"), self.tr("请输入您的姓名 (记入审计日志):"), text=last)
        if not ok or not name.strip():
            return None
        self.settings.setValue("operator", name.strip())
        return name.strip()

    def _update_user(self) -> None:
        if not self.ws.is_open:
            self.user_label.setText("")
        elif not self.ws.enforcing and not self.ws.named and self.ws.ask_name is not None:
            self.user_label.setText(self.tr("操作人: 首次修改时填写姓名"))
        elif not self.ws.enforcing:
            self.user_label.setText(self.tr("操作人: %1 (未启用账户)").replace("%1", self.ws.actor))
        elif self.ws.user is None:
            self.user_label.setText(self.tr("未登录 — 修改前会要求输入密码"))
        else:
            from judge_app.services.integrity.users import ROLE_NAMES

            role = ROLE_NAMES.get(self.ws.role, self.ws.role)
            self.user_label.setText(self.tr("已登录: %1 (%2)").replace("%1", self.ws.user).replace("%2", role))

    # accounts ------------------------------------------------------------------------------------
    def ask_login(self, permission: str | None, suggested: str):
        """The login dialog (Workspace.act calls this when a change needs a password): the identity or None."""
        from judge_app.gui.login import LoginDialog

        dialog = LoginDialog(self.ws.db, permission, suggested, self)
        return dialog.identity if dialog.exec() == QDialog.DialogCode.Accepted else None

    def switch_user(self) -> None:
        if self.ws.db is None:
            return
        if not self.ws.enforcing:
            QMessageBox.information(self, self.tr("登录"), self.tr("本比赛尚未启用账户保护; 在 账户 → 账户管理 中添加管理员即启用。"))
            return
        identity = self.ask_login(None, self.ws.user or "")
        if identity is not None:
            self.ws.log_in(identity)

    def _timed_out(self) -> None:
        self.statusBar().showMessage(self.tr("空闲超时, 已退出登录; 下次修改时需重新输入密码"), 15000)

    def change_password(self) -> None:
        if self.ws.db is None or not self.ws.enforcing:
            return
        name = self.ws.user
        if name is None:
            identity = self.ask_login(None, "")
            if identity is None:
                return
            self.ws.log_in(identity)
            name = identity.name
        password, ok = QInputDialog.getText(self, self.tr("修改我的密码"), self.tr("新密码 (至少 6 位):"), QLineEdit.EchoMode.Password)
        if ok:
            from judge_app.services.integrity.users import set_password

            self._service(self.tr("修改我的密码"), lambda: set_password(self.ws.db, name, password, name))

    def accounts(self):
        from judge_app.gui.login import AccountsDialog

        if self.ws.db is None:
            return None
        if self.ws.enforcing and self.ws.act("users") is None:
            return None
        dialog = AccountsDialog(self.ws, self)
        dialog.open()
        return dialog

    # contest day ---------------------------------------------------------------------------------
    def _service(self, title: str, call):
        """Run a quick service call; a refusal is shown, not raised. Returns the call's result or None."""
        try:
            return call()
        except REFUSALS as exc:
            report_error(self, title, exc)
            return None

    def _work(self, title: str, call, then=None, *, cancellable: bool = False):
        """Run a long service call through the workspace's runner (off the GUI thread, progress after
        100 ms) and `then(result)` back on the GUI thread; a failure is shown the one way
        (gui/error_report.py). Returns `then`'s answer when the runner is synchronous (tests), else None."""
        def failed(exc: BaseException, trace: str) -> None:
            report_error(self, title, exc, trace)

        job = self.ws.runner.run(lambda _progress: call(), then, failed, label=title + "…", parent=self,
                                 cancellable=cancellable)
        return job.value

    def choose_round(self, title: str, given: str | None = None) -> str | None:
        """The round an action is for: `given`, else the only round, else the one the user picks."""
        from judge_app.services.contest.workspace_files import current_contest

        if given or self.ws.db is None:
            return given
        rounds = current_contest(self.ws.db).rounds
        if len(rounds) == 1:
            return rounds[0].key
        labels = i18n.unique_labels([(r.name, r.key) for r in rounds])
        label, ok = QInputDialog.getItem(self, title, self.tr("轮次:"), labels, len(labels) - 1, False)
        return rounds[labels.index(label)].key if ok else None

    def locks_dialog(self, round_key: str | None = None):
        from judge_app.gui.locks_dialog import LocksDialog

        if self.ws.db is None:
            return None
        dialog = LocksDialog(self.ws, round_key, self)
        dialog.open()
        return dialog

    def open_stage(self, round_key: str | None = None):
        from judge_app.stage import open_stage

        round_key = self.choose_round(self.tr("现场大屏"), round_key)
        actor = self.ws.act("stage") if round_key else None
        if actor is None:
            return None
        self.stage_console = self._service(self.tr("现场大屏"), lambda: open_stage(self.ws.db, round_key, actor))
        return self.stage_console

    def analytics(self, round_key: str | None = None):
        from judge_app.services.results.analysis import analyze_round

        round_key = self.choose_round(self.tr("评委评分分析"), round_key)
        db = self.ws.db
        return round_key and self._work(self.tr("评委评分分析"), lambda: analyze_round(db, round_key),
                                        lambda analysis: self._show_analysis(round_key, analysis))

    def _show_analysis(self, round_key: str, analysis):
        from judge_app.gui.analytics_view import AnalyticsView

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("评委评分分析 — ") + round_key)
        QVBoxLayout(dialog).addWidget(AnalyticsView(analysis, dialog))
        dialog.resize(1200, 760)
        dialog.open()
        return dialog

    def _preview(self, pdf: bytes, title: str):
        from judge_app.gui.print_dialogs import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, title, self)
        dialog.open()
        return dialog

    def print_score_sheets(self, round_key: str | None = None, component_key: str | None = None, blank: bool | None = None):
        from judge_app.domain.rules import is_judged
        from judge_app.services.documents.print_documents import score_sheets_pdf
        from judge_app.services.contest.workspace_files import current_contest

        title = self.tr("评分表")
        round_key = self.choose_round(title, round_key)
        if round_key is None:
            return None
        panels = [c for c in current_contest(self.ws.db).round(round_key).components if is_judged(c)]
        if component_key is None:
            if not panels:
                QMessageBox.information(self, title, self.tr("本轮没有评委打分的部分"))
                return None
            labels = i18n.unique_labels([(c.name, c.key) for c in panels])
            label, ok = QInputDialog.getItem(self, title, self.tr("评审组:"), labels, 0, False)
            if not ok:
                return None
            component_key = panels[labels.index(label)].key
        if blank is None:
            kinds = [self.tr("空白评分表 (评委手写)"), self.tr("已录入分数 (供评委签字核对)")]
            kind, ok = QInputDialog.getItem(self, title, self.tr("打印:"), kinds, 0, False)
            if not ok:
                return None
            blank = kind == kinds[0]
        db = self.ws.db
        return self._work(title, lambda: score_sheets_pdf(db, round_key, component_key, blank=blank),
                          lambda made: self._preview(made[0], f"{title} {round_key}.{component_key}"))

    def print_judge_cards(self, round_key: str | None = None, address: str | None = None):
        """Table cards with each judge's QR code; printing them issues new links (old ones stop working)."""
        from judge_app.printing.judge_cards import card_pdf_bytes
        from judge_app.services.contest_day.lan_address import lan_address
        from judge_app.printing.fonts import MissingGlyphs
        from judge_app.services.contest_day.lan_access import issue_cards

        title = self.tr("评委桌签")
        round_key = self.choose_round(title, round_key)
        if round_key is None:
            return None
        if address is None:
            address, ok = QInputDialog.getText(
                self, title, self.tr("评分服务地址 (手机扫码后打开; 将为每位评委签发新链接, 旧链接失效):"),
                text=f"http://{lan_address()}:8000")
            if not ok or not address.strip():
                return None
        actor = self.ws.act("import")
        if not actor:
            return None
        db, where = self.ws.db, address.strip()

        def issue_and_draw():
            drawn = []  # the PDF is drawn before the new links are committed: on failure nothing changes
            try:
                issue_cards(db, round_key, None, actor, where, lambda cards: drawn.append(card_pdf_bytes(cards)))
            except MissingGlyphs as exc:
                from judge_app.services.contest.contest_access import ServiceError

                raise ServiceError(str(exc)) from None
            return drawn[0]

        def shown(pdf):
            self.ws.notify("audit")
            return self._preview(pdf, f"{title} {round_key}")

        return self._work(title, issue_and_draw, shown)

    def notice_dialog(self, round_key: str | None = None):
        """成绩公告…: choose the 校对稿 or the notice to post, the 公示期 and the 异议 contact."""
        from judge_app.gui.notice_dialog import NoticeOptionsDialog
        from judge_app.services.results.locks import current_signoff

        round_key = self.choose_round(self.tr("成绩公告"), round_key)
        if not round_key:
            return None
        from judge_app.domain.contest import head_title
        from judge_app.services.contest.workspace_files import current_contest

        dialog = NoticeOptionsDialog(current_signoff(self.ws.db, round_key) is not None, self.settings, self,
                                     head_title(current_contest(self.ws.db)))
        dialog.accepted.connect(lambda: self.print_notice(round_key, dialog.options()))
        dialog.open()
        return dialog

    def feedback_dialog(self, round_key: str | None = None):
        """专家点评意见…: named or anonymous, with or without scores, all entries or some."""
        from judge_app.gui.feedback_dialog import FeedbackOptionsDialog

        round_key = self.choose_round(self.tr("专家点评意见"), round_key)
        if not round_key:
            return None
        dialog = FeedbackOptionsDialog(self)
        dialog.accepted.connect(lambda: self.print_feedback(round_key, dialog.anonymous.isChecked(),
                                                            dialog.scores.isChecked(), dialog.codes()))
        dialog.open()
        return dialog

    def print_feedback(self, round_key: str, anonymous: bool = False, scores: bool = False,
                       entries: list[str] | None = None):
        from judge_app.services.results.feedback import feedback_pdf

        title = self.tr("专家点评意见")
        made = self._service(title, lambda: feedback_pdf(self.ws.db, round_key, anonymous=anonymous, entries=entries or None,
                                                         scores=scores))
        return made and self._preview(made[0], f"{title} {round_key}")

    def print_notice(self, round_key: str | None = None, options=None):
        from judge_app.services.documents.print_documents import notice_pdf

        title = self.tr("成绩公告")
        round_key = self.choose_round(title, round_key)
        db = self.ws.db
        return round_key and self._work(title, lambda: notice_pdf(db, round_key, options),
                                        lambda made: self._preview(made[0], f"{title} {round_key}"))

    def certificate_dialog(self, round_key: str | None = None):
        """颁发证书…: the options dialog with its live preview; then the proof or the issue."""
        from judge_app.gui.certificate_dialog import IssueCertificatesDialog
        from judge_app.services.contest.workspace_files import current_contest

        title = self.tr("颁发证书")
        round_key = self.choose_round(title, round_key)
        if not round_key:
            return None
        dialog = self._service(title, lambda: IssueCertificatesDialog(self.ws.db, round_key,
                                                                      current_contest(self.ws.db).date, self))
        if dialog is None:
            return None
        dialog.accepted.connect(lambda: self.issue_certificates(round_key, dialog.options(proof=dialog.wants_proof)))
        dialog.open()
        return dialog

    def print_explanations(self, round_key: str | None = None):
        """计分说明…: one page per entry — every judge's total, the drops, each component, the total."""
        import io

        from judge_app.printing.explanation_pdf import write_explanations
        from judge_app.services.results.explanation import explanation_sheets

        title = self.tr("计分说明")
        round_key = self.choose_round(title, round_key)
        sheets = round_key and self._service(title, lambda: explanation_sheets(self.ws.db, round_key))
        if not sheets:
            return None
        out = io.BytesIO()
        write_explanations(sheets, out)
        return self._preview(out.getvalue(), f"{title} {round_key}")

    def issue_certificates(self, round_key: str | None = None, options=None):
        """Issue (or, with options.proof, proof) certificates and preview them for printing."""
        from judge_app.services.documents.certificates import issue_certificates, proof_certificates

        title = self.tr("颁发证书")
        round_key = self.choose_round(title, round_key)
        if not round_key:
            return None
        db = self.ws.db
        if options is not None and options.proof:
            return self._work(title, lambda: proof_certificates(db, round_key, options),
                              lambda batch: self._preview(batch.pdf, self.tr("证书试印样张") + f" {round_key}"))
        actor = self.ws.act("setup")
        if not actor:
            return None

        def issued(batch):
            self.ws.notify("audit")
            self.statusBar().showMessage(self.tr("证书 %1 张 (新发 %2, 重印 %3, 补发 %4)")
                                         .replace("%1", str(len(batch.certificates))).replace("%2", str(batch.new))
                                         .replace("%3", str(batch.reprints)).replace("%4", str(batch.reissues)), 15000)
            return self._preview(batch.pdf, f"{title} {round_key}")

        return self._work(title, lambda: issue_certificates(db, round_key, actor, options=options), issued)

    def certificate_template(self, round_key: str | None = None):
        from judge_app.gui.print_dialogs import CertificateTemplateDialog

        round_key = self.choose_round(self.tr("证书模板"), round_key)
        dialog = round_key and self._service(self.tr("证书模板"), lambda: CertificateTemplateDialog(self.ws.db, round_key, self))
        if dialog:
            dialog.open()
        return dialog

    def verify_certificate(self):
        from judge_app.gui.print_dialogs import VerifyDialog

        if self.ws.db is None:
            return None
        dialog = VerifyDialog.for_database(self.ws.db, self)
        dialog.open()
        return dialog

    def campaign(self):
        from judge_app.gui.campaign_dialog import CampaignDialog

        dialog = CampaignDialog(self, self.settings)
        dialog.open()
        return dialog

    def showcase(self):
        from judge_app.gui.showcase_dialog import ShowcaseDialog

        if self.ws.db is None:
            return None
        dialog = ShowcaseDialog(self.ws.db, self, self.ws.runner)
        dialog.open()
        return dialog

    # documents ------------------------------------------------------------------------------------
    def _is_open_file(self, path: str) -> bool:
        if not Path(path).exists():
            return False
        shown = self.ws.first_screen
        if shown is not None:
            return Path(shown.location).resolve() == Path(path).resolve()
        return self.ws.db is not None and self.ws.db.path is not None and Path(path).resolve() == self.ws.db.path.resolve()

    def open_path(self, path: str, create: bool = False) -> bool:
        """Open a contest file or server database. An up-to-date, sound SQLite file shows its first
        screen at once (read with sqlite3) and its database opens right after the window's next
        paint (Workspace.open_later); any other opens the full way, upgrading or refusing as ever."""
        from judge_app.services.contest.first_screen import read_first_screen

        if self._is_open_file(path):
            self.ws.set_db(None)  # reopening the open file: check and open it afresh, not beside itself
        shown = read_first_screen(path)
        if shown is not None:
            self._remember(str(Path(path).resolve()))
            self.ws.open_later(shown)
            call_after_next_paint(self, self.ws.finish_opening)
            self.statusBar().showMessage(self.tr("已打开 ") + path, 5000)
            return True
        from judge_app.services.contest.workspace_files import is_postgresql, open_contest_file, shown_location

        try:
            db = open_contest_file(path, create=create)
        except DatabaseDamaged as exc:
            return self.offer_backup(exc)
        except DatabaseError as exc:
            QMessageBox.warning(self, self.tr("打开"), refusal_message(exc))
            return False
        server = is_postgresql(path)  # remembered without its password, shown without it
        self._remember(shown_location(path, keep_mask=False) if server else str(Path(path).resolve()))
        self.ws.set_db(db)
        self.statusBar().showMessage(self.tr("已打开 ") + (shown_location(path) if server else path), 5000)
        return True

    def _open_failed(self, exc: DatabaseError) -> None:
        """The deferred open of a file shown from its first screen failed (changed on disk since)."""
        if isinstance(exc, DatabaseDamaged):
            self.offer_backup(exc)
        else:
            QMessageBox.warning(self, self.tr("打开"), str(exc))

    def offer_backup(self, exc: DatabaseDamaged, answer=None) -> bool:
        """A damaged file is never replaced silently: say so, offer the newest sound backup
        (restored over the file, the damaged one kept aside), and open it only if the user agrees."""
        if exc.backup is None:
            QMessageBox.critical(self, self.tr("文件已损坏"), refusal_message(exc) + "\n\n" + self.tr("没有找到完好的备份。"))
            return False
        question = (refusal_message(exc) + "\n\n" + self.tr("最新的完好备份: %1\n恢复该备份并打开? 损坏的文件会另存保留。")
                    .replace("%1", str(exc.backup)))
        if answer is None:
            answer = QMessageBox.question(self, self.tr("文件已损坏"), question) == QMessageBox.StandardButton.Yes
        if not answer:
            return False
        from judge_app.services.integrity.backups import restore_backup
        from judge_app.services.contest.contest_access import ServiceError

        try:
            kept = restore_backup(exc.path, exc.backup, self.ws.actor)
        except (ServiceError, DatabaseError, OSError) as error:
            QMessageBox.warning(self, self.tr("文件已损坏"), str(error))
            return False
        opened = self.open_path(str(exc.path))
        if opened:
            self.statusBar().showMessage(self.tr("已从备份恢复; 损坏的文件保留为 ") + str(kept), 30000)
        return opened

    def close_contest(self) -> None:
        self.ws.set_db(None)

    def demo_path(self) -> Path:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or Path.home())
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "演示比赛.sqlite"

    def open_demo(self) -> bool:
        """A fresh copy of the demo contest (replacing the previous demo file), opened."""
        path = self.demo_path()
        if self.ws.db is not None and self.ws.db.path and Path(self.ws.db.path).resolve() == path.resolve():
            self.ws.set_db(None)
        from judge_app.services.contest.contest_access import ServiceError
        from judge_app.services.contest.demo import load_demo

        try:
            load_demo(str(path), self.ws.actor, replace=True)
        except (ServiceError, DatabaseError, OSError) as exc:
            QMessageBox.warning(self, self.tr("打开演示比赛"), refusal_message(exc))
            return False
        return self.open_path(str(path))

    def open_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("打开比赛"), "", DB_FILTER)
        if path:
            self.open_path(path)

    def open_server_dialog(self, answer: str | None = None) -> bool:
        """Open a contest kept on a PostgreSQL server (docs/shared_database.md) by its URL."""
        if answer is None:
            answer, ok = QInputDialog.getText(
                self, self.tr("打开共享数据库"),
                self.tr("PostgreSQL 数据库地址 (密码可放在 PGPASSWORD 或 pgpass 文件中):"),
                QLineEdit.Normal, "postgresql://judge@192.168.1.10/contest2024")
            if not ok:
                return False
        from judge_app.services.contest.workspace_files import is_postgresql

        answer = answer.strip()
        if not is_postgresql(answer):
            QMessageBox.warning(self, self.tr("打开共享数据库"),
                                self.tr("地址应以 postgresql:// 开头, 如 postgresql://judge@192.168.1.10/contest2024"))
            return False
        return self.open_path(answer)

    def new_contest(self) -> None:
        dialog = NewContestDialog(self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.create_from_template(dialog.path.text().strip(), dialog.template_key(), dialog.name.text(),
                                  dialog.contest_details())

    def create_from_template(self, path: str, key: str, name: str = "", details=None) -> bool:
        from judge_app.services.contest.workspace_files import new_from_template

        try:
            db = new_from_template(path, key, self.ws.actor, name or None, details)
        except REFUSALS as exc:
            report_error(self, self.tr("新建比赛"), exc)
            return False
        self._remember(str(Path(path).resolve()))
        self.ws.set_db(db)
        self.tabs.setCurrentWidget(self.setup_page)
        return True

    def save_copy_dialog(self) -> None:
        if self.ws.db is None:
            return
        path, _ = file_dialogs.getSaveFileName(self, self.tr("另存副本"), "", DB_FILTER)
        if path:
            from judge_app.services.contest.workspace_files import save_copy

            db = self.ws.db
            self._work(self.tr("另存副本"), lambda: save_copy(db, path),
                       lambda _done: self.statusBar().showMessage(self.tr("副本已保存: ") + path, 8000))

    def backup(self) -> Path | None:
        if self.ws.db is None:
            return None
        try:
            db, actor = self.ws.db, self.ws.actor_for("backup")
        except REFUSALS as exc:
            report_error(self, self.tr("备份"), exc)
            return None

        def done(target):
            self.statusBar().showMessage(self.tr("已备份到 ") + str(target), 8000)
            return target

        from judge_app.services.integrity.backups import backup_now

        return self._work(self.tr("备份"), lambda: backup_now(db, actor), done)

    def import_score_sheet(self, path: str | None = None, round_key: str | None = None,
                           component_key: str | None = None) -> bool:
        """导入评分表…: a panel's sheet (Excel/CSV), with its comment column if it has one; refused as a whole."""
        from judge_app.domain.contest import PANEL
        from judge_app.services.contest.contest_access import ServiceError
        from judge_app.services.scores.score_import import import_scores
        from judge_app.services.contest.workspace_files import current_contest
        from judge_app.table_files.problems import InputRefused

        title = self.tr("导入评分表")
        round_key = self.choose_round(title, round_key)
        if round_key is None:
            return False
        panels = [c for c in current_contest(self.ws.db).round(round_key).components if c.kind == PANEL]
        if component_key is None:
            if not panels:
                QMessageBox.information(self, title, self.tr("本轮没有评委打分的部分"))
                return False
            labels = [f"{c.name} ({c.key})" for c in panels]
            label, ok = QInputDialog.getItem(self, title, self.tr("评审组:"), labels, 0, False)
            if not ok:
                return False
            component_key = panels[labels.index(label)].key
        if path is None:
            path, _ = file_dialogs.getOpenFileName(self, title, "", "Excel / CSV (*.xlsx *.csv)")
            if not path:
                return False
        actor = self.ws.act("import")
        if not actor:
            return False
        try:
            r = import_scores(self.ws.db, path, round_key, component_key, actor)
        except InputRefused as exc:
            QMessageBox.warning(self, title, self.tr("未导入, 数据库未改变:") + "\n"
                                + message_text("\n".join(str(p) for p in exc.problems[:12])))
            return False
        except (ServiceError, DatabaseError) as exc:
            QMessageBox.warning(self, title, refusal_message(exc))
            return False
        self.ws.notify(SCORES)
        self.ws.notify("audit")
        self.statusBar().showMessage(self.tr("已导入 %1 行评分 (新增 %2, 更改 %3), 点评 %4 条有变化")
                                     .replace("%1", str(r.lines)).replace("%2", str(r.created))
                                     .replace("%3", str(r.replaced)).replace("%4", str(r.comments)), 15000)
        return True

    def vote_wizard(self, path: str | None = None):
        from judge_app.gui.vote_wizard import VoteImportWizard

        wizard = VoteImportWizard(self.ws, self, path)
        wizard.open()
        return wizard

    # recent files and language -----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in value or [] if v]

    def _remember(self, path: str) -> None:
        files = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT]
        self.settings.setValue("recent", files)
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(files))

    def set_language(self, code: str) -> None:
        if not i18n.install_language(code):
            self.statusBar().showMessage(f"{code}: translation not available", 8000)
            return
        self.settings.setValue("language", code)
        current = self.tabs.currentIndex()
        self._build()
        self.tabs.setCurrentIndex(current)
        self._update_title()
        self._update_user()
