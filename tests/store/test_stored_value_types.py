"""A score stored as something other than a fixed-point integer (SQLite keeps any type in any
column, so a hostile file can hold 215000.5 or text) is refused by every reader of the round —
never truncated or carried into a published figure — and `audit verify` names it as tampering."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def altered(cli, tmp_path):
    path = tmp_path / "demo.sqlite"
    assert cli("--db", path, "demo").status == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE score SET value = value + 0.5 WHERE id = (SELECT MIN(id) FROM score)")
    return path


@pytest.mark.parametrize("command", [
    ("rank", "--round", "final"),
    ("rank", "--round", "final", "--format", "json"),
    ("explain", "--round", "final", "--out", "{tmp}/x.pdf"),
    ("analyze", "--round", "final"),
    ("sheets", "--round", "final", "--component", "expert", "--out", "{tmp}/s.pdf"),
])
def test_every_reader_refuses_a_score_that_is_not_a_whole_number_of_units(cli, altered, tmp_path, command):
    result = cli("--db", altered, *(part.format(tmp=tmp_path) for part in command))
    assert result.status == 2, (result.out, result.err)
    assert "不是定点整数" in result.err


def test_audit_verify_names_the_altered_score(cli, altered):
    result = cli("--db", altered, "audit", "verify")
    assert result.status == 1
    assert "215000.5" in result.out + result.err and "在软件外被修改" in result.out + result.err
