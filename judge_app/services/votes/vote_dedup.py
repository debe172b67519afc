"""Deduplicating a chunk of vote records against what earlier chunks counted, without a Python
step per record.

The state is one dict, `ids`: voter key → the voter's number (the position of their first
record, the low 32 bits) with one bit above those for each dedup bucket (day + entry, or entry)
the voter has been counted in. A record is counted when its voter's bit for its bucket is not
yet set, the bit then set; otherwise it is a duplicate. `RawScan._rows` applies that rule record
by record; `dedup_chunk` gives the same numbers, statuses and state for a whole chunk with C-level
`map`s, so which of the two handles a chunk never changes a count.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import and_, eq, gt, not_, or_

LOW32 = (1 << 32) - 1  # the voter's number in an `ids` value


def dedup_chunk(ids: dict, base: int, voters: list, bits: list) -> tuple[list[int], bytes]:
    """Each record's voter number and status (1 counted, 0 duplicate) for records numbered
    `base`, `base + 1`, …, updating `ids` as if the records had been taken one at a time."""
    n = len(voters)
    positions = range(base, base + n)
    # the state before the chunk, or (a voter new in it) the position of the voter's first record
    before = list(map(ids.setdefault, voters, positions))
    numbers = list(map(and_, before, repeat(LOW32, n)))
    # a (voter, bucket) pair's first record in the chunk: its number | bit first set at its own position
    firsts: dict[int, int] = {}
    first = map(eq, map(firsts.setdefault, map(or_, numbers, bits), positions), positions)
    # counted: the pair's first record in the chunk, and not counted by an earlier chunk
    status = bytes(map(gt, first, map(and_, before, bits)))
    ids.update(zip(voters, map(or_, before, bits)))
    # a voter with records in several buckets of the chunk kept only the last one's bit: add the others
    after = list(map(and_, map(ids.__getitem__, voters), bits))
    if 0 in after:
        for voter, bit in compress(zip(voters, bits), map(not_, after)):
            ids[voter] |= bit
    return numbers, status


def dedup_records(ids: dict, base: int, voters: list, bits: list) -> tuple[list[int], bytes]:
    """`dedup_chunk` one record at a time: the rule as stated, the reference it is tested against."""
    numbers, status = [], bytearray()
    for position, voter, bit in zip(range(base, base + len(voters)), voters, bits):
        seen = ids.get(voter)
        if seen is None:
            ids[voter] = position | bit
            numbers.append(position)
            status.append(1)
        elif seen & bit:
            numbers.append(seen & LOW32)
            status.append(0)
        else:
            ids[voter] = seen | bit
            numbers.append(seen & LOW32)
            status.append(1)
    return numbers, bytes(status)
