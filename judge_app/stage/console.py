"""The host console (主持人控制台): runs on the laptop screen, drives the stage, the phones and the reveal.

Left: the preview and every step of the show. Clicking or arrowing in the list only previews
(the preview pane changes, the projector does not); Enter or 切换到舞台 takes it on air, and a
jump past results not yet revealed asks first. Right: phone scoring (扫码评分: the service's
address, one row per seated judge for the entry on stage, "已提交 5 / 7", 结束评分), the reveal
(一键亮分 R, auto-play, End to 最后得分), the running order, the clock, the entry's attachment
and how the stage looks. The clicker's keys work here as on the stage: PageDown/Space next,
PageUp back, B black, T the clock. Labels go through `tr()` (English in judge_app_en.ts).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from judge_app.printing.fonts import MissingGlyphs
from judge_app.services.contest.contest_access import ServiceError
from judge_app.stage import scoring as sc
from judge_app.stage.beats import step_label
from judge_app.stage.canvas import StageCanvas, paint_items
from judge_app.stage.commentary_box import CommentaryBox
from judge_app.stage.controller import DEFAULT_AUTOPLAY_S, StageController
from judge_app.stage.themes import THEMES
from judge_app.stage.window import StageWindow, handle_key, projector_screen
from judge_app.qt import file_dialogs

AUTO = "auto"
WINDOWED = "window"
ON_AIR = QColor("#f4d27a")  # the step list's row that is on the projector
DEFAULT_PORT = 8000
STATE_COLOURS = {sc.SUBMITTED: "#2e7d32", sc.CONNECTED: "#1565c0", sc.NOT_CONNECTED: "#9e9e9e",
                 sc.RECUSED: "#8d6e63", sc.CLOSED: "#6a1b9a"}


class PreviewCanvas(StageCanvas):
    """The console's preview: the previewed step when the host looks ahead, else what is on air."""

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        c = self.controller
        rect = self.scene_rect()
        paint_items(painter, rect, c.theme, c.show.black and c.preview_index is None, c.preview_items)
        if c.preview_index is not None:  # a frame that says "not on air"
            painter.setPen(QColor("#2f7df6"))
            painter.drawRect(QRectF(rect).adjusted(1, 1, -2, -2))
        painter.end()


