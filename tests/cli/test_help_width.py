"""The CLI's help formatter takes the width shutil would give, without importing shutil."""

from __future__ import annotations

import shutil

import pytest

from judge_app.cli.common import Parser, terminal_columns


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "abc", "1", "57", "200"])
def test_terminal_columns_is_shutils(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("columns", ["40", "80", "123"])
def test_help_is_laid_out_to_that_width(monkeypatch, columns):
    import argparse

    monkeypatch.setenv("COLUMNS", columns)
    ours, theirs = Parser(prog="p", description="说明 " * 40), argparse.ArgumentParser(prog="p", description="说明 " * 40)
    for p in (ours, theirs):
        p.add_argument("--round", help="轮次 round key, " * 8)
        p.add_subparsers(dest="command").add_parser("rank", help="排名 " * 20)
    assert ours.format_help() == theirs.format_help()
    assert max(len(line) for line in ours.format_help().splitlines()) <= int(columns)
