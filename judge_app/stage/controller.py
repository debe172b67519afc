"""The host's control over the stage: stepping, the clock, the draw, live reloads, attachments.

One `StageController` per round on stage. The stage window and the console's preview are two
views of it; both repaint on `changed`. Scores saved elsewhere (this process, the CLI, another
app instance) are noticed by a `ChangeProbe` asked every `POLL_MS`: the round is reloaded
through `round_report` only when SQLite says another connection committed and the audit trail
has new events (services.integrity.change_topics; a scoring service's heartbeat is not one).
"""

from __future__ import annotations

import copy
import gc
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QObject, QTimer, QUrl, QVariantAnimation, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from judge_app.services.integrity import backups, change_topics
from judge_app.services.contest import running_order
from judge_app.services.contest.attachments import has_folder as has_attachment_folder
from judge_app.services.contest.attachments import list_attachments as registered_attachments
from judge_app.services.integrity.change_topics import changes_since, last_event_id, own_writes_end
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.results.seal import SealBroken
from judge_app.services.results.seal import check as check_seal
from judge_app.services.contest_day.stage_commentary import placement as commentary_placement
from judge_app.services.contest_day.stage_commentary import set_placement as set_commentary_placement
from judge_app.services.results.standings import round_report
from judge_app.stage import beats as bt
from judge_app.stage import show as sh
from judge_app.stage.commentary import DEFAULT_COMMENT_MINUTES
from judge_app.stage.countdown import NORMAL, Countdown
from judge_app.stage.layout import Extras, layout
from judge_app.stage.scoring import Panel, ScoringLink
from judge_app.stage.themes import DEFAULT_THEME, THEMES
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: the stage asks services, never the store
    from judge_app.store.database import Database

BACKUP_CHECK_MS = 60_000  # how often to look whether a backup is due
BACKUP_EVERY_S = 300  # a backup at least every five minutes while the stage is live
POLL_MS = 20
TICK_MS = 200
PAGE_MS = 8000
REORDER_MS = 700
DRAW_ROW_MS = 140
DEFAULT_MINUTES = 8
PRESENCE_MS = 1000  # who is connected changes without a database write: look this often
BEAT_MS = 650  # one-press reveal: the pause between all judges shown, the strike and the score
DEFAULT_AUTOPLAY_S = 3.0
# The console's own writes that change nothing the round report holds (audit actions).
OWN_ACTIONS = ("stage.current", "running_order.", "entry.close", "entry.reopen", "token.")


def attachments_dir(db: Database) -> Path | None:
    """Entry attachments (PPT, PDF, video) live in `attachments/` beside the database, named by entry code."""
    return db.path.parent / "attachments" if db.path is not None else None


