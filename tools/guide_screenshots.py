"""Every picture of the user guide (docs/guide/img/), made from the real app so none goes stale.

    QT_QPA_PLATFORM=offscreen python -m tools.guide_screenshots [OUTDIR] [--only NAME …]
    make guide-screenshots

A picture is one function registered with `@shot("name.png")`: it puts the app in the state to
show and returns what to save — a widget (grabbed, and closed unless it is the main window), a
QImage, or nothing when it wrote `s.target` itself. Shared, lazily built things (the workspace
window on the demo contest, the stage, a signed-off copy for printing, the LAN service and a
phone browser) live on the `Session` passed in. Shots run in the order they are registered; a
shot that continues from another's state says so (`follows=`), and `--only` makes that one too.

Kinds of pictures:
- workspace windows and dialogs: the functions of `tools.screenshots`, plus a few here;
- stage scenes: `tools.stage_screenshots.scenes` drawn by `stage.canvas.render_image`, and the console;
- printed documents: the real PDFs, first page rendered with `pdftoppm`;
- command windows: the real `judge-app` commands run in-process on a copy of the demo contest,
  their output drawn as a Windows command window (paths shown under D:\\比赛);
- the judges' phone page: headless Chromium (`tools.phone_browser`), when installed.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tools import screenshots as ws

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "docs" / "guide" / "img"
VENUE_FOLDER = "D:\\比赛"  # where the command windows pretend to run
VENUE_ADDRESS = "192.168.1.10:8000"  # the LAN address shown instead of this machine's
DB_NAME = "决赛.sqlite"
ADMIN = "王主任"
STAGE_SIZE = (1280, 720)


@dataclass(frozen=True)
class Shot:
    name: str
    make: Callable[["Session"], object]
    needs: tuple[str, ...] = ()  # "chromium", "pdftoppm": skipped (and reported) when missing
    follows: str | None = None  # a shot that continues from the state another one left (made first)


SHOTS: dict[str, Shot] = {}


def shot(name: str, needs: tuple[str, ...] = (), follows: str | None = None):
    """Register a guide picture: `@shot("entry-grid.png")` above a function of the session."""
    def register(make):
        if name in SHOTS:
            raise ValueError(f"two shots named {name}")
        if follows is not None and follows not in SHOTS:
            raise ValueError(f"{name} follows {follows}, which is not registered before it")
        SHOTS[name] = Shot(name, make, needs, follows)
        return make
    return register


def with_predecessors(names) -> set[str]:
    """The shots to make for `names`: each with the shots it continues from."""
    out = set()
    for name in names:
        while name is not None and name not in out:
            out.add(name)
            name = SHOTS[name].follows
    return out


def available(need: str) -> bool:
    if need == "pdftoppm":
        return shutil.which("pdftoppm") is not None
    if need == "chromium":
        from tools.phone_browser import available as browser_available

        return browser_available()
    raise ValueError(need)


# ---- the session: shared things, built when a shot first asks -------------------------------

class Session:
    def __init__(self, folder: Path):
        self.folder = folder
        self.target: Path = folder / "unset.png"
        self._window = None
        self._stage = None
        self._print_db = None
        self._demo_copy: Path | None = None
        self._lan = None
        self.closers: list[Callable[[], None]] = []

    # the workspace (main window on the demo contest with a comment, a conflict, a mismatch)
    def window(self):
        if self._window is None:
            self._window = ws.open_window(ws.prepare_demo(self.folder), self.folder)
            self.closers.append(lambda: ws.close_window(self._window))
        return self._window

    # the stage: a controller on the demo contest with the running order drawn
    def stage(self):
        if self._stage is None:
            from judge_app.stage.controller import StageController
            from tools.stage_screenshots import SEED, FixedClock, build_demo_db, scenes

            db = build_demo_db(self.folder / "stage.sqlite", long_title=False)
            clock = FixedClock()
            controller = StageController(db, "final", "主持人", clock=clock, poll=False)
            controller.draw_lots(SEED)
            controller.finish_draw()
            self._stage = (db, controller, clock, dict(scenes(controller, clock)))
            self.closers.append(lambda: (controller.close(), db.close()))
        return self._stage

    def stage_scene(self, name: str):
        from judge_app.stage.canvas import render_image

        _db, controller, _clock, actions = self.stage()
        actions[name]()
        controller.finish_motion()
        return render_image(controller, *STAGE_SIZE)

    # a copy of the demo contest, locked and signed off: what printing needs
    def print_db(self):
        if self._print_db is None:
            from judge_app.services.contest.demo import load_demo
            from judge_app.services.results.locks import lock, signoff
            from judge_app.store.database import open_database

            path = self.folder / "print.sqlite"
            load_demo(str(path), ADMIN)
            db = open_database(str(path))
            lock(db, "final", None, ADMIN)
            signoff(db, "final", "总裁判长", ADMIN)
            self._print_db = db
            self.closers.append(db.close)
        return self._print_db

    def pdf_page(self, pdf: bytes, page: int = 1, dpi: int = 70) -> None:
        """Render one page of a PDF to `self.target` with pdftoppm."""
        source = self.folder / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile",
                        str(source), str(self.target.with_suffix(""))], check=True)

    # command windows ------------------------------------------------------------------------
    def venue(self, name: str) -> Path:
        """A fresh folder holding a copy of the demo contest as 决赛.sqlite (the folder a clerk works in)."""
        if self._demo_copy is None:
            from judge_app.services.contest.demo import load_demo

            self._demo_copy = self.folder / "demo-base.sqlite"
            load_demo(str(self._demo_copy), ADMIN)
        folder = self.folder / "venue" / name
        folder.mkdir(parents=True)
        shutil.copy(self._demo_copy, folder / DB_NAME)
        return folder

    def terminal(self, folder: Path, commands: list, setup: list[str] = (), env: dict | None = None,
                 width: int = 1100):
        """Run each `judge-app …` command line in `folder` and draw the window with what it printed.

        A command is a line, or (line shown, line run) when the shown one has Windows paths."""
        for line in setup:
            run_cli(line, folder, env)
        transcript = []
        for command in commands:
            shown, line = command if isinstance(command, tuple) else (command, command)
            transcript.append(("cmd", f"{VENUE_FOLDER}>{shown}\n"))
            transcript.extend(run_cli(line, folder, env))
            transcript.append(("out", "\n"))
        return draw_terminal(venue_paths(transcript, folder), width)

    # the LAN service on the demo contest without scores, E01's link, Z05 on stage
    def lan(self):
        if self._lan is None:
            from judge_app.lan.server import LanServer
            from judge_app.services.contest.contest_setup import create_contest, read_contest_file
            from judge_app.services.contest.demo import demo_dir
            from judge_app.services.contest_day.lan_access import issue_tokens, set_current_entry
            from judge_app.store.database import open_database

            folder = self.folder / "lan"
            folder.mkdir()
            db = open_database(str(folder / DB_NAME), create=True)
            create_contest(db, read_contest_file(demo_dir() / "contest.toml"), ADMIN)
            issued = issue_tokens(db, "final", "E01", ADMIN)[0]
            set_current_entry(db, "final", "Z05", ADMIN)
            server = LanServer(db, "127.0.0.1", 0)
            server.start()
            self._lan = {"folder": folder, "db": db, "server": server, "link": server.judge_link(issued.token),
                         "judge": f"评委 {issued.judge} {issued.judge_name}", "browser": None}
            self.closers.append(lambda: (server.stop(), db.close()))
        return self._lan

    def phone(self):
        lan = self.lan()
        if lan["browser"] is None:
            from tools.phone_browser import phone_browser

            lan["browser"] = phone_browser()
            self.closers.append(lan["browser"].quit)
            lan["browser"].get(lan["link"])
            self.wait_for_text("sheet-title", "Z05")
        return lan["browser"]

    def wait_for_text(self, element_id: str, text: str, selector: str | None = None) -> None:
        """Wait (at most 20 s) until the judge page shows `text` in an element, then let it paint."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        where = (By.CSS_SELECTOR, selector) if selector else (By.ID, element_id)
        WebDriverWait(self._lan["browser"], 20).until(ec.text_to_be_present_in_element(where, text))
        time.sleep(0.3)

    def close(self) -> None:
        """Delete every window while Qt and the databases are still there, then close the rest
        (left to Python's exit, Qt objects are destroyed in no fixed order and can crash it)."""
        import gc

        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QApplication

        for close in reversed(self.closers):
            with contextlib.suppress(Exception):
                close()
        self.closers.clear()
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


