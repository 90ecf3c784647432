"""The synthetic demo data set: deterministic, clearly labelled, with planted stories.

The default database starts with this data set so that every screen is useful on first run.
:func:`generate` builds the six canonical frames (the same shape ingest hands to the store)
from a fixed integer seed, drawing on the sibling modules (``enterprises``, ``arrears``,
``appeals``, ``events``); :func:`load_demo` writes them as demo batches and
:func:`remove_demo` undoes them. Volumes follow the public figures: about 2 000 fictitious
enterprises, about 650 thousand appeals over 36 months, arrears repaid of the order of 2-3 bn
KZT to 25-35 thousand workers a year. The stories the early warning should find are
documented in :data:`utils.demo.stories.PLANTED_STORIES`.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

import geo
from utils.demo.appeals import make_appeals
from utils.demo.arrears import simulate_arrears
from utils.demo.enterprises import ENTERPRISES, make_enterprises
from utils.demo.events import make_incidents, make_layoffs, make_region_stats
from utils.demo.places import region_settlements
from utils.demo.stories import DEFAULT_SEED, MONTHS, month_labels
from utils.ingest import get_kind

#: Enterprises first (the other kinds refer to them), official tables last.
KINDS_IN_LOAD_ORDER = ("enterprises", "arrears", "appeals", "layoffs", "incidents",
                       "region_stats")
DEMO_USER = "demo"

# Independent random streams per part, so that changing one part leaves the others alone.
_STREAMS = ("enterprises", "arrears", "appeals", "layoffs", "incidents")


def generate(seed: int = DEFAULT_SEED, end_month: str | None = None,
             scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Return the synthetic data set as canonical frames, one per extract kind.

    Parameters
    ----------
    seed : int
        The seed of every random draw; the same seed and ``end_month`` give identical frames.
    end_month : str, optional
        Last month of the 36, 'YYYY-MM'; default the last full month before today.
    scale : float
        Volume relative to the full data set (enterprises, appeals and everything that
        follows from them); the planted stories keep their full size. Small values make
        quick tests.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keys ``enterprises``, ``arrears``, ``appeals``, ``layoffs``, ``incidents`` and
        ``region_stats``; columns as in the data contract.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 < scale <= 10:
        raise ValueError(f"scale must be in (0, 10], got {scale!r}")
    labels = month_labels(end_month, MONTHS)
    month_starts = pd.DatetimeIndex(pd.PeriodIndex(labels, freq="M").start_time)
    month_ends = month_starts + pd.offsets.MonthEnd(0)
    streams = dict(zip(_STREAMS, (np.random.default_rng(s) for s in
                                  np.random.SeedSequence(int(seed)).spawn(len(_STREAMS))),
                       strict=True))
    regions = geo.load_regions()
    codes = regions["code"].to_numpy()
    settlements = region_settlements()

    enterprises, propensity = make_enterprises(
        streams["enterprises"], regions, settlements, max(1, round(ENTERPRISES * scale)))
    arrears = simulate_arrears(streams["arrears"], enterprises, propensity, month_ends, codes,
                               scale)
    appeals = make_appeals(streams["appeals"], regions, enterprises, arrears, settlements,
                           month_starts, scale)
    layoffs = make_layoffs(streams["layoffs"], enterprises, arrears, month_starts)
    incidents = make_incidents(streams["incidents"], enterprises, arrears, month_starts)
    region_stats = make_region_stats(enterprises, arrears, codes, month_starts)
    frames = {
        "enterprises": enterprises, "arrears": arrears, "appeals": appeals,
        "layoffs": layoffs, "incidents": incidents, "region_stats": region_stats,
    }
    # Columns the demo does not fill (the district of a region statistic) stay empty.
    return {kind: frame.reindex(columns=get_kind(kind).column_names)
            for kind, frame in frames.items()}


def frame_sha256(kind: str, frame: pd.DataFrame) -> str:
    """Return a deterministic SHA-256 digest of a frame's content (for the batch record)."""
    digest = hashlib.sha256(f"synthetic-demo-{kind}".encode())
    digest.update(",".join(frame.columns).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def load_demo(engine, seed: int = DEFAULT_SEED, end_month: str | None = None,
              scale: float = 1.0) -> dict[str, int]:
    """Generate the demo data set and store each kind as one demo batch.

    Parameters
    ----------
    engine : sqlalchemy.Engine or sqlalchemy.Connection
        The initialised store (see ``utils.store.init_db``).
    seed, end_month, scale
        As in :func:`generate`.

    Returns
    -------
    dict of str to int
        The batch id of each kind, in load order.
    """
    from utils import ingest, store  # imported here: the generator itself needs no database

    frames = generate(seed, end_month, scale)
    batches: dict[str, int] = {}
    for kind in KINDS_IN_LOAD_ORDER:
        frame = frames[kind]
        sha256 = frame_sha256(kind, frame)
        ingest.assign_districts(kind, frame)  # as an upload of the same rows would
        batches[kind] = store.load_batch(
            engine, kind, frame, file_name=f"synthetic-demo-{kind}",
            sha256=sha256, user=DEMO_USER, rows_read=len(frame), is_demo=True)
    return batches


def remove_demo(engine, user: str | None = None) -> list[int]:
    """Undo every loaded demo batch and return their ids (oldest first).

    The first real upload calls this so synthetic and real figures are never mixed on a
    screen: while any demo batch is loaded, every screen labels the data as synthetic.
    """
    from utils import store

    batches = store.list_batches(engine)
    demo = batches[(batches["status"] == "loaded") & batches["is_demo"].astype(bool)]
    removed = []
    for batch_id in sorted(int(b) for b in demo["id"]):
        store.undo_batch(engine, batch_id, user)
        removed.append(batch_id)
    return removed
