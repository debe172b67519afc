"""Checking an Ed25519 signature (RFC 8032) with Python integers alone.

Why not `cryptography`: checking a round's seal is part of every `judge-app rank` and `audit
verify`, and loading `cryptography`'s compiled module took longer than the rest of the check; this
check takes a few milliseconds. Signing stays with `cryptography` (services.documents.certificate_signing).

It decides as OpenSSL's verifier does (tests/domain/test_ed25519.py compares them, crafted edge cases
included): S must be below the group order; the public key's y is read modulo p and a point whose
x is 0 is accepted with either sign bit; k = SHA-512(R ‖ A ‖ message) over the bytes as given; and
the equation is checked without the cofactor, as the bytes of [S]B − [k]A against R. Nothing
secret is handled here, so taking time that depends on the inputs does no harm.
"""

from __future__ import annotations

import hashlib

P = 2**255 - 19
ORDER = 2**252 + 27742317777372353535851937790883648493  # L, the order of the base point
_D = -121665 * pow(121666, P - 2, P) % P
_D2 = 2 * _D % P
_SQRT_M1 = pow(2, (P - 1) // 4, P)
_Y_BITS = (1 << 255) - 1

Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T): x = X/Z, y = Y/Z, xy = T/Z
_IDENTITY: Point = (0, 1, 1, 0)


def _x_of(y: int, sign: int) -> int | None:
    """The x with -x² + y² = 1 + d·x²·y² whose lowest bit is `sign` (0 itself for either sign), or None."""
    u = (y * y - 1) % P
    v = (_D * y * y + 1) % P  # never 0: -1/d is not a square
    x2 = u * pow(v, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * _SQRT_M1 % P
        if (x * x - x2) % P:
            return None
    return P - x if x and x & 1 != sign else x


def _add(p: Point, q: Point) -> Point:
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = t1 * _D2 * t2 % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _double(p: Point) -> Point:
    x1, y1, z1, _t = p
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return e * f % P, g * h % P, f * g % P, e * h % P


def _encode(p: Point) -> bytes:
    x, y, z, _t = p
    z_inv = pow(z, P - 2, P)
    x, y = x * z_inv % P, y * z_inv % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


_BY = 4 * pow(5, P - 2, P) % P
_BX = _x_of(_BY, 0)
BASE: Point = (_BX, _BY, 1, _BX * _BY % P)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` (64 bytes) is the Ed25519 signature of `message` by the key `public` (32 bytes)."""
    if len(public) != 32 or len(signature) != 64:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= ORDER:
        return False
    n = int.from_bytes(public, "little")
    y = (n & _Y_BITS) % P
    x = _x_of(y, n >> 255)
    if x is None:
        return False
    minus_a: Point = ((P - x) % P, y, 1, (P - x) * y % P)
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % ORDER
    both = _add(BASE, minus_a)
    r = _IDENTITY
    for i in range(max(s.bit_length(), k.bit_length()) - 1, -1, -1):  # [s]B + [k](-A), both scalars at once
        r = _double(r)
        bit_s, bit_k = s >> i & 1, k >> i & 1
        if bit_s or bit_k:
            r = _add(r, both if bit_s and bit_k else BASE if bit_s else minus_a)
    return _encode(r) == signature[:32]
