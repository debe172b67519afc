"""Use case: a realistic demo contest to try the app on (招商大比武 final: 20 entries, 7 experts,
a 9-member on-site panel, an online vote export), loaded through the same services as real data."""

from __future__ import annotations

from pathlib import Path

from judge_app.resources import resource_path
from judge_app.services.contest_access import ServiceError
from judge_app.services.contest_setup import create_contest, read_contest_file
from judge_app.services.score_import import import_scores
from judge_app.services.vote_import import import_votes
from judge_app.store.database import open_database


def demo_dir() -> Path:
    return resource_path("demo")


def load_demo(location: str, actor: str, replace: bool = False) -> str:
    """Create the demo contest at `location`; an existing file is replaced only when asked."""
    path = Path(location)
    if "://" not in location and path.exists():
        if not replace:
            raise ServiceError(f"{location} 已存在; 加 --replace 覆盖 (file exists; use --replace to overwrite)")
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
    finally:
        db.close()
    return (f"已载入演示比赛 {contest.name} → {location}\n"
            f"  作品 {len(contest.entries)} 个, 评委 {len(contest.judges)} 位; "
            f"专家评分 {experts.lines} 行, 现场评审 {onsite.lines} 行, 网络投票 {votes.rows} 行")
