"""A throw-away PostgreSQL database on a test server, for the tests and bench/bench_lan.py."""

from __future__ import annotations


def scratch_database(base: str, prefix: str):
    """Create a fresh, empty database next to `base` (a role that may CREATE DATABASE); returns (location, drop)."""
    import time
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        """Drop it; an autovacuum worker still attached is waited for, and at worst the database is left behind."""
        for _ in range(25):
            try:
                with psycopg.connect(base, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(0.2)

    return base.rsplit("/", 1)[0] + "/" + name, drop


def migrated_template(base: str, prefix: str):
    """A database migrated to the newest schema, to copy (`copy_database`): running the
    migrations takes seconds, copying a database about one. Returns (name, drop)."""
    location, drop = scratch_database(base, prefix)
    from judge_app.store.database import open_database

    open_database(location).close()  # no connection may stay open on a template
    return location.rsplit("/", 1)[1], drop


def copy_database(base: str, template: str, prefix: str):
    """A fresh database copied from `template`; returns (location, drop) like `scratch_database`."""
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop():
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return base.rsplit("/", 1)[0] + "/" + name, drop


def empty_tables(location: str) -> bool:
    """Empty every table but `alembic_version` and restart the id sequences: the database is then
    as a fresh copy of the template is, for the next test (a DROP DATABASE waits for a checkpoint,
    seconds on a busy machine). Other sessions on it are ended first. False when it could not be done."""
    import psycopg

    try:
        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            conn.execute("SET lock_timeout = '5s'")
            tables = conn.execute("SELECT string_agg(format('%I', tablename), ', ') FROM pg_tables "
                                  "WHERE schemaname = 'public' AND tablename <> 'alembic_version'").fetchone()[0]
            if tables:
                conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return True
    except psycopg.Error:
        return False
