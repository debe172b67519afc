"""Use cases: back up the contest database now, list backups, restore one (administrator)."""

from __future__ import annotations

from pathlib import Path

from judge_app.domain.file_names import display_name
from judge_app.services.contest_access import ServiceError
from judge_app.services.users import require_role
from judge_app.store import audit
from judge_app.store.backup import check_file, list_backups, make_backup, restore
from judge_app.store.database import Database, open_database


def backup_now(db: Database, actor: str, target: Path | None = None) -> Path:
    with db.session() as session:
        require_role(session, actor, "backup")
    if db.path is None:
        raise ServiceError("只能备份数据库文件 (only a database file can be backed up)")
    return make_backup(db.path, "manual", target=target)


def backups_of(db_path: Path) -> list[Path]:
    return list_backups(db_path)


def is_sound(db_path: Path) -> bool:
    return db_path.exists() and check_file(db_path) is None


def may_restore(db: Database, actor: str) -> None:
    """Refuse unless `actor` may restore (checked against the current, sound file's accounts)."""
    with db.session() as session:
        require_role(session, actor, "restore")


def restore_backup(db_path: Path, backup: Path, actor: str) -> Path | None:
    """Restore `backup` over the database; the old content is kept aside (returned). Audited in the restored file."""
    kept = restore(db_path, backup)
    db = open_database(str(db_path), create=False)
    try:
        with db.session() as session:
            audit.record(session, actor, "restore", f"database:{display_name(db_path)}",
                         new={"from": backup.name, "previous_kept_as": str(kept) if kept else None})
    finally:
        db.close()
    return kept
