"""Certificate templates: where each text, the border and the QR code go on the page.

A template is a TOML or JSON file (see docs/certificates.md). Lengths are millimetres from the
page's top-left corner; a text box is (x, y, width, height). Text may hold fields in braces,
filled per certificate: {recipient} {unit} {title} {award} {contest} {round} {date}
{organizer} {serial} {entry_code}. A text without fields is drawn once per document.
A text too long for its box first wraps (if the box has room for more lines), then shrinks
down to `min_size`; `template_problems` and the renderer refuse anything that still overflows.
"""

from __future__ import annotations

import json
import string
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from judge_app.domain.nesting import nesting_problem

FIELDS = ("recipient", "unit", "title", "award", "contest", "round", "date", "organizer", "serial", "entry_code")
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0)}
ALIGNS = ("left", "center", "right")
FONTS = ("kai", "sans")
BORDER_STYLES = ("none", "single", "double", "ornate")


class TemplateError(ValueError):
    def __init__(self, source: str, problems: list[str]):
        self.source, self.problems = source, problems
        super().__init__(f"模板 {source} 有问题 (template problems): " + "; ".join(problems))


@dataclass(frozen=True)
class TextBox:
    text: str
    x: float
    y: float
    width: float
    height: float
    size: float = 16
    min_size: float = 8
    font: str = "kai"
    color: str = "#000000"
    align: str = "center"
    leading: float = 1.25  # line height as a multiple of the size

    @cached_property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.text) if name)

    @property
    def static(self) -> bool:
        return not self.fields


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = "#000000"
    width: float = 0.5


@dataclass(frozen=True)
class Border:
    style: str = "none"
    color: str = "#000000"
    inner_color: str = ""
    margin: float = 10
    width: float = 1.0


@dataclass(frozen=True)
class QrBox:
    x: float
    y: float
    size: float = 28
    caption: str = ""
    caption_size: float = 7


@dataclass(frozen=True)
class Mark:
    """Where the reprint mark (补发) goes on a reprinted certificate."""

    text: str = "补发"
    x: float = 0
    y: float = 0
    width: float = 30
    height: float = 10
    size: float = 14
    color: str = "#C8102E"


@dataclass(frozen=True)
class Seal:
    """The seal area (印章): a circle of `size` mm centred at (x, y), over the issuing body.

    On paper it stays empty for the stamp; for an electronic copy a transparent seal image can be
    placed there (`image`, set when issuing, never stored in the template file)."""

    x: float
    y: float
    size: float = 40
    image: str = ""


@dataclass(frozen=True)
class CertificateTemplate:
    name: str
    label: str
    page: str = "A4"
    orientation: str = "landscape"
    serial_pattern: str = "{year}-{seq:04d}"
    background_color: str = ""
    background_image: str = ""  # absolute path once loaded
    border: Border = Border()
    texts: tuple[TextBox, ...] = ()
    lines: tuple[Line, ...] = ()
    qr: QrBox | None = None
    reprint: Mark = Mark()
    seal: Seal | None = None
    source: str = ""

    @property
    def page_mm(self) -> tuple[float, float]:
        w, h = PAGE_SIZES_MM[self.page]
        return (h, w) if self.orientation == "landscape" else (w, h)

    def replace_texts(self, texts: tuple[TextBox, ...]) -> "CertificateTemplate":
        from dataclasses import replace

        return replace(self, texts=texts)

    def with_seal_image(self, path: str) -> "CertificateTemplate":
        """This template with a seal image on its seal area (ValueError: the template has none)."""
        from dataclasses import replace

        if self.seal is None:
            raise ValueError(f"模板 {self.name} 没有印章位置 [seal], 不能放印章图片 (the template has no seal area)")
        return replace(self, seal=replace(self.seal, image=path))


def _color_ok(value: str) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(c in string.hexdigits for c in value[1:])


