"""Each bundled TrueType font parsed once per install, not once per process.

reportlab reads a font's character map, widths, metrics and glyph offsets in Python
(`TTFontFile.extractInfo`): for the two CJK fonts (35,000 characters, 50,000 glyphs each) that
was about half a second of every `judge-app certificates`, `notice` or `sheets` run. The first
run stores what it read in the user's cache folder — a JSON header and arrays of numbers —;
later runs load that and read only the file's table directory, which subsetting needs.

The cache file is named after the font file, its size and modification time, and reportlab's
version, so a changed font or a reportlab upgrade parses afresh. Its content is checked on
loading (shape, types and lengths); anything unexpected — a damaged or edited file — is ignored
and the font parsed again. Only numbers and names are read from it, never code. A cache that cannot be written
(a read-only profile) only costs the parse.
"""

from __future__ import annotations

import json
import os
from array import array
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace, TTFontParser

FORMAT = 2
NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # reportlab's TTFNameBytes
SCALARS = ("ascent", "descent", "_pos", "unitsPerEm", "capHeight", "stemV", "italicAngle", "underlinePosition",
           "underlineThickness", "flags", "numGlyphs", "_full_font", "defaultWidth")
FIELDS = {*NAMES, *SCALARS, "bbox", "fontRevision", "glyphPos", "charToGlyph", "charWidths", "glyphToChar", "hmetrics",
          "_pdfScale"}


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("judge_app", appauthor=False)) / "fonts"


def _cache_file(path: Path, index: int) -> Path:
    stat = path.stat()
    return cache_dir() / f"{path.name}-{index}-{stat.st_size}-{stat.st_mtime_ns}-rl{reportlab.Version}-f{FORMAT}.bin"


