"""Citizens' appeals of the demo data set: about 650 thousand over three years.

Three sources add up: a background stream by region and month (population-weighted,
seasonal, with the planted regional stories multiplied in), appeals about wage arrears from
the workers of enterprises in arrears, and the appeals written by the planted enterprise
stories. Everything is drawn in whole arrays; no loop runs over appeals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.demo.places import pick_settlements
from utils.demo.stories import get_story

APPEALS_PER_MONTH = 17_800  # background stream, whole country, at scale 1

CATEGORY_SHARES: dict[str, float] = {
    "wage_arrears": 0.22, "dismissal": 0.15, "layoffs": 0.06, "working_conditions": 0.10,
    "safety": 0.05, "labor_contract": 0.17, "social_benefits": 0.13, "other": 0.12,
}
#: Categories an appeal names an employer for, and how often it does.
EMPLOYER_CATEGORIES = ("wage_arrears", "dismissal", "layoffs", "working_conditions", "safety",
                       "labor_contract")
EMPLOYER_SHARE = 0.3
COLLECTIVE_SHARE = 0.06
SETTLEMENT_SHARE = 0.5
DISTRICT_SHARE = 0.3

#: National seasonal profile, January first: more appeals after the year end, fewer in summer.
NATIONAL_SEASON = np.array([1.08, 1.10, 1.07, 1.02, 0.97, 0.93, 0.90, 0.91, 0.98, 1.01,
                            1.02, 1.01])
SEASONAL_STORY_AMPLITUDE = 0.42  # January x1.42, July x0.58 in the seasonal region
RISING_STORY_MONTHLY_GROWTH = 0.04
CLUSTER_STORY_GAIN = 0.7

#: (offset from the last month, collective appeals, people in each) of the planted stories.
STOPPAGE_STORY_APPEALS: tuple[tuple[int, int, int], ...] = (
    (-9, 1, 12), (-8, 2, 18), (-7, 2, 25), (-6, 3, 30), (-5, 3, 45), (-4, 4, 60),
    (-3, 5, 85), (-2, 6, 110), (-1, 8, 140), (0, 6, 120),
)
LAYOFF_STORY_APPEALS: tuple[tuple[int, int, int], ...] = ((-7, 2, 90), (-6, 3, 60),
                                                          (-5, 2, 40))


def appeal_rates(rng: np.random.Generator, regions: pd.DataFrame,
                 month_starts: pd.DatetimeIndex, scale: float) -> np.ndarray:
    """Return the expected background appeals per (region, month), planted stories included.

    Parameters
    ----------
    rng : numpy.random.Generator
        The data set's seeded generator.
    regions : pandas.DataFrame
        The region reference, one row per code.
    month_starts : pandas.DatetimeIndex
        First day of each month of the data set.
    scale : float
        Volume relative to the full data set.
    """
    months = len(month_starts)
    codes = regions["code"].to_numpy()
    population = regions["population"].to_numpy(float)
    level = rng.lognormal(0.0, 0.2, size=len(codes))
    level /= np.average(level, weights=population)
    share = population * level / (population * level).sum()
    season = NATIONAL_SEASON[month_starts.month.to_numpy() - 1]
    rates = APPEALS_PER_MONTH * scale * np.outer(share, season)

    seasonal = get_story("seasonal_region")
    angle = 2 * np.pi * (month_starts.month.to_numpy() - 1) / 12
    rates[np.isin(codes, seasonal.regions)] *= 1 + SEASONAL_STORY_AMPLITUDE * np.cos(angle)

    rising = get_story("rising_region")
    since = np.arange(months) - (months - 1 + rising.first_offset) + 1
    growth = (1 + RISING_STORY_MONTHLY_GROWTH) ** np.clip(since, 0, None)
    rates[np.isin(codes, rising.regions)] *= growth

    cluster = get_story("rising_cluster")
    first = months - 1 + cluster.first_offset
    ramp = np.clip((np.arange(months) - first + 1) / (months - first), 0, 1)
    rates[np.isin(codes, cluster.regions)] *= 1 + CLUSTER_STORY_GAIN * ramp
    return rates * rng.lognormal(0.0, 0.03, size=rates.shape)


def make_appeals(rng: np.random.Generator, regions: pd.DataFrame, enterprises: pd.DataFrame,
                 arrears: pd.DataFrame, settlements: pd.DataFrame,
                 month_starts: pd.DatetimeIndex, scale: float) -> pd.DataFrame:
    """Return the canonical ``appeals`` frame, sorted by date, with unique ``appeal_id``."""
    codes = regions["code"].to_numpy()
    rates = appeal_rates(rng, regions, month_starts, scale)
    counts = rng.poisson(rates)
    region_idx, month_idx = np.nonzero(counts)
    n = counts[region_idx, month_idx]
    region = codes[np.repeat(region_idx, n)]
    month = np.repeat(month_idx, n)
    size = len(region)
    categories = np.array(list(CATEGORY_SHARES))
    shares = np.array(list(CATEGORY_SHARES.values()))
    category = categories[rng.choice(len(categories), size=size, p=shares / shares.sum())]
    people = _people(rng, size, COLLECTIVE_SHARE)
    firm = np.full(size, -1)
    named = np.isin(category, EMPLOYER_CATEGORIES) & (rng.random(size) < EMPLOYER_SHARE)
    firm[named] = _pick_enterprises(rng, enterprises, region[named])
    background = pd.DataFrame({"region": region, "month": month, "category": category,
                               "people": people, "firm": firm})
    parts = [background, _arrears_appeals(rng, enterprises, arrears, month_starts),
             _story_appeals(enterprises, len(month_starts))]
    rows = pd.concat(parts, ignore_index=True)
    return _canonical(rng, rows, enterprises, settlements, month_starts)


def _people(rng: np.random.Generator, size: int, collective_share: float) -> np.ndarray:
    """Return the number of people behind each appeal: 1, or 2 to a few hundred."""
    collective = rng.random(size) < collective_share
    many = 2 + np.floor(rng.lognormal(1.0, 1.05, size=size))
    return np.where(collective, np.minimum(many, 400), 1).astype(np.int64)


def _pick_enterprises(rng: np.random.Generator, enterprises: pd.DataFrame,
                      regions: np.ndarray) -> np.ndarray:
    """Return enterprise rows in the given regions, weighted by headcount ** 0.5.

    Planted-story enterprises are never drawn: their appeals are written by their stories.
    """
    story_bins = {get_story(k).bin for k in ("enterprise_stoppage", "unlawful_layoffs")}
    eligible = ~enterprises["bin"].isin(story_bins).to_numpy()
    candidates = enterprises.loc[eligible, ["region", "headcount"]]
    present = np.isin(regions, candidates["region"].unique())
    result = np.full(len(regions), -1)
    if not present.any():
        return result
    pool = candidates.rename(columns={"headcount": "population"}).assign(
        settlement="", lat=0.0, lon=0.0)
    result[present] = pick_settlements(rng, pool, regions[present], power=0.5)
    return result


def _arrears_appeals(rng: np.random.Generator, enterprises: pd.DataFrame,
                     arrears: pd.DataFrame, month_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return wage-arrears appeals written by the workers of enterprises in arrears."""
    story_bins = {get_story(k).bin for k in ("enterprise_stoppage", "unlawful_layoffs")}
    owing = arrears[(arrears["workers"] > 0) & ~arrears["enterprise_bin"].isin(story_bins)]
    rate = 0.1 + 0.004 * owing["workers"].to_numpy(float)
    n = rng.poisson(rate)
    firm_of = pd.Series(np.arange(len(enterprises)), index=enterprises["bin"])
    firm = np.repeat(firm_of.loc[owing["enterprise_bin"]].to_numpy(), n)
    period = owing["report_date"].dt.to_period("M")
    month = np.repeat(pd.PeriodIndex(month_starts, freq="M").get_indexer(period), n)
    workers = np.repeat(owing["workers"].to_numpy(), n)
    people = _people(rng, len(firm), 0.3)
    return pd.DataFrame({
        "region": enterprises["region"].to_numpy()[firm], "month": month,
        "category": "wage_arrears", "people": np.minimum(people, np.maximum(workers, 1)),
        "firm": firm,
    })


