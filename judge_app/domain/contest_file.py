"""Reading the contest file (TOML) into a `Contest`, refusing it with every problem listed.

Floats are parsed as `Decimal` straight from the TOML text, so a weight written `0.2` is
exactly 0.2. Unknown keys are refused: a misspelt `drop_higest` silently ignored would
change a result.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from judge_app.domain.contest import (
    AwardTier,
    Component,
    Contest,
    Criterion,
    Entry,
    Judge,
    Round,
    problems,
)
from judge_app.domain.file_names import readable
from judge_app.domain.nesting import nesting_problem
from judge_app.errors import KnownError
from judge_app.domain.rules import Setting, all_settings
from judge_app.domain.votes import window_bound


class ContestFileError(KnownError, ValueError):
    """The contest file breaks one or more rules; `problems` lists them all."""

    def __init__(self, source: str, problems: list[str]):
        self.source = readable(str(source))
        self.problems = [readable(p) for p in problems]
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass
class _Reader:
    """Pulls typed values out of TOML tables, noting every problem instead of stopping."""

    problems: list[str]

    def table(self, data: Any, where: str, allowed: set[str]) -> dict:
        if not isinstance(data, dict):
            self.problems.append(f"{where}: 应为表 (expected a table)")
            return {}
        for key in data:
            if key not in allowed:
                self.problems.append(f"{where}: 未知的键 {key!r} (unknown key)")
        return data

    def text(self, data: dict, key: str, where: str, required: bool = False, default: str = "") -> str:
        if key not in data:
            if required:
                self.problems.append(f"{where}: 缺少 {key} (missing {key})")
            return default
        value = data[key]
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and key == "code":
            return str(value)
        if not isinstance(value, str):
            if hasattr(value, "isoformat") and key == "date":
                return value.isoformat()
            self.problems.append(f"{where}: {key} 应为文本 (expected text)")
            return default
        return value.strip()

    def integer(self, data: dict, key: str, where: str, default: int | None) -> int | None:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{where}: {key} 应为整数 (expected an integer)")
            return default
        return value

    def number(self, data: dict, key: str, where: str, required: bool = False) -> Decimal:
        if key not in data:
            if required:
                self.problems.append(f"{where}: 缺少 {key} (missing {key})")
            return Decimal(0)
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problems.append(f"{where}: {key} 应为数字 (expected a number)")
            return Decimal(0)
        if isinstance(value, Decimal) and not value.is_finite():
            self.problems.append(f"{where}: {key} 应为有限数字 (expected a finite number)")
            return Decimal(0)
        return Decimal(value)

    def moment(self, data: dict, key: str, where: str, end: bool):
        """A local date-time (`2024-09-12 00:00:00`, TOML datetime or date; a date means the whole day)."""
        if key not in data:
            return None
        value = window_bound(data[key], end)
        if value is None:
            self.problems.append(
                f"{where}: {key} 应为本地时间, 如 2024-09-12 00:00:00 (expected a local date-time without offset)"
            )
        return value

    def setting(self, data: dict, setting: Setting, where: str):
        """A rule setting by its registered type; its default when the file leaves it out."""
        if setting.type is int:
            return self.integer(data, setting.key, where, setting.default)
        if setting.type is Decimal:
            return self.decimal_or_none(data, setting.key, where) if setting.key in data else setting.default
        if setting.type is datetime:
            return self.moment(data, setting.key, where, end=setting.day_end) if setting.key in data else setting.default
        return self.text(data, setting.key, where, default="") or setting.default if setting.key in data \
            else setting.default

    def decimal_or_none(self, data: dict, key: str, where: str) -> Decimal | None:
        return self.number(data, key, where) if key in data else None

    def strings(self, data: dict, key: str, where: str) -> tuple[str, ...] | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f"{where}: {key} 应为文本列表 (expected a list of text)")
            return ()
        return tuple(v.strip() for v in value)

    def tables(self, data: dict, key: str, where: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problems.append(f"{where}: {key} 应为表数组 [[{key}]] (expected an array of tables)")
            return []
        return value


_CONTEST_KEYS = {"name", "organizer", "date", "host_unit", "venue", "verify_url", "head_title"}
_ROUND_KEYS = {"key", "name", "decimals", "tie_break", "components", "awards"}
_COMPONENT_KEYS = {"key", "name", "kind", "weight", "criteria"} | {s.key for s in all_settings()}
_CRITERION_KEYS = {"key", "name", "max"}
_AWARD_KEYS = {"name", "count"}
_ENTRY_KEYS = {"code", "title", "unit", "members", "rounds", "attachments"}
_JUDGE_KEYS = {"code", "name", "unit", "panels", "title", "affiliation"}
_TOP_KEYS = {"contest", "rounds", "entries", "judges"}


def parse_contest(text: str, source: str = "contest.toml") -> Contest:
    """Parse and validate a contest file; raise `ContestFileError` listing every problem."""
    nested = nesting_problem(text)
    if nested:
        raise ContestFileError(source, [nested])
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ContestFileError(source, [f"不是有效的 TOML 文件: {exc} (not valid TOML)"]) from None
    found: list[str] = []
    r = _Reader(found)
    top = r.table(data, "文件 (file)", _TOP_KEYS)
    head = r.table(top.get("contest", {}), "[contest]", _CONTEST_KEYS)
    if "contest" not in top:
        found.append("缺少 [contest] 表 (missing [contest])")
    rounds = []
    for i, raw in enumerate(r.tables(top, "rounds", "文件 (file)"), start=1):
        where = f"[[rounds]] #{i}"
        rt = r.table(raw, where, _ROUND_KEYS)
        key = r.text(rt, "key", where, required=True)
        where = f"round {key or i}"
        components = []
        for j, rawc in enumerate(r.tables(rt, "components", where), start=1):
            cwhere = f"{where}, component #{j}"
            ct = r.table(rawc, cwhere, _COMPONENT_KEYS)
            ckey = r.text(ct, "key", cwhere, required=True)
            cwhere = f"{where}, component {ckey or j}"
            criteria = []
            for k, rawk in enumerate(r.tables(ct, "criteria", cwhere), start=1):
                kwhere = f"{cwhere}, criterion #{k}"
                kt = r.table(rawk, kwhere, _CRITERION_KEYS)
                kkey = r.text(kt, "key", kwhere, required=True)
                criteria.append(
                    Criterion(
                        key=kkey,
                        name=r.text(kt, "name", kwhere) or kkey,
                        max=r.number(kt, "max", kwhere, required=True),
                    )
                )
            components.append(
                Component(
                    key=ckey,
                    name=r.text(ct, "name", cwhere) or ckey,
                    kind=r.text(ct, "kind", cwhere, required=True),
                    weight=r.number(ct, "weight", cwhere, required=True),
                    criteria=tuple(criteria),
                    **{s.key: r.setting(ct, s, cwhere) for s in all_settings()},
                )
            )
        awards = []
        for j, rawa in enumerate(r.tables(rt, "awards", where), start=1):
            awhere = f"{where}, award #{j}"
            at = r.table(rawa, awhere, _AWARD_KEYS)
            awards.append(AwardTier(name=r.text(at, "name", awhere, required=True), count=r.integer(at, "count", awhere, None)))
        rounds.append(
            Round(
                key=key,
                name=r.text(rt, "name", where) or key,
                components=tuple(components),
                awards=tuple(awards),
                decimals=r.integer(rt, "decimals", where, 2),
                tie_break=r.strings(rt, "tie_break", where) or (),
            )
        )
    entries = []
    for i, raw in enumerate(r.tables(top, "entries", "文件 (file)"), start=1):
        where = f"[[entries]] #{i}"
        et = r.table(raw, where, _ENTRY_KEYS)
        entries.append(
            Entry(
                code=r.text(et, "code", where, required=True),
                title=r.text(et, "title", where, required=True),
                unit=r.text(et, "unit", where),
                members=r.strings(et, "members", where) or (),
                rounds=r.strings(et, "rounds", where),
                attachments=tuple(a for a in (r.strings(et, "attachments", where) or ()) if a),
            )
        )
    judges = []
    for i, raw in enumerate(r.tables(top, "judges", "文件 (file)"), start=1):
        where = f"[[judges]] #{i}"
        jt = r.table(raw, where, _JUDGE_KEYS)
        judges.append(
            Judge(
                code=r.text(jt, "code", where, required=True),
                name=r.text(jt, "name", where, required=True),
                unit=r.text(jt, "unit", where),
                panels=r.strings(jt, "panels", where) or (),
                title=r.text(jt, "title", where),
                affiliation=r.text(jt, "affiliation", where),
            )
        )
    contest = Contest(
        name=r.text(head, "name", "[contest]", required="contest" in top),
        organizer=r.text(head, "organizer", "[contest]"),
        date=r.text(head, "date", "[contest]"),
        host_unit=r.text(head, "host_unit", "[contest]"),
        venue=r.text(head, "venue", "[contest]"),
        verify_url=r.text(head, "verify_url", "[contest]"),
        head_title=r.text(head, "head_title", "[contest]"),
        rounds=tuple(rounds),
        entries=tuple(entries),
        judges=tuple(judges),
    )
    found.extend(p for p in problems(contest) if p not in found)
    if found:
        raise ContestFileError(source, found)
    return contest
