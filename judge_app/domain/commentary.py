"""专家点评: which judge's comment on an entry is shown, under which name, in which order.

The same rule serves the 点评意见 sheet, the stage's 专家点评 scene and the showcase: comments
come panel by panel in the round's order, judges by code within a panel; an empty comment is
left out. Named, a comment carries the judge's name with title and affiliation (`Judge.profile`);
anonymous, the judge's panel role 评委1…N — numbered by code among the panel's seated judges,
so a judge has the same number on every entry (as in the stage's reveal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from judge_app.domain.contest import PANEL, Contest, Judge, Round

# Where the stage's 专家点评 scene goes in an entry's show plan (a per-round setting)
BEFORE, AFTER, OFF = "before", "after", "off"
PLACEMENTS = {OFF: "不安排", BEFORE: "亮分前", AFTER: "亮分后"}

Comments = Mapping[str, Mapping[tuple[str, str], str]]  # component key → (entry code, judge code) → text


@dataclass(frozen=True)
class Remark:
    """One judge's comment on one entry, as it is shown."""

    component: str  # panel key
    panel: str  # panel name
    judge: str  # judge code (never shown when anonymous)
    speaker: str  # the judge's name, or 评委N
    profile: str  # 教授 · 东莞理工学院 ("" when anonymous or unknown)
    text: str


def panel_role(judges: tuple[Judge, ...] | list[Judge], round_key: str, component_key: str) -> dict[str, str]:
    """评委1…N by judge code among the judges seated on this panel."""
    seated = sorted((j for j in judges if j.sits_on(round_key, component_key)), key=lambda j: j.code)
    return {j.code: f"评委{i}" for i, j in enumerate(seated, start=1)}


def entry_remarks(contest: Contest, round_: Round, comments: Comments, entry_code: str,
                  anonymous: bool = False) -> list[Remark]:
    """The non-empty comments on one entry, panel by panel, judges by code."""
    judges = {j.code: j for j in contest.judges}
    out: list[Remark] = []
    for c in round_.components:
        if c.kind != PANEL:
            continue
        roles = panel_role(contest.judges, round_.key, c.key)
        found = comments.get(c.key, {})
        for judge_code in sorted(code for (entry, code), text in found.items() if entry == entry_code and text.strip()):
            judge = judges.get(judge_code)
            text = found[(entry_code, judge_code)].strip()
            if anonymous or judge is None:
                speaker, profile = roles.get(judge_code, "评委"), ""
            else:
                speaker, profile = judge.name, judge.profile()
            out.append(Remark(c.key, c.name, judge_code, speaker, profile, text))
    return out
