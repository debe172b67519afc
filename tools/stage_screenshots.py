"""Render every stage scene at 1920×1080, 1280×720 and 1024×768 in each theme, as PNG files.

    python -m tools.stage_screenshots OUTDIR

Uses the demo contest (with one deliberately long title, to show wrapping) in a temporary
database, draws lots with a fixed seed and steps through the show offscreen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ((1920, 1080), (1280, 720), (1024, 768))
LONG_TITLE = "新能源汽车零部件产业园暨粤港澳大湾区先进制造业协同创新招商引资重点项目（一期）"
SEED = 20250918


def build_demo_db(path: Path, long_title: bool = True, hold_back: str | None = None):
    """The demo contest in a new database at `path`; Z01 gets a very long title when asked.

    `hold_back`: an entry code whose expert scores are left out (written to
    `path`.held.csv instead, to be imported later, e.g. by another process).
    """
    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.services.contest.demo import demo_dir
    from judge_app.services.scores.score_import import import_scores
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.services.contest.workspace_files import open_contest_file

    src = demo_dir()
    text = (src / "contest.toml").read_text(encoding="utf-8")
    if long_title:
        text = text.replace('title = "新能源汽车零部件产业园招商项目"', f'title = "{LONG_TITLE}"')
    toml = path.with_suffix(".toml")
    toml.write_text(text, encoding="utf-8")
    db = open_contest_file(path, create=True)
    create_contest(db, read_contest_file(toml), "demo")
    experts = src / "expert_scores.csv"
    if hold_back:
        lines = experts.read_bytes().decode("gbk").splitlines(keepends=True)
        head, body = lines[:2], lines[2:]
        mark = f",{hold_back},"
        experts = path.with_suffix(".experts.csv")
        experts.write_bytes("".join(head + [ln for ln in body if mark not in ln]).encode("gbk"))
        path.with_suffix(".held.csv").write_bytes("".join(head + [ln for ln in body if mark in ln]).encode("gbk"))
    import_scores(db, experts, "final", "expert", "demo")
    import_scores(db, src / "onsite_scores.csv", "final", "onsite", "demo")
    import_votes(db, src / "votes_export.csv", "final", "online", "demo")
    return db


class FixedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def scenes(controller, clock: FixedClock):
    """(name, action) pairs that put the controller on each scene to photograph."""
    from judge_app.stage import show as sh

    show = controller.show
    z01_reveal = show.first(sh.REVEAL, "Z01")
    beats = show.beats("Z01")

    def entry_warning():
        controller.jump(sh.ENTRY, "Z01")
        controller.toggle_timer()
        clock.now += controller.countdown.duration_s - 42
        controller.toggle_timer()

    def entry_overtime():
        controller.jump(sh.ENTRY, "Z01")
        controller.toggle_timer()
        clock.now += 75
        controller.toggle_timer()

    def reveal_middle():
        # expert panel: 7 totals shown and struck, onsite panel: four totals in
        controller.go(z01_reveal + 1 + 7 + 1 + 1 + 3)

    def board_final():
        for code in show.running_order():
            controller.go(show.first(sh.BOARD, code) - 1)  # passing each reveal releases it
        controller.jump(sh.BOARD, None)

    def awards_tier():
        awards = [i for i, s in enumerate(show.steps) if s.scene == sh.AWARDS]
        tiers = sh.tier_sequence(show.round, show.report.result.standings)
        controller.go(awards[len(tiers[0][1]) + 2])  # two names into the second tier announced

    def awards_first():
        controller.go(len(show.steps) - 1)

    return [
        ("01-title", lambda: controller.jump(sh.TITLE)),
        ("02-order", lambda: controller.jump(sh.ORDER)),
        ("03-entry", entry_warning),
        ("04-entry-overtime", entry_overtime),
        ("05-reveal", reveal_middle),
        ("06-reveal-total", lambda: controller.go(z01_reveal + beats - 1)),
        ("07-board", board_final),
        ("08-awards", awards_tier),
        ("09-awards-first", awards_first),
    ]


def render_all(outdir: Path, themes=None, sizes=SIZES) -> list[Path]:
    from judge_app.qt.app import ensure_app
    from judge_app.stage.canvas import render_image
    from judge_app.stage.controller import StageController
    from judge_app.stage.themes import THEMES

    ensure_app()
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = build_demo_db(Path(tmp) / "stage.sqlite")
        try:
            for theme in themes or THEMES:
                clock = FixedClock()
                controller = StageController(db, "final", "screenshots", theme=theme, clock=clock, poll=False)
                if controller.show.order is None:
                    controller.draw_lots(SEED)
                for name, action in scenes(controller, clock):
                    action()
                    controller.finish_motion()
                    for w, h in sizes:
                        path = outdir / f"{theme}-{w}x{h}-{name}.png"
                        render_image(controller, w, h).save(str(path))
                        written.append(path)
                controller.close()
        finally:
            db.close()
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m tools.stage_screenshots OUTDIR", file=sys.stderr)
        return 2
    paths = render_all(Path(argv[0]))
    print(f"{len(paths)} screenshots → {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
