"""Certificate templates: the built-in ones load, bad ones are refused, long texts stay on the page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from judge_app.domain.certificate import (
    CertificateRecord,
    PayloadError,
    decode_payload,
    encode_payload,
    format_serial,
    serial_pattern_problems,
)
from judge_app.domain.certificate_template import TemplateError, load_template, template_from_dict
from judge_app.printing.certificate_pdf import CertificatePage, TextOverflow, render_certificates
from judge_app.printing.fonts import MissingGlyphs, missing, pick
from judge_app.services.documents.certificates import builtin_templates

LONG_TITLE = "关于推进粤港澳大湾区先进制造业与现代服务业深度融合发展的新能源汽车零部件全产业链招商引资项目" * 2
VALUES = dict(recipient="欧阳喆堃", unit="东莞市莞城街道办事处经济发展局", title=LONG_TITLE, award="一等奖",
              contest="2025年全市招商引资“大比武”决赛", round="决赛", date="2025年9月18日",
              organizer="市招商引资工作领导小组办公室", serial="证字〔2025〕0001号", entry_code="Z01")


def test_builtin_templates_include_a_formal_and_a_plain_one():
    found = builtin_templates()
    assert {"formal", "plain"} <= set(found)
    for name, path in found.items():
        t = load_template(path)
        assert t.name == name and t.qr is not None
        assert any("serial" in b.fields for b in t.texts)


def test_a_template_with_mistakes_is_refused_with_every_problem(tmp_path):
    data = {
        "page": "A4", "orientation": "landscape",
        "texts": [{"text": "{recipent}", "x": 10, "y": 10, "width": 400, "height": 10},
                  {"text": "x", "x": 10, "y": 10, "width": 10, "height": 10, "color": "red"}],
        "colour": "#FFFFFF",
    }
    with pytest.raises(TemplateError) as caught:
        template_from_dict(data, "bad.toml")
    text = " ".join(caught.value.problems)
    assert "recipent" in text  # unknown field
    assert "超出页面" in text  # box off the page
    assert "red" in text  # bad colour
    assert "colour" in text  # unknown setting
    assert "{serial}" in text and "[qr]" in text


def test_a_json_template_works_like_toml(tmp_path):
    formal = builtin_templates()["formal"]
    import json
    import tomllib

    data = tomllib.loads(formal.read_text(encoding="utf-8"))
    (tmp_path / "mine.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_template(tmp_path / "mine.json").texts == load_template(formal).texts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", ["formal", "plain"])
def test_a_long_chinese_title_wraps_inside_the_page(name, tmp_path):
    t = load_template(builtin_templates()[name])
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_certificates(t, [CertificatePage(VALUES, "PAYLOAD")]))
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    import re

    page_w = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    assert words
    assert all(0 <= float(x0) and float(x1) <= page_w - 20 for x0, x1, _ in words), "text runs off the page"
    flat = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert LONG_TITLE in "".join(flat.split())  # wrapped, nothing lost


def test_text_that_cannot_fit_even_at_the_smallest_size_is_refused():
    t = load_template(builtin_templates()["formal"])
    with pytest.raises(TextOverflow):
        render_certificates(t, [CertificatePage({**VALUES, "title": LONG_TITLE * 8}, "PAYLOAD")])


def test_glyph_check_uses_the_kai_font_for_rare_characters_and_names_the_missing_ones():
    assert pick("刘䶮", ("sans", "kai")) == "kai"  # WenQuanYi lacks 䶮, LXGW WenKai has it
    assert pick("陈喆", ("sans", "kai")) == "sans"
    assert missing("张𪚥") == "𪚥"
    t = load_template(builtin_templates()["plain"])
    with pytest.raises(MissingGlyphs) as caught:
        render_certificates(t, [CertificatePage({**VALUES, "recipient": "张𪚥"}, "PAYLOAD")])
    assert "𪚥" in str(caught.value)


def test_serial_patterns():
    assert format_serial("东直工证〔{year}〕{seq:03d}号", 7, 2024, "final") == "东直工证〔2024〕007号"
    assert serial_pattern_problems("{year}-{seq:04d}") == []
    assert serial_pattern_problems("{year}") and serial_pattern_problems("{seq}-{who}")
    assert serial_pattern_problems("{seq:q}")


def test_payload_round_trip_is_ascii_and_strict():
    from datetime import date

    record = CertificateRecord(b"\x01\x02\x03\x04", date(2025, 9, 18), 12, "证字〔2025〕0012号", "刘䶮", "一等奖", "Z01")
    payload = encode_payload(record, bytes(range(64)))
    assert payload.isascii() and set(payload) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    decoded, body, signature = decode_payload(payload.lower())
    assert decoded == record and body == record.body() and signature == bytes(range(64))
    for bad in ("", "!!!!", payload[:20], payload + "AAAAAAAA", "1" + payload[1:]):
        with pytest.raises(PayloadError):
            decode_payload(bad)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_a_background_image_is_drawn_under_every_page(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 30), (0, 90, 200)).save(tmp_path / "paper.png")
    text = builtin_templates()["plain"].read_text(encoding="utf-8")
    (tmp_path / "blue.toml").write_text('background_image = "paper.png"\n' + text, encoding="utf-8")
    t = load_template(tmp_path / "blue.toml")
    pdf = tmp_path / "blue.pdf"
    pdf.write_bytes(render_certificates(t, [CertificatePage(VALUES, "A"), CertificatePage(VALUES, "B")]))
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-r", "10", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf),
                        str(tmp_path / "p")], check=True)
        assert Image.open(tmp_path / "p.png").convert("RGB").getpixel((3, 3)) == (0, 90, 200)
    with pytest.raises(TemplateError):
        template_from_dict({"background_image": "nowhere.png"}, "x.toml", tmp_path)
