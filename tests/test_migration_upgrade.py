"""A database made by an earlier release upgrades to the newest schema and keeps every row.

For every revision of the store's migrations (each one the schema some release shipped), a
database is built at that revision and filled (``tests/fixtures_old_schema.py``); then the
upgrade the app and the CLI run on start-up (``store.init_db``: ``alembic upgrade head``)
brings it to the newest schema. Every row of every old table must still be there with the
same values in the columns that still exist, and the store must work on it afterwards.
"""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.fixtures_old_schema import build_database_at, head, revisions, stored_rows
from utils import store
from utils.store import schema


def test_the_migrations_form_one_line_ending_at_the_schema_of_the_code():
    """One head, reached from the first revision; the list the upgrade tests walk is whole."""
    found = revisions()
    assert found[-1] == head()
    assert len(found) == len(set(found)) >= 1


@pytest.mark.postgres
@pytest.mark.parametrize("revision", revisions())
def test_a_database_of_an_earlier_release_upgrades_and_keeps_every_row(db_url, revision):
    """Built at ``revision``, upgraded to head: every old row kept, the store usable."""
    before = build_database_at(db_url, revision)
    assert all(before[name] for name in before), "every old table holds rows"

    engine = store.get_engine(db_url)
    store.init_db(engine)
    with engine.connect() as connection:
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        tables = set(sa.inspect(connection).get_table_names())
    assert version == head()
    assert set(schema.metadata.tables) <= tables

    after = stored_rows(db_url, [name for name in before if name in tables])
    for name, old_rows in before.items():
        assert name in after, f"table {name} disappeared"
        new_rows = after[name]
        assert len(new_rows) == len(old_rows), f"{name}: rows lost or added"
        common = [column for column in old_rows[0] if column in new_rows[0]]
        assert [{c: row[c] for c in common} for row in new_rows] == [
            {c: row[c] for c in common} for row in old_rows
        ], f"rows of {name} changed"

    # The upgraded store works: a new load lands beside the old rows and can be undone.
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-05", "2025-01-06"]),
            "region": ["KZ-75", "KZ-10"],
            "enterprise_bin": [None, None],
            "enterprise_name": ["Gamma", "Delta"],
            "workers": [3, 4],
        }
    )
    old_batches = len(before["batches"])
    batch_id = store.load_batch(
        engine, "layoffs", frame, file_name="after-upgrade.csv", sha256=None, user="anna",
        rows_read=2,
    )  # fmt: skip
    batches = store.list_batches(engine)
    assert len(batches) == old_batches + 1
    assert batches.set_index("id").loc[batch_id, "rows_loaded"] == 2
    store.undo_batch(engine, batch_id, user="anna")
    assert stored_rows(db_url, ["layoffs"])["layoffs"] == before["layoffs"]
    engine.dispose()


@pytest.mark.postgres
def test_the_upgrade_to_0003_sums_the_stored_appeals_by_enterprise_and_month(db_url):
    """Old batches get their per-enterprise totals, and undoing one removes its share."""
    build_database_at(db_url, "0002")
    engine = store.get_engine(db_url)
    by_category = schema.appeals_enterprise_month
    stored = pd.DataFrame(stored_rows(db_url, [by_category.name])[by_category.name])
    # The same batch, month and BIN in two more regions and categories: rows to add up.
    more = stored.assign(region="KZ-10", category="dismissal", appeals=7, people=9)
    with engine.begin() as connection:
        connection.execute(by_category.insert(), more.to_dict("records"))
        connection.execute(
            by_category.insert(),
            more.assign(category="other", collective_appeals=2).to_dict("records"),
        )
    rows = pd.DataFrame(stored_rows(db_url, [by_category.name])[by_category.name])
    keys = ["batch_id", "month", "enterprise_bin"]
    expected = rows.groupby(keys, as_index=False)[["appeals", "collective_appeals", "people"]].sum()
    assert len(expected) == len(stored) and len(rows) == 3 * len(stored)

    store.init_db(engine)
    totals = schema.appeals_enterprise_totals.name
    found = pd.DataFrame(stored_rows(db_url, [totals])[totals]).sort_values(keys, ignore_index=True)
    assert found[expected.columns].to_dict("records") == expected.to_dict("records")

    first = int(expected["batch_id"].min())
    store.undo_batch(engine, first, user="anna")
    left = pd.DataFrame(stored_rows(db_url, [totals])[totals])
    kept = expected.loc[expected["batch_id"] != first, "batch_id"]
    assert sorted(left["batch_id"]) == sorted(kept)
    engine.dispose()
