"""The year's campaign: several contests' official results brought together by unit.

A campaign file (TOML) names the contest files of one year, optionally the round to take from
each (default: the contest's last round), a points table (award name → points, exact decimals)
and aliases for unit names. This module is the pure part: reading the file's contents into a
`CampaignDef` (every problem listed), unit-name normalisation, the summary by unit and the 推选
list. The results it aggregates are the contests' published standings (rank, award, total), as
`services.results.standings.round_report` computed them; nothing here computes a score.

Rules:
- A unit name is matched after NFKC normalisation with white space removed where it separates
  Chinese characters (so "东莞市 商务局" and "东莞市商务局" are one unit) and runs of spaces
  collapsed; then `[aliases]` maps a (normalised) name to the unit it stands for.
- A unit's points are the sum over its entries of the points of the award each won (an award
  missing from `[points]` is worth 0); its entries and award counts cover every contest.
- Units are ordered by points (descending), then unit name.
- Near-duplicate unit names (one holds the other) are reported, never merged: only `[aliases]` merges.
- The 推选 list takes entries with an award, best award tier first (a round's first tier is
  tier 0 in every contest), then rank, then the campaign's contest order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

NOT_ENTERED = "未参赛"
UNSIGNED = "未签署"


class CampaignError(Exception):
    """The campaign file is refused: `problems` says every reason (Chinese first, English gloss)."""

    def __init__(self, source: str, problems: Sequence[str]):
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = list(problems)


@dataclass(frozen=True)
class ContestRef:
    file: str  # as written in the campaign file, relative to it
    round: str | None = None  # None: the contest's last round


@dataclass(frozen=True)
class CampaignDef:
    name: str
    year: str
    organizer: str
    contests: tuple[ContestRef, ...]
    points: Mapping[str, Decimal] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)  # normalised name → unit


@dataclass(frozen=True)
class EntryResult:
    """One entry's published line: rank and award as the contest's round gave them."""

    code: str
    title: str
    unit: str
    members: tuple[str, ...]
    rank: int | None
    award: str | None
    total: Decimal | None


@dataclass(frozen=True)
class ContestResult:
    file: str
    name: str
    round_key: str
    round_name: str
    signed: bool
    awards: tuple[str, ...]  # the round's award tiers, highest first
    entries: tuple[EntryResult, ...]


@dataclass(frozen=True)
class ContestLine:
    """One unit in one contest; entries 0 means 未参赛."""

    entries: int
    best_rank: int | None
    awards: tuple[str, ...]


@dataclass(frozen=True)
class UnitLine:
    unit: str
    entries: int
    awards: Mapping[str, int]
    points: Decimal
    per_contest: Mapping[str, ContestLine]  # every contest of the campaign, by contest name


@dataclass(frozen=True)
class Summary:
    campaign: CampaignDef
    contests: tuple[ContestResult, ...]
    units: tuple[UnitLine, ...]
    near_duplicates: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Recommendation:
    contest: ContestResult
    entry: EntryResult
    tier: int


_SPACES = re.compile(r"\s+")
_GAP = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def normalise_unit(name: str) -> str:
    """NFKC, runs of white space as one space, no space beside a Chinese character, trimmed."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", name or "")).strip()
    return _GAP.sub("", text)


def unit_of(name: str, aliases: Mapping[str, str]) -> str:
    key = normalise_unit(name)
    return aliases.get(key, key)


def format_points(value: Decimal) -> str:
    """Exact, without a trailing ".0": 12, 2.5, 0."""
    return format(value.normalize(), "f") if value != 0 else "0"


def _text(value, what: str, problems: list[str], required: bool = False) -> str:
    if value is None:
        if required:
            problems.append(f"缺少 {what} ({what} is missing)")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        problems.append(f"{what} 须为文字 ({what} must be text)")
        return ""
    return str(value).strip()


