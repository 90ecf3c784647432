"""Layoffs, labor-conflict incidents and an official-style regional table for the demo data set."""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.demo.stories import get_story

SYNTHETIC_SOURCE = "Синтетические демо-данные"
REGION_STATS_SOURCE = (
    "Синтетические демо-данные: таблица в стиле официальной статистики "
    "(крупные и средние предприятия), не данные БНС"
)
LAYOFFS_PER_ENTERPRISE_MONTH = 0.006
LAYOFF_CHANCE_IN_ARREARS = 0.015
INCIDENTS_PER_ENTERPRISE_MONTH = 0.002
MAX_BACKGROUND_LAYOFF = 350  # the planted mass layoff (380) stays the largest unlawful one
STATISTICS_MIN_HEADCOUNT = 50  # official tables cover large and medium enterprises

INCIDENT_TYPES = ("strike", "work_stoppage", "rally", "hunger_strike", "collective_appeal",
                  "other")
INCIDENT_MIX_ARREARS = (0.15, 0.35, 0.1, 0.05, 0.3, 0.05)
INCIDENT_MIX_OTHER = (0.1, 0.2, 0.25, 0.05, 0.3, 0.1)
INCIDENT_LABELS_RU = {
    "strike": "Забастовка", "work_stoppage": "Остановка работ", "rally": "Митинг",
    "hunger_strike": "Голодовка", "collective_appeal": "Коллективное обращение",
    "other": "Трудовой конфликт",
}
ARREARS_DEMAND = "Погасить задолженность по заработной плате"
OTHER_DEMANDS = (
    "Повысить заработную плату", "Улучшить условия труда", "Отменить сокращение штата",
    "Восстановить уволенных работников", "Обеспечить спецодеждой и средствами защиты",
    "Выплатить надбавки за вредные условия труда",
)
INCIDENT_SOURCES = (
    f"{SYNTHETIC_SOURCE}: мониторинг СМИ", f"{SYNTHETIC_SOURCE}: сообщение прокуратуры",
    f"{SYNTHETIC_SOURCE}: сообщение акимата",
)


def _firm_rows(enterprises: pd.DataFrame, bins: pd.Series) -> np.ndarray:
    return pd.Index(enterprises["bin"]).get_indexer(bins)


def _story_firms() -> set[str]:
    return {get_story(k).bin for k in ("enterprise_stoppage", "unlawful_layoffs")}


def _month_dates(rng: np.random.Generator, month_starts: pd.DatetimeIndex,
                 month: np.ndarray) -> pd.DatetimeIndex:
    days = month_starts.days_in_month.to_numpy()[month]
    offset = (rng.random(len(month)) * days).astype("timedelta64[D]")
    return pd.DatetimeIndex(month_starts.to_numpy()[month] + offset)


