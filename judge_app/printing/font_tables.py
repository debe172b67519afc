"""The bundled fonts' parsed tables, kept once per install instead of parsed by every process.

reportlab reads a TrueType font's character map, metrics and glyph locations in Python: about
70 ms for each bundled CJK font (30,000–50,000 glyphs), in every process that prints. What it
computes depends only on the font file and reportlab's version, so after the first parse the
tables are stored in the user cache directory (`$JUDGE_APP_FONT_CACHE`, else `fonts/` in the
user cache dir), named by the file's SHA-256 and reportlab's version: a changed font, or another
reportlab, is a different file. Loading them takes a few milliseconds.

The stored file is data only (a JSON header and arrays of numbers, never pickle or marshal), and
it is not trusted: the header must name this font's digest, only the attributes reportlab's
parse sets may be restored, every array must have its declared length, and the tables must agree
with the font (glyph count, glyph locations inside the font's `glyf` table, …). A file that is
truncated, corrupt or hostile is ignored: the font is parsed as before and the file rewritten.
A directory that cannot be written only costs the parse.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import sys
from fnmatch import fnmatch
from math import isfinite
from operator import itemgetter
from pathlib import Path
from struct import unpack_from
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace, unShapedFontGlob

FONT_CACHE_ENV = "JUDGE_APP_FONT_CACHE"
FORMAT = 1
MAGIC = b"judge_app font tables\n"
MAX_FILE = 64 << 20  # the bundled fonts' tables take about 2 MB; anything far larger is not ours

# What reportlab's TTFontFile.extractInfo sets (reportlab 5.1), apart from its `_pdfScale`
# function, which is rebuilt from unitsPerEm: the only attributes a stored file may restore.
PARSED = frozenset({
    "_full_font", "ascent", "bbox", "capHeight", "charToGlyph", "charWidths", "defaultWidth", "descent",
    "familyName", "flags", "fontRevision", "fullName", "glyphPos", "glyphToChar", "hmetrics", "italicAngle",
    "name", "numGlyphs", "stemV", "styleName", "underlinePosition", "underlineThickness", "uniqueFontID",
    "unitsPerEm",
})


class _Unstorable(Exception):
    """A parsed value of a kind this format does not hold (a newer reportlab): not cached."""


def cache_dir() -> Path:
    given = os.environ.get(FONT_CACHE_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("judge_app", appauthor=False)) / "fonts"


def _pdf_scale(units_per_em: int):
    """reportlab's font-unit → 1/1000 em conversion, as its parse builds it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


# ---- encoding: scalars in the JSON header, tables as arrays of 8-byte numbers after it ----------

class _Writer:
    def __init__(self):
        self.blobs: list[bytes] = []

    def column(self, values) -> dict:
        """Runs of ints ('q') and floats ('d'), each one array: reportlab's metrics mix the two
        (raw advance widths, then scaled ones), and keeping the kinds keeps the PDF the same."""
        runs: list[list] = []
        for v in values:
            if type(v) is int:
                code = "q"
            elif type(v) is float:
                code = "d"
            else:
                raise _Unstorable(f"column value {type(v).__name__}")
            if runs and runs[-1][0] == code:
                runs[-1][1] += 1
            else:
                runs.append([code, 1])
        at = 0
        for code, count in runs:
            self.blobs.append(array.array(code, values[at:at + count]).tobytes())
            at += count
        return {"runs": runs}

    def value(self, v):
        if isinstance(v, TTFNameBytes):
            return {"name": bytes(v).decode("latin-1"), "ustr": v.ustr}
        if isinstance(v, bytes):
            return {"bytes": v.decode("latin-1")}
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, tuple):
            return {"tuple": [self.value(x) for x in v]}
        if isinstance(v, list) and v and all(isinstance(x, tuple) for x in v):
            width = len(v[0])
            if any(len(x) != width for x in v):
                raise _Unstorable("rows of different widths")
            return {"rows": [self.column([x[i] for x in v]) for i in range(width)]}
        if isinstance(v, list):
            return {"list": self.column(v)}
        if isinstance(v, dict):
            keys, values = list(v), list(v.values())
            if values and all(isinstance(x, list) and x for x in values):  # glyph → its characters
                more = [(i, y) for i, x in enumerate(values) for y in x[1:]]
                return {"keys": self.column(keys), "first": self.column([x[0] for x in values]),
                        "more_at": self.column([i for i, _ in more]), "more": self.column([y for _, y in more])}
            return {"keys": self.column(keys), "values": self.column(values)}
        raise _Unstorable(type(v).__name__)


