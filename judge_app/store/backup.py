"""Backups of the contest database through SQLite's online backup API, rotated, and restoring one.

Backups go to `NAME.backups/` beside the database file, named
`NAME-YYYYmmdd-HHMMSS-ffffff-REASON.sqlite` so they sort by time. The app makes one before every
import and every lock or unlock (`Database.backup`), the stage every few minutes
(`backup_if_older`); the newest `keep()` ($JUDGE_APP_BACKUP_KEEP, default 30) are kept.

The online backup API copies a consistent snapshot even while another connection writes, and
includes what is still in the WAL file; copying the .sqlite file alone would not.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from judge_app.store.database import DatabaseError

KEEP_ENV = "JUDGE_APP_BACKUP_KEEP"
DEFAULT_KEEP = 30


class BackupError(DatabaseError):
    """A backup could not be made or restored; the message says why."""


def keep() -> int:
    try:
        return max(1, int(os.environ.get(KEEP_ENV, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.backups")


def _slug(reason: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", reason).strip("_")[:40] or "manual"


def copy_database(src_path: Path, dst_path: Path) -> None:
    """A consistent copy of `src_path` at `dst_path` (overwritten), through the online backup API."""
    dst_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst_path.with_name(dst_path.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(src_path, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dst_path)


def make_backup(db_path: Path, reason: str = "manual", target: Path | None = None, rotate: bool = True) -> Path:
    """Back up the database; into the rotated backup folder unless `target` is given."""
    if target is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = backup_dir(db_path) / f"{db_path.stem}-{stamp}-{_slug(reason)}.sqlite"
    try:
        copy_database(db_path, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"备份失败 {db_path} → {target}: {exc} (backup failed)") from None
    if rotate and target.parent == backup_dir(db_path):
        for old in list_backups(db_path)[keep():]:
            old.unlink(missing_ok=True)
        for stale in target.parent.glob("*.part"):  # left by a process killed mid-backup
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink(missing_ok=True)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Backups in the rotated folder, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"{db_path.stem}-*.sqlite")), key=lambda p: p.name, reverse=True)


def backup_if_older(db_path: Path, seconds: float, reason: str = "periodic") -> Path | None:
    """Back up unless the newest backup is younger than `seconds` (for the stage: every few minutes)."""
    newest = next(iter(list_backups(db_path)), None)
    if newest is not None and time.time() - newest.stat().st_mtime < seconds:
        return None
    return make_backup(db_path, reason)


def check_file(path: Path, full: bool = False) -> str | None:
    """None when SQLite finds the file sound (`PRAGMA quick_check`, or `integrity_check` if full), else why not."""
    try:
        conn = sqlite3.connect(path, timeout=30)
        try:
            rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    found = [r[0] for r in rows]
    return None if found == ["ok"] else "; ".join(found[:5])


def newest_good_backup(db_path: Path) -> Path | None:
    for candidate in list_backups(db_path):
        if check_file(candidate) is None:
            return candidate
    return None


def restore(db_path: Path, backup: Path) -> Path | None:
    """Replace the database's content by a backup's, after checking the backup is sound.

    The current file is first kept aside: backed up into the folder (reason `before-restore`)
    when it is readable, else its files are moved to `NAME.damaged-TIME`. Returns where the
    old content went. Close other instances of the app before restoring.
    """
    if not backup.is_file():
        raise BackupError(f"备份文件不存在: {backup} (backup not found)")
    if (problem := check_file(backup, full=True)) is not None:
        raise BackupError(f"备份文件 {backup} 已损坏, 未恢复: {problem} (the backup is damaged; nothing restored)")
    kept: Path | None = None
    if db_path.exists():
        if check_file(db_path) is None:
            kept = make_backup(db_path, "before-restore")
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
            shutil.move(db_path, kept)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{db_path}{suffix}")
                if side.exists():
                    shutil.move(side, Path(f"{kept}{suffix}"))
    if kept is not None and db_path.exists():
        # Sound file: write the backup's pages into it through the backup API, so open connections see it.
        src = sqlite3.connect(backup)
        dst = sqlite3.connect(db_path, timeout=30)
        try:
            src.backup(dst)
        except sqlite3.Error as exc:
            raise BackupError(f"恢复失败: {exc} (restore failed; the old content is in {kept})") from None
        finally:
            dst.close()
            src.close()
    else:
        copy_database(backup, db_path)
    return kept
