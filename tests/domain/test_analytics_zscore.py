"""Rule 1z, `aggregate = "zscore"`: the worked example, its invariances, the contest file and the store."""

from __future__ import annotations

import math
import sqlite3
from decimal import Decimal as D

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from judge_app.domain.contest import Component, Criterion, Round, problems, Contest
from judge_app.domain.contest_file import ContestFileError, parse_contest
from judge_app.domain.results import RoundInputs, compute_round
from judge_app.domain.scoring import zscore_basis, zscore_panel_results, zscore_value
from judge_app.store.database import migrations_dir, open_database

from conftest import DATA


def zpanel(drop_high=0, drop_low=0, maxima=(100,)) -> Component:
    criteria = tuple(Criterion(f"c{i}", f"c{i}", D(m)) for i, m in enumerate(maxima))
    return Component("p", "评审", "panel", D(1), drop_high, drop_low, criteria, aggregate="zscore")


# The worked example of docs/analytics.md: A lenient (mean 85, spread 5), B harsh (75, 5), C wide (80, 10).
EXAMPLE = {
    "E1": {"A": D(90), "B": D(80), "C": D(90)},
    "E2": {"A": D(90), "B": D(70), "C": D(90)},
    "E3": {"A": D(80), "B": D(80), "C": D(70)},
    "E4": {"A": D(80), "B": D(70), "C": D(70)},
}


def test_worked_example():
    results = zscore_panel_results(EXAMPLE, zpanel(), 2)
    basis = results["E1"].basis
    assert basis.location == 80
    assert basis.judges["A"] == (D(85), D(5)) and basis.judges["B"] == (D(75), D(5)) and basis.judges["C"] == (D(80), D(10))
    assert abs(float(basis.spread) - math.sqrt(50)) < 1e-15
    assert {k: str(r.score) for k, r in results.items()} == {"E1": "87.07", "E2": "82.36", "E3": "77.64", "E4": "72.93"}
    assert [(t.judge, t.total) for t in results["E2"].standardised] == [("B", -1), ("A", 1), ("C", 1)]
    assert [t.judge for t in results["E2"].totals] == ["B", "A", "C"]  # ordered by z, raw totals kept


def test_drops_are_by_standardised_value():
    results = zscore_panel_results(EXAMPLE, zpanel(drop_high=1, drop_low=1), 2)
    e2 = results["E2"]
    assert [t.judge for t in e2.dropped_low] == ["B"] and [t.judge for t in e2.dropped_high] == ["C"]
    assert [t.judge for t in e2.kept] == ["A"]
    # z̄ = 1 → M + S = 80 + √50
    assert str(e2.score) == "87.07"


def test_too_few_totals_and_constant_judge():
    totals = {"E1": {"A": D(80), "B": D(60)}, "E2": {"A": D(80), "B": D(70)}, "E3": {}}
    results = zscore_panel_results(totals, zpanel(drop_high=1, drop_low=1), 2)
    assert results["E1"].score is None and results["E3"].score is None
    results = zscore_panel_results(totals, zpanel(), 2)
    # A gave 80 twice: z = 0 for A; B: −1, +1. M = 72.5, S = √((0 + 0 + 25 + 25) / 4) = √12.5
    assert [t.total for t in results["E1"].standardised] == [D(-1), D(0)]
    expected = 72.5 + math.sqrt(12.5) * (-0.5)
    assert abs(float(results["E1"].score) - expected) <= 0.005


def test_clamped_to_the_scale():
    totals = {"E1": {"A": D(100), "B": D(100)}, "E2": {"A": D(0), "B": D(99)}, "E3": {"A": D(0), "B": D(100)}}
    for r in zscore_panel_results(totals, zpanel(), 2).values():
        assert D(0) <= r.score <= D(100)


def test_compute_round_dispatches_on_aggregate():
    round_ = Round("r", "r", (zpanel(),), decimals=2)
    result = compute_round(round_, RoundInputs(("E1", "E2", "E3", "E4"), {"p": EXAMPLE}))
    assert [s.code for s in result.standings] == ["E1", "E2", "E3", "E4"]
    assert result.standing("E1").total == D("87.07")
    assert result.panels["p"]["E1"].aggregate == "zscore"


judge_totals = st.dictionaries(
    st.sampled_from(["E1", "E2", "E3", "E4", "E5", "E6"]),
    st.dictionaries(
        st.sampled_from(["J1", "J2", "J3", "J4", "J5"]),
        st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False),
        min_size=3,
    ),
    min_size=2,
)


def _values(totals, component):
    basis = zscore_basis(totals)
    return {code: zscore_value(t, component, basis)[1] for code, t in totals.items()}


@settings(max_examples=150, deadline=None)
@given(judge_totals, st.sampled_from(["J1", "J2", "J3"]), st.decimals(min_value=-30, max_value=30, places=2), st.booleans())
def test_a_judge_adding_a_constant_changes_no_standardised_value(totals, judge, shift, drops):
    """Adding c to all of one judge's totals leaves every z unchanged, so every entry's value moves by
    the same amount (the panel mean's shift) and the gaps between entries — hence the order — stay."""
    component = zpanel(1, 1) if drops else zpanel()
    shifted = {code: {j: t + shift if j == judge else t for j, t in by.items()} for code, by in totals.items()}
    before, after = zscore_panel_results(totals, component, 2), zscore_panel_results(shifted, component, 2)
    for code in totals:
        zb = {t.judge: t.total for t in before[code].standardised}
        za = {t.judge: t.total for t in after[code].standardised}
        assert zb.keys() == za.keys()
        assert all(abs(zb[j] - za[j]) < D("1e-30") for j in zb)
    vb, va = _values(totals, component), _values(shifted, component)
    count = sum(len(t) for t in totals.values())
    moved = D(sum(1 for by in totals.values() if judge in by)) * shift / count  # M's shift (max total is 100)
    for code in totals:
        if vb[code] is not None:
            assert abs((va[code] - vb[code]) - moved) < D("1e-25")


