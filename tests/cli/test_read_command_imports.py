"""What the read-only commands people script load: not SQLAlchemy, not `cryptography` (the seal's
signature is checked by domain.ed25519), not shutil (argparse's width is read without it), not the other commands' modules — and they still answer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

CODE = """import sys
from judge_app.cli import main
status = main(sys.argv[2:])
heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'cryptography', 'alembic', 'shutil') if m in sys.modules)
commands = sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('judge_app.cli.'))
print(status, heavy, commands, file=sys.stderr)
"""


@pytest.fixture(scope="module")
def signed_demo(tmp_path_factory):
    from judge_app.cli import main

    path = tmp_path_factory.mktemp("signed") / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    assert main(["--db", str(path), "--user", "王主任", "lock", "--round", "final"]) == 0
    assert main(["--db", str(path), "--user", "王主任", "signoff", "--round", "final", "--head-judge", "张主任"]) == 0
    return path


@pytest.mark.parametrize("argv, module, shows", [
    (["rank", "--round", "final"], "results", "一等奖"),
    (["audit", "verify"], "integrity", "审计链完整"),
    (["lock", "--list"], "integrity", "整轮 whole round"),
])
def test_a_read_command_loads_only_what_it_needs(signed_demo, argv, module, shows):
    out = subprocess.run([sys.executable, "-c", CODE, "x", "--db", str(signed_demo), *argv], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert shows in out.stdout
    assert out.stderr.splitlines()[-1] == f"0 [] {['common', module]!r}"
