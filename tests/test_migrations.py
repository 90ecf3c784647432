"""Migrations: init_db builds the whole schema on an empty database; a second run is a no-op."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from utils import store
from utils.store import schema


def test_init_db_creates_every_table_and_matches_the_schema(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert set(schema.metadata.tables) | {"alembic_version"} == tables
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, schema.metadata) == []
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == "0009"
        regions = conn.execute(sa.select(schema.regions.c.code, schema.regions.c.population))
        regions = dict(regions.all())
    assert len(regions) == 20 and all(value > 0 for value in regions.values())
    engine.dispose()


def test_init_db_twice_changes_nothing(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    version = store.data_version(engine)
    with engine.connect() as conn:
        before = conn.execute(sa.select(schema.regions).order_by(schema.regions.c.code)).all()
    store.init_db(engine)
    with engine.connect() as conn:
        after = conn.execute(sa.select(schema.regions).order_by(schema.regions.c.code)).all()
        assert conn.execute(sa.text("select count(*) from alembic_version")).scalar() == 1
    assert before == after
    assert store.data_version(engine) == version
    engine.dispose()


def test_init_db_keeps_loaded_rows(db_url):
    import pandas as pd

    engine = store.get_engine(db_url)
    store.init_db(engine)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-05"]),
            "region": ["KZ-75"],
            "enterprise_bin": [None],
            "enterprise_name": ["Gamma"],
            "workers": [3],
        }
    )
    store.load_batch(
        engine, "layoffs", frame, file_name="l.csv", sha256=None, user="a", rows_read=1
    )
    store.init_db(engine)
    assert store.list_batches(engine)["rows_loaded"].tolist() == [1]
    engine.dispose()


def test_postgresql_gets_the_index_methods_and_collations_the_schema_names(pg_url):
    """What Alembic's comparison does not see: BRIN indexes and bytewise text on PostgreSQL."""
    engine = store.get_engine(pg_url)
    store.init_db(engine)
    methods = sa.text(
        "SELECT c.relname, am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam"
        " WHERE c.relkind = 'i'"
    )
    collations = sa.text(
        "SELECT table_name, column_name, collation_name FROM information_schema.columns"
        " WHERE table_schema = 'public'"
    )
    with engine.connect() as conn:
        method_of = dict(conn.execute(methods).all())
        collation_of = {(t, c): name for t, c, name in conn.execute(collations)}
    expected_methods, expected_collations = {}, {}
    for table in schema.metadata.tables.values():
        for index in table.indexes:
            expected_methods[index.name] = index.dialect_options["postgresql"]["using"] or "btree"
        for column in table.columns:
            declared = getattr(column.type.dialect_impl(engine.dialect), "collation", None)
            expected_collations[(table.name, column.name)] = declared
    assert {name: method_of[name] for name in expected_methods} == expected_methods
    assert {key: collation_of[key] for key in expected_collations} == expected_collations
    assert method_of["ix_appeals_batch_id"] == "brin"
    assert collation_of[("appeals", "appeal_id")] == "C"
    engine.dispose()
