"""What SQLite's failures mean to the person at the keyboard, classed once.

SQLite reports a full disk, a read-only file, another program's lock, a damaged file and a file
it cannot open with its own result codes (SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY/LOCKED,
SQLITE_CORRUPT/NOTADB, SQLITE_CANTOPEN, SQLITE_IOERR). `database_problem` turns each into the
one user-facing `DatabaseError` with advice, `kind` saying which; anything else is not a
database problem the user can act on, and stays the bug it is.
"""

from __future__ import annotations

FULL, READ_ONLY, LOCKED, DAMAGED, CANNOT_OPEN, IO = "full", "read_only", "locked", "damaged", "cannot_open", "io"

# SQLite's primary result code name (extended codes share the prefix) and message fragments,
# for drivers that give only the text (psycopg, older sqlite3)
_SIGNS = (
    (FULL, ("SQLITE_FULL",), ("database or disk is full", "no space left", "could not extend file")),
    (READ_ONLY, ("SQLITE_READONLY",), ("readonly database", "read-only", "read only")),
    (LOCKED, ("SQLITE_BUSY", "SQLITE_LOCKED"), ("database is locked", "database table is locked", "busy")),
    (DAMAGED, ("SQLITE_CORRUPT", "SQLITE_NOTADB"), ("malformed", "file is not a database", "database corrupt")),
    (CANNOT_OPEN, ("SQLITE_CANTOPEN",), ("unable to open database file",)),
    (IO, ("SQLITE_IOERR",), ("disk i/o error",)),
)

ADVICE = {
    FULL: "磁盘空间已满, 未写入任何内容; 请腾出空间 (或把比赛文件另存到其他磁盘) 后重试 "
          "(the disk is full; nothing was written)",
    READ_ONLY: "比赛文件是只读的, 未写入任何内容; 请检查文件和所在文件夹的写入权限, 或用 文件 → 另存副本 存到可写的位置 "
               "(the contest file is read-only; nothing was written)",
    LOCKED: "比赛文件正被另一程序写入, 等待后仍未释放, 未写入任何内容; 请稍后重试 "
            "(the contest file is locked by another program; nothing was written)",
    DAMAGED: "比赛文件已损坏, 未写入任何内容; 请关闭本软件, 用 judge-app restore 从最近的完好备份恢复 "
             "(the contest file is damaged; restore the newest sound backup)",
    CANNOT_OPEN: "无法打开比赛文件; 请检查文件是否存在、所在文件夹是否可访问 (U 盘是否已拔出) "
                 "(cannot open the contest file: check that it and its folder exist)",
    IO: "读写比赛文件时磁盘出错, 未写入任何内容; 请检查磁盘或 U 盘, 然后重新打开文件 "
        "(disk I/O error; nothing was written)",
}


def problem_kind(exc: BaseException) -> str | None:
    """Which user-facing database problem a driver's error (sqlite3, or wrapped by SQLAlchemy) is;
    None for one the user cannot act on (a bug: bad SQL, a constraint the code should have checked)."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or ""
    if name:
        return next((kind for kind, codes, _ in _SIGNS if name.startswith(codes)), None)
    text = str(orig).lower()
    return next((kind for kind, _, fragments in _SIGNS if any(f in text for f in fragments)), None)


def database_problem(exc: BaseException, location: str):
    """The `DatabaseError` (with `kind` and advice) for a failure of the database at `location`, or None."""
    from judge_app.errors import DatabaseBusy, DatabaseError
    from judge_app.store.database import shown_location

    kind = problem_kind(exc)
    if kind is None:
        return None
    cls = DatabaseBusy if kind == LOCKED else DatabaseError
    error = cls(f"{shown_location(location)}: {ADVICE[kind]}")
    error.kind = kind
    return error

