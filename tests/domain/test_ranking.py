"""Rules 5 and 6: ranking with tie-breaks and shared ranks, award tiers, unranked entries."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from judge_app.domain.contest import AwardTier, Component, Round
from judge_app.domain.ranking import award_for, rank_round


def make_round(tie_break=(), awards=((("一等奖", 1), ("二等奖", 2), ("三等奖", 3)))):
    comps = (Component("a", "甲", "direct", D("0.5")), Component("b", "乙", "direct", D("0.5")))
    return Round("r", "决赛", comps, tuple(AwardTier(n, c) for n, c in awards), 2, tuple(tie_break))


def scores(**entries):
    return {code: {"a": D(a) if a is not None else None, "b": D(b) if b is not None else None}
            for code, (a, b) in entries.items()}


def test_total_descending():
    standings = rank_round(make_round(), scores(X1=("80", "80"), X2=("90", "90"), X3=("70", "70")))
    assert [(s.code, s.rank, str(s.total)) for s in standings] == [("X2", 1, "90.00"), ("X1", 2, "80.00"), ("X3", 3, "70.00")]


def test_competition_ranking_1_2_2_4():
    standings = rank_round(make_round(), scores(A=("90", "90"), B=("80", "80"), C=("70", "90"), D=("70", "70")))
    assert [(s.code, s.rank) for s in standings] == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]


def test_tie_break_by_component_in_order():
    # equal totals 80; tie-break on b: C has b=90, B has b=80
    standings = rank_round(make_round(tie_break=("b",)), scores(A=("90", "90"), B=("80", "80"), C=("70", "90")))
    assert [(s.code, s.rank) for s in standings] == [("A", 1), ("C", 2), ("B", 3)]


def test_tie_break_exhausted_shares_rank_listed_by_code():
    standings = rank_round(make_round(tie_break=("a",)), scores(Z=("80", "80"), Y=("80", "80"), X=("90", "90")))
    assert [(s.code, s.rank) for s in standings] == [("X", 1), ("Y", 2), ("Z", 2)]


def test_unranked_after_by_code_with_nulls():
    standings = rank_round(make_round(), scores(B=("80", None), A=(None, None), C=("70", "70")))
    assert [(s.code, s.rank, s.total, s.award) for s in standings] == [
        ("C", 1, D("70.00"), "一等奖"), ("A", None, None, None), ("B", None, None, None)
    ]
    assert standings[2].missing == ("b",)


def test_award_ranges_1_2_3():
    tiers = [AwardTier("一等奖", 1), AwardTier("二等奖", 2), AwardTier("三等奖", 3), AwardTier("优秀奖")]
    assert [award_for(r, tiers) for r in range(1, 9)] == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "优秀奖", "优秀奖"]


def test_ranks_beyond_every_tier_get_none():
    tiers = [AwardTier("一等奖", 1), AwardTier("二等奖", 2)]
    assert award_for(3, tiers) == "二等奖" and award_for(4, tiers) is None


def test_tied_entries_share_an_award_across_a_boundary():
    # ranks 1, 2, 2, 2: tier 2 covers ranks 2–3 → all three rank-2 entries are 二等奖; rank 5 is 三等奖
    standings = rank_round(make_round(), scores(A=("90", "90"), B=("80", "80"), C=("80", "80"), D=("80", "80"), E=("70", "70")))
    assert [(s.code, s.rank, s.award) for s in standings] == [
        ("A", 1, "一等奖"), ("B", 2, "二等奖"), ("C", 2, "二等奖"), ("D", 2, "二等奖"), ("E", 5, "三等奖"),
    ]


def test_tie_at_the_top_skips_the_next_tier():
    standings = rank_round(make_round(), scores(A=("90", "90"), B=("90", "90"), C=("80", "80"), D=("70", "70")))
    # ranks 1, 1, 3, 4: tier 二等奖 covers ranks 2–3 → C; 三等奖 covers 4–6 → D
    assert [(s.code, s.award) for s in standings] == [("A", "一等奖"), ("B", "一等奖"), ("C", "二等奖"), ("D", "三等奖")]


entry_scores = st.dictionaries(
    st.from_regex(r"[A-Z][0-9]{2}", fullmatch=True),
    st.tuples(st.integers(0, 20), st.integers(0, 20)),
    min_size=1, max_size=30,
)


@given(entry_scores, st.booleans())
def test_ranking_is_a_permutation_and_ties_share_ranks(raw, tie_break):
    data = {code: {"a": D(a) * 5, "b": D(b) * 5} for code, (a, b) in raw.items()}
    round_ = make_round(tie_break=("b",) if tie_break else ())
    standings = rank_round(round_, data)
    assert sorted(s.code for s in standings) == sorted(data)
    ranks = [s.rank for s in standings]
    assert ranks[0] == 1
    for i, s in enumerate(standings):
        merit = (s.total, s.components["b"]) if tie_break else (s.total,)
        ahead = [t for t in standings if ((t.total, t.components["b"]) if tie_break else (t.total,)) > merit]
        assert s.rank == len(ahead) + 1  # competition ranking
        if i:
            prev = standings[i - 1]
            prev_merit = (prev.total, prev.components["b"]) if tie_break else (prev.total,)
            assert (prev.rank == s.rank) == (prev_merit == merit)


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=40, unique=True), st.lists(st.integers(1, 5), max_size=4))
def test_awards_cover_exactly_the_counts_without_ties(totals, counts):
    tiers = [AwardTier(f"T{i}", c) for i, c in enumerate(counts)]
    comps = (Component("a", "a", "direct", D(1)),)
    round_ = Round("r", "r", comps, tuple(tiers), 1)
    standings = rank_round(round_, {f"E{i:03d}": {"a": D(t) / 10} for i, t in enumerate(totals)})
    for i, tier in enumerate(tiers):
        expected = max(0, min(tier.count, len(totals) - sum(counts[:i])))
        assert sum(s.award == tier.name for s in standings) == expected
    assert sum(s.award is None for s in standings) == max(0, len(totals) - sum(counts))


@given(entry_scores)
def test_tied_entries_always_share_the_award(raw):
    data = {code: {"a": D(a), "b": D(b)} for code, (a, b) in raw.items()}
    standings = rank_round(make_round(), data)
    by_rank = {}
    for s in standings:
        by_rank.setdefault(s.rank, set()).add(s.award)
    assert all(len(awards) == 1 for awards in by_rank.values())
