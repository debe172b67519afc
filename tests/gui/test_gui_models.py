"""Every workspace model passes Qt's model tester (pytest-qt `qtmodeltester`), filled with real rows."""

from __future__ import annotations

import gc
from decimal import Decimal

import pytest

from judge_app.gui.audit_page import AuditModel
from judge_app.gui.conflicts_page import ConflictMatrixModel
from judge_app.gui.results_page import BreakdownModel, RankingModel, breakdown_rows
from judge_app.gui.score_entry_page import MismatchLine, MismatchModel
from judge_app.gui.score_grid import SAVED, GridRow, ScoreSheetModel
from judge_app.gui.setup_page import ComponentEdit, ComponentsModel, EntriesModel, EntryLine, JudgesModel
from judge_app.gui.table_model import Column, RowTableModel
from judge_app.gui.vote_wizard import TallyLine, TallyModel
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.conflicts import conflict_matrix, set_conflict
from judge_app.services.results.standings import round_report
from judge_app.services.contest.workspace_files import current_contest
from judge_app.store.database import open_database
from tests.gui_support import copy_demo, example_db

D = Decimal


@pytest.fixture(autouse=True)
def collect_models():
    """Models die inside the test that made them, not during interpreter shutdown (where
    PySide6 6.12 can crash while collecting leftover Qt objects)."""
    yield
    gc.collect()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(copy_demo(tmp_path_factory.mktemp("demo")))
    yield db
    db.close()


def test_ranking_and_breakdown_models(qtmodeltester, demo):
    report = round_report(demo, "final")
    ranking = RankingModel()
    ranking.configure(report)
    assert ranking.rowCount() == 20
    qtmodeltester.check(ranking, force_py=True)
    breakdown = BreakdownModel()
    breakdown.set_rows(breakdown_rows(report, report.result.standings[0].code, {}))
    assert breakdown.rowCount() > 0
    qtmodeltester.check(breakdown, force_py=True)


def test_audit_model(qtmodeltester, demo):
    model = AuditModel()
    model.set_rows(audit_lines(demo, limit=50))
    qtmodeltester.check(model, force_py=True)


def test_setup_models(qtmodeltester, demo):
    contest = current_contest(demo)
    lines = [EntryLine(e, ("/媒体/路演.pptx",) if i == 0 else ()) for i, e in enumerate(contest.entries)]
    for model, rows in ((EntriesModel(), lines), (JudgesModel(), contest.judges)):
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
    components = ComponentsModel()
    components.set_rows([ComponentEdit(c, str(c.weight)) for c in contest.rounds[0].components])
    qtmodeltester.check(components, force_py=True)


def test_conflict_matrix_model(qtmodeltester, tmp_path):
    db = example_db(tmp_path)
    set_conflict(db, "E01", "X02", "亲属 (relative)", "organizer")
    model = ConflictMatrixModel()
    model.set_matrix(conflict_matrix(db))
    assert model.rowCount() > 0 and model.columnCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_score_sheet_model(qtmodeltester, demo):
    component = current_contest(demo).round("final").component("expert")
    model = ScoreSheetModel()
    rows = [GridRow("Z01", "项目", {c.key: D(10) for c in component.criteria}, None, "好", SAVED),
            GridRow("Z02", "项目二", {}, "同单位 (conflict)"),
            GridRow("Z03", "项目三", {}, None, "", "", {"quality": D("12.5")})]
    model.load(component, rows, lambda entry, values: SAVED, lambda entry, text: None)
    qtmodeltester.check(model, force_py=True)


def test_small_models(qtmodeltester):
    mismatch = MismatchModel()
    mismatch.set_rows([MismatchLine("E01", "Z01", "quality", "项目质量", D(30), "王", D(20), "李", D(21), "")])
    qtmodeltester.check(mismatch, force_py=True)
    tally = TallyModel()
    tally.set_rows([TallyLine("Z01", "项目", 12, D("100.00"), None), TallyLine("Z02", "二", 6, D("50.00"), 3)])
    qtmodeltester.check(tally, force_py=True)
    plain = RowTableModel([Column("a", lambda r: r[0]), Column("b", lambda r: r[1])], [("1", "2"), ("3", "")])
    qtmodeltester.check(plain, force_py=True)
