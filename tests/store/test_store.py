"""The database: connection settings, migrations matching the models, upgrades with a copy aside."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal as D

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from judge_app.store.database import DatabaseError, migrations_dir, open_database, resolve_location, schema_head
from judge_app.store.models import FixedPoint, from_units


def test_pragmas_on_every_connection(db_path):
    db = open_database(str(db_path))
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    db.close()


def test_foreign_keys_enforced(db_path):
    db = open_database(str(db_path))
    with pytest.raises(Exception):
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO round (contest_id, position, key, name, decimals, tie_break) VALUES (999, 0, 'x', 'x', 2, '[]')"))
    db.close()


def test_migrations_match_the_models(db_path):
    db = open_database(str(db_path))
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), SQLModel.metadata)
    db.close()
    assert diff == []


def test_new_database_is_at_head(db_path):
    open_database(str(db_path)).close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema_head()


def test_older_file_is_copied_aside_then_upgraded(tmp_path, cli):
    """A database written at an older revision is backed up, then migrated, keeping its data."""
    scripts = tmp_path / "db"
    shutil.copytree(migrations_dir(), scripts)
    head = schema_head()
    (scripts / "versions" / "9999_test_extra.py").write_text(
        f'''"""test-only: a later schema"""
from alembic import op
import sqlalchemy as sa

revision = "9999test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("entry", sa.Column("note", sa.String(), nullable=True))


def downgrade():
    op.drop_column("entry", "note")
''',
        encoding="utf-8",
    )
    path = tmp_path / "old.sqlite"
    from conftest import DATA

    assert cli("--db", path, "init", DATA / "contest.toml").status == 0  # written at today's head
    db = open_database(str(path), script_location=scripts)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999test"
        assert "note" in [r[1] for r in conn.execute(text("PRAGMA table_info(entry)"))]
        assert conn.execute(text("SELECT COUNT(*) FROM entry")).scalar() == 7
    db.close()
    backups = list(tmp_path.glob(f"old.before-upgrade-{head}-*.sqlite"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    assert old.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 7


def test_newer_schema_refused(db_path):
    open_database(str(db_path)).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(str(db_path))


def test_foreign_sqlite_file_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="not a judge_app database"):
        open_database(str(path))


def test_location_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("JUDGE_APP_DB", str(tmp_path / "env.sqlite"))
    assert resolve_location(str(tmp_path / "cli.sqlite")) == str(tmp_path / "cli.sqlite")
    assert resolve_location(None) == str(tmp_path / "env.sqlite")
    monkeypatch.delenv("JUDGE_APP_DB")
    assert resolve_location(None).endswith("contest.sqlite")


@pytest.mark.parametrize("value", ["0", "33", "7.5", "8.25", "99.9999", "0.0001", "100"])
def test_fixed_point_round_trip_is_exact(value):
    units = FixedPoint().process_bind_param(D(value), None)
    assert isinstance(units, int)
    assert from_units(units) == D(value)


def test_fixed_point_refuses_excess_precision():
    with pytest.raises(ValueError):
        FixedPoint().process_bind_param(D("1.00001"), None)


def test_the_newest_revision_read_from_the_migration_files_is_alembics_head(tmp_path):
    """Opening a file compares its revision with the head read from db/versions without Alembic;
    both must agree, and a chain that is not one line falls back to Alembic (None here)."""
    from judge_app.store.database import _quick_head, migrations_dir, schema_head

    assert _quick_head(migrations_dir() / "versions") == schema_head()
    forked = tmp_path / "versions"
    forked.mkdir()
    (forked / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (forked / "b.py").write_text("revision: str = 'b'\ndown_revision: str | None = 'a'\n", encoding="utf-8")
    assert _quick_head(forked) == "b"
    (forked / "c.py").write_text('revision = "c"\ndown_revision = "a"\n', encoding="utf-8")
    assert _quick_head.__wrapped__(forked) is None
