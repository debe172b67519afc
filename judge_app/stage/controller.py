"""The host's control over the stage: stepping, the clock, the draw, live reloads, attachments.

One `StageController` per round on stage. The stage window and the console's preview are two
views of it; both repaint on `changed`. Scores saved elsewhere (this process, the CLI, another
app instance) are noticed by a `ChangeProbe` asked every `POLL_MS`: the round is reloaded
through `round_report` only when SQLite says another connection committed.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QObject, QTimer, QUrl, QVariantAnimation, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from judge_app.services import running_order
from judge_app.services.attachments import list_attachments as registered_attachments
from judge_app.services.seal import SealBroken
from judge_app.services.seal import check as check_seal
from judge_app.services.standings import round_report
from judge_app.stage import show as sh
from judge_app.stage.countdown import NORMAL, Countdown
from judge_app.stage.layout import Extras, layout
from judge_app.stage.themes import DEFAULT_THEME, THEMES
from judge_app.store.backup import backup_if_older
from judge_app.store.change_probe import ChangeProbe
from judge_app.store.database import Database

BACKUP_CHECK_MS = 60_000  # how often to look whether a backup is due
BACKUP_EVERY_S = 300  # a backup at least every five minutes while the stage is live
POLL_MS = 20
TICK_MS = 200
PAGE_MS = 8000
REORDER_MS = 700
DRAW_ROW_MS = 140
DEFAULT_MINUTES = 8


def attachments_dir(db: Database) -> Path | None:
    """Entry attachments (PPT, PDF, video) live in `attachments/` beside the database, named by entry code."""
    return db.path.parent / "attachments" if db.path is not None else None


def find_attachments(db: Database, code: str) -> list[Path]:
    """The entry's registered attachments (managed copies) first; else files in `attachments/` by code."""
    if db.path is not None:
        registered = [a.path for a in registered_attachments(db, code) if a.path.is_file()]
        if registered:
            return registered
    folder = attachments_dir(db)
    if folder is None or not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and (p.stem == code or p.name.startswith(f"{code}-")
                                                             or p.name.startswith(f"{code}_") or p.name.startswith(f"{code} "))]
    return sorted(found)


