"""The contest as plain data: rounds, weighted components, criteria, award tiers, entries, judges.

These frozen dataclasses are what the contest file describes and what the store holds.
The scoring engine reads them; nothing here knows about files, Qt or a database.
`problems(contest)` states every rule a contest must satisfy before anything is written.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from decimal import Decimal

from judge_app.domain.input_text import code_problem, relative_path_problem, text_problem
from judge_app.domain.records import frozen_record

PANEL = "panel"
VOTES = "votes"
DIRECT = "direct"
VOTE_DEDUP_RULES = ("none", "voter", "voter_day")
VOTE_EXPORTS = ("raw", "totals")  # what a votes component accepts; unset: either
TRIMMED_MEAN = "trimmed_mean"
ZSCORE = "zscore"

MAX_DECIMALS = 4  # a round's result is shown with 0..4 decimals
# Bounds that keep every stored value far from what the store can hold (issue 17): refused when the
# contest is defined, never discovered when it is ranked.
MAX_CRITERION_MAX = Decimal(1000)
MAX_SCORE_PLACES = 4  # scores are stored in 1/10000 points
MAX_WEIGHT_PLACES = 6
MAX_DROP = 50
MAX_AWARD_COUNT = 100_000


@frozen_record
class Criterion:
    key: str
    name: str
    max: Decimal


@frozen_record
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


@frozen_record
class AwardTier:
    """An award; `count` None means every ranked entry after the tiers before it."""

    name: str
    count: int | None = None


@frozen_record
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


@frozen_record
class Entry:
    code: str
    title: str
    unit: str = ""
    members: tuple[str, ...] = ()
    rounds: tuple[str, ...] | None = None  # None: every round
    # files named in the contest file, relative to it; copied in and kept in the store's attachment table
    # (services.contest.attachments), so not part of the contest's identity
    attachments: tuple[str, ...] = field(default=(), compare=False)

    def in_round(self, round_key: str) -> bool:
        return self.rounds is None or round_key in self.rounds


@frozen_record
class Judge:
    code: str
    name: str
    unit: str = ""
    panels: tuple[str, ...] = ()  # "round.component" keys
    title: str = ""  # 职称, e.g. 教授: shown with the expert's comments (stage, 点评意见 sheet)
    affiliation: str = ""  # 工作单位, e.g. 东莞理工学院; `unit` is what the 回避 rule compares

    def sits_on(self, round_key: str, component_key: str) -> bool:
        return f"{round_key}.{component_key}" in self.panels

    @property
    def works_at(self) -> str:
        """The affiliation to print beside the name: 工作单位, else the judge's unit."""
        return self.affiliation or self.unit

    def profile(self) -> str:
        """`教授 · 东莞理工学院`: title and affiliation as one line ("" when neither is known)."""
        return " · ".join(p for p in (self.title, self.works_at) if p)


@frozen_record
class Contest:
    name: str
    rounds: tuple[Round, ...]
    entries: tuple[Entry, ...] = ()
    judges: tuple[Judge, ...] = ()
    organizer: str = ""  # 主办单位: the issuing body on certificates and the notice
    date: str = ""  # YYYY-MM-DD, the date certificates carry
    host_unit: str = ""  # 承办单位 (optional)
    venue: str = ""
    verify_url: str = ""  # the organization's verification page; certificate QR codes then carry a link
    head_title: str = ""  # 主评委 or 总裁判长 (empty: 主评委), the one title used on screens and paper
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


def _places(value: Decimal) -> int:
    """Decimal places a value is written with (`1E-9` → 9, `40` → 0); huge for NaN/Infinity."""
    if not value.is_finite():
        return 10 ** 6
    digits, exponent = value.as_tuple()[1:]
    while exponent < 0 and digits and digits[-1] == 0:  # 40.50 → 1 place (exactly: no rounding to context)
        digits, exponent = digits[:-1], exponent + 1
    return max(0, -exponent)


def _bound_problems(c: Component, where: str) -> list[str]:
    """Values that could overflow what reads them later (weights, drop counts, criterion maxima)."""
    out = []
    if c.weight > 1:
        out.append(f"{where}: 权重须在 0 与 1 之间, 现为 {c.weight} (weight above 1)")
    if _places(c.weight) > MAX_WEIGHT_PLACES:
        out.append(f"{where}: 权重最多 {MAX_WEIGHT_PLACES} 位小数 (weight has too many decimal places)")
    if c.drop_highest > MAX_DROP or c.drop_lowest > MAX_DROP:
        out.append(f"{where}: drop_highest/drop_lowest 最多 {MAX_DROP} (drop count too large)")
    for k in c.criteria:
        if k.max > MAX_CRITERION_MAX:
            out.append(f"{where}, criterion {k.key}: max 最大为 {MAX_CRITERION_MAX}, 现为 {k.max} "
                       f"(max above {MAX_CRITERION_MAX})")
        if _places(k.max) > MAX_SCORE_PLACES:
            out.append(f"{where}, criterion {k.key}: max 最多 {MAX_SCORE_PLACES} 位小数 (max has too many decimal places)")
    return out


