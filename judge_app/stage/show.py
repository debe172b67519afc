"""The show: which scene the stage is on, what the host has released, and what a scene may project.

This module is plain Python (no Qt). The host steps through a linear sequence of steps:

    title → running order → for each entry in running order:
        entry card (with countdown) → reveal beats → ranking board
    → award announcement, one name per step, from the lowest tier up.

A reveal's beats, per component in the round's order: for a panel, each judge's total in turn,
then the dropped highest/lowest struck through, then the component score; for votes or a
direct score, the score; finally the weighted total. Passing the last beat *releases* the entry.

Every number comes from the official `RoundReport` (`judge_app.services.results.standings.round_report`);
nothing here computes a score. `frame()` is the only way a scene's content leaves this module,
and it contains only what the host has released: in hidden mode (the default) an entry's
total, rank and award are absent from every frame until its reveal is passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from judge_app.domain.contest import Round
from judge_app.domain.rules import drop_labels, is_judged
from judge_app.domain.ranking import Standing
from judge_app.services.contest.running_order import RunningOrder
from judge_app.services.results.standings import RoundReport
from judge_app.stage.commentary import CommentFrame, experts

TITLE, ORDER, ENTRY, REVEAL, BOARD, AWARDS = "title", "order", "entry", "reveal", "board", "awards"
COMMENT = "comment"  # 专家点评, before or after the reveal when the round's setting asks (stage.commentary)
ANY = object()
SCENE_NAMES = {
    TITLE: "标题", ORDER: "出场顺序", ENTRY: "当前选手", REVEAL: "亮分", BOARD: "排行榜", AWARDS: "颁奖",
    COMMENT: "专家点评",
}


class Step(NamedTuple):
    """One press of the clicker. (A named tuple: a 200-entry show has thousands of steps.)"""

    scene: str
    entry: str | None = None
    beat: int = 0  # reveal: beats shown (1..n); awards: names announced (1..n)

    def label(self, report: RoundReport) -> str:
        name = SCENE_NAMES[self.scene]
        if self.entry:
            name += f" · {self.entry} {report.entry(self.entry).title}"
        if self.scene in (REVEAL, AWARDS):
            name += f" · {self.beat}"
        return name


# ---- frames: what one scene projects -------------------------------------------------------

@dataclass(frozen=True)
class TitleFrame:
    contest: str
    round: str
    organizer: str
    date: str


@dataclass(frozen=True)
class OrderLine:
    position: int
    code: str
    title: str
    unit: str
    current: bool = False
    done: bool = False


@dataclass(frozen=True)
class OrderFrame:
    round: str
    method: str | None  # "draw", "fixed", or None before any order exists
    seed: int | None
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True)
class EntryFrame:
    position: int
    count: int
    code: str
    title: str
    unit: str
    members: tuple[str, ...]
    next_title: str | None


@dataclass(frozen=True)
class JudgeCell:
    label: str  # 评委1 … or the judge's name
    total: str
    struck: bool  # dropped, and the strike beat has been shown


@dataclass(frozen=True)
class ComponentReveal:
    name: str
    weight: str
    kind: str
    judges: tuple[JudgeCell, ...]  # panels only: the totals shown so far
    judge_count: int  # how many totals the panel has in all
    rule: str  # "去掉一个最高分、一个最低分", "" when nothing is dropped
    score: str | None  # None until released
    pending: bool  # the official result has no score yet (待定)
    judged: bool = False  # judges score it: the layout gives it room for their cards


@dataclass(frozen=True)
class RevealFrame:
    code: str
    title: str
    unit: str
    components: tuple[ComponentReveal, ...]
    total: str | None
    total_pending: bool
    rank: int | None  # shown with the total when released
    place: int | None = None  # 当前第 N 名 among the released entries, with the total (hidden mode)


@dataclass(frozen=True)
class BoardLine:
    code: str
    title: str
    unit: str
    place: str  # official rank, or "" when not shown
    total: str | None
    award: str | None
    status: str  # "ranked", "hidden" (待揭晓), "pending" (待定)
    top: bool


@dataclass(frozen=True)
class BoardFrame:
    heading: str
    final: bool
    lines: tuple[BoardLine, ...]
    waiting: tuple[BoardLine, ...] = ()  # not revealed yet: listed apart, not as rows of 待揭晓


@dataclass(frozen=True)
class AwardName:
    code: str
    title: str
    unit: str
    members: tuple[str, ...]
    newest: bool


@dataclass(frozen=True)
class AwardsFrame:
    tier: str
    tier_index: int  # 0 for the first tier announced (the lowest)
    tier_count: int
    names: tuple[AwardName, ...]
    tier_size: int


# ---- the show ------------------------------------------------------------------------------

def tier_sequence(round_: Round, standings: list[Standing]) -> list[tuple[str, list[Standing]]]:
    """Award tiers from the lowest up; in each, entries from the lowest rank up (then code)."""
    tiers = []
    for tier in reversed(round_.awards):
        holders = [s for s in standings if s.award == tier.name]
        holders.sort(key=lambda s: (-(s.rank or 0), s.code), reverse=False)
        if holders:
            tiers.append((tier.name, holders))
    return tiers


@dataclass
class Options:
    anonymise: bool = True  # 评委1…N instead of names
    live_totals: bool = False  # show totals on the board as they arrive, without a reveal
    rows_per_page: int = 10
    commentary: str = "off"  # the 专家点评 scene: "before" / "after" the reveal, or "off"
    comment_timer: bool = False  # the comment timer is on screen in that scene


@dataclass
class Show:
    report: RoundReport
    order: RunningOrder | None = None
    options: Options = field(default_factory=Options)
    released: set[str] = field(default_factory=set)
    index: int = 0
    black: bool = False
    speakers: dict[str, str] = field(default_factory=dict)  # entry code → the judge code speaking (专家点评)

    def __post_init__(self) -> None:
        self.steps = self._build_steps()

    # -- sequence --
    @property
    def round(self) -> Round:
        return self.report.result.round

    def running_order(self) -> tuple[str, ...]:
        if self.order is not None:
            return self.order.codes
        return tuple(s.code for s in sorted(self.report.result.standings, key=lambda s: s.code))

    def beats(self, code: str) -> int:
        n = 0
        for c in self.round.components:
            if is_judged(c):
                pr = self.report.result.panels[c.key][code]
                n += len(pr.totals) + (1 if pr.dropped_low or pr.dropped_high else 0) + 1
            else:
                n += 1
        return n + 1

    def _build_steps(self) -> list[Step]:
        steps = [Step(TITLE), Step(ORDER)]
        for code in self.running_order():
            steps.append(Step(ENTRY, code))
            if self.options.commentary == "before":
                steps.append(Step(COMMENT, code))
            steps.extend(Step(REVEAL, code, k) for k in range(1, self.beats(code) + 1))
            if self.options.commentary == "after":
                steps.append(Step(COMMENT, code))
            steps.append(Step(BOARD, code))
        steps.append(Step(BOARD))
        n = sum(len(h) for _, h in tier_sequence(self.round, self.report.result.standings))
        steps.extend(Step(AWARDS, None, k) for k in range(1, n + 1))
        return steps

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def go(self, index: int) -> Step:
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.step
        if step.scene == REVEAL and step.beat >= self.beats(step.entry):
            self.released.add(step.entry)
        if step.scene == AWARDS:
            for code in self._announced(step.beat):
                self.released.add(code)
        return step

    def next(self) -> Step:
        return self.go(self.index + 1)

    def prev(self) -> Step:
        return self.go(self.index - 1)

    def first(self, scene: str, entry=ANY) -> int:
        """Index of the first step of `scene` (for `entry`; `None` is the final board, ANY any step)."""
        for i, s in enumerate(self.steps):
            if s.scene == scene and (entry is ANY or s.entry == entry):
                return i
        raise KeyError((scene, entry))

    def jump(self, scene: str, entry=ANY) -> Step:
        return self.go(self.first(scene, entry))

    def update(self, report: RoundReport | None = None, order: RunningOrder | None | bool = False) -> None:
        """New official numbers or a new running order: rebuild the steps, keep the place."""
        here = self.step
        if report is not None:
            self.report = report
        if order is not False:
            self.order = order
        self.steps = self._build_steps()
        if here in self.steps:
            self.index = self.steps.index(here)
        elif here.scene == REVEAL and here.entry in self.running_order():
            beat = min(here.beat, self.beats(here.entry))
            self.index = self.steps.index(Step(REVEAL, here.entry, beat))
        elif here.scene == AWARDS:
            awards = [i for i, s in enumerate(self.steps) if s.scene == AWARDS]
            self.index = awards[min(here.beat, len(awards)) - 1] if awards else self.first(BOARD)
        elif here.scene in (ENTRY, BOARD) and here.entry not in self.running_order():
            self.index = self.first(ORDER)
        else:
            self.index = min(self.index, len(self.steps) - 1)

    # -- what is shown --
    def current_entry(self) -> str | None:
        """The entry on stage now: the step's own, else the last one before it."""
        for s in reversed(self.steps[: self.index + 1]):
            if s.entry:
                return s.entry
        return None

    def _announced(self, count: int) -> list[str]:
        codes = [s.code for _, holders in tier_sequence(self.round, self.report.result.standings) for s in holders]
        return codes[:count]

    def frame(self):
        step = self.step
        if step.scene == TITLE:
            c = self.report.contest
            return TitleFrame(c.name, self.round.name, c.organizer, c.date)
        if step.scene == ORDER:
            return self._order_frame()
        if step.scene == ENTRY:
            return self._entry_frame(step.entry)
        if step.scene == REVEAL:
            return self._reveal_frame(step.entry, step.beat)
        if step.scene == BOARD:
            return self._board_frame()
        if step.scene == COMMENT:
            return self._comment_frame(step.entry)
        return self._awards_frame(step.beat)

    def experts(self):
        """Who may speak in the 专家点评 scene (the round's panel judges), named or by panel role."""
        return experts(self.report.contest, self.round, self.options.anonymise)

    def _comment_frame(self, code: str) -> CommentFrame:
        e = self.report.entry(code)
        chosen = self.speakers.get(code)
        speaker = next((x for x in self.experts() if x.code == chosen), None)
        return CommentFrame(code, e.title, e.unit, speaker, self.options.comment_timer)

    def _order_frame(self) -> OrderFrame:
        codes = self.running_order() if self.order is not None else ()
        here = self.current_entry()
        done_until = codes.index(here) if here in codes else -1
        lines = tuple(
            OrderLine(i, code, self.report.entry(code).title, self.report.entry(code).unit, code == here, i - 1 < done_until)
            for i, code in enumerate(codes, start=1)
        )
        return OrderFrame(self.round.name, self.order.method if self.order else None,
                          self.order.seed if self.order else None, lines)

    def _entry_frame(self, code: str) -> EntryFrame:
        codes = self.running_order()
        i = codes.index(code)
        e = self.report.entry(code)
        nxt = self.report.entry(codes[i + 1]).title if i + 1 < len(codes) else None
        return EntryFrame(i + 1, len(codes), code, e.title, e.unit, e.members, nxt)

    def judge_labels(self, component_key: str) -> dict[str, str]:
        """评委1…N by judge code on this panel (the same number for a judge on every entry), or names."""
        seated = sorted((j for j in self.report.contest.judges if j.sits_on(self.round.key, component_key)),
                        key=lambda j: j.code)
        if self.options.anonymise:
            return {j.code: f"评委{i}" for i, j in enumerate(seated, start=1)}
        return {j.code: j.name for j in seated}

    def _reveal_frame(self, code: str, beat: int) -> RevealFrame:
        result = self.report.result
        standing = result.standing(code)
        left = beat
        parts = []
        for c in self.round.components:
            score = standing.components.get(c.key)
            if is_judged(c):
                pr = result.panels[c.key][code]
                labels = self.judge_labels(c.key)
                in_turn = sorted(pr.totals, key=lambda jt: jt.judge)
                shown = min(left, len(in_turn))
                left -= shown
                drops = bool(pr.dropped_low or pr.dropped_high)
                strike = False
                if drops and left > 0 and shown == len(in_turn):
                    strike, left = True, left - 1
                score_shown = left > 0 and shown == len(in_turn) and (strike or not drops)
                if score_shown:
                    left -= 1
                cells = tuple(
                    JudgeCell(labels.get(jt.judge, jt.judge), str(jt.total), strike and pr.is_dropped(jt.judge))
                    for jt in in_turn[:shown]
                )
                rule = drop_labels(c).rule(c.drop_highest, c.drop_lowest)
                parts.append(ComponentReveal(c.name, str(c.weight), c.kind, cells, len(in_turn), rule,
                                             str(score) if score_shown and score is not None else None,
                                             score_shown and score is None, True))
            else:
                score_shown = left > 0
                if score_shown:
                    left -= 1
                parts.append(ComponentReveal(c.name, str(c.weight), c.kind, (), 0, "",
                                             str(score) if score_shown and score is not None else None,
                                             score_shown and score is None))
        total_shown = left > 0
        e = self.report.entry(code)
        return RevealFrame(
            code, e.title, e.unit, tuple(parts),
            str(standing.total) if total_shown and standing.total is not None else None,
            total_shown and standing.total is None,
            standing.rank if total_shown and self.options.live_totals else None,
            self.current_place(code) if total_shown and not self.options.live_totals and code in self.released else None,
        )

    def full_reveal(self, code: str) -> RevealFrame:
        """An entry's whole reveal, for the host's eyes (console, tests) — never projected as such."""
        return self._reveal_frame(code, self.beats(code))

    def visible(self, code: str) -> bool:
        return self.options.live_totals or code in self.released

    def _board_frame(self) -> BoardFrame:
        standings = self.report.result.standings
        everyone_out = all(self.visible(s.code) for s in standings)
        final = everyone_out and all(s.ranked for s in standings)
        lines, pending, waiting = [], [], []
        for s in standings:
            e = self.report.entry(s.code)
            if not self.visible(s.code):
                waiting.append(BoardLine(s.code, e.title, e.unit, "", None, None, "hidden", False))
            elif not s.ranked:
                pending.append(BoardLine(s.code, e.title, e.unit, "", None, None, "pending", False))
            else:
                lines.append(BoardLine(s.code, e.title, e.unit, str(s.rank), str(s.total),
                                       s.award if final else None, "ranked", s.rank <= 3))
        if not everyone_out:
            # Until every result is out, a released entry's official rank could tell the hall
            # about results still hidden; the board then shows the place among released results
            # (当前第 N 名: one more than the released entries ranked strictly better).
            ranks = [int(ln.place) for ln in lines]
            lines = [replace(ln, place=str(1 + sum(r < int(ln.place) for r in ranks)), top=False) for ln in lines]
        heading = f"{self.round.name} · {'最终排名' if final else '实时排名'}"
        return BoardFrame(heading, final, tuple(lines + sorted(pending, key=lambda ln: ln.code)),
                          tuple(sorted(waiting, key=lambda ln: ln.code)))

    def current_place(self, code: str) -> int | None:
        """当前第 N 名: the entry's place among the released entries (None before it is released)."""
        for ln in self._board_frame().lines:
            if ln.code == code and ln.place:
                return int(ln.place)
        return None

    def _awards_frame(self, count: int) -> AwardsFrame:
        tiers = tier_sequence(self.round, self.report.result.standings)
        seen = 0
        for ti, (tier, holders) in enumerate(tiers):
            if count <= seen + len(holders):
                k = count - seen
                names = tuple(
                    AwardName(s.code, self.report.entry(s.code).title, self.report.entry(s.code).unit,
                              self.report.entry(s.code).members, i == k - 1)
                    for i, s in enumerate(holders[:k])
                )
                return AwardsFrame(tier, ti, len(tiers), names, len(holders))
            seen += len(holders)
        return AwardsFrame("", 0, 0, (), 0)
