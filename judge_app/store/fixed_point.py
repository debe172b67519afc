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

    Exact division keeps only the digits needed: 335000 → 33.5, 330000 → 33. A value that is not
    a whole number of units (a REAL or text written into a hostile file: SQLite keeps any type in
    any column) is refused, not truncated or carried into the result — the ranking-only path
    (`round_inputs.panel_sums`) refuses the same file.
    """
    if type(units) is not int:  # PostgreSQL's SUM of integers arrives as an integral Decimal
        if not isinstance(units, Decimal) or not units.is_finite() or units != units.to_integral_value():
            from judge_app.errors import DatabaseError

            raise DatabaseError("比赛文件中有评分不是定点整数, 文件可能已被改动 "
                                "(a stored score is not a fixed-point integer: the file may have been altered)")
    return Decimal(units) / SCORE_SCALE
