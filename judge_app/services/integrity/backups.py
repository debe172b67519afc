"""Use cases: back up the contest database now, list backups, restore one (administrator)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from judge_app.domain.file_names import display_name
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.results.seal import current_seals, void_seals
from judge_app.services.integrity.users import require_role
from judge_app.store import audit, pg_dump
from judge_app.store.backup import backup_if_older, check_file, list_backups, make_backup, restore
from judge_app.store.database import Database, open_database


def backup_now(db: Database, actor: str, target: Path | None = None) -> Path:
    """Back up now: an SQLite file through the online backup, a PostgreSQL database with pg_dump
    (`store.pg_dump`; refused with a clear message when pg_dump is not installed)."""
    with db.session() as session:
        require_role(session, actor, "backup")
    if db.engine.dialect.name == "postgresql":
        return pg_dump.dump(db.location, "manual", target)
    if db.path is None:
        raise ServiceError("只能备份数据库文件 (only a database file can be backed up)")
    return make_backup(db.path, "manual", target=target)


def backup_if_due(db: Database, seconds: float, reason: str = "periodic") -> Path | None:
    """A backup of the open file unless the newest is younger than `seconds` (the stage, every few minutes)."""
    return backup_if_older(db.path, seconds, reason) if db.path is not None else None


def backups_of(db_path: Path) -> list[Path]:
    return list_backups(db_path)


def backups_of_database(db: Database) -> list[Path]:
    """The rotated backups of the open database (a PostgreSQL database's dumps), newest first."""
    if db.engine.dialect.name == "postgresql":
        return pg_dump.list_dumps(db.location)
    return list_backups(db.path) if db.path is not None else []


def restore_server_backup(location: str, backup: Path, actor: str, reason: str | None = None) -> tuple[Path, list[str]]:
    """Restore a pg_dump archive over a PostgreSQL contest database (administrator).

    The archive is checked first, then the current content is dumped aside (returned), then the
    archive replaces the tables in one transaction. The dump's seals cannot be read beforehand,
    so while the database holds a seal a written reason is needed; seals the restored content
    no longer holds are recorded as voided. Returns (the dump of the old content, rounds voided).
    Other sessions of the same role on the database are ended first (an open transaction elsewhere
    would block the restore); their next action reconnects to the restored content.
    """
    reason = (reason or "").strip()
    db = open_database(location, create=False)
    try:
        may_restore(db, actor)
        pg_dump.check_dump(backup)
        with db.session() as session:
            before = current_seals(session)
        if before and len(reason) < 2:
            raise ServiceError(f"数据库中有已签署轮次 {', '.join(sorted(before))} 的结果封印, 恢复可能撤销它们, "
                               f"须写明理由 (--reason) (the database holds sealed rounds: a restore needs a written reason)")
        kept = pg_dump.dump(location, "before-restore")
    finally:
        db.close()
    pg_dump.restore_dump(location, backup)
    db = open_database(location, create=False)
    try:
        with db.session() as session:
            after = current_seals(session)
            crossed = {r: d for r, d in before.items() if after.get(r) != d}
            audit.record(session, actor, "restore", "database:postgresql",
                         new={"from": backup.name, "previous_kept_as": str(kept),
                              "reason": reason or None, "seals_voided": sorted(crossed) or None})
            void_seals(session, crossed, reason, actor)
    finally:
        db.close()
    return kept, sorted(crossed)


def is_sound(db_path: Path) -> bool:
    return db_path.exists() and check_file(db_path) is None


def may_restore(db: Database, actor: str) -> None:
    """Refuse unless `actor` may restore (checked against the current, sound file's accounts)."""
    with db.session() as session:
        require_role(session, actor, "restore")


def seals_in_file(path: Path) -> dict[str, str]:
    """round → digest of each current seal in a contest file (read-only; {} when it has none)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        return dict(con.execute(
            "SELECT s.round_key, s.digest FROM round_seal s JOIN signoff o ON o.id = s.signoff_id "
            "WHERE o.revoked_at IS NULL AND s.voided_at IS NULL").fetchall())
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def crossed_seals(db_path: Path, backup: Path) -> dict[str, str]:
    """The seals of the current file that restoring `backup` would undo (round → digest)."""
    current = seals_in_file(db_path) if is_sound(db_path) else {}
    restored = seals_in_file(backup)
    return {r: d for r, d in current.items() if restored.get(r) != d}


def restore_backup(db_path: Path, backup: Path, actor: str, reason: str | None = None) -> Path | None:
    """Restore `backup` over the database; the old content is kept aside (returned). Audited in the restored file.

    Restoring across a sign-off (the current file holds a seal the backup does not) needs a
    written reason; the seals undone are recorded as voided (`seal.void`) in the restored file."""
    crossed = crossed_seals(db_path, backup)
    reason = (reason or "").strip()
    if crossed and len(reason) < 2:
        raise ServiceError(f"恢复此备份会撤销已签署轮次 {', '.join(sorted(crossed))} 的结果封印, 须写明理由 (--reason) "
                           f"(restoring across a sign-off needs a written reason)")
    kept = restore(db_path, backup)
    db = open_database(str(db_path), create=False)
    try:
        with db.session() as session:
            audit.record(session, actor, "restore", f"database:{display_name(db_path)}",
                         new={"from": backup.name, "previous_kept_as": str(kept) if kept else None,
                              "reason": reason or None, "seals_voided": sorted(crossed) or None})
            void_seals(session, crossed, reason, actor)
    finally:
        db.close()
    return kept
