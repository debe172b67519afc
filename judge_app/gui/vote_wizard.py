"""The vote import wizard: choose the export, see its shape and the preview tally, commit in the
background with a progress bar and Cancel.

Every call into the vote import service is in `VoteImportCalls` below, so a change of the
service's API (raw records, screening flags, a progress callback) is adapted in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from judge_app.domain.rules import is_voted
from judge_app.qt.i18n import refusal_message
from judge_app.gui.table_model import RIGHT, Column, RowTableModel
from judge_app.errors import is_refusal
from judge_app.gui.error_report import report_error
from judge_app.gui.tasks import Cancelled
from judge_app.gui.workspace import VOTES as VOTES_TOPIC
from judge_app.gui.workspace import Workspace
from judge_app.services.contest.contest_access import ServiceError
from judge_app.table_files.problems import InputRefused
from judge_app.services.votes import vote_import
from judge_app.services.votes.vote_preview import TableShape, describe_vote_file
from judge_app.services.contest.workspace_files import current_contest
from judge_app.qt import file_dialogs


@dataclass(frozen=True)
class TallyLine:
    code: str
    title: str
    votes: int
    score: Decimal | None
    previous: int | None


@dataclass(frozen=True)
class VotePreview:
    shape: TableShape
    rows_read: int
    lines: list[TallyLine]
    flags: list[str] = field(default_factory=list)  # screening flags, when the service reports them


class VoteImportCalls:
    """The wizard's only contact with `services.votes.vote_import`."""

    @staticmethod
    def preview(db, path: str, round_key: str, component_key: str, actor: str) -> VotePreview:
        shape = describe_vote_file(path)
        report = vote_import.import_votes(db, path, round_key, component_key, actor, dry_run=True)
        if report.problems:  # the dry run lists why the real import would be refused
            raise InputRefused(list(report.problems))
        contest = current_contest(db)
        titles = {e.code: e.title for e in contest.entries}
        previous = report.previous or {}
        lines = [TallyLine(code, titles.get(code, ""), votes, report.scores.get(code),
                           previous.get(code) if report.previous is not None else None)
                 for code, votes in sorted(report.tally.items(), key=lambda kv: (-kv[1], kv[0]))]
        flags = [f.message for f in report.flags] + list(report.warnings)
        return VotePreview(shape, report.rows, lines, flags)

    @staticmethod
    def commit(db, path: str, round_key: str, component_key: str, actor: str, progress) -> object:
        """Import for real. `progress(done, total)` raises `Cancelled` after Cancel, from inside the
        service's transaction, which then rolls back as a whole."""
        progress(0, 0)

        def report_progress(p: vote_import.ImportProgress) -> None:
            progress(int((p.fraction or 0) * 1000), 1000)

        report = vote_import.import_votes(db, path, round_key, component_key, actor, progress=report_progress)
        progress(1, 1)
        return report


class TallyModel(RowTableModel[TallyLine]):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("编号"), lambda t: t.code),
            Column(self.tr("作品"), lambda t: t.title),
            Column(self.tr("票数"), lambda t: t.votes, RIGHT),
            Column(self.tr("投票得分"), lambda t: t.score, RIGHT),
            Column(self.tr("此前票数"), lambda t: "" if t.previous is None else t.previous, RIGHT),
        ], (), parent)


class FilePage(QWizardPage):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setTitle(self.tr("选择投票导出文件"))
        self.setSubTitle(self.tr("网络投票平台导出的 CSV 或 Excel 文件; 编码和表头会自动识别"))
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.component_box = QComboBox()
        contest = current_contest(ws.db)
        for r in contest.rounds if contest else ():
            for c in r.components:
                if is_voted(c):
                    self.component_box.addItem(f"{r.name} / {c.name}", (r.key, c.key))
        form = QFormLayout(self)
        form.addRow(self.tr("文件"), row)
        form.addRow(self.tr("导入到"), self.component_box)
        self.path_edit.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("选择投票导出文件"), "",
                                              "CSV / Excel (*.csv *.txt *.xlsx *.xls)")
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:
        return Path(self.path_edit.text().strip()).is_file() and self.component_box.currentData() is not None


