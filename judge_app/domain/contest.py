"""The contest as plain data: rounds, weighted components, criteria, award tiers, entries, judges.

These frozen dataclasses are what the contest file describes and what the store holds.
The scoring engine reads them; nothing here knows about files, Qt or a database.
`problems(contest)` states every rule a contest must satisfy before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

PANEL = "panel"
VOTES = "votes"
DIRECT = "direct"
VOTE_DEDUP_RULES = ("none", "voter", "voter_day")
VOTE_EXPORTS = ("raw", "totals")  # what a votes component accepts; unset: either
TRIMMED_MEAN = "trimmed_mean"
ZSCORE = "zscore"

MAX_DECIMALS = 6


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    max: Decimal


@dataclass(frozen=True)
class Component:
    """A weighted part of a round's result.

    `panel` averages judges' criterion totals (after dropping extremes), `votes` normalises a
    vote tally, `direct` takes an imported 0–100 score per entry.
    """

    key: str
    name: str
    kind: str
    weight: Decimal
    drop_highest: int = 0
    drop_lowest: int = 0
    criteria: tuple[Criterion, ...] = ()
    normalize: str = "max"
    dedup: str = "none"
    rank_step: Decimal | None = None  # normalize = "rank": points lost per place below the top
    vote_start: datetime | None = None  # the voting window, local time; votes outside it are flagged
    vote_end: datetime | None = None
    export: str | None = None  # "raw" (one record per vote) or "totals" (per entry); None: either
    aggregate: str = TRIMMED_MEAN  # panels: a key of `rules.AGGREGATIONS`

    @property
    def max_total(self) -> Decimal:
        """The highest total one judge can give an entry: the sum of the criteria maxima."""
        return sum((c.max for c in self.criteria), Decimal(0))

    @property
    def min_judges(self) -> int:
        """Fewest judge totals that leave at least one after dropping the extremes."""
        return self.drop_highest + self.drop_lowest + 1

    def criterion(self, key: str) -> Criterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class AwardTier:
    """An award; `count` None means every ranked entry after the tiers before it."""

    name: str
    count: int | None = None


@dataclass(frozen=True)
class Round:
    key: str
    name: str
    components: tuple[Component, ...]
    awards: tuple[AwardTier, ...] = ()
    decimals: int = 2
    tie_break: tuple[str, ...] = ()

    def component(self, key: str) -> Component:
        for c in self.components:
            if c.key == key:
                return c
        raise KeyError(key)

    def panel_key(self, component_key: str) -> str:
        return f"{self.key}.{component_key}"


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    unit: str = ""
    members: tuple[str, ...] = ()
    rounds: tuple[str, ...] | None = None  # None: every round
    # files named in the contest file, relative to it; copied in and kept in the store's attachment table
    # (services.attachments), so not part of the contest's identity
    attachments: tuple[str, ...] = field(default=(), compare=False)

    def in_round(self, round_key: str) -> bool:
        return self.rounds is None or round_key in self.rounds


@dataclass(frozen=True)
class Judge:
    code: str
    name: str
    unit: str = ""
    panels: tuple[str, ...] = ()  # "round.component" keys

    def sits_on(self, round_key: str, component_key: str) -> bool:
        return f"{round_key}.{component_key}" in self.panels


@dataclass(frozen=True)
class Contest:
    name: str
    rounds: tuple[Round, ...]
    entries: tuple[Entry, ...] = ()
    judges: tuple[Judge, ...] = ()
    organizer: str = ""  # 主办单位: the issuing body on certificates and the notice
    date: str = ""  # YYYY-MM-DD, the date certificates carry
    host_unit: str = ""  # 承办单位 (optional)
    venue: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def round(self, key: str) -> Round:
        for r in self.rounds:
            if r.key == key:
                return r
        raise KeyError(key)


def is_conflicted(judge_unit: str, entry_unit: str) -> bool:
    """回避: a judge may not score an entry from their own unit."""
    return bool(judge_unit.strip()) and judge_unit.strip() == entry_unit.strip()


def _duplicates(keys: list[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for k in keys:
        if k in seen and k not in dups:
            dups.append(k)
        seen.add(k)
    return dups


def problems(contest: Contest) -> list[str]:
    """Every rule the contest breaks, as sentences a user can act on; empty when it is sound."""
    from judge_app.domain.rules import component_problems, is_judged  # the registry imports this module

    out: list[str] = []
    if not contest.name.strip():
        out.append("[contest] name 不能为空 (contest name is required)")
    if not contest.rounds:
        out.append("至少需要一个轮次 [[rounds]] (at least one round is required)")
    for key in _duplicates([r.key for r in contest.rounds]):
        out.append(f"轮次编号重复: {key} (duplicate round key)")
    panel_keys: set[str] = set()
    for r in contest.rounds:
        where = f"round {r.key}"
        if not r.key.strip():
            out.append("轮次缺少 key (round key is required)")
        if not 0 <= r.decimals <= MAX_DECIMALS:
            out.append(f"{where}: decimals 须在 0..{MAX_DECIMALS} 之间 (decimals out of range)")
        if not r.components:
            out.append(f"{where}: 没有计分部分 (round has no components)")
        for key in _duplicates([c.key for c in r.components]):
            out.append(f"{where}: 计分部分编号重复: {key} (duplicate component key)")
        total_weight = sum((c.weight for c in r.components), Decimal(0))
        if r.components and total_weight != 1:
            out.append(f"{where}: 各部分权重之和为 {total_weight}, 应为 1 (weights must sum to 1)")
        component_keys = {c.key for c in r.components}
        for key in r.tie_break:
            if key not in component_keys:
                out.append(f"{where}: tie_break 中的未知部分: {key} (unknown component in tie_break)")
        for c in r.components:
            cwhere = f"{where}, component {c.key}"
            panel_keys.add(r.panel_key(c.key))
            if c.weight < 0:
                out.append(f"{cwhere}: 权重不能为负 (negative weight)")
            out.extend(component_problems(c, cwhere))
            for key in _duplicates([k.key for k in c.criteria]):
                out.append(f"{cwhere}: 评分项编号重复: {key} (duplicate criterion key)")
            for k in c.criteria:
                if k.max <= 0:
                    out.append(f"{cwhere}, criterion {k.key}: max 须为正数, 现为 {k.max} (max must be positive)")
        for tier in r.awards:
            if not tier.name.strip():
                out.append(f"{where}: 奖项缺少名称 (award tier without name)")
            if tier.count is not None and tier.count < 1:
                out.append(f"{where}, award {tier.name}: count 须为正整数 (count must be positive)")
        for name in _duplicates([t.name for t in r.awards]):
            out.append(f"{where}: 奖项名称重复: {name} (duplicate award name)")
    round_keys = {r.key for r in contest.rounds}
    for code in _duplicates([e.code for e in contest.entries]):
        out.append(f"作品编号重复: {code} (duplicate entry code)")
    for e in contest.entries:
        if not e.code.strip():
            out.append(f"作品缺少编号: {e.title} (entry code is required)")
        for key in e.rounds or ():
            if key not in round_keys:
                out.append(f"entry {e.code}: 未知轮次 {key} (unknown round)")
    for code in _duplicates([j.code for j in contest.judges]):
        out.append(f"评委编号重复: {code} (duplicate judge code)")
    for j in contest.judges:
        if not j.code.strip():
            out.append(f"评委缺少编号: {j.name} (judge code is required)")
        for key in j.panels:
            if key not in panel_keys:
                out.append(f"judge {j.code}: panels 中的未知部分 {key} (unknown panel)")
            else:
                rk, ck = key.split(".", 1)
                if not is_judged(contest.round(rk).component(ck)):
                    out.append(f"judge {j.code}: {key} 不是评委打分部分 (not a panel)")
    return out
