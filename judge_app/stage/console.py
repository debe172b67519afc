"""The host console (主持人控制台): runs on the laptop screen, drives the stage on the projector.

Left: a live preview of exactly what the stage shows, and every step of the show (click to
jump). Right: the running order and draw, the clock, the current entry's attachment, and how
the stage looks (theme, anonymous judges, totals live or only at the reveal, which screen).
The presentation keys work here as on the stage: PageDown/Space next, PageUp back, B black.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import (
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from judge_app.stage.canvas import StageCanvas
from judge_app.stage.controller import StageController
from judge_app.stage.themes import THEMES
from judge_app.stage.window import StageWindow, handle_key, projector_screen
from judge_app.gui import file_dialogs

AUTO = "auto"
WINDOWED = "window"


class HostConsole(QWidget):
    def __init__(self, controller: StageController, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        c = controller
        self.setWindowTitle(f"主持人控制台 · {c.show.report.contest.name} · {c.show.round.name}")
        self.stage = StageWindow(c)
        self.screen_choice = AUTO
        self._listed: tuple = ()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.preview = StageCanvas(c, self, aspect=QSize(1920, 1080))
        self.preview.setMinimumSize(480, 270)
        self.steps = QListWidget()
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.itemClicked.connect(lambda item: c.go(self.steps.row(item)))
        self.now_label = QLabel()
        self.next_label = QLabel()
        self.status_label = QLabel("就绪 (ready)")
        self.status_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(QLabel("舞台预览 (stage preview)"))
        left.addWidget(self.preview, 3)
        left.addWidget(self.now_label)
        left.addWidget(self.next_label)
        left.addWidget(self.steps, 2)
        left.addWidget(self.status_label)

        right = QVBoxLayout()
        right.addWidget(self._order_box())
        right.addWidget(self._clock_box())
        right.addWidget(self._entry_box())
        right.addWidget(self._look_box())
        right.addWidget(self._step_box())
        right.addStretch(1)

        root = QHBoxLayout(self)
        root.addLayout(left, 3)
        root.addLayout(right, 1)
        for w in self.findChildren(QPushButton) + self.findChildren(QCheckBox):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A clicker's keys must drive the show even while a spin box or list has the focus.
        # (Only the clicker's own keys: arrows, Return and Backspace stay with the focused field.)
        for keys, slot in (((Qt.Key.Key_PageDown, Qt.Key.Key_Space), c.next), ((Qt.Key.Key_PageUp,), c.prev),
                           ((Qt.Key.Key_B, Qt.Key.Key_Period), c.toggle_black), ((Qt.Key.Key_T,), c.toggle_timer)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(slot)

        c.changed.connect(self._refresh)
        c.reloaded.connect(self._refresh_steps)
        c.status.connect(self.status_label.setText)
        c.escape.connect(self.back_to_console)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self._fill_screens()
        self._refresh_steps()
        self._refresh()

    # ---- control groups ----
    def _order_box(self) -> QGroupBox:
        box = QGroupBox("出场顺序 (running order)")
        self.draw_button = QPushButton("现场抽签 (draw lots)")
        self.draw_button.clicked.connect(self._draw)
        self.seed_fixed = QCheckBox("指定种子 (use seed)")
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 999_999_999)
        self.seed_box.editingFinished.connect(self.setFocus)
        self.fixed_button = QPushButton("按编号固定顺序 (fixed order)")
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
        box = QGroupBox("计时 (countdown)")
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 120)
        self.minutes.setSingleStep(0.5)
        self.minutes.setSuffix(" 分钟")
        self.minutes.setValue(c.countdown.duration_s / 60)
        self.minutes.valueChanged.connect(c.set_minutes)
        self.minutes.editingFinished.connect(self.setFocus)
        self.timer_button = QPushButton("开始/暂停 (T)")
        self.timer_button.clicked.connect(c.toggle_timer)
        reset = QPushButton("重置 (reset)")
        reset.clicked.connect(c.reset_timer)
        self.chime = QCheckBox("提示音 (chime)")
        self.chime.setChecked(c.chime)
        self.chime.toggled.connect(lambda on: setattr(c, "chime", on))
        self.clock_label = QLabel()
        lay = QFormLayout(box)
        lay.addRow("每位时长", self.minutes)
        row = QHBoxLayout()
        row.addWidget(self.timer_button)
        row.addWidget(reset)
        lay.addRow(row)
        lay.addRow(self.chime, self.clock_label)
        return box

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox("当前作品 (current entry)")
        self.entry_label = QLabel()
        self.entry_label.setWordWrap(True)
        self.attach_button = QPushButton("打开附件 (open attachment)")
        self.attach_button.clicked.connect(self._open_attachment)
        lay = QVBoxLayout(box)
        lay.addWidget(self.entry_label)
        lay.addWidget(self.attach_button)
        return box

    def _look_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox("舞台显示 (stage display)")
        self.theme_box = QComboBox()
        for key, theme in THEMES.items():
            self.theme_box.addItem(theme.name, key)
        self.theme_box.setCurrentIndex(list(THEMES).index(c.theme.key))
        self.theme_box.currentIndexChanged.connect(lambda _i: c.set_theme(self.theme_box.currentData()))
        self.anonymise = QCheckBox("评委匿名显示为 评委1…N (anonymous judges)")
        self.anonymise.setChecked(c.show.options.anonymise)
        self.anonymise.toggled.connect(c.set_anonymise)
        self.live = QCheckBox("实时显示总分, 不等亮分 (totals live)")
        self.live.setChecked(c.show.options.live_totals)
        self.live.toggled.connect(c.set_live_totals)
        self.screen_box = QComboBox()
        self.screen_box.activated.connect(self._screen_chosen)
        lay = QFormLayout(box)
        lay.addRow("主题 (theme)", self.theme_box)
        lay.addRow(self.anonymise)
        lay.addRow(self.live)
        lay.addRow("舞台屏幕 (screen)", self.screen_box)
        return box

    def _step_box(self) -> QGroupBox:
        c = self.controller
        box = QGroupBox("播放 (show)")
        lay = QHBoxLayout(box)
        for text, slot in (("◀ 上一步 PgUp", c.prev), ("下一步 PgDn ▶", c.next), ("黑屏 B", c.toggle_black)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            lay.addWidget(b)
        return box

    # ---- actions ----
    def _draw(self) -> None:
        c = self.controller
        if c.show.order is not None and c.show.order.method == "draw":
            answer = QMessageBox.question(self, "重新抽签", "已经抽过签, 确定重新抽签吗? (draw again?)")
            if answer != QMessageBox.StandardButton.Yes:
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
        path, _ = file_dialogs.getOpenFileName(self, "选择附件 (choose attachment)")
        if path:
            from pathlib import Path

            c.open_attachment(Path(path))

    def back_to_console(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self.controller, event.key()):
            super().keyPressEvent(event)

    # ---- screens ----
    def _fill_screens(self) -> None:
        self.screen_box.clear()
        self.screen_box.addItem("自动 (auto: projector if attached)", AUTO)
        self.screen_box.addItem("窗口 (window on this screen)", WINDOWED)
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
        where = f"{screen.name()} 全屏" if screen is not None else "窗口 (单屏)"
        self.status_label.setText(f"舞台: {where}")

    def _screens_changed(self, _screen=None) -> None:
        if self.screen_choice not in (AUTO, WINDOWED) and not any(
                s.name() == self.screen_choice for s in QGuiApplication.screens()):
            self.screen_choice = AUTO
        self._fill_screens()
        if self.stage.isVisible():
            self.place_stage()

    # ---- refresh ----
    def _refresh_steps(self) -> None:
        c = self.controller
        self.steps.clear()
        self.steps.addItems([s.label(c.show.report) for s in c.show.steps])
        self._listed = tuple(c.show.steps)
        self._refresh()

    def _refresh(self) -> None:
        c = self.controller
        show = c.show
        if self._listed != tuple(show.steps):
            self._refresh_steps()
            return
        self.steps.setCurrentRow(show.index)
        self.now_label.setText(f"当前: {show.step.label(show.report)}" + ("  [黑屏]" if show.black else ""))
        nxt = show.steps[show.index + 1].label(show.report) if show.index + 1 < len(show.steps) else "(结束)"
        self.next_label.setText(f"下一步: {nxt}")
        order = show.order
        if order is None:
            self.order_label.setText("尚未确定出场顺序 (no running order yet)")
        elif order.method == "draw":
            self.order_label.setText(f"抽签种子 {order.seed} · {order.created_by} · {order.created_at}")
        else:
            self.order_label.setText(f"固定顺序 · {order.created_by} · {order.created_at}")
        code = show.current_entry()
        if code:
            e = show.report.entry(code)
            s = show.report.result.standing(code)
            released = "已亮分" if code in show.released else "未亮分"
            total = s.total if s.total is not None else "待定"
            files = ", ".join(p.name for p in c.attachments()) or "无附件 (attachments/ 中以编号开头的文件)"
            self.entry_label.setText(f"{code} {e.title}\n{e.unit}\n总分 {total} ({released}, 仅主持人可见)\n{files}")
        else:
            self.entry_label.setText("—")
        self.clock_label.setText(f"{c.countdown.text()} {'计时中' if c.countdown.running else '已暂停'}")
        self.preview.update()

    def closeEvent(self, event) -> None:
        self.stage.close()
        self.controller.close()
        super().closeEvent(event)


def open_host_console(db, round_key: str, actor: str = "host", *, parent: QWidget | None = None,
                      show_stage: bool = True, **options) -> HostConsole:
    """Open the host console and the stage for a round (what the organizer's main window calls).

    `db` is an open `judge_app.store.database.Database`; options go to `StageController`
    (theme, minutes, live_totals, anonymise, chime).
    """
    from judge_app.gui.qt_app import ensure_app

    ensure_app()
    controller = StageController(db, round_key, actor, **options)
    console = HostConsole(controller, parent)
    console.resize(1280, 760)
    console.show()
    if show_stage:
        console.place_stage()
        console.back_to_console()
    return console