class _Reader:
    def __init__(self, body: memoryview):
        self.body = body
        self.at = 0

    def _take(self, n: int) -> memoryview:
        if n < 0 or self.at + n > len(self.body):
            raise ValueError("truncated")
        part = self.body[self.at:self.at + n]
        self.at += n
        return part

    def column(self, spec) -> list:
        out: list = []
        for code, count in spec["runs"]:
            if code not in ("q", "d") or type(count) is not int:
                raise ValueError("bad column")
            values = array.array(code)
            values.frombytes(self._take(8 * count))
            if code == "d" and count and not isfinite(sum(values)):
                raise ValueError("not a number")
            out += values.tolist()
        return out

    def value(self, v):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if not isinstance(v, dict):
            raise ValueError("bad value")
        if "name" in v:
            name = bytes.__new__(TTFNameBytes, v["name"].encode("latin-1"))
            name.ustr = str(v["ustr"])
            return name
        if "bytes" in v:
            return v["bytes"].encode("latin-1")
        if "tuple" in v:
            return tuple(self.value(x) for x in v["tuple"])
        if "rows" in v:
            columns = [self.column(c) for c in v["rows"]]
            if len({len(c) for c in columns}) != 1:
                raise ValueError("ragged rows")
            return list(zip(*columns))
        if "list" in v:
            return self.column(v["list"])
        keys = self.column(v["keys"])
        if "first" in v:  # lists: each key's first item, then the few further ones by key index
            first, more_at, more = self.column(v["first"]), self.column(v["more_at"]), self.column(v["more"])
            if len(first) != len(keys) or len(more_at) != len(more) or len(set(keys)) != len(keys):
                raise ValueError("bad lists")
            lists = list(map(list, zip(first)))
            for i, y in zip(more_at, more):
                lists[i].append(y)  # IndexError for an index out of range
            return dict(zip(keys, lists))
        values = self.column(v["values"])
        if len(values) != len(keys):
            raise ValueError("bad dict")
        return dict(zip(keys, values))


def _identity(digest: str, subfont: int) -> dict:
    return {"format": FORMAT, "font_sha256": digest, "subfont": subfont, "reportlab": REPORTLAB_VERSION,
            "byteorder": sys.byteorder}


def encode(parsed: dict, digest: str, subfont: int) -> bytes:
    writer = _Writer()
    values = {k: writer.value(parsed[k]) for k in sorted(parsed)}
    header = json.dumps({**_identity(digest, subfont), "values": values}, ensure_ascii=True).encode("ascii")
    rest = len(header).to_bytes(4, "big") + header + b"".join(writer.blobs)
    return MAGIC + hashlib.sha256(rest).digest() + rest  # a flipped bit anywhere is noticed


def decode(blob: bytes, digest: str, subfont: int) -> dict:
    """The stored attributes; ValueError (or another exception) for anything not exactly ours."""
    if not blob.startswith(MAGIC):
        raise ValueError("not a font table file")
    seal, rest = blob[len(MAGIC):len(MAGIC) + 32], memoryview(blob)[len(MAGIC) + 32:]
    if hashlib.sha256(rest).digest() != seal:
        raise ValueError("damaged")
    blob = rest
    size = int.from_bytes(blob[:4], "big")
    start = 4
    header = json.loads(bytes(blob[start:start + size]).decode("ascii"))
    if not isinstance(header, dict) or {k: header.get(k) for k in _identity(digest, subfont)} != _identity(digest, subfont):
        raise ValueError("another font, reportlab or format")
    values = header["values"]
    if not isinstance(values, dict) or set(values) != PARSED:
        raise ValueError("unexpected attributes")
    reader = _Reader(blob[start + size:])
    out = {k: reader.value(values[k]) for k in sorted(values)}
    if reader.at != len(reader.body):
        raise ValueError("trailing data")
    return out


