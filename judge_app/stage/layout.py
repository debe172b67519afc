"""Where everything goes on the stage: a scene's frame becomes boxes and text at a screen size.

Type is sized from the screen height (one unit `u` is 1 % of it), so the same scene reads the
same from the back of the hall on a 1920×1080 projector and on a 1024×768 one. Every piece of
text is fitted to its box: it wraps (Chinese breaks between characters) and then shrinks until
it fits, so a long title is never clipped. The items are plain data, so tests can read exactly
what a scene shows and check that each text fits its box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from judge_app.domain.chinese_dates import chinese_date
from judge_app.qt.app import kai_family, ui_family
from judge_app.stage import show as sh
from judge_app.stage.countdown import NORMAL, OVERTIME, WARNING
from judge_app.stage.themes import Theme

CENTER = int(Qt.AlignmentFlag.AlignCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
WRAP = int(Qt.TextFlag.TextWordWrap)


@dataclass
class Text:
    role: str
    rect: QRectF
    text: str
    font: QFont
    color: str
    align: int = CENTER
    struck: bool = False
    code: str | None = None

    def fits(self) -> bool:
        """The wrapped text lies inside its box (what "never clipped" means)."""
        br = QFontMetricsF(self.font).boundingRect(self.rect, self.align | WRAP, self.text)
        return br.width() <= self.rect.width() + 0.5 and br.height() <= self.rect.height() + 0.5


@dataclass
class Box:
    role: str
    rect: QRectF
    fill: str | None
    border: str | None = None
    radius: float = 0.0
    width: float = 1.0
    code: str | None = None


@dataclass(frozen=True)
class Extras:
    """Live state that is not part of the official numbers: the clock, the board's page and motion."""

    timer_text: str = ""
    timer_phase: str = NORMAL
    timer_running: bool = False
    page: int = 0
    slots: dict | None = None  # board: entry code → (animated) row slot
    order_visible: int | None = None  # running order: rows shown so far while a draw unfolds


def family(theme: Theme, title: bool) -> str:
    return kai_family() if title and theme.title_family == "kai" else ui_family()


def make_font(fam: str, px: float, bold: bool = False) -> QFont:
    f = QFont(fam)
    f.setPixelSize(max(1, int(px)))
    f.setBold(bold)
    return f


def fit_font(text: str, rect: QRectF, fam: str, px: float, bold: bool = False, align: int = CENTER,
             min_ratio: float = 0.25) -> QFont:
    """The largest font up to `px` whose wrapped text fits `rect`."""
    return make_font(fam, _fit_px(text, round(rect.width(), 1), round(rect.height(), 1), fam, px, bold, align, min_ratio),
                     bold)


@lru_cache(maxsize=4096)
def _fit_px(text: str, width: float, height: float, fam: str, px: float, bold: bool, align: int,
            min_ratio: float) -> float:
    # Cached: a repaint (an animation frame, a reload) fits the same texts into the same boxes.
    rect = QRectF(0, 0, width, height)
    floor = max(6.0, px * min_ratio)
    while True:
        f = make_font(fam, px, bold)
        br = QFontMetricsF(f).boundingRect(rect, align | WRAP, text)
        if (br.width() <= rect.width() and br.height() <= rect.height()) or px <= floor:
            return px
        px = max(floor, px * 0.92 if px > 12 else px - 1)


