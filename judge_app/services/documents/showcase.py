"""Use case: the winners' works as a folder to publish — a gallery page, the attachments renamed
`奖项-编号-作品.ext`, thumbnails, a register (XLSX) and the notice to agencies (优秀案例推送, PDF).
When the organizer chooses, each work's card also carries the experts' comments (专家点评), named
with title and affiliation or anonymous (评委1…N): the winners' works become teaching material.

Who is selected, their award, rank and score come from `standings.round_report` only. The folder
works from `file://` without a network: every link is relative, the style sheet and pictures are
local, and no page names an outside address.
"""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from judge_app.domain.nesting import nesting_problem
from judge_app.domain.chinese_dates import chinese_date
from judge_app.domain.commentary import Remark, entry_remarks
from judge_app.domain.contest import Contest
from judge_app.printing import web_font
from judge_app.services.contest import attachments as att
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.results.locks import require_signed_off
from judge_app.services.results.standings import round_report
from judge_app.store.database import Database

MARKER = ".judge-app-showcase"
NAME_LIMIT = 80  # characters of a file name, extension included: short enough for Windows' 260 path limit
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
REGISTER_NAME = "作品登记表.xlsx"
NOTICE_NAME = "优秀案例推送.pdf"


@dataclass(frozen=True)
class Work:
    rank: int
    code: str
    title: str
    unit: str
    members: tuple[str, ...]
    award: str
    total: str  # the official total as the round prints it ("93.76")
    summary: str = ""
    attachments: tuple[att.Attachment, ...] = ()


@dataclass(frozen=True)
class Selection:
    contest: Contest
    round_key: str
    round_name: str
    awards: tuple[str, ...]  # in the round's order, highest first
    works: tuple[Work, ...]

    def by_award(self) -> list[tuple[str, list[Work]]]:
        return [(a, [w for w in self.works if w.award == a]) for a in self.awards]


