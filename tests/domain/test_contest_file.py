"""The contest file: the example parses exactly; every broken rule is refused and listed."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from judge_app.domain.contest_file import ContestFileError, parse_contest

GOOD = (DATA / "contest.toml").read_text(encoding="utf-8")

MINIMAL = """
[contest]
name = "测试赛"

[[rounds]]
key = "final"
name = "决赛"

[[rounds.components]]
key = "expert"
name = "专家"
kind = "panel"
weight = 0.7

[[rounds.components.criteria]]
key = "q"
name = "质量"
max = 10

[[rounds.components]]
key = "direct"
name = "现场"
kind = "direct"
weight = 0.3
"""


def refused(text: str) -> list[str]:
    with pytest.raises(ContestFileError) as info:
        parse_contest(text)
    return info.value.problems


def test_example_parses_exactly():
    contest = parse_contest(GOOD)
    final = contest.round("final")
    assert contest.name == "2024年市直机关“先锋杯”创新大赛"
    assert [c.key for c in final.components] == ["online", "expert", "audience"]
    assert [c.weight for c in final.components] == [D("0.2"), D("0.6"), D("0.2")]  # exact, not float
    assert final.component("expert").max_total == D(100)
    assert final.component("expert").drop_highest == 1
    assert final.component("audience").drop_highest == 0
    assert final.tie_break == ("expert",)
    assert final.decimals == 2
    assert [(a.name, a.count) for a in final.awards] == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3), ("优秀奖", None)]
    assert len(contest.entries) == 7 and contest.entries[2].members == ("梁敏", "赵晨", "周宇")
    assert contest.judges[2].panels == ("final.expert",)


def test_defaults():
    contest = parse_contest(MINIMAL)
    assert contest.round("final").decimals == 2
    assert contest.round("final").tie_break == ()
    assert contest.round("final").awards == ()


def test_weights_must_sum_to_one():
    problems = refused(MINIMAL.replace("weight = 0.3", "weight = 0.2"))
    assert any("weights must sum to 1" in p for p in problems)


def test_weights_exact_decimal_sum():
    # 0.1 + 0.2 is not 0.3 in floating point; the file's decimals are exact
    text = MINIMAL.replace("weight = 0.7", "weight = 0.1").replace("weight = 0.3", "weight = 0.9")
    parse_contest(text)


def test_duplicate_codes():
    text = MINIMAL + """
[[entries]]
code = "A1"
title = "一"
[[entries]]
code = "A1"
title = "二"
[[judges]]
code = "J1"
name = "甲"
[[judges]]
code = "J1"
name = "乙"
"""
    problems = refused(text)
    assert any("duplicate entry code" in p for p in problems)
    assert any("duplicate judge code" in p for p in problems)


def test_unknown_panel_and_tie_break_keys():
    text = MINIMAL.replace('name = "决赛"', 'name = "决赛"\ntie_break = ["nope"]') + """
[[judges]]
code = "J1"
name = "甲"
panels = ["final.nothing", "semi.expert"]
"""
    problems = refused(text)
    assert any("unknown component in tie_break" in p and "nope" in p for p in problems)
    assert sum("unknown panel" in p for p in problems) == 2


def test_panel_without_criteria_and_negative_max():
    text = MINIMAL.replace("max = 10", "max = -5") + """
[[rounds.components]]
key = "empty"
name = "空"
kind = "panel"
weight = 0
"""
    problems = refused(text)
    assert any("panel without criteria" in p for p in problems)
    assert any("max must be positive" in p for p in problems)


def test_every_problem_listed_at_once():
    text = MINIMAL.replace("weight = 0.3", "weight = 0.5").replace("max = 10", "max = -1") + """
[[entries]]
code = "A1"
title = "一"
[[entries]]
code = "A1"
title = "二"
"""
    problems = refused(text)
    assert len(problems) >= 3


def test_unknown_key_refused():
    problems = refused(MINIMAL.replace("kind = \"panel\"", "kind = \"panel\"\ndrop_higest = 1"))
    assert any("drop_higest" in p for p in problems)


def test_wrong_types_and_kind():
    text = MINIMAL.replace('kind = "direct"', 'kind = "jury"').replace("max = 10", 'max = "ten"')
    problems = refused(text)
    assert any("unknown kind" in p for p in problems)
    assert any("expected a number" in p for p in problems)


def test_missing_name_and_not_toml():
    assert any("name" in p for p in refused(MINIMAL.replace('name = "测试赛"', "")))
    assert any("not valid TOML" in p for p in refused("[contest\nname="))


def test_entry_rounds_must_exist():
    text = MINIMAL + '\n[[entries]]\ncode = "A1"\ntitle = "一"\nrounds = ["semi"]\n'
    assert any("unknown round" in p for p in refused(text))
