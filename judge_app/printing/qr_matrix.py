"""QR codes for certificate payloads, fast: 500 per batch must not dominate printing.

The payload is base32 (A–Z, 2–7), so it is encoded in the QR alphanumeric mode at error
correction M with one fixed mask. The `qrcode` package supplies the standard's tables and
function patterns; what is done here per code is the part that is slow there: the data
codewords and their Reed–Solomon error correction (table-driven, on Python ints) and the
placement of the bits (a precomputed permutation per version). `tests/printing/test_qr_matrix.py`
checks the result equals `qrcode`'s own matrix module for module.

A payload behind a verification address (`https://example.org/verify.html#PAYLOAD`) is two
segments: the address up to `#` in byte mode, the payload still in alphanumeric mode.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from itertools import chain

import qrcode
import qrcode.constants
from qrcode import base, util

QR_MASK = 4  # any fixed mask decodes; scoring all eight costs ≈4.5 ms per code
EC_LEVEL = qrcode.constants.ERROR_CORRECT_M
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHANUMERIC)}
_RUNS = re.compile("1+")
_PAIR = "{:011b}"


def _gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return base.EXP_TABLE[(base.LOG_TABLE[a] + base.LOG_TABLE[b]) % 255]


@lru_cache(maxsize=None)
def _rs_table(ec_count: int) -> tuple[int, ...]:
    """For each byte value f: the generator's coefficients × f, packed into one int of ec_count bytes."""
    gen = [1]
    for i in range(ec_count):  # ∏ (x − α^i)
        root = base.EXP_TABLE[i % 255]
        nxt = gen + [0]
        for j in range(len(gen)):
            nxt[j + 1] ^= _gf_mul(gen[j], root)
        gen = nxt
    tail = gen[1:]
    return tuple(int.from_bytes(bytes(_gf_mul(c, f) for c in tail), "big") for f in range(256))


def _ec_bytes(data: bytes, ec_count: int) -> bytes:
    table = _rs_table(ec_count)
    mask = (1 << (8 * ec_count)) - 1
    shift = 8 * (ec_count - 1)
    rem = 0
    for b in data:
        rem = ((rem << 8) & mask) ^ table[b ^ (rem >> shift)]
    return rem.to_bytes(ec_count, "big")


def split_link(text: str) -> tuple[bytes, str]:
    """(address prefix for byte mode, alphanumeric rest): a link is split after its last `#`."""
    if "#" not in text:
        return b"", text
    head, _, tail = text.rpartition("#")
    return (head + "#").encode("ascii"), tail


