"""The per-install store of parsed font tables (printing.font_tables): what it restores is exactly
what reportlab's own parse gives, a changed font is parsed again, and a stored file that is
damaged, truncated, for another font or hostile is ignored (the font parsed, the file rewritten)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from judge_app.printing import font_tables
from judge_app.printing.font_tables import FONT_CACHE_ENV, MAGIC, decode, encode, load_font, store_path
from judge_app.resources import resource_path

KAI = resource_path("fonts", "LXGWWenKai-Regular.ttf")
SANS = resource_path("fonts", "wqy-microhei.ttc")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "font-tables"
    monkeypatch.setenv(FONT_CACHE_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def parsed_sans():
    return TTFont("JA-test", str(SANS))


def _same_as_reportlab(font, reference) -> None:
    mine, theirs = dict(vars(font.face)), dict(vars(reference.face))
    mine.pop("restored")
    mine.pop("_pos"), theirs.pop("_pos")
    scale_mine, scale_theirs = mine.pop("_pdfScale"), theirs.pop("_pdfScale")
    assert mine.keys() == theirs.keys()
    for key, value in theirs.items():
        assert mine[key] == value, key
        assert type(mine[key]) is type(value), key
    # kinds inside the tables too: reportlab's metrics mix raw ints and scaled floats
    assert [type(a) for a, _ in font.face.hmetrics] == [type(a) for a, _ in reference.face.hmetrics]
    assert [type(w) for w in font.face.charWidths.values()] == [type(w) for w in reference.face.charWidths.values()]
    assert font.face.name.ustr == reference.face.name.ustr
    for v in (0, 1, 1234, 2047.5):
        assert scale_mine(v) == scale_theirs(v)
    assert {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")} == \
        {k: v for k, v in vars(reference).items() if k not in ("face", "state", "encoding")}


@pytest.mark.parametrize("path", [KAI, SANS], ids=["kai-ttf", "sans-ttc"])
def test_restored_tables_equal_reportlabs_parse_and_subset_identically(store, path):
    first = load_font("JA-test", path)
    assert not first.face.restored and any(store.iterdir())
    again = load_font("JA-test", path)
    assert again.face.restored
    reference = TTFont("JA-test", str(path))
    _same_as_reportlab(first, reference)
    _same_as_reportlab(again, reference)
    subset = [ord(c) for c in " 荣誉证书陈䶮㛃一等奖Z001〔2025〕号"]
    assert again.face.makeSubset(subset) == reference.face.makeSubset(subset)


def test_a_changed_font_is_parsed_again(store, tmp_path):
    load_font("JA-test", SANS)
    copy = tmp_path / "wqy-microhei.ttc"
    shutil.copy(SANS, copy)
    assert load_font("JA-test", copy).face.restored  # same bytes elsewhere: the same tables
    with copy.open("ab") as f:
        f.write(b"\0")  # another file (one byte more): another digest
    changed = load_font("JA-test", copy)
    assert not changed.face.restored
    _same_as_reportlab(changed, TTFont("JA-test", str(copy)))
    assert len(list(store.iterdir())) == 2


def test_tables_for_another_font_are_not_taken(store, parsed_sans):
    load_font("JA-test", KAI)
    (kai_file,) = store.iterdir()
    digest = font_tables.hashlib.sha256(SANS.read_bytes()).hexdigest()
    shutil.copy(kai_file, store_path(SANS, digest, 0))  # the kai tables under the sans name
    font = load_font("JA-test", SANS)
    assert not font.face.restored
    _same_as_reportlab(font, parsed_sans)


def _stored_file(store: Path) -> Path:
    load_font("JA-test", SANS)
    (path,) = store.iterdir()
    return path


def _rejected_then_rewritten(store: Path, damaged: bytes, reference) -> None:
    path = next(store.iterdir())
    path.write_bytes(damaged)
    font = load_font("JA-test", SANS)
    assert not font.face.restored
    _same_as_reportlab(font, reference)
    assert load_font("JA-test", SANS).face.restored  # rewritten sound


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_one_flipped_bit_anywhere_is_noticed(store, parsed_sans, where, bit):
    good = _stored_file(store).read_bytes()
    at = int(where * len(good))
    damaged = bytearray(good)
    damaged[at] ^= 1 << bit
    _rejected_then_rewritten(store, bytes(damaged), parsed_sans)


@pytest.mark.parametrize("cut", [0, 5, len(MAGIC) + 10, 1000, -1])
def test_truncated_or_empty_files_are_ignored(store, parsed_sans, cut):
    good = _stored_file(store).read_bytes()
    _rejected_then_rewritten(store, good[:cut], parsed_sans)


def _digest() -> str:
    return font_tables.hashlib.sha256(SANS.read_bytes()).hexdigest()


@pytest.mark.parametrize("tamper", [
    lambda a: a.update(numGlyphs=a["numGlyphs"] + 1),
    lambda a: a.update(glyphPos=[0] * len(a["glyphPos"][:-1]) + [10 ** 9]),  # beyond the glyf table
    lambda a: a.update(glyphPos=list(reversed(a["glyphPos"]))),
    lambda a: a.update(charToGlyph={**a["charToGlyph"], 0x4E00: a["numGlyphs"] + 7}),
    lambda a: a.update(charWidths={**a["charWidths"], 0x10FFFE: 500}),
    lambda a: a.update(hmetrics=a["hmetrics"][:-1]),
    lambda a: a.update(unitsPerEm=1000),
    lambda a: a.update(_ttf_data=b"not the font"),  # an attribute the parse never sets
    lambda a: a.update(__class__=1),
    lambda a: a.pop("charWidths"),
], ids=["glyph-count", "locations-out", "locations-order", "glyph-index", "width-key", "metrics-short",
        "units", "raw-data", "class", "missing"])
def test_well_formed_but_wrong_tables_are_refused(store, parsed_sans, tamper):
    good = _stored_file(store)
    attrs = decode(good.read_bytes(), _digest(), 0)
    tamper(attrs)
    _rejected_then_rewritten(store, encode(attrs, _digest(), 0), parsed_sans)


def test_hostile_headers_are_refused(store, parsed_sans):
    good = _stored_file(store).read_bytes()
    rest = (10 ** 6).to_bytes(4, "big") + b"[" * 100_000  # deeply nested JSON, a length past the end
    _rejected_then_rewritten(store, MAGIC + font_tables.hashlib.sha256(rest).digest() + rest, parsed_sans)
    header = b'{"format": 1, "values": {"name": {"name": 5}}}'
    rest = len(header).to_bytes(4, "big") + header
    _rejected_then_rewritten(store, MAGIC + font_tables.hashlib.sha256(rest).digest() + rest, parsed_sans)
    assert decode(good, _digest(), 0)  # the sound file itself is taken


def test_an_unwritable_store_only_costs_the_parse(tmp_path, monkeypatch, parsed_sans):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv(FONT_CACHE_ENV, str(blocker / "fonts"))
    for _ in range(2):
        font = load_font("JA-test", SANS)
        assert not font.face.restored
        _same_as_reportlab(font, parsed_sans)


RENDER = """
import hashlib
from judge_app.domain.certificate_template import load_template
from judge_app.printing.certificate_pdf import CertificatePage, render_certificates
from judge_app.printing.fonts import _font
from judge_app.services.documents.certificates import builtin_templates

values = dict(recipient="陈䶮", unit="第3街道", title="新能源汽车零部件产业园招商项目（7号）", award="一等奖",
              contest="2025年全市招商引资“大比武”决赛", round="决赛", date="2025年9月18日", organizer="市招商办",
              serial="证字〔2025〕0007号", entry_code="Z007")
pdf = render_certificates(load_template(builtin_templates()["formal"]), [CertificatePage(values, "A" * 180)])
print(_font("kai").face.restored, _font("sans").face.restored, hashlib.sha256(pdf).hexdigest())
"""


def test_a_certificate_pdf_is_byte_for_byte_the_same_with_stored_tables(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, FONT_CACHE_ENV: str(tmp_path / "fresh")}
    runs = [subprocess.run([sys.executable, "-c", RENDER], env=env, capture_output=True, text=True, check=True,
                           timeout=300).stdout.split() for _ in range(2)]
    assert runs[0][:2] == ["False", "False"] and runs[1][:2] == ["True", "True"]  # parsed, then restored
    assert runs[0][2] == runs[1][2]