class PreviewPage(QWizardPage):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.preview: VotePreview | None = None
        self.setTitle(self.tr("预览: 识别结果与票数统计"))
        self.setSubTitle(self.tr("尚未写入; 确认无误后点“导入”"))
        self.shape_label = QLabel()
        self.shape_label.setWordWrap(True)
        self.model = TallyModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.shape_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel(self.tr("提示与问题")))
        layout.addWidget(self.problems)
        self.task = None

    def initializePage(self) -> None:
        wizard = self.wizard()
        self.preview = None
        self.model.set_rows([])
        self.problems.clear()
        self.shape_label.setText(self.tr("正在读取…"))
        path, (round_key, component_key) = wizard.path(), wizard.component()
        db, actor = self.ws.db, self.ws.user or self.ws.actor  # a dry run writes nothing
        self.task = self.ws.runner.run(lambda _p: VoteImportCalls.preview(db, path, round_key, component_key, actor),
                                       self._shown, self._failed)
        self.completeChanged.emit()

    def _shown(self, preview: VotePreview) -> None:
        self.preview = preview
        s = preview.shape
        encoding = self.tr("编码")
        kind = "Excel" if s.kind == "xlsx" else f"CSV, {encoding} {s.encoding}"
        text = (self.tr("<b>%1</b> — %2; 表头在第 %3 行: %4<br>一行一票的原始记录: 作品列 <b>%5</b>, 投票人列 <b>%6</b>; "
                        "共 %7 条, 按本部分的去重规则计票") if s.raw else
                self.tr("<b>%1</b> — %2; 表头在第 %3 行: %4<br>作品编号列: <b>%5</b>, 票数列: <b>%6</b>; 数据 %7 行"))
        self.shape_label.setText(
            text.replace("%1", s.source).replace("%2", kind).replace("%3", str(s.header_row))
            .replace("%4", " | ".join(s.columns)).replace("%5", s.entry_column).replace("%6", s.votes_column)
            .replace("%7", str(s.data_rows)))
        self.model.set_rows(preview.lines)
        for flag in preview.flags:
            self.problems.addItem(flag)
        if any(line.previous is not None for line in preview.lines):
            self.problems.addItem(self.tr("此项已有导入的票数; 导入后将替换 (旧数据保留在审计日志中)"))
        if not self.problems.count():
            self.problems.addItem(self.tr("未发现问题"))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, trace: str) -> None:
        if not is_refusal(exc):  # a bug, not the file: a program error with its traceback logged
            self.shape_label.setText(self.tr("读取时出现程序错误, 未写入任何内容"))
            report_error(self, self.tr("导入网络投票"), exc, trace)
            self.completeChanged.emit()
            return
        self.shape_label.setText(self.tr("文件被拒绝, 未写入任何内容:"))
        for problem in getattr(exc, "problems", None) or [exc]:
            self.problems.addItem(str(problem))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None


class CommitPage(QWizardPage):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setTitle(self.tr("导入"))
        self.bar = QProgressBar()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("取消导入"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel_button, 0, Qt.AlignLeft)
        layout.addStretch(1)
        self.task = None
        self.finished = False
        self.result = None
        self.error: BaseException | None = None

    def initializePage(self) -> None:
        wizard = self.wizard()
        self.finished, self.result, self.error = False, None, None
        self.bar.setRange(0, 0)
        self.label.setText(self.tr("正在导入…"))
        self.cancel_button.setEnabled(True)
        path, (round_key, component_key) = wizard.path(), wizard.component()
        try:
            db, actor = self.ws.db, self.ws.actor_for("import")
        except ServiceError as exc:
            self._failed(exc, "")
            return
        self.task = self.ws.runner.run(
            lambda progress: VoteImportCalls.commit(db, path, round_key, component_key, actor, progress),
            self._done, self._failed, self._progress)
        self.completeChanged.emit()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def cancel(self) -> None:
        if self.task is not None and not self.finished:
            self.task.cancel()
            self.label.setText(self.tr("正在取消…"))
            self.cancel_button.setEnabled(False)

    def _done(self, report) -> None:
        self.finished, self.result = True, report
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("已导入 %1: %2 行, 已计入排名。").replace("%1", report.source).replace("%2", str(report.rows)))
        self.ws.notify(VOTES_TOPIC)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, trace: str) -> None:
        self.finished, self.error = True, exc
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(False)
        if isinstance(exc, Cancelled):
            self.label.setText(self.tr("已取消, 数据库未改变。"))
        elif is_refusal(exc):
            self.label.setText(self.tr("导入失败, 数据库未改变: ") + refusal_message(exc))
        else:
            self.label.setText(self.tr("导入时出现程序错误, 数据库未改变。"))
            report_error(self, self.tr("导入网络投票"), exc, trace)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.finished


class VoteImportWizard(QWizard):
    def __init__(self, ws: Workspace, parent=None, path: str | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("导入网络投票"))
        self.setWizardStyle(QWizard.ClassicStyle)
        self.file_page = FilePage(ws)
        self.preview_page = PreviewPage(ws)
        self.commit_page = CommitPage(ws)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.addPage(self.commit_page)
        self.preview_page.setCommitPage(True)  # once imported, there is no going back
        self.setButtonText(QWizard.CommitButton, self.tr("导入"))
        self.setButtonText(QWizard.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.CancelButton, self.tr("关闭"))
        self.resize(900, 620)
        if path:
            self.file_page.path_edit.setText(path)

    def path(self) -> str:
        return self.file_page.path_edit.text().strip()

    def component(self) -> tuple[str, str]:
        return self.file_page.component_box.currentData()
