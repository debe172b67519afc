"""A contest for fuzzing the LAN API and signed score files: every kind of access a request can meet.

Round `final`: panel `expert` (criteria a, b; max 10, one decimal place allowed up to 4), panel
`jury` (locked), a vote component. Round `semi`: panel `expert`, the whole round locked.
Judges: J1 (unit 甲局, conflicted with E1 of the same unit), J2 (a manual conflict with E3),
J3 (expert and jury), J4 (semi only). Tokens: a valid one per judge and round, a revoked one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

from judge_app.domain.contest_file import parse_contest
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.contest.contest_setup import create_contest
from judge_app.services.contest_day.lan_access import issue_tokens, revoke_tokens
from judge_app.services.results.locks import lock
from judge_app.store.conflicts import set_manual_conflict
from judge_app.services.contest.contest_access import require_contest
from judge_app.store.database import Database, open_database

CONTEST = """
[contest]
name = "局域网模糊测试赛"

[[rounds]]
key = "final"
name = "决赛"

[[rounds.components]]
key = "expert"
name = "专家"
kind = "panel"
weight = 0.5
[[rounds.components.criteria]]
key = "a"
name = "创新"
max = 10
[[rounds.components.criteria]]
key = "b"
name = "实效"
max = 10

[[rounds.components]]
key = "jury"
name = "评审团"
kind = "panel"
weight = 0.3
[[rounds.components.criteria]]
key = "overall"
name = "综合"
max = 5

[[rounds.components]]
key = "online"
name = "投票"
kind = "votes"
weight = 0.2

[[rounds]]
key = "semi"
name = "复赛"

[[rounds.components]]
key = "expert"
name = "专家"
kind = "panel"
weight = 1
[[rounds.components.criteria]]
key = "a"
name = "创新"
max = 10

[[entries]]
code = "E1"
title = "作品一"
unit = "甲局"

[[entries]]
code = "E2"
title = "作品二"
unit = "乙局"

[[entries]]
code = "E3"
title = "作品三"
unit = "丙局"

[[judges]]
code = "J1"
name = "评委一"
unit = "甲局"
panels = ["final.expert"]

[[judges]]
code = "J2"
name = "评委二"
unit = "丁局"
panels = ["final.expert"]

[[judges]]
code = "J3"
name = "评委三"
unit = "戊局"
panels = ["final.expert", "final.jury"]

[[judges]]
code = "J4"
name = "评委四"
unit = "己局"
panels = ["semi.expert"]
"""



@dataclass
class FuzzContest:
    db: Database
    tokens: dict[str, str]  # name → token: "J1".."J3" (final), "J4" (semi), "revoked" (J2's old one)


def make_fuzz_contest(path: Path) -> FuzzContest:
    db = open_database(str(path), create=True)
    create_contest(db, parse_contest(CONTEST), "tester")
    with db.session() as session:
        stored = require_contest(session)
        set_manual_conflict(session, stored.ids, "J2", "E3", "指导过该作品", "tester")
    old = issue_tokens(db, "final", "J2", "host")[0].token
    revoke_tokens(db, "final", "J2", "host")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    tokens["J4"] = issue_tokens(db, "semi", None, "host")[0].token
    tokens["revoked"] = old
    lock(db, "final", "jury", "tester")
    lock(db, "semi", None, "tester")
    return FuzzContest(db, tokens)


def dump(db: Database) -> str:
    """A digest of every row of every table: equal digests, unchanged database."""
    h = hashlib.sha256()
    tables = sorted(t for t in inspect(db.engine).get_table_names() if t != "alembic_version")
    with db.session() as session:
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                h.update(repr((table, tuple(row))).encode("utf-8", "backslashreplace"))
    return h.hexdigest()


def chain_ok(db: Database) -> bool:
    return verify(db).ok
