"""The exhibition loop: slides in official order, cycling, stage keys, the certificate QR code,
and 1,000 slides without memory growth. The showcase dialog for the organizer's window."""

from __future__ import annotations

import gc
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from judge_app.stage.exhibition import Picture, exhibition_controller, open_exhibition, render_slide
from judge_app.stage.layout import Text
from judge_app.store.database import open_database


@pytest.fixture
def demo_db(cli, tmp_path) -> Path:
    db = tmp_path / "demo.sqlite"
    assert cli("demo", "--db", db).status == 0
    assert cli("--db", db, "lock", "--round", "final").status == 0  # the showcase needs the signed-off round
    assert cli("--db", db, "signoff", "--round", "final", "--head-judge", "总裁判长").status == 0
    return db


@pytest.fixture
def db(demo_db):
    d = open_database(str(demo_db))
    yield d
    d.close()


def texts(controller, role: str) -> list[str]:
    return [i.text for i in controller.items(1920, 1080) if isinstance(i, Text) and i.role == role]


def test_slides_follow_the_official_order_and_cycle(qapp, db):
    from judge_app.services.results.standings import round_report

    c = exhibition_controller(db, "final", awards=["一等奖", "二等奖"], start=False)
    winners = [s for s in round_report(db, "final").result.standings if s.award in ("一等奖", "二等奖")]
    seen = []
    for _ in range(len(winners) + 1):
        seen.append((texts(c, "award")[0], texts(c, "title")[0]))
        c.next()
    report = round_report(db, "final")
    expected = [(s.award, report.entry(s.code).title) for s in winners]
    assert seen == expected + expected[:1]  # after the last, the first again
    c.prev()
    c.prev()
    assert texts(c, "title")[0] == expected[-1][1]
    assert all(i.fits() for i in c.items(1920, 1080) if isinstance(i, Text))
    assert all(i.fits() for i in c.items(1024, 768) if isinstance(i, Text))


def test_timer_advances_and_keys_work(qtbot, db):
    window = open_exhibition(db, "final", awards=["一等奖", "二等奖"], seconds=0.05, windowed=True)
    qtbot.addWidget(window)
    c = window.controller
    qtbot.waitUntil(lambda: c.slides_shown >= 3, timeout=5000)
    c.toggle_timer()  # T pauses
    shown = c.slides_shown
    qtbot.wait(200)
    assert c.slides_shown == shown
    index = c.index
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert c.index == (index + 1) % len(c.selection.works)
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert c.black
    image = render_slide(c, 320, 180)
    assert image.pixelColor(160, 90).name() == "#000000"
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.windowTitle().startswith("优秀作品展示")
    with qtbot.waitSignal(c.escape):
        qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_certificate_qr_code_verifies(qapp, cli, demo_db, tmp_path):
    assert cli("--db", demo_db, "certificates", "--round", "final", "--out", tmp_path / "c.pdf").status == 0
    d = open_database(str(demo_db))
    try:
        c = exhibition_controller(d, "final", awards=["一等奖"], qr=True, start=False)
        qr = [i for i in c.items(1920, 1080) if isinstance(i, Picture) and i.role == "qr"]
        assert len(qr) == 1
        path = tmp_path / "slide.png"
        render_slide(c, 1920, 1080).save(str(path))
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True).stdout.strip()
        assert decoded == c.payloads[c.work.code]
        from judge_app.services.documents.certificates import verify_in_database

        assert verify_in_database(d, decoded).genuine
        plain = exhibition_controller(d, "final", awards=["一等奖"], start=False)
        assert not [i for i in plain.items(1920, 1080) if isinstance(i, Picture) and i.role == "qr"]
    finally:
        d.close()


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def app_objects() -> int:
    """Live objects of the app's and Qt's own types: other tests' leftovers (threads, caches) don't count."""
    return sum(1 for o in gc.get_objects() if str(getattr(type(o), "__module__", "")).startswith(("judge_app", "PySide6")))