def template_problems(t: CertificateTemplate) -> list[str]:
    out = []
    if t.page not in PAGE_SIZES_MM:
        out.append(f"page 须为 {', '.join(PAGE_SIZES_MM)} 之一, 现为 {t.page!r} (unknown page size)")
        return out
    if t.orientation not in ("landscape", "portrait"):
        out.append(f"orientation 须为 landscape 或 portrait (bad orientation {t.orientation!r})")
    pw, ph = t.page_mm
    if t.border.style not in BORDER_STYLES:
        out.append(f"border.style 须为 {', '.join(BORDER_STYLES)} 之一 (unknown border style)")
    colors = [t.border.color, t.reprint.color] + [b.color for b in t.texts] + [ln.color for ln in t.lines]
    colors += [c for c in (t.background_color, t.border.inner_color) if c]
    for c in colors:
        if not _color_ok(c):
            out.append(f"颜色须写成 #RRGGBB, 现为 {c!r} (bad colour)")
    for i, b in enumerate(t.texts, start=1):
        where = f"texts[{i}] “{b.text[:12]}”"
        try:
            unknown = [f for f in b.fields if f not in FIELDS]
        except ValueError as exc:
            out.append(f"{where}: 花括号不成对: {exc} (unbalanced braces)")
            continue
        if unknown:
            out.append(f"{where}: 未知字段 {', '.join(unknown)}; 可用: {', '.join(FIELDS)} (unknown field)")
        if b.align not in ALIGNS:
            out.append(f"{where}: align 须为 left/center/right (bad align)")
        if b.font not in FONTS:
            out.append(f"{where}: font 须为 {', '.join(FONTS)} 之一 (unknown font)")
        if b.width <= 0 or b.height <= 0 or not 0 < b.min_size <= b.size:
            out.append(f"{where}: 宽高须为正数, 且 0 < min_size ≤ size (bad box or size)")
        if b.x < 0 or b.y < 0 or b.x + b.width > pw + 0.01 or b.y + b.height > ph + 0.01:
            out.append(f"{where}: 文本框超出页面 ({pw:g}×{ph:g} mm) (box off the page)")
    if t.seal and (t.seal.size < 20 or t.seal.x - t.seal.size / 2 < 0 or t.seal.y - t.seal.size / 2 < 0
                   or t.seal.x + t.seal.size / 2 > pw or t.seal.y + t.seal.size / 2 > ph):
        out.append("seal: 印章位置须在页面内, 直径至少 20 mm (seal area off the page or too small)")
    if t.qr and (t.qr.x < 0 or t.qr.y < 0 or t.qr.x + t.qr.size > pw or t.qr.y + t.qr.size > ph or t.qr.size < 15):
        out.append("qr: 二维码须在页面内, 边长至少 15 mm (QR code off the page or too small)")
    if not any("serial" in b.fields for b in t.texts if "{" in b.text):
        out.append("模板中没有 {serial} 字段: 证书必须印出编号 (the template must print {serial})")
    if t.qr is None:
        out.append("模板中没有 [qr]: 证书必须带验证二维码 (the template must place the QR code)")
    return out


def _section(data: dict, key: str, cls, source: str, problems: list[str]):
    raw = data.get(key)
    if raw is None:
        return None
    try:
        return cls(**raw)
    except TypeError as exc:
        problems.append(f"[{key}]: {exc}")
        return None


def template_from_dict(data: dict, source: str = "<template>", base_dir: Path | None = None) -> CertificateTemplate:
    """Build and validate a template from parsed TOML/JSON; TemplateError lists every problem."""
    problems: list[str] = []
    texts, lines = [], []
    for i, raw in enumerate(data.get("texts", []), start=1):
        try:
            texts.append(TextBox(**raw))
        except TypeError as exc:
            problems.append(f"texts[{i}]: {exc}")
    for i, raw in enumerate(data.get("lines", []), start=1):
        try:
            lines.append(Line(**raw))
        except TypeError as exc:
            problems.append(f"lines[{i}]: {exc}")
    border = _section(data, "border", Border, source, problems) or Border()
    qr = _section(data, "qr", QrBox, source, problems)
    reprint = _section(data, "reprint", Mark, source, problems)
    seal = _section(data, "seal", Seal, source, problems)
    if seal is not None and seal.image:
        problems.append("[seal] 不能在模板中写 image; 印章图片在签发时选择 (the seal image is chosen when issuing)")
    image = data.get("background_image", "")
    if image and base_dir is not None:
        image_path = (base_dir / image).resolve()
        if not image_path.is_file():
            problems.append(f"背景图片不存在: {image_path} (background image not found)")
        image = str(image_path)
    known = {"name", "label", "page", "orientation", "serial_pattern", "background_color", "background_image",
             "border", "texts", "lines", "qr", "reprint", "seal"}
    for key in sorted(set(data) - known):
        problems.append(f"未知的设置 {key!r} (unknown setting)")
    try:
        t = CertificateTemplate(
            name=str(data.get("name") or Path(source).stem), label=str(data.get("label", "")),
            page=data.get("page", "A4"), orientation=data.get("orientation", "landscape"),
            serial_pattern=data.get("serial_pattern", "{year}-{seq:04d}"),
            background_color=data.get("background_color", ""), background_image=image,
            border=border, texts=tuple(texts), lines=tuple(lines), qr=qr, seal=seal, source=source,
        )
    except TypeError as exc:
        raise TemplateError(source, [*problems, str(exc)]) from None
    if reprint is None:  # default: top right, inside the border
        pw, _ = t.page_mm
        reprint = Mark(x=pw - t.border.margin - 40, y=t.border.margin + 6, width=30, height=10)
    from dataclasses import replace

    t = replace(t, reprint=reprint)
    problems += template_problems(t)
    if problems:
        raise TemplateError(source, problems)
    return t


def load_template(path: Path) -> CertificateTemplate:
    """Read a template file (.toml or .json)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TemplateError(str(path), [f"无法读取: {exc} (cannot read)"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(str(path), [f"无法解析: {exc} (cannot parse)"]) from None
    if nested := nesting_problem(text):
        raise TemplateError(str(path), [nested])
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = tomllib.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TemplateError(str(path), [f"无法解析: {exc} (cannot parse)"]) from None
    return template_from_dict(data, str(path), path.parent)


def template_to_dict(t: CertificateTemplate) -> dict:
    """The template as plain data, as read by `template_from_dict` (for saving an edited copy)."""
    from dataclasses import asdict

    data = asdict(t)
    data.pop("source", None)
    if not data["background_image"]:
        data.pop("background_image")
    if data["qr"] is None:
        data.pop("qr")
    if data["seal"] is None:
        data.pop("seal")
    else:
        data["seal"].pop("image", None)
    return data

