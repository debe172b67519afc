"""Fonts parsed once per install (printing.font_cache): a face loaded from the cache is the face
reportlab parses, the PDFs drawn with it are byte for byte the same, and a damaged, edited or
stale cache file is ignored (the font is parsed again)."""

from __future__ import annotations

import json

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from judge_app.printing import font_cache
from judge_app.printing.fonts import FONT_FILES
from judge_app.resources import resource_path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "cache_dir", lambda: tmp_path / "fonts")
    return tmp_path / "fonts"


def comparable(face) -> dict:
    found = {k: v for k, v in face.__dict__.items() if k != "_pdfScale"}
    for k in font_cache.NAMES:
        found[k] = (bytes(found[k]), found[k].ustr)
    return found


@pytest.mark.parametrize("name", sorted(FONT_FILES))
def test_a_cached_face_is_the_parsed_face(cache, name):
    filename, index = FONT_FILES[name]
    path = resource_path("fonts", filename)
    parsed = TTFont(f"T-{name}", str(path), subfontIndex=index).face
    first = font_cache.load_face(path, index)  # parses, writes the cache
    assert len(list(cache.iterdir())) == 1
    second = font_cache.load_face(path, index)  # from the cache
    assert comparable(first) == comparable(parsed) == comparable(second)
    assert [second._pdfScale(x) for x in (0, 1, 2048, 777)] == [parsed._pdfScale(x) for x in (0, 1, 2048, 777)]
    assert set(parsed.__dict__) <= set(second.__dict__) and font_cache.FIELDS <= set(second.__dict__)


def test_pdfs_drawn_with_cached_fonts_are_the_same(cache):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas
    import io

    def draw(font) -> bytes:
        pdfmetrics.registerFont(font)
        out = io.BytesIO()
        c = canvas.Canvas(out, invariant=1)
        c.setFont(font.fontName, 20)
        c.drawString(50, 700, "荣誉证书 陈䶮 㛃 获得一等奖 2025年9月18日 ABC 123")
        c.showPage()
        c.save()
        return out.getvalue()

    path = resource_path("fonts", FONT_FILES["kai"][0])
    parsed = draw(TTFont("CMP-kai", str(path)))
    font_cache.cached_font("CMP-kai", path, 0)  # fills the cache
    cached = draw(font_cache.cached_font("CMP-kai", path, 0))
    assert cached == parsed


def _edit_header(blob: bytes, edit) -> bytes:
    head, _, body = blob.partition(b"\n")
    header = json.loads(head)
    edit(header)
    return json.dumps(header).encode("utf-8") + b"\n" + body


DAMAGE = {
    "not a cache": lambda blob: b"garbage",
    "no body": lambda blob: blob.partition(b"\n")[0],
    "truncated": lambda blob: blob[: len(blob) - 1000],
    "longer": lambda blob: blob + b"\0" * 8,
    "other format": lambda blob: _edit_header(blob, lambda h: h.update(format=99)),
    "a name not text": lambda blob: _edit_header(blob, lambda h: h["names"].update(name=["__import__('os')"])),
    "a scalar not a number": lambda blob: _edit_header(blob, lambda h: h["scalars"].update(ascent="x")),
    "counts that do not add up": lambda blob: _edit_header(
        blob, lambda h: [a.__setitem__(2, a[2] - 1) for a in h["arrays"] if a[0] == "c2g_values"]),
    "unknown typecode": lambda blob: _edit_header(blob, lambda h: [a.__setitem__(1, "O") for a in h["arrays"]]),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_ignored(cache, damage):
    filename, index = FONT_FILES["sans"]
    path = resource_path("fonts", filename)
    good = comparable(font_cache.load_face(path, index))
    target = next(cache.iterdir())
    target.write_bytes(DAMAGE[damage](target.read_bytes()))
    assert font_cache._decode(target.read_bytes()) is None
    assert comparable(font_cache.load_face(path, index)) == good
    assert font_cache._decode(target.read_bytes()) is not None  # parsed again and rewritten


def test_an_unwritable_cache_only_costs_the_parse(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(font_cache, "cache_dir", lambda: blocker / "fonts")  # cannot be a folder
    filename, index = FONT_FILES["sans"]
    face = font_cache.load_face(resource_path("fonts", filename), index)
    assert face.charToGlyph[ord("中")]
