"""Opening someone else's contest file only to read it (the year's campaign reads every contest).

The file is opened through SQLite's read-only mode, so nothing — no migration, no journal mode
change, no backup — can be written into it (and, when it has no -wal file, as immutable, so no
-wal/-shm companions appear beside it). Only a file at the current schema is read: one at an
older schema would need an upgrade (a write), so it is refused with the advice to open it once
in the app; one from a newer version is refused as `open_database` refuses it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from judge_app.store.db_errors import database_problem
from judge_app.store.database import (
    BUSY_TIMEOUT_MS, Database, DatabaseError, _REVISION, _quick_head, migrations_dir, schema_head,
)


def _known_revisions(versions: Path) -> set[str]:
    found = set()
    for script in versions.glob("*.py"):
        for key, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            if key == "revision":
                found.add(value)
    return found


def open_read_only(path: str | Path) -> Database:
    """A Database over `path` that cannot write; DatabaseError naming the file and the problem."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise DatabaseError(f"比赛文件不存在: {path} (contest file not found)")
    if path.stat().st_size == 0:
        raise DatabaseError(f"{path} 不是比赛数据库文件 (not a contest database)")
    # The file is never opened from Python: closing such a descriptor would drop every POSIX lock
    # this process holds on it — the workspace's, when it has this contest open (qt.file_dialogs).
    # SQLite itself tells a file that is not a database.

    # With no -wal file beside it, everything is in the main file: `immutable` reads it without
    # creating -wal/-shm companions. A -wal file (the app has it open, or crashed) must be read too.
    mode = "ro" if Path(f"{path}-wal").exists() else "ro&immutable=1"

    def connect():
        conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only=ON")
        return conn

    engine = create_engine(f"sqlite:///{path}", creator=connect)
    scripts = migrations_dir()
    try:
        with engine.connect() as conn:
            has_version = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'").scalar()
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() if has_version else None
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:  # damaged, locked away, not readable
        engine.dispose()
        problem = database_problem(exc, str(path))
        raise problem or DatabaseError(f"无法读取比赛文件 {path}: {exc} (cannot read the contest file)") from None
    head = _quick_head(scripts / "versions") or schema_head(scripts)
    if current == head:
        return Database(str(path), engine)
    engine.dispose()
    if current is None:
        raise DatabaseError(f"{path} 不是本软件的比赛数据库 (not a judge_app database)")
    if current in _known_revisions(scripts / "versions"):
        raise DatabaseError(f"{path} 是旧版本的比赛文件 (schema {current}); 只读不升级: 请先在本软件中打开一次 "
                            f"(judge-app --db FILE rank …) 以升级后再汇总 (an older schema: open it once in the app to upgrade)")
    raise DatabaseError(f"{path} 由更新版本的软件写入 (schema {current}); 请升级软件 (written by a newer version)")
