"""The target of an audit event as text, unambiguous for any code.

A target is `KIND:PLACE[:CODE…]`, PLACE being `ROUND.COMPONENT` (or just `ROUND`), e.g.
`score:final.expert:J01:E07`. Codes are free text, so each part is escaped before it is
joined: `%` → `%25`, `:` → `%3A`, `.` → `%2E`. Reading splits on the separators, then
unescapes; text written before escaping existed reads back unchanged unless it held `%`
followed by two hex digits.
"""

from __future__ import annotations

import re

_ESCAPES = {"%": "%25", ":": "%3A", ".": "%2E"}
_HEX = re.compile(r"%([0-9A-Fa-f]{2})")


def quote(part: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in part)


def unquote(part: str) -> str:
    if "%" not in part:  # most parts: audit verify reads every event's target
        return part
    return _HEX.sub(lambda m: chr(int(m.group(1), 16)), part)


def make(kind: str, round_key: str, component_key: str | None = None, *codes: str) -> str:
    place = quote(round_key) if component_key is None else f"{quote(round_key)}.{quote(component_key)}"
    return ":".join([kind, place, *(quote(c) for c in codes)])


def parse(target: str) -> tuple[str, str, str | None, tuple[str, ...]] | None:
    """(kind, round, component or None, codes), or None when the text is not of this shape."""
    parts = target.split(":")
    if len(parts) < 2:
        return None
    place = parts[1].split(".")
    if len(place) > 2:
        return None
    component = unquote(place[1]) if len(place) == 2 else None
    return parts[0], unquote(place[0]), component, tuple(unquote(p) for p in parts[2:])
