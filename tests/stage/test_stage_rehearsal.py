"""A rehearsal of one whole entry from the host console alone, with no display (offscreen).

The console runs the LAN scoring service in its own process (`judge-app stage --serve`); seven
simulated phones talk HTTP to it. The host previews and takes the entry on air → the phones see
it → they submit → the console's panel counts 7 / 7 → one press reveals the expert panel → the
board ranks the entry among the revealed. Also: a stray click in the step list changes only the
preview, closing scoring with judges pending asks and names them, and `lan current` typed in a
terminal is followed by the console's preview, not by the projector.
"""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from PySide6.QtCore import Qt

from judge_app.services.contest_day.lan_access import closed_entries, get_current_entry, issue_tokens, set_current_entry
from judge_app.services.contest.contest_access import require_contest
from judge_app.stage import beats as bt
from judge_app.stage import scoring as sc
from judge_app.stage import show as sh
from judge_app.stage.console import open_host_console
from judge_app.stage.layout import texts
from tools.stage_screenshots import FixedClock, build_demo_db

W, H = 1280, 720
ENTRY = "Z05"  # the demo's entry whose expert scores are held back: the phones give them
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")


class Phone:
    """One judge's phone: the judge page's own two calls."""

    def __init__(self, base_url: str, judge: str, token: str):
        self.judge = judge
        self.http = httpx.Client(base_url=base_url, timeout=10, headers={"Authorization": f"Bearer {token}"})

    def sheet(self) -> dict:
        r = self.http.get("/api/judge")
        assert r.status_code == 200, r.text
        return r.json()

    def submit(self, entry: str) -> httpx.Response:
        sheet = self.sheet()
        panel = sheet["panels"][0]
        # a different, valid score from each judge: (60 + judge number) % of each criterion's maximum
        share = Decimal(60 + int(self.judge[1:])) / 100
        values = {c["key"]: str((Decimal(c["max"]) * share).quantize(Decimal("0.1"))) for c in panel["criteria"]}
        return self.http.post("/api/judge/scores", json={"key": f"{self.judge}-{entry}", "component": panel["key"],
                                                         "entry": entry, "values": values})


@pytest.fixture
def day(qtbot, tmp_path):
    db = build_demo_db(tmp_path / "contest.sqlite", hold_back=ENTRY)
    console = open_host_console(db, "final", "主持人", clock=FixedClock(), minutes=2, serve=("127.0.0.1", 0))
    qtbot.addWidget(console)
    qtbot.addWidget(console.stage)
    asked: list[tuple[str, str]] = []
    answers: list[bool] = []
    console.confirm = lambda title, text: asked.append((title, text)) or (answers.pop(0) if answers else True)
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "主持人") if t.judge.startswith("E")}
    phones = [Phone(console.controller.scoring.address(), j, t) for j, t in sorted(tokens.items())]
    yield console, db, phones, asked, answers
    for p in phones:
        p.http.close()
    console.close()
    db.close()


def stage_texts(c) -> list[str]:
    return texts(c.items(W, H))


