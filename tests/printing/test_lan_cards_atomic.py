"""Issuing judge cards is all or nothing: when the PDF cannot be drawn or written, no new link is
issued, the judges' earlier links keep working and an earlier cards file stays as it was."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from conftest import DATA
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import authenticate, issue_cards
from judge_app.store.database import open_database

URL = "http://192.168.1.10:8000"


def _state(path):
    """Every token row and every audit event, as the database holds them."""
    with sqlite3.connect(path) as con:
        tokens = con.execute("SELECT id, judge_id, token_hash, revoked_at FROM judge_token ORDER BY id").fetchall()
        events = con.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
    return tokens, events


@pytest.fixture
def contest(tmp_path):
    path = tmp_path / "c.sqlite"
    db = open_database(str(path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    db.close()
    return path


def _failing_draw(monkeypatch):
    """A disk that fills up halfway through the PDF."""
    import judge_app.printing.judge_cards as cards

    def write(cards_, path):
        with open(path, "wb") as f:
            f.write(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cards, "write_card_pdf", write)


def test_cli_cards_that_cannot_be_written_issue_nothing(cli, contest, tmp_path, monkeypatch):
    out = tmp_path / "cards" / "cards.pdf"
    out.parent.mkdir()
    db = open_database(str(contest))
    try:
        old = issue_cards(db, "final", None, "tester", URL)  # the links handed out earlier
    finally:
        db.close()
    out.write_bytes(b"the cards printed before")
    before = _state(contest)

    _failing_draw(monkeypatch)
    r = cli("--db", contest, "tokens", "cards", "--round", "final", "--out", out, "--url", URL)

    assert r.status == 2, r.err
    assert "无法写入" in r.err and "旧链接仍然有效" in r.err
    assert _state(contest) == before  # no token issued or revoked, nothing audited
    assert out.read_bytes() == b"the cards printed before"
    assert sorted(p.name for p in out.parent.iterdir()) == ["cards.pdf"]  # no half-written file left
    db = open_database(str(contest))
    try:
        assert all(authenticate(db, c.link.rsplit("/", 1)[1]) is not None for c in old)
    finally:
        db.close()


def test_cli_cards_replace_the_file_and_the_links_together(cli, contest, tmp_path):
    out = tmp_path / "cards.pdf"
    out.write_bytes(b"old")
    r = cli("--db", contest, "tokens", "cards", "--round", "final", "--out", out, "--url", URL)
    assert r.status == 0, r.err
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite" and "sqlite" not in p.name) == ["cards.pdf"]


def test_a_failing_render_leaves_the_old_links_working(contest):
    """The workspace draws the PDF in memory through the same hook (打印 → 评委桌签)."""
    db = open_database(str(contest))
    try:
        old = issue_cards(db, "final", None, "tester", URL)
        before = _state(contest)

        def render(cards):
            assert len(cards) == len(old) and all(c.link not in {o.link for o in old} for c in cards)
            raise RuntimeError("字体无法加载 (font failed)")

        with pytest.raises(RuntimeError):
            issue_cards(db, "final", None, "tester", URL, render)
        assert _state(contest) == before
        assert all(authenticate(db, c.link.rsplit("/", 1)[1]) is not None for c in old)
    finally:
        db.close()


def test_a_locked_target_file_leaves_everything_as_it_was(cli, contest, tmp_path, monkeypatch):
    """The old PDF open in a viewer that locks it (Windows): the rename fails, nothing is issued."""
    import os

    out = tmp_path / "cards.pdf"
    out.write_bytes(b"open in a viewer")
    before = _state(contest)
    real = os.replace

    def replace(src, dst):
        if str(dst) == str(out) and not str(src).endswith(".old"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    r = cli("--db", contest, "tokens", "cards", "--round", "final", "--out", out, "--url", URL)
    assert r.status == 2, r.err
    assert _state(contest) == before
    assert out.read_bytes() == b"open in a viewer"
    assert sorted(p.name for p in tmp_path.iterdir() if "sqlite" not in p.name) == ["cards.pdf"]