def parse_awards(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [a.strip() for a in re.split(r"[,，、]", text) if a.strip()]


def read_summaries(path: Path) -> dict[str, str]:
    """A TOML file of summaries by entry code: `Z03 = "……"`."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if nested := nesting_problem(text):
            raise ServiceError(f"{path}: {nested}")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ServiceError(f"{path}: 文件不存在 (summary file not found)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ServiceError(f"{path}: 简介文件应为 UTF-8 TOML, 如 Z03 = \"……\" ({exc})") from None
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise ServiceError(f"{path}: 简介应为文本: {', '.join(bad)} (summaries must be text)")
    return {str(k): v.strip() for k, v in data.items()}


def select_works(db: Database, round_key: str, awards: list[str] | None = None,
                 summaries: dict[str, str] | None = None) -> Selection:
    """The awarded works of a round (all tiers, or the named ones), in official order."""
    with db.session() as session:
        require_round(require_contest(session), round_key)
    report = round_report(db, round_key, detail=False)
    round_ = report.result.round
    tiers = [t.name for t in round_.awards]
    if awards is None:
        chosen = tiers
    else:
        unknown = [a for a in awards if a not in tiers]
        if unknown:
            raise ServiceError(f"未知奖项 {', '.join(unknown)}; 本轮奖项: {', '.join(tiers) or '无'} (unknown award)")
        chosen = [t for t in tiers if t in awards]
    unknown_codes = sorted(set(summaries or {}) - {e.code for e in report.contest.entries})
    if unknown_codes:
        raise ServiceError(f"简介中的未知作品编号: {', '.join(unknown_codes)} (unknown entry in summaries)")
    files = att.by_entry(db) if att.has_folder(db) else {}
    works = []
    for s in report.result.standings:
        if s.award in chosen and s.rank is not None:
            e = report.entry(s.code)
            works.append(Work(s.rank, s.code, e.title, e.unit, e.members, s.award, str(s.total),
                              (summaries or {}).get(s.code, ""), tuple(files.get(s.code, ()))))
    return Selection(report.contest, round_key, round_.name, tuple(chosen), tuple(works))


def preview_source(files: list[att.Attachment] | tuple[att.Attachment, ...]) -> tuple[Path | None, str]:
    """The attachment a work's thumbnail is made from: slides, a picture or a video first; "none" without files."""
    for a in files:
        if a.kind in ("slides", "image", "video"):
            return a.path, a.kind
    return (files[0].path, files[0].kind) if files else (None, "none")


def rounds_and_awards(db: Database) -> list[tuple[str, str, tuple[str, ...]]]:
    """(round key, round name, award names) of every round, for choosing what to show."""
    with db.session() as session:
        contest = require_contest(session).contest
    return [(r.key, r.name, tuple(t.name for t in r.awards)) for r in contest.rounds]


# ---- file names ----

def safe_component(text: str) -> str:
    """Text made safe for a file name on Windows, macOS and Linux (no reserved characters)."""
    text = _BAD.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(". ")
    return text or "_"


def safe_name(stem: str, ext: str, taken: set[str], limit: int = NAME_LIMIT) -> str:
    """A Windows-safe file name, at most `limit` characters, not in `taken` (compared case-blind)."""
    ext = safe_component(ext.lower()).replace(" ", "") if ext else ""
    ext = ext if ext.startswith(".") or not ext else "." + ext
    ext = ext[:12]
    base = safe_component(stem)
    if base.split(".")[0].upper() in WINDOWS_RESERVED:
        base = "_" + base
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        room = limit - len(ext) - len(suffix)
        name = base[:room].rstrip(". ") + suffix + ext
        if name.casefold() not in taken:
            taken.add(name.casefold())
            return name
        n += 1


# ---- the package ----

@dataclass
class PackagedWork:
    work: Work
    files: list[tuple[str, att.Attachment]] = field(default_factory=list)  # (path in package, source)
    thumb: str = ""  # path in package
    thumb_how: str = ""
    remarks: tuple[Remark, ...] = ()  # the experts' comments, when the package carries them


@dataclass
class Package:
    out: Path
    selection: Selection
    works: list[PackagedWork]
    show_scores: bool
    missing: list[att.Attachment] = field(default_factory=list)  # registered but missing or changed
    verify_page: str = ""  # verify.html when certificates have been issued (their public key exists)

    @property
    def files(self) -> list[str]:
        return [p for w in self.works for p, _ in w.files]


def _prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise ServiceError(f"{out} 不是文件夹 (not a folder)")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise ServiceError(f"{out} 不是空文件夹, 也不是以前生成的展示包; 请换一个文件夹 (folder not empty)")
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("judge-app showcase package\n", encoding="utf-8")


def build_package(db: Database, round_key: str, out: Path, *, awards: list[str] | None = None,
                  show_scores: bool = False, summaries: dict[str, str] | None = None,
                  comments: bool = False, anonymous_comments: bool = False,
                  thumbnailer: Callable[[Path, str, Path], str]) -> Package:
    """Write the showcase folder; returns what was written. Refuses before writing anything.
    `comments`: each work's card carries the experts' comments (anonymous: 评委1…N).
    `thumbnailer(source, kind, jpg)` writes a work's thumbnail and says how it was made; the front
    end passes one (`judge_app.qt.thumbnails.write_thumbnail` renders with Qt), so this use case
    stays free of Qt."""
    from judge_app.services.scores.score_entry import round_comments

    with db.session() as session:
        require_round(require_contest(session), round_key)
        require_signed_off(session, round_key)  # like certificates: only a result the head judge signed
    selection = select_works(db, round_key, awards, summaries)
    if not selection.works:
        raise ServiceError("所选奖项没有获奖作品 (no awarded works in the selected awards)")
    states = {(a.code, a.stored): a.state for a in att.check(db)} if att.has_folder(db) else {}
    if att.has_folder(db):  # every copy comes from the managed folder, whatever the stored rows say
        managed = att.files_dir(db)
        outside = [a for w in selection.works for a in w.attachments if not att.inside_folder(a.path, managed)]
        if outside:
            raise ServiceError(f"附件 {outside[0].stored[:60]!r} 不在附件文件夹内 (attachment outside the managed folder)")
    said = round_comments(db, round_key) if comments or anonymous_comments else {}
    round_ = selection.contest.round(round_key)
    out = Path(out)
    _prepare_out(out)
    for sub in ("works", "thumbs", "assets"):
        (out / sub).mkdir()
    taken: set[str] = set()
    thumbs_taken: set[str] = set()
    package = Package(out, selection, [], show_scores)
    for w in selection.works:
        pw = PackagedWork(w, remarks=tuple(entry_remarks(selection.contest, round_, said, w.code, anonymous_comments)))
        for a in w.attachments:
            if states.get((a.code, a.stored), att.OK) != att.OK:
                package.missing.append(a)
                continue
            name = safe_name(f"{w.award}-{w.code}-{w.title}", Path(a.name).suffix, taken)
            shutil.copyfile(a.path, out / "works" / name)
            pw.files.append((f"works/{name}", a))
        path, kind = preview_source([a for _, a in pw.files])
        thumb_name = safe_name(w.code, ".jpg", thumbs_taken)
        how = thumbnailer(path or Path(), kind, out / "thumbs" / thumb_name)
        pw.thumb, pw.thumb_how = f"thumbs/{thumb_name}", how
        package.works.append(pw)
    page = gallery_html(package)
    (out / "assets" / "style.css").write_text(web_font.font_face_css(web_font.FILE_NAME) + STYLE, encoding="utf-8")
    (out / "assets" / web_font.FILE_NAME).write_bytes(web_font.subset_woff(web_font.page_characters(page)))
    (out / "index.html").write_text(page, encoding="utf-8")
    write_register(package, out / REGISTER_NAME)
    (out / NOTICE_NAME).write_bytes(notice_pdf(package))
    _write_verify_page(db, package)
    return package


def _write_verify_page(db: Database, package: Package) -> None:
    """The offline verification page, once certificates (and so a public key) exist."""
    from judge_app.services.documents.verify_page import PAGE_NAME, verify_page_html

    try:
        page = verify_page_html(db)
    except ServiceError:
        return  # no certificate issued yet: nothing to verify
    (package.out / PAGE_NAME).write_text(page, encoding="utf-8")
    package.verify_page = PAGE_NAME


# ---- the gallery page ----

STYLE = """\
:root { --red: #a3171b; --deep: #5a0609; --gold: #d9a93f; --paper: #fbfaf7; --ink: #1c1c1c; --muted: #5b5b5b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: "JudgeApp Sans", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", "Noto Sans CJK SC",
  "Source Han Sans SC", sans-serif; line-height: 1.6; }
header { background: linear-gradient(var(--red), var(--deep)); color: #fff3dc; padding: 28px 5vw 22px;
  border-bottom: 4px solid var(--gold); }
header h1 { margin: 0 0 6px; font-size: 28px; letter-spacing: 1px; }
header p { margin: 0; color: #f1c7a8; }
main { padding: 12px 5vw 40px; }
section h2 { color: var(--red); border-left: 6px solid var(--gold); padding-left: 10px; margin: 28px 0 14px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); gap: 18px; }
article { background: #fff; border: 1px solid #e4dfd3; border-radius: 8px; overflow: hidden;
  box-shadow: 0 1px 3px rgba(0,0,0,.08); display: flex; flex-direction: column; }
article img { width: 100%; aspect-ratio: 16 / 9; object-fit: contain; background: #2b2b2b; display: block; }
article .body { padding: 12px 14px 14px; flex: 1; }
article h3 { margin: 0 0 6px; font-size: 18px; }
.award { display: inline-block; background: var(--red); color: #fff3dc; border-radius: 3px; padding: 0 8px;
  font-size: 13px; margin-right: 6px; }
.code { color: var(--muted); font-size: 13px; }
dl { margin: 8px 0 0; display: grid; grid-template-columns: 4.5em 1fr; gap: 2px 6px; font-size: 14px; }
dt { color: var(--muted); }
dd { margin: 0; }
.summary { font-size: 14px; margin: 8px 0 0; }
.files { margin: 10px 0 0; padding: 0; list-style: none; font-size: 14px; }
.files a { color: var(--red); word-break: break-all; }
.none { color: var(--muted); font-size: 14px; }
.remarks { margin: 10px 0 0; border-top: 1px dashed #e4dfd3; padding-top: 8px; }
.remarks h4 { margin: 0 0 4px; font-size: 14px; color: var(--red); }
.remarks blockquote { margin: 0 0 8px; padding-left: 10px; border-left: 3px solid var(--gold); font-size: 14px; }
.remarks blockquote p { margin: 0; white-space: pre-line; }
.remarks cite { display: block; color: var(--muted); font-size: 13px; font-style: normal; }
footer { color: var(--muted); font-size: 13px; padding: 0 5vw 30px; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _href(path: str) -> str:
    """A relative link; only characters a URL cannot hold are escaped (Chinese stays readable)."""
    return _e(path.replace("%", "%25").replace("#", "%23").replace("?", "%3F").replace(" ", "%20"))


def gallery_html(package: Package) -> str:
    sel = package.selection
    c = sel.contest
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(c.name)} · {_e(sel.round_name)} · 优秀作品展示</title>",
        '<link rel="stylesheet" href="assets/style.css">',
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(c.name)}</h1>",
        f"<p>{_e(sel.round_name)} · 优秀作品展示"
        + (f" · {_e(c.organizer)}" if c.organizer else "") + (f" · {_e(chinese_date(c.date))}" if c.date else "") + "</p>",
        "</header>",
        "<main>",
    ]
    by_code = {pw.work.code: pw for pw in package.works}
    for award, works in sel.by_award():
        if not works:
            continue
        parts.append(f'<section id="award-{sel.awards.index(award) + 1}">')
        parts.append(f"<h2>{_e(award)}（{len(works)} 件）</h2>")
        parts.append('<div class="grid">')
        for w in works:
            pw = by_code[w.code]
            parts.append(f'<article id="work-{_e(w.code)}" data-code="{_e(w.code)}">')
            parts.append(f'<img src="{_href(pw.thumb)}" alt="{_e(w.title)}">')
            parts.append('<div class="body">')
            parts.append(f'<h3>{_e(w.title)}</h3>')
            parts.append(f'<span class="award">{_e(w.award)}</span><span class="code">编号 {_e(w.code)}</span>')
            parts.append("<dl>")
            parts.append(f"<dt>单位</dt><dd>{_e(w.unit) or '—'}</dd>")
            if w.members:
                parts.append(f"<dt>成员</dt><dd>{_e('、'.join(w.members))}</dd>")
            if package.show_scores:
                parts.append(f"<dt>得分</dt><dd>{_e(w.total)}</dd>")
            parts.append("</dl>")
            if w.summary:
                parts.append(f'<p class="summary">{_e(w.summary)}</p>')
            if pw.remarks:
                parts.append('<div class="remarks"><h4>专家点评</h4>')
                for r in pw.remarks:
                    who = r.speaker + (f"（{r.profile}）" if r.profile else "")
                    parts.append(f"<blockquote><p>{_e(r.text)}</p><cite>— {_e(who)}</cite></blockquote>")
                parts.append("</div>")
            if pw.files:
                parts.append('<ul class="files">')
                for path, a in pw.files:
                    parts.append(f'<li>{_e(att.KIND_NAMES.get(a.kind, "其他"))}: '
                                 f'<a href="{_href(path)}">{_e(Path(path).name)}</a></li>')
                parts.append("</ul>")
            else:
                parts.append('<p class="none">暂无附件</p>')
            parts.append("</div>")
            parts.append("</article>")
        parts.append("</div>")
        parts.append("</section>")
    parts += [
        "</main>",
        f"<footer>作品 {len(sel.works)} 件 · 名单与{'得分' if package.show_scores else '奖项'}以"
        f"{_e(c.organizer or '主办单位')}公布的正式结果为准 · 作品登记表: "
        f'<a href="{_href(REGISTER_NAME)}">{_e(REGISTER_NAME)}</a></footer>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


# ---- the register and the notice ----

def write_register(package: Package, path: Path) -> None:
    from openpyxl.styles import Alignment, Font

    from judge_app.table_files.xlsx_writer import new_workbook

    sel = package.selection
    wb = new_workbook("作品登记 register")
    ws = wb.active
    ws.append([f"{sel.contest.name} · {sel.round_name} · 优秀作品登记表 (showcase register)"])
    ws["A1"].font = Font(bold=True, size=13)
    header = ["序号 no.", "奖项 award", "名次 rank", "编号 code", "作品 title", "单位 unit", "成员 members"]
    if package.show_scores:
        header.append("得分 score")
    header += ["包内文件 files in package", "SHA-256"]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, pw in enumerate(package.works, start=1):
        w = pw.work
        row = [n, w.award, w.rank, w.code, w.title, w.unit, "、".join(w.members)]
        if package.show_scores:
            row.append(w.total)  # text, exactly as published
        row += ["\n".join(p for p, _ in pw.files), "\n".join(a.sha256 for _, a in pw.files)]
        ws.append(row)
    widths = [6, 10, 6, 8, 34, 18, 24] + ([8] if package.show_scores else []) + [48, 66]
    for i, width in enumerate(widths, start=1):
        ws.ws.column_dimensions[ws.ws.cell(row=2, column=i).column_letter].width = width
    for row in ws.ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.ws.freeze_panes = "A3"
    wb.save(path)


def notice_pdf(package: Package) -> bytes:
    """优秀案例推送: one page listing the selected works and where each is in the package."""
    from judge_app.printing.tables_pdf import Column, Section, TableDocument, render_table_document

    sel = package.selection
    c = sel.contest
    rows = []
    for n, pw in enumerate(package.works, start=1):
        w = pw.work
        paths = "\n".join(p for p, _ in pw.files) or "（暂无附件）"
        rows.append([str(n), w.award, w.code, w.title, w.unit, paths])
    size = 9 if len(rows) <= 14 else 7.5 if len(rows) <= 22 else 6
    section = Section(
        heading="关于推送优秀案例的通知",
        info=[f"各单位：{c.name}{sel.round_name}已圆满结束。现将获奖的 {len(rows)} 件优秀作品"
              f"（{'、'.join(a for a, ws in sel.by_award() if ws)}）推送给你们，供学习交流。"
              "作品文件见随附展示包，打开包内 index.html 即可浏览；下表“包内路径”为各作品文件在展示包中的位置。"],
        columns=[Column("序号", 0.5, "center"), Column("奖项", 0.9, "center"), Column("编号", 0.7, "center"),
                 Column("作品", 2.6), Column("单位", 1.4), Column("包内路径", 3.6)],
        rows=rows,
        notes=["展示包可直接复制到网站或U盘，无需联网即可浏览。"]
        + [line for line in (c.organizer, chinese_date(c.date)) if line],
        font_size=size,
    )
    return render_table_document(TableDocument(header=c.name, title="优秀案例推送", sections=[section]))


def certificate_payloads(db: Database, round_key: str) -> dict[str, str]:
    """Entry code → the verification payload of its first valid certificate in the round (for QR codes)."""
    from judge_app.services.documents.certificates import register_lines

    out: dict[str, str] = {}
    for line in register_lines(db)[1]:
        if line.round_key == round_key and not line.revoked_at and line.entry_code not in out:
            out[line.entry_code] = line.payload
    return out
