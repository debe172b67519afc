"""The show's logic: the running order draw, the reveal beats, what stays hidden, the board, the awards."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from judge_app.services.contest import running_order
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.results.result_formats import as_dict
from judge_app.services.results.standings import round_report
from judge_app.stage import show as sh
from judge_app.stage.countdown import NORMAL, OVERTIME, WARNING, Countdown
from tools.stage_screenshots import build_demo_db
from judge_app.store import audit


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = build_demo_db(tmp_path_factory.mktemp("show") / "demo.sqlite", hold_back="Z05")
    yield db
    db.close()


def official(db) -> dict:
    return {e["code"]: e for e in as_dict(round_report(db, "final"))["entries"]}


def test_draw_is_reproducible_from_its_seed_stored_and_audited(demo):
    order = running_order.draw_order(demo, "final", "主持人", seed=123456)
    codes = [e.code for e in round_report(demo, "final").contest.entries]
    assert sorted(order.codes) == sorted(codes)
    assert order.codes == running_order.reproduce(123456, reversed(codes))  # input order does not matter
    assert order.codes != tuple(sorted(codes))
    again = running_order.draw_order(demo, "final", "主持人", seed=654321)
    stored = running_order.current_order(demo, "final")
    assert stored == again and stored.seed == 654321
    with demo.session() as session:
        events = audit.events(session, "running_order:final")
    assert [e.action for e in events][-2:] == ["running_order.draw", "running_order.draw"]
    last = events[-1]
    assert json.loads(last.new) == {"method": "draw", "seed": 654321, "order": list(again.codes)}
    assert json.loads(last.old)["seed"] == 123456
    assert last.actor == "主持人"


def test_a_fresh_draw_has_a_six_digit_seed(demo):
    order = running_order.draw_order(demo, "final", "host")
    assert 100000 <= order.seed <= 999999
    assert order.codes == running_order.reproduce(order.seed, order.codes)


def test_fixed_order_must_name_each_entry_once(demo):
    codes = [e.code for e in round_report(demo, "final").contest.entries]
    with pytest.raises(ServiceError):
        running_order.fix_order(demo, "final", "host", codes[:-1])
    fixed = running_order.fix_order(demo, "final", "host", list(reversed(codes)))
    assert fixed.codes == tuple(reversed(codes)) and fixed.seed is None
    assert running_order.current_order(demo, "final").method == "fixed"


def make_show(db, **options) -> sh.Show:
    order = running_order.draw_order(db, "final", "host", seed=20250918)
    return sh.Show(round_report(db, "final"), order, sh.Options(**options))


def test_steps_follow_the_running_order(demo):
    show = make_show(demo)
    scenes = [s.scene for s in show.steps]
    assert scenes[:3] == [sh.TITLE, sh.ORDER, sh.ENTRY]
    entries = [s.entry for s in show.steps if s.scene == sh.ENTRY]
    assert tuple(entries) == show.order.codes
    # demo panels: 7 experts and 9 on-site judges, each dropping one high and one low
    full = next(c for c in show.order.codes if c not in ("Z05", "Z20"))
    assert show.beats(full) == 1 + (7 + 1 + 1) + (9 + 1 + 1) + 1
    assert scenes[-1] == sh.AWARDS


def test_reveal_beats_show_judges_in_turn_then_strike_then_scores(demo):
    show = make_show(demo, anonymise=True)
    report = show.report
    code = "Z03"
    start = show.first(sh.REVEAL, code)
    expert = report.result.panels["expert"][code]

    def beat(b):  # the step showing the first b beats
        show.go(start + b - 1)

    beat(1)  # the vote score
    f = show.frame()
    assert f.components[0].score == str(report.result.standing(code).components["online"])
    assert f.components[1].judges == () and f.total is None

    beat(3)  # two expert totals in, nothing struck
    f = show.frame()
    cells = f.components[1].judges
    in_turn = sorted(expert.totals, key=lambda jt: jt.judge)
    assert [c.label for c in cells] == ["评委1", "评委2"]
    assert [c.total for c in cells] == [str(jt.total) for jt in in_turn[:2]]
    assert not any(c.struck for c in cells)

    beat(1 + 7 + 1)  # all seven in, then the strike beat
    f = show.frame()
    struck = {c.total for c in f.components[1].judges if c.struck}
    assert len([c for c in f.components[1].judges if c.struck]) == 2
    assert struck == {str(expert.dropped_low[0].total), str(expert.dropped_high[0].total)}
    assert f.components[1].score is None

    beat(1 + 7 + 1 + 1)
    assert show.frame().components[1].score == str(expert.score)
    assert code not in show.released

    beat(show.beats(code) - 1)
    assert show.frame().total is None and code not in show.released
    beat(show.beats(code))
    f = show.frame()
    assert f.total == str(report.result.standing(code).total)
    assert f.total == official(demo)[code]["total"]  # exactly what `judge-app rank` prints
    assert code in show.released


def test_judge_names_when_not_anonymous(demo):
    show = make_show(demo, anonymise=False)
    show.go(show.first(sh.REVEAL, "Z03") + 2)
    assert show.frame().components[1].judges[0].label == "陈教授"


def test_hidden_results_stay_hidden_until_released(demo):
    show = make_show(demo)
    z03 = show.report.result.standing("Z03")
    last_beat = show.first(sh.REVEAL, "Z03") + show.beats("Z03") - 1
    for i in range(last_beat):
        step = show.go(i)
        f = show.frame()
        if step.scene == sh.BOARD:
            line = next(ln for ln in f.waiting if ln.code == "Z03")
            assert (line.total, line.status, line.place) == (None, "hidden", "")
            assert "Z03" not in [ln.code for ln in f.lines], "a hidden result is listed apart"
            ranked = [ln for ln in f.lines if ln.status == "ranked"]
            # 当前第 N 名: the place among the released totals only, never the official rank
            assert [ln.place for ln in ranked] == [
                str(1 + sum(Decimal(o.total) > Decimal(ln.total) for o in ranked)) for ln in ranked]
        if step.scene == sh.REVEAL and step.entry == "Z03":
            assert f.total is None and f.rank is None
        assert "Z03" not in show.released
    show.go(last_beat)
    assert show.frame().total == str(z03.total)
    show.next()
    line = next(ln for ln in show.frame().lines if ln.code == "Z03")
    assert line.total == str(z03.total) and line.status == "ranked"


def test_live_totals_show_the_official_ranking_at_once(demo):
    show = make_show(demo, live_totals=True)
    show.jump(sh.BOARD, show.order.codes[0])
    f = show.frame()
    ref = official(demo)
    ranked = [ln for ln in f.lines if ln.status == "ranked"]
    assert [(ln.code, ln.place, ln.total) for ln in ranked] == [
        (c, str(e["rank"]), e["total"]) for c, e in ref.items() if e["rank"] is not None
    ]
    pending = [ln for ln in f.lines if ln.status == "pending"]
    assert [ln.code for ln in pending] == ["Z05"] and pending[0].total is None
    assert [ln.top for ln in ranked[:4]] == [True, True, True, False]


def test_awards_go_from_the_lowest_tier_up_one_name_at_a_time(demo):
    show = make_show(demo)
    awards = [i for i, s in enumerate(show.steps) if s.scene == sh.AWARDS]
    standings = show.report.result.standings
    seen = []
    for i in awards:
        show.go(i)
        f = show.frame()
        assert f.names[-1].newest and not any(a.newest for a in f.names[:-1])
        seen.append((f.tier, f.names[-1].code))
    tiers_in_turn = list(dict.fromkeys(t for t, _ in seen))
    assert tiers_in_turn == ["优秀奖", "三等奖", "二等奖", "一等奖"]
    by_code = {s.code: s for s in standings}
    assert all(by_code[c].award == t for t, c in seen)
    assert seen[-1][1] == next(s.code for s in standings if s.rank == 1)
    assert len(seen) == sum(1 for s in standings if s.award)


def test_update_keeps_the_place_when_numbers_change(demo):
    show = make_show(demo)
    show.jump(sh.REVEAL, "Z03")
    show.next()
    here = show.step
    show.update(round_report(demo, "final"))
    assert show.step == here


def test_countdown_phases():
    now = [0.0]
    cd = Countdown(120, clock=lambda: now[0])
    assert (cd.text(), cd.phase()) == ("02:00", NORMAL)
    cd.start()
    now[0] = 59.5
    assert (cd.text(), cd.phase()) == ("01:01", NORMAL)
    now[0] = 61
    assert (cd.text(), cd.phase()) == ("00:59", WARNING)
    cd.pause()
    now[0] = 500
    assert cd.text() == "00:59"
    cd.start()
    now[0] = 500 + 59 + 65
    assert (cd.text(), cd.phase()) == ("+01:05", OVERTIME)
    cd.reset()
    assert (cd.text(), cd.phase(), cd.running) == ("02:00", NORMAL, False)


def test_change_probe_sees_commits_from_other_connections_only(demo):
    from decimal import Decimal

    from judge_app.services.scores.score_entry import save_scores
    from judge_app.store.change_probe import ChangeProbe
    from judge_app.store.database import open_database

    probe = ChangeProbe(demo)
    try:
        assert not probe.changed()
        round_report(demo, "final")  # reading is not a change
        assert not probe.changed()
        other = open_database(str(demo.path))  # another engine, as a second app instance would have
        try:
            save_scores(other, "final", "onsite", "P01", "Z01", {"overall": Decimal("9.5")}, "clerk")
        finally:
            other.close()
        assert probe.changed()
        assert not probe.changed()  # once per change
        save_scores(demo, "final", "onsite", "P01", "Z01", {"overall": Decimal("9.5")}, "clerk")  # unchanged value
        assert not probe.changed()
    finally:
        probe.close()


def test_the_live_stage_backs_up_every_few_minutes(qapp, tmp_path):
    """While the stage is open a backup is made when the newest is older than five minutes."""
    import os
    import time

    from judge_app.services.contest.demo import load_demo
    from judge_app.stage.controller import BACKUP_EVERY_S, StageController
    from judge_app.store.backup import list_backups
    from judge_app.store.database import open_database

    path = tmp_path / "live.sqlite"
    load_demo(str(path), "tester")
    db = open_database(str(path))
    try:
        controller = StageController(db, "final", poll=False)
        old = time.time() - BACKUP_EVERY_S - 5
        for earlier in list_backups(path):  # the demo's imports made backups: make them old
            os.utime(earlier, (old, old))
        before = len(list_backups(path))
        first = controller.backup_if_due()
        assert first is not None and first.exists()
        assert controller.backup_if_due() is None  # the newest is fresh
        os.utime(first, (old, old))
        assert controller.backup_if_due() is not None
        assert len(list_backups(path)) == before + 2
    finally:
        db.close()
