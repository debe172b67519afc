"""Use cases on the contest file as a document: new from a template, save a copy, back up now."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from judge_app.domain.contest import Contest
from judge_app.resources import resource_path
from judge_app.services.contest.contest_details import ContestDetails, apply_details
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.backup import copy_database
from judge_app.store.database import Database, is_postgresql, open_database, shown_location  # noqa: F401 - for screens


@dataclass(frozen=True)
class ContestTemplate:
    key: str  # file stem, e.g. "1-zhaoshang"
    name: str  # the contest name it starts with
    summary: str  # the file's first comment line
    path: Path


def templates() -> list[ContestTemplate]:
    """The bundled contest templates (resources/templates/contests/*.toml), in file order."""
    out = []
    for path in sorted(resource_path("templates", "contests").glob("*.toml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        summary = first.lstrip("# ").removeprefix("模板:").strip()
        out.append(ContestTemplate(path.stem, read_contest_file(path).name, summary, path))
    return out


def template_contest(key: str, name: str | None = None) -> Contest:
    for t in templates():
        if t.key == key:
            contest = read_contest_file(t.path)
            if name and name.strip():
                from dataclasses import replace

                contest = replace(contest, name=name.strip())
            return contest
    raise ServiceError(f"未知模板 {key!r} (unknown template)")


def new_from_template(location: str | Path, key: str, actor: str, name: str | None = None,
                      details: ContestDetails | None = None) -> Database:
    """Create a new contest database file from a template, with the organizer's details (主办,
    承办, date, venue) when given; refuses an existing file."""
    path = Path(location)
    if path.exists():
        raise ServiceError(f"{path} 已存在, 请选择新的文件名 (file exists)")
    contest = template_contest(key, name)
    if details is not None:
        contest = apply_details(contest, details.changed(name=details.name or contest.name))
    db = open_database(str(path), create=True)
    try:
        create_contest(db, contest, actor)
    except Exception:
        db.close()
        raise
    return db


def open_contest_file(location: str | Path, create: bool = False) -> Database:
    """Open (or create) a contest file for a screen: migrated, checked, refused with a
    `DatabaseError` (`DatabaseDamaged` names the newest sound backup). Screens ask this, not the store."""
    return open_database(str(location), create=create)


def save_copy(db: Database, target: str | Path) -> Path:
    """A complete, self-contained copy of the open contest (for a USB stick): SQLite's online
    backup API, so what is still in the WAL is included; one file (no -wal), written aside and
    moved into place, so a copy cut short never looks like a contest."""
    if db.path is None:
        raise ServiceError("只有 SQLite 文件可以另存 (only SQLite files can be copied)")
    target = Path(target)
    if target.resolve() == db.path.resolve():
        raise ServiceError("不能复制到自身 (cannot copy onto itself)")
    try:
        copy_database(db.path, target)
    except (sqlite3.Error, OSError) as exc:
        raise ServiceError(f"另存副本失败 {target}: {exc} (saving a copy failed)") from None
    return target


def current_contest(db: Database | None) -> Contest | None:
    """The open database's contest (None for no database or an empty one)."""
    if db is None:
        return None
    from judge_app.store.contest_store import load_contest

    with db.session() as session:
        stored = load_contest(session)
    return stored.contest if stored else None
