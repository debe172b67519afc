"""The showcase package: every selected work present, names unique and Windows-safe, the page
valid, local and opening in headless Chromium with no request leaving the machine; the register,
the notice; refusals."""

from __future__ import annotations

import re
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from judge_app.services.documents.showcase import NAME_LIMIT, WINDOWS_RESERVED, safe_name

BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def windows_safe(name: str) -> bool:
    return (not BAD_CHARS.search(name) and not name.endswith((" ", ".")) and len(name) <= NAME_LIMIT
            and name.split(".")[0].upper() not in WINDOWS_RESERVED)


@pytest.fixture
def demo_db(cli, tmp_path) -> Path:
    db = tmp_path / "demo.sqlite"
    assert cli("demo", "--db", db).status == 0
    assert cli("--db", db, "lock", "--round", "final").status == 0  # the showcase needs the signed-off round
    assert cli("--db", db, "signoff", "--round", "final", "--head-judge", "总裁判长").status == 0
    return db


def make_pdf(path: Path, text: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from judge_app.printing.fonts import pdf_name

    c = Canvas(str(path), pagesize=(800, 450))
    c.setFillColorRGB(0.1, 0.3, 0.6)
    c.rect(0, 0, 800, 450, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(pdf_name("sans"), 36)
    c.drawString(60, 220, text)
    c.showPage()
    c.save()


@pytest.fixture
def with_files(cli, demo_db, tmp_path) -> Path:
    """Z03 (一等奖): a PDF and a second PDF; Z19: a video; Z16: a document with an awkward name."""
    src = tmp_path / "src"
    src.mkdir()
    make_pdf(src / "Z03-路演.pdf", "高端装备制造产业集聚区")
    make_pdf(src / "Z03-附录.pdf", "附录")
    (src / "Z19 视频.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not a real video")
    (src / "Z16 方案?.docx").write_bytes(b"not really a docx")
    assert cli("--db", demo_db, "attachments", "add", "Z03", src / "Z03-路演.pdf", src / "Z03-附录.pdf").status == 0
    assert cli("--db", demo_db, "attachments", "add", "Z19", src / "Z19 视频.mp4").status == 0
    assert cli("--db", demo_db, "attachments", "add", "Z16", src / "Z16 方案?.docx").status == 0
    return demo_db


def official(db: Path):
    from judge_app.services.results.standings import round_report
    from judge_app.store.database import open_database

    d = open_database(str(db))
    try:
        return round_report(d, "final")
    finally:
        d.close()


class Page(HTMLParser):
    """Collects articles, links and images; fails on unbalanced tags."""

    VOID = {"meta", "link", "img", "br", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.codes: list[str] = []
        self.refs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.codes.append(a["data-code"])
        for key in ("href", "src"):
            if key in a:
                self.refs.append(a[key])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == []
    return page


def test_package_contents(cli, with_files, tmp_path):
    out = tmp_path / "pkg"
    r = cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--awards", "一等奖,二等奖", "--scores")
    assert r.status == 0, r.err
    report = official(with_files)
    selected = [s for s in report.result.standings if s.award in ("一等奖", "二等奖")]
    assert len(selected) == 4

    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    page = parse(html)
    assert page.codes == [s.code for s in selected]  # every selected work, in official order, nothing else
    text = "".join(page.text)
    for s in selected:
        e = report.entry(s.code)
        assert e.title in text and e.unit in text
        assert f"得分{s.total}" in text.replace(" ", "")  # the published score, exactly as the standings give it
    assert "一等奖（1 件）" in text and "二等奖（3 件）" in text and "三等奖" not in text

    # every reference is relative and present in the package: nothing outside is needed
    for ref in page.refs:
        assert "://" not in ref and not ref.startswith(("/", "//")), ref
        assert (out / ref.replace("%20", " ").replace("%3F", "?")).is_file(), ref
    css = (out / "assets" / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "http" not in html + css
    for ref in re.findall(r'url\("([^"]*)"\)', css):  # the embedded font only, beside the style sheet
        assert "://" not in ref and (out / "assets" / ref).is_file(), ref

    works = sorted(p.name for p in (out / "works").iterdir())
    assert works == sorted([
        "一等奖-Z03-高端装备制造产业集聚区.pdf", "一等奖-Z03-高端装备制造产业集聚区-2.pdf",
        "二等奖-Z19-新材料中试基地.mp4", "二等奖-Z16-现代物流枢纽招商.docx"])
    names = [p.name for p in out.rglob("*") if p.is_file()]
    assert all(windows_safe(n) for n in names), names
    assert len({n.casefold() for n in works}) == len(works)
    # the copies are the registered files
    assert (out / "works" / "一等奖-Z03-高端装备制造产业集聚区.pdf").read_bytes().startswith(b"%PDF")

    thumbs = sorted(p.name for p in (out / "thumbs").iterdir())
    assert thumbs == sorted(f"{s.code}.jpg" for s in selected)

    from openpyxl import load_workbook

    ws = load_workbook(out / "作品登记表.xlsx").active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [row[3] for row in rows] == [s.code for s in selected]
    assert [row[7] for row in rows] == [str(s.total) for s in selected]
    assert "works/二等奖-Z19-新材料中试基地.mp4" in rows[1][8]

    info = subprocess.run(["pdfinfo", str(out / "优秀案例推送.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    notice = subprocess.run(["pdftotext", "-layout", str(out / "优秀案例推送.pdf"), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert "关于推送优秀案例的通知" in notice
    assert "works/二等奖-Z19-新材料中试基地.mp4" in notice
    for s in selected:
        assert s.code in notice


def test_thumbnails_pdf_page_and_placeholders(cli, with_files, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "pkg"
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--awards", "一等奖,二等奖").status == 0
    pdf_thumb = QImage(str(out / "thumbs" / "Z03.jpg"))
    # the PDF's first page: the deep blue page colour of make_pdf, not a placeholder gradient
    c = pdf_thumb.pixelColor(pdf_thumb.width() // 10, pdf_thumb.height() // 10)
    assert abs(c.red() - 26) < 20 and abs(c.green() - 77) < 20 and abs(c.blue() - 153) < 20
    video = QImage(str(out / "thumbs" / "Z19.jpg"))
    assert not video.isNull() and video.width() == 640
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "得分" not in html  # scores only when asked


def test_scores_never_computed_elsewhere(cli, with_files, tmp_path):
    from judge_app.services.documents.showcase import select_works
    from judge_app.store.database import open_database

    d = open_database(str(with_files))
    try:
        sel = select_works(d, "final", None)
    finally:
        d.close()
    report = official(with_files)
    awarded = [s for s in report.result.standings if s.award]
    assert [(w.code, w.award, w.rank, w.total) for w in sel.works] == [
        (s.code, s.award, s.rank, str(s.total)) for s in awarded]


def test_summaries(cli, with_files, tmp_path):
    summary = tmp_path / "summary.toml"
    summary.write_text('Z03 = "以“链长制”推动产业集聚 <b>"\n', encoding="utf-8")
    out = tmp_path / "pkg"
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--awards", "一等奖",
               "--summary", summary).status == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "以“链长制”推动产业集聚 &lt;b&gt;" in html
    bad = tmp_path / "bad.toml"
    bad.write_text('ZZZ = "x"\n', encoding="utf-8")
    r = cli("--db", with_files, "showcase", "--round", "final", "--out", tmp_path / "p2", "--summary", bad)
    assert r.status == 2 and "ZZZ" in r.err


def test_refusals(cli, with_files, tmp_path):
    r = cli("--db", with_files, "showcase", "--round", "semi", "--out", tmp_path / "a")
    assert r.status == 2 and "未知轮次" in r.err
    r = cli("--db", with_files, "showcase", "--round", "final", "--out", tmp_path / "b", "--awards", "一等奖,特等奖")
    assert r.status == 2 and "特等奖" in r.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    r = cli("--db", with_files, "showcase", "--round", "final", "--out", busy)
    assert r.status == 2 and (busy / "keep.txt").read_text() == "mine"
    # an earlier package is replaced
    out = tmp_path / "pkg"
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out).status == 0
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--awards", "一等奖").status == 0
    assert parse((out / "index.html").read_text(encoding="utf-8")).codes == ["Z03"]
    r = cli("--db", with_files, "exhibition", "--round", "semi")
    assert r.status == 2 and "未知轮次" in r.err
    r = cli("--db", with_files, "exhibition", "--round", "final", "--awards", "特等奖")
    assert r.status == 2 and "特等奖" in r.err


def test_missing_attachment_left_out_and_reported(cli, with_files, tmp_path):
    managed = with_files.with_name(with_files.name + ".files")
    (managed / "Z19" / "Z19 视频.mp4").unlink()
    out = tmp_path / "pkg"
    r = cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--awards", "二等奖")
    assert r.status == 0
    assert "Z19 的附件 Z19 视频.mp4 缺失或已改变" in r.out
    assert not any("Z19" in p.name for p in (out / "works").iterdir())
    assert "Z19" in parse((out / "index.html").read_text(encoding="utf-8")).codes  # the work itself stays


@pytest.mark.parametrize("stem, ext, expected", [
    ("一等奖-Z01-CON", ".pdf", "一等奖-Z01-CON.pdf"),
    ("CON", ".pdf", "_CON.pdf"),
    ("aux.tar", ".gz", "_aux.tar.gz"),
    ('一等奖-Z02-“数字政府”: 一网/通办?', ".PPTX", "一等奖-Z02-“数字政府”_ 一网_通办_.pptx"),
    ("title ends with dots...", ".pdf", "title ends with dots.pdf"),
])
def test_safe_name(stem, ext, expected):
    assert safe_name(stem, ext, set()) == expected


def test_safe_name_length_and_uniqueness():
    taken: set[str] = set()
    long = "一等奖-Z01-" + "很长的作品名称" * 30
    first = safe_name(long, ".pdf", taken)
    second = safe_name(long, ".PDF", taken)
    third = safe_name("一等奖-z01-" + "很长的作品名称" * 30, ".pdf", taken)  # differs only in case
    assert len({first.casefold(), second.casefold(), third.casefold()}) == 3
    assert all(len(n) <= NAME_LIMIT and n.endswith(".pdf") for n in (first, second, third))
    assert second.endswith("-2.pdf") and third.endswith("-3.pdf")


CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
            "--disable-extensions", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium(url: str, tmp: Path, *extra: str) -> tuple[str, set[str]]:
    """Open `url` headless with name resolution switched off; (stdout, every network URL in the net log)."""
    tmp.mkdir(parents=True, exist_ok=True)
    netlog = tmp / "net.json"
    done = subprocess.run(CHROMIUM + [f"--user-data-dir={tmp / 'profile'}", f"--log-net-log={netlog}", *extra, url],
                          capture_output=True, text=True, timeout=120)
    return done.stdout, set(re.findall(r'"url":"([^"]+)"', netlog.read_text(encoding="utf-8", errors="replace")))


def hosts(urls: set[str]) -> set[str]:
    return {re.sub(r"^[a-z]+://([^/?#]+).*$", r"\1", u) for u in urls if "://" in u and not u.startswith("file:")}


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed (see .ci/run)")
def test_gallery_opens_in_headless_chromium_without_network(cli, with_files, tmp_path):
    out = tmp_path / "pkg"
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--scores").status == 0
    # the browser's own housekeeping (update checks), seen on a blank page, is not the page's doing
    _, blank = chromium("about:blank", tmp_path / "blank", "--dump-dom")
    dom, seen = chromium((out / "index.html").as_uri(), tmp_path / "page", "--dump-dom")
    page = parse(dom[dom.index("<html"):])
    report = official(with_files)
    assert page.codes == [s.code for s in report.result.standings if s.award]
    assert hosts(seen) - hosts(blank) == set()

    # the check can fail: a page asking for an outside picture shows up in the net log
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="http://showcase-leak.invalid/x.png"></body></html>',
                     encoding="utf-8")
    _, seen_leaky = chromium(leaky.as_uri(), tmp_path / "leaky", "--dump-dom")
    assert "showcase-leak.invalid" in hosts(seen_leaky) - hosts(blank)

    shot = tmp_path / "shot.png"
    chromium((out / "index.html").as_uri(), tmp_path / "shot", "--window-size=1280,900", f"--screenshot={shot}")
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() == 1280
    header = image.pixelColor(640, 20)  # the formal red header, drawn from the local style sheet
    assert header.red() > 120 and header.green() < 60


def test_thumbnail_sources(qapp, tmp_path):
    import zipfile

    from PySide6.QtGui import QColor, QImage

    from judge_app.qt import thumbnails as th

    pdf = tmp_path / "a.pdf"
    make_pdf(pdf, "第一页")
    via_poppler = th._pdftoppm(pdf, th.SIZE)  # the fallback when QtPdf is missing
    via_qtpdf = th.pdf_first_page(pdf)
    for image in (via_poppler, via_qtpdf):
        assert image.width() == 640 and abs(image.pixelColor(20, 20).blue() - 153) < 20

    preview = QImage(200, 100, QImage.Format.Format_RGB32)
    preview.fill(QColor("#00ff00"))
    jpeg = tmp_path / "t.jpeg"
    preview.save(str(jpeg), "JPG")
    pptx = tmp_path / "slides.pptx"
    with zipfile.ZipFile(pptx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/thumbnail.jpeg", jpeg.read_bytes())
    image, how = th.thumbnail(pptx, "slides")
    assert how == "office" and image.pixelColor(100, 50).green() > 200

    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a zip")
    assert th.thumbnail(broken, "slides")[1] == "placeholder"
    video = tmp_path / "v.mp4"
    video.write_bytes(b"not a video")
    assert th.thumbnail(video, "video")[1] == "placeholder"  # no frame without ffmpeg, nor from a broken file


def test_package_embeds_a_font_with_exactly_the_page_characters(cli, with_files, tmp_path):
    """Without Chinese system fonts a browser draws boxes: the package carries its own subset."""
    import io

    from fontTools.ttLib import TTFont

    out = tmp_path / "pkg"
    assert cli("--db", with_files, "showcase", "--round", "final", "--out", out, "--scores").status == 0
    css = (out / "assets" / "style.css").read_text(encoding="utf-8")
    assert '@font-face { font-family: "JudgeApp Sans"; src: url("font.woff")' in css
    assert 'font-family: "JudgeApp Sans",' in css
    woff = (out / "assets" / "font.woff").read_bytes()
    assert woff[:4] == b"wOFF" and len(woff) < 400_000
    cmap = TTFont(io.BytesIO(woff)).getBestCmap()
    page = "".join(parse((out / "index.html").read_text(encoding="utf-8")).text)
    han = {c for c in page if ord(c) > 0x2E80}
    assert han and {c for c in han if ord(c) not in cmap} == set()
    assert chr(0x9F98) not in page and 0x9F98 not in cmap  # 龘: not on the page, not in the font