def test_one_entry_from_the_console_alone(qtbot, day):
    console, db, phones, asked, answers = day
    c = console.controller
    assert len(phones) == 7
    assert all(p.sheet()["current"] is None for p in phones)

    # A stray click in the step list: the preview changes, the projector and the phones do not.
    on_air, projected = c.show.index, stage_texts(c)
    target = c.show.first(sh.ENTRY, ENTRY)
    console.steps.setCurrentRow(target)
    assert c.preview_index == target and c.show.index == on_air
    assert stage_texts(c) == projected
    assert texts(c.preview_items(W, H)) != projected
    assert get_current_entry(db, "final") is None

    # Enter takes it on air; four entries are passed unrevealed, so the console asks first.
    answers.append(False)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    assert c.show.index == on_air and "Z01" in asked[-1][1]
    qtbot.keyClick(console, Qt.Key.Key_Return)
    assert c.show.step == sh.Step(sh.ENTRY, ENTRY) and c.preview_index is None
    assert all(p.sheet()["current"] == ENTRY for p in phones)

    # The panel: seven experts connected (the phones just asked), none submitted yet.
    qtbot.waitUntil(lambda: c.panel.entry == ENTRY and all(
        r.state == sc.CONNECTED for r in c.panel.rows if r.code.startswith("E")), timeout=3000)
    experts = [r for r in c.panel.rows if r.code.startswith("E")]
    assert len(experts) == 7 and all(r.last_seen for r in experts)

    for p in phones[:6]:
        assert p.submit(ENTRY).status_code == 200
    qtbot.waitUntil(lambda: c.panel.submitted == len(c.panel.seated) - 1, timeout=3000)
    assert not c.panel.all_in

    # 结束评分 with one judge pending: the console names that judge; answered no, nothing closes.
    answers.append(False)
    assert not console.close_scoring()
    assert "E07" in asked[-1][1] and "E01" not in asked[-1][1]
    with db.session() as s:
        assert ENTRY not in closed_entries(s, require_contest(s), "final")

    with qtbot.waitSignal(c.all_in, timeout=3000) as all_in:
        assert phones[6].submit(ENTRY).status_code == 200
    assert all_in.args == [ENTRY]
    n = len(c.panel.seated)
    assert console.panel_count.text() == f"已提交 {n} / {n}" and console.all_in_label.text()
    assert "评委已全部提交" in console.status_label.text()
    before = len(asked)
    assert console.close_scoring()  # nobody pending: no question
    assert len(asked) == before and c.panel.closed
    assert all(r.state == sc.SUBMITTED for r in c.panel.rows if r.code.startswith("E"))

    # The scores reached the stage: the expert panel now has seven totals for the entry.
    qtbot.waitUntil(lambda: len(c.show.report.result.panels["expert"][ENTRY].totals) == 7, timeout=3000)
    labels = [b.label for b in bt.entry_beats(c.show, ENTRY)]
    assert labels[:10] == ["网络投票", *(f"专家评委 {i}" for i in range(1, 8)), "去掉最高最低", "专家得分"]
    assert labels[-1] == "最后得分"

    # One press: the online votes; the next press: all seven experts at once, then the strike and the score.
    qtbot.keyClick(console, Qt.Key.Key_R)
    frame = c.show.frame()
    assert frame.components[0].score is not None and not frame.components[1].judges
    qtbot.keyClick(console, Qt.Key.Key_R)
    frame = c.show.frame()
    assert len(frame.components[1].judges) == 7 and frame.components[1].score is None
    assert not any(j.struck for j in frame.components[1].judges)
    qtbot.waitUntil(lambda: c.show.frame().components[1].score is not None, timeout=3000)
    frame = c.show.frame()
    assert sum(j.struck for j in frame.components[1].judges) == 2
    official = c.show.report.result.standing(ENTRY)
    assert frame.components[1].score == str(official.components["expert"])

    # End: straight to the entry's 最后得分; the entry is released.
    qtbot.keyClick(console, Qt.Key.Key_End)
    assert c.show.frame().total == str(official.total) and ENTRY in c.show.released

    # The board: the only revealed entry is 当前第 1 名; the others wait apart.
    c.next()
    board = c.show.frame()
    assert isinstance(board, sh.BoardFrame)
    assert [(ln.code, ln.place) for ln in board.lines] == [(ENTRY, "1")]
    assert ENTRY not in board.waiting and len(board.waiting) == len(c.show.running_order()) - 1


def test_countdown_stops_when_the_reveal_starts(qtbot, day):
    console, _db, _phones, _asked, _answers = day
    c = console.controller
    c.jump(sh.ENTRY, "Z01")
    c.toggle_timer()
    assert c.countdown.running
    c.reveal_component()
    assert c.show.step.scene == sh.REVEAL and not c.countdown.running


def test_console_follows_lan_current_in_its_preview_only(qtbot, day):
    console, db, phones, _asked, _answers = day
    c = console.controller
    c.jump(sh.ENTRY, "Z01")
    projected = stage_texts(c)
    set_current_entry(db, "final", "Z03", "脚本")  # `judge-app lan current` from a terminal
    qtbot.waitUntil(lambda: c.preview_index == c.show.first(sh.ENTRY, "Z03"), timeout=3000)
    assert c.show.step == sh.Step(sh.ENTRY, "Z01") and stage_texts(c) == projected
    assert c.panel.entry == "Z03" and phones[0].sheet()["current"] == "Z03"


def test_auto_play_walks_the_remaining_beats_and_stops(qtbot, day):
    console, _db, _phones, _asked, _answers = day
    c = console.controller
    c.jump(sh.ENTRY, "Z01")
    c.set_autoplay_interval(0.2)
    console.autoplay.setChecked(True)
    last = c.show.first(sh.REVEAL, "Z01") + c.show.beats("Z01") - 1
    qtbot.waitUntil(lambda: c.show.index == last and not c.autoplay_timer.isActive(), timeout=10000)
    assert "Z01" in c.show.released and not console.autoplay.isChecked()
