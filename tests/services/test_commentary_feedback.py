"""`judge-app feedback`: the 专家点评意见 sheet, named or anonymous, one page per entry (issue 22)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from judge_app.domain.commentary import entry_remarks, panel_role
from judge_app.domain.contest_file import parse_contest
from integrity_support import contest_toml

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")

SHEET = ("评委编号,作品编号,项目质量,招商成效,路演表现,现场答辩,点评\n"
         "E01,Z01,21.5,21.5,15,16,选址论证充分，建议补充税收测算。\n"
         "E04,Z01,20,23,13.5,11.5,\n"
         "E02,Z02,21,19.5,16,14,路演表达清晰。\n")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from judge_app.services.contest.demo import load_demo

    path = tmp_path_factory.mktemp("feedback") / "demo.sqlite"
    load_demo(str(path), "tester")
    return path


@pytest.fixture
def commented(cli, demo, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo, path)
    sheet = tmp_path / "expert.csv"
    sheet.write_text(SHEET, encoding="gbk")
    done = cli("--db", path, "scores", "import", sheet, "--round", "final", "--component", "expert")
    assert done.status == 0, done.err
    return path


def pdf_text(path) -> list[str]:
    """The text of each page."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_named_sheet_prints_each_comment_under_the_judges_name_and_title(cli, commented, tmp_path):
    out = tmp_path / "fb.pdf"
    done = cli("--db", commented, "feedback", "--round", "final", "--out", out, "--entry", "Z01", "Z02", "Z09")
    assert done.status == 0, done.err
    z01, z02, z09 = pdf_text(out)
    assert "专家点评意见" in z01 and "Z01" in z01 and "新能源汽车零部件产业园招商项目" in z01 and "陈静" in z01
    assert "选址论证充分，建议补充税收测算。" in z01 and "陈教授" in z01 and "教授 · 华南理工大学" in z01
    assert "刘研究员" in z01  # the demo's own comment, not in this sheet, stays
    assert "黄总经理" not in z01  # an empty cell cleared the demo's comment: nothing printed
    assert "刘研究员" in z02 and "路演表达清晰。" in z02
    assert "本作品暂无专家点评意见" in z09
    assert "2025年9月18日" in z01 and "2025年全市招商引资" in z01
    assert "得分" not in z01


def test_anonymous_sheet_names_no_judge(cli, commented, tmp_path):
    out = tmp_path / "fb.pdf"
    done = cli("--db", commented, "feedback", "--round", "final", "--out", out, "--anonymous", "--scores")
    assert done.status == 0, done.err
    pages = pdf_text(out)
    assert len(pages) == 20  # every entry of the round, one page each
    everything = " ".join(pages)
    assert "选址论证充分，建议补充税收测算。" in everything and "路演表达清晰。" in everything
    for name in ("陈教授", "刘研究员", "华南理工大学", "教授 ·"):
        assert name not in everything
    z01 = next(p for p in pages if "Z01" in p)
    assert "评委1" in z01 and "得分" in z01 and "总分" in z01
    assert "评委2 路演表达清晰" in next(p for p in pages if "编号: Z02" in p)  # E02's number on every entry


def test_an_unknown_entry_is_refused(cli, commented, tmp_path):
    refused = cli("--db", commented, "feedback", "--round", "final", "--out", tmp_path / "fb.pdf", "--entry", "ZZ9")
    assert refused.status == 2 and "ZZ9" in refused.err
    assert not (tmp_path / "fb.pdf").exists()


def test_remarks_follow_panel_order_and_judge_code():
    contest = parse_contest(contest_toml(entries=2, judges=3))
    round_ = contest.round("final")
    comments = {"expert": {("E0001", "J3"): "三", ("E0001", "J1"): " 一 ", ("E0001", "J2"): "  ", ("E0002", "J1"): "别的"}}
    named = entry_remarks(contest, round_, comments, "E0001")
    assert [(r.judge, r.text, r.profile) for r in named] == [("J1", "一", ""), ("J3", "三", "")]
    assert [r.speaker for r in entry_remarks(contest, round_, comments, "E0001", anonymous=True)] == ["评委1", "评委3"]
    assert panel_role(contest.judges, "final", "expert") == {"J1": "评委1", "J2": "评委2", "J3": "评委3"}
