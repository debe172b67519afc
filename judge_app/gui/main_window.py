"""The organizer's and clerk's main window: the contest database is the document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
)

from judge_app.gui import i18n
from judge_app.gui.audit_page import AuditPage
from judge_app.gui.conflicts_page import ConflictsPage
from judge_app.gui.results_page import ResultsPage
from judge_app.gui.score_entry_page import ScoreEntryPage
from judge_app.gui.setup_page import SetupPage
from judge_app.gui.workspace import Workspace
from judge_app.services import roster
from judge_app.services.workspace_files import backup_now, new_from_template, save_copy, templates
from judge_app.store.database import DatabaseError, open_database

MAX_RECENT = 8
DB_FILTER = "比赛数据库 judge_app (*.sqlite *.db)"


class NewContestDialog(QDialog):
    """New contest from a template: choose the template, name the contest, choose the file."""

    def __init__(self, parent=None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建比赛"))
        self.resize(620, 420)
        self.list = QListWidget()
        for t in templates():
            item = QListWidgetItem(f"{t.name}\n    {t.summary}")
            item.setData(256, t.key)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("比赛名称 (可稍后修改)"))
        self.path = QLineEdit(str(Path(folder or Path.home()) / "contest.sqlite"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("模板")))
        form.addRow(self.list)
        form.addRow(self.tr("比赛名称"), self.name)
        form.addRow(self.tr("保存为"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.list.currentItemChanged.connect(lambda item, _p: self.name.setPlaceholderText(item.text().split("\n")[0]) if item else None)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存为"), self.path.text(), DB_FILTER)
        if path:
            self.path.setText(path)

    def template_key(self) -> str:
        return self.list.currentItem().data(256)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace | None = None, settings: QSettings | None = None):
        super().__init__()
        self.ws = workspace or Workspace()
        self.settings = settings or QSettings()
        self.resize(1366, 768)
        self._build()
        self.ws.opened.connect(self._update_title)
        self._update_title()

    # layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.menuBar().clear()
        self.tabs = QTabWidget()
        self.setup_page = SetupPage(self.ws)
        self.entry_page = ScoreEntryPage(self.ws)
        self.results_page = ResultsPage(self.ws)
        self.conflicts_page = ConflictsPage(self.ws)
        self.audit_page = AuditPage(self.ws)
        self.tabs.addTab(self.setup_page, self.tr("比赛设置"))
        self.tabs.addTab(self.entry_page, self.tr("评分录入"))
        self.tabs.addTab(self.results_page, self.tr("成绩排名"))
        self.tabs.addTab(self.conflicts_page, self.tr("回避"))
        self.tabs.addTab(self.audit_page, self.tr("审计日志"))
        self.setCentralWidget(self.tabs)
        self._menus()

    def _menus(self) -> None:
        file = self.menuBar().addMenu(self.tr("文件(&F)"))
        self._action(file, self.tr("新建比赛…"), self.new_contest, QKeySequence.New)
        self._action(file, self.tr("打开…"), self.open_dialog, QKeySequence.Open)
        self.recent_menu = file.addMenu(self.tr("最近打开"))
        self._fill_recent()
        file.addSeparator()
        self._action(file, self.tr("另存副本…"), self.save_copy_dialog, QKeySequence.SaveAs)
        self._action(file, self.tr("立即备份"), self.backup, "Ctrl+B")
        file.addSeparator()
        self._action(file, self.tr("退出"), self.close, QKeySequence.Quit)
        data = self.menuBar().addMenu(self.tr("导入(&I)"))
        self._action(data, self.tr("导入网络投票…"), self.vote_wizard)
        self._action(data, self.tr("导入作品名单…"), lambda: self.setup_page.import_roster(roster.ENTRIES))
        self._action(data, self.tr("导入评委名单…"), lambda: self.setup_page.import_roster(roster.JUDGES))
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
        where = str(self.ws.db.path or self.ws.db.location) if self.ws.db is not None else self.tr("未打开比赛")
        app_name = self.tr("比赛评分系统")
        self.setWindowTitle(f"{where} — {app_name} judge_app")

    # documents ------------------------------------------------------------------------------------
    def open_path(self, path: str, create: bool = False) -> bool:
        try:
            db = open_database(path, create=create)
        except DatabaseError as exc:
            QMessageBox.warning(self, self.tr("打开"), str(exc))
            return False
        self.ws.set_db(db)
        self._remember(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("已打开 ") + path, 5000)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开比赛"), "", DB_FILTER)
        if path:
            self.open_path(path)

    def new_contest(self) -> None:
        dialog = NewContestDialog(self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.create_from_template(dialog.path.text().strip(), dialog.template_key(), dialog.name.text())

    def create_from_template(self, path: str, key: str, name: str = "") -> bool:
        try:
            db = new_from_template(path, key, self.ws.actor, name or None)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("新建比赛"), str(exc))
            return False
        self.ws.set_db(db)
        self._remember(str(Path(path).resolve()))
        self.tabs.setCurrentWidget(self.setup_page)
        return True

    def save_copy_dialog(self) -> None:
        if self.ws.db is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存副本"), "", DB_FILTER)
        if path:
            try:
                save_copy(self.ws.db, path)
            except Exception as exc:
                QMessageBox.warning(self, self.tr("另存副本"), str(exc))
                return
            self.statusBar().showMessage(self.tr("副本已保存: ") + path, 8000)

    def backup(self) -> Path | None:
        if self.ws.db is None:
            return None
        try:
            target = backup_now(self.ws.db)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("备份"), str(exc))
            return None
        self.statusBar().showMessage(self.tr("已备份到 ") + str(target), 8000)
        return target

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
