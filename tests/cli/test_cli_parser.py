"""The command line builds only the parser of the command it names (`cli.named_command`): the same
parse, help and errors as the whole parser, for every command and every way of writing the line."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import subprocess
import sys

import pytest

from conftest import ROOT
from judge_app import cli


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


def _parse(parser: argparse.ArgumentParser, argv: list[str]):
    """(exit status or None, namespace as a dict, stdout, stderr) of parsing `argv`."""
    out, err = io.StringIO(), io.StringIO()
    status, values = None, None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            values = vars(parser.parse_args(argv))
        except SystemExit as exc:
            status = exc.code
    return status, values, out.getvalue(), err.getvalue()


def _both(argv: list[str]):
    """The parse of `argv` by the whole parser and by the one `named_command` picks."""
    return _parse(cli.build_parser(), argv), _parse(cli.build_parser(cli.named_command(argv)), argv)


def test_the_table_lists_what_each_module_registers():
    for name, commands in cli.COMMANDS.items():
        parser = argparse.ArgumentParser()
        importlib.import_module(f"judge_app.cli.{name}").register(parser.add_subparsers())
        assert tuple(_choices(parser)) == commands, f"judge_app/cli/__init__.py COMMANDS[{name!r}]"
    assert list(_choices(cli.build_parser())) == [c for commands in cli.COMMANDS.values() for c in commands]


def test_a_named_command_builds_that_command_alone():
    parser = cli.build_parser("lock")
    assert list(_choices(parser)) == ["lock"]
    assert list(_choices(cli.build_parser(cli.ONLY_VERSION))) == []


ALL_HELP = [[command, "--help"] for commands in cli.COMMANDS.values() for command in commands]


def _nested_help() -> list[list[str]]:
    lines = []
    for command, parser in _choices(cli.build_parser()).items():
        lines += [[command, action, "-h"] for action in _choices(parser)]
        lines.append([command])  # a missing action or required option: the usage error (or a parse)
    return lines


@pytest.mark.parametrize("argv", ALL_HELP + _nested_help(), ids=" ".join)
def test_help_and_usage_errors_are_the_whole_parsers(argv):
    assert cli.named_command(argv) == argv[0]
    whole, only = _both(argv)
    assert only == whole
    assert whole in ((0, None, whole[2], "") if "-h" in argv or "--help" in argv else (2, None, "", whole[3]),
                        (None, whole[1], "", ""))


@pytest.mark.parametrize("argv, command", [
    (["--db", "x.sqlite", "rank", "--round", "final"], "rank"),
    (["rank", "--round", "final", "--format", "json", "--db", "y.sqlite"], "rank"),
    (["--db=rank", "lock", "--list"], "lock"),
    (["--db", "audit", "--user", "lock", "audit", "verify", "--expect-head", "abc"], "audit"),
    (["--d", "x", "--us=张三", "lock", "--round", "final"], "lock"),  # abbreviated options, as argparse allows
    (["--user", "李四", "signoff", "--round", "final", "--as", "总裁判长"], "signoff"),
    (["scores", "import", "a.csv", "--round", "final", "--component", "expert"], "scores"),
    (["votes", "recount", "--round", "final", "--component", "online"], "votes"),
    (["rank", "--round"], "rank"),  # an error inside the command
    (["rank", "--frobnicate"], "rank"),
])
def test_command_lines_parse_alike(argv, command):
    assert cli.named_command(argv) == command
    whole, only = _both(argv)
    assert only == whole


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["-h", "rank", "--round", "final"], ["--db", "x", "--he"], ["--version", "--help"],
    ["frobnicate"], ["--frob", "rank", "--round", "final"], ["--db"], ["--db", "--version"], ["--"],
    ["-", "rank"], ["--", "rank", "--round", "final"],
])
def test_lines_that_need_the_whole_parser_get_it(argv):
    assert cli.named_command(argv) is None
    whole, only = _both(argv)
    assert only == whole and whole[0] is not None


@pytest.mark.parametrize("argv", [["--version"], ["--db", "x", "--version"], ["--vers"], ["--version", "rank"]])
def test_version_needs_no_command(argv):
    assert cli.named_command(argv) == cli.ONLY_VERSION
    whole, only = _both(argv)
    assert only == whole and whole[0] == 0 and whole[2] == f"judge-app {cli.__version__}\n"


def test_the_scout_knows_the_main_parsers_options():
    def options(parser):
        return sorted(s for a in parser._actions for s in a.option_strings)

    assert options(cli._scout()) == options(cli.build_parser(cli.ONLY_VERSION))


def test_version_and_one_command_import_no_other_command_module(tmp_path):
    code = ("import sys; from judge_app.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('judge_app.cli.')))")
    for argv, loaded in ((["--version"], ["common"]), (["lock", "--help"], ["common", "integrity"])):
        out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines()[-1] == repr(loaded)
