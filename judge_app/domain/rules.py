"""The rule families as data: component kinds, panel aggregations, vote normalisations.

Each rule is one small object holding everything the program says or does about it: its key
and names (zh_CN, en); its settings (type, default, allowed values) for the contest file and the
setup screen; its computation; its lines in the 计分说明; its wording on the notice and the score
sheets; and the labels the stage and the results page put on a dropped judge total. Every other
module asks `aggregation(key)`, `normalization(key)` or `component_kind(key)` — nothing outside
this module branches on a rule's key, so adding a rule is adding one entry here.

The arithmetic itself stays in `scoring.py`, which reads like the published rules; an entry
here only says which of its functions a rule uses and how to tell a reader about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from judge_app.domain.contest import (
    DIRECT,
    VOTE_DEDUP_RULES,
    VOTE_EXPORTS,
    PANEL,
    TRIMMED_MEAN,
    VOTES,
    ZSCORE,
    Component,
)
from judge_app.domain import panel_units, scoring
from judge_app.domain.panel_units import PanelSums
from judge_app.domain.scoring import JudgeTotal, PanelResult, ZSCORE_CONTEXT, mean_numerator
from judge_app.domain.records import frozen_record


@frozen_record
class Setting:
    """One setting a rule reads from its component: the contest-file key (= the `Component` field),
    its type, the value when it is left out, the values it allows (value → zh_CN label) and a check.
    The contest-file parser, the contest rules and the setup screen all read it from here."""

    key: str
    zh: str
    en: str
    type: type
    default: object = None
    choices: Mapping[str, str] = field(default_factory=dict)
    check: Callable[[object], str] | None = None  # '' or why a value of the right type is refused
    suggest: object = None  # what the setup screen offers when the setting becomes needed
    setup: bool = True  # the setup dialog shows it (drop counts are edited in the table, windows in files)
    day_end: bool = False  # a date alone means the end of that day (vote_end)

    def problem(self, value) -> str:
        """'' when `value` is allowed, else the reason (zh_CN first, English gloss)."""
        if value is None or value == self.default:
            return ""
        if self.choices and value not in self.choices:
            return f"未知的 {self.key} = {value!r}, 应为 {'/'.join(self.choices)} (unknown {self.en})"
        return self.check(value) if self.check else ""


@frozen_record
class DropLabels:
    """What the stage and the results page say about a dropped judge total."""

    high: str  # the results page's mark on a struck total: "最高", "z 值最高"
    low: str
    high_en: str
    low_en: str
    basis: str  # what was compared, before the stage's rule: "" for raw totals, "按 z 值" for z
    rule_high: str  # the stage's words: 去掉一个「最高分」
    rule_low: str

    def mark(self, is_high: bool) -> str:
        """The results page's 去掉 column: zh_CN first, English gloss."""
        return f"{self.high} (dropped {self.high_en})" if is_high else f"{self.low} (dropped {self.low_en})"

    def rule(self, high: int, low: int) -> str:
        """The stage's one-line rule: 去掉一个最高分、一个最低分 (by z: 按 z 值去掉…); '' without drops."""
        parts = []
        if high:
            parts.append(f"去掉{_count(high)}{self.rule_high}")
        if low:
            parts.append(f"去掉{_count(low)}{self.rule_low}")
        return (self.basis + "、".join(parts)) if parts else ""

    def beat(self, high: int, low: int) -> str:
        """The console's step name for the strike: 去掉最高最低, 按 z 值去掉最高 …"""
        if high and low:
            return f"{self.basis}去掉最高最低"
        return f"{self.basis}去掉{self.rule_high if high else self.rule_low}"


def _count(n: int) -> str:
    return "一个" if n == 1 else f"{n}个"


RAW_DROPS = DropLabels("最高", "最低", "high", "low", "", "最高分", "最低分")
Z_DROPS = DropLabels("z 值最高", "z 值最低", "highest z", "lowest z", "按 z 值", "最高", "最低")


