"""The 专家点评 scene: an expert speaks about the entry on stage (plain Python, no Qt).

Whether an entry's show plan has the scene, and where, is a per-round setting
(`services.contest_day.stage_commentary`): before the reveal (点评 then 亮分), after it (亮分 then 点评), or
not at all; the host may always pass over it with the next press. The console picks which expert
speaks; the projector shows that expert's name, 职称 and 工作单位 — or, with anonymous judges on,
only the panel role (评委N of the panel, numbered as in the reveal) — and, when the host
starts it, a comment timer. The frame holds no score: the scene never tells a hidden result.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.domain.commentary import AFTER, BEFORE, OFF, PLACEMENTS, panel_role  # noqa: F401 (re-exported)
from judge_app.domain.contest import PANEL, Contest, Round

DEFAULT_COMMENT_MINUTES = 3


@dataclass(frozen=True)
class Expert:
    """A judge who may speak: seated on one of the round's panels."""

    code: str
    label: str  # the judge's name, or 评委N when anonymous
    profile: str  # 教授 · 东莞理工学院 — or the panel's name when anonymous
    panel: str  # the panel's name


@dataclass(frozen=True)
class CommentFrame:
    code: str
    title: str
    unit: str
    speaker: Expert | None  # None until the host picks who speaks
    timer: bool  # the comment timer is on screen


def experts(contest: Contest, round_: Round, anonymous: bool) -> list[Expert]:
    """The round's panel judges in panel order, by code within a panel, each once."""
    judges = {j.code: j for j in contest.judges}
    out: list[Expert] = []
    seen: set[str] = set()
    for c in round_.components:
        if c.kind != PANEL:
            continue
        for code, role in panel_role(contest.judges, round_.key, c.key).items():
            if code in seen:
                continue
            seen.add(code)
            judge = judges[code]
            out.append(Expert(code, role, c.name, c.name) if anonymous else
                       Expert(code, judge.name, judge.profile(), c.name))
    return out
