"""Shared checks for use cases: the database holds a contest, the round and component exist."""

from __future__ import annotations

import unicodedata

from sqlmodel import Session

from judge_app.domain.contest import Component, Round
from judge_app.errors import KnownError
from judge_app.store.contest_store import StoredContest, load_contest


class ServiceError(KnownError):
    """A request the user can correct (unknown round, empty database…); nothing was written."""


def require_contest(session: Session) -> StoredContest:
    stored = load_contest(session)
    if stored is None:
        raise ServiceError("数据库中还没有比赛, 请先运行 judge-app init FILE.toml (the database holds no contest yet)")
    return stored


def require_round(stored: StoredContest, round_key: str) -> Round:
    try:
        return stored.contest.round(round_key)
    except KeyError:
        known = ", ".join(r.key for r in stored.contest.rounds)
        raise ServiceError(f"未知轮次 {round_key!r}, 现有: {known} (unknown round)") from None


def require_component(stored: StoredContest, round_key: str, component_key: str, kind: str) -> tuple[Round, Component]:
    round_ = require_round(stored, round_key)
    try:
        component = round_.component(component_key)
    except KeyError:
        known = ", ".join(c.key for c in round_.components)
        raise ServiceError(f"轮次 {round_key} 中没有部分 {component_key!r}, 现有: {known} (unknown component)") from None
    if component.kind != kind:
        raise ServiceError(
            f"{round_key}.{component_key} 的类型是 {component.kind}, 不能按 {kind} 导入 (component is not of kind {kind})"
        )
    return round_, component


def _key(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().casefold()


class CodeIndex:
    """Looks up an entry or judge code as typed in a sheet: full-width and case differences forgiven."""

    def __init__(self, codes):
        self._by_key = {_key(c): c for c in codes}

    def find(self, typed: str) -> str | None:
        return self._by_key.get(_key(typed))
