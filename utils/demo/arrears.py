"""Monthly wage arrears of the fictitious enterprises: episodes that start, grow and are repaid.

Each enterprise is either up to date or in an *arrears episode*. An episode starts with a
monthly probability (the enterprise's propensity times a base rate, higher in the regions of
a rising-cluster story), lasts a few months during which unpaid wages accrue for a growing
number of workers, sees partial repayments now and then, and ends with the rest repaid.
The simulation starts a year before the first month so that the first months already hold
running episodes. Volumes are calibrated on the public figures (2.7 bn KZT repaid to 29
thousand workers in one year): the start rate is set so that 25-35 thousand workers a year
are repaid, and the sums are scaled so that the repayments average
:data:`REPAID_PER_YEAR_KZT` a year over the data set (single years vary around it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.demo.stories import get_story

WARM_UP_MONTHS = 12
BASE_MONTHLY_HAZARD = 0.0235
REPAID_PER_YEAR_KZT = 2.5e9  # whole country, at scale 1
MEDIAN_ACCRUAL_PER_WORKER = 27_000.0  # unpaid part of a monthly wage, KZT
PARTIAL_REPAYMENT_CHANCE = 0.2
MAX_WORKERS_AT_START = 120
CLUSTER_HAZARD_GAIN = 1.5  # hazard x (1 + gain * ramp) over the cluster story's months


@dataclass(frozen=True)
class StoryArrears:
    """The arrears path of the planted enterprise-stoppage story (offsets from the last month)."""

    first_offset: int = -11
    workers_start: int = 60
    workers_peak: int = 640
    accrual_per_worker: float = 72_000.0
    repaid_share_last_month: float = 0.55
    workers_repaid_last_month: int = 330


#: Unpaid final settlements of the planted mass layoff: (offset from the last month, workers
#: owed at the month's end, amount owed, repaid during the month, workers repaid).
LAYOFF_STORY_ARREARS: tuple[tuple[int, int, float, float, int], ...] = (
    (-7, 380, 91_200_000.0, 0.0, 0),
    (-6, 380, 91_200_000.0, 0.0, 0),
    (-5, 200, 48_000_000.0, 43_200_000.0, 180),
    (-4, 0, 0.0, 48_000_000.0, 200),
)


def cluster_hazard_factor(codes: np.ndarray, months: int) -> np.ndarray:
    """Return a (regions x months) multiplier of the episode start rate for the cluster story."""
    story = get_story("rising_cluster")
    factor = np.ones((len(codes), months))
    first = months - 1 + story.first_offset
    ramp = np.clip((np.arange(months) - first + 1) / (months - first), 0, 1)
    rows = np.isin(codes, story.regions)
    factor[rows] *= 1 + CLUSTER_HAZARD_GAIN * ramp
    return factor


def simulate_arrears(rng: np.random.Generator, enterprises: pd.DataFrame,
                     propensity: np.ndarray, month_ends: pd.DatetimeIndex,
                     codes: np.ndarray, scale: float = 1.0) -> pd.DataFrame:
    """Return the canonical ``arrears`` frame (one row per enterprise and month in arrears).

    Parameters
    ----------
    rng : numpy.random.Generator
        The data set's seeded generator.
    enterprises : pandas.DataFrame
        The registry (planted-story enterprises first).
    propensity : numpy.ndarray
        Relative monthly arrears propensity per enterprise (0: never by chance).
    month_ends : pandas.DatetimeIndex
        Last day of each month of the data set (the reporting dates).
    codes : numpy.ndarray
        Region codes in the order of the rows of the hazard factor.
    scale : float
        Volume relative to the full data set (sets the calibration target of the sums).
    """
    months = len(month_ends)
    n = len(enterprises)
    region_row = pd.Index(codes).get_indexer(enterprises["region"])
    hazard_factor = cluster_hazard_factor(codes, months)[region_row]
    headcount = enterprises["headcount"].to_numpy(float)

    active = np.zeros(n, dtype=bool)
    age = np.zeros(n, dtype=np.int64)
    duration = np.zeros(n, dtype=np.int64)
    workers = np.zeros(n)
    accrual = np.zeros(n)
    growth = np.zeros(n)
    owed = np.zeros(n)
    parts = []
    for t in range(-WARM_UP_MONTHS, months):
        factor = hazard_factor[:, max(t, 0)]
        p_start = np.clip(BASE_MONTHLY_HAZARD * propensity * factor, 0, 0.5)
        starts = ~active & (rng.random(n) < p_start)
        k = int(starts.sum())
        active |= starts
        age[starts] = 0
        duration[starts] = np.minimum(1 + rng.geometric(0.3, size=k), 14)
        workers[starts] = np.clip(np.round(headcount[starts] * rng.beta(2, 5, size=k)), 1,
                                  MAX_WORKERS_AT_START)
        accrual[starts] = MEDIAN_ACCRUAL_PER_WORKER * rng.lognormal(0, 0.35, size=k)
        growth[starts] = rng.uniform(0, 0.08, size=k)
        owed[starts] = 0.0

        final = active & (age == duration - 1)
        running = active & ~final
        repaid = np.zeros(n)
        workers_repaid = np.zeros(n)
        # Months before the last: this month's unpaid wages accrue, sometimes a part is repaid.
        owed[running] += workers[running] * accrual[running]
        partial = running & (age > 0) & (rng.random(n) < PARTIAL_REPAYMENT_CHANCE)
        share = rng.uniform(0.2, 0.6, size=n)
        repaid[partial] = owed[partial] * share[partial]
        workers_repaid[partial] = np.floor(workers[partial] * share[partial])
        owed[partial] -= repaid[partial]
        workers[partial] -= workers_repaid[partial]
        # The last month: everything left is repaid.
        repaid[final] = owed[final]
        workers_repaid[final] = workers[final]
        owed[final] = 0.0
        workers[final] = 0.0

        if t >= 0:
            rows = np.flatnonzero(active)
            parts.append(pd.DataFrame({
                "row": rows, "month": t, "amount_kzt": np.round(owed[rows], -2),
                "workers": workers[rows].astype(np.int64),
                "overdue_months": np.where(final[rows], 0, age[rows] + 1),
                "repaid_kzt": np.round(repaid[rows], -2),
                "workers_repaid": workers_repaid[rows].astype(np.int64),
            }))
        active &= ~final
        age[active] += 1
        workers[running] = np.minimum(headcount[running],
                                      np.ceil(workers[running] * (1 + growth[running])))
    simulated = pd.concat(parts, ignore_index=True)
    repaid_total = simulated["repaid_kzt"].sum()
    if repaid_total > 0:
        factor = REPAID_PER_YEAR_KZT * scale * months / 12 / repaid_total
        for column in ("amount_kzt", "repaid_kzt"):
            simulated[column] = np.round(simulated[column] * factor, -2)
    stories = [_story_rows(enterprises, months), _layoff_story_rows(enterprises, months)]
    return _canonical(pd.concat([simulated, *stories], ignore_index=True), enterprises,
                      month_ends)


def _story_rows(enterprises: pd.DataFrame, months: int) -> pd.DataFrame:
    """Return the arrears rows of the planted enterprise-stoppage story."""
    story = get_story("enterprise_stoppage")
    path = StoryArrears()
    row = int(np.flatnonzero(enterprises["bin"].to_numpy() == story.bin)[0])
    steps = np.arange(-path.first_offset + 1)  # 0 .. 11: first month .. last month
    growth = (path.workers_peak / path.workers_start) ** (1 / (len(steps) - 2))
    workers = np.round(path.workers_start * growth ** np.minimum(steps, len(steps) - 2))
    owed = np.cumsum(workers * path.accrual_per_worker)
    repaid = np.zeros(len(steps))
    workers_repaid = np.zeros(len(steps), dtype=np.int64)
    repaid[-1] = np.round(owed[-1] * path.repaid_share_last_month, -2)
    workers_repaid[-1] = path.workers_repaid_last_month
    owed[-1] -= repaid[-1]
    workers[-1] -= path.workers_repaid_last_month
    return pd.DataFrame({
        "row": row, "month": months - 1 + path.first_offset + steps,
        "amount_kzt": np.round(owed, -2), "workers": workers.astype(np.int64),
        "overdue_months": steps + 1, "repaid_kzt": repaid, "workers_repaid": workers_repaid,
    })


def _layoff_story_rows(enterprises: pd.DataFrame, months: int) -> pd.DataFrame:
    """Return the arrears of final settlements the planted mass layoff leaves unpaid."""
    story = get_story("unlawful_layoffs")
    row = int(np.flatnonzero(enterprises["bin"].to_numpy() == story.bin)[0])
    plan = pd.DataFrame(list(LAYOFF_STORY_ARREARS),
                        columns=["offset", "workers", "amount_kzt", "repaid_kzt",
                                 "workers_repaid"])
    return pd.DataFrame({
        "row": row, "month": months - 1 + plan["offset"], "amount_kzt": plan["amount_kzt"],
        "workers": plan["workers"], "overdue_months": np.where(
            plan["amount_kzt"] > 0, plan["offset"] - plan["offset"].iloc[0] + 1, 0),
        "repaid_kzt": plan["repaid_kzt"], "workers_repaid": plan["workers_repaid"],
    })


def _canonical(rows: pd.DataFrame, enterprises: pd.DataFrame,
               month_ends: pd.DatetimeIndex) -> pd.DataFrame:
    firm = enterprises.iloc[rows["row"].to_numpy()].reset_index(drop=True)
    frame = pd.DataFrame({
        "report_date": month_ends[rows["month"].to_numpy()],
        "region": firm["region"],
        "enterprise_bin": firm["bin"],
        "enterprise_name": firm["name"],
        "amount_kzt": rows["amount_kzt"].astype(float).to_numpy(),
        "workers": rows["workers"].astype(np.int64).to_numpy(),
        "overdue_months": rows["overdue_months"].astype(np.int64).to_numpy(),
        "repaid_kzt": rows["repaid_kzt"].astype(float).to_numpy(),
        "workers_repaid": rows["workers_repaid"].astype(np.int64).to_numpy(),
        "industry": firm["industry"],
        "settlement": firm["settlement"],
        "lat": firm["lat"].astype(float),
        "lon": firm["lon"].astype(float),
    })
    return frame.sort_values(["report_date", "region", "enterprise_bin"],
                             ignore_index=True)