@settings(max_examples=100, deadline=None)
@given(judge_totals, st.sampled_from(["J1", "J2"]), st.decimals(min_value="0.2", max_value=5, places=1))
def test_a_judge_stretching_their_scale_changes_no_order(totals, judge, factor):
    """z is also unchanged when a judge multiplies all totals by a positive factor: the order stays."""
    component = zpanel()
    stretched = {code: {j: t * factor if j == judge else t for j, t in by.items()} for code, by in totals.items()}
    vb, va = _values(totals, component), _values(stretched, component)
    codes = sorted(totals)
    for a in codes:
        for b in codes:
            if vb[a] - vb[b] > D("1e-20"):
                assert va[a] > va[b]


def test_deterministic_and_exact_context():
    one = zscore_panel_results(EXAMPLE, zpanel(), 4)
    two = zscore_panel_results(dict(reversed(EXAMPLE.items())), zpanel(), 4)
    assert {k: v.score for k, v in one.items()} == {k: v.score for k, v in two.items()}
    assert str(one["E2"].score) == "82.3570"  # 80 + √50 / 3 = 82.35702…


CONTEST = """
[contest]
name = "测试"
[[rounds]]
key = "r"
[[rounds.components]]
key = "p"
kind = "panel"
weight = 1
aggregate = "{aggregate}"
[[rounds.components.criteria]]
key = "x"
max = 10
"""


def test_contest_file_aggregate():
    contest = parse_contest(CONTEST.format(aggregate="zscore"))
    assert contest.round("r").component("p").aggregate == "zscore"
    default = parse_contest(CONTEST.replace('aggregate = "{aggregate}"\n', ""))
    assert default.round("r").component("p").aggregate == "trimmed_mean"
    with pytest.raises(ContestFileError) as exc:
        parse_contest(CONTEST.format(aggregate="mode"))
    assert any("aggregate" in p for p in exc.value.problems)


def test_aggregate_only_on_panels():
    votes = Component("v", "投票", "votes", D(1), aggregate="zscore")
    found = problems(Contest("c", (Round("r", "r", (votes,)),)))
    assert any("aggregate" in p for p in found)


def test_store_round_trip_and_migration(cli, tmp_path):
    text = (DATA / "contest.toml").read_text(encoding="utf-8")
    marked = text.replace('key = "expert"\n', 'key = "expert"\naggregate = "zscore"\n', 1)
    assert marked != text
    toml = tmp_path / "contest.toml"
    toml.write_text(marked, encoding="utf-8")
    path = tmp_path / "c.sqlite"
    assert cli("--db", path, "init", toml).status == 0
    assert cli("--db", path, "scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "expert").status == 0
    from judge_app.services.results.standings import round_report

    db = open_database(str(path))
    report = round_report(db, "final")
    db.close()
    assert report.contest.round("final").component("expert").aggregate == "zscore"
    assert report.contest.round("final").component("audience").aggregate == "trimmed_mean"
    assert all(p.aggregate == "zscore" for p in report.result.panels["expert"].values())

    # An older file (before analytics01) gains the column with the default and keeps its data.
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.downgrade(cfg, "0001")
    con = sqlite3.connect(path)
    assert "aggregate" not in [r[1] for r in con.execute("PRAGMA table_info(component)")]
    con.close()
    db = open_database(str(path))
    db.close()
    con = sqlite3.connect(path)
    assert {r[0] for r in con.execute("SELECT aggregate FROM component")} == {"trimmed_mean"}
    assert con.execute("SELECT COUNT(*) FROM score").fetchone()[0] > 0
    con.close()


def test_explanation_of_a_zscore_panel():
    from judge_app.domain.explanation import DROPPED_HIGH, DROPPED_LOW, KEPT, explain_entry

    round_ = Round("r", "r", (zpanel(drop_high=1, drop_low=1),), decimals=2)
    inputs = RoundInputs(("E1", "E2", "E3", "E4"), {"p": EXAMPLE})
    sheet = explain_entry(compute_round(round_, inputs), inputs, "E3")
    (line,) = sheet.components
    # E3: A 80 (z −1), C 70 (z −1), B 80 (z +1): low A, high B, kept C
    assert [(j.judge, j.total, j.z, j.status) for j in line.judges] == [
        ("A", D(80), D(-1), DROPPED_LOW), ("C", D(70), D(-1), KEPT), ("B", D(80), D(1), DROPPED_HIGH),
    ]
    assert "平均 z = -1.0000" in line.steps[-2]
    assert line.steps[-1].startswith("(M + S × 平均 z) × 100 ÷ 100 = 72.93")
    assert sheet.total_steps == ("总分 = 1 × 72.93 = 72.93 (四舍五入到 2 位小数)",)


def test_rare_name_characters_use_the_kai_face():
    from judge_app.printing import explanation_pdf as pdf

    pdf._register()
    assert pdf.font_for("陈静") == pdf.SANS
    assert pdf.font_for("王䶮") == pdf.KAI


def test_independent_of_the_callers_decimal_context():
    """Rule 1z uses its own fixed contexts: a caller's low-precision context changes nothing."""
    from decimal import ROUND_DOWN, localcontext

    expected = {k: v.score for k, v in zscore_panel_results(EXAMPLE, zpanel(1, 1), 4).items()}
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 6, ROUND_DOWN
        again = {k: v.score for k, v in zscore_panel_results(EXAMPLE, zpanel(1, 1), 4).items()}
    assert again == expected