HEAD_TITLES = ("主评委", "总裁判长")


def head_title(contest: Contest) -> str:
    """The head judge's title as printed and shown: the configured one, else 主评委."""
    return contest.head_title or HEAD_TITLES[0]


def round_heading(contest_name: str, round_name: str) -> str:
    """A document's heading for a round: 2025年全市招商引资“大比武”决赛 · 复赛, but the contest's
    name alone when it already ends with the round (…“大比武”决赛, not …决赛 · 决赛)."""
    return contest_name if contest_name.endswith(round_name) else f"{contest_name} · {round_name}"


def verify_url_problem(url: str) -> str:
    """Why a verification address cannot carry certificate payloads; empty when it can (or is empty).

    The QR code is the address, `#`, the payload: so http(s) only, no `#` of its own, no spaces."""
    if not url:
        return ""
    if not (url.startswith("https://") or url.startswith("http://")) or len(url) > 120:
        return f"验证地址须以 https:// 或 http:// 开头, 至多 120 个字符: {url!r} (verify_url must be an http(s) address)"
    if "#" in url or any(ch.isspace() or ord(ch) < 32 or ord(ch) > 126 for ch in url):
        return f"验证地址不能含 #、空格或非 ASCII 字符: {url!r} (verify_url: no #, spaces or non-ASCII)"
    return ""


def problems(contest: Contest) -> list[str]:
    """Every rule the contest breaks, as sentences a user can act on; empty when it is sound."""
    from judge_app.domain.rules import component_problems, is_judged  # the registry imports this module

    out: list[str] = []
    if verify_url_problem(contest.verify_url):
        out.append(verify_url_problem(contest.verify_url))
    if contest.head_title and contest.head_title not in HEAD_TITLES:
        out.append(f"head_title 须为 {' 或 '.join(HEAD_TITLES)} (head judge title)")
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
            out.extend(_bound_problems(c, cwhere))
        for tier in r.awards:
            if not tier.name.strip():
                out.append(f"{where}: 奖项缺少名称 (award tier without name)")
            if tier.count is not None and tier.count < 1:
                out.append(f"{where}, award {tier.name}: count 须为正整数 (count must be positive)")
            elif tier.count is not None and tier.count > MAX_AWARD_COUNT:
                out.append(f"{where}, award {tier.name}: count 最多 {MAX_AWARD_COUNT} (count too large)")
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
    out.extend(text_and_code_problems(contest))
    return out


def text_and_code_problems(contest: Contest) -> list[str]:
    """Codes that break the code pattern, text with control or bidi-override characters or too
    long, attachments outside the contest's folder (`domain.input_text`)."""
    found: list[str | None] = []
    add = found.append
    for value, kind in ((contest.name, "contest"), (contest.organizer, "text"), (contest.host_unit, "text"),
                        (contest.venue, "text"), (contest.date, "text")):
        add(text_problem(value, "[contest]", kind))
    for r in contest.rounds:
        add(code_problem(r.key, "轮次编号 round key", key=True))
        add(text_problem(r.name, f"round {r.key[:40]}: 名称 name", "name"))
        for c in r.components:
            add(code_problem(c.key, f"round {r.key[:40]}: 计分部分编号 component key", key=True))
            add(text_problem(c.name, f"round {r.key[:40]}, component {c.key[:40]}: 名称 name", "name"))
            for k in c.criteria:
                add(code_problem(k.key, f"component {c.key[:40]}: 评分项编号 criterion key"))
                add(text_problem(k.name, f"criterion {k.key[:40]}: 名称 name", "name"))
        for t in r.awards:
            add(text_problem(t.name, f"round {r.key[:40]}: 奖项 award", "award"))
    for e in contest.entries:
        add(code_problem(e.code, "作品编号 entry code"))
        where = f"entry {e.code[:40]}"
        add(text_problem(e.title, f"{where}: 名称 title", "title"))
        add(text_problem(e.unit, f"{where}: 单位 unit", "unit"))
        for m in e.members:
            add(text_problem(m, f"{where}: 成员 member", "member"))
        for a in e.attachments:
            add(relative_path_problem(a, f"{where}: 附件 attachment"))
    for j in contest.judges:
        add(code_problem(j.code, "评委编号 judge code"))
        add(text_problem(j.name, f"judge {j.code[:40]}: 姓名 name", "name"))
        add(text_problem(j.unit, f"judge {j.code[:40]}: 单位 unit", "unit"))
    return [p for p in found if p]
