"""The same contest on SQLite and on PostgreSQL gives byte-identical output, every import path included.

Each scenario runs the same `judge-app` commands against a fresh SQLite file and a fresh
PostgreSQL database and compares what every command printed: import reports, `rank` as JSON,
table and CSV, `votes recount`. The acceptance contest (tests/data, a copy of the shared
examples) goes through panel scores, raw votes (voter_day), a totals re-import, raw votes with
duplicates and both exclusion lists, and a recount; a second contest adds direct scores, a
z-score panel and rank-normalized votes deduplicated by voter.
"""

from __future__ import annotations

import csv
import io
import os
import re

import pytest

from conftest import DATA, PG_ENV
from judge_app.store.database import shown_location as shown
from pg_scratch import scratch_database


@pytest.fixture
def both_engines(tmp_path):
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set: comparing the engines needs a PostgreSQL server")
    location, drop = scratch_database(base, "judge_parity")
    try:
        yield str(tmp_path / "contest.sqlite"), location
    finally:
        drop()


def run_both(cli, locations, steps) -> list[tuple]:
    """Run each step on both databases; return (step, status, stdout) per engine, stderr checked for tracebacks."""
    seen = {location: [] for location in locations}
    for step in steps:
        for location in locations:
            result = cli("--db", location, "--user", "organizer", *step)
            assert "Traceback" not in result.err, result.err
            seen[location].append((" ".join(map(str, step)), result.status, result.out.replace(shown(location), "<db>")))
    return list(seen.values())


def assert_identical(first: list, second: list) -> None:
    for (step, status_a, out_a), (_, status_b, out_b) in zip(first, second, strict=True):
        assert status_a == status_b == 0, f"{step}: status {status_a} / {status_b}"
        assert out_a == out_b, f"{step}: SQLite and PostgreSQL printed different output"


def raw_with_duplicates(tmp_path):
    """The example raw export plus repeated records (same voter, entry and day; same voter other days)."""
    text = (DATA / "votes_raw_export.csv").read_bytes().decode("gbk")
    lines = text.splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines[2:]))))
    extra = [r for r in rows[:400:3]]  # same voter, entry, time: duplicates under every dedup rule
    extra += [[v, code, name, "2024-09-19 23:59:00", ip] for v, code, name, _at, ip in rows[1:300:7]]  # other day
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows + extra)
    path = tmp_path / "votes_dups.csv"
    path.write_bytes(("\n".join(lines[:2]) + "\n" + out.getvalue()).encode("gbk"))
    voters = tmp_path / "exclude_voters.txt"
    voters.write_text("\n".join(f"{r[0]},刷票嫌疑" for r in rows[10:40]) + "\n", encoding="utf-8")
    ips = tmp_path / "exclude_ips.txt"
    ips.write_text(f"# 机房出口\n{rows[50][4]}\n{rows[60][4]}\tproxy\n", encoding="utf-8")
    return path, voters, ips


RANKS = [("rank", "--round", "final", "--format", f) for f in ("json", "table", "csv")]
RECOUNT = ("votes", "recount", "--round", "final", "--component", "online")


def test_acceptance_contest_every_import_path_gives_identical_output(cli, both_engines, tmp_path):
    dups, voters, ips = raw_with_duplicates(tmp_path)
    steps = [
        ("init", DATA / "contest.toml"),
        ("scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "expert"),
        ("scores", "import", DATA / "audience_scores.csv", "--round", "final", "--component", "audience"),
        *RANKS,  # no votes yet
        ("votes", "import", DATA / "votes_raw_export.csv", "--round", "final", "--component", "online"),
        *RANKS, RECOUNT,
        ("votes", "import", DATA / "votes_totals_export.csv", "--round", "final", "--component", "online"),
        *RANKS,
        ("votes", "import", dups, "--round", "final", "--component", "online", "--dry-run", "--json"),
        ("votes", "import", dups, "--round", "final", "--component", "online",
         "--exclude-voters", voters, "--exclude-ips", ips, "--reason", "刷票"),
        *RANKS, RECOUNT,
        ("audit", "verify"),
    ]
    sqlite, postgresql = run_both(cli, both_engines, [s for s in steps if s[:2] != ("audit", "verify")])
    assert_identical(sqlite, postgresql)
    excluding = next(out for step, _s, out in sqlite if "--exclude-voters" in step)
    assert re.search(r"去重 [1-9]\d*.*排除 [1-9]", excluding), excluding  # the path really dedups and excludes
    assert sqlite[-1][2].endswith("重新计票与当前结果一致 (recount matches)\n")
    for location in both_engines:  # the audit output names event counts and the head: equal too
        assert cli("--db", location, "audit", "verify").status == 0


SECOND = """
[contest]
name = "引擎一致性测试"
[[rounds]]
key = "final"
name = "决赛"
decimals = 3
tie_break = ["stage"]
[[rounds.components]]
key = "online"
name = "网络投票"
kind = "votes"
weight = 0.25
normalize = "rank"
rank_step = 7
dedup = "voter"
[[rounds.components]]
key = "expert"
name = "专家评分"
kind = "panel"
aggregate = "zscore"
weight = 0.45
[[rounds.components.criteria]]
key = "innovation"
name = "创新性"
max = 40
[[rounds.components.criteria]]
key = "impact"
name = "实效性"
max = 40
[[rounds.components.criteria]]
key = "presentation"
name = "展示效果"
max = 20
[[rounds.components]]
key = "stage"
name = "现场答辩"
kind = "direct"
weight = 0.3
[[rounds.awards]]
name = "一等奖"
count = 2
[[rounds.awards]]
name = "优秀奖"
"""


def second_contest(tmp_path):
    """The example entries and expert judges under other rules (the experts sit on the z-score panel)."""
    example = (DATA / "contest.toml").read_text(encoding="utf-8")
    people = example[example.index("[[entries]]"):]
    people = people[:people.index('[[judges]]\ncode = "A01"')]  # the audience panel is not in this contest
    toml = tmp_path / "second.toml"
    toml.write_text(SECOND + people, encoding="utf-8")
    direct = tmp_path / "stage.csv"
    direct.write_text("作品编号,得分\nX01,88.5\nX02,91.25\nX03,79\nX04,91.25\nX05,85.125\nX06,70\nX07,93.3333\n",
                      encoding="utf-8")
    return toml, direct


def test_second_contest_direct_zscore_and_rank_votes_identical(cli, both_engines, tmp_path):
    toml, direct = second_contest(tmp_path)
    dups, _voters, ips = raw_with_duplicates(tmp_path)
    steps = [
        ("init", toml),
        ("scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "expert"),
        ("direct", "import", direct, "--round", "final", "--component", "stage"),
        ("votes", "import", dups, "--round", "final", "--component", "online", "--exclude-ips", ips),
        *RANKS, RECOUNT,
    ]
    sqlite, postgresql = run_both(cli, both_engines, steps)
    assert_identical(sqlite, postgresql)
