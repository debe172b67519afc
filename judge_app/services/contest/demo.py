"""Use case: a realistic demo contest to try the app on (招商大比武 final: 20 entries, 7 experts,
a 9-member on-site panel, an online vote export), loaded through the same services as real data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from judge_app.resources import resource_path
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.store import audit
from judge_app.store.backup import BackupError, make_backup
from judge_app.store.database import open_database


def demo_dir() -> Path:
    return resource_path("demo")


LOADED = "demo.loaded"  # the last event of a freshly loaded demo: anything after it is a change


def untouched_demo_problem(path: Path) -> str | None:
    """Why the file at `path` is not an untouched demo (None: it is one, safe to replace).

    Untouched: a contest database without accounts, locks or sign-offs whose last audit event
    is the demo loader's own. Read through a read-only connection, so checking changes nothing."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"无法打开 ({exc})"
    try:
        if con.execute("SELECT count(*) FROM app_user").fetchone()[0]:
            return "含有账户 (it has accounts)"
        if con.execute("SELECT count(*) FROM lock").fetchone()[0] or con.execute("SELECT count(*) FROM signoff").fetchone()[0]:
            return "含有锁定或签署 (it has locks or sign-offs)"
        last = con.execute("SELECT action FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        if last is None or last[0] != LOADED:
            return "载入演示后有过修改, 或不是演示比赛 (changed after loading, or not the demo)"
    except sqlite3.Error as exc:
        return f"不是比赛数据库 ({exc}) (not a contest database)"
    finally:
        con.close()
    return None


def load_demo(location: str, actor: str, replace: bool = False) -> str:
    """Create the demo contest at `location`. An existing file is replaced only when asked, only
    when it holds an untouched demo, and always after a backup of it."""
    path = Path(location)
    backed_up = None
    if "://" not in location and path.exists():
        if not replace:
            raise ServiceError(f"{location} 已存在; 加 --replace 覆盖 (file exists; use --replace to overwrite)")
        problem = untouched_demo_problem(path)
        if problem is not None:
            raise ServiceError(f"{location} 不是未改动的演示比赛: {problem}; 不会覆盖 "
                               f"(only an untouched demo contest is replaced)")
        try:
            backed_up = make_backup(path, "before-demo-replace")
        except BackupError as exc:
            raise ServiceError(f"{exc}; 未覆盖 (not replaced)") from None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    src = demo_dir()
    contest = read_contest_file(src / "contest.toml")
    db = open_database(location, create=True)
    try:
        create_contest(db, contest, actor)
        experts = import_scores(db, src / "expert_scores.csv", "final", "expert", actor)
        onsite = import_scores(db, src / "onsite_scores.csv", "final", "onsite", actor)
        votes = import_votes(db, src / "votes_export.csv", "final", "online", actor)
        with db.session() as session:
            audit.record(session, actor, LOADED, "contest:demo", new={"source": "resources/demo"})
    finally:
        db.close()
    return (f"已载入演示比赛 {contest.name} → {location}\n"
            f"  作品 {len(contest.entries)} 个, 评委 {len(contest.judges)} 位; "
            f"专家评分 {experts.lines} 行, 现场评审 {onsite.lines} 行, 网络投票 {votes.rows} 行"
            + (f"\n  原文件已备份 (previous file backed up) → {backed_up}" if backed_up else ""))