def parse_points(value, award: str) -> Decimal:
    """A point value: a TOML number (read as an exact decimal) or a numeric string; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ValueError(award)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(award) from None
    if not number.is_finite() or number < 0:
        raise ValueError(award)
    return number


def parse_campaign(data: Mapping, source: str) -> CampaignDef:
    """The campaign file's contents (TOML read with `parse_float=Decimal`); CampaignError lists every problem."""
    problems: list[str] = []
    head = data.get("campaign")
    if not isinstance(head, Mapping):
        problems.append("缺少 [campaign] 表 (the [campaign] table is missing)")
        head = {}
    name = _text(head.get("name"), "[campaign] name", problems, required=True)
    year = _text(head.get("year"), "[campaign] year", problems)
    organizer = _text(head.get("organizer"), "[campaign] organizer", problems)
    contests: list[ContestRef] = []
    raw = data.get("contests")
    if not isinstance(raw, list) or not raw:
        problems.append("缺少 [[contests]]: 至少列出一个比赛文件 (list at least one contest file)")
        raw = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            problems.append(f"第 {n} 个 [[contests]] 不是表 (contest {n} is not a table)")
            continue
        file = _text(item.get("file"), f"第 {n} 个比赛的 file", problems, required=True)
        round_key = _text(item.get("round"), f"第 {n} 个比赛的 round", problems) or None
        unknown = set(item) - {"file", "round"}
        if unknown:
            problems.append(f"第 {n} 个比赛有未知的键 {', '.join(sorted(unknown))} (unknown keys)")
        if file:
            contests.append(ContestRef(file, round_key))
    points: dict[str, Decimal] = {}
    raw_points = data.get("points", {})
    if not isinstance(raw_points, Mapping):
        problems.append("[points] 须为表: 奖项 = 分值 (points must be a table)")
        raw_points = {}
    for award, value in raw_points.items():
        try:
            points[str(award).strip()] = parse_points(value, award)
        except ValueError:
            problems.append(f"[points] {award} = {value!r} 不是非负数值 (not a non-negative number)")
    aliases: dict[str, str] = {}
    raw_aliases = data.get("aliases", {})
    if not isinstance(raw_aliases, Mapping):
        problems.append("[aliases] 须为表: 别名 = 单位 (aliases must be a table)")
        raw_aliases = {}
    for alias, unit in raw_aliases.items():
        if not isinstance(unit, str) or not normalise_unit(unit):
            problems.append(f"[aliases] {alias} 须对应一个单位名称 (an alias needs a unit name)")
            continue
        aliases[normalise_unit(str(alias))] = normalise_unit(unit)
    for alias, unit in aliases.items():
        if unit in aliases and aliases[unit] != unit:
            problems.append(f"[aliases] {alias} → {unit} 又是别名 (an alias must name a unit, not another alias)")
    unknown = set(data) - {"campaign", "contests", "points", "aliases"}
    if unknown:
        problems.append(f"未知的表 {', '.join(sorted(unknown))} (unknown tables)")
    if problems:
        raise CampaignError(source, problems)
    return CampaignDef(name, year, organizer, tuple(contests), points, aliases)


def unknown_awards(campaign: CampaignDef, contests: Sequence[ContestResult]) -> list[str]:
    """Names in [points] that no contest's round awards: a typo the organizer must fix."""
    known = {a for c in contests for a in c.awards}
    return [a for a in campaign.points if a not in known]


def near_duplicates(units: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of different unit names where one holds the other (东莞市商务局 / 市商务局): probably
    one unit written two ways. Each pair is (longer, shorter), ready for `"longer" = "shorter"`."""
    names = sorted(set(units), key=lambda n: (len(n), n))
    pairs = []
    for i, short in enumerate(names):
        for long_ in names[i + 1:]:
            if len(short) >= 2 and len(long_) > len(short) and short in long_:
                pairs.append((long_, short))
    return sorted(pairs)


def summarise(campaign: CampaignDef, contests: Sequence[ContestResult]) -> Summary:
    """One line per unit across the contests (see the module's rules)."""
    names = [c.name for c in contests]
    tier_order = {a: i for i, a in enumerate(dict.fromkeys(a for c in contests for a in c.awards))}
    gathered: dict[str, dict[str, list[EntryResult]]] = {}
    for contest in contests:
        for entry in contest.entries:
            gathered.setdefault(unit_of(entry.unit, campaign.aliases), {}).setdefault(contest.name, []).append(entry)
    lines = []
    for unit, by_contest in gathered.items():
        awards: dict[str, int] = {}
        points = Decimal(0)
        per: dict[str, ContestLine] = {}
        for name in names:
            entries = by_contest.get(name, [])
            ranks = [e.rank for e in entries if e.rank is not None]
            won = tuple(e.award for e in sorted(entries, key=_rank_key) if e.award)
            for award in won:
                awards[award] = awards.get(award, 0) + 1
                points += campaign.points.get(award, Decimal(0))
            per[name] = ContestLine(len(entries), min(ranks) if ranks else None, won)
        total = sum(len(v) for v in by_contest.values())
        ordered = dict(sorted(awards.items(), key=lambda kv: (tier_order.get(kv[0], len(tier_order)), kv[0])))
        lines.append(UnitLine(unit, total, ordered, points, per))
    lines.sort(key=lambda u: (-u.points, u.unit))
    return Summary(campaign, tuple(contests), tuple(lines), tuple(near_duplicates([u.unit for u in lines])))


def _rank_key(entry: EntryResult) -> tuple:
    return (entry.rank is None, entry.rank or 0, entry.code)


def recommend(contests: Sequence[ContestResult], top: int) -> list[Recommendation]:
    """The 推选 list: the `top` awarded entries by award tier, then rank, then contest order."""
    found = []
    for order, contest in enumerate(contests):
        tiers = {name: i for i, name in enumerate(contest.awards)}
        for entry in contest.entries:
            if entry.award and entry.rank is not None:
                tier = tiers.get(entry.award, len(tiers))
                found.append(((tier, entry.rank, order, entry.code), Recommendation(contest, entry, tier)))
    found.sort(key=lambda pair: pair[0])
    return [r for _, r in found[:max(top, 0)]]