def _scale(units_per_em: int):
    """reportlab's `_pdfScale`: font units → 1/1000 em, as `extractInfo` builds it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


# The big tables as binary arrays (a JSON header names them): numbers only, so nothing in the file
# can be anything but numbers. Mixed int/float columns keep each value's type in a flag array.

def _numbers(values) -> tuple[array, array]:
    """Integers as 64-bit integers; otherwise (values as doubles, 1 where the value was a float) —
    exact for the widths and metrics fonts hold, and each value keeps its type."""
    if all(type(v) is int for v in values):
        return array("q", values), array("b")
    return array("d", values), array("b", (type(v) is float for v in values))


def _restore(values: array, floats: array) -> list:
    if values.typecode == "q":
        return values.tolist() if not floats else []
    return [v if f else int(v) for v, f in zip(values.tolist(), floats.tolist())]


def _encode(face: TTFontFace) -> bytes:
    widths, width_floats = _numbers(list(face.charWidths.values()))
    flat = [x for m in face.hmetrics for x in m]
    metrics, metric_floats = _numbers(flat)
    bbox, bbox_floats = _numbers(face.bbox)
    g2c_keys = list(face.glyphToChar)
    arrays = {
        "c2g_keys": array("q", face.charToGlyph.keys()), "c2g_values": array("q", face.charToGlyph.values()),
        "width_keys": array("q", face.charWidths.keys()), "widths": widths, "width_floats": width_floats,
        "g2c_keys": array("q", g2c_keys), "g2c_counts": array("q", (len(face.glyphToChar[g]) for g in g2c_keys)),
        "g2c_chars": array("q", (c for g in g2c_keys for c in face.glyphToChar[g])),
        "metrics": metrics, "metric_floats": metric_floats, "glyph_pos": array("q", face.glyphPos),
        "bbox": bbox, "bbox_floats": bbox_floats,
    }
    header = {"format": FORMAT, "names": {k: getattr(face, k).ustr for k in NAMES},
              "scalars": {k: getattr(face, k) for k in SCALARS}, "fontRevision": list(face.fontRevision),
              "arrays": [[k, a.typecode, len(a)] for k, a in arrays.items()]}
    return json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n" + b"".join(a.tobytes() for a in arrays.values())


def _decode(blob: bytes) -> dict | None:
    """The attributes to set, or None when the file is not what `_encode` wrote."""
    head, sep, body = blob.partition(b"\n")
    if not sep:
        return None
    header = json.loads(head)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    arrays, offset = {}, 0
    for key, code, count in header["arrays"]:
        if code not in "qdb" or type(count) is not int or count < 0:
            return None
        a = array(code)
        size = a.itemsize * count
        if offset + size > len(body):
            return None
        a.frombytes(body[offset:offset + size])
        arrays[key], offset = a, offset + size
    if offset != len(body):
        return None
    names, scalars, revision = header["names"], header["scalars"], header["fontRevision"]
    if set(names) != set(NAMES) or not all(isinstance(v, str) for v in names.values()):
        return None
    if set(scalars) != set(SCALARS) or not all(type(v) in (int, float, bool) for v in scalars.values()):
        return None
    if type(scalars["unitsPerEm"]) is not int or scalars["unitsPerEm"] <= 0:
        return None
    if not (isinstance(revision, list) and len(revision) == 2 and all(type(v) is int for v in revision)):
        return None
    a = arrays
    def matches(values: str, floats: str) -> bool:  # a "q" column has no flags, a "d" column one per value
        return len(a[floats]) == (0 if a[values].typecode == "q" else len(a[values]))

    if not (len(a["c2g_keys"]) == len(a["c2g_values"]) and len(a["width_keys"]) == len(a["widths"])
            and matches("widths", "width_floats") and matches("metrics", "metric_floats") and matches("bbox", "bbox_floats")
            and len(a["g2c_keys"]) == len(a["g2c_counts"]) and sum(a["g2c_counts"]) == len(a["g2c_chars"])
            and min(a["g2c_counts"], default=1) >= 1 and len(a["metrics"]) % 2 == 0 and len(a["bbox"]) == 4
            and a["c2g_keys"].typecode == a["c2g_values"].typecode == a["g2c_chars"].typecode == "q"):
        return None
    chars = iter(a["g2c_chars"].tolist())
    glyph_to_char = {glyph: [next(chars)] if count == 1 else [next(chars) for _ in range(count)]
                     for glyph, count in zip(a["g2c_keys"].tolist(), a["g2c_counts"].tolist())}
    flat = _restore(a["metrics"], a["metric_floats"])
    values = {k: TTFNameBytes(v.encode("utf-8")) for k, v in names.items()}
    values.update(scalars)
    values.update({
        "fontRevision": tuple(revision), "bbox": _restore(a["bbox"], a["bbox_floats"]),
        "charToGlyph": dict(zip(a["c2g_keys"].tolist(), a["c2g_values"].tolist())),
        "charWidths": dict(zip(a["width_keys"].tolist(), _restore(a["widths"], a["width_floats"]))),
        "glyphToChar": glyph_to_char, "hmetrics": list(zip(flat[0::2], flat[1::2])),
        "glyphPos": a["glyph_pos"].tolist(), "_pdfScale": _scale(scalars["unitsPerEm"]),
    })
    return values


def _store(target: Path, face: TTFontFace) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        tmp.write_bytes(_encode(face))
        tmp.replace(target)
    except OSError:
        pass  # no cache this time: the next run parses again


def load_face(path: Path, index: int) -> TTFontFace:
    """A reportlab face of the font file, its parsed information from the cache when there is one."""
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    TTFontParser.__init__(face, str(path), validate=0, subfontIndex=index)  # the file and its table directory
    target = _cache_file(path, index)
    try:
        values = _decode(target.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        values = None
    if values is not None:
        face.__dict__.update(values)
        return face
    face.extractInfo(1)
    _store(target, face)
    return face


def cached_font(pdf_name: str, path: Path, index: int) -> TTFont:
    """`TTFont(pdf_name, path, subfontIndex=index)` with its face from `load_face`."""
    font = TTFont.__new__(TTFont)
    font.fontName = pdf_name  # what TTFont.__init__ sets, around the face it would parse itself
    font.face = load_face(path, index)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(pdf_name, glob) for glob in ttfonts.unShapedFontGlob)
    return font
