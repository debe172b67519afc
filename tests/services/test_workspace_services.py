"""The workspace's services without Qt: templates, double entry, comments, manual conflicts,
roster import, round advance, audit filters, backups, component editing — on both engines, but for
what concerns a contest file (a new one from a template, its backups and copies)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from judge_app.domain.contest import Component
from judge_app.services.scores import double_entry
from judge_app.services.contest import roster
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.conflicts import MANUAL, SAME_UNIT, conflict_matrix, set_conflict
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_edit import components_problems, update_components
from judge_app.services.scores.score_entry import judge_sheet, panel_comments, save_comment, save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.results.standings import round_report
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest.workspace_files import (
    current_contest,
    new_from_template,
    save_copy,
    template_contest,
    templates,
)
from judge_app.table_files.problems import InputRefused
from judge_app.store.database import open_database
from tests.conftest import sqlite_only
from tests.gui_support import EXAMPLES, example_db

D = Decimal


def values(**kw):
    return {k: D(v) for k, v in kw.items()}


@pytest.fixture
def contest_on(engine_url):
    """The test's database on either engine, holding the example contest or a template's; closed after."""
    opened = []

    def make(template: str | None = None):
        db = open_database(engine_url, create=True)
        if template is None:
            create_contest(db, read_contest_file(EXAMPLES / "contest.toml"), "setup")
        else:
            create_contest(db, template_contest(template), "organizer")
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@sqlite_only("a new contest from a template is a new file (a server database is opened, not created)")
def test_every_template_makes_a_valid_contest(tmp_path, engine):
    names = [t.name for t in templates()]
    assert names == ["招商引资“大比武”", "调查研究“大比武”", "“先锋杯”竞赛", "新比赛"]
    for i, t in enumerate(templates()):
        db = new_from_template(tmp_path / f"{i}.sqlite", t.key, "organizer", name=f"测试{i}")
        contest = current_contest(db)
        db.close()
        assert contest.name == f"测试{i}"
        for r in contest.rounds:
            assert sum(c.weight for c in r.components) == 1
    with pytest.raises(ServiceError):
        new_from_template(tmp_path / "0.sqlite", templates()[0].key, "organizer")


def test_double_entry_matching_values_become_official(tmp_path, contest_on):
    db = contest_on()
    v = values(innovation="35", impact="25.5", presentation="20")
    assert double_entry.enter_blind(db, "final", "expert", "E01", "X01", v, "王").state == double_entry.WAITING
    assert judge_sheet(db, "final", "expert", "E01").rows[0].values == {}  # nothing official yet
    # the same clerk typing again does not confirm their own typing
    assert double_entry.enter_blind(db, "final", "expert", "E01", "X01", v, "王").state == double_entry.WAITING
    assert double_entry.enter_blind(db, "final", "expert", "E01", "X01", v, "李").state == double_entry.OFFICIAL
    assert judge_sheet(db, "final", "expert", "E01").rows[0].values == v
    assert double_entry.pending_values(db, "final", "expert", "E01", "王") == {}
    actions = [a.action for a in audit_lines(db, entry="X01")]
    assert actions[:3] == ["double.match", "score.create", "double.enter"]


def test_double_entry_mismatch_is_resolved_with_both_versions_audited(tmp_path, contest_on):
    db = contest_on()
    a = values(innovation="35", impact="25.5", presentation="20")
    b = values(innovation="35", impact="22.5", presentation="20")
    double_entry.enter_blind(db, "final", "expert", "E02", "X03", a, "王")
    outcome = double_entry.enter_blind(db, "final", "expert", "E02", "X03", b, "李")
    assert outcome.state == double_entry.MISMATCH and outcome.mismatch.differing == ("impact",)
    [m] = double_entry.mismatches(db, "final", "expert")
    assert (m.first_clerk, m.second_clerk, m.first["impact"], m.second["impact"]) == ("王", "李", D("25.5"), D("22.5"))
    assert judge_sheet(db, "final", "expert", "E02").rows[2].values == {}
    with pytest.raises(ServiceError):
        double_entry.resolve(db, "final", "expert", "E02", "X01", a, "组长")  # nothing typed twice there
    double_entry.resolve(db, "final", "expert", "E02", "X03", a, "组长", note="按原件")
    assert judge_sheet(db, "final", "expert", "E02").rows[2].values == a
    assert double_entry.mismatches(db, "final", "expert") == []
    [event] = [e for e in audit_lines(db) if e.action == "double.resolve"]
    assert "22.5" in event.old and "25.5" in event.old and event.actor == "组长"


def test_double_entry_refuses_out_of_range_and_incomplete(tmp_path, contest_on):
    db = contest_on()
    with pytest.raises(ServiceError):
        double_entry.enter_blind(db, "final", "expert", "E01", "X01", values(innovation="35"), "王")
    with pytest.raises(ServiceError):
        double_entry.enter_blind(db, "final", "expert", "E01", "X01",
                                 values(innovation="400", impact="1", presentation="1"), "王")


def test_manual_conflict_is_enforced_by_every_score_writer(tmp_path, contest_on):
    db = contest_on()
    set_conflict(db, "E01", "X02", "曾指导该团队 (taught the presenter)", "organizer")
    cell = conflict_matrix(db).cells[("E01", "X02")]
    assert cell.kind == MANUAL and "指导" in cell.reason
    assert judge_sheet(db, "final", "expert", "E01").rows[1].blocked is not None
    with pytest.raises(ServiceError, match="回避"):
        save_scores(db, "final", "expert", "E01", "X02", values(innovation="1", impact="1", presentation="1"), "x")
    with pytest.raises(ServiceError, match="回避"):
        double_entry.enter_blind(db, "final", "expert", "E01", "X02",
                                 values(innovation="1", impact="1", presentation="1"), "x")
    sheet = tmp_path / "scores.csv"
    sheet.write_text("judge,entry,innovation,impact,presentation\nE01,X02,1,1,1\n", encoding="utf-8")
    with pytest.raises(InputRefused, match="回避"):
        import_scores(db, sheet, "final", "expert", "x")
    set_conflict(db, "E01", "X02", None, "organizer")
    assert ("E01", "X02") not in conflict_matrix(db).cells
    assert [a.action for a in audit_lines(db, judge="E01")][:2] == ["conflict.remove", "conflict.set"]


def test_same_unit_conflicts_appear_in_the_matrix(tmp_path, contest_on):
    db = contest_on()
    contest = current_contest(db)
    expected = {(j.code, e.code) for j in contest.judges for e in contest.entries if j.unit and j.unit == e.unit}
    assert expected  # the example contest has same-unit pairs
    cells = conflict_matrix(db).cells
    assert {k for k, c in cells.items() if c.kind == SAME_UNIT} == expected


def test_comments_are_kept_and_audited(tmp_path, contest_on):
    db = contest_on()
    assert save_comment(db, "final", "expert", "E01", "X01", "  思路清晰 ", "clerk")
    assert not save_comment(db, "final", "expert", "E01", "X01", "思路清晰", "clerk")
    assert judge_sheet(db, "final", "expert", "E01").rows[0].comment == "思路清晰"
    assert panel_comments(db, "final", "expert") == {("X01", "E01"): "思路清晰"}
    save_comment(db, "final", "expert", "E01", "X01", "", "clerk")
    assert panel_comments(db, "final", "expert") == {}
    assert [a.action for a in audit_lines(db, entry="X01")] == ["comment.set", "comment.set"]


def test_roster_import_with_mapping(tmp_path, contest_on):
    db = contest_on("4-blank")
    path = tmp_path / "名单.csv"
    path.write_text("序号,项目名称,报送单位,主讲人\nA1,乡村振兴调研,农业农村局,张三、李四\nA2,营商环境调研,发改局,王五\n",
                    encoding="gb18030")
    preview = roster.preview_roster(path, roster.ENTRIES)
    assert preview.encoding == "gb18030" and preview.mapping == {"code": 0, "title": 1, "unit": 2, "members": 3}
    assert roster.import_roster(db, path, roster.ENTRIES, preview.mapping, "organizer") == (2, 0)
    entries = current_contest(db).entries
    assert [(e.code, e.title, e.members) for e in entries] == [("A1", "乡村振兴调研", ("张三", "李四")),
                                                             ("A2", "营商环境调研", ("王五",))]
    judges = tmp_path / "judges.csv"
    judges.write_text("编号,姓名,单位,评审组\nJ1,赵老师,农业农村局,评委评分\nJ2,钱老师,大学,nope\n", encoding="utf-8")
    mapping = roster.preview_roster(judges, roster.JUDGES).mapping
    with pytest.raises(InputRefused, match="nope"):
        roster.import_roster(db, judges, roster.JUDGES, mapping, "organizer")
    assert current_contest(db).judges == ()
    judges.write_text("编号,姓名,单位,评审组\nJ1,赵老师,农业农村局,评委评分\nJ2,钱老师,大学,final.panel\n", encoding="utf-8")
    assert roster.import_roster(db, judges, roster.JUDGES, mapping, "organizer") == (2, 0)
    assert [j.panels for j in current_contest(db).judges] == [("final.panel",), ("final.panel",)]
    assert conflict_matrix(db).cells[("J1", "A1")].kind == SAME_UNIT


def test_advance_top_n_into_the_next_round(tmp_path, contest_on):
    db = contest_on("2-diaoyan")
    path = tmp_path / "entries.csv"
    path.write_text("编号,作品名称\n" + "".join(f"R{i},报告{i}\n" for i in range(1, 6)), encoding="utf-8")
    roster.import_roster(db, path, roster.ENTRIES, {"code": 0, "title": 1}, "organizer")
    judges = tmp_path / "judges.csv"
    judges.write_text("编号,姓名,评审组\n" + "".join(f"J{i},评委{i},report\n" for i in range(1, 4)), encoding="utf-8")
    roster.import_roster(db, judges, roster.JUDGES, {"code": 0, "name": 1, "panels": 2}, "organizer")
    totals = {"R1": 90, "R2": 80, "R3": 80, "R4": 70, "R5": 60}
    for code, total in totals.items():
        for j in ("J1", "J2", "J3"):
            save_scores(db, "prelim", "report", j, code,
                        values(topic=total // 5, method=total // 5, analysis=total * 3 // 10, advice=total * 3 // 10), "c")
    assert [e.code for e in current_contest(db).entries if e.in_round("final")] == []
    result = roster.advance(db, "prelim", "final", "organizer", top=2)
    assert result.added == ["R1", "R2", "R3"]  # R2 and R3 tie for 2nd: both go through
    assert round_report(db, "final").result.standings[0].code in {"R1", "R2", "R3"}
    assert [e.code for e in current_contest(db).entries if e.in_round("final")] == ["R1", "R2", "R3"]
    assert audit_lines(db, actor="organizer")[0].action == "round.advance"


def test_component_edit_validates_weights_like_the_contest_file(tmp_path, contest_on):
    db = contest_on()
    contest = current_contest(db)
    comps = list(contest.round("final").components)
    bad = [Component(**{**c.__dict__, "weight": c.weight + D("0.1") if i == 0 else c.weight}) for i, c in enumerate(comps)]
    assert any("权重" in p for p in components_problems(contest, "final", bad))
    with pytest.raises(ServiceError):
        update_components(db, "final", bad, "organizer")
    good = [Component(**{**c.__dict__, "weight": w}) for c, w in zip(comps, (D("0.3"), D("0.5"), D("0.2")))]
    assert [c.weight for c in comps] == [D("0.2"), D("0.6"), D("0.2")]
    assert update_components(db, "final", good, "organizer") == 2
    assert [c.weight for c in current_contest(db).round("final").components] == [D("0.3"), D("0.5"), D("0.2")]
    assert audit_lines(db)[0].action == "component.update"


@sqlite_only("backups and copies of a contest file (a server database's are pg_dump files: test_engine_backup)")
def test_backup_and_copy_are_openable(tmp_path, engine):
    from judge_app.services.integrity.backups import backup_now, backups_of

    db = example_db(tmp_path)
    target = backup_now(db, "clerk")
    assert backups_of(db.path) == [target]
    copy = save_copy(db, tmp_path / "sub" / "copy.sqlite")
    for path in (target, copy):
        other = open_database(str(path), create=False)
        assert current_contest(other).name == current_contest(db).name
        other.close()
    with pytest.raises(ServiceError):
        save_copy(db, db.path)


def test_components_and_criteria_are_added_and_removed_while_they_hold_no_data(tmp_path, contest_on):
    from dataclasses import replace

    from judge_app.domain.contest import Criterion
    from judge_app.services.scores.direct_import import import_direct

    db = contest_on()
    online, expert, audience = current_contest(db).round("final").components
    onsite = Component("onsite", "现场评分", "direct", D("0.2"))
    # the audience panel goes, a direct-score part comes, expert gains a criterion and loses one
    expert2 = replace(expert, criteria=(*expert.criteria[:2], Criterion("c4", "答辩", D("20"))))
    assert update_components(db, "final", [online, expert2, onsite], "organizer") == 3
    contest = current_contest(db)
    final = contest.round("final")
    assert [c.key for c in final.components] == ["online", "expert", "onsite"]
    assert [k.key for k in final.component("expert").criteria] == ["innovation", "impact", "c4"]
    assert all("final.audience" not in j.panels for j in contest.judges)
    actions = [a.action for a in audit_lines(db) if a.action != "definition.change"][:3]
    assert sorted(actions) == ["component.add", "component.remove", "component.update"]
    # once a part holds data it can neither go nor change kind, and nothing is written
    csv = tmp_path / "d.csv"
    csv.write_text("编号,得分\nX01,88\n", encoding="utf-8")
    import_direct(db, csv, "final", "onsite", "clerk")
    before = audit_lines(db)
    with pytest.raises(ServiceError, match="已有"):
        update_components(db, "final", [online, replace(expert2, weight=D("0.8"))], "organizer")
    with pytest.raises(ServiceError, match="已有"):
        update_components(db, "final", [online, expert2, replace(onsite, kind="votes")], "organizer")
    assert audit_lines(db) == before and current_contest(db) == contest
    # a scored criterion cannot be removed
    judge = next(j.code for j in contest.judges if j.sits_on("final", "expert"))
    entry = judge_sheet(db, "final", "expert", judge).rows[0].entry
    save_scores(db, "final", "expert", judge, entry, {"innovation": D(30), "impact": D(30), "c4": D(10)}, "clerk")
    with pytest.raises(ServiceError, match="评分项"):
        update_components(db, "final", [online, replace(expert2, criteria=expert2.criteria[:2]), onsite], "organizer")


def test_a_round_is_added_after_the_last_and_removed_while_unused(tmp_path, contest_on):
    from judge_app.services.contest.contest_edit import append_round, remove_round

    db = contest_on()
    added = append_round(db, "复赛", "organizer")
    contest = current_contest(db)
    assert [r.key for r in contest.rounds] == ["final", added.key] and contest.round(added.key).name == "复赛"
    assert [(c.kind, c.weight) for c in contest.round(added.key).components] == [("panel", D(1))]
    assert audit_lines(db)[0].action == "round.add"
    # once entries advance into it, it is in use
    roster.advance(db, "final", added.key, "organizer", codes=["X01"])
    with pytest.raises(ServiceError, match="已有作品或数据"):
        remove_round(db, added.key, "organizer")
    other = append_round(db, "加赛", "organizer")
    remove_round(db, other.key, "organizer")
    assert [r.key for r in current_contest(db).rounds] == ["final", added.key]
    assert audit_lines(db)[0].action == "round.remove"
    with pytest.raises(ServiceError):
        remove_round(db, "nope", "organizer")
