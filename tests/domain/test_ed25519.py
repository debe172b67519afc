"""domain.ed25519.verify decides exactly as OpenSSL's Ed25519 verifier (through `cryptography`):
real signatures, damaged ones, and the crafted keys and signatures where verifiers differ."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings, strategies as st

from judge_app.domain import ed25519
from judge_app.domain.ed25519 import BASE, ORDER, P, _add, _double, _encode, _x_of, verify
from judge_app.services.documents.certificate_signing import new_key, signature_ok


def openssl(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def times(n: int, point):
    found = (0, 1, 1, 0)
    for i in range(n.bit_length() - 1, -1, -1):
        found = _double(found)
        if n >> i & 1:
            found = _add(found, point)
    return found


def point(y: int, sign: int = 0):
    x = _x_of(y, sign)
    assert x is not None
    return (x, y, 1, x * y % P)


def le(n: int) -> bytes:
    return n.to_bytes(32, "little")


def test_real_signatures_and_the_services_check():
    private, public = new_key()
    key = Ed25519PrivateKey.from_private_bytes(private)
    for message in (b"", b"x", "封印 seal".encode() * 40):
        signature = key.sign(message)
        assert verify(public, message, signature) and signature_ok(public, message, signature)
        assert not verify(public, message + b".", signature)
        assert not signature_ok(public, message, signature[:63] + bytes([signature[63] ^ 1]))


@settings(max_examples=60, deadline=None)
@given(seed=st.binary(min_size=32, max_size=32), message=st.binary(max_size=200),
       flip=st.integers(min_value=-1, max_value=96 * 8 - 1))
def test_agrees_with_openssl_on_signatures_and_flipped_bits(seed, message, flip):
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = key.public_key().public_bytes_raw()
    signature = key.sign(message)
    if 0 <= flip < 64 * 8:
        signature = bytearray(signature)
        signature[flip // 8] ^= 1 << flip % 8
        signature = bytes(signature)
    elif flip >= 64 * 8:
        public = bytearray(public)
        public[(flip - 512) // 8] ^= 1 << flip % 8
        public = bytes(public)
    try:
        expected = openssl(public, message, signature)
    except ValueError:  # cryptography refuses to load the key at all
        expected = False
    assert verify(public, message, signature) == expected


def _small_order_point():
    """A point of order 8: [L]Q for a point Q that has a component outside the prime-order group."""
    y = 2
    while True:
        x = _x_of(y, 0)
        if x is not None:
            torsion = times(ORDER, (x, y, 1, x * y % P))
            if _encode(times(4, torsion)) != _encode((0, 1, 1, 0)):
                return torsion
        y += 1


def test_crafted_keys_and_signatures_decide_as_openssl():
    message = b"round final"
    s = 12345
    r_for_identity = _encode(times(s, BASE))
    cases = [
        (le(1), r_for_identity + le(s)),  # the identity as the public key: any message "verifies" (cofactorless)
        (le(1 | 1 << 255), r_for_identity + le(s)),  # x = 0 with the sign bit set
        (le(P + 1), r_for_identity + le(s)),  # y written as p + 1 (not reduced)
        (le(P - 1), r_for_identity + le(s)),  # (0, -1), order 2
        (le(P - 1 | 1 << 255), r_for_identity + le(s)),
        (le(1), r_for_identity + le(s + ORDER)),  # S not below the order
        (le(1), le(1) + le(0)),  # R = identity, S = 0
        (le(1), le(1 | 1 << 255) + le(0)),  # R with x = 0 and the sign bit
        (le(1), le(P + 1) + le(0)),  # R not reduced
        (le(2), r_for_identity + le(s)),  # y = 2 is not on the curve
    ]
    # a mixed-order key: [a]B + T with T of order 8; S = r + k·a verifies only when [k]T is the identity
    torsion = _small_order_point()
    a, r = 987654321, 55555
    mixed = _encode(_add(times(a, BASE), torsion))
    for n in range(24):
        text = message + bytes([n])
        big_r = _encode(times(r, BASE))
        k = int.from_bytes(hashlib.sha512(big_r + mixed + text).digest(), "little") % ORDER
        cases.append((mixed, big_r + le((r + k * a) % ORDER), text))
    decided = set()
    for case in cases:
        public, signature, *rest = case
        text = rest[0] if rest else message
        expected = openssl(public, text, signature)
        decided.add(expected)
        assert verify(public, text, signature) == expected, (public.hex(), signature.hex())
    assert decided == {True, False}


def test_wrong_lengths_are_refused():
    _private, public = new_key()
    assert not verify(public[:31], b"x", bytes(64))
    assert not verify(public, b"x", bytes(63))
    assert ed25519.ORDER.bit_length() == 253