def _num(value: Decimal) -> str:
    """A raw value as typed: 80, 82.5 (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"


# ---- panel aggregations -------------------------------------------------------------------


@frozen_record
class Aggregation:
    """How a panel turns its judges' totals into an entry's 0–100 score (the component's `aggregate`)."""

    key: str
    zh: str
    en: str
    compute: Callable[[Mapping[str, Mapping[str, Decimal]], Component, int], dict[str, PanelResult]]
    explain: Callable[[Component, PanelResult, int], list[str]]  # the 计分说明 steps after "每位评委总分 …"
    wording: Callable[[Component], str]  # the notice and the score sheet
    drops: DropLabels = RAW_DROPS
    settings: tuple[Setting, ...] = ()  # what this aggregation alone reads (needed with it, refused without)
    # each entry's score from the panel's integer sums (`panel_units`): (sums, entry codes, component, decimals);
    # None: the rule needs every judge's total (z-scores need each judge's mean), the ranking loads them
    from_units: Callable[[PanelSums, Iterable[str], Component, int], dict[str, Decimal | None]] | None = None
    needs_order: Callable[[Component], bool] = lambda c: True  # from_units reads `PanelUnits.ordered`


def _trimmed_explain(c: Component, panel: PanelResult, places: int) -> list[str]:
    steps = []
    if c.drop_highest or c.drop_lowest:
        steps.append(f"去掉最高 {c.drop_highest} 个、最低 {c.drop_lowest} 个")
    kept = panel.kept
    total = sum((t.total for t in kept), Decimal(0))
    steps.append(f"保留 {len(kept)} 个: " + " + ".join(_num(t.total) for t in kept) + f" = {_num(total)}")
    steps.append(f"{_num(total)} ÷ {len(kept)} × 100 ÷ {_num(c.max_total)} = {panel.score} (四舍五入到 {places} 位小数)")
    return steps


def _trimmed_wording(c: Component) -> str:
    return (f"评委按 {len(c.criteria)} 项评分（满分 {_num(c.max_total)}）, 去掉 {c.drop_highest} 个最高分和 "
            f"{c.drop_lowest} 个最低分后取平均, 折算为百分制")


def _zscore_explain(c: Component, panel: PanelResult, places: int) -> list[str]:
    basis = panel.basis
    steps = [f"标准化: z = (评委总分 − 该评委平均分) ÷ 该评委标准差; "
             f"全组平均 M = {basis.location:.4f}, 组内标准差 S = {basis.spread:.4f}"]
    if c.drop_highest or c.drop_lowest:
        steps.append(f"按 z 值去掉最高 {c.drop_highest} 个、最低 {c.drop_lowest} 个")
    zs = {t.judge: t.total for t in panel.standardised}
    kept = [zs[t.judge] for t in panel.kept]
    mean_z = ZSCORE_CONTEXT.divide(mean_numerator(kept), Decimal(len(kept)))
    steps.append(f"保留 {len(kept)} 个 z 值, 平均 z = {mean_z:+.4f}")
    steps.append(f"(M + S × 平均 z) × 100 ÷ {_num(c.max_total)} = {panel.score} (限定在 0–100, 四舍五入到 {places} 位小数)")
    return steps


def _zscore_wording(c: Component) -> str:
    drops = f", 按 z 值去掉 {c.drop_highest} 个最高和 {c.drop_lowest} 个最低" if c.drop_highest or c.drop_lowest else ""
    return (f"评委按 {len(c.criteria)} 项评分（满分 {_num(c.max_total)}）; 每位评委的总分先标准化 "
            f"(z = (总分 − 该评委平均分) ÷ 该评委标准差){drops}, 取平均 z, "
            f"按 (全组平均 + 组内标准差 × 平均 z) 折算为百分制 (限定在 0–100)")


MEDIAN = "median"


def median_panel_results(by_entry: Mapping[str, Mapping[str, Decimal]], component: Component,
                         decimals: int) -> dict[str, PanelResult]:
    """Rule 1m: the median of the totals left after the drops (the mean of the two middle values
    for an even count), × 100 / the sum of the criteria maxima, rounded half-up; exact."""
    out = {}
    for code, totals in by_entry.items():
        trimmed = scoring.panel_result(totals, component, decimals)
        kept = trimmed.kept
        if trimmed.score is None:
            out[code] = PanelResult(trimmed.totals, (), (), None, MEDIAN)
            continue
        middle = len(kept) // 2
        median = Fraction(kept[middle].total) if len(kept) % 2 else Fraction(kept[middle - 1].total + kept[middle].total) / 2
        score = scoring.round_half_up(median * 100 / Fraction(component.max_total), decimals)
        out[code] = PanelResult(trimmed.totals, trimmed.dropped_low, trimmed.dropped_high, score, MEDIAN)
    return out


def _median_explain(c: Component, panel: PanelResult, places: int) -> list[str]:
    steps = []
    if c.drop_highest or c.drop_lowest:
        steps.append(f"去掉最高 {c.drop_highest} 个、最低 {c.drop_lowest} 个")
    kept = panel.kept
    ordered = "、".join(_num(t.total) for t in kept)
    middle = len(kept) // 2
    if len(kept) % 2:
        median = kept[middle].total
        steps.append(f"保留 {len(kept)} 个, 从低到高: {ordered}; 中位数 = {_num(median)}")
        shown = _num(median)
    else:
        a, b = kept[middle - 1].total, kept[middle].total
        steps.append(f"保留 {len(kept)} 个, 从低到高: {ordered}; 中位数 = ({_num(a)} + {_num(b)}) ÷ 2")
        shown = f"({_num(a)} + {_num(b)}) ÷ 2"
    steps.append(f"{shown} × 100 ÷ {_num(c.max_total)} = {panel.score} (四舍五入到 {places} 位小数)")
    return steps


def _median_wording(c: Component) -> str:
    drops = f"去掉 {c.drop_highest} 个最高分和 {c.drop_lowest} 个最低分后" if c.drop_highest or c.drop_lowest else ""
    return (f"评委按 {len(c.criteria)} 项评分（满分 {_num(c.max_total)}）, {drops}取各评委总分的中位数 "
            f"(偶数个时取中间两个的平均), 折算为百分制")


AGGREGATIONS: dict[str, Aggregation] = {a.key: a for a in (
    Aggregation(TRIMMED_MEAN, "去掉最高最低后取平均", "trimmed mean",
                lambda by_entry, c, d: {code: scoring.panel_result(t, c, d) for code, t in by_entry.items()},
                _trimmed_explain, _trimmed_wording, from_units=panel_units.trimmed_scores,
                needs_order=panel_units.trimmed_needs_order),
    Aggregation(ZSCORE, "标准化 (z 分数)", "z-score", scoring.zscore_panel_results, _zscore_explain, _zscore_wording,
                Z_DROPS),
    Aggregation(MEDIAN, "中位数", "median", median_panel_results, _median_explain, _median_wording,
                from_units=panel_units.median_scores, needs_order=panel_units.median_needs_order),
)}


class UnknownRule(KeyError, ValueError):
    """A key no registry entry has (the contest rules refuse it before anything is computed)."""


def _lookup(registry: Mapping, key: str, family: str):
    try:
        return registry[key]
    except KeyError:
        raise UnknownRule(f"unknown {family} {key!r}") from None


def aggregation(key: str) -> Aggregation:
    """The registered aggregation `key`; UnknownRule for one the contest rules refuse."""
    return _lookup(AGGREGATIONS, key, "aggregation")


# ---- vote normalisations --------------------------------------------------------------------


@frozen_record
class Normalization:
    """How a vote tally becomes a 0–100 score (the component's `normalize`)."""

    key: str
    zh: str
    en: str
    compute: Callable[[Mapping[str, int], Decimal | None], dict[str, Fraction]]  # (counts, rank_step), some votes
    explain: Callable[[Component, Mapping[str, int], str, Decimal | None, int], list[str]]
    wording: Callable[[Component], str]
    settings: tuple[Setting, ...] = ()  # what this normalisation alone reads (needed with it, refused without)

    def points(self, counts: Mapping[str, int], component: Component) -> dict[str, Fraction]:
        """The exact (unrounded) score of every entry in `counts`."""
        return scoring.vote_points(counts, self.key, component.rank_step)


def _max_explain(c: Component, counts: Mapping[str, int], code: str, score, places: int) -> list[str]:
    mine, best = counts.get(code, 0), max(counts.values(), default=0)
    steps = [f"本作品得票 {mine}, 本轮最高得票 {best}"]
    steps.append(f"100 × {mine} ÷ {best} = {score} (四舍五入到 {places} 位小数)" if best else f"无人得票, 得分 {score}")
    return steps


def _share_explain(c: Component, counts: Mapping[str, int], code: str, score, places: int) -> list[str]:
    mine, total = counts.get(code, 0), sum(counts.values())
    steps = [f"本作品得票 {mine}, 本轮各作品得票合计 {total}"]
    steps.append(f"100 × {mine} ÷ {total} = {score} (四舍五入到 {places} 位小数)" if total else f"无人得票, 得分 {score}")
    return steps


def _rank_explain(c: Component, counts: Mapping[str, int], code: str, score, places: int) -> list[str]:
    mine = counts.get(code, 0)
    if not any(counts.values()):
        return [f"本作品得票 {mine}; 无人得票, 得分 {score}"]
    if mine == 0:
        return [f"本作品得票 0, 未得票的作品得 0 分, 得分 {score}"]
    place = scoring.vote_places(counts)[code]
    step = _num(c.rank_step)
    return [f"本作品得票 {mine}, 按得票排第 {place} 名 (票数相同名次相同)",
            f"100 − ({place} − 1) × {step} = {score} (不低于 0, 四舍五入到 {places} 位小数)"]


def _rank_step_problem(value) -> str:
    return "" if 0 < value <= 100 else f"rank_step 须在 0 与 100 之间, 现为 {value} (rank_step out of range)"


NORMALIZATIONS: dict[str, Normalization] = {n.key: n for n in (
    Normalization("max", "按最高票折算", "by the highest count", scoring.max_points, _max_explain,
                  lambda c: "得票数 ÷ 本轮最高得票数 × 100"),
    Normalization("rank", "按名次给分", "points by place", scoring.rank_points, _rank_explain,
                  lambda c: f"按得票排名给分: 第一名 100 分, 每低一名减 {_num(c.rank_step)} 分 (不低于 0), "
                            f"票数相同名次相同, 未得票 0 分",
                  (Setting("rank_step", "名次递减分", "points per place", Decimal, None, check=_rank_step_problem,
                           suggest=Decimal(5)),)),
    Normalization("share", "按得票占比", "share of all votes", scoring.share_points, _share_explain,
                  lambda c: "得票数 ÷ 本轮各作品得票总数 × 100"),
)}


def normalization(key: str) -> Normalization:
    return _lookup(NORMALIZATIONS, key, "normalization")


# ---- component kinds -----------------------------------------------------------------------


@frozen_record
class ComponentKind:
    """A kind of weighted component: panel (judges score), votes (a tally), direct (imported 0–100).

    `rule_key` names the field that picks one of `rules` (a panel's `aggregate`, a vote's
    `normalize`); the chosen rule's own settings are needed with it and refused without it."""

    key: str
    zh: str
    en: str
    key_stem: str  # a new component's key on the setup screen: panel, online, direct
    settings: tuple[Setting, ...]
    wording: Callable[[Component], str]
    # (component, round inputs, decimals) → (entry → score or None, entry → PanelResult or None)
    score: Callable[[Component, object, int], tuple[dict[str, Decimal | None], dict[str, PanelResult] | None]]
    has_criteria: bool = False
    judged: bool = False  # judges sit on it and their totals can be dropped
    rule_key: str = ""
    rules: Mapping[str, Aggregation | Normalization] = field(default_factory=dict)
    # the 计分说明 steps: (component, RoundResult, RoundInputs, entry code, its score, decimals) → lines
    explain: Callable[[Component, object, object, str, Decimal | None, int], list[str]] = lambda *a: []
    inputs: str = ""  # the `RoundInputs` field it reads: panel_totals, votes or direct (the store fills it)
    problems: Callable[[Component, str], list[str]] = lambda c, where: []  # rules across settings

    def rule(self, c: Component) -> Aggregation | Normalization | None:
        """The aggregation or normalisation `c` chose; None for a kind without one or an unknown key."""
        return self.rules.get(getattr(c, self.rule_key)) if self.rule_key else None

    def rule_settings(self) -> tuple[Setting, ...]:
        """Every setting one of this kind's rules may read (rank_step for votes)."""
        seen: dict[str, Setting] = {}
        for entry in self.rules.values():
            for setting in entry.settings:
                seen.setdefault(setting.key, setting)
        return tuple(seen.values())

    def uses(self, c: Component) -> tuple[Setting, ...]:
        """The settings that apply to `c`: its kind's own and those of the rule it chose."""
        rule = self.rule(c)
        return self.settings + (rule.settings if rule else ())


def _panel_wording(c: Component) -> str:
    return aggregation(c.aggregate).wording(c)


def _votes_wording(c: Component) -> str:
    return normalization(c.normalize).wording(c)


def _panel_score(c: Component, inputs, decimals: int):
    sums = inputs.panel_units.get(c.key)
    if sums is not None:  # the ranking alone: scores from integer sums, no computation kept
        return aggregation(c.aggregate).from_units(sums, inputs.entries, c, decimals), None
    by_entry = inputs.panel_totals.get(c.key, {})
    computed = aggregation(c.aggregate).compute({code: by_entry.get(code, {}) for code in inputs.entries}, c, decimals)
    return {code: computed[code].score for code in inputs.entries}, computed


def _votes_score(c: Component, inputs, decimals: int):
    tally = inputs.votes.get(c.key)
    if tally is None:
        return {}, None
    return scoring.vote_scores(tally, inputs.entries, decimals, c.normalize, c.rank_step), None


def _direct_score(c: Component, inputs, decimals: int):
    given = inputs.direct.get(c.key, {})
    return {code: scoring.direct_score(v, decimals) for code, v in given.items() if code in inputs.entries}, None


def _panel_explain(c: Component, result, inputs, code: str, score, places: int) -> list[str]:
    panel = result.panels[c.key][code]
    maxima = " + ".join(_num(k.max) for k in c.criteria)
    steps = [f"每位评委总分 = 各评分项之和, 满分 {maxima} = {_num(c.max_total)}"]
    if panel.score is None:
        return steps + [f"有效评分 {len(panel.totals)} 份, 少于所需 {c.min_judges} 份, 暂无得分"]
    return steps + aggregation(c.aggregate).explain(c, panel, places)


def _votes_explain(c: Component, result, inputs, code: str, score, places: int) -> list[str]:
    tally = inputs.votes.get(c.key)
    if tally is None:
        return ["尚未导入投票结果, 暂无得分"]
    counts = {e: tally.get(e, 0) for e in inputs.entries}
    return normalization(c.normalize).explain(c, counts, code, score, places)


def _direct_explain(c: Component, result, inputs, code: str, score, places: int) -> list[str]:
    value = inputs.direct.get(c.key, {}).get(code)
    if value is None:
        return ["尚未导入分数, 暂无得分"]
    return [f"导入分数 {_num(value)} → {score} (四舍五入到 {places} 位小数)"]


def _drop_problem(value) -> str:
    return "" if value >= 0 else "drop_highest/drop_lowest 不能为负 (negative drop count)"


def _window_problems(c: Component, where: str) -> list[str]:
    if c.vote_start is not None and c.vote_end is not None and c.vote_start > c.vote_end:
        return [f"{where}: vote_start 晚于 vote_end (voting window ends before it starts)"]
    return []


COMPONENT_KINDS: dict[str, ComponentKind] = {k.key: k for k in (
    ComponentKind(PANEL, "评委打分", "judged panel", "panel", (
        Setting("drop_highest", "去掉最高分个数", "highest dropped", int, 0, check=_drop_problem, setup=False),
        Setting("drop_lowest", "去掉最低分个数", "lowest dropped", int, 0, check=_drop_problem, setup=False),
        Setting("aggregate", "汇总方式", "aggregation", str, TRIMMED_MEAN,
                {a.key: a.zh for a in AGGREGATIONS.values()}),
    ), _panel_wording, _panel_score, has_criteria=True, judged=True, rule_key="aggregate", rules=AGGREGATIONS,
        explain=_panel_explain, inputs="panel_totals"),
    ComponentKind(VOTES, "网络投票", "online votes", "online", (
        Setting("normalize", "投票折算", "normalization", str, "max", {n.key: n.zh for n in NORMALIZATIONS.values()}),
        Setting("dedup", "投票去重", "dedup rule", str, "none",
                dict(zip(VOTE_DEDUP_RULES, ("每条都计", "每人每作品一票", "每人每作品每天一票")))),
        Setting("vote_start", "投票开始", "voting start", datetime, setup=False),
        Setting("vote_end", "投票结束", "voting end", datetime, setup=False, day_end=True),
        Setting("export", "导出形式", "export shape", str, None,
                dict(zip(VOTE_EXPORTS, ("逐条投票记录", "每作品票数"))), setup=False),
    ), _votes_wording, _votes_score, rule_key="normalize", rules=NORMALIZATIONS, problems=_window_problems,
        explain=_votes_explain, inputs="votes"),
    ComponentKind(DIRECT, "直接导入", "imported score", "direct", (), lambda c: "直接录入的百分制成绩", _direct_score,
                  explain=_direct_explain, inputs="direct"),
)}


def all_settings() -> tuple[Setting, ...]:
    """Every setting of every kind and rule, once each, in the order the contest file lists them."""
    seen: dict[str, Setting] = {}
    for kind in COMPONENT_KINDS.values():
        for setting in kind.settings + kind.rule_settings():
            seen.setdefault(setting.key, setting)
    return tuple(seen.values())


def _owners(key: str) -> str:
    return "/".join(k.key for k in COMPONENT_KINDS.values() if key in {s.key for s in k.settings + k.rule_settings()})


def component_problems(c: Component, where: str) -> list[str]:
    """Every rule of its kind that component `c` breaks, from the registry's settings alone:
    an unknown kind, a value not allowed, a setting its kind or rule does not read, one its rule needs."""
    kind = COMPONENT_KINDS.get(c.kind)
    if kind is None:
        return [f"{where}: 未知类型 kind = {c.kind!r}, 应为 {'/'.join(COMPONENT_KINDS)} (unknown kind)"]
    out = []
    own = {s.key for s in kind.settings}
    chosen = kind.rule(c)
    needed = {s.key for s in chosen.settings} if chosen else set()
    rule_named = f"{kind.rule_key} = \"{getattr(c, kind.rule_key)}\"" if kind.rule_key else ""
    for setting in all_settings():
        value = getattr(c, setting.key)
        if setting.key in own or setting.key in needed:
            if setting.key in needed and value is None:
                out.append(f"{where}: {rule_named} 需要 {setting.key} ({chosen.en} needs {setting.key})")
            elif problem := setting.problem(value):
                out.append(f"{where}: {problem}")
        elif value != setting.default:
            if setting.key in {s.key for s in kind.rule_settings()}:
                users = "/".join(r.key for r in kind.rules.values() if setting.key in {s.key for s in r.settings})
                out.append(f"{where}: {setting.key} 只用于 {kind.rule_key} = \"{users}\" "
                           f"({setting.key} only applies to {users})")
            else:
                out.append(f"{where}: {setting.key} 只用于 {_owners(setting.key)} 部分 "
                           f"({setting.key} is only for {_owners(setting.key)} components)")
    if kind.has_criteria and not c.criteria:
        out.append(f"{where}: {kind.zh}部分没有评分项 ({kind.key} without criteria)")
    if not kind.has_criteria and c.criteria:
        out.append(f"{where}: 只有 {'/'.join(k.key for k in COMPONENT_KINDS.values() if k.has_criteria)} "
                   f"部分可以有评分项 (only panels have criteria)")
    return out + kind.problems(c, where)


def component_defaults(kind_key: str, base: Component) -> dict[str, object]:
    """The setting values a component of `kind_key` keeps from `base`: those its kind and chosen rule
    read stay, every other falls back to its default (a panel turned into votes loses its drops,
    votes turned from rank to max lose their rank_step)."""
    kind = component_kind(kind_key)
    own = {s.key for s in kind.uses(replace(base, kind=kind_key))}
    return {s.key: getattr(base, s.key) if s.key in own else s.default for s in all_settings()}


def component_kind(key: str) -> ComponentKind:
    return _lookup(COMPONENT_KINDS, key, "component kind")


def is_judged(c: Component) -> bool:
    """Judges sit on `c` and score it (a panel), as opposed to a tally or an imported score."""
    kind = COMPONENT_KINDS.get(c.kind)
    return bool(kind and kind.judged)


def is_voted(c: Component) -> bool:
    """`c` is scored from a vote tally (an imported vote file), not by judges or imported scores."""
    kind = COMPONENT_KINDS.get(c.kind)
    return bool(kind and kind.inputs == "votes")


def rule_wording(c: Component) -> str:
    """How a component's score is formed, for the notice's footnote and the score sheets."""
    kind = COMPONENT_KINDS.get(c.kind)
    return kind.wording(c) if kind else c.kind


def drop_labels(c: Component) -> DropLabels:
    """The stage's and the results page's words for this panel's dropped totals."""
    return aggregation(c.aggregate).drops


def dropped_mark(c: Component, panel: PanelResult, judge: str) -> str:
    """'' for a kept total, else the results page's 去掉 label for it."""
    if judge in {t.judge for t in panel.dropped_high}:
        return drop_labels(c).mark(True)
    if judge in {t.judge for t in panel.dropped_low}:
        return drop_labels(c).mark(False)
    return ""


__all__ = ["UnknownRule", "AGGREGATIONS", "NORMALIZATIONS", "COMPONENT_KINDS", "Aggregation", "Normalization", "ComponentKind",
           "Setting", "DropLabels", "JudgeTotal", "aggregation", "normalization", "component_kind", "rule_wording",
           "drop_labels", "dropped_mark", "median_panel_results", "all_settings", "component_problems",
           "component_defaults", "is_judged", "is_voted"]
