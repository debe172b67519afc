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