class Layout:
    def __init__(self, theme: Theme, width: int, height: int):
        self.t, self.w, self.h = theme, float(width), float(height)
        self.u = self.h / 100.0
        self.mx = max(self.w * 0.05, 4 * self.u)
        self.items: list = []

    # helpers
    def r(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x, y, w, h)

    def band(self, top_u: float, bottom_u: float, inset: float | None = None) -> QRectF:
        m = self.mx if inset is None else inset
        return QRectF(m, top_u * self.u, self.w - 2 * m, (bottom_u - top_u) * self.u)

    def text(self, role: str, rect: QRectF, text: str, px_u: float, color: str, *, title: bool = False,
             bold: bool = False, align: int = CENTER, struck: bool = False, code: str | None = None) -> Text:
        fam = family(self.t, title)
        item = Text(role, rect, text, fit_font(text, rect, fam, px_u * self.u, bold, align), color, align, struck, code)
        self.items.append(item)
        return item

    def box(self, role: str, rect: QRectF, fill: str | None, border: str | None = None, radius_u: float = 0.8,
            width_u: float = 0.18, code: str | None = None) -> Box:
        item = Box(role, rect, fill, border, radius_u * self.u, max(1.0, width_u * self.u), code)
        self.items.append(item)
        return item

    def frame_lines(self) -> None:
        if self.t.key == "formal":
            for inset, wu in ((1.2, 0.35), (2.0, 0.12)):
                m = inset * self.u
                self.box("ornament", QRectF(m, m, self.w - 2 * m, self.h - 2 * m), None, self.t.ornament, 0.6, wu)

    def footer(self, text: str) -> None:
        self.text("footer", self.band(95.2, 98.6), text, 2.4, self.t.muted, align=LEFT)

    # scenes
    def title(self, f: sh.TitleFrame) -> None:
        t = self.t
        self.frame_lines()
        if f.organizer:
            self.text("organizer", self.band(12, 20), f.organizer, 4.2, t.muted)
        self.text("contest", self.band(22, 56), f.contest, 9.5, t.accent, title=True, bold=t.title_family == "sans")
        y = 59 * self.u
        self.box("rule", QRectF(self.w * 0.3, y, self.w * 0.4, max(2.0, 0.3 * self.u)), t.ornament, None, 0)
        self.text("round", self.band(62, 76), f.round, 9, t.text, title=True)
        if f.date:
            self.text("date", self.band(80, 87), chinese_date(f.date), 3.8, t.muted)

    def order(self, f: sh.OrderFrame, x: Extras) -> None:
        t = self.t
        self.frame_lines()
        self.text("heading", self.band(4, 13), f"{f.round} · 出场顺序", 7, t.accent, title=True)
        if f.method == "draw":
            sub = f"现场抽签 · 随机种子 {f.seed}"
        elif f.method == "fixed":
            sub = "出场顺序已确定"
        else:
            sub = "出场顺序待抽签"
        self.text("seed", self.band(13.5, 19.5), sub, 3.6, t.muted)
        lines = list(f.lines)
        if not lines:
            return
        visible = len(lines) if x.order_visible is None else x.order_visible
        wide = self.w / self.h >= 1.6  # 16:9 takes two columns; 4:3 one, with full-width titles
        cols = 2 if len(lines) > 6 and wide else 1
        rows = min(10, math.ceil(len(lines) / cols))
        per_page = rows * cols
        current = next((ln.position for ln in lines if ln.current), 1)
        if x.order_visible is not None:  # while the draw unfolds, follow the newest row
            current = max(1, min(x.order_visible, len(lines)))
        page = (current - 1) // per_page
        chunk = lines[page * per_page:(page + 1) * per_page]
        pages = math.ceil(len(lines) / per_page)
        if pages > 1:
            self.text("order.page", self.band(94.5, 97.5, self.mx), f"第 {page + 1}/{pages} 页", 2.4, t.muted, align=RIGHT)
        region = self.band(22, 94)
        gap = 2 * self.u
        col_w = (region.width() - gap * (cols - 1)) / cols
        row_h = region.height() / rows
        for i, ln in enumerate(chunk):
            if page * per_page + i >= visible:
                break
            c, rr = divmod(i, rows)
            rect = QRectF(region.left() + c * (col_w + gap), region.top() + rr * row_h, col_w, row_h * 0.86)
            fill, fg = (t.top, t.top_text) if ln.current else (t.card, t.text)
            self.box("order.row", rect, fill, t.card_border, code=ln.code)
            num_w = rect.height() * 1.3
            self.text("order.position", QRectF(rect.left(), rect.top(), num_w, rect.height()), str(ln.position),
                      4.2, fg if not ln.done else t.muted, bold=True, code=ln.code)
            unit_w = rect.width() * 0.28
            tr = QRectF(rect.left() + num_w, rect.top(), rect.width() - num_w - unit_w - self.u, rect.height())
            self.text("order.title", tr, ln.title, 3.6, fg if not ln.done else t.muted, align=LEFT, code=ln.code)
            ur = QRectF(rect.right() - unit_w - self.u, rect.top(), unit_w, rect.height())
            self.text("order.unit", ur, ln.unit, 2.8, t.muted if not ln.current else fg, align=RIGHT, code=ln.code)

    def entry(self, f: sh.EntryFrame, x: Extras, contest: str) -> None:
        t = self.t
        self.frame_lines()
        self.text("position", self.band(5, 11), f"第 {f.position} 位 / 共 {f.count} 位 · {f.code}", 3.6, t.muted)
        self.text("entry.title", self.band(13, 43), f.title, 10, t.accent, title=True, bold=t.title_family == "sans")
        self.text("entry.unit", self.band(44, 52), f.unit, 5, t.text)
        if f.members:
            self.text("entry.members", self.band(52.5, 58.5), "  ".join(f.members), 3.6, t.muted)
        card = QRectF(self.w * 0.28, 61 * self.u, self.w * 0.44, 30 * self.u)
        colour = {NORMAL: t.text, WARNING: t.warning, OVERTIME: t.overtime}[x.timer_phase]
        border = colour if x.timer_phase != NORMAL else t.card_border
        self.box("timer.card", card, t.timer_card, border, 1.2, 0.45)
        label = {NORMAL: "剩余时间", WARNING: "最后一分钟", OVERTIME: "已超时"}[x.timer_phase]
        self.text("timer.label", QRectF(card.left(), card.top() + 1.5 * self.u, card.width(), 5 * self.u),
                  label, 3.4, colour if x.timer_phase != NORMAL else t.muted)
        self.text("timer", QRectF(card.left(), card.top() + 6.5 * self.u, card.width(), 22 * self.u),
                  x.timer_text, 19, colour, bold=True)
        if f.next_title:
            self.text("next", self.band(92.5, 96, self.mx), f"下一位: {f.next_title}", 2.6, t.muted, align=RIGHT)
        self.footer(contest)

    def reveal(self, f: sh.RevealFrame, contest: str) -> None:
        t = self.t
        self.frame_lines()
        self.text("entry.title", self.band(3.5, 13.5), f.title, 6.5, t.accent, title=True, bold=t.title_family == "sans")
        self.text("entry.unit", self.band(13.5, 18.5), f"{f.code} · {f.unit}", 3.4, t.muted)
        weights = [3.0 if c.judged else 1.5 for c in f.components]
        region = self.band(20, 80)
        y = region.top()
        score_w = self.w * 0.2
        for c, wgt in zip(f.components, weights):
            hh = region.height() * wgt / sum(weights)
            block = QRectF(region.left(), y, region.width(), hh * 0.92)
            y += hh
            head = f"{c.name} · 权重 {c.weight}" + (f" · {c.rule}" if c.rule else "")
            if c.judged:
                label = QRectF(block.left(), block.top(), block.width() - score_w, min(5 * self.u, block.height() * 0.25))
                self.text("component.name", label, head, 3.2, t.muted, align=LEFT)
                cards = QRectF(block.left(), label.bottom() + 0.5 * self.u, block.width() - score_w - 2 * self.u,
                               block.bottom() - label.bottom() - 0.5 * self.u)
                self._judge_cards(c, cards)
                sr = QRectF(block.right() - score_w, block.top(), score_w, block.height())
            else:
                label = QRectF(block.left(), block.top(), block.width() - score_w, block.height())
                self.text("component.name", label, head, 3.6, t.text, align=LEFT)
                sr = QRectF(block.right() - score_w, block.top(), score_w, block.height())
            self.box("component.box", sr, t.card, t.card_border, 1.0, 0.25)
            self.text("component.label", QRectF(sr.left(), sr.top() + sr.height() * 0.06, sr.width(), sr.height() * 0.3),
                      "得分", 2.8, t.muted)
            value = c.score if c.score is not None else ("待定" if c.pending else "")
            self.text("component.score", QRectF(sr.left(), sr.top() + sr.height() * 0.34, sr.width(), sr.height() * 0.6),
                      value, 7.5, t.accent if c.score is not None else t.muted, bold=True)
        band = self.band(82, 95)
        self.box("total.box", band, t.card, t.ornament, 1.2, 0.4)
        self.text("total.label", QRectF(band.left(), band.top(), band.width() * 0.35, band.height()), "最后得分", 5, t.text,
                  title=True)
        value = f.total if f.total is not None else ("待定" if f.total_pending else "")
        self.text("total", QRectF(band.left() + band.width() * 0.35, band.top(), band.width() * 0.4, band.height()),
                  value, 11, t.accent, bold=True)
        if f.rank is not None:
            self.text("total.rank", QRectF(band.left() + band.width() * 0.75, band.top(), band.width() * 0.25, band.height()),
                      f"第 {f.rank} 名", 5, t.text)
        elif f.place is not None:
            self.text("total.place", QRectF(band.left() + band.width() * 0.75, band.top(), band.width() * 0.25, band.height()),
                      f"当前第 {f.place} 名", 4, t.text)
        self.footer(contest)

    def _judge_cards(self, c: sh.ComponentReveal, area: QRectF) -> None:
        t = self.t
        n = max(1, c.judge_count)
        gap = 0.8 * self.u
        w = min((area.width() - gap * (n - 1)) / n, area.height() * 1.25)
        h = area.height()
        left = area.left()
        for i in range(n):
            rect = QRectF(left + i * (w + gap), area.top(), w, h)
            if i >= len(c.judges):
                self.box("judge.slot", rect, None, t.card_border, 0.8, 0.12)
                continue
            cell = c.judges[i]
            self.box("judge.card", rect, t.card, t.card_border, 0.8, 0.2)
            self.text("judge.label", QRectF(rect.left(), rect.top() + h * 0.05, w, h * 0.3), cell.label, 2.8,
                      t.struck if cell.struck else t.muted)
            self.text("judge.total", QRectF(rect.left(), rect.top() + h * 0.36, w, h * 0.58), cell.total, 6,
                      t.struck if cell.struck else t.text, bold=True, struck=cell.struck)

    def board(self, f: sh.BoardFrame, x: Extras, rows_per_page: int, contest: str) -> None:
        t = self.t
        self.frame_lines()
        self.text("heading", self.band(3, 11), f.heading, 6.5, t.accent, title=True)
        region = self.band(17, 89.5 if f.waiting else 93)
        rows = max(1, min(rows_per_page, len(f.lines)))
        pages = max(1, math.ceil(len(f.lines) / rows))
        page = x.page % pages
        row_h = region.height() / rows
        cols = self._board_columns(region, any(ln.award for ln in f.lines))
        for name, (cx, cw, align) in cols.items():
            label = {"place": "名次" if f.final else "当前名次", "title": "作品", "unit": "单位", "total": "得分",
                     "award": "奖项"}[name]
            self.text("board.header", QRectF(cx, 12 * self.u, cw, 4.5 * self.u), label, 2.8, t.muted, align=align)
        slots = x.slots or {}
        for i, ln in enumerate(f.lines):
            slot = slots.get(ln.code, float(i)) - page * rows
            if slot <= -1 or slot >= rows:
                continue
            top = region.top() + slot * row_h
            rect = QRectF(region.left(), top, region.width(), row_h * 0.86)
            fill, fg = (t.top, t.top_text) if ln.top else (t.card, t.text)
            self.box("board.row", rect, fill, t.card_border, 0.6, 0.15, code=ln.code)
            px = min(4.4, 76 / rows * 0.5)
            for name, (cx, cw, align) in cols.items():
                cell = QRectF(cx, rect.top(), cw, rect.height())
                if name == "place":
                    self.text("board.place", cell, ln.place, px * 1.1, fg, bold=True, align=align, code=ln.code)
                elif name == "title":
                    self.text("board.title", cell, ln.title, px, fg, align=align, code=ln.code)
                elif name == "unit":
                    self.text("board.unit", cell, ln.unit, px * 0.75, fg if ln.top else t.muted, align=align, code=ln.code)
                elif name == "award":
                    self.text("board.award", cell, ln.award or "", px * 0.8, fg, bold=True, align=align, code=ln.code)
                elif name == "total":
                    value = ln.total if ln.total is not None else {"hidden": "待揭晓", "pending": "待定"}.get(ln.status, "")
                    colour = fg if ln.total is not None else t.muted
                    self.text("board.total", cell, value, px * (1.15 if ln.total else 0.8), colour, bold=ln.total is not None,
                              align=align, code=ln.code)
        if pages > 1:
            self.text("board.page", self.band(93.5, 97, self.mx), f"第 {page + 1}/{pages} 页", 2.4, t.muted, align=RIGHT)
        if f.waiting:  # the entries still to come, in one line rather than rows of 待揭晓
            names = "、".join(ln.title for ln in f.waiting)
            if len(names) > 70:
                names = names[:70] + "…"
            band = self.band(90, 93.5)
            self.text("board.waiting", QRectF(band.left(), band.top(), band.width() * 0.82, band.height()),
                      f"待揭晓 {len(f.waiting)} 件: {names}", 2.2, t.muted, align=LEFT)
        self.footer(contest)

    def _board_columns(self, region: QRectF, awards: bool = False) -> dict:
        w = region.width()
        x0 = region.left()
        spec = [("place", 0.09, CENTER), ("title", 0.55, LEFT), ("unit", 0.18, LEFT), ("total", 0.16, RIGHT)]
        if awards:  # awards are final: an award column, taken from the title's width
            spec = [("place", 0.09, CENTER), ("title", 0.43, LEFT), ("unit", 0.16, LEFT), ("total", 0.16, RIGHT),
                    ("award", 0.14, CENTER)]
        out, x = {}, x0
        for name, frac, align in spec:
            out[name] = (x + (0.01 * w if name != "place" else 0), frac * w - 0.02 * w, align)
            x += frac * w
        return out

    def awards(self, f: sh.AwardsFrame, contest: str) -> None:
        t = self.t
        self.frame_lines()
        self.text("awards.kicker", self.band(4, 10), "颁奖", 3.6, t.muted)
        self.text("awards.tier", self.band(10, 22), f.tier, 9, t.accent, title=True, bold=t.title_family == "sans")
        n = max(1, f.tier_size)
        cols = 1 if n <= 3 else (2 if n <= 10 else 3)
        rows = math.ceil(n / cols)
        region = self.band(25, 94)
        gap = 1.6 * self.u
        cw = (region.width() - gap * (cols - 1)) / cols
        rh = min(region.height() / rows, 22 * self.u)
        top = region.top() + (region.height() - rh * rows) / 2
        for i in range(n):
            c, rr = divmod(i, rows)
            rect = QRectF(region.left() + c * (cw + gap), top + rr * rh, cw, rh * 0.88)
            if i >= len(f.names):
                self.box("award.slot", rect, None, t.card_border, 0.8, 0.1)
                continue
            a = f.names[i]
            fill, fg = (t.top, t.top_text) if a.newest else (t.card, t.text)
            self.box("award.card", rect, fill, t.card_border, 0.8, 0.2, code=a.code)
            px = min(7.0, rh / self.u * 0.34)
            self.text("award.name", QRectF(rect.left() + self.u, rect.top(), rect.width() - 2 * self.u, rect.height() * 0.62),
                      a.title, px, fg, title=True, code=a.code)
            sub = a.unit + ("  " + "、".join(a.members) if a.members and rows <= 5 else "")
            self.text("award.unit", QRectF(rect.left() + self.u, rect.top() + rect.height() * 0.6, rect.width() - 2 * self.u,
                                           rect.height() * 0.36), sub, px * 0.55, fg if a.newest else t.muted, code=a.code)
        self.footer(contest)


def layout(frame, theme: Theme, width: int, height: int, extras: Extras = Extras(), *,
           contest: str = "", rows_per_page: int = 10) -> list:
    """The boxes and text a scene shows at this size."""
    lay = Layout(theme, width, height)
    if isinstance(frame, sh.TitleFrame):
        lay.title(frame)
    elif isinstance(frame, sh.OrderFrame):
        lay.order(frame, extras)
    elif isinstance(frame, sh.EntryFrame):
        lay.entry(frame, extras, contest)
    elif isinstance(frame, sh.RevealFrame):
        lay.reveal(frame, contest)
    elif isinstance(frame, sh.BoardFrame):
        lay.board(frame, extras, rows_per_page, contest)
    elif isinstance(frame, sh.AwardsFrame):
        lay.awards(frame, contest)
    elif isinstance(frame, sh.CommentFrame):
        from judge_app.stage.commentary_layout import comment

        comment(lay, frame, extras, contest)
    return lay.items


def texts(items, role: str | None = None) -> list[str]:
    return [i.text for i in items if isinstance(i, Text) and (role is None or i.role == role)]
