"""Attachments per entry: the contest-file key, managed copies with SHA-256, missing/changed reports,
and the stage preferring registered attachments."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.conftest import DATA

from judge_app.domain.contest_file import ContestFileError, parse_contest


def contest_with_attachments(tmp_path, files: dict[str, bytes], names: list[str]):
    """The shared example contest with `attachments = [...]` on entry X01, and the files beside it."""
    for rel, data in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    text = (DATA / "contest.toml").read_text(encoding="utf-8")
    listed = ", ".join(f'"{n}"' for n in names)
    text = text.replace('code = "X01"\n', f'code = "X01"\nattachments = [{listed}]\n', 1)
    path = tmp_path / "contest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_contest_file_reads_attachments():
    text = (DATA / "contest.toml").read_text(encoding="utf-8")
    contest = parse_contest(text.replace('code = "X01"\n', 'code = "X01"\nattachments = ["a/路演.pdf", "b.mp4"]\n', 1))
    e = next(e for e in contest.entries if e.code == "X01")
    assert e.attachments == ("a/路演.pdf", "b.mp4")
    assert all(x.attachments == () for x in contest.entries if x.code != "X01")
    with pytest.raises(ContestFileError, match="attachments"):
        parse_contest(text.replace('code = "X01"\n', 'code = "X01"\nattachments = "a.pdf"\n', 1))


def test_init_copies_contest_file_attachments(cli, tmp_path):
    path = contest_with_attachments(tmp_path, {"files/X01 路演.pdf": b"%PDF-1.4 slides", "files/v.mp4": b"video"},
                                    ["files/X01 路演.pdf", "files/v.mp4"])
    db = tmp_path / "c.sqlite"
    r = cli("--db", db, "init", path)
    assert r.status == 0, r.err
    managed = tmp_path / "c.sqlite.files" / "X01"
    assert (managed / "X01 路演.pdf").read_bytes() == b"%PDF-1.4 slides"
    (tmp_path / "files" / "v.mp4").unlink()  # the USB stick is gone: the copy stays
    r = cli("--db", db, "attachments", "list", "X01")
    assert hashlib.sha256(b"video").hexdigest() in r.out
    assert cli("--db", db, "attachments", "check").status == 0


def test_init_refuses_missing_attachment_before_creating_anything(cli, tmp_path):
    path = contest_with_attachments(tmp_path, {}, ["files/gone.pdf"])
    db = tmp_path / "c.sqlite"
    r = cli("--db", db, "init", path)
    assert r.status == 2
    assert "gone.pdf" in r.err
    assert not db.exists()


def test_add_list_check_missing_and_changed(cli, example_db, tmp_path):
    a = tmp_path / "X02-方案.pdf"
    a.write_bytes(b"%PDF one")
    b = tmp_path / "X02 video.mp4"
    b.write_bytes(b"video bytes")
    assert cli("--db", example_db, "attachments", "add", "X02", a, b).status == 0
    r = cli("--db", example_db, "attachments", "add", "X02", a)  # the same file again: recorded once
    assert r.status == 0 and "已登记过" in r.out
    listed = cli("--db", example_db, "attachments", "list").out.strip().splitlines()
    assert len(listed) == 2
    assert cli("--db", example_db, "attachments", "check").status == 0

    folder = example_db.with_name(example_db.name + ".files") / "X02"
    (folder / "X02-方案.pdf").write_bytes(b"%PDF tampered")
    (folder / "X02 video.mp4").unlink()
    r = cli("--db", example_db, "attachments", "check")
    assert r.status == 1
    assert re.search(r"X02\t已改变 \(changed\)\tX02-方案.pdf", r.out)
    assert re.search(r"X02\t缺失 \(missing\)\tX02 video.mp4", r.out)

    audit = cli("--db", example_db, "audit", "log").out
    assert audit.count("attachment.add") == 2


def test_same_name_different_content_kept_apart_and_windows_safe(cli, example_db, tmp_path):
    one = tmp_path / "one" / "CON.pdf"
    two = tmp_path / "two" / "CON.pdf"
    for p, data in ((one, b"first"), (two, b"second")):
        p.parent.mkdir()
        p.write_bytes(data)
    assert cli("--db", example_db, "attachments", "add", "X03", one, two).status == 0
    folder = example_db.with_name(example_db.name + ".files") / "X03"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2
    assert "_CON.pdf" in names  # CON is a reserved device name on Windows
    other = next(n for n in names if n != "_CON.pdf")
    assert re.fullmatch(r"CON-[0-9a-f]{8}\.pdf", other)  # same name, other content: the digest added


def test_refusals(cli, example_db, tmp_path):
    f = tmp_path / "x.pdf"
    f.write_bytes(b"x")
    r = cli("--db", example_db, "attachments", "add", "NOPE", f)
    assert r.status == 2 and "NOPE" in r.err
    r = cli("--db", example_db, "attachments", "add", "X01", tmp_path / "missing.pdf")
    assert r.status == 2 and "missing.pdf" in r.err
    assert cli("--db", example_db, "attachments", "list", "NOPE").status == 2


def test_stage_prefers_registered_attachments(cli, example_db, tmp_path):
    from judge_app.stage.controller import find_attachments
    from judge_app.store.database import open_database

    legacy = example_db.parent / "attachments"
    legacy.mkdir()
    (legacy / "X01.pptx").write_bytes(b"old")
    (legacy / "X02.pptx").write_bytes(b"old")
    registered = tmp_path / "路演.pdf"
    registered.write_bytes(b"%PDF registered")
    assert cli("--db", example_db, "attachments", "add", "X01", registered).status == 0
    db = open_database(str(example_db))
    try:
        found = find_attachments(db, "X01")
        assert [p.name for p in found] == ["路演.pdf"]
        assert found[0].parent.parent.name == "contest.sqlite.files"
        assert [p.name for p in find_attachments(db, "X02")] == ["X02.pptx"]  # not registered: the folder
    finally:
        db.close()