def test_thousand_slides_without_memory_growth(qapp, db):
    """A slide is built and painted 1,000 times (about 3½ hours at 12 s a slide): Python objects and
    the process's resident memory stay bounded once every work has been shown once."""
    c = exhibition_controller(db, "final", qr=False, start=False)
    works = len(c.selection.works)
    for _ in range(works * 2):  # warm up: every thumbnail made, fonts fitted, caches filled
        render_slide(c, 640, 360)
        c.next()
    gc.collect()
    tracemalloc.start()
    objects_before = app_objects()
    rss_before = rss_kb()
    snapshot_before = tracemalloc.take_snapshot()
    for _ in range(1000):
        render_slide(c, 640, 360)
        c.next()
    gc.collect()
    snapshot_after = tracemalloc.take_snapshot()
    ours = [tracemalloc.Filter(True, "*judge_app*"), tracemalloc.Filter(True, "*PySide6*")]
    growth = sum(s.size_diff for s in snapshot_after.filter_traces(ours).compare_to(
        snapshot_before.filter_traces(ours), "filename"))
    tracemalloc.stop()
    assert c.slides_shown >= 1000
    assert len(c._thumbs) == works  # one picture per work, made once
    assert app_objects() - objects_before < 100
    assert growth < 256 * 1024  # bytes of Python allocations over 1,000 slides
    assert rss_kb() - rss_before < 16 * 1024  # KiB of resident memory


def test_showcase_dialog_builds_the_package(qtbot, db, tmp_path):
    from judge_app.gui.showcase_dialog import ShowcaseDialog

    dialog = ShowcaseDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.round_box.currentData() == "final"
    assert [b.text() for b in dialog.award_checks] == ["一等奖", "二等奖", "三等奖", "优秀奖"]
    # refusals are shown in the dialog, nothing written
    dialog.out_edit.setText(str(tmp_path / "pkg"))
    for box in dialog.award_checks:
        box.setChecked(False)
    assert dialog.build() is None and "至少选择一个奖项" in dialog.message.text()
    assert not (tmp_path / "pkg").exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    dialog.award_checks[0].setChecked(True)
    dialog.out_edit.setText(str(busy))
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    assert "不是空文件夹" in dialog.message.text() and not dialog.open_button.isEnabled()

    dialog.out_edit.setText(str(tmp_path / "pkg"))
    dialog.award_checks[1].setChecked(True)
    dialog.scores.setChecked(True)
    with qtbot.waitSignal(dialog.built) as signal:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    package = signal.args[0]
    assert [pw.work.award for pw in package.works] == ["一等奖", "二等奖", "二等奖", "二等奖"]
    assert (tmp_path / "pkg" / "index.html").is_file()
    assert "得分" in (tmp_path / "pkg" / "index.html").read_text(encoding="utf-8")
    assert dialog.open_button.isEnabled() and "作品 4 件" in dialog.message.text()


def test_attachments_dialog(qtbot, db, tmp_path):
    from judge_app.gui.showcase_dialog import AttachmentsDialog

    dialog = AttachmentsDialog(db, "clerk")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    dialog.entry_box.setCurrentIndex(dialog.entry_box.findData("Z03"))
    f = tmp_path / "路演.pdf"
    f.write_bytes(b"%PDF slides")
    assert len(dialog.add_files([f])) == 1
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, j).text() for j in (0, 2, 5)] == ["Z03", "路演.pdf", "正常"]  # zh_CN: no English gloss
    (db.path.with_name(db.path.name + ".files") / "Z03" / "路演.pdf").unlink()
    dialog.refresh()
    assert dialog.table.item(0, 5).text() == "缺失" and "缺失或已改变 1 个" in dialog.message.text()
    assert dialog.add_files([tmp_path / "none.pdf"]) == [] and "none.pdf" in dialog.message.text()