def find_attachments(db: Database, code: str) -> list[Path]:
    """The entry's registered attachments (managed copies) first; else files in `attachments/` by code."""
    if has_attachment_folder(db):
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
    panel_changed = Signal()  # the live judge panel has new rows
    all_in = Signal(str)  # every seated judge has submitted the entry (its code)
    preview_changed = Signal()

    def backup_if_due(self) -> Path | None:
        """Back up the database if the newest backup is older than BACKUP_EVERY_S (a file database only)."""
        return backups.backup_if_due(self.db, BACKUP_EVERY_S, "stage")

    def __init__(self, db: Database, round_key: str, actor: str = "host", *, theme: str = DEFAULT_THEME,
                 minutes: float = DEFAULT_MINUTES, live_totals: bool = False, anonymise: bool = True,
                 chime: bool = False, clock=None, poll: bool = True, scoring: bool = True,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.round_key, self.actor = db, round_key, actor
        # The phones' current entry follows the stage (None: a stage without phone scoring).
        self.scoring = ScoringLink(db, round_key, actor) if scoring else None
        self.panel: Panel | None = None
        self._all_in_for: str | None = None
        self.preview_index: int | None = None  # a step the host looks at before taking it on air
        # Asked with the entries a step forward would pass unrevealed; the console answers (None: no question).
        self.confirm_skip = None
        self._reveal_path: list[int] = []
        self.theme = THEMES[theme]
        _refuse_broken_seal(db, round_key)
        self.show = sh.Show(round_report(db, round_key), running_order.current_order(db, round_key),
                            sh.Options(anonymise=anonymise, live_totals=live_totals,
                                       commentary=commentary_placement(db, round_key)))
        self.countdown = Countdown(int(minutes * 60), clock) if clock else Countdown(int(minutes * 60))
        seconds = DEFAULT_COMMENT_MINUTES * 60
        self.comment_clock = Countdown(seconds, clock) if clock else Countdown(seconds)  # the 专家点评 timer
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

        self.probe = change_topics.change_probe(db)
        self._audit_seen = last_event_id(db)  # the audit trail says what a commit changed
        self._connection: tuple[str, str] | None = None  # (where the phones' service is, its address)
        self._logged_failures: set[tuple[str, str]] = set()  # program errors of the polls, logged once each
        self._error_log = None
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
        self.presence_timer = QTimer(self)
        self.presence_timer.setInterval(PRESENCE_MS)
        self.presence_timer.timeout.connect(self.refresh_panel)
        if poll and self.scoring is not None:
            self.presence_timer.start()
        self.beat_timer = QTimer(self)  # the one-press reveal's walk through its beats
        self.beat_timer.setInterval(BEAT_MS)
        self.beat_timer.timeout.connect(self._beat_tick)
        self.autoplay_timer = QTimer(self)
        self.autoplay_timer.setInterval(int(DEFAULT_AUTOPLAY_S * 1000))
        self.autoplay_timer.timeout.connect(self._autoplay_tick)
        self.refresh_panel()
        # Everything loaded so far (Qt bindings, SQLAlchemy, the contest) lives as long as the
        # show: keep it out of the cyclic collector, so a reload does not pay to scan it.
        gc.freeze()

    # ---- stepping ----
    def _cancel_walk(self) -> None:
        self._reveal_path = []
        self.beat_timer.stop()

    def next(self) -> bool:
        """One step on (PageDown, Space, the clicker); stepping past unrevealed results (into 颁奖
        while entries wait) asks `confirm_skip` first. False when the host said no."""
        here = self.show.step
        if self.confirm_skip is not None and here.scene != sh.AWARDS and self.show.index + 1 < len(self.show.steps):
            skipped = self.skipped_unrevealed(self.show.index + 1)
            if skipped and not self.confirm_skip(skipped):
                return False
        self._cancel_walk()
        self.show.next()
        self._after_step()
        return True

    def prev(self) -> None:
        self._cancel_walk()
        self.show.prev()
        self._after_step()

    def go(self, index: int) -> None:
        self._cancel_walk()
        self.show.go(index)
        self._after_step()

    def jump(self, scene: str, entry=sh.ANY) -> None:
        self._cancel_walk()
        self.show.jump(scene, entry)
        self._after_step()

    def toggle_black(self) -> None:
        self.show.black = not self.show.black
        self.changed.emit()

    def _after_step(self) -> None:
        step = self.show.step
        self.preview_index = None
        if step.scene == sh.ENTRY and step.entry != self._timer_entry:
            self.countdown.reset()
            self._timer_entry = step.entry
            self._last_phase = NORMAL
        if step.scene == sh.ENTRY:
            self._put_on_stage(step.entry)
        if step.scene != sh.ENTRY and self.countdown.running:
            self.countdown.toggle()  # the speaking time is over once the reveal (or anything else) starts
        if step.scene != sh.COMMENT and self.comment_clock.running:
            self.comment_clock.pause()
        if step.scene != sh.REVEAL:
            self.stop_autoplay()
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

    # ---- 专家点评: where the scene goes, who speaks, the comment timer ----
    def set_commentary(self, where: str) -> None:
        """Put the 专家点评 scene before or after each reveal, or leave it out (saved for the round)."""
        try:
            set_commentary_placement(self.db, self.round_key, where, self.actor)
        except ServiceError as exc:
            self.status.emit(str(exc))
            return
        self.probe.changed()  # our own write
        self.show.options.commentary = where
        self.show.update()
        self._after_step()

    def choose_speaker(self, judge_code: str | None, entry: str | None = None) -> None:
        """The expert who speaks about `entry` (default: the entry on stage); the timer starts afresh."""
        entry = entry or self.show.current_entry()
        if entry is None:
            return
        if judge_code is None:
            self.show.speakers.pop(entry, None)
        else:
            self.show.speakers[entry] = judge_code
        self.comment_clock.reset()
        self.changed.emit()

    def set_comment_timer(self, on: bool) -> None:
        self.show.options.comment_timer = on
        self.changed.emit()

    def set_comment_minutes(self, minutes: float) -> None:
        self.comment_clock.reset(int(minutes * 60))
        self.changed.emit()

    def toggle_comment_timer(self) -> None:
        self.comment_clock.toggle()
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
        self._own_write()
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
        """T: start or pause the speaking time; it starts only while an entry is on stage (the only
        scene that shows it), so a stray T during the reveal or on the board does nothing."""
        if not self.countdown.running and self.show.step.scene != sh.ENTRY:
            self.status.emit(self.tr("计时只在作品展示时开始"))
            return
        self.countdown.toggle()
        self.changed.emit()

    def reset_timer(self) -> None:
        self.countdown.reset()
        self._last_phase = NORMAL
        self.changed.emit()

    def _tick(self) -> None:
        if self.comment_clock.running and self.show.step.scene == sh.COMMENT:
            self.changed.emit()
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
            self._audit_seen, topics = changes_since(self.db, self._audit_seen)
            if not topics:  # a commit that changes nothing shown (a scoring service's heartbeat)
                return False
            self.refresh_panel()  # first: a phone's submission reaches the panel before the round reloads
            self.reload()
            self._follow_scripts()
        except Exception as exc:  # noqa: BLE001 - the show goes on; a bug is logged, not hidden
            self._poll_failed(exc, self.tr("读取数据库失败, 稍后重试: %1"))
            return False
        return True

    def _poll_failed(self, exc: Exception, message: str) -> None:
        """A poll that failed keeps showing what we have and tries again at the next tick: a
        locked or replaced file says so; anything else is a program error, written to the error
        log once (the same failure every 20 ms must not fill the disk) and called one."""
        from judge_app.errors import is_refusal, log_program_error

        if is_refusal(exc):
            self.status.emit(message.replace("%1", str(exc)))
            return
        key = (type(exc).__name__, str(exc))
        if key not in self._logged_failures:
            self._logged_failures.add(key)
            self._error_log = log_program_error(exc)
        where = str(self._error_log) if self._error_log else self.tr("(日志无法写入)")
        self.status.emit(self.tr("程序错误, 已记入日志 %1; 稍后重试").replace("%1", where))

    def _own_write(self) -> None:
        """Our own write was just committed: no need to reload the round for it — unless another
        program wrote meanwhile, which the next poll then reloads for."""
        newest = own_writes_end(self.db, self._audit_seen, self.actor, OWN_ACTIONS)
        if newest is not None:
            self._audit_seen = newest

    def reload(self) -> None:
        _refuse_broken_seal(self.db, self.round_key)
        report = round_report(self.db, self.round_key)
        order = running_order.current_order(self.db, self.round_key)
        self.show.options.commentary = commentary_placement(self.db, self.round_key)  # `judge-app commentary` too
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

    # ---- phone scoring: the entry on stage, the judge panel ----
    def _put_on_stage(self, code: str | None) -> None:
        if self.scoring is None:
            return
        try:
            if self.scoring.put_on_stage(code):
                self._own_write()
        except ServiceError as exc:
            self.status.emit(str(exc))
        self.refresh_panel()

    def _follow_scripts(self) -> None:
        """`judge-app lan current` moved the phones: preview that entry (the host takes it on air)."""
        if self.scoring is None:
            return
        code = self.scoring.changed_elsewhere()
        if code is False or code is None or code not in self.show.running_order():
            return
        if self.show.current_entry() != code:
            self.set_preview(self.show.first(sh.ENTRY, code))
            self.status.emit(self.tr("手机当前作品已被改为 %1, 预览中; 按 Enter 切换到舞台").replace("%1", code))

    def refresh_panel(self) -> None:
        if self.scoring is None:
            return
        try:
            where = self.scoring.look_for_service()
            panel = self.scoring.panel()
        except Exception as exc:  # noqa: BLE001 - keep the last panel; a bug is logged, not hidden
            self._poll_failed(exc, self.tr("读取评分状态失败, 稍后重试: %1"))
            return
        connection = (where, self.scoring.address())
        if panel == self.panel and connection == self._connection:
            return
        self.panel, self._connection = panel, connection
        self.panel_changed.emit()
        if panel.all_in and panel.entry != self._all_in_for:
            self._all_in_for = panel.entry
            if self.chime:
                QApplication.beep()
            self.all_in.emit(panel.entry)

    def pending_judges(self) -> list[str]:
        """Names of the seated judges who have not submitted the phones' current entry."""
        return [f"{r.name} ({r.code})" for r in self.panel.pending] if self.panel else []

    def close_scoring(self, closed: bool = True) -> bool:
        """结束评分 (or reopen) for the phones' current entry; the console asks first when judges are pending."""
        if self.scoring is None or not self.panel or not self.panel.entry:
            return False
        try:
            done = self.scoring.close_scoring(self.panel.entry, closed)
        except ServiceError as exc:
            self.status.emit(str(exc))
            return False
        self._own_write()
        self.refresh_panel()
        return done

    def write_judge_cards(self, path: Path) -> int:
        """评委桌签 for the round at the phones' address, as a PDF at `path`; returns how many.
        Issuing the cards makes new links, so links handed out earlier stop working."""
        from judge_app.services.contest_day.judge_cards import issue_card_pdf

        address = self.scoring.address() if self.scoring is not None else ""
        if not address:
            raise ServiceError(self.tr("请先开启扫码评分: 桌签上要印评分服务的地址"))
        cards = issue_card_pdf(self.db, self.round_key, None, self.actor, address, path)
        self._own_write()
        return len(cards)

    def start_service(self, host: str, port: int = 8000):
        server = self.scoring.start_service(host, port)
        self.presence_timer.start()
        self.status.emit(self.tr("扫码评分已开启: %1").replace("%1", self.scoring.address()))
        return server

    def stop_service(self) -> None:
        if self.scoring is not None:
            self.scoring.stop_service()
            self.status.emit(self.tr("扫码评分已关闭"))

    # ---- preview and take ----
    def set_preview(self, index: int | None) -> None:
        """Look at a step in the console's preview; the projector does not change."""
        if index is not None:
            index = max(0, min(index, len(self.show.steps) - 1))
            if index == self.show.index:
                index = None
        self.preview_index = index
        self.preview_changed.emit()
        self.changed.emit()

    def previewed(self) -> int:
        return self.show.index if self.preview_index is None else self.preview_index

    def skipped_unrevealed(self, index: int) -> list[str]:
        """Entries whose results would be passed over unrevealed by going to step `index`."""
        if index <= self.show.index:
            return []
        target = self.show.steps[index]
        passed = {s.entry for s in self.show.steps[self.show.index:index] if s.scene in (sh.ENTRY, sh.REVEAL, sh.BOARD)}
        if target.scene in (sh.AWARDS,) or (target.scene == sh.BOARD and target.entry is None):
            passed |= set(self.show.running_order())
        elif target.entry:
            passed.discard(target.entry)
        return [c for c in self.show.running_order() if c in passed and not self.show.visible(c)]

    def take(self) -> None:
        """Put the previewed step on air (切换到舞台)."""
        if self.preview_index is not None:
            self.go(self.preview_index)

    def preview_items(self, width: int, height: int) -> list:
        if self.preview_index is None:
            return self.items(width, height)
        show = copy.copy(self.show)
        show.released = set(self.show.released)
        show.black = False
        show.go(self.preview_index)
        extras = Extras(self.countdown.text(), self.countdown.phase(), self.countdown.running, 0, None, None)
        return layout(show.frame(), self.theme, width, height, extras,
                      contest=show.report.contest.name, rows_per_page=show.options.rows_per_page)

    # ---- the reveal: one press per component, auto-play, straight to the total ----
    def _reveal_here(self) -> tuple[str, int] | None:
        step = self.show.step
        if step.scene == sh.REVEAL:
            return step.entry, step.beat
        if step.scene == sh.ENTRY:
            return step.entry, 0
        return None

    def reveal_component(self) -> bool:
        """One press: all judges of the next component at once, then the strike and the score."""
        here = self._reveal_here()
        if here is None:
            self.next()
            return False
        code, beat = here
        if beat >= self.show.beats(code):
            self.next()
            return False
        path = bt.reveal_path(self.show, code, beat)
        first = self.show.first(sh.REVEAL, code)
        self.go(first + path[0] - 1)
        self._reveal_path = [first + k - 1 for k in path[1:]]
        if self._reveal_path:
            self.beat_timer.start()
        return True

    def _beat_tick(self) -> None:
        if not self._reveal_path:
            self.beat_timer.stop()
            return
        index = self._reveal_path.pop(0)
        self.show.go(index)
        self._after_step()
        if not self._reveal_path:
            self.beat_timer.stop()

    def finish_reveal_motion(self) -> None:
        """Jump the one-press walk to its end (tests, a host in a hurry)."""
        while self._reveal_path:
            self._beat_tick()

    def reveal_end(self) -> None:
        """End: straight to the entry's 最后得分."""
        here = self._reveal_here() or ((self.show.current_entry(), 0) if self.show.current_entry() else None)
        if here is None:
            return
        self._reveal_path = []
        self.beat_timer.stop()
        self.go(self.show.first(sh.REVEAL, here[0]) + self.show.beats(here[0]) - 1)

    def set_autoplay_interval(self, seconds: float) -> None:
        self.autoplay_timer.setInterval(max(200, int(seconds * 1000)))

    def start_autoplay(self) -> None:
        if self._reveal_here() is not None:
            self.autoplay_timer.start()
            self.changed.emit()

    def stop_autoplay(self) -> None:
        if self.autoplay_timer.isActive():
            self.autoplay_timer.stop()
            self.changed.emit()

    def _autoplay_tick(self) -> None:
        here = self._reveal_here()
        if here is None or here[1] >= self.show.beats(here[0]):
            self.stop_autoplay()
            return
        self.show.next()
        self._after_step()
        self.autoplay_timer.start()  # _after_step leaves it running inside a reveal
        if self.show.step.beat >= self.show.beats(here[0]):
            self.stop_autoplay()

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
                self.status.emit(self.tr("未找到当前作品的附件"))
                return False
            path = found[0]
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.status.emit((self.tr("已打开 %1") if ok else self.tr("无法打开 %1")).replace("%1", path.name))
        return ok

    # ---- what the views draw ----
    def extras(self) -> Extras:
        clock = self.comment_clock if self.show.step.scene == sh.COMMENT else self.countdown
        return Extras(clock.text(), clock.phase(), clock.running, self.page, self._slots_now, self.order_visible)

    def items(self, width: int, height: int) -> list:
        if self.show.black:
            return []
        return layout(self.show.frame(), self.theme, width, height, self.extras(),
                      contest=self.show.report.contest.name, rows_per_page=self.show.options.rows_per_page)

    def close(self) -> None:
        for timer in (self.poll_timer, self.tick_timer, self.page_timer, self.draw_timer, self.presence_timer,
                      self.beat_timer, self.autoplay_timer):
            timer.stop()
        self.stop_service()
        self.reorder.stop()
        self.probe.close()


def _refuse_broken_seal(db: Database, round_key: str) -> None:
    """The stage shows a signed-off round only while its seal holds (SealBroken otherwise)."""
    sealed = check_seal(db, round_key)
    if sealed.broken:
        raise SealBroken(sealed.message())
