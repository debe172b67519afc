"""A contest as read from its database: the domain `Contest` and the ids of its parts.

Apart from `store.contest_store` (which builds them through SQLModel) so that the light read
path (`store.light_read`) returns the very same objects without importing SQLAlchemy.
"""

from __future__ import annotations


from judge_app.domain.contest import Contest
from judge_app.domain.records import frozen_record


@frozen_record
class ContestIds:
    """Database ids by code/key: rounds[key], components[(round, comp)], criteria[(round, comp, crit)]…"""

    contest: int
    rounds: dict[str, int]
    components: dict[tuple[str, str], int]
    criteria: dict[tuple[str, str, str], int]
    entries: dict[str, int]
    judges: dict[str, int]


@frozen_record
class StoredContest:
    contest: Contest
    ids: ContestIds
