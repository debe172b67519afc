"""Opening a contest database: where it lives, how SQLite is configured, and schema upgrades.

The database file is the organizer's document. It is opened with foreign keys on, a WAL
journal, `synchronous=FULL` and a busy timeout on every connection. A file written by an older
schema is copied aside (with SQLite's online backup, so a WAL file is included) and then
upgraded through the Alembic migrations in `db/`. After writes the WAL is checkpointed when the
process is idle and on `close()` (store.wal_checkpoint), so the `.sqlite` file alone is the whole contest.

An existing file is checked on opening (`PRAGMA quick_check`); a damaged one is refused with
`DatabaseDamaged`, which names the newest sound backup, and is never replaced silently.
A write that meets another process's write lock waits (SQLite retries for BUSY_TIMEOUT_MS),
then fails with `DatabaseBusy`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from judge_app.errors import DatabaseBusy, DatabaseDamaged, DatabaseError  # noqa: F401 (defined with every refusal)
from judge_app.store.db_errors import database_problem

# Where the database is and the newest migration: shared with the light read path (no SQLAlchemy there).
from judge_app.store.light_read import (  # noqa: F401 (ENV_VAR, default_db_path … are imported from here too)
    BUSY_TIMEOUT_MS, ENV_VAR, REVISION as _REVISION, default_db_path, migrations_dir, quick_head as _quick_head,
    resolve_location,
)

# On a shared server many writers queue legitimately (60 phones, a million-row import holding the
# chain for seconds): they wait longer there before a write is refused.
SERVER_LOCK_TIMEOUT_MS = 30000


def _url(location: str) -> str:
    """An SQLAlchemy URL: a file path means SQLite; `postgresql://…` is driven by psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if location.startswith(prefix):
            return "postgresql+psycopg://" + location[len(prefix):]
    if "://" in location:
        return location
    return f"sqlite:///{Path(location).expanduser().resolve()}"


def is_postgresql(location: str) -> bool:
    """True for a PostgreSQL server URL (`postgresql://…`), false for an SQLite file path."""
    return _url(location).startswith("postgresql")


def server_folder_name(location: str) -> str:
    """A server database as a folder or file name part: `HOST_DATABASE` (its dumps, its attachments)."""
    from sqlalchemy.engine import make_url

    url = make_url(_url(location))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", f"{url.host or 'local'}_{url.database or 'postgres'}")


def shown_location(location: str, keep_mask: bool = True) -> str:
    """A location as it may be printed, shown or remembered: a server URL without its password
    (`***` in its place, or with `keep_mask` false nothing: the password then comes from
    `PGPASSWORD` or the user's pgpass file when the URL is opened again)."""
    if "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        url = make_url(location)
        return url.render_as_string(hide_password=True) if keep_mask else \
            url._replace(password=None).render_as_string(hide_password=False)
    except Exception:  # not a URL SQLAlchemy reads: show only the scheme and host part
        return location.split("://", 1)[0] + "://" + location.rsplit("@", 1)[-1]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _postgresql_settings(dbapi_connection, _record) -> None:
    """A write that waits for another's lock gives up after SERVER_LOCK_TIMEOUT_MS, as one on SQLite
    after the busy timeout: a client stuck inside a transaction never blocks the others for good."""
    with dbapi_connection.cursor() as cur:
        cur.execute(f"SET lock_timeout = {int(SERVER_LOCK_TIMEOUT_MS)}")
    dbapi_connection.commit()  # a SET in a transaction rolled back would be undone


# PostgreSQL's answers to two transactions in each other's way: a deadlock (the server ends one of
# them), a serialization failure; and a lock wait that timed out. The transaction was rolled back.
_PG_CONTENTION = {"40P01", "40001"}
_PG_LOCK_TIMEOUT = "55P03"


