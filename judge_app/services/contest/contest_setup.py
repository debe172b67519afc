"""Use case: create a contest in a database from a contest file."""

from __future__ import annotations

from pathlib import Path

from judge_app.domain.contest import Contest
from judge_app.domain.contest_file import ContestFileError, parse_contest
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.contest_store import ContestIds, has_contest, save_contest
from judge_app.store.database import Database


def read_contest_file(path: str | Path) -> Contest:
    """Parse a contest file; raises ContestFileError listing every problem."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContestFileError(p.name, ["文件不存在 (file not found)"]) from None
    except UnicodeDecodeError:
        raise ContestFileError(p.name, ["比赛文件须为 UTF-8 编码 (contest file must be UTF-8)"]) from None
    return parse_contest(text, p.name)


def create_contest(db: Database, contest: Contest, actor: str) -> ContestIds:
    """Write a validated contest into an empty database, in one transaction, audited."""
    with db.session() as session:
        audit.take_write_lock(session)
        require_role(session, actor, "setup")
        if has_contest(session):
            raise ServiceError("数据库中已有比赛; 每个数据库文件保存一个比赛, 请用新的 --db 文件 (database already holds a contest)")
        ids = save_contest(session, contest, audit.now())
        audit.record(
            session, actor, "contest.create", f"contest:{ids.contest}",
            new={"name": contest.name, "rounds": [r.key for r in contest.rounds],
                 "entries": len(contest.entries), "judges": len(contest.judges)},
        )
    return ids
