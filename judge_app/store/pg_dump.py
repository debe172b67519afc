"""Backups of a PostgreSQL contest database: a dump by `pg_dump`, restored by `pg_restore`.

SQLite's online backup copies a file; a shared PostgreSQL database is backed up with the
server's own client tools instead. The dump is pg_dump's custom (compressed archive) format,
without owners or privileges, so it restores into any database the user may write;
`pg_restore --clean --if-exists --single-transaction --exit-on-error` replaces every table it
holds, all or nothing. Not a plain SQL script run by `psql`: psql obeys backslash commands
(`\\!` runs a shell command), so a hostile "backup" could run programs on this machine;
pg_restore only sends the archive's SQL to the server. Before anything is restored the archive's
table of contents is read (`pg_restore --list`) and must hold a judge_app contest.

The password never appears on a command line (other users can read those): it goes to the
tools in `PGPASSWORD`. Dumps go to the user's data directory unless a target is given, named
`HOST_DB-YYYYmmdd-HHMMSS-ffffff-REASON.dump` so they sort by time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from judge_app.store.backup import BackupError
from judge_app.store.database import server_folder_name

MAGIC = b"PGDMP"  # how a custom-format archive starts
SUFFIX = ".dump"
NEEDED = ("alembic_version", "audit_event", "contest")  # tables every contest database holds
TIMEOUT_S = 3600


def _url(location: str):
    from sqlalchemy.engine import make_url

    return make_url(location.replace("postgres://", "postgresql://", 1))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"PostgreSQL 数据库须用 {name} 备份或恢复, 本机未找到 {name}: 请安装 PostgreSQL 客户端工具 "
            f"(Debian/Ubuntu: apt-get install postgresql-client), 或在数据库服务器上备份; 未做任何改动 "
            f"({name} not found: install the PostgreSQL client tools or back up on the server; nothing was changed)")
    return found


def _connection(location: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment carrying it."""
    url = _url(location)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    bare = url._replace(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return bare, env


def backup_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("judge_app", appauthor=False)) / "postgresql-backups"


def backup_stem(location: str) -> str:
    return server_folder_name(location)


def list_dumps(location: str, folder: Path | None = None) -> list[Path]:
    """This database's dumps in the backup folder, newest first."""
    folder = folder or backup_folder()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{backup_stem(location)}-*{SUFFIX}"), key=lambda p: p.name, reverse=True)


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{what}失败: {exc} ({what} failed)") from None
    if done.returncode != 0:
        lines = [line for line in (done.stderr or "").splitlines() if line.strip()]
        detail = "; ".join(lines[-3:]) or f"exit status {done.returncode}"
        raise BackupError(f"{what}失败: {detail} ({what} failed)")


def dump(location: str, reason: str = "manual", target: Path | None = None) -> Path:
    """Dump the database to `target` (else a new file in the backup folder); returns the file."""
    tool = _tool("pg_dump")
    if target is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", reason).strip("_")[:40] or "manual"
        target = backup_folder() / f"{backup_stem(location)}-{stamp}-{slug}{SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    uri, env = _connection(location)
    try:
        _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={part}", f"--dbname={uri}"],
             env, "备份 (pg_dump) ")
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def _run_out(args: list[str], what: str) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{what}: {exc}") from None
    return done.stdout if done.returncode == 0 else ""


def check_dump(path: Path) -> None:
    """Refuse (BackupError) unless `path` is a pg_dump archive of a contest database; reads only."""
    if not path.is_file():
        raise BackupError(f"备份文件不存在: {path} (backup not found)")
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(MAGIC))
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {path}: {exc.strerror} (cannot read the backup)") from None
    if magic != MAGIC:
        raise BackupError(f"{path} 不是 PostgreSQL 备份 (pg_dump 归档); 未做任何改动 "
                          f"(not a PostgreSQL dump made by judge-app backup; nothing was changed)")
    listing = _run_out([_tool("pg_restore"), "--list", str(path)], "读取备份目录 (pg_restore --list)")
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.M))
    if not listing or not set(NEEDED) <= tables:
        raise BackupError(f"{path} 不是完整的比赛数据库备份 (缺少 {', '.join(t for t in NEEDED if t not in tables)}); "
                          f"未做任何改动 (not a dump of a contest database; nothing was changed)")


def end_other_sessions(location: str) -> int:
    """End the other sessions of this role on the database (other laptops, a stage left open):
    a restore drops and recreates every table, and one open transaction elsewhere would make it
    wait for good (the archive itself turns lock timeouts off). Their next action reconnects.
    Returns how many were ended."""
    import psycopg

    uri, env = _connection(location)
    with psycopg.connect(uri, password=env.get("PGPASSWORD"), autocommit=True) as conn:
        row = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                           "AND usename = current_user").fetchone()
    return int(row[0])


def restore_dump(location: str, path: Path) -> None:
    """Replace the database's tables by those of a dump made by `dump`, in one transaction."""
    check_dump(path)
    tool = _tool("pg_restore")
    uri, env = _connection(location)
    end_other_sessions(location)
    _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={uri}", str(path)], env, "恢复 (pg_restore) ")