class Database:
    """One engine per process for one contest database; sessions are made per unit of work."""

    def __init__(self, location: str, engine: Engine):
        self.location = location
        self.engine = engine
        from judge_app.store.definition_audit import watch

        watch(engine)  # definition changes reach the audit trail field by field
        self.checkpointer = None
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            from judge_app.store.wal_checkpoint import WalCheckpointer

            self.checkpointer = WalCheckpointer(engine, Path(engine.url.database))

    @property
    def path(self) -> Path | None:
        if self.engine.dialect.name != "sqlite":
            return None
        return Path(self.engine.url.database)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back entirely on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                if session.in_transaction():
                    from judge_app.store.definition_audit import flush

                    session.flush()
                    flush(session)  # definition changes not yet in the trail (see store.definition_audit)
                session.commit()
            except SQLDatabaseError as exc:  # disk full, read-only, locked, damaged …: one refusal with advice
                session.rollback()
                if self.engine.dialect.name != "sqlite":
                    self._refuse_server_problem(exc)
                problem = database_problem(exc, self.location)
                if problem is None:
                    raise
                raise problem from exc
            except BaseException:
                session.rollback()
                raise

    def _refuse_server_problem(self, exc) -> None:
        """PostgreSQL's answers a user can act on: a lock wait that timed out, two transactions in each
        other's way (deadlock, serialization failure), a lost connection. Each rolled back everything."""
        state = getattr(exc.orig, "sqlstate", None)
        if state == _PG_LOCK_TIMEOUT:
            raise DatabaseBusy(
                f"数据库正被另一程序写入, 等待 {SERVER_LOCK_TIMEOUT_MS / 1000:g} 秒后仍未释放, 未写入任何内容; "
                f"请稍后重试 (database is locked by another program; nothing was written)"
            ) from None
        if state in _PG_CONTENTION:
            raise DatabaseBusy(
                f"另一程序同时写入数据库, 本次操作已撤销, 未写入任何内容; 请重试 "
                f"(another program wrote at the same time: nothing was written; try again)"
            ) from None
        if isinstance(exc, OperationalError) and (
                exc.connection_invalidated or state is None or state.startswith("08")):  # connection lost
            raise DatabaseError(
                f"与数据库服务器 {shown_location(self.location)} 的连接中断, 本次操作未完成 "
                f"(未提交的内容由服务器撤销); 网络恢复后请重试 (the connection to the database server "
                f"failed; what was not committed is rolled back: try again once the network is back)"
            ) from None

    def backup(self, reason: str = "manual") -> Path | None:
        """Back up the file into its rotated backup folder (SQLite online backup); None if not a file."""
        from judge_app.store.backup import make_backup

        return make_backup(self.path, reason) if self.path is not None and self.path.exists() else None

    def close(self) -> None:
        """Checkpoint the WAL into the file (a copy of the .sqlite alone is then complete) and close."""
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.engine.dispose()


def _alembic_config(script_location: Path):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def schema_head(script_location: Path | None = None) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(script_location or migrations_dir())).get_current_head()


def _backup_aside(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def _refuse_if_damaged(path: Path) -> None:
    from judge_app.store.backup import check_file, newest_good_backup

    problem = check_file(path)
    if problem is None:
        return
    good = newest_good_backup(path)
    offer = (f"最新的完好备份: {good}; 恢复: judge-app --db {path} restore {good} (newest sound backup)"
             if good else "没有找到完好的备份 (no sound backup found)")
    raise DatabaseDamaged(
        f"无法打开数据库 {path}: 文件已损坏或不是数据库 ({problem}); 文件未被改动. {offer} "
        f"(cannot open database: damaged or not a database; the file was not replaced)",
        path, good,
    )


def _upgrade(engine: Engine, location: str, scripts: Path, current: str | None, path: Path | None) -> None:
    """Bring the schema to the head with Alembic (imported only now), after copying an older file aside."""
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(scripts)
    if current is not None:
        known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
        if current not in known:
            engine.dispose()
            raise DatabaseError(
                f"{shown_location(location)} 由更新版本的软件写入 (schema {current}); 请升级软件 (written by a newer version)"
            )
        if path is not None:
            engine.dispose()
            _backup_aside(path, current)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(location: str, *, create: bool = True, script_location: Path | None = None) -> Database:
    """Open (creating or upgrading as needed) the contest database at `location`.

    Raises DatabaseError when the file is not a judge_app database, was written by a newer
    version, or does not exist and `create` is False.
    """
    url = _url(location)
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            if not create:
                raise DatabaseError(f"数据库文件不存在: {path} (database not found)")
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path.stat().st_size > 0:
            _refuse_if_damaged(path)
    # a server connection dropped while idle (network gone, server restarted) is replaced, not reused
    engine = create_engine(url) if is_sqlite else create_engine(url, pool_pre_ping=True)
    event.listen(engine, "connect", _sqlite_pragmas if is_sqlite else _postgresql_settings)
    scripts = script_location or migrations_dir()
    head = _quick_head(scripts / "versions") or schema_head(scripts)
    try:
        with engine.connect() as conn:
            has_tables = bool(inspect(conn).get_table_names())
            current = None
            if has_tables and inspect(conn).has_table("alembic_version"):
                current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:  # not an SQLite file at all, unreadable, …
        engine.dispose()
        problem = database_problem(exc, location)
        raise problem or DatabaseError(f"无法打开数据库 {shown_location(location)}: {exc} (cannot open database)") from None
    if current is None and has_tables:
        engine.dispose()
        raise DatabaseError(f"{shown_location(location)} 不是本软件的比赛数据库 (not a judge_app database)")
    if current != head:
        _upgrade(engine, location, scripts, current, path if is_sqlite else None)
    return Database(location, engine)
