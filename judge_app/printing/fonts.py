"""The bundled TrueType CJK fonts, registered once with reportlab, and the glyph check.

reportlab embeds a subset of each TrueType font it draws with, so a PDF looks the same on every
machine. A character the chosen font lacks would silently vanish from the page, so every text is
checked against the fonts' character maps first: `pick` takes the first font in a fallback chain
that has every character, and `missing` names the characters no bundled font has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from judge_app.printing.font_tables import load_font
from judge_app.resources import resource_path

# name → (file in resources/fonts, sub-font index in a collection)
FONT_FILES = {
    "kai": ("LXGWWenKai-Regular.ttf", 0),  # 霞鹜文楷: certificates; also has rare name characters (䶮 㛃)
    "sans": ("wqy-microhei.ttc", 0),  # 文泉驿微米黑: tables
}
FONT_NAMES = tuple(FONT_FILES)
# reportlab's registered names, prefixed so they cannot clash with anything else in the process
_PDF_NAME = {name: f"JA-{name}" for name in FONT_FILES}


class MissingGlyphs(Exception):
    """Texts containing characters no bundled font can draw: (where, text, characters) each."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        lines = [f"{where}: “{text}” 中的字符 {' '.join(f'{c}(U+{ord(c):04X})' for c in chars)} 无法用内置字体打印"
                 for where, text, chars in problems]
        super().__init__("缺字, 未打印 (missing glyphs, nothing printed):\n" + "\n".join(lines))


@lru_cache(maxsize=None)
def _font(name: str) -> TTFont:
    filename, index = FONT_FILES[name]
    font = load_font(_PDF_NAME[name], resource_path("fonts", filename), index)  # parsed once per install
    pdfmetrics.registerFont(font)
    return font


def pdf_name(name: str) -> str:
    """The reportlab font name for a bundled font, registering it on first use."""
    _font(name)
    return _PDF_NAME[name]


def covers(name: str, text: str) -> bool:
    cmap = _font(name).face.charToGlyph
    return all(ord(c) in cmap or c in "\n\r\t" for c in text)


def missing(text: str, chain: tuple[str, ...] = FONT_NAMES) -> str:
    """Characters of `text` that none of the fonts in `chain` has (in order, each once)."""
    out = []
    for c in text:
        if c in "\n\r\t" or c in out:
            continue
        if not any(ord(c) in _font(n).face.charToGlyph for n in chain):
            out.append(c)
    return "".join(out)


def pick(text: str, chain: tuple[str, ...]) -> str | None:
    """The first font of `chain` that can draw every character of `text`, else None."""
    for name in chain:
        if covers(name, text):
            return name
    return None


@dataclass
class GlyphCheck:
    """Collects texts that cannot be drawn, so one refusal lists them all."""

    chain: tuple[str, ...] = FONT_NAMES

    def __post_init__(self):
        self.problems: list[tuple[str, str, str]] = []

    def font_for(self, where: str, text: str, chain: tuple[str, ...] | None = None) -> str:
        chain = chain or self.chain
        name = pick(text, chain)
        if name is None:
            lacking = missing(text, chain)
            if lacking:
                self.problems.append((where, text, lacking))
            else:  # every character exists, but in different fonts: draw in the first, report the rest
                first = chain[0]
                cmap = _font(first).face.charToGlyph
                self.problems.append((where, text, "".join(c for c in text if ord(c) not in cmap)))
            return chain[0]
        return name

    def raise_if_any(self) -> None:
        if self.problems:
            raise MissingGlyphs(self.problems)
