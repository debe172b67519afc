"""Checks on vote cells, one at a time or a whole column at once (cells joined by newlines, as
bytes): canonical times, days, spaces to trim, the voter key. Pure functions, no state."""

from __future__ import annotations

import re
from operator import itemgetter

from judge_app.domain.votes import parse_vote_time


def voter_key(voter: str) -> bytes:
    """A voter (trimmed text) as the scan keeps it: UTF-8 bytes, what a CSV in ASCII or UTF-8 holds as it is."""
    return voter.encode("utf-8")
_TIME = r"\d{4}-\d\d-\d\d (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
CANONICAL_TIMES = re.compile(f"{_TIME}(?:\n{_TIME})*")  # a chunk's times joined by newlines
DAY = itemgetter(slice(0, 10))
_SPACE = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII characters str.strip() removes, "\n" apart


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_TIME_SHAPE = b"0000-00-00 00:00:00\n"  # a canonical time and its newline, digits as 0


def _flags(accepted: bytes) -> bytes:
    """A translation table: 1 for the bytes in `accepted`, 0 for any other."""
    return bytes(int(b in accepted) for b in range(256))


_IS_TWO, _ABOVE_THREE = _flags(b"2"), _flags(b"456789")


def all_canonical_times(joined: bytes, n: int) -> bool:
    """Whether `n` times joined by newlines are all `YYYY-MM-DD HH:MM:SS` with a real clock time
    (what `CANONICAL_TIMES` matches), checked with whole-buffer operations: the shape with the
    digits masked, then the tens of hour, minute and second as strided slices."""
    if len(joined) != 20 * n - 1 or joined.translate(_DIGITS_AS_ZERO) != (_TIME_SHAPE * n)[:-1]:
        return False
    hour_tens = joined[11::20]
    if hour_tens.translate(None, b"012") or joined[14::20].translate(None, b"012345") \
            or joined[17::20].translate(None, b"012345"):
        return False
    # 20-23 but not 24-29: no record with both a 2 as the hour's tens and a unit above 3
    return b"2" not in hour_tens or not (int.from_bytes(hour_tens.translate(_IS_TWO), "big")
                                         & int.from_bytes(joined[12::20].translate(_ABOVE_THREE), "big"))


def has_space(joined: bytes) -> bool:
    """Whether ASCII cells joined by newlines hold a character `str.strip` could remove."""
    return len(joined.translate(None, _SPACE)) != len(joined)


def is_day(text: str) -> bool:
    """`YYYY-MM-DD`, a real calendar day."""
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and parse_vote_time(text + " 00:00:00") is not None


def is_time_of_day(text: str) -> bool:
    """`HH:MM:SS` with a real clock time."""
    return (len(text) == 8 and text[2] == ":" and text[5] == ":" and text[:2].isdigit() and text[3:5].isdigit()
            and text[6:].isdigit() and int(text[:2]) < 24 and int(text[3:5]) < 60 and int(text[6:]) < 60)
