"""What codes, names and paths typed into a contest may hold.

Codes name folders (an entry's attachments live in `<db>.files/<code>/`), file names, URLs and
the keys other records point at, so they follow one pattern (docs/contest-file.md):

- entry, judge and criterion codes: letters (ASCII or Chinese), digits, `-`, `_` and `.`, starting with a
  letter or digit, at most `MAX_CODE` characters — `X01`, `E-03`, `A.1`, `甲01`;
- round and component keys: the same without `.` (a panel is named `round.component`).

Titles, names, units and other text refuse NUL and other control characters, line and paragraph
separators, and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) that make a name display
as something else; each kind of text has a length limit.

Attachments named in a contest file are relative paths inside the contest file's folder: no
absolute path, drive letter or `..` part.
"""

from __future__ import annotations

import re
from functools import cache

MAX_CODE = 32
LIMITS = {"title": 200, "name": 100, "unit": 200, "member": 50, "contest": 200, "award": 50, "text": 200}

_CODE = r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._-]*"
_KEY = r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_-]*"
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_SEPARATORS = {0x2028, 0x2029, 0x85}


def code_problem(value: str, what: str, *, key: bool = False) -> str | None:
    """Why `value` is not a valid code (key=True: a round or component key), or None."""
    pattern = _compiled(_KEY if key else _CODE)
    allowed = "字母、数字、- 和 _" if key else "字母、数字、-、_ 和 ."
    shown = repr(value[:40])
    if len(value) > MAX_CODE:
        return f"{what} {shown} 超过 {MAX_CODE} 个字符 (code longer than {MAX_CODE} characters)"
    if value and not pattern.fullmatch(value):
        return (f"{what} {shown} 只能包含{allowed}, 并以字母或数字开头 "
                f"(invalid code: letters, digits, {'- _' if key else '- _ .'} only)")
    return None


@cache
def _compiled(pattern: str) -> re.Pattern:
    """Compiled on first use: the CJK range makes each take milliseconds, which a command that only
    reads a contest (judge-app rank) would otherwise spend on importing the domain."""
    return re.compile(pattern)


def text_problem(value: str, what: str, kind: str = "text") -> str | None:
    """Why a title, name or unit is refused (control or bidi-override characters, too long), or None."""
    limit = LIMITS[kind]
    if len(value) > limit:
        return f"{what} 超过 {limit} 个字符 (text longer than {limit} characters)"
    for ch in value:
        code = ord(ch)
        if code < 32 or code == 127 or 0x80 <= code < 0xA0 or code in _SEPARATORS:
            return f"{what} 含有控制字符 U+{code:04X} (control character)"
        if code in _BIDI:
            return f"{what} 含有文字方向控制字符 U+{code:04X} (bidi override character)"
        if 0xD800 <= code <= 0xDFFF:
            return f"{what} 含有无效字符 (invalid character)"
    return None


def relative_path_problem(path: str, what: str) -> str | None:
    """Why an attachment path from a contest file is not a relative path inside its folder, or None."""
    if text_problem(path, what, "text") or not path:
        return f"{what} {path[:60]!r} 不是有效的文件路径 (invalid path)"
    parts = re.split(r"[\\/]+", path)
    if path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path) or ".." in parts:
        return f"{what} {path[:60]!r} 须为比赛文件所在文件夹内的相对路径 (must be a relative path inside the contest folder)"
    return None
