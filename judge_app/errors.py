"""Errors classed once: a refusal the user can act on, or a program error (a bug).

Every refusal — a contest file or import that breaks a rule, a request a service turns down, a
database file that cannot be used — derives from `KnownError`; its message is complete (Chinese
first, a short English gloss) and nothing was written. The file system refusing a file
(`OSError`: no permission, no space, not found) is a refusal too. Anything else is a bug: the
GUI shows it as a program error and writes the traceback to a log file; it is never shown as
if the user's input were wrong. (qutebrowser's `KnownError`/`BugError` split is the model.)
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path


class KnownError(Exception):
    """A refusal: the input, the file or the situation is wrong and the message says what to do."""


class DatabaseError(KnownError):
    """A problem with the database file that the user can act on (wrong file, newer version, disk
    full, read-only, locked, damaged, cannot open: `kind`, see store/db_errors.py)."""

    kind = ""


class DatabaseDamaged(DatabaseError):
    """The file fails SQLite's check; `backup` is the newest sound backup (or None). Nothing was replaced."""

    kind = "damaged"

    def __init__(self, message: str, path, backup):
        super().__init__(message)
        self.path = path
        self.backup = backup


class DatabaseBusy(DatabaseError):
    """Another program kept the database locked for longer than the busy timeout; nothing was written."""

    kind = "locked"


# The file system's reasons in Chinese; the system's own (English) wording follows as the gloss.
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "不允许此操作",
    errno.ENOSPC: "磁盘空间已满", errno.EROFS: "磁盘只读", errno.EEXIST: "文件已存在",
    errno.EISDIR: "这是一个文件夹, 不是文件", errno.ENOTDIR: "路径中有一项不是文件夹", errno.EBUSY: "文件正被占用",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "磁盘读写错误",
}

REFUSALS: tuple[type[BaseException], ...] = (KnownError, OSError)


def is_refusal(exc: BaseException) -> bool:
    return isinstance(exc, REFUSALS)


def refusal_text(exc: BaseException, limit: int = 8) -> str:
    """A refusal's message: every listed problem (up to `limit`), or an OSError's reason and file."""
    problems = getattr(exc, "problems", None)
    if problems:
        shown = [str(p) for p in problems[:limit]]
        if len(problems) > limit:
            shown.append(f"… 另有 {len(problems) - limit} 处 (and {len(problems) - limit} more)")
        return "\n".join(shown)
    if isinstance(exc, OSError) and not isinstance(exc, KnownError):
        where = f": {exc.filename}" if exc.filename else ""
        reason = _OS_REASONS.get(exc.errno, "")
        said = f"{reason} ({exc.strerror})" if reason and exc.strerror else (exc.strerror or str(exc))
        return f"文件操作失败{where} — {said} (the file system refused)"
    return str(exc)


def error_log_path() -> Path:
    """`errors.log` in the user's log folder (platformdirs: ~/.local/state/judge_app/log on Linux)."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("judge_app", appauthor=False)) / "errors.log"


def log_program_error(exc: BaseException, tb_text: str | None = None) -> Path | None:
    """Append the traceback with the time and version; the log's path, or None if it cannot be written."""
    from judge_app import __version__

    path = error_log_path()
    if not tb_text:
        import traceback  # here: only a program error needs it, and it loads textwrap

        tb_text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    text = tb_text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} judge_app {__version__}\n{text}\n")
    except OSError:
        return None
    return path