def check_against_font(attrs: dict, face: TTFontFace) -> None:
    """ValueError unless the restored tables fit the font they are for (what subsetting reads)."""
    n = attrs["numGlyphs"]
    maxp, _ = face.get_table_pos("maxp")
    head, _ = face.get_table_pos("head")
    glyf_len = face.get_table_pos("glyf")[1]
    if type(n) is not int or n != unpack_from(">H", face._ttf_data, maxp + 4)[0]:
        raise ValueError("glyph count")
    if attrs["unitsPerEm"] != unpack_from(">H", face._ttf_data, head + 18)[0]:
        raise ValueError("units per em")
    pos = attrs["glyphPos"]
    if len(pos) != n + 1 or pos[0] < 0 or pos[-1] > glyf_len or pos != sorted(pos):
        raise ValueError("glyph locations")
    metrics = attrs["hmetrics"]
    if len(metrics) != n or min(map(itemgetter(0), metrics)) < 0 or {len(m) for m in metrics[:1]} != {2}:
        raise ValueError("metrics")
    to_glyph = attrs["charToGlyph"]
    if not isinstance(to_glyph, dict) or not to_glyph or min(to_glyph.values()) < 0 or max(to_glyph.values()) >= n:
        raise ValueError("character map")
    if min(to_glyph) < 0 or max(to_glyph) > 0x10FFFF:
        raise ValueError("code points")
    if not isinstance(attrs["charWidths"], dict) or not attrs["charWidths"].keys() <= to_glyph.keys():
        raise ValueError("widths")
    if not isinstance(attrs["glyphToChar"], dict):
        raise ValueError("glyph to character")
    for name in ("name", "familyName", "styleName", "fullName", "uniqueFontID"):
        if not isinstance(attrs[name], bytes):
            raise ValueError(name)


class _StoredTablesFace(TTFontFace):
    """A TTFontFace whose parse is taken from the stored tables when they are there and sound."""

    def __init__(self, path: str, data: bytes, digest: str, subfont: int, store: Path):
        self._ttf_data = data  # read once: reportlab's readFile keeps data already there
        self.filename = path
        self._store = store
        self._digest = digest
        self._subfont = subfont
        self.restored = False
        TTFontFace.__init__(self, path, subfontIndex=subfont)
        del self._store, self._digest, self._subfont

    def extractInfo(self, charInfo=1):
        if charInfo:
            attrs = self._stored()
            if attrs is not None:
                self.__dict__.update(attrs)
                self._pdfScale = _pdf_scale(self.unitsPerEm)
                self.restored = True
                return
        before = dict(self.__dict__)
        super().extractInfo(charInfo)
        if charInfo:
            self._keep({k: v for k, v in self.__dict__.items() if k in PARSED and before.get(k) is not v},
                       {k for k, v in self.__dict__.items() if before.get(k, self) is not v} - {"_pos"})

    def _stored(self) -> dict | None:
        try:
            if self._store.stat().st_size > MAX_FILE:
                return None
            attrs = decode(self._store.read_bytes(), self._digest, self._subfont)
            check_against_font(attrs, self)
            return attrs
        except Exception:  # missing, unreadable, truncated, corrupt, hostile: parse the font again
            return None

    def _keep(self, parsed: dict, changed: set[str]) -> None:
        if changed != PARSED | {"_pdfScale"}:  # reportlab's parse is not the one this format knows
            return
        try:
            blob = encode(parsed, self._digest, self._subfont)
        except _Unstorable:
            return
        partial = self._store.with_name(f"{self._store.name}.{os.getpid()}.part")
        try:
            self._store.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(blob)
            os.replace(partial, self._store)  # another process never reads half a file
        except OSError:  # a read-only or full cache folder: only the parse is lost
            try:
                partial.unlink(missing_ok=True)
            except OSError:
                pass


def store_path(path: Path, data_digest: str, subfont: int) -> Path:
    return cache_dir() / f"{path.stem}-{data_digest[:24]}-{subfont}-rl{REPORTLAB_VERSION}-v{FORMAT}.tables"


def load_font(pdf_name: str, path: Path, subfont: int = 0) -> TTFont:
    """A reportlab TTFont for `path`, as `TTFont(pdf_name, path, subfontIndex=subfont)` builds it,
    with the parsed tables from the per-install store when they are there."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    face = _StoredTablesFace(str(path), data, digest, subfont, store_path(path, digest, subfont))
    font = TTFont.__new__(TTFont)  # TTFont.__init__ would parse the file itself; the rest of it:
    font.fontName = pdf_name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(pdf_name, g) for g in unShapedFontGlob)
    return font
