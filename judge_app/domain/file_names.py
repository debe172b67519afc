"""File names as text that can be printed, logged and stored.

On Linux a file name is bytes. A USB stick written on Chinese Windows and mounted with the wrong
code page gives names like b'\\xcd\\xb6\\xc6\\xb1.csv' (GBK for 投票.csv); Python hands them over
as `str` with each undecodable byte kept as a lone surrogate (U+DC80–U+DCFF, "surrogateescape").
Such a string opens the file, but writing it to UTF-8 (a terminal, the database, the audit log,
JSON) raises UnicodeEncodeError. `readable()` turns it into ordinary text for showing and
storing: the bytes decoded as GBK when they are valid GBK (the usual case), else each
undecodable byte written as \\xNN. The file itself is still opened with the original name.
"""

from __future__ import annotations

import os
import re


def readable(text: str) -> str:
    """`text` unchanged when it is valid Unicode; else a readable stand-in (see the module)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    try:  # the bytes were not UTF-8 as a whole (some GBK pairs happen to be valid UTF-8): GBK?
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def display_name(path: str | os.PathLike) -> str:
    """The last part of a path, as readable text."""
    return readable(os.path.basename(os.fspath(path)))


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(name: str) -> str:
    """A file name made from free text (a contest's name, an attachment's) that every system
    accepts: the characters Windows refuses (< > : " / \\ | ? * and control characters) become
    `_`, trailing dots and spaces go, and a reserved device name (CON, COM1…) gets a `_` prefix."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", readable(name)).rstrip(". ") or "_"
    return "_" + name if name.split(".")[0].upper() in _WINDOWS_RESERVED else name
