"""Use case: change a component of the contest (name, weight, drop rules, criteria maxima) from the
setup screen, checked with the same rules as the contest file (`domain.contest.problems`).

`with_component` builds the changed contest without writing, so a screen can show the problems
next to the field while the user types; `update_component` refuses a contest with problems.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import text

from judge_app.domain.contest import AwardTier, Component, Contest, problems
from judge_app.services.contest_access import ServiceError, require_component, require_contest
from judge_app.services.locks import require_unlocked
from judge_app.services.users import require_role
from judge_app.store import audit
from judge_app.store.database import Database


def with_components(contest: Contest, round_key: str, components: list[Component]) -> Contest:
    """The contest with a round's components replaced (matched by key); nothing is written."""
    by_key = {c.key: c for c in components}
    rounds = []
    for r in contest.rounds:
        if r.key == round_key:
            r = replace(r, components=tuple(by_key.get(c.key, c) for c in r.components))
        rounds.append(r)
    return replace(contest, rounds=tuple(rounds))


def components_problems(contest: Contest, round_key: str, components: list[Component]) -> list[str]:
    """What `problems` says about the contest with these components: for live validation."""
    return problems(with_components(contest, round_key, components))


def update_components(db: Database, round_key: str, components: list[Component], actor: str) -> int:
    """Save a round's edited components together (weights must still sum to 1); returns how many changed."""
    with db.session() as session:
        stored = require_contest(session)
        round_ = stored.contest.round(round_key)
        require_role(session, actor, "setup")
        require_unlocked(session, stored, round_key)
        found = components_problems(stored.contest, round_key, components)
        if found:
            raise ServiceError("; ".join(found))
        changed = 0
        for component in components:
            old = next((c for c in round_.components if c.key == component.key), None)
            if old is None:
                raise ServiceError(f"轮次 {round_key} 中没有部分 {component.key!r} (unknown component)")
            require_component(stored, round_key, component.key, old.kind)
            if component.kind != old.kind or [k.key for k in component.criteria] != [k.key for k in old.criteria]:
                raise ServiceError("不能在此更改类型或评分项编号 (kind and criterion keys cannot change here)")
            if component != old:
                _write(session, stored, round_key, old, component, actor)
                changed += 1
    return changed


def _write(session, stored, round_key: str, old: Component, component: Component, actor: str) -> None:
    cid = stored.ids.components[(round_key, component.key)]
    session.execute(
        text("UPDATE component SET name = :n, weight = :w, drop_highest = :h, drop_lowest = :l WHERE id = :id"),
        {"n": component.name, "w": str(component.weight), "h": component.drop_highest,
         "l": component.drop_lowest, "id": cid},
    )
    for k in component.criteria:
        session.execute(text("UPDATE criterion SET name = :n, max = :m WHERE id = :id"),
                        {"n": k.name, "m": str(Decimal(k.max)),
                         "id": stored.ids.criteria[(round_key, component.key, k.key)]})

    def describe(c: Component) -> dict:
        return {"name": c.name, "weight": str(c.weight), "drop_highest": c.drop_highest,
                "drop_lowest": c.drop_lowest, "criteria": {k.key: [k.name, str(k.max)] for k in c.criteria}}

    audit.record(session, actor, "component.update", f"component:{round_key}.{component.key}",
                 describe(old), describe(component))


def with_round_rules(contest: Contest, round_key: str, awards: list[AwardTier], tie_break: list[str]) -> Contest:
    rounds = tuple(replace(r, awards=tuple(awards), tie_break=tuple(tie_break)) if r.key == round_key else r
                   for r in contest.rounds)
    return replace(contest, rounds=rounds)


def round_rules_problems(contest: Contest, round_key: str, awards: list[AwardTier], tie_break: list[str]) -> list[str]:
    return problems(with_round_rules(contest, round_key, awards, tie_break))


def update_round_rules(db: Database, round_key: str, awards: list[AwardTier], tie_break: list[str], actor: str) -> bool:
    """Replace a round's award tiers and tie-break order, checked like the contest file, audited."""
    with db.session() as session:
        stored = require_contest(session)
        old = stored.contest.round(round_key)
        require_role(session, actor, "setup")
        require_unlocked(session, stored, round_key)
        found = round_rules_problems(stored.contest, round_key, awards, tie_break)
        if found:
            raise ServiceError("; ".join(found))
        if (tuple(awards), tuple(tie_break)) == (old.awards, old.tie_break):
            return False
        rid = stored.ids.rounds[round_key]
        session.execute(text("DELETE FROM award_tier WHERE round_id = :r"), {"r": rid})
        for position, tier in enumerate(awards):
            session.execute(text("INSERT INTO award_tier (round_id, position, name, count) VALUES (:r, :p, :n, :c)"),
                            {"r": rid, "p": position, "n": tier.name, "c": tier.count})
        session.execute(text("UPDATE round SET tie_break = :t WHERE id = :r"),
                        {"t": json.dumps(list(tie_break), ensure_ascii=False), "r": rid})
        audit.record(session, actor, "round.rules", f"round:{round_key}",
                     {"awards": [[t.name, t.count] for t in old.awards], "tie_break": list(old.tie_break)},
                     {"awards": [[t.name, t.count] for t in awards], "tie_break": list(tie_break)})
    return True
