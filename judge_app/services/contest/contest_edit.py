"""Use case: change a round's components from the setup screen — name, weight, drop rules,
criteria; add a component or a criterion, remove one that holds no data yet — checked with the
same rules as the contest file (`domain.contest.problems`).

`with_component` builds the changed contest without writing, so a screen can show the problems
next to the field while the user types; `update_component` refuses a contest with problems.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import text

from judge_app.domain.contest import PANEL, AwardTier, Component, Contest, Criterion, Round, problems
from judge_app.domain.contest_drafts import components_problems, with_components  # noqa: F401 (screens import them here too)
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.results.locks import require_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.contest_store import (
    add_component,
    add_criterion,
    add_round,
    component_columns,
    component_has_data,
    criterion_has_data,
    delete_component,
    delete_criterion,
    delete_round,
    round_in_use,
    update_component,
)
from judge_app.store.database import Database


def new_key(taken, stem: str) -> str:
    """A component or criterion key not yet used: `stem`, else stem2, stem3 …"""
    taken = set(taken)
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def update_components(db: Database, round_key: str, components: list[Component], actor: str) -> int:
    """Save a round's components together (the whole list: weights must still sum to 1); returns
    how many were changed, added or removed. A component or criterion that already holds scores,
    votes or direct scores cannot be removed or change its kind."""
    with db.session() as session:
        stored = require_contest(session)
        round_ = stored.contest.round(round_key)
        require_role(session, actor, "setup")
        require_unlocked(session, stored, round_key)
        found = components_problems(stored.contest, round_key, components)
        if found:
            raise ServiceError("; ".join(found))
        ids = stored.ids
        old_by_key = {c.key: c for c in round_.components}
        changed = 0
        for old in round_.components:
            if old.key not in {c.key for c in components}:
                cid = ids.components[(round_key, old.key)]
                if component_has_data(session, cid):
                    raise ServiceError(f"部分 {old.name} ({old.key}) 已有评分或投票数据, 不能删除 (it holds data)")
                delete_component(session, cid)
                audit.record(session, actor, "component.remove", f"component:{round_key}.{old.key}", _describe(old), None)
                changed += 1
        for position, component in enumerate(components):
            old = old_by_key.get(component.key)
            if old is None:
                add_component(session, ids.rounds[round_key], position, component)
                audit.record(session, actor, "component.add", f"component:{round_key}.{component.key}", None,
                             _describe(component))
                changed += 1
                continue
            cid = ids.components[(round_key, old.key)]
            if component.kind != old.kind and component_has_data(session, cid):
                raise ServiceError(f"部分 {old.name} ({old.key}) 已有数据, 不能更改类型 (it holds data)")
            if component != old or position != round_.components.index(old):
                _write(session, stored, round_key, old, component, position, actor)
                changed += 1
    return changed


def _describe(c: Component) -> dict:
    """Every field of a component, as the audit trail keeps it (old and new snapshots)."""
    described = {k: (str(v) if v is not None and not isinstance(v, (int, str)) else v)
                 for k, v in component_columns(c).items() if k != "key"}
    described["criteria"] = {k.key: [k.name, str(k.max)] for k in c.criteria}
    return described


def _write(session, stored, round_key: str, old: Component, component: Component, position: int, actor: str) -> None:
    cid = stored.ids.components[(round_key, component.key)]
    update_component(session, cid, position, component)
    new_keys = {k.key for k in component.criteria}
    for k in old.criteria:
        if k.key not in new_keys:
            kid = stored.ids.criteria[(round_key, component.key, k.key)]
            if criterion_has_data(session, kid):
                raise ServiceError(f"评分项 {k.name} ({k.key}) 已有评分, 不能删除 (it holds scores)")
            delete_criterion(session, kid)
    for kpos, k in enumerate(component.criteria):
        kid = stored.ids.criteria.get((round_key, component.key, k.key))
        if kid is None:
            add_criterion(session, cid, kpos, k.key, k.name, k.max)
        else:
            session.execute(text("UPDATE criterion SET name = :n, max = :m, position = :p WHERE id = :id"),
                            {"n": k.name, "m": str(Decimal(k.max)), "p": kpos, "id": kid})
    audit.record(session, actor, "component.update", f"component:{round_key}.{component.key}",
                 _describe(old), _describe(component))


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


def new_round(contest: Contest, name: str) -> Round:
    """A round to append: one judged panel (总分 ≤ 100, weight 1) to edit on the setup screen."""
    key = new_key([r.key for r in contest.rounds], f"r{len(contest.rounds) + 1}")
    panel = Component("panel", "评委评分", PANEL, Decimal(1), criteria=(Criterion("overall", "总分", Decimal(100)),))
    return Round(key, name.strip() or key, (panel,))


def append_round(db: Database, name: str, actor: str) -> Round:
    """Add a round after the last (e.g. 决赛 after 初赛); entries join it through 晋级 (advance)."""
    with db.session() as session:
        stored = require_contest(session)
        require_role(session, actor, "setup")
        audit.take_write_lock(session)
        round_ = new_round(stored.contest, name)
        found = problems(replace(stored.contest, rounds=(*stored.contest.rounds, round_)))
        if found:
            raise ServiceError("; ".join(found))
        add_round(session, stored.ids.contest, len(stored.contest.rounds), round_)
        audit.record(session, actor, "round.add", f"round:{round_.key}", None,
                     {"name": round_.name, "components": [_describe(c) for c in round_.components]})
    return round_


def remove_round(db: Database, round_key: str, actor: str) -> None:
    """Remove a round nobody has used yet: no entries, scores, votes, locks, certificates or stage state."""
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        require_role(session, actor, "setup")
        require_unlocked(session, stored, round_key)
        if len(stored.contest.rounds) == 1:
            raise ServiceError("比赛至少要有一个轮次 (a contest needs a round)")
        rid = stored.ids.rounds[round_key]
        if round_in_use(session, rid, round_key):
            raise ServiceError(f"轮次 {round_.name} ({round_key}) 已有作品或数据, 不能删除 (the round is in use)")
        delete_round(session, rid)
        audit.record(session, actor, "round.remove", f"round:{round_key}",
                     {"name": round_.name, "components": [_describe(c) for c in round_.components]}, None)
