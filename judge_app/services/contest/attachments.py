"""Use case: files registered on an entry — slides, videos, documents — kept beside the database.

A file is *copied* into the managed folder `NAME.sqlite.files/<entry code>/` when it is
registered, with its SHA-256, so a USB stick pulled out after registration breaks nothing.
`check` re-reads every managed copy and reports the ones that are missing or no longer match
their checksum. The same file registered twice on an entry is recorded once.

Contest files name attachments per entry (`attachments = ["slides/Z01.pdf"]`, relative to the
contest file); `register_from_contest` copies them after `judge-app init`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from judge_app.domain.contest import Contest
from judge_app.domain.file_names import safe_file_name
from judge_app.domain.input_text import code_problem
from judge_app.services.contest.contest_access import ServiceError, require_contest
from judge_app.services.integrity.users import require_role
from judge_app.table_files.problems import InputRefused, Problem
from judge_app.store import audit
from judge_app.store.database import Database, server_folder_name
from judge_app.store.models import AttachmentRow

KINDS = {
    "slides": {".ppt", ".pptx", ".pps", ".ppsx", ".key", ".odp", ".pdf"},
    "video": {".mp4", ".mov", ".m4v", ".avi", ".wmv", ".mkv", ".webm", ".flv", ".mpg", ".mpeg"},
    "document": {".doc", ".docx", ".odt", ".rtf", ".txt", ".wps", ".xls", ".xlsx", ".md"},
    "image": {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"},
}
KIND_NAMES = {"slides": "演示文稿", "video": "视频", "document": "文档", "image": "图片", "other": "其他"}
OK, MISSING, CHANGED = "ok", "missing", "changed"
STATE_NAMES = {OK: "正常 (ok)", MISSING: "缺失 (missing)", CHANGED: "已改变 (changed)"}


def kind_of(name: str) -> str:
    ext = Path(name).suffix.lower()
    for kind, exts in KINDS.items():
        if ext in exts:
            return kind
    return "other"


FILES_ENV = "JUDGE_APP_FILES"  # a shared database's attachment folder (e.g. a share on the venue server)


def files_dir(db: Database) -> Path:
    """The managed folder beside the database: `contest.sqlite` → `contest.sqlite.files/`. A
    PostgreSQL database has no file to sit beside: its folder is `$JUDGE_APP_FILES/HOST_DB/`
    (a folder every laptop reaches), else `postgresql-files/HOST_DB/` in the user's data directory."""
    if db.engine.dialect.name == "postgresql":
        from platformdirs import user_data_dir

        root = os.environ.get(FILES_ENV) or Path(user_data_dir("judge_app", appauthor=False)) / "postgresql-files"
        return Path(root).expanduser() / server_folder_name(db.location)
    if db.path is None:
        raise ServiceError("附件需要文件数据库 (attachments need a database file, not an in-memory database)")
    return db.path.with_name(db.path.name + ".files")


def has_folder(db: Database) -> bool:
    """True when the database has a managed attachment folder (a file or a server database)."""
    return db.path is not None or db.engine.dialect.name == "postgresql"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class Attachment:
    code: str  # entry code
    position: int
    name: str  # original file name
    path: Path  # the managed copy
    stored: str
    sha256: str
    size: int
    kind: str
    state: str = OK  # ok | missing | changed (filled by `check`)


def _safe(name: str) -> str:
    """The managed copy's name: characters Windows refuses replaced, so the folder can be copied there."""
    return safe_file_name(name)


def _entry_ids(session) -> dict[str, int]:
    stored = require_contest(session)
    return dict(stored.ids.entries)


