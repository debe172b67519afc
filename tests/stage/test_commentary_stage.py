"""The stage's 专家点评 scene: placed before or after each reveal (a per-round setting, saved and
audited), skippable; the console picks who speaks; the projector shows the expert's name, title
and affiliation — or only the panel role with anonymous judges — and the optional timer (issue 22)."""

from __future__ import annotations

import pytest

from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest_day.stage_commentary import placement, set_placement
from judge_app.stage import show as sh
from judge_app.stage.commentary_box import CommentaryBox
from judge_app.stage.console import open_host_console
from judge_app.stage.layout import Text, texts
from tools.stage_screenshots import FixedClock, build_demo_db

W, H = 1280, 720
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")


@pytest.fixture
def stage(qtbot, tmp_path):
    db = build_demo_db(tmp_path / "contest.sqlite", long_title=False)
    clock = FixedClock()
    console = open_host_console(db, "final", "主持人", clock=clock, scoring=False, poll=False)
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    yield console, clock, db
    console.close()
    db.close()


def shown(console) -> list[str]:
    return texts(console.controller.items(W, H))


def test_the_scene_goes_before_or_after_the_reveal_and_the_setting_is_kept(stage):
    console, _, db = stage
    c = console.controller
    assert not any(s.scene == sh.COMMENT for s in c.show.steps)  # off by default: the plan is unchanged
    box = console.findChild(CommentaryBox)
    box.placement.setCurrentIndex(box.placement.findData("before"))
    first = c.show.running_order()[0]
    plan = [s.scene for s in c.show.steps if s.entry == first]
    assert plan[:3] == [sh.ENTRY, sh.COMMENT, sh.REVEAL] and plan[-1] == sh.BOARD
    c.set_commentary("after")
    plan = [s.scene for s in c.show.steps if s.entry == first]
    assert plan[0] == sh.ENTRY and plan[-2:] == [sh.COMMENT, sh.BOARD] and plan[1] == sh.REVEAL
    assert placement(db, "final") == "after"
    assert [line.action for line in audit_lines(db)].count("stage.commentary") == 2
    # skippable: the next press after the reveal passes straight over it to the board
    c.jump(sh.COMMENT, first)
    c.next()
    assert c.show.step == sh.Step(sh.BOARD, first)


def test_named_the_projector_shows_name_title_and_affiliation_and_the_timer(stage):
    console, clock, db = stage
    c = console.controller
    c.set_anonymise(False)
    c.set_commentary("before")
    first = c.show.running_order()[0]
    c.jump(sh.COMMENT, first)
    assert "请专家点评" in shown(console)  # nobody picked yet
    box = console.findChild(CommentaryBox)
    labels = [box.speaker.itemText(i) for i in range(box.speaker.count())]
    assert "陈教授 · 教授 · 华南理工大学" in labels
    box.speaker.setCurrentIndex(box.speaker.findData("E02"))
    assert c.show.speakers[first] == "E02"
    on_screen = shown(console)
    assert "刘研究员" in on_screen and "研究员 · 省社科院" in on_screen
    assert not any(":" in t and t[:2].isdigit() for t in on_screen)  # no timer until the host turns it on
    box.timer_on.setChecked(True)
    box.minutes.setValue(2)
    c.toggle_comment_timer()
    clock.now += 75
    assert "00:45" in shown(console)
    items = [i for i in c.items(W, H) if isinstance(i, Text)]
    assert all(i.fits() for i in items)
    # the frame before the reveal tells no score
    frame = c.show.frame()
    assert not any(str(s.total) in repr(frame) for s in c.show.report.result.standings if s.total is not None)


def test_anonymous_the_projector_shows_the_panel_role_not_the_name(stage):
    console, _, _ = stage
    c = console.controller
    assert c.show.options.anonymise  # the default
    c.set_commentary("after")
    first = c.show.running_order()[0]
    c.jump(sh.COMMENT, first)
    c.choose_speaker("E02")
    on_screen = shown(console)
    assert "评委2" in on_screen and "专家评审" in on_screen
    for name in ("刘研究员", "研究员 · 省社科院", "省社科院"):
        assert name not in on_screen
    assert not any("刘研究员" in x.label for x in c.show.experts())


def test_an_unknown_placement_is_refused(stage):
    _, _, db = stage
    from judge_app.services.contest.contest_access import ServiceError

    with pytest.raises(ServiceError, match="before/after"):
        set_placement(db, "final", "middle", "主持人")


def test_the_cli_sets_the_scene_the_stage_plans(cli, qtbot, tmp_path):
    from judge_app.qt.app import ensure_app
    from judge_app.stage.controller import StageController

    path = tmp_path / "c.sqlite"
    build_demo_db(path, long_title=False).close()
    assert "不安排 (off)" in cli("--db", path, "commentary", "--round", "final").out
    assert cli("--db", path, "commentary", "--round", "final", "--scene", "after").status == 0
    assert "亮分后 (after)" in cli("--db", path, "commentary", "--round", "final").out
    ensure_app()
    from judge_app.store.database import open_database

    db = open_database(str(path))
    c = StageController(db, "final", poll=False, scoring=False)
    try:
        assert sum(s.scene == sh.COMMENT for s in c.show.steps) == len(c.show.running_order())
    finally:
        c.close()
        db.close()


def test_a_setting_changed_by_another_program_reaches_the_open_stage(cli, stage):
    console, _, db = stage
    c = console.controller
    assert cli("--db", db.path, "commentary", "--round", "final", "--scene", "before").status == 0
    c.reload()
    first = c.show.running_order()[0]
    assert [s.scene for s in c.show.steps if s.entry == first][:2] == [sh.ENTRY, sh.COMMENT]