@lru_cache(maxsize=None)
def _version_for(length: int, prefix: int = 0) -> int:
    for version in range(1, 41):
        bits = 4 + util.length_in_bits(util.MODE_ALPHA_NUM, version) + 11 * (length // 2) + 6 * (length % 2)
        if prefix:
            bits += 4 + util.length_in_bits(util.MODE_8BIT_BYTE, version) + 8 * prefix
        if bits <= sum(b.data_count * 8 for b in base.rs_blocks(version, EC_LEVEL)):
            return version
    raise ValueError(f"payload too long for a QR code ({length} characters)")


def codewords(text: str, version: int, prefix: bytes = b"") -> bytes:
    """Data and error-correction codewords, interleaved as placed in the symbol."""
    count_bits = util.length_in_bits(util.MODE_ALPHA_NUM, version)
    value = _VALUE
    pairs = map(_PAIR.format, [value[a] * 45 + value[b] for a, b in zip(text[::2], text[1::2])])
    head = ""
    if prefix:  # mode indicator: byte
        head = "0100" + format(len(prefix), f"0{util.length_in_bits(util.MODE_8BIT_BYTE, version)}b")
        head += "".join(format(b, "08b") for b in prefix)
    bits = head + "0010" + format(len(text), f"0{count_bits}b") + "".join(pairs)  # mode indicator: alphanumeric
    if len(text) % 2:
        bits += format(value[text[-1]], "06b")
    acc, n = int(bits, 2), len(bits)
    blocks = base.rs_blocks(version, EC_LEVEL)
    limit = sum(b.data_count for b in blocks) * 8
    term = min(limit - n, 4)
    acc, n = acc << term, n + term
    if n % 8:
        acc, n = acc << (8 - n % 8), n + (8 - n % 8)
    data = acc.to_bytes(n // 8, "big") + bytes((0xEC, 0x11) * limit)[: limit // 8 - n // 8]
    dc, ec, offset = [], [], 0
    for b in blocks:
        chunk = data[offset:offset + b.data_count]
        offset += b.data_count
        dc.append(chunk)
        ec.append(_ec_bytes(chunk, b.total_count - b.data_count))
    out = bytearray()
    for group in (dc, ec):  # interleave: blocks differ in length by at most one codeword
        shortest = min(len(g) for g in group)
        out += bytes(chain.from_iterable(zip(*group)))
        out += bytes(g[shortest] for g in group if len(g) > shortest)
    return bytes(out)


@lru_cache(maxsize=None)
def _layout(version: int):
    """(size, data-bit count P, mask bits as an int over P, itemgetter building the symbol string).

    The symbol string is row-major '0'/'1'; each module is either a fixed function-pattern
    module or the k-th placed data bit (already masked).
    """
    code = qrcode.QRCode(version=version, error_correction=EC_LEVEL, border=0, mask_pattern=QR_MASK)
    size = version * 4 + 17
    code.modules_count = size
    code.modules = [[None] * size for _ in range(size)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(size - 7, 0)
    code.setup_position_probe_pattern(0, size - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(False, QR_MASK)
    if version >= 7:
        code.setup_type_number(False)
    modules = code.modules
    mask_func = util.mask_func(QR_MASK)
    order: list[tuple[int, int]] = []
    inc, row = -1, size - 1
    for col in range(size - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if modules[row][c] is None:
                    order.append((row, c))
            row += inc
            if row < 0 or size <= row:
                row -= inc
                inc = -inc
                break
    count = len(order)
    mask = 0
    for r, c in order:
        mask = (mask << 1) | (1 if mask_func(r, c) else 0)
    position = {rc: k for k, rc in enumerate(order)}
    # indices into (data bits + "0" + "1")
    index = []
    for r in range(size):
        index += [position[(r, c)] if (r, c) in position else count + (1 if modules[r][c] else 0) for c in range(size)]
        index.append(count)  # a light separator after each row, so no run crosses a row end
    return size, count, mask, operator.itemgetter(*index)


def _symbol(text: str) -> tuple[int, str]:
    """(size, the symbol as one string of '0'/'1' rows, each followed by a '0' separator)."""
    prefix, text = split_link(text)
    version = _version_for(len(text), len(prefix))
    size, count, mask, build = _layout(version)
    data = codewords(text, version, prefix)
    bits = int.from_bytes(data, "big") << (count - 8 * len(data))
    src = format(bits ^ mask, f"0{count}b") + "01"
    return size, "".join(build(src))


def qr_rows(text: str) -> list[str]:
    """The symbol (no quiet zone) as rows of '0'/'1' characters, '1' dark."""
    size, flat = _symbol(text)
    return [flat[i:i + size] for i in range(0, len(flat), size + 1)]


class _RunOps(dict):
    """span in the separated symbol string → PDF `re` operator in module units; filled on first use."""

    def __init__(self, size: int):
        super().__init__()
        self.stride = size + 1

    def __missing__(self, span: tuple[int, int]) -> str:
        row, col = divmod(span[0], self.stride)
        op = self[span] = f"{col} {row} {span[1] - span[0]} 1 re"
        return op


_RUN_OPS: dict[int, _RunOps] = {}
_SPAN = re.Match.span


def qr_path(text: str) -> tuple[int, str]:
    """(modules per side, PDF path operators: one rectangle per horizontal run of dark modules,
    in module units with row r at y = r). The per-run work runs in C: the regex finds the runs
    and each run's operator text comes from a cache keyed by its position."""
    size, flat = _symbol(text)
    cache = _RUN_OPS.get(size)
    if cache is None:
        cache = _RUN_OPS[size] = _RunOps(size)
    return size, " ".join(map(cache.__getitem__, map(_SPAN, _RUNS.finditer(flat))))