class HostConsole(QWidget):
    def __init__(self, controller: StageController, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        c = controller
        self.setWindowTitle(self.tr("主持人控制台") + f" · {c.show.report.contest.name} · {c.show.round.name}")
        self.stage = StageWindow(c)
        self.screen_choice = AUTO
        self._listed: tuple = ()
        self._air_row: int | None = None
        self._shown_connection: str | None = None  # where the phones' service was at the last refresh
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.preview = PreviewCanvas(c, self, aspect=QSize(1920, 1080))
        self.preview.setMinimumSize(480, 270)
        self.preview_label = QLabel()
        self.steps = QListWidget()
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.currentRowChanged.connect(self._row_chosen)
        self.steps.itemDoubleClicked.connect(lambda _item: self.take())
        self.take_button = QPushButton(self.tr("切换到舞台"))
        self.take_button.setToolTip(self.tr("快捷键: 回车键"))
        self.take_button.clicked.connect(self.take)
        self.now_label = QLabel()
        self.next_label = QLabel()
        self.status_label = QLabel(self.tr("就绪"))
        self.status_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.preview_label)
        left.addWidget(self.preview, 3)
        left.addWidget(self.now_label)
        left.addWidget(self.next_label)
        left.addWidget(self.steps, 2)
        left.addWidget(self.take_button)
        left.addWidget(self.status_label)

        right_widget = QWidget()
        right = QVBoxLayout(right_widget)
        right.addWidget(self._judges_box())
        right.addWidget(self._reveal_box())
        right.addWidget(self._step_box())
        right.addWidget(self._clock_box())
        right.addWidget(CommentaryBox(c))  # 专家点评 (stage.commentary_box)
        right.addWidget(self._entry_box())
        right.addWidget(self._order_box())
        right.addWidget(self._look_box())
        right.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right_widget)
        scroll.setMinimumWidth(420)

        root = QHBoxLayout(self)
        root.addLayout(left, 3)
        root.addWidget(scroll, 2)
        for w in self.findChildren(QPushButton) + self.findChildren(QCheckBox):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A clicker's keys must drive the show even while a spin box or list has the focus.
        # (Only the clicker's own keys: arrows, Return and Backspace stay with the focused field.)
        for keys, slot in (((Qt.Key.Key_PageDown, Qt.Key.Key_Space), c.next), ((Qt.Key.Key_PageUp,), c.prev),
                           ((Qt.Key.Key_B, Qt.Key.Key_Period), c.toggle_black), ((Qt.Key.Key_T,), c.toggle_timer),
                           ((Qt.Key.Key_R,), c.reveal_component), ((Qt.Key.Key_End,), c.reveal_end)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(slot)

        c.confirm_skip = self._confirm_skip  # PageDown past unrevealed results asks here too
        c.changed.connect(self._refresh)
        c.reloaded.connect(self._refresh_steps)
        c.status.connect(self.status_label.setText)
        c.escape.connect(self.back_to_console)
        c.panel_changed.connect(self._refresh_panel)
        c.all_in.connect(self._all_in)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self._fill_screens()
        self._refresh_steps()
        self._refresh_panel()
        self._refresh()

    # ---- control groups ----
    def _judges_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("评委评分"))
        self.serve_switch = QCheckBox(self.tr("扫码评分"))
        self.serve_switch.setChecked(self.controller.scoring is not None and self.controller.scoring.server is not None)
        self.serve_switch.setEnabled(self.controller.scoring is not None)
        self.serve_switch.toggled.connect(self._serve_toggled)
        self.serve_port = QSpinBox()
        self.serve_port.setRange(0, 65535)
        self.serve_port.setValue(DEFAULT_PORT)
        self.serve_port.setPrefix(self.tr("端口 "))
        self.serve_port.editingFinished.connect(self.setFocus)
        self.address_label = QLabel()
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setWordWrap(True)
        self.panel_entry = QLabel()
        self.panel_count = QLabel()
        font = self.panel_count.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.panel_count.setFont(font)
        self.all_in_label = QLabel()
        self.all_in_label.setStyleSheet("color: #2e7d32; font-weight: bold")
        self.judge_table = QTableWidget(0, 3)
        self.judge_table.setHorizontalHeaderLabels([self.tr("评委"), self.tr("状态"), self.tr("最后在线")])
        self.judge_table.verticalHeader().setVisible(False)
        self.judge_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.judge_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.judge_table.horizontalHeader().setStretchLastSection(True)
        self.judge_table.setMinimumHeight(260)
        self.close_button = QPushButton(self.tr("结束评分"))
        self.close_button.clicked.connect(self.close_scoring)
        self.reopen_button = QPushButton(self.tr("重新开放评分"))
        self.reopen_button.clicked.connect(lambda: self.controller.close_scoring(False))
        self.cards_button = QPushButton(self.tr("打印评委桌签…"))
        self.cards_button.setToolTip(self.tr("每位评委一张, 印有姓名、编号和扫码链接"))
        self.cards_button.clicked.connect(self.print_judge_cards)
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.serve_switch)
        row.addWidget(self.serve_port)
        lay.addLayout(row)
        lay.addWidget(self.address_label)
        lay.addWidget(self.panel_entry)
        lay.addWidget(self.panel_count)
        lay.addWidget(self.all_in_label)
        lay.addWidget(self.judge_table)
        row = QHBoxLayout()
        row.addWidget(self.close_button)
        row.addWidget(self.reopen_button)
        lay.addLayout(row)
        lay.addWidget(self.cards_button)
        return box

    def _reveal_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox(self.tr("亮分"))
        self.reveal_button = QPushButton(self.tr("一键亮分"))
        self.reveal_button.setToolTip(self.tr("快捷键: R 键"))
        self.reveal_button.clicked.connect(c.reveal_component)
        self.end_button = QPushButton(self.tr("最后得分"))
        self.end_button.setToolTip(self.tr("快捷键: 结束键"))
        self.end_button.clicked.connect(c.reveal_end)
        self.autoplay = QCheckBox(self.tr("自动播放"))
        self.autoplay.toggled.connect(lambda on: c.start_autoplay() if on else c.stop_autoplay())
        self.autoplay_seconds = QDoubleSpinBox()
        self.autoplay_seconds.setRange(0.5, 30)
        self.autoplay_seconds.setSingleStep(0.5)
        self.autoplay_seconds.setValue(DEFAULT_AUTOPLAY_S)
        self.autoplay_seconds.setSuffix(self.tr(" 秒"))
        self.autoplay_seconds.valueChanged.connect(c.set_autoplay_interval)
        self.autoplay_seconds.editingFinished.connect(self.setFocus)
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.reveal_button)
        row.addWidget(self.end_button)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.autoplay)
        row.addWidget(self.autoplay_seconds)
        lay.addLayout(row)
        return box

    def _order_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("出场顺序"))
        self.draw_button = QPushButton(self.tr("现场抽签"))
        self.draw_button.clicked.connect(self._draw)
        self.seed_fixed = QCheckBox(self.tr("指定种子"))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 999_999_999)
        self.seed_box.editingFinished.connect(self.setFocus)
        self.fixed_button = QPushButton(self.tr("按编号固定顺序"))
        self.fixed_button.clicked.connect(self._fixed)
        self.order_label = QLabel()
        self.order_label.setWordWrap(True)
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.seed_fixed)
        row.addWidget(self.seed_box)
        lay.addWidget(self.draw_button)
        lay.addLayout(row)
        lay.addWidget(self.fixed_button)
        lay.addWidget(self.order_label)
        return box

    def _clock_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox(self.tr("计时"))
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 120)
        self.minutes.setSingleStep(0.5)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.minutes.setValue(c.countdown.duration_s / 60)
        self.minutes.valueChanged.connect(c.set_minutes)
        self.minutes.editingFinished.connect(self.setFocus)
        self.timer_button = QPushButton(self.tr("开始/暂停"))
        self.timer_button.setToolTip(self.tr("快捷键: T 键"))
        self.timer_button.clicked.connect(c.toggle_timer)
        reset = QPushButton(self.tr("重置"))
        reset.clicked.connect(c.reset_timer)
        self.chime = QCheckBox(self.tr("提示音"))
        self.chime.setChecked(c.chime)
        self.chime.toggled.connect(lambda on: setattr(c, "chime", on))
        self.clock_label = QLabel()
        lay = QFormLayout(box)
        lay.addRow(self.tr("每位时长"), self.minutes)
        row = QHBoxLayout()
        row.addWidget(self.timer_button)
        row.addWidget(reset)
        lay.addRow(row)
        lay.addRow(self.chime, self.clock_label)
        return box

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("当前作品"))
        self.entry_label = QLabel()
        self.entry_label.setWordWrap(True)
        self.attach_button = QPushButton(self.tr("打开附件"))
        self.attach_button.clicked.connect(self._open_attachment)
        lay = QVBoxLayout(box)
        lay.addWidget(self.entry_label)
        lay.addWidget(self.attach_button)
        return box

    def _look_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox(self.tr("舞台显示"))
        self.theme_box = QComboBox()
        for key, theme in THEMES.items():
            self.theme_box.addItem(theme.name, key)
        self.theme_box.setCurrentIndex(list(THEMES).index(c.theme.key))
        self.theme_box.currentIndexChanged.connect(lambda _i: c.set_theme(self.theme_box.currentData()))
        self.anonymise = QCheckBox(self.tr("评委匿名显示为 评委1、评委2…"))
        self.anonymise.setChecked(c.show.options.anonymise)
        self.anonymise.toggled.connect(c.set_anonymise)
        self.live = QCheckBox(self.tr("实时显示总分, 不等亮分"))
        self.live.setChecked(c.show.options.live_totals)
        self.live.toggled.connect(c.set_live_totals)
        self.screen_box = QComboBox()
        self.screen_box.activated.connect(self._screen_chosen)
        lay = QFormLayout(box)
        lay.addRow(self.tr("主题"), self.theme_box)
        lay.addRow(self.anonymise)
        lay.addRow(self.live)
        lay.addRow(self.tr("舞台屏幕"), self.screen_box)
        return box

    def _step_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox(self.tr("播放"))
        lay = QHBoxLayout(box)
        for text, tip, slot in ((self.tr("◀ 上一步"), self.tr("快捷键: 上翻页键"), c.prev),
                                (self.tr("下一步 ▶"), self.tr("快捷键: 下翻页键 或 空格键"), c.next),
                                (self.tr("黑屏"), self.tr("快捷键: B 键"), c.toggle_black)):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            lay.addWidget(b)
        return box

    # ---- confirmations (one place, so tests can answer them) ----
    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ---- actions ----
    def take(self) -> bool:
        """切换到舞台: the previewed step goes on air; passing unrevealed results asks first."""
        c = self.controller
        if c.preview_index is None:
            return False
        skipped = c.skipped_unrevealed(c.preview_index)
        if skipped and not self._confirm_skip(skipped):
            return False
        c.take()
        self.setFocus()
        return True

    def _confirm_skip(self, skipped: list[str]) -> bool:
        """Asked before the projector passes results not yet revealed (take, or PageDown into 颁奖)."""
        names = "、".join(skipped[:8]) + (self.tr(" 等 %1 件").replace("%1", str(len(skipped))) if len(skipped) > 8 else "")
        text = self.tr("以下作品尚未亮分: %1。确定跳过它们切换到舞台吗?").replace("%1", names)
        return self.confirm(self.tr("尚未亮分"), text)

    def close_scoring(self) -> bool:
        """结束评分 for the phones' entry; names the judges still pending and asks first."""
        c = self.controller
        if c.panel is None or c.panel.entry is None:
            return False
        pending = c.pending_judges()
        if pending:
            text = self.tr("以下评委尚未提交: %1。确定结束 %2 的评分吗?").replace("%1", "、".join(pending)).replace(
                "%2", c.panel.entry)
            if not self.confirm(self.tr("结束评分"), text):
                return False
        return c.close_scoring(True)

    def print_judge_cards(self) -> Path | None:
        """评委桌签 as a PDF beside the contest file, opened for printing; asks first (new links)."""
        c = self.controller
        if not (c.scoring and c.scoring.address()):
            self.status_label.setText(self.tr("请先开启扫码评分: 桌签上要印评分服务的地址"))
            return None
        if not self.confirm(self.tr("打印评委桌签"), self.tr(
                "将为每位评委签发新链接并生成桌签, 之前发出的链接随即失效。继续吗?")):
            return None
        folder = str(c.db.path.parent) if c.db.path is not None else ""
        suggested = str(Path(folder) / f"评委桌签-{c.round_key}.pdf") if folder else ""
        chosen, _ = file_dialogs.getSaveFileName(self, self.tr("保存评委桌签"), suggested, "PDF (*.pdf)")
        if not chosen:
            return None
        try:
            n = c.write_judge_cards(Path(chosen))
        except (ServiceError, MissingGlyphs, OSError) as exc:
            self.status_label.setText(str(exc))
            return None
        self.status_label.setText(self.tr("已生成 %1 张评委桌签: %2").replace("%1", str(n)).replace("%2", chosen))
        QDesktopServices.openUrl(QUrl.fromLocalFile(chosen))
        return Path(chosen)

    def _serve_toggled(self, on: bool) -> None:
        c = self.controller
        if c.scoring is None:
            return
        if on and c.scoring.server is None:
            from judge_app.services.contest_day.lan_address import lan_address

            try:
                c.start_service(lan_address(), self.serve_port.value())
            except OSError as exc:
                self.status_label.setText(str(exc))
                self.serve_switch.blockSignals(True)
                self.serve_switch.setChecked(False)
                self.serve_switch.blockSignals(False)
        elif not on:
            c.stop_service()
        self._refresh_panel()

    def _all_in(self, code: str) -> None:
        self.status_label.setText(self.tr("%1 的评委已全部提交").replace("%1", code))

    def _draw(self) -> None:
        c = self.controller
        if c.show.order is not None and c.show.order.method == "draw":
            if not self.confirm(self.tr("重新抽签"), self.tr("已经抽过签, 确定重新抽签吗?")):
                return
        c.draw_lots(self.seed_box.value() if self.seed_fixed.isChecked() else None)
        self._refresh_steps()
        self.setFocus()  # the clicker's keys (B, Space) belong to the show again

    def _fixed(self) -> None:
        self.controller.fix_order()
        self._refresh_steps()

    def _open_attachment(self) -> None:
        c = self.controller
        if c.attachments():
            c.open_attachment()
            return
        path, _ = file_dialogs.getOpenFileName(self, self.tr("选择附件"))
        if path:
            c.open_attachment(Path(path))

    def back_to_console(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.controller.set_preview(self.controller.previewed() + step)
        elif not handle_key(self.controller, key):
            super().keyPressEvent(event)

    # ---- screens ----
    def _fill_screens(self) -> None:
        self.screen_box.clear()
        self.screen_box.addItem(self.tr("自动 (有投影时用投影)"), AUTO)
        self.screen_box.addItem(self.tr("本屏窗口"), WINDOWED)
        for s in QGuiApplication.screens():
            g = s.geometry()
            self.screen_box.addItem(f"{s.name()} {g.width()}×{g.height()}", s.name())
        idx = self.screen_box.findData(self.screen_choice)
        self.screen_box.setCurrentIndex(max(0, idx))

    def _screen_chosen(self, _index: int) -> None:
        self.screen_choice = self.screen_box.currentData()
        self.place_stage()

    def stage_screen(self) -> QScreen | None:
        if self.screen_choice == WINDOWED:
            return None
        if self.screen_choice != AUTO:
            for s in QGuiApplication.screens():
                if s.name() == self.screen_choice:
                    return s
        return projector_screen(self.screen())

    def place_stage(self) -> None:
        screen = self.stage_screen()
        self.stage.place(screen)
        target = screen.geometry().size() if screen is not None else QSize(1920, 1080)
        self.preview.aspect = target
        self.preview.update()
        where = self.tr("%1 全屏").replace("%1", screen.name()) if screen is not None else self.tr("窗口 (单屏)")
        self.status_label.setText(self.tr("舞台: ") + where)

    def _screens_changed(self, _screen=None) -> None:
        if self.screen_choice not in (AUTO, WINDOWED) and not any(
                s.name() == self.screen_choice for s in QGuiApplication.screens()):
            self.screen_choice = AUTO
        self._fill_screens()
        if self.stage.isVisible():
            self.place_stage()

    # ---- refresh ----
    def _row_chosen(self, row: int) -> None:
        if row >= 0 and not self.steps.signalsBlocked():
            self.controller.set_preview(row)

    def _refresh_steps(self) -> None:
        c = self.controller
        self.steps.blockSignals(True)
        self.steps.clear()
        self.steps.addItems([step_label(c.show, s) for s in c.show.steps])
        self.steps.blockSignals(False)
        self._listed = tuple(c.show.steps)
        self._air_row = None
        self._refresh()

    def _mark_air(self, row: int) -> None:
        if self._air_row == row:
            return
        if self._air_row is not None and self._air_row < self.steps.count():
            self.steps.item(self._air_row).setBackground(QBrush())
        item = self.steps.item(row)
        if item is not None:
            item.setBackground(QBrush(ON_AIR))
        self._air_row = row

    def _state_text(self) -> dict[str, str]:
        return {sc.NOT_CONNECTED: self.tr("未连接"), sc.CONNECTED: self.tr("已连接"), sc.SUBMITTED: self.tr("已提交"),
                sc.RECUSED: self.tr("回避"), sc.CLOSED: self.tr("已结束")}

    def _refresh_panel(self) -> None:
        c = self.controller
        link = c.scoring
        where = link.connection() if link is not None else None
        if link is None:
            self.address_label.setText(self.tr("未启用扫码评分"))
        elif where == sc.OWN:
            self.address_label.setText(self.tr("评分服务地址: ") + link.address())
        elif where == sc.ATTACHED:
            self.address_label.setText(self.tr("已连接到正在运行的评分服务: %1 (另一程序, 手机跟随舞台)").replace(
                "%1", link.address()))
        elif where == sc.DISCONNECTED:
            self.address_label.setText(self.tr("评分服务已断开: %1。勾选 扫码评分 可在本机开启").replace(
                "%1", link.lost.url))
        else:
            self.address_label.setText(self.tr("未开启; 另一程序开启评分服务时, 控制台自动连接"))
        if link is not None and where != self._shown_connection:
            if self._shown_connection is not None and where == sc.DISCONNECTED:
                self.status_label.setText(self.tr("评分服务已断开; 可勾选 扫码评分 在本机开启"))
            elif self._shown_connection is not None and where == sc.ATTACHED:
                self.status_label.setText(self.tr("已连接到正在运行的评分服务: %1").replace("%1", link.address()))
            self._shown_connection = where
        if link is not None:
            self.serve_switch.blockSignals(True)
            self.serve_switch.setChecked(where in (sc.OWN, sc.ATTACHED))
            self.serve_switch.setEnabled(where != sc.ATTACHED)  # another program's service is not ours to stop
            self.serve_switch.blockSignals(False)
            self.serve_port.setEnabled(where in (sc.OFF, sc.DISCONNECTED))
            colour = {sc.OWN: "#2e7d32", sc.ATTACHED: "#1565c0", sc.DISCONNECTED: "#c62828"}.get(where, "")
            self.address_label.setStyleSheet(f"color: {colour}" if colour else "")
        panel = c.panel
        if panel is None or panel.entry is None:
            self.panel_entry.setText(self.tr("手机当前作品: 无"))
            self.panel_count.setText("")
            self.all_in_label.setText("")
            self.judge_table.setRowCount(0)
            self.close_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
            return
        closed = self.tr(" (已结束评分)") if panel.closed else ""
        self.panel_entry.setText(self.tr("手机当前作品: ") + f"{panel.entry} {panel.title}{closed}")
        self.panel_count.setText(self.tr("已提交 %1 / %2").replace("%1", str(panel.submitted)).replace(
            "%2", str(len(panel.seated))))
        self.all_in_label.setText(self.tr("✔ 评委已全部提交") if panel.all_in else "")
        self.judge_table.setRowCount(len(panel.rows))
        for i, r in enumerate(panel.rows):
            state = QTableWidgetItem(self._state_text().get(r.state, r.state))
            state.setForeground(QBrush(QColor(STATE_COLOURS.get(r.state, "#000000"))))
            for col, item in enumerate((QTableWidgetItem(f"{r.name} ({r.code})"), state, QTableWidgetItem(r.last_seen))):
                self.judge_table.setItem(i, col, item)
        self.close_button.setEnabled(not panel.closed)
        self.reopen_button.setEnabled(panel.closed)

    def _refresh(self) -> None:
        c = self.controller
        show = c.show
        if self._listed != tuple(show.steps):
            self._refresh_steps()
            return
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(c.previewed())
        self.steps.blockSignals(False)
        self._mark_air(show.index)
        black = self.tr("  [黑屏]") if show.black else ""
        self.now_label.setText(self.tr("舞台: ") + step_label(show, show.step) + black)
        if c.preview_index is not None:
            self.preview_label.setText(self.tr("预览 (未上屏): ") + step_label(show, show.steps[c.preview_index])
                                       + self.tr("  — 按回车键切换到舞台"))
        else:
            self.preview_label.setText(self.tr("舞台预览 (与投影一致)"))
        self.take_button.setEnabled(c.preview_index is not None)
        nxt = step_label(show, show.steps[show.index + 1]) if show.index + 1 < len(show.steps) else self.tr("(结束)")
        self.next_label.setText(self.tr("下一步: ") + nxt)
        if self.autoplay.isChecked() != c.autoplay_timer.isActive():
            self.autoplay.blockSignals(True)
            self.autoplay.setChecked(c.autoplay_timer.isActive())
            self.autoplay.blockSignals(False)
        order = show.order
        if order is None:
            self.order_label.setText(self.tr("尚未确定出场顺序"))
        elif order.method == "draw":
            self.order_label.setText(self.tr("抽签种子 ") + f"{order.seed} · {order.created_by} · {order.created_at}")
        else:
            self.order_label.setText(self.tr("固定顺序") + f" · {order.created_by} · {order.created_at}")
        code = show.current_entry()
        if code:
            e = show.report.entry(code)
            s = show.report.result.standing(code)
            released = self.tr("已亮分") if code in show.released else self.tr("未亮分")
            total = s.total if s.total is not None else self.tr("待定")
            files = ", ".join(p.name for p in c.attachments()) or self.tr("无附件")
            self.entry_label.setText(f"{code} {e.title}\n{e.unit}\n" + self.tr("总分 ") + f"{total} ("
                                     + released + self.tr(", 仅主持人可见") + f")\n{files}")
        else:
            self.entry_label.setText("—")
        running = self.tr("计时中") if c.countdown.running else self.tr("已暂停")
        self.clock_label.setText(f"{c.countdown.text()} {running}")
        self.preview.update()

    def closeEvent(self, event) -> None:
        self.stage.close()
        self.controller.close()
        super().closeEvent(event)


def open_host_console(db, round_key: str, actor: str = "host", *, parent: QWidget | None = None,
                      show_stage: bool = True, serve: tuple[str, int] | None = None, **options) -> HostConsole:
    """Open the host console and the stage for a round (what the organizer's main window calls).

    `db` is an open `judge_app.store.database.Database`; options go to `StageController`
    (theme, minutes, live_totals, anonymise, chime). `serve=(host, port)` starts the LAN scoring
    service in this process (`judge-app stage --serve`), unless one already runs for this contest
    (then the console attaches to it, as it does without `serve`).
    """
    from judge_app.qt.app import ensure_app

    ensure_app()
    controller = StageController(db, round_key, actor, **options)
    if serve is not None and controller.scoring is not None and controller.scoring.connection() != sc.ATTACHED:
        # (a serve already running for this contest is attached to instead)
        controller.start_service(*serve)
    console = HostConsole(controller, parent)
    console.resize(1440, 860)
    console.show()
    if show_stage:
        console.place_stage()
        console.back_to_console()
    return console
