"""Judges' profiles (职称, 工作单位): contest file, roster import, `contest show`, and why they stay
out of the seal (issue 22)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from judge_app.domain.contest_file import ContestFileError, parse_contest
from judge_app.services.contest import roster
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.contest_store import load_contest
from judge_app.store.database import open_database
from integrity_support import contest_toml, signed_off_demo
from tests.services.test_seal import behind_the_app

PROFILED = contest_toml(entries=3, judges=0) + """
[[judges]]
code = "J1"
name = "孙立群"
unit = "东莞理工学院"
title = "教授"
panels = ["final.expert"]

[[judges]]
code = "J2"
name = "钱敏"
unit = "市社科院"
title = "研究员"
affiliation = "东莞市社会科学院"
panels = ["final.expert"]
"""


def test_the_contest_file_carries_title_and_affiliation():
    contest = parse_contest(PROFILED)
    sun, qian = contest.judges
    assert (sun.title, sun.affiliation, sun.works_at) == ("教授", "", "东莞理工学院")
    assert qian.profile() == "研究员 · 东莞市社会科学院"
    with pytest.raises(ContestFileError, match="titel"):
        parse_contest(PROFILED.replace('title = "教授"', 'titel = "教授"'))


def test_contest_show_lists_each_judge_with_title_and_affiliation(cli, tmp_path):
    (tmp_path / "c.toml").write_text(PROFILED, encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert cli("--db", db, "init", tmp_path / "c.toml").status == 0
    shown = cli("--db", db, "contest", "show")
    assert shown.status == 0
    assert "J1\t孙立群\t职称: 教授\t工作单位: 东莞理工学院" in shown.out
    assert "J2\t钱敏\t职称: 研究员\t工作单位: 东莞市社会科学院" in shown.out


def test_the_roster_import_reads_title_and_affiliation_columns_audited(tmp_path):
    (tmp_path / "c.toml").write_text(PROFILED, encoding="utf-8")
    db = open_database(str(tmp_path / "c.sqlite"), create=True)
    create_contest(db, read_contest_file(tmp_path / "c.toml"), "organizer")
    sheet = tmp_path / "judges.csv"
    sheet.write_text("编号,姓名,单位,职称,工作单位,评审组\nJ1,孙立群,东莞理工学院,二级教授,东莞理工学院经管学院,expert\n"
                     "J3,赵一,市统计局,高级统计师,,expert\n", encoding="gbk")
    preview = roster.preview_roster(sheet, roster.JUDGES)
    assert preview.mapping["title"] == 3 and preview.mapping["affiliation"] == 4 and preview.mapping["unit"] == 2
    assert roster.import_roster(db, sheet, roster.JUDGES, preview.mapping, "organizer") == (1, 1)
    with db.session() as session:
        judges = {j.code: j for j in load_contest(session).contest.judges}
        old, new = (json.loads(v) for v in session.execute(text(
            "SELECT old, new FROM audit_event WHERE action = 'judge.update' AND target = 'judge:J1'")).one())
    assert judges["J1"].profile() == "二级教授 · 东莞理工学院经管学院"
    assert judges["J3"].profile() == "高级统计师 · 市统计局"  # no affiliation: the unit is printed
    assert (old["title"], new["title"], new["affiliation"]) == ("教授", "二级教授", "东莞理工学院经管学院")


def test_a_list_with_only_a_work_unit_column_fills_unit_and_affiliation(tmp_path):
    sheet = tmp_path / "judges.csv"
    sheet.write_text("编号,姓名,工作单位\nJ1,孙立群,东莞理工学院\n", encoding="utf-8")
    mapping = roster.preview_roster(sheet, roster.JUDGES).mapping
    assert mapping["unit"] == mapping["affiliation"] == 2 and mapping["title"] is None


@pytest.fixture(scope="module")
def sealed_template(tmp_path_factory) -> Path:
    return signed_off_demo(tmp_path_factory.mktemp("sealed") / "demo.sqlite")


def test_the_seal_does_not_cover_title_and_affiliation(cli, sealed_template, tmp_path):
    """Title and affiliation change no score, rank or award: the seal leaves them out
    (store.seal_inputs), so rounds sealed before migration comment01 still verify; the judge's
    name and unit are sealed (test_seal). A change made outside the app is still caught by the
    audit trail's own check."""
    path = tmp_path / "sealed.sqlite"
    shutil.copy(sealed_template, path)
    behind_the_app(path, "UPDATE judge SET title = '正高级经济师', affiliation = '别处' WHERE code = 'E02'")
    ranked = cli("--db", path, "rank", "--round", "final")
    assert ranked.status == 0 and "SEAL" not in ranked.out and "封印" not in ranked.err
    assert cli("--db", path, "audit", "verify").status == 1  # outside the app: the audit trail notices
    behind_the_app(path, "UPDATE judge SET name = '别人' WHERE code = 'E02'")
    assert "SEAL BROKEN" in cli("--db", path, "rank", "--round", "final").out
