"""The characters a contest's web pages can show, for the embedded font subset (see
judge_app.printing.web_font): every text of the contest definition (names of the contest,
rounds, entries, judges, criteria) plus the pages' own texts."""

from __future__ import annotations

import dataclasses

from judge_app.printing import web_font
from judge_app.services.contest.contest_access import require_contest
from judge_app.store.database import Database


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings(v)]
    return []


def contest_font(db: Database, *page_texts: str) -> bytes:
    """A WOFF subset holding the pages' characters and every text of the stored contest."""
    with db.session() as session:
        texts = _strings(require_contest(session).contest)
    return web_font.subset_woff(web_font.page_characters(*page_texts, *texts))
