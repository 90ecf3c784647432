"""Does the early warning find rising units, and how often does it cry wolf?

Plants rising units in many random, noisy, seasonal data sets and measures

* regions: the share of planted rising regions that are flagged as rising *and* ranked in
  the top 10 of the 20 regions, per strength of the rise; the false-alarm rate (share of
  regions flagged as rising) on pure-noise data sets;
* enterprises: the share of planted enterprises with growing arrears, workers owed and
  collective appeals that reach the top 10 of the watchlist; the share of noise
  enterprises rated "high" risk;
* the time of the country-wide computation on national-scale panels (20 regions x 36
  months, about 2 000 enterprises x 36 months), median of several runs.

Prints a table and writes benchmarks/out/early_warning_sim.json.

    .venv/bin/python benchmarks/early_warning_sim.py [--runs 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.modules.setdefault("streamlit", None)  # the core must run without Streamlit

from tests.early_warning_data import CODES, kz_weights  # noqa: E402
from utils.early_warning import compute_early_warning, load_config  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "early_warning_sim.json"
MONTHS = [str(pd.Period("2023-01", "M") + k) for k in range(36)]
T = len(MONTHS)
PLANTED_REGIONS = 2
PLANTED_ENTERPRISES = 5
RAMP_MONTHS = 12
STRENGTHS = (1.3, 1.5, 1.8)  # level reached by the last month, relative to the start
NOISE_SD = 0.08  # multiplicative month-to-month noise on top of Poisson noise


def _seasonal(rng: np.random.Generator, size: int) -> np.ndarray:
    amplitude = rng.uniform(0.0, 0.5, size)[:, None]
    phase = rng.uniform(0, 2 * np.pi, size)[:, None]
    calendar = (np.arange(T) % 12)[None, :]
    return 1.0 + amplitude * np.cos(2 * np.pi * calendar / 12 + phase)


def _noisy(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    return rng.poisson(mean * rng.lognormal(0.0, NOISE_SD, mean.shape)).astype(float)


def _ramp(strength: float) -> np.ndarray:
    ramp = np.ones(T)
    ramp[T - RAMP_MONTHS:] = np.linspace(1.0, strength, RAMP_MONTHS + 1)[1:]
    return ramp


def region_data_set(rng: np.random.Generator, planted: list[int],
                    strength: float) -> pd.DataFrame:
    """Return a region panel of noisy seasonal series; ``planted`` rows rise at the end."""
    n = len(CODES)
    population = rng.lognormal(np.log(900_000), 0.5, n)
    size = (population / 1e6)[:, None]
    appeals_mean = 900.0 * size * _seasonal(rng, n)
    collective_mean = 40.0 * size * _seasonal(rng, n)
    arrears_mean = 150e6 * size * _seasonal(rng, n) * rng.lognormal(0, 0.5, (n, 1))
    workers_mean = 600.0 * size * _seasonal(rng, n)
    layoffs_mean = 80.0 * size * _seasonal(rng, n)
    for row in planted:
        appeals_mean[row] *= _ramp(strength)
        collective_mean[row] *= _ramp(strength)
    columns = {
        "appeals": _noisy(rng, appeals_mean),
        "collective_appeals": _noisy(rng, collective_mean),
        "arrears_kzt": arrears_mean * rng.lognormal(0.0, NOISE_SD, (n, T)),
        "workers_owed": np.round(workers_mean * rng.lognormal(0.0, NOISE_SD, (n, T))),
        "layoffs": _noisy(rng, layoffs_mean),
        "incidents": rng.poisson(0.3 * size.repeat(T, axis=1)).astype(float),
    }
    frame = pd.DataFrame({"code": np.repeat(CODES, T), "month": MONTHS * n})
    for name, values in columns.items():
        frame[name] = values.reshape(-1)
    frame["people"] = frame["appeals"] * 3
    frame["repaid_kzt"] = 0.0
    frame["workers_repaid"] = 0.0
    frame["population"] = np.repeat(population, T)
    frame["employed"] = frame["population"] * 0.45
    return frame


def enterprise_data_set(rng: np.random.Generator, count: int,
                        planted: list[int]) -> pd.DataFrame:
    """Return an enterprise panel: stable noisy debts and appeals; ``planted`` ones escalate."""
    has_arrears = rng.random(count) < 0.5
    level = rng.lognormal(np.log(15e6), 1.0, count)[:, None]
    arrears = level * rng.lognormal(0.0, NOISE_SD, (count, T)) * has_arrears[:, None]
    workers = np.round(rng.lognormal(np.log(60), 0.8, count)[:, None]
                       * rng.lognormal(0.0, 0.04, (count, T))) * has_arrears[:, None]
    overdue = np.where(arrears > 0, rng.integers(1, 5, (count, T)), 0).astype(float)
    appeals = rng.poisson(0.3, (count, T)).astype(float)
    collective = rng.binomial(appeals.astype(int), 0.15).astype(float)
    layoffs = rng.poisson(0.1, (count, T)) * 4.0
    incidents = rng.binomial(1, 0.002, (count, T)).astype(float)
    for row in planted:
        start = T - 6
        growth = rng.uniform(1.25, 1.45)  # arrears grow 25-45 % a month for 6 months
        base = rng.uniform(3e6, 10e6)
        arrears[row, start:] = base * growth ** np.arange(6)
        workers[row, start:] = np.round(rng.uniform(40, 80) * 1.3 ** np.arange(6))
        overdue[row, start:] = np.arange(1, 7)
        collective[row, start + 2:] = rng.poisson(1.0, 4) + 1
        appeals[row, start + 2:] = collective[row, start + 2:] + rng.poisson(1.0, 4)
    regions = np.array(CODES)[rng.integers(0, len(CODES), count)]
    frame = pd.DataFrame({
        "bin": np.repeat([f"{400000000000 + k}" for k in range(count)], T),
        "month": MONTHS * count,
        "arrears_kzt": arrears.reshape(-1), "workers_owed": workers.reshape(-1),
        "overdue_months": overdue.reshape(-1), "appeals": appeals.reshape(-1),
        "collective_appeals": collective.reshape(-1), "people": appeals.reshape(-1) * 2,
        "layoffs": layoffs.reshape(-1), "incidents": incidents.reshape(-1),
    })
    frame["name"] = "Enterprise " + frame["bin"]
    frame["region"] = np.repeat(regions, T)
    frame["industry"] = "C"
    has_record = frame[["arrears_kzt", "workers_owed", "appeals", "layoffs",
                        "incidents"]].sum(axis=1) > 0
    return frame.loc[has_record].reset_index(drop=True)


def simulate_regions(runs: int, seed: int, config, weights) -> dict:
    rng = np.random.default_rng(seed)
    results = {}
    for strength in STRENGTHS:
        found = flagged = in_top = planted_total = 0
        for _ in range(runs):
            planted = list(rng.choice(len(CODES), PLANTED_REGIONS, replace=False))
            panel = region_data_set(rng, planted, strength)
            report = compute_early_warning(panel, None, config=config, weights=weights)
            ranked = report.regions
            top = {r.code for r in ranked[:10]}
            rising = {r.code for r in ranked if r.rising}
            for row in planted:
                code = CODES[row]
                planted_total += 1
                in_top += code in top
                flagged += code in rising
                found += code in top and code in rising
        results[f"x{strength}"] = {
            "strength": strength, "planted": planted_total,
            "found_rate": found / planted_total, "flagged_rate": flagged / planted_total,
            "top10_rate": in_top / planted_total,
        }
    alarms = units = sets_with_alarm = 0
    for _ in range(runs):
        report = compute_early_warning(region_data_set(rng, [], 1.0), None, config=config,
                                       weights=weights)
        flagged_here = sum(r.rising for r in report.regions)
        alarms += flagged_here
        units += len(report.regions)
        sets_with_alarm += flagged_here > 0
    results["noise"] = {"units": units, "false_alarm_rate": alarms / units,
                        "data_sets_with_any_alarm": sets_with_alarm / runs}
    return results


def simulate_enterprises(runs: int, seed: int, config, weights, count: int = 500) -> dict:
    rng = np.random.default_rng(seed + 1)
    region_panel = region_data_set(np.random.default_rng(seed), [], 1.0)
    found = planted_total = high_noise = noise_total = 0
    for _ in range(runs):
        planted = list(rng.choice(count, PLANTED_ENTERPRISES, replace=False))
        firms = enterprise_data_set(rng, count, planted)
        report = compute_early_warning(region_panel, firms, config=config, weights=weights)
        top = {e.bin for e in report.enterprises[:10]}
        planted_bins = {f"{400000000000 + k}" for k in planted}
        found += len(top & planted_bins)
        planted_total += len(planted_bins)
        high = {e.bin for e in report.enterprises if e.risk_level == "high"}
        high_noise += len(high - planted_bins)
        noise_total += count - len(planted_bins)
    return {"planted": planted_total, "found_in_top10_rate": found / planted_total,
            "noise_rated_high_rate": high_noise / noise_total, "enterprises_per_set": count}


def time_country(seed: int, repeats: int = 5) -> dict:
    """Time the full computation on national-scale panels with the default configuration."""
    rng = np.random.default_rng(seed + 2)
    panel = region_data_set(rng, [0, 1], 1.5)
    firms = enterprise_data_set(rng, 2000, list(range(5)))
    weights = kz_weights()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        compute_early_warning(panel, firms, weights=weights)
        timings.append(time.perf_counter() - start)
    region_only = []
    for _ in range(repeats):
        start = time.perf_counter()
        compute_early_warning(panel, None, weights=weights)
        region_only.append(time.perf_counter() - start)
    return {"enterprises": int(firms["bin"].nunique()), "enterprise_rows": len(firms),
            "regions": len(CODES), "months": T, "permutations": 999,
            "median_s": statistics.median(timings), "runs_s": timings,
            "regions_only_median_s": statistics.median(region_only)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="data sets per scenario")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # Spatial statistics do not enter the flag or the ranking; fewer permutations keep the
    # simulation quick. The timing below uses the default 999.
    config = load_config({"permutations": 99})
    weights = kz_weights()
    started = time.perf_counter()
    regions = simulate_regions(args.runs, args.seed, config, weights)
    enterprises = simulate_enterprises(max(args.runs // 4, 5), args.seed, config, weights)
    timing = time_country(args.seed)
    result = {
        "runs_per_scenario": args.runs, "seed": args.seed,
        "setup": {
            "regions": len(CODES), "months": T, "planted_regions_per_set": PLANTED_REGIONS,
            "ramp_months": RAMP_MONTHS, "strengths": list(STRENGTHS),
            "noise": f"Poisson x lognormal(sd {NOISE_SD}); seasonal amplitude 0-50 %, "
                     "random phase",
            "planted_enterprises_per_set": PLANTED_ENTERPRISES,
            "found": "flagged rising and ranked in the top 10",
            "simulation_permutations": 99,
        },
        "regions": regions, "enterprises": enterprises, "timing": timing,
        "targets": {"found_rate_min": 0.90, "false_alarm_rate_max": 0.05},
        "elapsed_s": time.perf_counter() - started,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))

    print(f"Early-warning simulation: {args.runs} data sets per scenario, 20 regions x 36 months")
    print(f"{'scenario':<34}{'planted':>8}{'found':>8}{'flagged':>9}{'top 10':>8}")
    for key in (f"x{s}" for s in STRENGTHS):
        row = regions[key]
        label = f"rise to x{row['strength']} over {RAMP_MONTHS} months"
        print(f"{label:<34}{row['planted']:>8}{row['found_rate']:>8.1%}"
              f"{row['flagged_rate']:>9.1%}{row['top10_rate']:>8.1%}")
    noise = regions["noise"]
    print(f"{'pure noise: regions flagged':<34}{noise['units']:>8}"
          f"{noise['false_alarm_rate']:>8.1%}   (data sets with any flag: "
          f"{noise['data_sets_with_any_alarm']:.0%})")
    print(f"{'enterprises: planted in top 10':<34}{enterprises['planted']:>8}"
          f"{enterprises['found_in_top10_rate']:>8.1%}")
    print(f"{'enterprises: noise rated high':<34}{'':>8}"
          f"{enterprises['noise_rated_high_rate']:>8.2%}")
    print(f"country-wide ({timing['regions']} regions, {timing['enterprises']} enterprises, "
          f"{timing['months']} months, 999 permutations): median {timing['median_s']:.2f} s "
          f"(regions only {timing['regions_only_median_s']:.2f} s)")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
