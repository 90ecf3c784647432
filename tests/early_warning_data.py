"""Builders of early-warning test data whose truth is known: panels and hand-made weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
from libpysal.weights import W

# Hand-made Queen contiguity of the 20 units (the cities each touch the one region around
# them); the same neighbours as geo.region_weights() builds from the boundaries, written out
# so the statistics tests do not depend on the boundary files.
KZ_NEIGHBOURS: dict[str, list[str]] = {
    "KZ-10": ["KZ-63", "KZ-55", "KZ-35", "KZ-33"],
    "KZ-11": ["KZ-71", "KZ-59", "KZ-39", "KZ-35", "KZ-55"],
    "KZ-15": ["KZ-27", "KZ-23", "KZ-47", "KZ-39", "KZ-62", "KZ-43"],
    "KZ-19": ["KZ-75", "KZ-31", "KZ-33", "KZ-35"],
    "KZ-23": ["KZ-27", "KZ-15", "KZ-47"],
    "KZ-27": ["KZ-23", "KZ-15"],
    "KZ-31": ["KZ-61", "KZ-35", "KZ-19", "KZ-62"],
    "KZ-33": ["KZ-19", "KZ-10", "KZ-35"],
    "KZ-35": ["KZ-11", "KZ-55", "KZ-10", "KZ-33", "KZ-19", "KZ-31", "KZ-62", "KZ-39"],
    "KZ-39": ["KZ-15", "KZ-62", "KZ-11", "KZ-59", "KZ-35"],
    "KZ-43": ["KZ-15", "KZ-62", "KZ-61"],
    "KZ-47": ["KZ-23", "KZ-15"],
    "KZ-55": ["KZ-59", "KZ-11", "KZ-35", "KZ-10"],
    "KZ-59": ["KZ-11", "KZ-39", "KZ-55"],
    "KZ-61": ["KZ-43", "KZ-79", "KZ-31", "KZ-62"],
    "KZ-62": ["KZ-39", "KZ-35", "KZ-15", "KZ-43", "KZ-61", "KZ-31"],
    "KZ-63": ["KZ-10"],
    "KZ-71": ["KZ-11"],
    "KZ-75": ["KZ-19"],
    "KZ-79": ["KZ-61"],
}
CODES = sorted(KZ_NEIGHBOURS)


def kz_weights() -> W:
    """Return the hand-made Queen weights of the 20 units (ids = ISO codes)."""
    return W(KZ_NEIGHBOURS, id_order=CODES, silence_warnings=True)


def grid_weights(rows: int, cols: int) -> W:
    """Return rook weights of a small grid with ids ``U00``, ``U01``..."""
    ids = [f"U{r}{c}" for r in range(rows) for c in range(cols)]
    neighbours = {}
    for r in range(rows):
        for c in range(cols):
            near = [(r + dr, c + dc) for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))]
            neighbours[f"U{r}{c}"] = [f"U{a}{b}" for a, b in near if 0 <= a < rows and
                                      0 <= b < cols]
    return W(neighbours, id_order=ids, silence_warnings=True)


def months(start: str, count: int) -> list[str]:
    return [str(pd.Period(start, "M") + k) for k in range(count)]


def seasonal_cycle(count: int, amplitude: float, start_month: int = 1) -> np.ndarray:
    """Return 1 + amplitude * cos(...) peaking in January."""
    calendar = (np.arange(count) + start_month - 1) % 12
    return 1.0 + amplitude * np.cos(2 * np.pi * calendar / 12)


def region_panel(series: dict[str, dict[str, np.ndarray]], start: str = "2023-01",
                 count: int = 36, seed: int = 7, base_appeals: float = 400.0) -> pd.DataFrame:
    """Return a region-month panel of the 20 units.

    ``series`` maps a code to indicator arrays that replace the default for that unit;
    other units get stable Poisson noise around region-size-scaled levels.
    """
    rng = np.random.default_rng(seed)
    rows = []
    month_list = months(start, count)
    for k, code in enumerate(CODES):
        population = 500_000.0 + 50_000.0 * k
        employed = population * 0.45
        size = population / 1e6
        default = {
            "appeals": rng.poisson(base_appeals * size, count).astype(float),
            "collective_appeals": rng.poisson(20 * size, count).astype(float),
            "arrears_kzt": 200e6 * size * rng.normal(1.0, 0.05, count),
            "workers_owed": np.round(800 * size * rng.normal(1.0, 0.05, count)),
            "layoffs": rng.poisson(60 * size, count).astype(float),
            "incidents": rng.poisson(0.3, count).astype(float),
        }
        default.update(series.get(code, {}))
        for t, month in enumerate(month_list):
            rows.append({
                "code": code, "month": month,
                "appeals": default["appeals"][t],
                "collective_appeals": default["collective_appeals"][t],
                "people": default["appeals"][t] * 3,
                "arrears_kzt": default["arrears_kzt"][t],
                "workers_owed": default["workers_owed"][t],
                "repaid_kzt": 0.0, "workers_repaid": 0.0,
                "layoffs": default["layoffs"][t],
                "incidents": default["incidents"][t],
                "population": population, "employed": employed,
            })
    return pd.DataFrame(rows)


def enterprise_rows(bin_: str, region: str, month_list: list[str],
                    columns: dict[str, np.ndarray], name: str | None = None) -> pd.DataFrame:
    """Return enterprise-month rows of one enterprise (only months with any record)."""
    frame = pd.DataFrame({"month": month_list})
    for column in ("arrears_kzt", "workers_owed", "overdue_months", "appeals",
                   "collective_appeals", "people", "layoffs", "incidents"):
        frame[column] = np.asarray(columns.get(column, np.zeros(len(month_list))), dtype=float)
    frame["bin"] = bin_
    frame["name"] = name or f"Enterprise {bin_}"
    frame["region"] = region
    frame["industry"] = "C"
    values = frame[["arrears_kzt", "workers_owed", "appeals", "layoffs", "incidents"]]
    return frame.loc[values.sum(axis=1) > 0].reset_index(drop=True)


def _month(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.strftime("%Y-%m")


def panels_from_frames(frames: dict[str, pd.DataFrame],
                       month_list: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Aggregate canonical frames into the two early-warning panels, as the store defines them.

    Lets the early warning run on the demo generator without a database.
    """
    from geo.reference import load_regions

    reference = load_regions().set_index("code")
    appeals = frames["appeals"].assign(month=lambda f: _month(f["date"]))
    appeals["collective"] = (appeals["people"] > 1).astype(int)
    arrears = frames["arrears"].assign(month=lambda f: _month(f["report_date"]))
    layoffs = frames["layoffs"].assign(month=lambda f: _month(f["date"]))
    incidents = frames["incidents"].assign(month=lambda f: _month(f["date"]))

    grid = pd.MultiIndex.from_product([CODES, month_list], names=["code", "month"])
    region = pd.DataFrame(index=grid)
    by = ["region", "month"]
    region["appeals"] = appeals.groupby(by).size()
    region["collective_appeals"] = appeals.groupby(by)["collective"].sum()
    region["people"] = appeals.groupby(by)["people"].sum()
    region["arrears_kzt"] = arrears.groupby(by)["amount_kzt"].sum()
    region["workers_owed"] = arrears.groupby(by)["workers"].sum()
    region["repaid_kzt"] = arrears.groupby(by)["repaid_kzt"].sum()
    region["workers_repaid"] = arrears.groupby(by)["workers_repaid"].sum()
    region["layoffs"] = layoffs.groupby(by)["workers"].sum()
    region["incidents"] = incidents.groupby(by).size()
    region = region.fillna(0.0).reset_index()
    region["population"] = region["code"].map(reference["population"])
    region["employed"] = region["code"].map(reference["employed"])

    registry = frames["enterprises"].set_index("bin")
    by = ["enterprise_bin", "month"]
    parts = {
        "arrears_kzt": arrears.groupby(by)["amount_kzt"].sum(),
        "workers_owed": arrears.groupby(by)["workers"].sum(),
        "overdue_months": arrears.groupby(by)["overdue_months"].max(),
        "appeals": appeals.dropna(subset=["enterprise_bin"]).groupby(by).size(),
        "collective_appeals": appeals.dropna(subset=["enterprise_bin"]).groupby(by)[
            "collective"].sum(),
        "people": appeals.dropna(subset=["enterprise_bin"]).groupby(by)["people"].sum(),
        "layoffs": layoffs.groupby(by)["workers"].sum(),
        "incidents": incidents.dropna(subset=["enterprise_bin"]).groupby(by).size(),
    }
    firms = pd.DataFrame(parts).fillna(0.0).reset_index()
    firms = firms.rename(columns={"enterprise_bin": "bin"})
    firms = firms.loc[firms["month"].isin(month_list)]
    firms["name"] = firms["bin"].map(registry["name"])
    firms["region"] = firms["bin"].map(registry["region"])
    firms["industry"] = firms["bin"].map(registry["industry"])
    return region, firms.reset_index(drop=True)
