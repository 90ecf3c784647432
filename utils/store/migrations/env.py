"""Alembic environment of the store: runs on the connection handed over by ``init_db``."""

from __future__ import annotations

from alembic import context

from utils.store.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Command-line use (`alembic upgrade head` with -x url=... or DATABASE_URL).
        from utils.store.engine import get_engine

        url = context.get_x_argument(as_dictionary=True).get("url")
        engine = get_engine(url)
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
        engine.dispose()
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("The store's migrations run online only (init_db or `alembic upgrade`).")
run_migrations_online()