def inside_folder(path: Path, root: Path) -> bool:
    """Whether `path` (resolved: `..` and symbolic links followed) lies within the folder `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _copy_in(folder: Path, code: str, source: Path, digest: str) -> str:
    """Copy `source` to `folder/<code>/`; a different file of the same name gets the digest appended."""
    target_dir = folder / code
    if code_problem(code, "作品编号") or not inside_folder(target_dir, folder):
        raise ServiceError(f"作品编号 {code[:40]!r} 不能用作文件夹名 (entry code is not a safe folder name)")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / _safe(source.name)
    if not inside_folder(target, target_dir):
        raise ServiceError(f"附件名 {source.name[:60]!r} 无效 (unsafe attachment name)")
    if target.exists() and sha256_of(target) != digest:
        target = target_dir / _safe(f"{source.stem}-{digest[:8]}{source.suffix}")
    if not target.exists():
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return f"{code}/{target.name}"


def add_attachments(db: Database, code: str, paths: Iterable[str | Path], actor: str) -> list[Attachment]:
    """Register files on entry `code`: every file is checked before the first copy or write."""
    sources = [Path(p) for p in paths]
    problems = [Problem(str(p), None, "文件不存在 (file not found)") for p in sources if not p.is_file()]
    if problems:
        raise InputRefused(problems)
    return _register(db, {code: sources}, actor)


def check_contest_sources(contest: Contest, base: Path) -> dict[str, list[Path]]:
    """The attachments a contest file names, resolved against its folder; refused if any is missing."""
    found: dict[str, list[Path]] = {}
    problems = []
    root = base.resolve()
    for e in contest.entries:
        for rel in e.attachments:
            p = (base / rel)
            if not inside_folder(p, root):  # also through a symbolic link
                problems.append(Problem(str(rel), None, f"作品 {e.code} 的附件 {rel} 不在比赛文件所在文件夹内 "
                                                        "(attachment outside the contest folder)"))
            elif not p.is_file():
                problems.append(Problem(str(p), None, f"作品 {e.code} 的附件 {rel} 不存在 (attachment not found)"))
            found.setdefault(e.code, []).append(p)
    if problems:
        raise InputRefused(problems)
    return found


def register_from_contest(db: Database, contest: Contest, base: Path, actor: str) -> list[Attachment]:
    """Copy in the attachments named by a contest file (paths relative to `base`, its folder)."""
    sources = check_contest_sources(contest, base)
    return _register(db, sources, actor) if sources else []


def _register(db: Database, sources: dict[str, list[Path]], actor: str) -> list[Attachment]:
    folder = files_dir(db)
    unsafe = [c for c in sources if code_problem(c, "作品编号") or not inside_folder(folder / c, folder)]
    if unsafe:  # before the first copy: a code is the name of the entry's folder
        raise ServiceError(f"作品编号 {unsafe[0][:40]!r} 不能用作文件夹名 (entry code is not a safe folder name)")
    digests = {p: sha256_of(p) for ps in sources.values() for p in ps}
    added: list[Attachment] = []
    with db.session() as session:
        audit.take_write_lock(session)
        require_role(session, actor, "setup")
        ids = _entry_ids(session)
        unknown = [c for c in sources if c not in ids]
        if unknown:
            raise ServiceError(f"未知作品编号 {', '.join(unknown)} (unknown entry)")
        for code, paths in sources.items():
            existing = session.exec(select(AttachmentRow).where(AttachmentRow.entry_id == ids[code])).all()
            known = {(r.name, r.sha256) for r in existing}
            position = max((r.position for r in existing), default=0)
            for p in paths:
                digest = digests[p]
                if (p.name, digest) in known:
                    continue
                known.add((p.name, digest))
                stored = _copy_in(folder, code, p, digest)
                position += 1
                row = AttachmentRow(entry_id=ids[code], position=position, name=p.name, stored=stored,
                                    sha256=digest, size=p.stat().st_size, kind=kind_of(p.name),
                                    added_at=audit.now(), added_by=actor)
                session.add(row)
                added.append(Attachment(code, position, p.name, folder / stored, stored, digest, row.size, row.kind))
        if added:
            session.flush()
            audit.record_many(session, [
                audit.event(actor, "attachment.add", f"entry:{a.code}",
                            new={"name": a.name, "stored": a.stored, "sha256": a.sha256, "size": a.size})
                for a in added])
    return added


def list_attachments(db: Database, code: str | None = None) -> list[Attachment]:
    """Registered attachments (of one entry, or all), by entry code then position."""
    folder = files_dir(db) if has_folder(db) else Path(".")
    with db.session() as session:
        ids = _entry_ids(session)
        if code is not None and code not in ids:
            raise ServiceError(f"未知作品编号 {code} (unknown entry)")
        codes = {v: k for k, v in ids.items()}
        q = select(AttachmentRow)
        if code is not None:
            q = q.where(AttachmentRow.entry_id == ids[code])
        rows = session.exec(q).all()
    out = [Attachment(codes[r.entry_id], r.position, r.name, folder / r.stored, r.stored, r.sha256, r.size, r.kind)
           for r in rows]
    return sorted(out, key=lambda a: (a.code, a.position))


def by_entry(db: Database) -> dict[str, list[Attachment]]:
    out: dict[str, list[Attachment]] = {}
    for a in list_attachments(db):
        out.setdefault(a.code, []).append(a)
    return out


def check(db: Database, code: str | None = None) -> list[Attachment]:
    """Every registered attachment with its state: ok, missing, or changed since it was registered."""
    out = []
    for a in list_attachments(db, code):
        if not a.path.is_file():
            state = MISSING
        elif a.path.stat().st_size != a.size or sha256_of(a.path) != a.sha256:
            state = CHANGED
        else:
            state = OK
        out.append(Attachment(a.code, a.position, a.name, a.path, a.stored, a.sha256, a.size, a.kind, state))
    return out


def entries(db: Database) -> list[tuple[str, str]]:
    """(code, title) of every entry, for choosing where a file goes."""
    with db.session() as session:
        contest = require_contest(session).contest
    return [(e.code, e.title) for e in contest.entries]
