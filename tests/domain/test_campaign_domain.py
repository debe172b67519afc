"""The campaign's aggregation, directly: points, best rank with ties, units in one contest only,
aliases and normalisation, near-duplicates, unsigned contests, the 推选 order, the file's refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from judge_app.domain import campaign as dc

AWARDS = ("一等奖", "二等奖", "三等奖")


def entry(code, unit, rank, award=None, total="90"):
    return dc.EntryResult(code, f"作品{code}", unit, ("甲",), rank, award, Decimal(total) if total else None)


def contest(name, entries, signed=True, awards=AWARDS):
    return dc.ContestResult(f"{name}.sqlite", name, "final", "决赛", signed, awards, tuple(entries))


def campaign(points=None, aliases=None):
    return dc.CampaignDef("活动", "2025", "工委", (), points or {}, aliases or {})


def test_points_awards_and_units_in_one_contest_only():
    a = contest("A", [entry("1", "市商务局", 1, "一等奖"), entry("2", "市商务局", 3, "三等奖"), entry("3", "团市委", 2, "二等奖")])
    b = contest("B", [entry("1", "团市委", 1, "一等奖")])
    s = dc.summarise(campaign({"一等奖": Decimal(10), "二等奖": Decimal("2.5")}), [a, b])
    assert [u.unit for u in s.units] == ["团市委", "市商务局"]
    first, second = s.units
    assert first.points == Decimal("12.5") and first.entries == 2
    assert second.points == Decimal(10) and second.awards == {"一等奖": 1, "三等奖": 1}
    assert second.per_contest["B"] == dc.ContestLine(0, None, ())
    assert second.per_contest["A"] == dc.ContestLine(2, 1, ("一等奖", "三等奖"))
    assert dc.format_points(first.points) == "12.5" and dc.format_points(Decimal("10.00")) == "10"


def test_ties_in_best_rank_and_unranked_entries():
    a = contest("A", [entry("1", "甲局", 2, "二等奖"), entry("2", "乙局", 2, "二等奖"), entry("3", "甲局", None, None, None)])
    s = dc.summarise(campaign(), [a])
    lines = {u.unit: u.per_contest["A"] for u in s.units}
    assert lines["甲局"] == dc.ContestLine(2, 2, ("二等奖",))
    assert lines["乙局"].best_rank == 2
    assert [u.unit for u in s.units] == sorted(lines)  # equal points: by name


def test_normalisation_and_aliases_merge_units():
    a = contest("A", [entry("1", "市　商务局", 1, "一等奖"), entry("2", " 东莞市商务局 ", 2, "二等奖")])
    b = contest("B", [entry("1", "ＡＢＣ  Group", 1, "一等奖")])
    plain = dc.summarise(campaign(), [a, b])
    assert {u.unit for u in plain.units} == {"市商务局", "东莞市商务局", "ABC Group"}
    assert plain.near_duplicates == (("东莞市商务局", "市商务局"),)
    merged = dc.summarise(campaign(aliases={"东莞市商务局": "市商务局"}), [a, b])
    assert {u.unit for u in merged.units} == {"市商务局", "ABC Group"}
    assert merged.near_duplicates == ()


def test_unsigned_contests_keep_their_mark():
    s = dc.summarise(campaign(), [contest("A", [entry("1", "甲", 1, "一等奖")], signed=False)])
    assert s.contests[0].signed is False


def test_recommend_by_tier_then_rank_then_contest_order():
    a = contest("A", [entry("1", "甲", 1, "一等奖"), entry("2", "乙", 2, "二等奖"), entry("3", "丙", 4, None)])
    b = contest("B", [entry("1", "丁", 1, "一等奖"), entry("2", "戊", 2, "一等奖")], awards=("一等奖",))
    picked = dc.recommend([a, b], 10)
    assert [(r.contest.name, r.entry.code) for r in picked] == [("A", "1"), ("B", "1"), ("B", "2"), ("A", "2")]
    assert len(dc.recommend([a, b], 2)) == 2


@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙", "丁"]), st.integers(1, 5), st.sampled_from([None, *AWARDS])),
                max_size=30),
       st.lists(st.tuples(st.sampled_from(["甲", "乙", "戊"]), st.integers(1, 5), st.sampled_from([None, *AWARDS])),
                max_size=30))
def test_summary_properties(rows_a, rows_b):
    points = {"一等奖": Decimal(10), "二等奖": Decimal("6"), "三等奖": Decimal("0.5")}
    contests = [contest(name, [entry(str(i), u, r, a) for i, (u, r, a) in enumerate(rows)])
                for name, rows in (("A", rows_a), ("B", rows_b))]
    s = dc.summarise(campaign(points), contests)
    assert sum(u.entries for u in s.units) == len(rows_a) + len(rows_b)
    assert sum(u.points for u in s.units) == sum(points.get(a, 0) for _, _, a in rows_a + rows_b if a)
    keys = [(-u.points, u.unit) for u in s.units]
    assert keys == sorted(keys)
    for u in s.units:
        for name, rows in (("A", rows_a), ("B", rows_b)):
            mine = [r for unit, r, _ in rows if unit == u.unit]
            line = u.per_contest[name]
            assert line.entries == len(mine)
            assert line.best_rank == (min(mine) if mine else None)


def parse(text_points=None, **extra):
    data = {"campaign": {"name": "活动", "year": 2025}, "contests": [{"file": "a.sqlite"}], **extra}
    if text_points is not None:
        data["points"] = text_points
    return dc.parse_campaign(data, "c.toml")


def test_parse_campaign_accepts_exact_points():
    c = parse({"一等奖": Decimal("10"), "二等奖": 6, "三等奖": "2.5"}, aliases={"东莞市 商务局": "市商务局"})
    assert c.points == {"一等奖": Decimal(10), "二等奖": Decimal(6), "三等奖": Decimal("2.5")}
    assert c.aliases == {"东莞市商务局": "市商务局"} and c.year == "2025"


@pytest.mark.parametrize("value", ["十", True, [1], "nan", -1, "inf"])
def test_parse_campaign_refuses_non_numeric_points(value):
    with pytest.raises(dc.CampaignError) as exc:
        parse({"一等奖": value})
    assert "一等奖" in exc.value.problems[0] and exc.value.source == "c.toml"


def test_parse_campaign_refuses_missing_parts():
    with pytest.raises(dc.CampaignError) as exc:
        dc.parse_campaign({"contests": [], "extra": {}}, "c.toml")
    text = " ".join(exc.value.problems)
    assert "[campaign]" in text and "[[contests]]" in text and "extra" in text


def test_unknown_awards():
    c = parse({"一等奖": 1, "特等奖": 2})
    assert dc.unknown_awards(c, [contest("A", [])]) == ["特等奖"]
