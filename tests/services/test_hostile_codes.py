"""Codes follow one pattern; text refuses control and bidi-override characters; every path built
from data stays inside its folder (contest file, roster import, setup, attachments)."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import DATA
from refusal_support import unchanged
from judge_app.domain.input_text import code_problem, relative_path_problem, text_problem
from judge_app.table_files.problems import InputRefused

BASE = (DATA / "contest.toml").read_text(encoding="utf-8")


def _init(cli, folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "contest.toml"
    path.write_text(text, encoding="utf-8")
    db = folder / "new.sqlite"
    return cli("--db", db, "init", path), db


@pytest.mark.parametrize("code", ["X01", "E-03", "A.1", "甲01", "a_b"])
def test_good_codes(code):
    assert code_problem(code, "code") is None


@pytest.mark.parametrize("code", ["../../../../outside/x", "a/b", "a\\b", ".hidden", "-x", "a b", "x\x00",
                                  "X" * 33, "a:b", "a\u202eb", "١٢"])
def test_bad_codes(code):
    assert code_problem(code, "code")


def test_keys_have_no_dot():
    assert code_problem("final.x", "round key", key=True) and code_problem("final", "round key", key=True) is None


@pytest.mark.parametrize("text", ["a\x00b", "a\x07", "line\nbreak", "evil\u202egnp.exe", "\u2066x", "x" * 201])
def test_bad_titles(text):
    assert text_problem(text, "title", "title")


@pytest.mark.parametrize("path", ["/etc/passwd", "../../etc/hostname", "a/../../b", "C:\\Windows\\x", "\\\\server\\x", ""])
def test_attachment_paths_must_be_relative_inside(path):
    assert relative_path_problem(path, "attachment")


@pytest.mark.parametrize("change, reason", [
    (('code = "X01"', 'code = "../../../../outside/x"'), "invalid code"),
    (('code = "E01"', 'code = "E/01"'), "invalid code"),
    (('key = "final"', 'key = "fi.nal"'), "invalid code"),
    (('key = "innovation"', 'key = "inno vation"'), "invalid code"),
    (('code = "X01"\n', 'code = "X01"\nattachments = ["/etc/passwd", "../../etc/hostname"]\n'), "relative path inside"),
    (('name = "创新性"', 'name = "创新\\u0000性"'), "control character"),
    (('name = "创新性"', 'name = "创新\\u202e性"'), "bidi override"),
    (('name = "决赛"', 'name = "' + "决" * 101 + '"'), "longer than 100"),
])
def test_contest_file_refuses(cli, tmp_path, change, reason):
    assert change[0] in BASE
    result, db = _init(cli, tmp_path / "c", BASE.replace(change[0], change[1], 1))
    assert result.status == 2 and reason in result.err, result.err
    assert not db.exists()


def test_attachment_through_a_symlink_out_of_the_folder_refused(cli, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(secret)
    text = BASE.replace('code = "X01"\n', 'code = "X01"\nattachments = ["link.pdf"]\n', 1)
    result, db = _init(cli, folder, text)
    assert result.status == 2 and "outside the contest folder" in result.err, result.err
    assert not db.exists() and not (folder / "new.sqlite.files").exists()


def test_attachments_add_never_writes_outside_the_managed_folder(cli, example_db, tmp_path):
    """A code that slipped into a database before the rule (edited by hand) is no folder name."""
    with sqlite3.connect(example_db) as con:
        con.execute("UPDATE entry SET code = '../../../outside/x' WHERE code = 'X01'")
    con.close()
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.4 x")
    with unchanged(example_db):
        result = cli("--db", example_db, "attachments", "add", "../../../outside/x", doc)
        assert result.status == 2 and "not a safe folder name" in result.err, result.err
        assert not any(p.name == "doc.pdf" for p in tmp_path.parent.rglob("doc.pdf") if p != doc)


def test_roster_import_checks_codes_and_text(example_db, tmp_path):
    from judge_app.services.contest.roster import import_roster
    from judge_app.store.database import open_database

    sheet = tmp_path / "entries.csv"
    sheet.write_text("编号,作品名称\nX01,甲\n../x,乙\nX03,丙\u202e\n", encoding="utf-8")
    with unchanged(example_db):
        db = open_database(str(example_db))
        try:
            with pytest.raises(InputRefused) as caught:
                import_roster(db, sheet, "entries", {"code": 0, "title": 1, "unit": None, "members": None}, "admin")
        finally:
            db.close()
        text = str(caught.value)
        assert "第3行" in text and "invalid code" in text and "第4行" in text and "bidi override" in text


def test_setup_page_refuses_a_bad_code(example_db):
    from judge_app.domain.contest import Entry
    from judge_app.services.contest.roster import save_entry
    from judge_app.store.database import open_database

    with unchanged(example_db):
        db = open_database(str(example_db))
        try:
            with pytest.raises(Exception, match="invalid code"):
                save_entry(db, Entry("../evil", "标题", "", ()), "admin")
        finally:
            db.close()


def test_contest_details_refuse_bidi_overrides(cli, example_db):
    with unchanged(example_db):
        result = cli("--db", example_db, "contest", "set", "--name", "大赛\u202egnp.exe")
        assert result.status == 2 and "bidi override" in result.err, result.err
