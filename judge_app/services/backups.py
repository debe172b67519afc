"""Use cases: back up the contest database now, list backups, restore one (administrator)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from judge_app.domain.file_names import display_name
from judge_app.services.contest_access import ServiceError
from judge_app.services.seal import void_seals
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
