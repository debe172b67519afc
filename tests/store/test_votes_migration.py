"""The votes01 migration upgrades a database written before raw vote records existed."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from judge_app.store.database import _alembic_config, migrations_dir, open_database, schema_head


def test_upgrade_from_the_initial_schema_keeps_old_imports(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config(migrations_dir())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO contest (id, name, organizer, date, created_at) VALUES (1, 'c', '', '', '')"))
        conn.execute(text("INSERT INTO round (id, contest_id, position, key, name, decimals, tie_break) "
                          "VALUES (1, 1, 0, 'final', '决赛', 2, '[]')"))
        conn.execute(text("INSERT INTO component (id, round_id, position, key, name, kind, weight, drop_highest, "
                          "drop_lowest, normalize, dedup) VALUES (1, 1, 0, 'online', '网络', 'votes', '1', 0, 0, 'max', 'none')"))
        conn.execute(text("INSERT INTO vote_import (id, component_id, source, sha256, rows_read, imported_at, "
                          "imported_by, current) VALUES (1, 1, 'old.csv', 'x', 3, 't', 'u', 1)"))
    engine.dispose()
    db = open_database(str(path))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema_head()
        assert "vote_record" in inspect(conn).get_table_names()
        row = conn.execute(text("SELECT shape, dedup, rows_counted FROM vote_import WHERE id = 1")).one()
        assert tuple(row) == ("totals", "none", 0)
        assert conn.execute(text("SELECT rank_step, vote_start, export FROM component")).one() == (None, None, None)
    db.close()
    assert list(tmp_path.glob("old.before-upgrade-0001-*.sqlite"))
