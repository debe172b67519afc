"""Three signed-off contest files for the campaign tests, built from the test contests through
the services: the demo (招商大比武), the shared example (先锋杯) and the demo renamed as a
调查研究大比武 whose units overlap the other two (one written with full-width spaces, one
near-duplicate name)."""

from __future__ import annotations

from pathlib import Path

from judge_app.services.results import locks
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest.demo import demo_dir, load_demo
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.store.database import open_database

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
ACTOR = "测试员"

RESEARCH_UNITS = {  # demo unit → unit in the 调查研究 contest
    '"莞城街道"': '"市工业和信息化局"',
    '"南城街道"': '"市　政务服务数据管理局"',  # full-width space: the same unit after normalisation
    '"东城街道"': '"东莞市投资促进局"',  # near-duplicate of 市投资促进局
}


def sign(path: Path, round_key: str = "final") -> None:
    db = open_database(str(path), create=False)
    try:
        locks.lock(db, round_key, None, ACTOR)
        locks.signoff(db, round_key, "张主任", ACTOR)
    finally:
        db.close()


def build_demo(path: Path, signed: bool = True) -> Path:
    load_demo(str(path), ACTOR)
    if signed:
        sign(path)
    return path


def build_example(path: Path, signed: bool = True) -> Path:
    db = open_database(str(path), create=True)
    try:
        create_contest(db, read_contest_file(DATA / "contest.toml"), ACTOR)
        import_scores(db, DATA / "expert_scores.csv", "final", "expert", ACTOR)
        import_scores(db, DATA / "audience_scores.csv", "final", "audience", ACTOR)
        import_votes(db, DATA / "votes_totals_export.csv", "final", "online", ACTOR)
    finally:
        db.close()
    if signed:
        sign(path)
    return path


def build_research(path: Path, signed: bool = True) -> Path:
    src = demo_dir()
    text = (src / "contest.toml").read_text(encoding="utf-8")
    text = text.replace("2025年全市招商引资“大比武”决赛", "2025年全市调查研究“大比武”决赛", 1)
    for old, new in RESEARCH_UNITS.items():
        text = text.replace(f"unit = {old}", f"unit = {new}", 1)
    toml = path.with_suffix(".toml")
    toml.write_text(text, encoding="utf-8")
    db = open_database(str(path), create=True)
    try:
        create_contest(db, read_contest_file(toml), ACTOR)
        import_scores(db, src / "expert_scores.csv", "final", "expert", ACTOR)
        import_scores(db, src / "onsite_scores.csv", "final", "onsite", ACTOR)
        import_votes(db, src / "votes_export.csv", "final", "online", ACTOR)
    finally:
        db.close()
    toml.unlink()
    if signed:
        sign(path)
    return path


CAMPAIGN_TOML = """\
[campaign]
name = "2025年模范机关创建活动"
year = 2025
organizer = "市直机关工委"

[[contests]]
file = "招商.sqlite"

[[contests]]
file = "先锋杯.sqlite"
round = "final"

[[contests]]
file = "调研.sqlite"

[points]
"一等奖" = 10
"二等奖" = 6
"三等奖" = 3
"优秀奖" = 0.5
"""


def build_campaign(folder: Path, text: str = CAMPAIGN_TOML) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    build_demo(folder / "招商.sqlite")
    build_example(folder / "先锋杯.sqlite")
    build_research(folder / "调研.sqlite")
    path = folder / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path
