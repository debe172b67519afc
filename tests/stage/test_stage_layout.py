"""Every scene at 1920×1080, 1280×720 and 1024×768 in every theme: text fits its box, nothing
leaves the screen, type grows with the screen, and long Chinese titles wrap or shrink."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from judge_app.qt.app import ensure_app, ui_family
from judge_app.stage import show as sh
from judge_app.stage.controller import StageController
from judge_app.stage.layout import Box, Text, fit_font, texts
from tools.stage_screenshots import LONG_TITLE, SIZES, FixedClock, build_demo_db, scenes
from judge_app.stage.themes import THEMES


@pytest.fixture(scope="module")
def controller(tmp_path_factory):
    ensure_app()
    db = build_demo_db(tmp_path_factory.mktemp("layout") / "demo.sqlite", hold_back="Z05")
    clock = FixedClock()
    c = StageController(db, "final", "test", clock=clock, poll=False)
    c.draw_lots(4242)
    c.finish_motion()
    yield c, clock
    c.close()
    db.close()


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_scene_fits_every_screen(qtbot, controller, theme):
    c, clock = controller
    c.set_theme(theme)
    c.set_anonymise(theme != "light")  # judges' names (longer than 评委N) in one theme
    for name, action in scenes(c, clock):
        action()
        c.finish_motion()
        for w, h in SIZES:
            screen = QRectF(0, 0, w, h)
            drawn = c.items(w, h)
            assert drawn, name
            for item in drawn:
                assert screen.contains(item.rect), (name, w, h, item.role)
                if isinstance(item, Text):
                    assert item.fits(), (name, w, h, item.role, item.text, item.font.pixelSize())
    c.set_anonymise(True)


def test_long_titles_wrap_onto_more_lines_rather_than_clip(qtbot, controller):
    c, _ = controller
    c.jump(sh.ENTRY, "Z01")
    for w, h in SIZES:
        title = next(i for i in c.items(w, h) if isinstance(i, Text) and i.role == "entry.title")
        assert title.text == LONG_TITLE  # the whole title, never cut
        assert title.fits()
        line = title.font.pixelSize() * 1.6
        assert title.rect.height() > 2 * line * 0.8  # room for at least two lines, and used
    short = fit_font("决赛", QRectF(0, 0, 800, 100), ui_family(), 60)
    long = fit_font(LONG_TITLE * 3, QRectF(0, 0, 800, 100), ui_family(), 60)
    assert short.pixelSize() == 60 and long.pixelSize() < 60


def test_type_is_sized_from_the_screen_height(qtbot, controller):
    c, _ = controller
    c.jump(sh.ENTRY, "Z02")
    sizes = {}
    for w, h in SIZES:
        timer = next(i for i in c.items(w, h) if isinstance(i, Text) and i.role == "timer")
        sizes[h] = timer.font.pixelSize()
    assert sizes[1080] > sizes[768] > sizes[720]
    assert sizes[1080] >= 0.12 * 1080  # a countdown readable from the back of a hall


def test_themes_differ_and_the_top_three_are_highlighted(qtbot, controller):
    c, _ = controller
    c.set_live_totals(True)
    c.jump(sh.BOARD, None)
    c.finish_motion()
    fills = {}
    for key in THEMES:
        c.set_theme(key)
        rows = [i for i in c.items(1920, 1080) if isinstance(i, Box) and i.role == "board.row"]
        fills[key] = [r.fill for r in rows]
        assert fills[key][:3] == [THEMES[key].top] * 3 and fills[key][3] == THEMES[key].card
    assert len({tuple(f) for f in fills.values()}) == 3
    assert texts(c.items(1920, 1080), "board.place")[:4] == ["1", "2", "3", "4"]
    c.set_live_totals(False)
    c.set_theme("formal")
