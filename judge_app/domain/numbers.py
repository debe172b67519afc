"""The one reader of numbers typed by people: every import, the phone page and the score grid.

A number is read strictly, because a lenient reader silently misreads: Python's `Decimal` and
`int` take `2_1` as 21, other scripts' digits (`٣`) as 3 and `1e20` as a score, and stripping
spaces makes `2 1` into 21. The rules:

- ASCII digits; full-width characters (`１２．５`, `－`, `，`) are read as their ASCII forms;
  spaces around the number are ignored;
- an optional sign where the caller allows it (scores: so that `-1` is refused as out of range,
  not as "not a number"); one decimal point with digits on at least one side;
- thousands separators only in vote counts, only in groups of three (`1,208`, `1 208`), one kind
  of separator per number; a count may end in `.0` (`3000.0`, as spreadsheets write it);
- no exponents, underscores, inner spaces, `NaN`/`Infinity`, other scripts' digits; at most
  `MAX_DIGITS` digits before and `MAX_PLACES` after the point, so no number can overflow what reads it.

`read_decimal` and `read_count` raise `NumberRefused` with a short reason (Chinese, English gloss).
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_DIGITS = 12  # digits before the point: more is no score or vote count
MAX_PLACES = 8  # digits after the point (the score checks then allow 4)
MAX_VOTES = 10 ** 9

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2009: 0x20})  # ideographic, no-break, thin spaces
_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?")
_POINT_ZERO = re.compile(r"(.+)\.0+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([, ])[0-9]{3})(?:\1[0-9]{3})*")


class NumberRefused(ValueError):
    """Typed text is not a number this reader accepts; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _ascii(text: str) -> str:
    return text.translate(_FULL_WIDTH).strip(" \t\r\n")


def read_decimal(text: str, *, signed: bool = True) -> Decimal:
    """A decimal number such as `8.5`, `-1`, `１２．５` (not `2 1`, `2_1`, `1e3`, `8,5`)."""
    typed = _ascii(str(text))
    match = _DECIMAL.fullmatch(typed)
    if not match or not (match.group(2) or match.group(3)):
        raise NumberRefused(f"{str(text)[:30]!r} 不是数字 (not a number)")
    sign, whole, places = match.group(1), match.group(2), match.group(3) or ""
    if sign and not signed:
        raise NumberRefused(f"{str(text)[:30]!r} 不能带正负号 (no sign allowed)")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise NumberRefused(f"{str(text)[:30]!r} 位数过多 (too many digits)")
    if len(places) > MAX_PLACES:
        raise NumberRefused(f"{str(text)[:30]!r} 小数位数过多 (too many decimal places)")
    return Decimal(typed)


def read_count(text: str, maximum: int = MAX_VOTES) -> int:
    """A non-negative whole count: `1208`, `1,208`, `1 208`, `3000.0`, `１２` (not `21,5`, `2 1`, `-1`, `12.5`)."""
    typed = _ascii(str(text))
    if (whole := _POINT_ZERO.fullmatch(typed)):
        typed = whole.group(1)
    if typed.isascii() and typed.isdigit():
        digits = typed
    elif _GROUPED.fullmatch(typed):
        digits = typed.replace(",", "").replace(" ", "")
    else:
        raise NumberRefused(f"{str(text)[:30]!r} 不是非负整数 (not a non-negative integer)")
    if len(digits.lstrip("0")) > MAX_DIGITS or int(digits) > maximum:
        raise NumberRefused(f"{str(text)[:30]!r} 超过上限 {maximum:,} (above {maximum:,})")
    return int(digits)
