"""The experts' comments in the files: the results XLSX (`rank --xlsx`, the results page's export)
and, when the organizer chooses, the showcase package's winner cards (issue 22)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from judge_app.table_files.xlsx_writer import formula_cells

SHEET = ("评委编号,作品编号,项目质量,招商成效,路演表现,现场答辩,点评\n"
         "E01,Z03,21.5,21.5,15,16,=HYPERLINK(\"http://x\")，招商链条完整。\n")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    from judge_app.services.contest.demo import load_demo

    path = tmp_path_factory.mktemp("exports") / "demo.sqlite"
    load_demo(str(path), "tester")
    return path


@pytest.fixture
def demo(cli, demo_template, tmp_path) -> Path:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    sheet = tmp_path / "expert.csv"
    sheet.write_text(SHEET, encoding="gbk")
    assert cli("--db", path, "scores", "import", sheet, "--round", "final", "--component", "expert").status == 0
    return path


def test_results_xlsx_carries_each_comment_with_the_judges_profile(cli, demo, tmp_path):
    out = tmp_path / "results.xlsx"
    done = cli("--db", demo, "rank", "--round", "final", "--xlsx", out)
    assert done.status == 0, done.err
    assert "专家点评 9 条" in done.err
    book = load_workbook(out)
    assert book.sheetnames == ["决赛", "专家点评", "评分明细"]  # 评分明细: every mark behind the ranking
    rows = list(book["专家点评"].iter_rows(values_only=True))
    assert rows[0] == ("编号", "作品", "评审组", "评委编号", "评委", "职称", "工作单位", "点评")
    assert rows[1][:7] == ("Z03", "高端装备制造产业集聚区", "专家评审", "E01", "陈教授", "教授", "华南理工大学")
    assert rows[1][7] == "'=HYPERLINK(\"http://x\")，招商链条完整。"  # kept as text, never a formula
    assert formula_cells(out) == []
    assert [r[0] for r in rows[1:]][:3] == ["Z03", "Z03", "Z03"]  # in ranking order: Z03 is first


class _Cards(HTMLParser):
    """Text of each work's card, by entry code."""

    def __init__(self):
        super().__init__()
        self.cards: dict[str, str] = {}
        self.code = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.code, self.depth = dict(attrs)["data-code"], 0
        if self.code:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.code:
            self.depth -= 1
            if tag == "article":
                self.code = None

    def handle_data(self, data):
        if self.code:
            self.cards[self.code] = self.cards.get(self.code, "") + data


def cards(folder: Path) -> dict[str, str]:
    parser = _Cards()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    return parser.cards


@pytest.fixture
def signed(cli, demo) -> Path:
    from judge_app.qt.app import ensure_app

    ensure_app()  # a QApplication before the thumbnails need Qt (they would start a bare QGuiApplication)
    assert cli("--db", demo, "lock", "--round", "final").status == 0
    assert cli("--db", demo, "signoff", "--round", "final", "--head-judge", "总裁判长").status == 0
    return demo


def test_showcase_carries_comments_only_when_chosen(cli, signed, tmp_path):
    plain = tmp_path / "plain"
    assert cli("--db", signed, "showcase", "--round", "final", "--out", plain).status == 0
    assert "专家点评" not in (plain / "index.html").read_text(encoding="utf-8")

    named = tmp_path / "named"
    assert cli("--db", signed, "showcase", "--round", "final", "--out", named, "--comments").status == 0
    z03 = cards(named)["Z03"]
    assert "专家点评" in z03 and "招商链条完整。" in z03 and "陈教授（教授 · 华南理工大学）" in z03
    assert "选题紧扣全市重点产业" in z03 and "刘研究员（研究员 · 省社科院）" in z03
    assert "<script" not in (named / "index.html").read_text(encoding="utf-8")

    anonymous = tmp_path / "anonymous"
    assert cli("--db", signed, "showcase", "--round", "final", "--out", anonymous, "--anonymous-comments").status == 0
    page = (anonymous / "index.html").read_text(encoding="utf-8")
    assert "招商链条完整。" in page and "评委1" in page
    for name in ("陈教授", "刘研究员", "华南理工大学"):
        assert name not in page


def test_the_showcase_dialog_offers_the_comments(qtbot, signed, tmp_path):
    from judge_app.gui.showcase_dialog import ShowcaseDialog
    from judge_app.store.database import open_database

    db = open_database(str(signed))
    try:
        dialog = ShowcaseDialog(db)
        qtbot.addWidget(dialog)
        assert not dialog.anonymous_comments.isEnabled()
        dialog.comments.setChecked(True)
        dialog.anonymous_comments.setChecked(True)
        dialog.out_edit.setText(str(tmp_path / "pkg"))
        assert dialog.build() is not None
        z03 = cards(tmp_path / "pkg")["Z03"]
        assert "招商链条完整。" in z03 and "评委1" in z03 and "陈教授" not in z03
    finally:
        db.close()
