"""The results notice: a 校对稿 before sign-off (watermarked, marked not for posting, nothing
written), the 公示期 and 异议 contact, the issuing body and date under the signatures, Chinese dates."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import file_state
from judge_app.cli import main
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff
from judge_app.services.documents.print_documents import NoticeOptions, notice_closing
from judge_app.store.database import open_database

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdftext(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def test_draft_before_sign_off_is_watermarked_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    before = file_state(path)
    out = tmp_path / "draft.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--draft", "--out", str(out)]) == 0
    assert "draft" in capsys.readouterr().out
    text = pdftext(out)
    assert "校对稿" in text and "不得张贴" in text and "未经签署" in text
    assert "主评委签署" not in text
    assert text.count("校对稿") >= 3  # the watermark on each page besides the title and footer
    assert file_state(path) == before
    # without --draft the unsigned round is still refused
    assert main(["--db", str(path), "notice", "--round", "final", "--out", str(tmp_path / "n.pdf")]) == 2


def test_period_contact_issuer_and_chinese_dates(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    assert main(["--db", str(path), "contest", "set", "--organizer", "市招商办", "--host-unit", "高新区",
                 "--date", "2025-09-18", "--venue", "市民中心"]) == 0
    db = open_database(str(path))
    try:
        lock(db, "final", None, "tester")
        signoff(db, "final", "王总", "tester")
    finally:
        db.close()
    out = tmp_path / "notice.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--period", "2025-09-18", "2025-09-25",
                 "--contact", "市招商办 (电话 0571-12345678)", "--out", str(out)]) == 0
    text = pdftext(out)
    assert "主办: 市招商办" in text and "承办: 高新区" in text and "地点: 市民中心" in text
    assert "公示期: 2025年9月18日至9月25日" in text
    assert "如有异议, 请于公示期内向市招商办 (电话 0571-12345678)反映" in text
    tail = text[text.index("监督员"):]
    assert "市招商办" in tail and "2025年9月18日" in tail  # issuing body and date under the signatures
    assert "校对稿" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO dates on paper
    assert "年" in text.split("生成时间")[1][:20]


@pytest.mark.parametrize("options", [NoticeOptions(period_start="2025-09-18"),
                                     NoticeOptions(period_start="2025-09-25", period_end="2025-09-18"),
                                     NoticeOptions(period_start="2025-9-1", period_end="2025-09-18")])
def test_bad_periods_are_refused(options):
    assert options.problems()


def test_closing_lines():
    assert notice_closing(NoticeOptions()) == []
    assert notice_closing(NoticeOptions(contact="向组委会")) == ["如有异议, 请于公示期内向组委会反映。"]


def test_cli_refuses_a_bad_period(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    out = tmp_path / "d.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--draft", "--period", "2025-09-25",
                 "2025-09-18", "--out", str(out)]) == 2
    assert "公示期" in capsys.readouterr().err and not out.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_configured_head_judge_title_is_used_on_the_notice_and_by_the_cli(tmp_path, capsys):
    path = tmp_path / "t.sqlite"
    load_demo(str(path), "tester")
    assert main(["--db", str(path), "contest", "set", "--head-title", "总裁判长"]) == 0
    draft = tmp_path / "draft.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--out", str(draft), "--draft"]) == 0
    assert "供总裁判长核对" in pdftext(draft) and "主评委" not in pdftext(draft)
    assert main(["--db", str(path), "lock", "--round", "final"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "signoff", "--round", "final", "--head-judge", "张三"]) == 0
    said = capsys.readouterr().out
    assert "已由总裁判长 张三 于" in said and "年" in said and "T" not in said.split("审计链头")[0]
    notice = tmp_path / "notice.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--out", str(notice)]) == 0
    text = pdftext(notice)
    assert "总裁判长签署 张三" in text and "主评委" not in text
