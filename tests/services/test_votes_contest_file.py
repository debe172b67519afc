"""Contest-file keys of votes components: normalize rank/share, rank_step, vote_start/vote_end, export."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from judge_app.domain.contest_file import ContestFileError, parse_contest
from judge_app.domain.votes import parse_vote_time

BASE = """
[contest]
name = "测试"
[[rounds]]
key = "final"
[[rounds.components]]
key = "online"
kind = "votes"
weight = 1
{extra}
[[entries]]
code = "X01"
title = "甲"
"""


def component(extra: str):
    return parse_contest(BASE.format(extra=extra)).round("final").component("online")


def test_new_keys_are_read():
    c = component('normalize = "rank"\nrank_step = 2.5\nvote_start = "2024-09-13 08:00:00"\n'
                  'vote_end = 2024-09-19\nexport = "raw"\ndedup = "voter_day"')
    assert c.normalize == "rank" and c.rank_step == Decimal("2.5")
    assert c.vote_start == datetime(2024, 9, 13, 8) and c.vote_end == datetime(2024, 9, 19, 23, 59, 59)
    assert c.export == "raw"


def test_toml_datetimes_and_slash_times_are_accepted():
    c = component('vote_start = 2024-09-13T08:00:00\nvote_end = "2024/09/19 20:00"')
    assert c.vote_start == datetime(2024, 9, 13, 8) and c.vote_end == datetime(2024, 9, 19, 20)


def test_share_needs_no_step():
    assert component('normalize = "share"').rank_step is None


@pytest.mark.parametrize("extra, fragment", [
    ('normalize = "rank"', "rank_step"),
    ('rank_step = 5', "rank_step"),
    ('normalize = "rank"\nrank_step = 0', "rank_step"),
    ('normalize = "median"', "normalize"),
    ('vote_start = "2024-09-20 00:00:00"\nvote_end = "2024-09-19 00:00:00"', "vote_start"),
    ('vote_start = "next monday"', "vote_start"),
    ('vote_end = 2024-09-19T10:00:00+08:00', "vote_end"),
    ('export = "summary"', "export"),
])
def test_bad_keys_are_refused(extra, fragment):
    with pytest.raises(ContestFileError) as err:
        component(extra)
    assert any(fragment in p for p in err.value.problems)


def test_vote_keys_on_a_panel_are_refused():
    text = BASE.format(extra="").replace('kind = "votes"', 'kind = "direct"\nvote_start = "2024-09-13 00:00:00"')
    with pytest.raises(ContestFileError):
        parse_contest(text)


@pytest.mark.parametrize("text, expected", [
    ("2024-09-13 08:05:09", datetime(2024, 9, 13, 8, 5, 9)),
    ("2024/9/3 8:05", datetime(2024, 9, 3, 8, 5)),
    ("2024/09/13 08:05:09", datetime(2024, 9, 13, 8, 5, 9)),
    (" 2024-09-13 08:05:09 ", datetime(2024, 9, 13, 8, 5, 9)),
    ("2024-02-30 08:00:00", None),
    ("2024-09-13 24:00:00", None),
    ("2024-09-13", None),
    ("13/09/2024 08:00", None),
    ("昨天", None),
])
def test_vote_time_formats(text, expected):
    assert parse_vote_time(text) == expected
