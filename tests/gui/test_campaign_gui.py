"""文件 → 年度活动… in the workspace: the campaign's summary table and one unit's entries are the
same as `judge-app campaign summary`, the PDF and XLSX come from the same services, a refused
campaign is explained in the dialog, and the contest files are never changed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from campaign_support import build_campaign
from conftest import file_state
from gui_support import window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_campaign(tmp_path_factory.mktemp("campaign-gui") / "活动")


def states(folder: Path) -> dict:
    return {p.name: file_state(p) for p in sorted(folder.iterdir()) if p.is_file()}


def menu_action(w, text: str):
    for menu in w.menuBar().actions():
        for action in menu.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu action {text}")


def test_campaign_dialog_shows_summary_detail_and_exports(qtbot, tmp_path, built, cli):
    from openpyxl import load_workbook

    from judge_app.gui.campaign_dialog import CampaignDialog
    from judge_app.table_files.xlsx_writer import formula_cells

    before = states(built.parent)
    w = window(qtbot, tmp_path)
    menu_action(w, "年度活动…").trigger()
    dialog = w.findChild(CampaignDialog)  # the dialog the menu opened
    assert dialog is not None and dialog.isVisible()
    assert not dialog.xlsx_button.isEnabled()  # nothing to export before a campaign is open
    assert dialog.load(built)

    expected = json.loads(cli("campaign", "summary", built, "--format", "json").out)
    model = dialog.summary_model
    assert model.rowCount() == len(expected["units"])
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[:5] == ["序号", "单位", "作品数", "获奖", "积分"]
    assert len(header) == 5 + len(expected["contests"])
    for r, unit in enumerate(expected["units"]):
        assert model.data(model.index(r, 1)) == unit["unit"]
        assert Decimal(model.data(model.index(r, 4))) == Decimal(unit["points"])
    assert "未参赛" in {model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(5, len(header))}
    assert "东莞市投资促进局" in dialog.message.text()  # the near-duplicate note
    assert "similar unit names" not in dialog.message.text()  # Chinese only in zh_CN (the CLI keeps the gloss)

    # per-unit detail: the selected unit's entries across every contest it entered
    dialog.summary_view.selectRow(0)
    top = expected["units"][0]
    detail = dialog.detail_model
    assert detail.rowCount() == top["entries"]
    assert top["unit"] in dialog.detail_label.text()
    contests_shown = {detail.data(detail.index(r, 0)) for r in range(detail.rowCount())}
    entered = {name for name, line in top["per_contest"].items() if line["entries"]}
    assert contests_shown == entered
    awards = sorted(detail.data(detail.index(r, 4)) for r in range(detail.rowCount()) if detail.data(detail.index(r, 4)))
    assert awards == sorted(a for a, k in top["awards"].items() for _ in range(k))

    xlsx = dialog.save_xlsx(tmp_path / "汇总.xlsx")
    assert not formula_cells(xlsx)
    rows = list(load_workbook(xlsx).active.iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in rows] == [u["unit"] for u in expected["units"]]
    pdf = dialog.save_pdf(tmp_path / "汇总.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    preview = dialog.print_preview()
    assert preview.preview.page_count() >= 1
    preview.close()
    assert states(built.parent) == before  # the contest files were only read
    dialog.close()


def test_campaign_dialog_explains_a_refusal(qtbot, tmp_path, built):
    from judge_app.gui.campaign_dialog import CampaignDialog

    bad = tmp_path / "bad.toml"
    bad.write_text(built.read_text(encoding="utf-8").replace("招商.sqlite", "没有.sqlite"), encoding="utf-8")
    dialog = CampaignDialog()
    qtbot.addWidget(dialog)
    assert not dialog.load(bad)
    assert "没有.sqlite" in dialog.message.text() and "不存在" in dialog.message.text()
    assert "refused" not in dialog.message.text()  # zh_CN: the service's English gloss is not shown
    assert dialog.summary_model.rowCount() == 0 and not dialog.pdf_button.isEnabled()
    assert dialog.load(built) and dialog.summary_model.rowCount() > 0 and dialog.pdf_button.isEnabled()
    assert "refused" not in dialog.message.text()
