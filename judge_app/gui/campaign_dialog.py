"""文件 → 年度活动…: open a campaign file (TOML), see every unit's results across the year's
contests and one unit's entries, then print the summary (PDF preview → printer) or save it as
PDF or XLSX — the same services as `judge-app campaign summary`, so the window and the command
line give the same table. The contest files are only read; a refusal is shown, nothing written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from judge_app.qt import file_dialogs
from judge_app.qt.i18n import message_text, refusal_message
from judge_app.gui.table_model import CENTER, LEFT, RIGHT, Column, RowTableModel
from judge_app.services.year import campaign
from judge_app.services.contest.contest_access import ServiceError

CAMPAIGN_FILTER = "年度活动文件 campaign (*.toml)"
_ALIGN = {0: CENTER, 2: CENTER, 4: RIGHT}  # 序号, 作品数, 积分


class CampaignDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.settings = settings
        self.loaded: campaign.Loaded | None = None
        self.setWindowTitle(self.tr("年度活动"))
        self.resize(1100, 680)

        self.path_edit = QLineEdit(str(self._setting("campaign_file", "")))
        self.path_edit.setPlaceholderText(self.tr("年度活动文件 (*.toml), 列出本年度各比赛文件"))
        self.path_edit.returnPressed.connect(self.reload)
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        self.unsigned = QCheckBox(self.tr("包括未签署的比赛 (标记未签署)"))
        self.open_button = QPushButton(self.tr("汇总"))
        self.open_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度活动文件")))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(self.unsigned)
        top.addWidget(self.open_button)

        self.heading = QLabel("")
        self.heading.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary_model: RowTableModel[list[str]] = RowTableModel()
        self.summary_view = self._table(self.summary_model)
        self.summary_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_unit())
        self.detail_label = QLabel(self.tr("选择一个单位查看其各比赛作品"))
        self.detail_model: RowTableModel[tuple] = RowTableModel(self._detail_columns())
        self.detail_view = self._table(self.detail_model)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_label)
        detail_layout.addWidget(self.detail_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.summary_view)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.print_button = buttons.addButton(self.tr("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton(self.tr("导出 PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.xlsx_button = buttons.addButton(self.tr("导出 Excel…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self._save_pdf_dialog)
        self.xlsx_button.clicked.connect(self._save_xlsx_dialog)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._enable()

    # ---- building blocks ----
    def _table(self, model: RowTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _detail_columns(self) -> list[Column[tuple]]:
        return [
            Column(self.tr("比赛"), lambda r: campaign.contest_label(r[0])),
            Column(self.tr("编号"), lambda r: r[1].code, CENTER),
            Column(self.tr("作品"), lambda r: r[1].title),
            Column(self.tr("名次"), lambda r: r[1].rank, CENTER),
            Column(self.tr("奖项"), lambda r: r[1].award or "", CENTER),
            Column(self.tr("总分"), lambda r: r[1].total, RIGHT),
            Column(self.tr("原填单位"), lambda r: r[1].unit),
        ]

    def _setting(self, key: str, default):
        return self.settings.value(key, default) if self.settings is not None else default

    def _enable(self) -> None:
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(self.loaded is not None)

    def _browse(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("打开年度活动文件"), self.path_edit.text(), CAMPAIGN_FILTER)
        if path:
            self.path_edit.setText(path)
            self.reload()

    # ---- the use case ----
    def load(self, path: str | Path) -> bool:
        self.path_edit.setText(str(path))
        return self.reload()

    def reload(self) -> bool:
        path = self.path_edit.text().strip()
        if not path:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            loaded = campaign.load(path, include_unsigned=self.unsigned.isChecked())
        except ServiceError as exc:
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText(refusal_message(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.loaded = loaded
        if self.settings is not None:
            self.settings.setValue("campaign_file", path)
        s = loaded.summary
        headers, rows = campaign.table_rows(s)
        columns = [Column(h, lambda r, i=i: r[i], _ALIGN.get(i, LEFT)) for i, h in enumerate(headers)]
        self.summary_model.set_rows(rows, columns)
        self.heading.setText(" ".join(x for x in (s.campaign.name, s.campaign.year, s.campaign.organizer) if x))
        notes = [self.tr("%1 项比赛、%2 个单位").replace("%1", str(len(s.contests))).replace("%2", str(len(s.units)))]
        notes += [message_text(n) for n in campaign.near_duplicate_notes(s)]  # zh_CN: no English gloss
        self.message.setStyleSheet("")
        self.message.setText("\n".join(notes))
        self.detail_model.set_rows([])
        self.detail_label.setText(self.tr("选择一个单位查看其各比赛作品"))
        if rows:
            self.summary_view.selectRow(0)
        self._enable()
        return True

    def selected_unit(self) -> str | None:
        index = self.summary_view.currentIndex()
        if self.loaded is None or not index.isValid():
            return None
        return self.loaded.summary.units[index.row()].unit

    def _show_unit(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        line = next(u for u in self.loaded.summary.units if u.unit == unit)
        self.detail_label.setText(self.tr("%1 的作品 (积分 %2)").replace("%1", unit)
                                  .replace("%2", campaign.dc.format_points(line.points)))
        self.detail_model.set_rows(campaign.unit_detail(self.loaded.summary, unit))

    def summary_pdf(self) -> bytes | None:
        from judge_app.services.year.campaign_documents import summary_pdf

        if self.loaded is None:
            return None
        try:
            return summary_pdf(self.loaded)
        except ServiceError as exc:
            self.message.setText(refusal_message(exc))
            return None

    def print_preview(self):
        from judge_app.gui.print_dialogs import PdfPreviewDialog

        pdf = self.summary_pdf()
        if pdf is None:
            return None
        dialog = PdfPreviewDialog(pdf, self.tr("单位成绩汇总"), self)
        dialog.open()
        return dialog

    def _suggested(self, suffix: str) -> str:
        folder = Path(self.path_edit.text().strip()).parent
        name = self.loaded.summary.campaign.name if self.loaded else "campaign"
        return str(folder / f"{name}-单位成绩汇总{suffix}")

    def save_pdf(self, path: str | Path) -> Path | None:
        pdf = self.summary_pdf()
        if pdf is None:
            return None
        path = Path(path)
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(pdf)
        tmp.replace(path)
        self.message.setText(self.tr("已保存 %1").replace("%1", str(path)))
        return path

    def save_xlsx(self, path: str | Path) -> Path | None:
        from judge_app.services.year.campaign_documents import summary_xlsx

        if self.loaded is None:
            return None
        path = Path(path)
        tmp = path.with_name(f".{path.name}.part.xlsx")
        summary_xlsx(self.loaded, tmp)
        tmp.replace(path)
        self.message.setText(self.tr("已保存 %1").replace("%1", str(path)))
        return path

    def _save_pdf_dialog(self) -> None:
        path, _ = file_dialogs.getSaveFileName(self, self.tr("导出 PDF"), self._suggested(".pdf"), "PDF (*.pdf)")
        if path:
            self.save_pdf(path)

    def _save_xlsx_dialog(self) -> None:
        path, _ = file_dialogs.getSaveFileName(self, self.tr("导出 Excel"), self._suggested(".xlsx"), "Excel (*.xlsx)")
        if path:
            self.save_xlsx(path)