def make_layoffs(rng: np.random.Generator, enterprises: pd.DataFrame, arrears: pd.DataFrame,
                 month_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return the canonical ``layoffs`` frame: background layoffs, more at firms in arrears."""
    months = len(month_starts)
    eligible = np.flatnonzero(~enterprises["bin"].isin(_story_firms()).to_numpy())
    per_firm = rng.poisson(LAYOFFS_PER_ENTERPRISE_MONTH * months, size=len(eligible))
    firm = np.repeat(eligible, per_firm)
    month = rng.integers(0, months, size=len(firm))
    owing = arrears[(arrears["workers"] > 0) & ~arrears["enterprise_bin"].isin(_story_firms())]
    hit = owing[rng.random(len(owing)) < LAYOFF_CHANCE_IN_ARREARS]
    firm = np.concatenate([firm, _firm_rows(enterprises, hit["enterprise_bin"])])
    in_arrears = np.r_[np.zeros(len(month), bool), np.ones(len(hit), bool)]
    month = np.concatenate([month, pd.PeriodIndex(month_starts, freq="M").get_indexer(
        hit["report_date"].dt.to_period("M"))])

    headcount = enterprises["headcount"].to_numpy()[firm]
    workers = np.clip(np.round(headcount * rng.beta(1.5, 8, size=len(firm))), 1,
                      np.minimum(headcount, MAX_BACKGROUND_LAYOFF))
    unlawful = rng.random(len(firm)) < np.where(in_arrears, 0.25, 0.1)
    unknown = rng.random(len(firm)) < 0.15
    reinstated = np.where(unlawful, np.round(workers * rng.uniform(0, 0.8, len(firm))), 0)
    frame = pd.DataFrame({
        "date": _month_dates(rng, month_starts, month),
        "region": enterprises["region"].to_numpy()[firm],
        "enterprise_bin": enterprises["bin"].to_numpy()[firm],
        "enterprise_name": enterprises["name"].to_numpy()[firm],
        "workers": workers.astype(np.int64),
        "unlawful": pd.array(np.where(unknown, None, unlawful), dtype="boolean"),
        "reinstated": pd.array(np.where(unknown, None, reinstated), dtype="Int64"),
    })
    story = get_story("unlawful_layoffs")
    firm_row = int(_firm_rows(enterprises, pd.Series([story.bin]))[0])
    planted = pd.DataFrame({
        "date": [month_starts[months - 1 + story.event_offset] + pd.Timedelta(days=13)],
        "region": [story.regions[0]], "enterprise_bin": [story.bin],
        "enterprise_name": [enterprises["name"].iat[firm_row]], "workers": [380],
        "unlawful": pd.array([True], dtype="boolean"),
        "reinstated": pd.array([140], dtype="Int64"),
    })
    frame = pd.concat([frame, planted], ignore_index=True)
    for column in ("region", "enterprise_bin", "enterprise_name"):
        frame[column] = frame[column].astype(object)
    return frame.sort_values(["date", "enterprise_bin"], ignore_index=True)


def make_incidents(rng: np.random.Generator, enterprises: pd.DataFrame,
                   arrears: pd.DataFrame, month_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return the canonical ``incidents`` frame: conflicts, more likely after long arrears."""
    months = len(month_starts)
    eligible = np.flatnonzero(~enterprises["bin"].isin(_story_firms()).to_numpy())
    per_firm = rng.poisson(INCIDENTS_PER_ENTERPRISE_MONTH * months, size=len(eligible))
    firm = np.repeat(eligible, per_firm)
    month = rng.integers(0, months, size=len(firm))
    headcount = enterprises["headcount"].to_numpy()[firm]
    participants = np.maximum(5, np.round(headcount * rng.uniform(0.1, 0.6, len(firm))))
    kind = np.array(INCIDENT_TYPES)[rng.choice(6, size=len(firm), p=INCIDENT_MIX_OTHER)]
    demands = np.array(OTHER_DEMANDS, dtype=object)[rng.integers(0, len(OTHER_DEMANDS),
                                                                 len(firm))]

    owing = arrears[(arrears["workers"] > 0) & ~arrears["enterprise_bin"].isin(_story_firms())]
    chance = 0.003 + 0.008 * np.minimum(owing["overdue_months"].to_numpy(), 6) / 6
    hit = owing[rng.random(len(owing)) < chance]
    hit_month = pd.PeriodIndex(month_starts, freq="M").get_indexer(
        hit["report_date"].dt.to_period("M"))
    hit_people = np.maximum(3, np.round(hit["workers"].to_numpy() * rng.uniform(0.4, 1.0,
                                                                               len(hit))))
    hit_kind = np.array(INCIDENT_TYPES)[rng.choice(6, size=len(hit), p=INCIDENT_MIX_ARREARS)]

    firm = np.concatenate([firm, _firm_rows(enterprises, hit["enterprise_bin"])])
    month = np.concatenate([month, hit_month])
    participants = np.concatenate([participants, hit_people])
    kind = np.concatenate([kind, hit_kind])
    demands = np.concatenate([demands, np.full(len(hit), ARREARS_DEMAND, dtype=object)])

    stoppage = get_story("enterprise_stoppage")
    layoffs = get_story("unlawful_layoffs")
    planted = (  # (story, offset from the last month, type, participants, demands)
        (stoppage, -4, "collective_appeal", 120, ARREARS_DEMAND + " за полгода"),
        (stoppage, stoppage.event_offset, "work_stoppage", 420,
         ARREARS_DEMAND + " за десять месяцев"),
        (layoffs, layoffs.event_offset + 1, "rally", 250, "Восстановить уволенных работников"),
    )
    for story, offset, story_kind, people, demand in planted:
        firm = np.append(firm, _firm_rows(enterprises, pd.Series([story.bin]))[0])
        month = np.append(month, months - 1 + offset)
        participants = np.append(participants, people)
        kind = np.append(kind, story_kind)
        demands = np.append(demands, demand)

    name = enterprises["name"].to_numpy()[firm]
    labels = pd.Series(kind).map(INCIDENT_LABELS_RU)
    frame = pd.DataFrame({
        "date": _month_dates(rng, month_starts, month),
        "region": enterprises["region"].to_numpy()[firm],
        "enterprise_bin": enterprises["bin"].to_numpy()[firm],
        "enterprise_name": name,
        "type": kind.astype(object),
        "participants": participants.astype(np.int64),
        "settlement": enterprises["settlement"].to_numpy()[firm],
        "lat": enterprises["lat"].to_numpy()[firm],
        "lon": enterprises["lon"].to_numpy()[firm],
        "demands": demands.astype(object),
        "source": np.array(INCIDENT_SOURCES, dtype=object)[rng.integers(0, 3, len(firm))],
        "description": (labels + ": " + pd.Series(name) + " (синтетический пример)").to_numpy(
            dtype=object),
    })
    for column in ("region", "enterprise_bin", "enterprise_name", "settlement"):
        frame[column] = frame[column].astype(object)
    return frame.sort_values(["date", "enterprise_bin"], ignore_index=True)


def make_region_stats(enterprises: pd.DataFrame, arrears: pd.DataFrame, codes: np.ndarray,
                      month_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return a quarterly table of wage arrears and workers owed by region, official style.

    Like the statistics office's table, it counts large and medium enterprises only (here:
    at least :data:`STATISTICS_MIN_HEADCOUNT` workers) at the end of each quarter that lies
    wholly inside the data set; every region appears in every quarter (zero when none).
    """
    quarters = pd.PeriodIndex(month_starts, freq="M").asfreq("Q").unique()
    quarters = [q for q in quarters
                if q.start_time >= month_starts[0] and q.end_time <= month_starts[-1]
                + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1)]
    covered = set(enterprises.loc[enterprises["headcount"] >= STATISTICS_MIN_HEADCOUNT, "bin"])
    rows = arrears[arrears["enterprise_bin"].isin(covered)]
    quarter = rows["report_date"].dt.to_period("Q")
    at_end = rows["report_date"].dt.to_period("M") == quarter.dt.asfreq("M", how="end")
    sums = rows[at_end].groupby([quarter[at_end], "region"])[["amount_kzt", "workers"]].sum()
    grid = pd.MultiIndex.from_product([quarters, codes], names=["quarter", "region"])
    sums = sums.reindex(grid, fill_value=0)
    parts = []
    for indicator, column, unit in (("wage_arrears_kzt", "amount_kzt", "KZT"),
                                    ("workers_owed", "workers", "persons")):
        part = sums[column].rename("value").reset_index()
        part["indicator"] = indicator
        part["unit"] = unit
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    period = pd.PeriodIndex(table["quarter"], freq="Q")
    return pd.DataFrame({
        "period": [f"{p.year}-Q{p.quarter}" for p in period],
        "granularity": "quarter",
        "period_start": period.start_time.normalize(),
        "period_end": period.end_time.normalize(),
        "region": table["region"].astype(object),
        "indicator": table["indicator"].astype(object),
        "value": table["value"].astype(float),
        "unit": table["unit"].astype(object),
        "source": REGION_STATS_SOURCE,
    })
