"""A small contest for the integrity tests: a panel (2 criteria), a vote and a direct component."""

from __future__ import annotations

from pathlib import Path

from judge_app.services.contest.contest_setup import create_contest
from judge_app.domain.contest_file import parse_contest
from judge_app.store.database import open_database


def contest_toml(entries: int = 6, judges: int = 3) -> str:
    parts = ['[contest]\nname = "完整性测试赛"\n',
             '[[rounds]]\nkey = "final"\nname = "决赛"\n',
             '[[rounds.components]]\nkey = "expert"\nname = "专家"\nkind = "panel"\nweight = 0.5\n',
             '[[rounds.components.criteria]]\nkey = "a"\nname = "创新"\nmax = 10\n',
             '[[rounds.components.criteria]]\nkey = "b"\nname = "实效"\nmax = 10\n',
             '[[rounds.components]]\nkey = "online"\nname = "投票"\nkind = "votes"\nweight = 0.3\n',
             '[[rounds.components]]\nkey = "stage"\nname = "现场"\nkind = "direct"\nweight = 0.2\n']
    for i in range(1, entries + 1):
        parts.append(f'[[entries]]\ncode = "E{i:04d}"\ntitle = "作品{i}"\n')
    for j in range(1, judges + 1):
        parts.append(f'[[judges]]\ncode = "J{j}"\nname = "评委{j}"\npanels = ["final.expert"]\n')
    return "\n".join(parts)


def make_db(path: Path, entries: int = 6, judges: int = 3, actor: str = "tester"):
    db = open_database(str(path), create=True)
    create_contest(db, parse_contest(contest_toml(entries, judges)), actor)
    return db


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def scores_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    return write(path, "judge,entry,a,b\n" + "".join(f"{j},{e},{a},{b}\n" for j, e, a, b in rows))


def votes_csv(path: Path, tally: dict[str, int]) -> Path:
    return write(path, "entry,votes\n" + "".join(f"{e},{v}\n" for e, v in tally.items()))


def direct_csv(path: Path, given: dict[str, str]) -> Path:
    return write(path, "entry,score\n" + "".join(f"{e},{v}\n" for e, v in given.items()))


def signed_off_demo(path: Path, actor: str = "tester") -> Path:
    """The demo contest at `path` with its final round locked and signed off (official documents may be issued)."""
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.results.locks import lock, signoff

    load_demo(str(path), actor)
    db = open_database(str(path))
    try:
        lock(db, "final", None, actor)
        signoff(db, "final", "总裁判长", actor)
    finally:
        db.close()
    return path
