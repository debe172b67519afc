"""How deeply a TOML or JSON file nests its arrays and tables, checked before parsing it.

The standard parsers recurse once per level, so a file nested 5,000 deep (`a = [[[[…`) raises
RecursionError inside them. No contest, summary, campaign, template or signed score file needs
more than a few levels; `nesting_problem` refuses anything deeper than `MAX_NESTING` first.
Brackets inside strings and comments do not count.
"""

from __future__ import annotations

import re

MAX_NESTING = 32
_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]', re.S)


def depth(text: str) -> int:
    """The deepest nesting of [ ] and { } outside strings and comments."""
    level = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > deepest:
                deepest = level
        elif token in "]}":
            level = max(0, level - 1)
    return deepest


def nesting_problem(text: str) -> str | None:
    """Why a TOML/JSON text is refused for its nesting, or None."""
    found = depth(text)
    if found > MAX_NESTING:
        return f"嵌套层数 {found} 超过 {MAX_NESTING} 层 (nested too deeply)"
    return None