def _story_appeals(enterprises: pd.DataFrame, months: int) -> pd.DataFrame:
    """Return the collective appeals written by the planted enterprise stories."""
    parts = []
    for key, plan, category in (("enterprise_stoppage", STOPPAGE_STORY_APPEALS, "wage_arrears"),
                                ("unlawful_layoffs", LAYOFF_STORY_APPEALS, "dismissal")):
        story = get_story(key)
        firm = int(np.flatnonzero(enterprises["bin"].to_numpy() == story.bin)[0])
        for offset, count, people in plan:
            parts.append(pd.DataFrame({
                "region": story.regions[0], "month": months - 1 + offset,
                "category": category, "people": people + 7 * np.arange(count), "firm": firm,
            }))
    return pd.concat(parts, ignore_index=True)


def _canonical(rng: np.random.Generator, rows: pd.DataFrame, enterprises: pd.DataFrame,
               settlements: pd.DataFrame, month_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return the appeals with dates, places, outcomes and identifiers filled in."""
    size = len(rows)
    month = rows["month"].to_numpy()
    days = month_starts.days_in_month.to_numpy()[month]
    date = month_starts.to_numpy()[month] + (rng.random(size) * days).astype(
        "timedelta64[D]")
    window_end = month_starts[-1] + pd.offsets.MonthEnd(0)

    firm = rows["firm"].to_numpy()
    linked = firm >= 0
    bins = np.full(size, None, dtype=object)
    names = np.full(size, None, dtype=object)
    settlement = np.full(size, None, dtype=object)
    bins[linked] = enterprises["bin"].to_numpy()[firm[linked]]
    names[linked] = enterprises["name"].to_numpy()[firm[linked]]
    region = rows["region"].to_numpy()
    with_place = rng.random(size) < SETTLEMENT_SHARE
    own_place = linked & (rng.random(size) < 0.8)
    settlement[own_place] = enterprises["settlement"].to_numpy()[firm[own_place]]
    drawn = with_place & ~own_place
    picked = pick_settlements(rng, settlements, region[drawn])
    settlement[drawn] = settlements["settlement"].to_numpy()[picked]
    district = _districts(rng, region, settlement)

    # Outcomes: an appeal is closed after about three weeks unless the data set ends first.
    lag = 1 + rng.exponential(20.0, size=size).astype(np.int64)
    closed = date + lag.astype("timedelta64[D]")
    is_closed = closed <= window_end.to_datetime64()
    rejected = rng.random(size) < 0.22
    status = np.where(is_closed, np.where(rejected, "rejected", "resolved"),
                      np.where(rng.random(size) < 0.7, "in_progress", "received")).astype(object)
    confirmed = pd.array(np.where(rejected, False, rng.random(size) < 0.45), dtype="boolean")
    confirmed[~is_closed] = pd.NA

    frame = pd.DataFrame({
        "date": pd.to_datetime(date),
        "region": region.astype(object),
        "category": rows["category"].to_numpy().astype(object),
        "district": district,
        "settlement": settlement,
        "enterprise_bin": bins,
        "enterprise_name": names,
        "people": rows["people"].to_numpy().astype(np.int64),
        "status": status,
        "closed_date": pd.to_datetime(np.where(is_closed, closed, np.datetime64("NaT"))),
        "violation_confirmed": confirmed,
    })
    frame = frame.sort_values(["date", "region"], kind="stable", ignore_index=True)
    serial = pd.Series(np.arange(1, size + 1)).astype(str).str.zfill(7)
    year_month = (frame["date"].dt.year * 100 + frame["date"].dt.month).astype(str)
    frame.insert(3, "appeal_id", "SYN-" + year_month + "-" + serial)
    return frame


def _districts(rng: np.random.Generator, region: np.ndarray,
               settlement: np.ndarray) -> np.ndarray:
    """Return a district, as an analyst writes it, for some appeals without a settlement."""
    import geo

    reference = geo.load_districts()
    reference = reference[reference["kind"] != "city"]
    names = [geo.district_label(kato, "ru") for kato in reference["kato"]]
    district = np.full(len(region), None, dtype=object)
    wanted = (pd.isna(settlement) & np.isin(region, reference["region"].unique())
              & (rng.random(len(region)) < DISTRICT_SHARE))
    if wanted.any():
        pool = pd.DataFrame({"region": reference["region"].to_numpy(), "population": 1.0,
                             "settlement": names, "lat": 0.0, "lon": 0.0})
        picked = pick_settlements(rng, pool, region[wanted], power=0.0)
        district[wanted] = pool["settlement"].to_numpy()[picked]
    return district
