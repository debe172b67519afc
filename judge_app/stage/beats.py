"""What each reveal beat shows, and where a component's reveal ends (plain Python, no Qt).

`Show.beats` counts an entry's beats; this module names them in the same order, so the step list
says 网络投票 / 专家评委 3 / 去掉最高最低 / 专家得分 / 最后得分 instead of a bare number, and
so one press can reveal a whole component (all its judges, the strike, its score) at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.domain.rules import drop_labels, is_judged
from judge_app.stage import show as sh

JUDGE, STRIKE, SCORE, TOTAL = "judge", "strike", "score", "total"


@dataclass(frozen=True)
class Beat:
    kind: str  # judge | strike | score | total
    component: str | None  # the component's key (None for the total)
    label: str


def entry_beats(show: sh.Show, code: str) -> list[Beat]:
    """The entry's reveal beats in order: beat k of the show is element k-1."""
    out: list[Beat] = []
    result = show.report.result
    for c in show.round.components:
        if is_judged(c):
            pr = result.panels[c.key][code]
            short = c.name.removesuffix("评审").removesuffix("评分") or c.name
            out.extend(Beat(JUDGE, c.key, f"{short}评委 {i}") for i in range(1, len(pr.totals) + 1))
            if pr.dropped_low or pr.dropped_high:
                out.append(Beat(STRIKE, c.key, drop_labels(c).beat(c.drop_highest, c.drop_lowest)))
            out.append(Beat(SCORE, c.key, f"{short}得分"))
        else:
            out.append(Beat(SCORE, c.key, c.name))
    out.append(Beat(TOTAL, None, "最后得分"))
    return out


def step_label(show: sh.Show, step: sh.Step) -> str:
    """The step list's line for a step: the scene, the entry, and for a reveal what the beat shows."""
    if step.scene != sh.REVEAL:
        return step.label(show.report)
    beats = entry_beats(show, step.entry)
    what = beats[step.beat - 1].label if 0 < step.beat <= len(beats) else str(step.beat)
    return f"{sh.SCENE_NAMES[sh.REVEAL]} · {step.entry} · {what}"


def component_end(show: sh.Show, code: str, beat: int) -> int:
    """The beat that finishes the component after `beat` (its score), or the total when none is left."""
    beats = entry_beats(show, code)
    for k in range(beat + 1, len(beats) + 1):
        if beats[k - 1].kind in (SCORE, TOTAL):
            return k
    return len(beats)


def reveal_path(show: sh.Show, code: str, beat: int) -> list[int]:
    """The beats one press walks through from `beat`: all judges of the component at once, the strike, the score."""
    beats = entry_beats(show, code)
    end = component_end(show, code, beat)
    path = []
    judges_done = max((k for k in range(beat + 1, end + 1) if beats[k - 1].kind == JUDGE), default=None)
    if judges_done is not None:
        path.append(judges_done)
    path.extend(k for k in range(beat + 1, end + 1) if beats[k - 1].kind != JUDGE)
    return path
