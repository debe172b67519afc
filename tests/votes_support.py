"""Shared by the vote-import tests (services and store): the test contest, a raw export, and a
clerk's hand count to check tallies against."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

from conftest import DATA
from judge_app.domain.contest_file import parse_contest
from judge_app.services.contest.contest_setup import create_contest
from judge_app.services.votes.vote_records import stored_records
from judge_app.store.database import open_database

CONTEST = """
[contest]
name = "投票测试"
[[rounds]]
key = "final"
name = "决赛"
[[rounds.components]]
key = "online"
name = "网络投票"
kind = "votes"
weight = 0.5
dedup = "{dedup}"
normalize = "{normalize}"
{extra}
[[rounds.components]]
key = "stage"
kind = "direct"
weight = 0.5
[[entries]]
code = "X01"
title = "“一网通办”帮办代办服务"
[[entries]]
code = "X02"
title = "企业服务专员“一对一”机制"
[[entries]]
code = "X03"
title = "招商项目全周期跟踪平台"
[[entries]]
code = "X04"
title = "预赛作品"
rounds = []
"""


def location_of(where: Path | str) -> str:
    """A test's tmp_path (the contest file in it) or an `engine_url` (either engine)."""
    return str(where / "contest.sqlite") if isinstance(where, Path) else where


def make_db(where: Path | str, dedup: str = "voter_day", normalize: str = "max", extra: str = ""):
    db = open_database(location_of(where))
    create_contest(db, parse_contest(CONTEST.format(dedup=dedup, normalize=normalize, extra=extra)), "tester")
    return db


def example_db(where: Path | str):
    """The shared example contest (online votes dedup voter_day, entries X01–X07)."""
    db = open_database(location_of(where))
    create_contest(db, parse_contest((DATA / "contest.toml").read_text(encoding="utf-8")), "tester")
    return db


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def hand_count(path: Path, encoding: str, dedup: str) -> dict[str, int]:
    """The tally a clerk would get: first row per (voter, entry[, day]) counts."""
    with path.open(encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    seen, tally = set(), {}
    for voter, code, _name, when, _ip in rows:
        key = {"none": object(), "voter": (voter, code), "voter_day": (voter, code, when[:10])}[dedup]
        if key in seen:
            continue
        seen.add(key)
        tally[code] = tally.get(code, 0) + 1
    return tally


def all_records(db) -> list[tuple]:
    """Every stored raw record of every import, read back from storage."""
    with db.session() as s:
        ids = s.execute(text("SELECT id FROM vote_import WHERE shape = 'raw' ORDER BY id")).scalars().all()
    return [r for i in ids for r in stored_records(db, i)]


def records(db, status: int | None = None) -> int:
    return sum(1 for r in all_records(db) if status is None or r[5] == status)


RAW = ["网络投票数据导出", "投票人,选手编号,选手名称,投票时间,IP地址",
       "u1,X01,,2024-09-13 08:00:00,10.0.0.1",
       "u1,X01,,2024-09-13 20:00:00,10.0.0.1",   # same voter, entry, day
       "u1,X01,,2024/09/14 08:00,10.0.0.1",      # next day, slash format
       "u1,X02,,2024-09-13 09:00:00,10.0.0.1",
       "u2,ｘ０１,,2024-09-13 09:00:00,10.0.0.2",   # full-width code
       "u2,X03,,2024-09-13 09:00:00,10.0.0.2",
       "u3,X03,, 2024-09-13 10:00:00 ,10.0.0.3"]
