"""The registry of fictitious enterprises of the demo data set."""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.demo.names import enterprise_bins, enterprise_names
from utils.demo.places import jittered_points, pick_settlements
from utils.demo.stories import STORY_ENTERPRISES

ENTERPRISES = 2000

#: Share of enterprises by OKED section (before the regional mix below).
INDUSTRY_SHARES: dict[str, float] = {
    "A": 0.16, "B": 0.06, "C": 0.16, "D": 0.03, "E": 0.02, "F": 0.17, "G": 0.12,
    "H": 0.08, "I": 0.03, "J": 0.02, "K": 0.01, "L": 0.02, "M": 0.02, "N": 0.03,
    "P": 0.02, "Q": 0.03, "R": 0.01, "S": 0.01,
}

#: How much more (or less) common a section is in a region than nationally.
REGION_AFFINITY: dict[tuple[str, str], float] = {
    ("B", "KZ-23"): 4, ("B", "KZ-47"): 4, ("B", "KZ-27"): 2, ("B", "KZ-35"): 3,
    ("B", "KZ-62"): 5, ("B", "KZ-63"): 3, ("B", "KZ-10"): 2, ("B", "KZ-15"): 2,
    ("B", "KZ-43"): 2, ("B", "KZ-71"): 0.1, ("B", "KZ-75"): 0.1, ("B", "KZ-79"): 0.2,
    ("A", "KZ-59"): 3, ("A", "KZ-39"): 3, ("A", "KZ-11"): 3, ("A", "KZ-61"): 2,
    ("A", "KZ-31"): 1.5, ("A", "KZ-71"): 0.05, ("A", "KZ-75"): 0.05, ("A", "KZ-79"): 0.2,
    ("C", "KZ-55"): 2, ("C", "KZ-35"): 2, ("C", "KZ-63"): 1.5, ("C", "KZ-15"): 1.5,
    ("J", "KZ-71"): 3, ("J", "KZ-75"): 3, ("K", "KZ-71"): 3, ("K", "KZ-75"): 3,
}

#: Median headcount by section (log-normal spread around it).
MEDIAN_HEADCOUNT: dict[str, float] = {
    "A": 45, "B": 350, "C": 150, "D": 220, "E": 120, "F": 70, "G": 25, "H": 70, "I": 30,
}
DEFAULT_MEDIAN_HEADCOUNT = 40.0

#: Relative propensity to fall into wage arrears by section (construction and farming most).
ARREARS_RISK: dict[str, float] = {
    "A": 1.6, "B": 1.1, "C": 1.3, "D": 0.6, "E": 1.2, "F": 2.0, "G": 0.7, "H": 1.2,
}
DEFAULT_ARREARS_RISK = 0.6


def make_enterprises(rng: np.random.Generator, regions: pd.DataFrame,
                     settlements: pd.DataFrame, count: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the enterprise registry and each enterprise's propensity to wage arrears.

    Parameters
    ----------
    rng : numpy.random.Generator
        The data set's seeded generator.
    regions : pandas.DataFrame
        The region reference (``geo.load_regions()``).
    settlements : pandas.DataFrame
        From :func:`utils.demo.places.region_settlements`.
    count : int
        Number of enterprises besides the planted-story ones.

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray)
        The canonical ``enterprises`` frame (bin, name, region, industry, settlement, lat,
        lon, headcount), planted-story enterprises first, and a relative monthly arrears
        propensity per row (0 for the planted-story enterprises, whose arrears are written
        by their stories).
    """
    codes = regions["code"].to_numpy()
    sections = np.array(list(INDUSTRY_SHARES))
    weights = regions["population"].to_numpy(float) ** 0.9
    joint = np.outer(weights / weights.sum(), [INDUSTRY_SHARES[s] for s in sections])
    for (section, code), factor in REGION_AFFINITY.items():
        joint[np.flatnonzero(codes == code), np.flatnonzero(sections == section)] *= factor
    joint = joint.ravel() / joint.sum()
    cell = rng.choice(joint.size, size=count, p=joint)
    region = codes[cell // len(sections)]
    industry = sections[cell % len(sections)]

    median = np.array([MEDIAN_HEADCOUNT.get(s, DEFAULT_MEDIAN_HEADCOUNT) for s in industry])
    headcount = np.clip(np.round(median * rng.lognormal(0.0, 0.9, size=count)), 5, 6000)
    risk = np.array([ARREARS_RISK.get(s, DEFAULT_ARREARS_RISK) for s in industry])
    risk = risk * rng.lognormal(0.0, 0.8, size=count)

    story = pd.DataFrame(list(STORY_ENTERPRISES))
    bins = enterprise_bins(rng, count, taken=set(story["bin"]))
    names = enterprise_names(rng, industry, taken=set(story["name"]))
    place = pick_settlements(rng, settlements, region)
    lat, lon = jittered_points(rng, settlements.loc[place, "lat"].to_numpy(),
                               settlements.loc[place, "lon"].to_numpy(), region)
    random_part = pd.DataFrame({
        "bin": bins, "name": names, "region": region, "industry": industry,
        "settlement": settlements.loc[place, "settlement"].to_numpy(), "lat": lat,
        "lon": lon, "headcount": headcount.astype(np.int64),
    })
    story_part = _place_story_enterprises(story, settlements)
    frame = pd.concat([story_part, random_part], ignore_index=True)
    frame["headcount"] = frame["headcount"].astype(np.int64)
    for column in ("bin", "name", "region", "industry", "settlement"):
        frame[column] = frame[column].astype(object)
    propensity = np.concatenate([np.zeros(len(story_part)), risk])
    return frame, propensity


def _place_story_enterprises(story: pd.DataFrame, settlements: pd.DataFrame) -> pd.DataFrame:
    """Return the planted-story enterprises at their named settlement (else the largest)."""
    rows = []
    for item in story.to_dict("records"):
        own = settlements[settlements["region"] == item["region"]]
        named = own[own["settlement"] == item["settlement"]]
        place = named.iloc[0] if len(named) else own.iloc[0]
        rows.append({**item, "settlement": place["settlement"], "lat": float(place["lat"]),
                     "lon": float(place["lon"])})
    columns = ["bin", "name", "region", "industry", "settlement", "lat", "lon", "headcount"]
    return pd.DataFrame(rows)[columns]
