"""Spatial weights between the 20 units for the early-warning statistics (Gi*, Moran's I)."""

from __future__ import annotations

from functools import lru_cache

from geo.geometry import BoundaryError, browser_boundaries

# Each city of republican significance lies inside exactly one region.
ENCLOSED_CITIES = {"KZ-71": "KZ-11", "KZ-75": "KZ-19", "KZ-79": "KZ-61"}


@lru_cache(maxsize=1)
def _queen():
    from libpysal.weights import Queen

    frame = browser_boundaries()
    weights = Queen.from_dataframe(frame, ids="code", use_index=False, silence_warnings=True)
    if weights.islands:
        raise BoundaryError(f"Units without a neighbour in the boundaries: {weights.islands}")
    for city, region in ENCLOSED_CITIES.items():
        if weights.neighbors[city] != [region]:
            raise BoundaryError(
                f"{city} should touch only {region}; its neighbours are {weights.neighbors[city]}"
            )
    return weights


def region_weights():
    """Return queen-contiguity weights of the 20 units (``libpysal.weights.W``).

    Built from the clean coverage (neighbours share identical borders, so contiguity is
    exact); ids are the ISO codes in ascending order; row-standardise with
    ``w.transform = "r"`` on a copy if needed. Raises :class:`BoundaryError` when a unit has
    no neighbour or a city of republican significance touches more than its region.
    """
    from libpysal.weights import W

    queen = _queen()
    return W(
        {k: list(v) for k, v in queen.neighbors.items()},
        {k: list(v) for k, v in queen.weights.items()},
        id_order=list(queen.id_order),
        silence_warnings=True,
    )
