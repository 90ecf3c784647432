"""Where the fictitious enterprises of the demo data set stand: real settlements of each region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.settlements import point_regions
from geo.settlements import settlements as geo_settlements

# Enterprises stand within about a kilometre or two of their settlement's centre.
JITTER_DEGREES = 0.012
EXCLUDED_SETTLEMENTS = ("Baikonur",)


def region_settlements() -> pd.DataFrame:
    """Return real settlements by region: DataFrame[settlement, region, lat, lon, population].

    ``settlement`` is the Russian name (the interface's default language). Places outside
    the 20 units' administration (Baikonur, leased to Russia) hold no demo enterprises.
    """
    found = geo_settlements()
    found = found[found["region"].notna() & ~found["name"].isin(EXCLUDED_SETTLEMENTS)]
    names = found["name_ru"].where(found["name_ru"].notna(), found["name"])
    frame = pd.DataFrame({
        "settlement": names.astype(object), "region": found["region"].astype(object),
        "lat": found["lat"].astype(float), "lon": found["lon"].astype(float),
        "population": found["population"].fillna(20_000).astype(float),
    })
    frame = frame.drop_duplicates(["settlement", "region"])
    return frame.sort_values(["region", "population", "settlement"],
                             ascending=[True, False, True], ignore_index=True)


def pick_settlements(rng: np.random.Generator, settlements: pd.DataFrame,
                     regions: np.ndarray, power: float = 0.8) -> np.ndarray:
    """Return, for each entry of ``regions``, the row index of a settlement of that region.

    Settlements are drawn with weights ``population ** power`` (larger places hold more
    enterprises and more appellants), vectorised: one sorted array of cumulative weights in
    which region ``r`` occupies the interval ``[r, r + 1)``.
    """
    codes = sorted(settlements["region"].unique())
    code_index = {code: i for i, code in enumerate(codes)}
    ordered = settlements.assign(_r=settlements["region"].map(code_index))
    ordered = ordered.sort_values("_r", kind="stable")
    weights = np.maximum(ordered["population"].to_numpy(float), 100.0) ** power
    group = ordered["_r"].to_numpy()
    totals = pd.Series(weights).groupby(group).transform("sum").to_numpy()
    within = pd.Series(weights / totals).groupby(group).cumsum().to_numpy()
    cumulative = group + np.minimum(within, 1.0)
    unknown = sorted(set(regions) - set(code_index))
    if unknown:
        raise KeyError(f"No settlements for regions: {', '.join(map(str, unknown))}")
    wanted = np.array([code_index[c] for c in regions], dtype=float)
    target = wanted + rng.random(len(regions)) * (1 - 1e-9)
    position = np.searchsorted(cumulative, target, side="right")
    position = np.minimum(position, len(ordered) - 1)
    return ordered.index.to_numpy()[position]


def jittered_points(rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray,
                    regions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the points moved a little around their settlements, kept inside their region.

    A moved point that falls outside its region (a settlement near a border) goes back to
    the settlement itself.
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    new_lat = lat + rng.normal(0.0, JITTER_DEGREES, size=len(lat))
    new_lon = lon + rng.normal(0.0, JITTER_DEGREES * 1.5, size=len(lon))
    found = np.asarray(point_regions(new_lat, new_lon), dtype=object)
    outside = found != np.asarray(regions, dtype=object)
    new_lat[outside] = lat[outside]
    new_lon[outside] = lon[outside]
    return np.round(new_lat, 5), np.round(new_lon, 5)