def let_qt_draw(seconds: float) -> None:
    """Run Qt's event loop for a while (for widgets that draw in the background)."""
    from PySide6.QtCore import QCoreApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


# ---- running a command and drawing its window ------------------------------------------------

class _Recorder:
    """A stream that keeps what is written, in order, tagged with the stream it came from."""

    def __init__(self, kind: str, transcript: list):
        self.kind, self.transcript = kind, transcript

    def write(self, text: str) -> int:
        self.transcript.append((self.kind, text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def run_cli(line: str, folder: Path, env: dict | None = None) -> list[tuple[str, str]]:
    """Run one `judge-app …` line in-process with `folder` as the working directory."""
    from judge_app.cli import main

    argv = shlex.split(line)
    assert argv[0] == "judge-app", line
    transcript: list[tuple[str, str]] = []
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    here = os.getcwd()
    os.environ.update(env or {})
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(_Recorder("out", transcript)), \
                contextlib.redirect_stderr(_Recorder("err", transcript)):
            try:
                main(argv[1:])
            except SystemExit:
                pass  # argparse refusing a command line: its message is in the transcript
    finally:
        os.chdir(here)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return transcript


def venue_paths(transcript, folder: Path):
    """Show paths under the temporary folder as the venue folder, Windows style."""
    pattern = re.compile(re.escape(str(folder)) + r"(/[^\s)]*)?")

    def windows(match: re.Match) -> str:
        return VENUE_FOLDER + (match.group(1) or "").replace("/", "\\")

    return [(kind, pattern.sub(windows, text)) for kind, text in transcript]


def draw_terminal(transcript, width: int = 1100):
    """A command window: the typed lines bright, output grey, refusals red; long lines wrap."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextDocument

    colors = {"cmd": "#ffffff", "out": "#cccccc", "err": "#ff8a80"}

    def color(kind: str, text: str) -> str:  # progress on stderr is not a refusal
        refused = any(word in text for word in ("错误", "失败", "error", "FAILED"))
        return colors["out"] if kind == "err" and not refused else colors[kind]

    body = "".join(f'<span style="color:{color(kind, text)}">{html.escape(text)}</span>' for kind, text in transcript)
    document = QTextDocument()
    font = QFont("WenQuanYi Micro Hei Mono")
    font.setPixelSize(15)
    document.setDefaultFont(font)
    document.setDocumentMargin(14)
    document.setHtml(f'<pre style="white-space: pre-wrap; margin: 0">{body.rstrip()}</pre>')
    title_h = 30
    document.setTextWidth(width)
    height = int(document.size().height()) + title_h
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#0c0c0c"))
    painter = QPainter(image)
    painter.fillRect(QRectF(0, 0, width, title_h), QColor("#2b2b2b"))
    painter.setPen(QColor("#e0e0e0"))
    title = QFont("WenQuanYi Micro Hei")
    title.setPixelSize(14)
    painter.setFont(title)
    painter.drawText(QRectF(12, 0, width, title_h), 0x0081, "命令提示符 (cmd)")  # AlignLeft | AlignVCenter
    painter.translate(0, title_h)
    document.drawContents(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


# ============================================================================================
# 安装与启动 (install.md)
# ============================================================================================

@shot("install-first-commands.png")
def install_first_commands(s: Session):
    folder = s.folder / "venue" / "install"
    folder.mkdir(parents=True)
    return s.terminal(folder, ["judge-app --version", "judge-app demo --db 演示.sqlite"])


@shot("install-welcome.png")
def install_welcome(s: Session):
    """`judge-app gui` without a file: the welcome screen, with two recent contests."""
    from PySide6.QtCore import QSettings

    from judge_app.gui.main_window import MainWindow
    from judge_app.gui.tasks import SyncRunner
    from judge_app.gui.workspace import Workspace

    settings = QSettings(str(s.folder / "welcome.ini"), QSettings.IniFormat)
    settings.setValue("recent", [VENUE_FOLDER + "\\2025招商大比武.sqlite", VENUE_FOLDER + "\\2024招商大比武.sqlite"])
    window = MainWindow(Workspace(actor=ws.CLERK, runner=SyncRunner()), settings)
    window.resize(ws.WIDTH, ws.HEIGHT)
    window.show()
    s.closers.append(window.deleteLater)
    return window.centralWidget()


@shot("workspace-setup.png")
def workspace_setup(s: Session):
    return ws.show_setup(s.window(), s.folder)


# ============================================================================================
# 设置比赛 (setup.md)
# ============================================================================================

@shot("setup-new-contest.png")
def setup_new_contest(s: Session):
    dialog = ws.show_new_from_template(s.window(), s.folder)
    dialog.name.setText("2025年全市招商引资“大比武”决赛")  # what a clerk would type
    dialog.path.setText(VENUE_FOLDER + "\\2025招商大比武.sqlite")
    return dialog


@shot("setup-rules.png")
def setup_rules(s: Session):
    window = ws.show_setup(s.window(), s.folder)
    dialog = window.setup_page.edit_rules()
    dialog.resize(620, 420)
    return dialog


@shot("setup-weights-wrong.png")
def setup_weights_wrong(s: Session):
    window = ws.show_setup(s.window(), s.folder)
    page = window.setup_page
    page.components.setData(page.components.index(0, 3), "0.3")  # online 0.3 + 0.6 + 0.2 = 1.1
    return window


@shot("setup-add-component.png")
def setup_add_component(s: Session):
    from judge_app.gui.setup_page import ComponentDialog

    window = ws.show_setup(s.window(), s.folder)
    rows = window.setup_page.components.rows
    dialog = ComponentDialog(None, [r.component.key for r in rows], window.setup_page)
    dialog.name.setText("知识测试")
    dialog.weight.setText("0.1")
    dialog.criteria.setPlainText("政策知识 50\n案例分析 50")
    dialog.resize(520, 420)
    dialog.show()
    return dialog


@shot("setup-add-entry.png")
def setup_add_entry(s: Session):
    from judge_app.gui.setup_page import PersonDialog
    from judge_app.services.contest import roster

    window = ws.show_setup(s.window(), s.folder)
    dialog = PersonDialog(window.setup_page.contest, roster.ENTRIES, None, window.setup_page)
    dialog.code.setText("Z03")
    dialog.name.setText("临空经济区招商推介")
    dialog.unit.setText("望牛墩镇")
    dialog.extra.setText("李明、赵婷")
    dialog.resize(560, 260)
    dialog.show()
    return dialog


@shot("setup-roster-import.png")
def setup_roster_import(s: Session):
    return ws.show_roster_import(s.window(), s.folder)


@shot("setup-conflicts.png")
def setup_conflicts(s: Session):
    return ws.show_conflicts(s.window(), s.folder)


@shot("setup-init-refused.png")
def setup_init_refused(s: Session):
    from judge_app.services.contest.demo import demo_dir

    folder = s.folder / "venue" / "init"
    folder.mkdir(parents=True)
    text = (demo_dir() / "contest.toml").read_text(encoding="utf-8").replace("weight = 0.2\nnormalize", "weight = 0.3\nnormalize")
    (folder / "比赛.toml").write_text(text, encoding="utf-8")
    return s.terminal(folder, ["judge-app --db 新比赛.sqlite init 比赛.toml"])


# ============================================================================================
# 录入评分 (scores.md)
# ============================================================================================

@shot("entry-grid.png")
def entry_grid(s: Session):
    return ws.show_score_entry(s.window(), s.folder)


@shot("entry-over-max.png")
def entry_over_max(s: Session):
    from PySide6.QtWidgets import QLineEdit

    window = ws.show_score_entry(s.window(), s.folder)
    page = window.entry_page
    index = page.model.index(4, 2)
    page.grid.setCurrentIndex(index)
    page.grid.edit(index)
    ws.settle()
    editor = page.grid.viewport().findChild(QLineEdit)
    editor.setText("85")  # 8.5 typed without its point; 项目质量 is out of 30
    return window


@shot("entry-sheet-end.png")
def entry_sheet_end(s: Session):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = ws.show_score_entry(s.window(), s.folder)
    page = window.entry_page
    model = page.model
    last = max((model.index(r, c) for r in range(model.rowCount()) for c in range(2, model.total_column)
                if model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable), key=lambda i: (i.row(), i.column()))
    page.grid.setCurrentIndex(last)
    page.grid.scrollTo(last)
    page.grid.setFocus()
    QTest.keyClick(page.grid, Qt.Key.Key_Return)  # Enter on the typed last cell: the sheet says it is complete
    return window


@shot("entry-conflict.png")
def entry_conflict(s: Session):
    return ws.show_score_entry_conflict(s.window(), s.folder)


@shot("entry-results.png")
def entry_results(s: Session):
    return ws.show_results(s.window(), s.folder)


@shot("entry-import-sheet.png")
def entry_import_sheet(s: Session):
    from judge_app.services.contest.demo import demo_dir

    folder = s.venue("import-sheet")
    shutil.copy(demo_dir() / "expert_scores.csv", folder / "专家评分.csv")
    bad = (demo_dir() / "expert_scores.csv").read_bytes().decode("gbk").replace("E01,Z01,21.5,", "E01,Z01,31.5,")
    (folder / "专家评分-有误.csv").write_bytes(bad.encode("gbk"))
    return s.terminal(folder, [
        "judge-app --db 决赛.sqlite scores import 专家评分-有误.csv --round final --component expert",
        "judge-app --db 决赛.sqlite scores import 专家评分.csv --round final --component expert",
    ])


# ============================================================================================
# 双人录入 (double-entry.md)
# ============================================================================================

@shot("double-waiting.png")
def double_waiting(s: Session):
    from judge_app.services.scores import double_entry

    window = s.window()
    values = {"quality": Decimal("25"), "results": Decimal("24"), "pitch": Decimal("17"), "defense": Decimal("16.5")}
    double_entry.enter_blind(window.ws.db, "final", "expert", "E06", "Z02", values, "录入员王")
    page = window.entry_page
    window.tabs.setCurrentWidget(page)
    page.select("final", "expert", "E06")
    page.clerk_edit.setText("录入员王")
    page.double_box.setChecked(True)
    page.load_sheet()
    page.grid.setCurrentIndex(page.model.index(1, 2))
    page.hint.setText("Z02: 已记录, 等待第二人录入")
    return window


@shot("double-mismatch.png")
def double_mismatch(s: Session):
    window = ws.show_double_entry_mismatch(s.window(), s.folder)
    return window


# ============================================================================================
# 导入网络投票 (votes.md)
# ============================================================================================

def raw_votes_file(folder: Path) -> Path:
    """One vote per row, as a platform exports it: 300 ordinary votes and a burst of 30 from one IP."""
    import random

    rng = random.Random(20250917)
    lines = ["投票人,选手编号,投票时间,IP地址"]
    for n in range(300):
        code = f"Z{rng.randint(1, 20):02d}"
        lines.append(f"wx{n:05d},{code},2025-09-1{rng.randint(3, 7)} {rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}:00,"
                     f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
    for n in range(30):
        lines.append(f"wx9{n:04d},Z05,2025-09-16 03:{10 + n // 10:02d}:{n % 60:02d},66.6.6.6")
    path = folder / "投票明细.csv"
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    return path


@shot("votes-wizard-file.png")
def votes_wizard_file(s: Session):
    return ws.show_vote_wizard_file(s.window(), s.folder)


@shot("votes-wizard-preview.png")
def votes_wizard_preview(s: Session):
    return ws.show_vote_wizard_preview(s.window(), s.folder)


@shot("votes-wizard-done.png")
def votes_wizard_done(s: Session):
    from judge_app.gui.tasks import wait_all

    wizard = ws.show_vote_wizard_preview(s.window(), s.folder)
    wizard.next()  # 导入: the commit page runs the import in the background
    wait_all()
    ws.settle()
    return wizard


@shot("votes-wizard-raw.png")
def votes_wizard_raw(s: Session):
    """A file of single votes (one row per vote) previewed in the wizard, tallied by the dedup rule."""
    return ws.show_vote_wizard_preview(s.window(), s.folder, str(raw_votes_file(s.folder)))


@shot("votes-cli-screening.png")
def votes_cli_screening(s: Session):
    folder = s.venue("votes")
    raw_votes_file(folder)
    (folder / "排除IP.txt").write_text("# 评审组 9月17日 决定排除\n66.6.6.6,凌晨同一IP集中投票\n", encoding="utf-8")
    return s.terminal(folder, [
        "judge-app --db 决赛.sqlite votes import 投票明细.csv --round final --component online --dry-run",
        f"judge-app --db 决赛.sqlite --user {ADMIN} votes import 投票明细.csv --round final --component online "
        "--exclude-ips 排除IP.txt --reason \"评审组9月17日决定\"",
    ])


@shot("votes-cli-refused.png")
def votes_cli_refused(s: Session):
    folder = s.venue("votes-refused")
    (folder / "投票汇总.csv").write_text("选手名称,得票数\n高端装备制造产业集聚区,1555\n新材料中试基地,1556\n"
                                         "招商项目全周期跟踪系统,90\n", encoding="gb18030")
    return s.terminal(folder, [
        "judge-app --db 决赛.sqlite votes import 投票汇总.csv --round final --component online --dry-run",
    ])


# ============================================================================================
# 现场大屏 (stage.md)
# ============================================================================================

@shot("stage-console.png")
def stage_console(s: Session):
    from judge_app.stage import show as sh
    from judge_app.stage.console import HostConsole
    from judge_app.stage.controller import StageController
    from tools.stage_screenshots import FixedClock

    db = s.stage()[0]
    controller = StageController(db, "final", "主持人", clock=FixedClock(), poll=False)
    console = HostConsole(controller)
    s.closers.append(lambda: (console.stage.deleteLater(), console.deleteLater()))  # before Qt goes
    controller.jump(sh.ENTRY, controller.show.running_order()[0])
    console.resize(1280, 760)
    console.show()
    return console


# The projector's scenes, as tools.stage_screenshots names them.
STAGE_SCENES = {
    "stage-title.png": "01-title", "stage-order.png": "02-order", "stage-entry.png": "03-entry",
    "stage-reveal.png": "05-reveal", "stage-reveal-total.png": "06-reveal-total",
    "stage-board.png": "07-board", "stage-awards.png": "09-awards-first",
}
for _picture, _scene in STAGE_SCENES.items():
    shot(_picture)(lambda s, scene=_scene: s.stage_scene(scene))


def commentary_scene(s: Session, anonymous: bool):
    """专家点评 after the first entry's reveal: E01 speaking, the comment timer 40 s in."""
    from judge_app.stage import show as sh
    from judge_app.stage.canvas import render_image

    _db, controller, clock, _actions = s.stage()
    was = controller.show.options.anonymise
    controller.set_anonymise(anonymous)
    controller.set_commentary("after")
    controller.jump(sh.COMMENT, controller.show.running_order()[0])
    controller.choose_speaker("E01")
    controller.set_comment_timer(True)
    controller.toggle_comment_timer()
    clock.now += 40
    image = render_image(controller, *STAGE_SIZE)
    controller.toggle_comment_timer()
    controller.set_comment_timer(False)
    controller.set_commentary("off")
    controller.set_anonymise(was)
    return image


shot("stage-commentary.png")(lambda s: commentary_scene(s, anonymous=False))
shot("stage-commentary-anonymous.png")(lambda s: commentary_scene(s, anonymous=True))


# ---- the one-console day: the console with phones, the panel, the dialogs, one-press reveal ----

class Day:
    """The demo contest with Z05's expert scores left to the phones; E07 recused from Z05. One
    console walks the day: attached to a `serve` (another process in real life), 已断开 when it
    stops, then its own 扫码评分, judges' phones submitting, the reveal and the board."""

    def __init__(self, folder: Path):
        from judge_app.lan.server import LanServer
        from judge_app.services.contest.conflicts import set_conflict
        from judge_app.services.contest_day.lan_access import issue_tokens
        from judge_app.stage.console import HostConsole
        from judge_app.stage.controller import StageController
        from tools.stage_screenshots import SEED, FixedClock, build_demo_db
        from judge_app.store.database import open_database

        folder.mkdir()
        self.path = folder / DB_NAME
        self.db = build_demo_db(self.path, long_title=False, hold_back="Z05")
        set_conflict(self.db, "E07", "Z05", "与参赛单位同一单位", ADMIN)
        self.tokens = {t.judge: t.token for t in issue_tokens(self.db, "final", None, ADMIN) if t.judge.startswith("E")}
        self.serve_db = open_database(str(self.path))  # `judge-app serve` has its own connection
        self.serve = LanServer(self.serve_db, "127.0.0.1", 0)
        self.serve.start()
        self.clock = FixedClock()
        self.controller = StageController(self.db, "final", "主持人", clock=self.clock, poll=False)
        self.controller.draw_lots(SEED)
        self.controller.finish_draw()
        self.console = HostConsole(self.controller)
        self.console.resize(1280, 860)
        self.console.show()
        self.dialogs: list = []
        self.console.confirm = self.ask  # the question is drawn, and answered no

    def ask(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.console)
        box.show()  # laid out as the host would see it
        self.dialogs.append(box)
        return False

    def phone(self, judge: str):
        import httpx

        return httpx.Client(base_url=self.controller.scoring.address(), timeout=10,
                            headers={"Authorization": f"Bearer {self.tokens[judge]}"})

    def submit(self, judge: str, entry: str = "Z05") -> None:
        with self.phone(judge) as http:
            panel = http.get("/api/judge").json()["panels"][0]
            share = Decimal(60 + int(judge[1:])) / 100
            values = {c["key"]: str((Decimal(c["max"]) * share).quantize(Decimal("0.1"))) for c in panel["criteria"]}
            answer = http.post("/api/judge/scores", json={"key": f"{judge}-{entry}", "component": panel["key"],
                                                          "entry": entry, "values": values})
            assert answer.status_code == 200, answer.text

    def look(self, target: Path) -> None:
        """The console as the host sees it, with the venue's address instead of this machine's."""
        self.controller.poll()
        self.controller.refresh_panel()
        for label in (self.console.address_label, self.console.status_label):
            label.setText(re.sub(r"http://[0-9.]+:\d+", f"http://{VENUE_ADDRESS}", label.text()))
        ws.settle()
        self.console.grab().save(str(target))

    def projector(self, target: Path) -> None:
        from judge_app.stage.canvas import render_image

        self.controller.finish_motion()
        render_image(self.controller, *STAGE_SIZE).save(str(target))

    def close(self) -> None:
        self.controller.close()
        self.console.stage.deleteLater()
        self.console.deleteLater()
        self.serve.stop()
        self.serve_db.close()
        self.db.close()


def day(s: Session) -> Day:
    if getattr(s, "_day", None) is None:
        s._day = Day(s.folder / "day")
        s.closers.append(s._day.close)
    return s._day


@shot("stage-day-attached.png")
def stage_day_attached(s: Session):
    day(s).look(s.target)


@shot("stage-day-disconnected.png", follows="stage-day-attached.png")
def stage_day_disconnected(s: Session):
    d = day(s)
    d.serve.stop()
    d.look(s.target)


@shot("stage-day-panel.png", follows="stage-day-disconnected.png")
def stage_day_panel(s: Session):
    from judge_app.stage import show as sh

    d = day(s)
    d.console.serve_port.setValue(0)
    d.console.serve_switch.setChecked(True)  # 扫码评分 in this console
    d.console.serve_port.setValue(8000)  # (a free port was taken; the venue's is 8000)
    d.controller.go(d.controller.show.first(sh.ENTRY, "Z05"))
    for judge in ("E01", "E02", "E03", "E04"):
        d.submit(judge)
    with d.phone("E05") as http:  # connected, still scoring
        http.get("/api/judge")
    d.look(s.target)


@shot("stage-day-close-pending.png", follows="stage-day-panel.png")
def stage_day_close_pending(s: Session):
    d = day(s)
    assert not d.console.close_scoring()
    return d.dialogs[-1]


@shot("stage-day-all-in.png", follows="stage-day-close-pending.png")
def stage_day_all_in(s: Session):
    d = day(s)
    d.submit("E05")
    d.submit("E06")
    d.look(s.target)


@shot("stage-day-preview.png", follows="stage-day-all-in.png")
def stage_day_preview(s: Session):
    from judge_app.stage import show as sh

    d = day(s)
    d.controller.set_preview(d.controller.show.first(sh.AWARDS))  # a click in the list: preview only
    d.look(s.target)


@shot("stage-day-skip.png", follows="stage-day-preview.png")
def stage_day_skip(s: Session):
    d = day(s)
    assert not d.console.take()  # 切换到舞台 past unrevealed results: asked, answered no
    return d.dialogs[-1]


@shot("stage-day-reveal-press.png", follows="stage-day-skip.png")
def stage_day_reveal_press(s: Session):
    d = day(s)
    d.controller.set_preview(None)
    d.controller.reveal_component()  # 网络投票
    d.controller.reveal_component()  # one press: every expert at once
    d.controller.beat_timer.stop()
    d.projector(s.target)


@shot("stage-day-reveal-struck.png", follows="stage-day-reveal-press.png")
def stage_day_reveal_struck(s: Session):
    d = day(s)
    d.controller.beat_timer.start()
    d.controller.finish_reveal_motion()  # the strike, then the panel's score
    d.projector(s.target)


@shot("stage-day-board.png", follows="stage-day-reveal-struck.png")
def stage_day_board(s: Session):
    from judge_app.stage import show as sh

    d = day(s)
    c = d.controller
    for code in ("Z01", "Z02"):
        c.go(c.show.first(sh.REVEAL, code) + c.show.beats(code) - 1)  # revealed earlier in the day
    c.jump(sh.ENTRY, "Z05")
    c.reveal_end()
    c.next()  # the board after Z05: 当前第 N 名 among the revealed, the rest listed apart
    d.projector(s.target)


@shot("lan-cards-pdf.png", needs=("pdftoppm",))
def lan_cards_pdf(s: Session):
    """The judge cards (桌签) PDF's first page: `tokens cards` and the console's 打印评委桌签…."""
    from judge_app.printing.judge_cards import card_pdf_bytes
    from judge_app.services.contest_day.lan_access import issue_cards

    cards = issue_cards(day(s).db, "final", None, ADMIN, f"http://{VENUE_ADDRESS}")  # after the day's phones
    s.pdf_page(card_pdf_bytes(cards), dpi=60)


# ============================================================================================
# 局域网评分 (lan.md)
# ============================================================================================

@shot("lan-serve.png")
def lan_serve(s: Session):
    """`judge-app serve` runs until Ctrl+C: start it as its own process, keep what it prints first."""
    folder = s.venue("serve")
    process = subprocess.Popen([sys.executable, "-m", "judge_app", "--db", DB_NAME, "serve", "--host", "127.0.0.1",
                                "--port", "0"], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        lines = [process.stdout.readline() for _ in range(4)]
    finally:
        process.terminate()
        process.wait(10)
    printed = re.sub(r"127\.0\.0\.1:\d+", VENUE_ADDRESS, "".join(lines))
    transcript = [("cmd", f"{VENUE_FOLDER}>judge-app --db {DB_NAME} serve\n"), ("out", printed)]
    issue = f"judge-app --db {DB_NAME} tokens issue --round final --url http://{VENUE_ADDRESS} --qr 评委卡"
    transcript += [("out", "\n"), ("cmd", f"{VENUE_FOLDER}>{issue}\n")] + run_cli(issue, folder)
    return draw_terminal(venue_paths(transcript, folder))


@shot("lan-card.png")
def lan_card(s: Session):
    """A judge card: name and the QR code of the judge's link (the PNG `tokens issue --qr` writes)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from judge_app.printing.judge_cards import write_cards

    link = s.lan()["link"].replace(s.lan()["server"].base_url, f"http://{VENUE_ADDRESS}")
    (png, _svg) = write_cards({"E01": link}, s.folder / "cards", "final")
    code = QImage(str(png))
    card = QImage(760, 420, QImage.Format.Format_RGB32)
    card.fill(QColor("#ffffff"))
    painter = QPainter(card)
    painter.setPen(QColor("#999999"))
    painter.drawRect(0, 0, 759, 419)
    painter.drawImage(QRectF(24, 24, 372, 372), code)
    painter.setPen(QColor("#1a1a1a"))
    font = QFont("WenQuanYi Micro Hei")
    font.setPixelSize(30)
    painter.setFont(font)
    painter.drawText(QRectF(420, 60, 320, 50), Qt.AlignmentFlag.AlignLeft, s.lan()["judge"])
    font.setPixelSize(20)
    painter.setFont(font)
    painter.drawText(QRectF(420, 130, 320, 200), Qt.TextFlag.TextWordWrap,
                     "决赛 · 专家评审\n用手机相机扫码打分\n连接场馆 Wi-Fi 后扫码\n(文件 评委卡/final-E01.png)")
    painter.end()
    return card


@shot("lan-phone-entry.png", needs=("chromium",))
def lan_phone_entry(s: Session):
    s.phone().save_screenshot(str(s.target))


@shot("lan-phone-over-max.png", needs=("chromium",), follows="lan-phone-entry.png")
def lan_phone_over_max(s: Session):
    from selenium.webdriver.common.by import By

    browser = s.phone()
    for key, value in (("quality", "35"), ("results", "26.5"), ("pitch", "17"), ("defense", "18")):
        browser.find_element(By.ID, f"c-{key}").send_keys(value)
    browser.find_element(By.ID, "submit").click()
    s.wait_for_text("", "超过满分", selector='.crit[data-key="quality"] .err')
    browser.save_screenshot(str(s.target))


@shot("lan-phone-confirm.png", needs=("chromium",), follows="lan-phone-over-max.png")
def lan_phone_confirm(s: Session):
    from selenium.webdriver.common.by import By

    browser = s.phone()
    field = browser.find_element(By.ID, "c-quality")
    field.clear()
    field.send_keys("25")
    browser.find_element(By.ID, "comment").send_keys("跨境电商与本地产业结合紧密, 建议细化招商时间表。")
    browser.find_element(By.ID, "submit").click()
    s.wait_for_text("confirm-body", "86.5")
    browser.save_screenshot(str(s.target))


@shot("lan-phone-submitted.png", needs=("chromium",), follows="lan-phone-confirm.png")
def lan_phone_submitted(s: Session):
    from selenium.webdriver.common.by import By

    browser = s.phone()
    browser.find_element(By.ID, "confirm-ok").click()
    s.wait_for_text("saved", "已提交")
    browser.execute_script("document.getElementById('saved').scrollIntoView({block: 'center'})")
    time.sleep(0.2)
    browser.save_screenshot(str(s.target))


@shot("lan-status.png")
def lan_status(s: Session):
    lan = s.lan()
    return s.terminal(lan["folder"], [f"judge-app --db {DB_NAME} lan status --round final",
                                      f"judge-app --db {DB_NAME} lan close --round final --entry Z05",
                                      f"judge-app --db {DB_NAME} lan current --round final --entry Z06"])


# ============================================================================================
# 锁定与签署 (lock.md)
# ============================================================================================

def print_workspace(s: Session):
    """A workspace on the locked and signed-off copy (what printing needs)."""
    from judge_app.gui.tasks import SyncRunner
    from judge_app.gui.workspace import Workspace

    return Workspace(s.print_db(), ADMIN, runner=SyncRunner())


@shot("lock-dialog.png")
def lock_dialog(s: Session):
    from judge_app.gui.locks_dialog import LocksDialog

    dialog = LocksDialog(print_workspace(s), "final")
    dialog.resize(760, 460)
    dialog.show()
    return dialog


@shot("lock-analytics.png")
def lock_analytics(s: Session):
    """比赛日 → 评委评分分析…: which judge is out of line, before the round is locked."""
    from judge_app.gui.analytics_view import AnalyticsView
    from judge_app.services.results.analysis import analyze_round

    view = AnalyticsView(analyze_round(s.print_db(), "final"))
    view.resize(1200, 760)
    view.show()
    return view


@shot("lock-login.png")
def lock_login(s: Session):
    from judge_app.gui.login import LoginDialog

    dialog = LoginDialog(s.print_db(), "unlock", ADMIN)
    dialog.show()
    return dialog


@shot("lock-signoff.png")
def lock_signoff(s: Session):
    folder = s.venue("lock")
    u = f"--user {ADMIN}"
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} {u} lock --round final --component expert",
        f"judge-app --db {DB_NAME} {u} signoff --round final --head-judge 张总裁判长",
        f"judge-app --db {DB_NAME} {u} lock --round final",
        f"judge-app --db {DB_NAME} lock --list --round final",
        f"judge-app --db {DB_NAME} {u} signoff --round final --head-judge 张总裁判长",
    ])


@shot("lock-unlock.png")
def lock_unlock(s: Session):
    from judge_app.services.contest.demo import demo_dir

    folder = s.venue("unlock")
    shutil.copy(demo_dir() / "onsite_scores.csv", folder / "现场评分.csv")
    u = f"--user {ADMIN}"
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} {u} scores import 现场评分.csv --round final --component onsite",
        f"judge-app --db {DB_NAME} {u} unlock --round final --reason 改",
        f"judge-app --db {DB_NAME} {u} unlock --round final --reason \"P03对Z07的分数录错, 经总裁判长同意更正\"",
    ], setup=[f"judge-app --db {DB_NAME} {u} lock --round final"])


@shot("lock-audit.png")
def lock_audit(s: Session):
    folder = s.venue("audit")
    printed = "".join(text for _kind, text in run_cli(f"judge-app --db {DB_NAME} audit head", folder))
    head = printed.split()[0][:16]  # as the results notice prints it
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} audit verify",
        f"judge-app --db {DB_NAME} audit verify --expect-head {head}",
        f"judge-app --db {DB_NAME} audit verify --expect-head 3f2a9c0d41b7e685",
    ])


@shot("lock-audit-log.png")
def lock_audit_log(s: Session):
    window = ws.show_audit_log(s.window(), s.folder)
    page = window.audit_page
    page.entry.setText("Z07")  # every change to one entry: the double entry of E05's sheet among them
    page.refresh()
    return window


@shot("lock-backup.png")
def lock_backup(s: Session):
    folder = s.venue("backup")
    run_cli(f"judge-app --db {DB_NAME} --user {ADMIN} lock --round final --component online", folder)
    (made_by_lock,) = (folder / f"{DB_NAME}.backups").glob("*lock-final.online.sqlite")
    name = made_by_lock.relative_to(folder).as_posix()
    restore = f"judge-app --db {DB_NAME} --user {ADMIN} restore "
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} --user {ADMIN} backup",
        f"judge-app --db {DB_NAME} backup --list",
        (restore + name.replace("/", "\\"), restore + name),
    ])


@shot("lock-users.png")
def lock_users(s: Session):
    folder = s.venue("users")
    env = {"JUDGE_APP_NEW_PASSWORD": "246802", "JUDGE_APP_PASSWORD": "246802"}
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} --user {ADMIN} users add {ADMIN} --role administrator",
        f"judge-app --db {DB_NAME} --user {ADMIN} users add 录入员李 --role clerk",
        f"judge-app --db {DB_NAME} users list",
        f"judge-app --db {DB_NAME} lock --round final",
    ], env=env)


# ============================================================================================
# 打印 (print.md)
# ============================================================================================

@shot("print-commands.png")
def print_commands(s: Session):
    folder = s.venue("print")
    u = f"--user {ADMIN}"
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} sheets --round final --component expert --blank --out 空白评分表.pdf",
        f"judge-app --db {DB_NAME} notice --round final --out 成绩公示表.pdf",
        f"judge-app --db {DB_NAME} {u} lock --round final",
        f"judge-app --db {DB_NAME} {u} signoff --round final --head-judge 张总裁判长",
        f"judge-app --db {DB_NAME} notice --round final --out 成绩公示表.pdf",
        f"judge-app --db {DB_NAME} sheets --round final --component expert --out 专家评分表.pdf",
        f"judge-app --db {DB_NAME} {u} certificates --round final --out 获奖证书.pdf",
    ])


@shot("print-preview.png")
def print_preview(s: Session):
    from judge_app.gui.print_dialogs import PdfPreviewDialog
    from judge_app.services.documents.print_documents import notice_pdf

    pdf, _digest = notice_pdf(s.print_db(), "final")
    dialog = PdfPreviewDialog(pdf, "成绩公告 final")
    dialog.resize(1000, 720)
    dialog.show()
    let_qt_draw(1.5)  # QPdfView renders pages in the background
    return dialog


@shot("print-showcase.png")
def print_showcase(s: Session):
    """打印 → 作品展示包…: the winners' works for the website and the notice to agencies."""
    from judge_app.gui.showcase_dialog import ShowcaseDialog

    dialog = ShowcaseDialog(s.print_db())
    dialog.show()
    return dialog


@shot("print-verify-dialog.png")
def print_verify_dialog(s: Session):
    from judge_app.gui.print_dialogs import VerifyDialog
    from judge_app.services.documents.certificates import issue_certificates

    payload = issue_certificates(s.print_db(), "final", ADMIN, entries=["Z03"]).certificates[0].payload
    dialog = VerifyDialog.for_database(s.print_db())
    dialog.resize(760, 420)
    dialog.show()
    dialog.input.setText(payload)  # as a USB scanner types it
    dialog.check()
    return dialog


@shot("print-sheet-blank.png", needs=("pdftoppm",))
def print_sheet_blank(s: Session):
    from judge_app.services.documents.print_documents import score_sheets_pdf

    pdf, _judges = score_sheets_pdf(s.print_db(), "final", "expert", blank=True, judges=["E01"])
    s.pdf_page(pdf)


@shot("print-sheet-filled.png", needs=("pdftoppm",))
def print_sheet_filled(s: Session):
    from judge_app.services.documents.print_documents import score_sheets_pdf

    pdf, _judges = score_sheets_pdf(s.print_db(), "final", "expert", blank=False, judges=["E01"])
    s.pdf_page(pdf)


@shot("print-notice.png", needs=("pdftoppm",))
def print_notice(s: Session):
    from judge_app.services.documents.print_documents import notice_pdf

    pdf, _digest = notice_pdf(s.print_db(), "final")
    s.pdf_page(pdf)


@shot("print-feedback.png", needs=("pdftoppm",))
def print_feedback(s: Session):
    """专家点评意见: Z01's page, named, with its scores."""
    from judge_app.services.results.feedback import feedback_pdf

    pdf, _entries = feedback_pdf(s.print_db(), "final", entries=["Z01"], scores=True)
    s.pdf_page(pdf)


@shot("print-certificate.png", needs=("pdftoppm",))
def print_certificate(s: Session):
    from judge_app.services.documents.certificates import issue_certificates

    batch = issue_certificates(s.print_db(), "final", ADMIN, entries=["Z03"])
    s.pdf_page(batch.pdf)


@shot("print-certificate-dialog.png")
def print_certificate_dialog(s: Session):
    """打印 → 颁发证书…: the options with the live preview of the first certificate."""
    from judge_app.gui.certificate_dialog import IssueCertificatesDialog

    dialog = IssueCertificatesDialog(s.print_db(), "final", "2025-09-18")
    dialog.scope.setCurrentIndex(dialog.scope.findData("tier"))
    dialog.refresh()
    dialog.resize(1180, 700)
    dialog.show()
    let_qt_draw(1.5)  # QPdfView renders the page in the background
    return dialog


@shot("print-certificate-proof.png", needs=("pdftoppm",))
def print_certificate_proof(s: Session):
    """试印: watermarked 样张, no serial, the seal area outlined."""
    from judge_app.services.documents.certificates import IssueOptions, proof_certificates

    s.pdf_page(proof_certificates(s.print_db(), "final", IssueOptions(entries=("Z03",))).pdf)


@shot("print-verify.png")
def print_verify(s: Session):
    from judge_app.services.documents.certificates import issue_certificates

    from judge_app.services.contest.workspace_files import save_copy

    payload = issue_certificates(s.print_db(), "final", ADMIN, entries=["Z03"]).certificates[0].payload
    folder = s.folder / "venue" / "verify"
    folder.mkdir(parents=True)
    save_copy(s.print_db(), folder / DB_NAME)  # the signed-off contest, certificates issued
    altered = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    return s.terminal(folder, [
        f"judge-app --db {DB_NAME} verify {payload}",
        f"judge-app --db {DB_NAME} verify {altered}",
        f"judge-app --db {DB_NAME} cert-key --out 证书公钥.json",
        f"judge-app verify --public-key 证书公钥.json {payload}",
    ])


# ============================================================================================
# 年度活动 (campaign.md)
# ============================================================================================

CAMPAIGN_TOML = """\
[campaign]
name = "2025年模范机关创建活动"
year = 2025
organizer = "市直机关工委"

[[contests]]
file = "2025招商大比武.sqlite"

[[contests]]
file = "2025调查研究大比武.sqlite"

[points]
"一等奖" = 10
"二等奖" = 6
"三等奖" = 3
"优秀奖" = 1

[aliases]
"东莞市商务局" = "市商务局"
"""
RESEARCH_UNITS = {'"莞城街道"': '"市工业和信息化局"', '"南城街道"': '"市　政务服务数据管理局"',
                  '"东城街道"': '"东莞市投资促进局"'}  # demo unit → unit in the 调查研究 contest


def campaign_folder(s: Session) -> Path:
    """A campaign of two signed-off contests: the demo (招商) and the demo renamed as a 调查研究大比武
    whose units partly overlap it (one near-duplicate name)."""
    folder = s.folder / "venue" / "campaign"
    if (folder / "年度活动.toml").is_file():
        return folder
    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.services.contest.demo import demo_dir
    from judge_app.services.results.locks import lock, signoff
    from judge_app.services.scores.score_import import import_scores
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.services.contest.workspace_files import save_copy
    from judge_app.store.database import open_database

    folder.mkdir(parents=True)
    save_copy(s.print_db(), folder / "2025招商大比武.sqlite")
    src = demo_dir()
    text = (src / "contest.toml").read_text(encoding="utf-8")
    text = text.replace("2025年全市招商引资“大比武”决赛", "2025年全市调查研究“大比武”决赛", 1)
    for old, new in RESEARCH_UNITS.items():
        text = text.replace(f"unit = {old}", f"unit = {new}", 1)
    toml = s.folder / "research.toml"
    toml.write_text(text, encoding="utf-8")
    db = open_database(str(folder / "2025调查研究大比武.sqlite"), create=True)
    try:
        create_contest(db, read_contest_file(toml), ADMIN)
        import_scores(db, src / "expert_scores.csv", "final", "expert", ADMIN)
        import_scores(db, src / "onsite_scores.csv", "final", "onsite", ADMIN)
        import_votes(db, src / "votes_export.csv", "final", "online", ADMIN)
        lock(db, "final", None, ADMIN)
        signoff(db, "final", "总裁判长", ADMIN)
    finally:
        db.close()
    (folder / "年度活动.toml").write_text(CAMPAIGN_TOML, encoding="utf-8")
    return folder


@shot("campaign-dialog.png")
def campaign_dialog(s: Session):
    """文件 → 年度活动…: the units' table across contests and the selected unit's entries."""
    from judge_app.gui.campaign_dialog import CampaignDialog

    dialog = CampaignDialog()
    dialog.resize(1200, 720)
    dialog.load(campaign_folder(s) / "年度活动.toml")
    dialog.summary_view.selectRow(1)
    dialog.path_edit.setText(f"{VENUE_FOLDER}\\年度活动.toml")  # as on the venue laptop
    dialog.show()
    return dialog


@shot("campaign-commands.png")
def campaign_commands(s: Session):
    folder = campaign_folder(s)
    return s.terminal(folder, [
        "judge-app campaign summary 年度活动.toml --format pdf --out 单位成绩汇总.pdf",
        "judge-app campaign summary 年度活动.toml --format xlsx --out 单位成绩汇总.xlsx",
        "judge-app campaign recommend 年度活动.toml --top 5 --out 推选材料",
    ])


@shot("campaign-summary-pdf.png", needs=("pdftoppm",))
def campaign_summary_pdf(s: Session):
    from judge_app.services.year import campaign
    from judge_app.services.year.campaign_documents import summary_pdf

    s.pdf_page(summary_pdf(campaign.load(campaign_folder(s) / "年度活动.toml")))


# ---- running ---------------------------------------------------------------------------------

def render(outdir: Path = DEFAULT_OUT, only: list[str] | None = None, log=print) -> tuple[list[Path], list[str]]:
    """Make the guide's pictures into `outdir`; returns (written, skipped names)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from judge_app.qt import i18n
    from judge_app.qt.app import ensure_app

    unknown = set(only or ()) - set(SHOTS)
    if unknown:
        raise SystemExit(f"unknown shots: {', '.join(sorted(unknown))}")
    ensure_app()
    i18n.install_language("zh_CN")  # Qt's own buttons (Close, OK) in Chinese too
    only = with_predecessors(only) if only else None
    outdir.mkdir(parents=True, exist_ok=True)
    written, skipped = [], []
    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Path(tmp))
        try:
            for name, item in SHOTS.items():
                if only and name not in only:
                    continue
                missing = [n for n in item.needs if not available(n)]
                if missing:
                    skipped.append(name)
                    log(f"skipped {name}: needs {', '.join(missing)}")
                    continue
                session.target = outdir / name
                result = item.make(session)
                if isinstance(result, QWidget):
                    ws.grab(result, session.target)
                elif isinstance(result, QImage):
                    result.save(str(session.target))
                if not session.target.is_file():
                    raise RuntimeError(f"shot {name} wrote nothing")
                written.append(session.target)
                log(str(session.target))
        finally:
            session.close()
    return written, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.guide_screenshots")
    parser.add_argument("outdir", nargs="?", default=str(DEFAULT_OUT))
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these pictures (file names)")
    args = parser.parse_args(argv)
    _written, skipped = render(Path(args.outdir), args.only)
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
