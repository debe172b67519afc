"""Score values as stored: fixed-point integers of 1/10000 point, so SQL sums are exact.

Apart from the tables (`store.models.FixedPoint` writes them) so that a reader without
SQLAlchemy — the light read path — turns them back into Decimals the same way.
"""

from __future__ import annotations

from decimal import Decimal

SCORE_PLACES = 4
SCORE_SCALE = 10**SCORE_PLACES


def from_units(units: int) -> Decimal:
    """The Decimal value of a fixed-point integer read from the database (e.g. an SQL SUM).

    Exact division keeps only the digits needed: 335000 → 33.5, 330000 → 33.
    """
    return Decimal(units) / SCORE_SCALE
