"""The checks every way of entering a panel score applies (sheet import, the clerk's grid, a judge's phone)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from judge_app.domain.contest import Component, Entry, Judge, Round, is_conflicted
from judge_app.store.models import SCORE_PLACES


def valid_score(value: Decimal | None, maximum: Decimal) -> str | None:
    """Why a typed criterion score is not acceptable, or None."""
    if value is None or not value.is_finite():  # NaN would raise on comparison; Infinity is no score
        return "不是数字 (not a number)"
    if value < 0 or value > maximum:
        return f"分数 {value} 超出 0..{maximum} (value outside 0..max)"
    if value != value.quantize(Decimal(1).scaleb(-SCORE_PLACES)):
        return f"分数 {value} 最多保留 {SCORE_PLACES} 位小数 (too many decimal places)"
    return None


def seat_problem(judge: Judge, entry: Entry, round_: Round, component: Component,
                 manual: Mapping[tuple[str, str], str]) -> str | None:
    """Why this judge may not score this entry on this panel, or None.

    `manual`: conflicts of interest added by hand, (judge code, entry code) → reason
    (`store.conflicts.manual_conflicts`). Required, so no caller can forget them.
    """
    if not judge.sits_on(round_.key, component.key):
        return f"评委 {judge.code} 不在 {round_.name}/{component.name} 评审组 (judge not on this panel)"
    if not entry.in_round(round_.key):
        return f"作品 {entry.code} 不参加 {round_.name} (entry not in this round)"
    if is_conflicted(judge.unit, entry.unit):
        return f"评委 {judge.code} 与作品 {entry.code} 同属 {entry.unit}, 须回避 (conflict of interest)"
    if reason := manual.get((judge.code, entry.code)):
        return f"评委 {judge.code} 须回避作品 {entry.code}: {reason} (conflict of interest)"
    return None


def printable_text(text: str, *, lines: bool = False) -> bool:
    """No control characters (newline and tab allowed when `lines`) and no lone surrogates: text
    that SQLite (UTF-8), PostgreSQL (no NUL) and a JSON answer can all hold."""
    allowed = "\n\r\t" if lines else ""
    return not any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF for ch in text)


MAX_COMMENT = 500  # characters: a comment is a few sentences read aloud or printed under the judge's name


def comment_problem(comment: str) -> str | None:
    """Why a judge's comment (专家点评) cannot be kept, or None: plain text of at most
    `MAX_COMMENT` characters, line breaks and tabs allowed, no NUL or other control characters."""
    if len(comment.strip()) > MAX_COMMENT:
        return f"点评超过 {MAX_COMMENT} 字 (comment longer than {MAX_COMMENT} characters)"
    if not printable_text(comment, lines=True):
        return "点评含有控制字符 (comment contains control characters)"
    return None
