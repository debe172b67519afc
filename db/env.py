"""Alembic environment for the contest database.

The app runs migrations itself (`judge_app.store.database.open_database`) and passes its
connection in; `alembic -c db/alembic.ini ...` also works for developers writing a migration.
"""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import judge_app.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run_with(conn)
