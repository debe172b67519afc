"""The stage's looks: a formal red-and-gold theme, a plain light theme and a high-contrast theme.

Colours are named by role, never by place, so a scene's layout does not care which theme is on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    background: tuple[str, str]  # top and bottom of a vertical gradient
    text: str  # ordinary text
    accent: str  # headings, the total, gold in the formal theme
    muted: str  # secondary lines (unit, labels)
    card: str  # panels behind judge totals, board rows
    card_border: str
    top: str  # background of the top three board rows
    top_text: str
    struck: str  # a dropped judge total
    warning: str  # countdown in its last minute
    overtime: str  # countdown past zero
    timer_card: str  # behind the countdown: dark enough for red to show
    ornament: str  # thin lines and frames
    title_family: str = "kai"  # "kai" (LXGW WenKai) or "sans" (WenQuanYi Micro Hei)


FORMAL = Theme(
    key="formal", name="庄重红金 (formal red and gold)",
    background=("#a3171b", "#5a0609"), text="#fff3dc", accent="#f7cd62", muted="#f1c7a8",
    card="#6d0b0e", card_border="#d9a93f", top="#f7cd62", top_text="#5a0609", struck="#c58d7c",
    warning="#ffb300", overtime="#ff4b4b", timer_card="#1c0203", ornament="#d9a93f",
)
LIGHT = Theme(
    key="light", name="简洁浅色 (plain light)",
    background=("#fbfaf7", "#eceae4"), text="#1c1c1c", accent="#b01e23", muted="#5b5b5b",
    card="#ffffff", card_border="#c9c5bb", top="#fde8b0", top_text="#1c1c1c", struck="#9a9a9a",
    warning="#c96a00", overtime="#d40000", timer_card="#ffffff", ornament="#b01e23", title_family="sans",
)
CONTRAST = Theme(
    key="contrast", name="高对比度 (high contrast)",
    background=("#000000", "#000000"), text="#ffffff", accent="#ffff00", muted="#e0e0e0",
    card="#000000", card_border="#ffffff", top="#ffff00", top_text="#000000", struck="#9c9c9c",
    warning="#ffa200", overtime="#ff3030", timer_card="#000000", ornament="#ffffff", title_family="sans",
)

THEMES: dict[str, Theme] = {t.key: t for t in (FORMAL, LIGHT, CONTRAST)}
DEFAULT_THEME = FORMAL.key
