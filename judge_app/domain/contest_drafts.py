"""A contest as it would be with an edit not yet saved, and what its rules say about it.

Pure, so the setup screen validates while the user types without importing the store (its first
paint comes before the database layer is loaded); `services.contest.contest_edit` saves the same drafts.
"""

from __future__ import annotations

from dataclasses import replace

from judge_app.domain.contest import Component, Contest, problems


def with_components(contest: Contest, round_key: str, components: list[Component]) -> Contest:
    """The contest with a round's components replaced by `components` (the whole list, in order:
    a key not listed is removed, a new key added); nothing is written. Judges keep their seats
    on the components that remain."""
    keep = {f"{round_key}.{c.key}" for c in components}
    rounds = tuple(replace(r, components=tuple(components)) if r.key == round_key else r for r in contest.rounds)
    judges = tuple(replace(j, panels=tuple(p for p in j.panels if not p.startswith(f"{round_key}.") or p in keep))
                   for j in contest.judges)
    return replace(contest, rounds=rounds, judges=judges)


def components_problems(contest: Contest, round_key: str, components: list[Component]) -> list[str]:
    """What `problems` says about the contest with these components: for live validation."""
    return problems(with_components(contest, round_key, components))
