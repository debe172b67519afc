"""Where the 专家点评 scene's text goes: the entry on top, the speaking expert large in a card
(name, then 职称 · 工作单位; or the panel role when anonymous), the comment timer below when on."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from judge_app.stage.commentary import CommentFrame
from judge_app.stage.countdown import NORMAL, OVERTIME, WARNING
from judge_app.stage.layout import Extras, Layout


def comment(lay: Layout, f: CommentFrame, x: Extras, contest: str) -> None:
    t, u = lay.t, lay.u
    lay.frame_lines()
    lay.text("comment.heading", lay.band(5, 14), "专家点评", 7, t.accent, title=True, bold=t.title_family == "sans")
    lay.text("entry.title", lay.band(15, 23), f"{f.code} · {f.title}", 4.2, t.text)
    if f.unit:
        lay.text("entry.unit", lay.band(23, 28), f.unit, 3.2, t.muted)
    card = QRectF(lay.w * 0.14, 31 * u, lay.w * 0.72, (40 if f.timer else 52) * u)
    lay.box("comment.card", card, t.card, t.card_border, 1.2, 0.3)
    if f.speaker is None:
        lay.text("comment.waiting", card, "请专家点评", 8, t.muted, title=True)
    else:
        inner = card.adjusted(3 * u, 3 * u, -3 * u, -3 * u)
        name_h = inner.height() * 0.55
        lay.text("comment.speaker", QRectF(inner.left(), inner.top(), inner.width(), name_h), f.speaker.label, 11,
                 t.accent, title=True, bold=t.title_family == "sans")
        if f.speaker.profile:
            lay.text("comment.profile", QRectF(inner.left(), inner.top() + name_h, inner.width(),
                                               inner.height() - name_h), f.speaker.profile, 4.8, t.text)
    if f.timer:
        colour = {NORMAL: t.text, WARNING: t.warning, OVERTIME: t.overtime}[x.timer_phase]
        clock = QRectF(lay.w * 0.34, 74 * u, lay.w * 0.32, 18 * u)
        lay.box("timer.card", clock, t.timer_card, colour if x.timer_phase != NORMAL else t.card_border, 1.0, 0.4)
        lay.text("timer", clock.adjusted(0, 1 * u, 0, -1 * u), x.timer_text, 12, colour, bold=True)
    lay.footer(contest)