class StageController(QObject):
    changed = Signal()  # repaint the views
    reloaded = Signal()  # new official numbers arrived
    escape = Signal()  # Esc pressed on the stage: back to the console
    status = Signal(str)

    def backup_if_due(self) -> Path | None:
        """Back up the database if the newest backup is older than BACKUP_EVERY_S (a file database only)."""
        if self.db.path is None:
            return None
        return backup_if_older(self.db.path, BACKUP_EVERY_S, "stage")

    def __init__(self, db: Database, round_key: str, actor: str = "host", *, theme: str = DEFAULT_THEME,
                 minutes: float = DEFAULT_MINUTES, live_totals: bool = False, anonymise: bool = True,
                 chime: bool = False, clock=None, poll: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.round_key, self.actor = db, round_key, actor
        self.theme = THEMES[theme]
        _refuse_broken_seal(db, round_key)
        self.show = sh.Show(round_report(db, round_key), running_order.current_order(db, round_key),
                            sh.Options(anonymise=anonymise, live_totals=live_totals))
        self.countdown = Countdown(int(minutes * 60), clock) if clock else Countdown(int(minutes * 60))
        self.chime = chime
        self.page = 0
        self.order_visible: int | None = None
        self.reloads = 0
        self._timer_entry: str | None = None
        self._last_phase = NORMAL
        self._slots_from: dict[str, float] = {}
        self._slots_to: dict[str, float] = {}
        self._slots_now: dict[str, float] | None = None
        self._board_codes: tuple[str, ...] = ()
        self._remember_board()

        self.probe = ChangeProbe(db)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        if poll:
            self.poll_timer.start()
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self._tick)
        self.tick_timer.start()
        self.page_timer = QTimer(self)
        self.page_timer.setInterval(PAGE_MS)
        self.page_timer.timeout.connect(self.next_page)
        self.page_timer.start()
        # While the stage is live, a backup every few minutes (SQLite online backup, rotated).
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        if poll:
            self.backup_timer.start()
        self.draw_timer = QTimer(self)
        self.draw_timer.setInterval(DRAW_ROW_MS)
        self.draw_timer.timeout.connect(self._draw_tick)
        self.reorder = QVariantAnimation(self)
        self.reorder.setDuration(REORDER_MS)
        self.reorder.setStartValue(0.0)
        self.reorder.setEndValue(1.0)
        self.reorder.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.reorder.valueChanged.connect(self._reorder_step)
        self.reorder.finished.connect(self._reorder_done)
        # Everything loaded so far (Qt bindings, SQLAlchemy, the contest) lives as long as the
        # show: keep it out of the cyclic collector, so a reload does not pay to scan it.
        gc.freeze()

    # ---- stepping ----
    def next(self) -> None:
        self.show.next()
        self._after_step()

    def prev(self) -> None:
        self.show.prev()
        self._after_step()

    def go(self, index: int) -> None:
        self.show.go(index)
        self._after_step()

    def jump(self, scene: str, entry=sh.ANY) -> None:
        self.show.jump(scene, entry)
        self._after_step()

    def toggle_black(self) -> None:
        self.show.black = not self.show.black
        self.changed.emit()

    def _after_step(self) -> None:
        step = self.show.step
        if step.scene == sh.ENTRY and step.entry != self._timer_entry:
            self.countdown.reset()
            self._timer_entry = step.entry
            self._last_phase = NORMAL
        if step.scene == sh.BOARD:
            self._animate_board()
            self.page = self._page_of(step.entry)
        else:
            self._remember_board()
        self.changed.emit()

    # ---- options ----
    def set_theme(self, key: str) -> None:
        self.theme = THEMES[key]
        self.changed.emit()

    def set_anonymise(self, on: bool) -> None:
        self.show.options.anonymise = on
        self.changed.emit()

    def set_live_totals(self, on: bool) -> None:
        self.show.options.live_totals = on
        self._after_data()

    def set_minutes(self, minutes: float) -> None:
        self.countdown.reset(int(minutes * 60))
        self.changed.emit()

    # ---- running order ----
    def draw_lots(self, seed: int | None = None) -> running_order.RunningOrder:
        order = running_order.draw_order(self.db, self.round_key, self.actor, seed)
        self._use_order(order, animate=True)
        return order

    def fix_order(self, codes: list[str] | None = None) -> running_order.RunningOrder:
        order = running_order.fix_order(self.db, self.round_key, self.actor, codes)
        self._use_order(order, animate=False)
        return order

    def _use_order(self, order, animate: bool) -> None:
        self.probe.changed()  # our own write: no need to reload the round for it
        self.show.update(order=order)
        self.show.jump(sh.ORDER)
        self.order_visible = 0 if animate else None
        if animate:
            self.draw_timer.start()
        self._after_step()

    def _draw_tick(self) -> None:
        if self.order_visible is None or self.order_visible >= len(self.show.running_order()):
            self.order_visible = None
            self.draw_timer.stop()
        else:
            self.order_visible += 1
        self.changed.emit()

    def finish_draw(self) -> None:
        """Show the whole drawn order at once (the host skips the unfolding)."""
        self.order_visible = None
        self.draw_timer.stop()
        self.changed.emit()

    # ---- clock ----
    def toggle_timer(self) -> None:
        self.countdown.toggle()
        self.changed.emit()

    def reset_timer(self) -> None:
        self.countdown.reset()
        self._last_phase = NORMAL
        self.changed.emit()

    def _tick(self) -> None:
        if not self.countdown.running:
            return
        phase = self.countdown.phase()
        if phase != self._last_phase:
            self._last_phase = phase
            if self.chime:
                QApplication.beep()
        if self.show.step.scene == sh.ENTRY:
            self.changed.emit()

    # ---- live data ----
    def poll(self) -> bool:
        """Reload the round if another connection committed since the last look."""
        try:
            if not self.probe.changed():
                return False
            self.reload()
        except Exception as exc:  # a locked or replaced file: keep showing what we have
            self.status.emit(f"读取数据库失败, 稍后重试 (read failed): {exc}")
            return False
        return True

    def reload(self) -> None:
        _refuse_broken_seal(self.db, self.round_key)
        report = round_report(self.db, self.round_key)
        order = running_order.current_order(self.db, self.round_key)
        self.show.update(report, order)
        self.reloads += 1
        self._after_data()
        self.reloaded.emit()

    def _after_data(self) -> None:
        if self.show.step.scene == sh.BOARD:
            self._animate_board()
        else:
            self._remember_board()
        self.changed.emit()

    # ---- board motion and paging ----
    def _board(self) -> sh.BoardFrame:
        step = self.show.step
        if step.scene == sh.BOARD:
            return self.show.frame()
        return self.show._board_frame()

    def _remember_board(self) -> None:
        self._board_codes = tuple(ln.code for ln in self._board().lines)

    def _animate_board(self) -> None:
        codes = tuple(ln.code for ln in self._board().lines)
        if codes == self._board_codes:
            return
        old = self._slots_now or {c: float(i) for i, c in enumerate(self._board_codes)}
        self._slots_to = {c: float(i) for i, c in enumerate(codes)}
        self._slots_from = {c: old.get(c, float(len(codes))) for c in codes}
        self._board_codes = codes
        self.reorder.stop()
        self._slots_now = dict(self._slots_from)
        self.reorder.start()

    def _reorder_step(self, t) -> None:
        t = float(t)
        self._slots_now = {c: a + (self._slots_to[c] - a) * t for c, a in self._slots_from.items()}
        self.changed.emit()

    def _reorder_done(self) -> None:
        self._slots_now = None
        self.changed.emit()

    def finish_motion(self) -> None:
        """Jump every animation to its end (screenshots, tests, a host in a hurry)."""
        self.reorder.stop()
        self._slots_now = None
        self.finish_draw()

    def pages(self) -> int:
        rows = self.show.options.rows_per_page
        return max(1, -(-len(self._board().lines) // rows))

    def _page_of(self, code: str | None) -> int:
        codes = [ln.code for ln in self._board().lines]
        if code in codes:
            return codes.index(code) // self.show.options.rows_per_page
        return 0

    def next_page(self) -> None:
        if self.show.step.scene == sh.BOARD and self.pages() > 1 and not self.show.black:
            self.page = (self.page + 1) % self.pages()
            self.changed.emit()

    # ---- attachments ----
    def attachments(self) -> list[Path]:
        code = self.show.current_entry()
        return find_attachments(self.db, code) if code else []

    def open_attachment(self, path: Path | None = None) -> bool:
        """Open the current entry's attachment (or `path`) with the system's default program."""
        if path is None:
            found = self.attachments()
            if not found:
                self.status.emit("未找到当前作品的附件 (no attachment for this entry)")
                return False
            path = found[0]
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.status.emit(f"已打开 {path.name}" if ok else f"无法打开 {path.name} (cannot open)")
        return ok

    # ---- what the views draw ----
    def extras(self) -> Extras:
        return Extras(self.countdown.text(), self.countdown.phase(), self.countdown.running, self.page,
                      self._slots_now, self.order_visible)

    def items(self, width: int, height: int) -> list:
        if self.show.black:
            return []
        return layout(self.show.frame(), self.theme, width, height, self.extras(),
                      contest=self.show.report.contest.name, rows_per_page=self.show.options.rows_per_page)

    def close(self) -> None:
        for timer in (self.poll_timer, self.tick_timer, self.page_timer, self.draw_timer):
            timer.stop()
        self.reorder.stop()
        self.probe.close()


def _refuse_broken_seal(db: Database, round_key: str) -> None:
    """The stage shows a signed-off round only while its seal holds (SealBroken otherwise)."""
    sealed = check_seal(db, round_key)
    if sealed.broken:
        raise SealBroken(sealed.message())
