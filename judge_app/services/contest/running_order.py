"""Use case: a round's running order (出场顺序) — a draw of lots on stage, or a fixed order.

The draw is reproducible from its seed: take the round's entry codes in code order and shuffle
them with Python's `random.Random(seed).shuffle` (Mersenne Twister, stable across Python
versions for integer seeds). Anyone can check a projected order with `reproduce(seed, codes)`.
Each draw or fixed order is stored (earlier ones are kept, marked not current) and audited.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import select, update

from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import RunningOrderRow
from judge_app.store.round_inputs import round_entries

DRAW = "draw"
FIXED = "fixed"
SEED_DIGITS = 6


@dataclass(frozen=True)
class RunningOrder:
    round: str
    method: str  # DRAW or FIXED
    seed: int | None
    codes: tuple[str, ...]
    created_at: str
    created_by: str


def new_seed() -> int:
    """A fresh six-digit seed, easy to read aloud and to write down."""
    return 10 ** (SEED_DIGITS - 1) + secrets.randbelow(9 * 10 ** (SEED_DIGITS - 1))


def reproduce(seed: int, codes) -> tuple[str, ...]:
    """The order a draw with `seed` gives for these entry codes (taken in code order)."""
    order = sorted(codes)
    random.Random(seed).shuffle(order)
    return tuple(order)


def _store(db: Database, round_key: str, method: str, seed: int | None, codes_for, actor: str) -> RunningOrder:
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_key)
        round_id = stored.ids.rounds[round_key]
        entries = round_entries(session, round_id)
        codes = codes_for(entries)
        previous = session.exec(
            select(RunningOrderRow).where(RunningOrderRow.round_id == round_id, RunningOrderRow.current)
        ).first()
        session.exec(update(RunningOrderRow).where(RunningOrderRow.round_id == round_id).values(current=False))
        at = audit.now()
        session.add(RunningOrderRow(round_id=round_id, method=method, seed=seed,
                                    codes=json.dumps(list(codes), ensure_ascii=False),
                                    created_at=at, created_by=actor, current=True))
        old = None if previous is None else {"method": previous.method, "seed": previous.seed,
                                             "order": json.loads(previous.codes)}
        audit.record(session, actor, f"running_order.{method}", f"running_order:{round_key}", old,
                     {"method": method, "seed": seed, "order": list(codes)}, at)
    return RunningOrder(round_key, method, seed, tuple(codes), at, actor)


def draw_order(db: Database, round_key: str, actor: str, seed: int | None = None) -> RunningOrder:
    """Draw lots for the round's entries; a new six-digit seed unless one is given (e.g. to repeat a draw)."""
    seed = new_seed() if seed is None else int(seed)
    if seed < 0:
        raise ServiceError("抽签种子须为非负整数 (seed must be a non-negative integer)")
    return _store(db, round_key, DRAW, seed, lambda entries: reproduce(seed, entries), actor)


def fix_order(db: Database, round_key: str, actor: str, codes: list[str] | None = None) -> RunningOrder:
    """A fixed order: the given codes (each entry of the round exactly once), or code order."""

    def checked(entries: tuple[str, ...]) -> tuple[str, ...]:
        if codes is None:
            return tuple(sorted(entries))
        if sorted(codes) != sorted(entries):
            missing = sorted(set(entries) - set(codes))
            extra = sorted(set(codes) - set(entries))
            raise ServiceError(f"出场顺序须包含本轮每个作品各一次: 缺少 {missing}, 多余 {extra} (order must list each entry once)")
        return tuple(codes)

    return _store(db, round_key, FIXED, None, checked, actor)


_CURRENT = text(
    "SELECT ro.method, ro.seed, ro.codes, ro.created_at, ro.created_by FROM running_order ro "
    "JOIN round r ON r.id = ro.round_id WHERE r.key = :round AND ro.current ORDER BY ro.id DESC LIMIT 1"
)


_ROUND = text("SELECT id FROM round WHERE key = :round")


def current_order(db: Database, round_key: str) -> RunningOrder | None:
    """The running order in force for the round, or None before any draw.

    One indexed query: the stage asks this on every reload, so it does not load the contest.
    """
    with db.session() as session:
        row = session.execute(_CURRENT, {"round": round_key}).first()
        if row is None:
            if session.execute(_ROUND, {"round": round_key}).first() is None:
                require_round(require_contest(session), round_key)  # refuse an unknown round, saying why
            return None
    method, seed, codes, created_at, created_by = row
    return RunningOrder(round_key, method, seed, tuple(json.loads(codes)), created_at, created_by)
