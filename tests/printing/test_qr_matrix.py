"""The fast QR encoder equals the `qrcode` package's own result, module for module."""

from __future__ import annotations

import random

import qrcode
import qrcode.constants
import qrcode.util
import pytest

from judge_app.printing.qr_matrix import EC_LEVEL, QR_MASK, qr_rows

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def reference(text: str) -> list[str]:
    code = qrcode.QRCode(error_correction=EC_LEVEL, border=0, mask_pattern=QR_MASK)
    code.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_ALPHA_NUM))
    code.make(fit=True)
    return ["".join("1" if m else "0" for m in row) for row in code.get_matrix()]


@pytest.mark.parametrize("length", [1, 2, 7, 20, 77, 150, 184, 185, 203, 260, 400, 700])
def test_matches_the_qrcode_package(length):
    rng = random.Random(length)
    text = "".join(rng.choice(ALPHABET) for _ in range(length))
    assert qr_rows(text) == reference(text)


def reference_link(prefix: str, text: str) -> list[str]:
    code = qrcode.QRCode(error_correction=EC_LEVEL, border=0, mask_pattern=QR_MASK)
    code.add_data(qrcode.util.QRData(prefix.encode("ascii"), mode=qrcode.util.MODE_8BIT_BYTE))
    code.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_ALPHA_NUM))
    code.make(fit=True)
    return ["".join("1" if m else "0" for m in row) for row in code.get_matrix()]


@pytest.mark.parametrize("length", [1, 40, 150, 203, 400])
def test_a_link_is_a_byte_segment_then_the_alphanumeric_payload(length):
    rng = random.Random(length)
    text = "".join(rng.choice(ALPHABET) for _ in range(length))
    prefix = "https://www.example.org/zhengshu/verify.html#"
    assert qr_rows(prefix + text) == reference_link(prefix, text)
