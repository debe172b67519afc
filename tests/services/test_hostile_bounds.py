"""Values that could overflow are refused where they come in (contest file, imports), never at rank."""

from __future__ import annotations

import pytest

from conftest import DATA
from refusal_support import unchanged

BASE = (DATA / "contest.toml").read_text(encoding="utf-8")


def _init(cli, tmp_path, text):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "new.sqlite"
    return cli("--db", db, "init", path), db


@pytest.mark.parametrize("change, reason", [
    (("max = 40", "max = 1e30"), "max above 1000"),
    (("max = 40", "max = 1000.5"), "max above 1000"),
    (("max = 40", "max = 40.00001"), "max has too many decimal places"),
    (("decimals = 2", "decimals = 5"), "decimals out of range"),
    (("weight = 0.6", "weight = 1.2"), "weight above 1"),
    (("weight = 0.6", "weight = 0.6000000000000000000000000000001"), "too many decimal places"),
    (("drop_highest = 1", "drop_highest = 9223372036854775807"), "drop count too large"),
    (("count = 1", "count = 9223372036854775807"), "count too large"),
])
def test_contest_file_bounds(cli, tmp_path, change, reason):
    assert change[0] in BASE
    result, db = _init(cli, tmp_path, BASE.replace(change[0], change[1], 1))
    assert result.status == 2 and reason in result.err, result.err
    assert "Traceback" not in result.err and not db.exists()


def test_deeply_nested_contest_file_refused(cli, tmp_path):
    result, db = _init(cli, tmp_path, BASE + "\n[extra]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    assert result.status == 2 and "nested too deeply" in result.err, result.err
    assert not db.exists()


def test_brackets_in_strings_do_not_count(cli, tmp_path):
    text = BASE.replace('name = "决赛"', 'name = "决赛 ' + "[" * 40 + '"', 1)
    result, _ = _init(cli, tmp_path, text)
    assert result.status == 0, result.err


def test_deeply_nested_summary_and_template_refused(tmp_path):
    from judge_app.domain.certificate_template import TemplateError, load_template
    from judge_app.services.contest.contest_access import ServiceError
    from judge_app.services.documents.showcase import read_summaries

    deep = tmp_path / "summary.toml"
    deep.write_text("Z01 = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="nested too deeply"):
        read_summaries(deep)
    template = tmp_path / "t.json"
    template.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(TemplateError, match="nested too deeply"):
        load_template(template)


@pytest.mark.parametrize("typed", ["1e20", "9223372036854775807", "92233720368547758.07"])
def test_huge_scores_refused_at_import(cli, example_db, tmp_path, typed):
    sheet = tmp_path / "huge.csv"
    sheet.write_text(f"评委编号,作品编号,创新性,实效性,展示效果\nE01,X01,30,{typed},15\n", encoding="utf-8")
    with unchanged(example_db):
        result = cli("--db", example_db, "scores", "import", sheet, "--round", "final", "--component", "expert")
        assert result.status == 2 and "第2行" in result.err and "Traceback" not in result.err, result.err
    assert cli("--db", example_db, "rank", "--round", "final").status == 0
