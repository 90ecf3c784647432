"""The synthetic demo data set: determinism, contract, volumes, and the planted stories."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

import geo
from geo.settlements import point_regions
from utils import ingest, store
from utils.demo import (
    KINDS_IN_LOAD_ORDER,
    PLANTED_STORIES,
    default_end_month,
    frame_sha256,
    generate,
    get_story,
    load_demo,
    month_labels,
    planted_stories,
    region_settlements,
)
from utils.ingest import VOCABULARIES, get_kind, valid_bin_mask

END = "2025-06"
SMALL = 0.05

# Large companies operating in Kazakhstan (and their usual Russian spellings): no invented
# name may contain any of them.
REAL_COMPANIES = (
    "Kazakhmys", "Казахмыс", "KEGOC", "КЕГОК", "Kazatomprom", "Казатомпром", "ArcelorMittal",
    "АрселорМиттал", "Qarmet", "Кармет", "ERG", "ЕРГ", "Eurasian Resources", "KazMunayGas",
    "КазМунайГаз", "Казмунайгаз", "Tengizchevroil", "Тенгизшевройл", "ТШО", "Karachaganak",
    "Карачаганак", "KPO", "Kazzinc", "Казцинк", "Samruk", "Самрук", "Kazakhtelecom",
    "Казахтелеком", "Air Astana", "Эйр Астана", "Kaspi", "Каспи", "Halyk", "Халык",
    "Shubarkol", "Шубарколь", "Bogatyr", "Богатырь", "Kazphosphate", "Казфосфат",
    "Altynalmas", "Алтыналмас", "Polymetal", "Полиметалл", "Glencore", "KTZ", "КТЖ",
    "Темир Жолы", "Kazakhstan Temir Zholy", "Aluminium of Kazakhstan", "Алюминий Казахстана",
    "Sokolov-Sarybai", "ССГПО", "Kazchrome", "Казхром", "Karaganda Coal", "Карагандауголь",
    "Ozenmunaigas", "Озенмунайгаз", "Embamunaigas", "Эмбамунайгаз", "Mangistaumunaigas",
    "Мангистаумунайгаз", "KazTransOil", "КазТрансОйл", "QazaqGaz", "КазахГаз", "Kcell",
    "Beeline", "Magnum", "Магнум", "Rakhat", "Рахат", "Shymkentpivo", "Шымкентпиво",
    "Evraz", "Евраз", "Вольфрам", "Bakyrchik", "Бакырчик", "Kazakhaltyn", "Казахалтын",
)


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    return generate(2026, END, scale=SMALL)


@pytest.fixture(scope="module")
def full() -> dict[str, pd.DataFrame]:
    return generate(2026, END)


def _month(values: pd.Series) -> pd.Series:
    return values.dt.to_period("M")


def _offset(offset: int) -> pd.Period:
    return pd.Period(END, freq="M") + offset


# ------------------------------------------------------------------ determinism, arguments


def test_same_seed_gives_identical_frames(small):
    again = generate(2026, END, scale=SMALL)
    for kind in KINDS_IN_LOAD_ORDER:
        pd.testing.assert_frame_equal(small[kind], again[kind], check_exact=True)
        assert frame_sha256(kind, small[kind]) == frame_sha256(kind, again[kind])


def test_another_seed_gives_other_frames(small):
    other = generate(2027, END, scale=SMALL)
    stories = {story.bin for story in PLANTED_STORIES if story.bin}
    assert set(other["enterprises"]["bin"]) & set(small["enterprises"]["bin"]) == stories
    assert not other["appeals"]["date"].equals(small["appeals"]["date"])
    assert frame_sha256("appeals", other["appeals"]) != frame_sha256("appeals", small["appeals"])


def test_sha256_depends_on_kind(small):
    assert frame_sha256("layoffs", small["layoffs"]) != frame_sha256("other", small["layoffs"])


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2026, 3, 15), "2026-02"), (dt.date(2026, 1, 1), "2025-12"),
     (dt.date(2025, 12, 31), "2025-11")],
)
def test_default_end_month_is_last_full_month(today, expected):
    assert default_end_month(today) == expected


def test_month_labels_end_with_end_month_and_default_to_last_full_month():
    labels = month_labels(END)
    assert len(labels) == 36
    assert (labels[0], labels[-1]) == ("2022-07", END)
    assert month_labels()[-1] == default_end_month()


@pytest.mark.parametrize("label", ["2025-13", "2025/03", "март 2025", "2025-3"])
def test_bad_end_month_is_refused(label):
    with pytest.raises(ValueError, match=f"end_month must look like 'YYYY-MM', got '{label}'"):
        generate(2026, label, scale=SMALL)


def test_seed_must_be_an_int():
    with pytest.raises(TypeError, match="seed must be an int, got str"):
        generate("2026", END, scale=SMALL)  # type: ignore[arg-type]


def test_unknown_story_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Story must be in the set: enterprise_stoppage, "
                                       "rising_cluster, rising_region, seasonal_region, "
                                       "unlawful_layoffs"):
        get_story("strike")


# ------------------------------------------------------------------ contract


def test_frames_have_the_contract_columns(small):
    for kind in KINDS_IN_LOAD_ORDER:
        assert list(small[kind].columns) == get_kind(kind).column_names, kind
        assert small[kind][get_kind(kind).required].notna().all().all(), kind


def test_frames_pass_ingest_validation_as_csv(small):
    """Each kind, written as an analyst's CSV, is read back by ingest with no error."""
    for kind in KINDS_IN_LOAD_ORDER:
        frame = small[kind]
        if kind == "region_stats":
            frame = frame.drop(columns=["granularity", "period_start", "period_end"])
        if kind == "appeals":
            frame = frame.head(4000)
        data = frame.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
        prepared = ingest.prepare(kind, io.BytesIO(data), f"demo-{kind}.csv")
        assert prepared.errors.empty, (kind, prepared.errors.head(3).to_dict("records"))
        assert len(prepared.frame) == len(frame), (kind, prepared.warnings)
        assert prepared.rows_duplicate == 0, kind


def test_every_bin_is_valid_and_known(small):
    enterprises = small["enterprises"]
    assert valid_bin_mask(enterprises["bin"]).all()
    assert enterprises["bin"].is_unique and enterprises["name"].is_unique
    assert enterprises["bin"].str[4].isin(["4", "5", "6"]).all()  # legal-entity types
    known = set(enterprises["bin"])
    for kind in ("arrears", "appeals", "layoffs", "incidents"):
        bins = small[kind]["enterprise_bin"].dropna()
        assert set(bins) <= known, kind
        linked = small[kind].dropna(subset=["enterprise_bin"])
        names = enterprises.set_index("bin")["name"]
        assert (linked["enterprise_name"].to_numpy() == names[linked["enterprise_bin"]]
                .to_numpy()).all(), kind


def test_no_name_is_a_real_company(full):
    names = full["enterprises"]["name"].str.casefold()
    for company in REAL_COMPANIES:
        pattern = rf"(?<!\w){company.casefold()}(?!\w)"
        hits = names[names.str.contains(pattern, regex=True)]
        assert hits.empty, (company, hits.tolist()[:3])
    assert names.str.fullmatch(r"(тоо|ао|пк|кх|жшс|ақ) «.+-\d{1,2}»").all()


def test_all_regions_are_valid_codes(small):
    codes = set(geo.region_codes())
    for kind in KINDS_IN_LOAD_ORDER:
        assert set(small[kind]["region"]) <= codes, kind
    assert set(small["region_stats"]["region"]) == codes


def test_all_dates_lie_inside_the_36_months(small):
    first = pd.Timestamp("2022-07-01")
    last = pd.Timestamp("2025-06-30")
    for kind, column in (("appeals", "date"), ("appeals", "closed_date"),
                         ("arrears", "report_date"), ("layoffs", "date"),
                         ("incidents", "date"), ("region_stats", "period_start"),
                         ("region_stats", "period_end")):
        values = small[kind][column].dropna()
        assert values.min() >= first and values.max() <= last, (kind, column)
        assert (values == values.dt.normalize()).all(), (kind, column)
    appeals = small["appeals"]
    closed = appeals["closed_date"].notna()
    assert (appeals.loc[closed, "closed_date"] >= appeals.loc[closed, "date"]).all()
    assert set(appeals.loc[closed, "status"]) == {"resolved", "rejected"}
    assert set(appeals.loc[~closed, "status"]) == {"received", "in_progress"}
    assert appeals.loc[~closed, "violation_confirmed"].isna().all()
    assert not appeals.loc[appeals["status"] == "rejected", "violation_confirmed"].any()


def test_region_stats_are_quarterly_and_labelled_synthetic(small):
    stats = small["region_stats"]
    assert stats["period"].str.fullmatch(r"\d{4}-Q[1-4]").all()
    assert set(stats["granularity"]) == {"quarter"}
    assert set(stats["indicator"]) == {"wage_arrears_kzt", "workers_owed"}
    assert stats["source"].str.contains("Синтетические").all()
    assert stats["period"].nunique() == 12  # 2022-Q3 .. 2025-Q2
    assert not stats.duplicated(["period", "region", "indicator"]).any()


def test_vocabularies_are_used(small):
    assert set(small["appeals"]["category"]) == set(VOCABULARIES["appeal_category"])
    assert set(small["incidents"]["type"]) <= set(VOCABULARIES["incident_type"])
    assert set(small["enterprises"]["industry"]) <= set(VOCABULARIES["industry"])
    assert small["incidents"]["source"].str.contains("Синтетические").all()


# ------------------------------------------------------------------ places


def test_enterprises_stand_in_real_settlements_of_their_region(full):
    enterprises = full["enterprises"]
    places = region_settlements()
    pairs = set(zip(places["settlement"], places["region"], strict=True))
    assert set(zip(enterprises["settlement"], enterprises["region"], strict=True)) <= pairs
    found = point_regions(enterprises["lat"], enterprises["lon"])
    assert (found.to_numpy() == enterprises["region"].to_numpy()).all()
    # jittered around the settlement, not stacked on one point
    assert enterprises[["lat", "lon"]].drop_duplicates().shape[0] > 0.9 * len(enterprises)
    assert set(enterprises["region"]) == set(geo.region_codes())


# ------------------------------------------------------------------ volumes (full scale)


def test_full_scale_volumes_follow_the_public_figures(full):
    assert 1900 <= len(full["enterprises"]) <= 2100
    appeals = full["appeals"]
    assert 550_000 <= len(appeals) <= 750_000
    assert appeals["appeal_id"].is_unique
    collective = appeals["people"] > 1
    assert 0.03 <= collective.mean() <= 0.10
    assert (appeals["people"] >= 50).sum() > 100  # some speak for tens or hundreds
    assert 100 <= len(full["layoffs"]) and 100 <= len(full["incidents"]) <= 1000

    arrears = full["arrears"]
    block = (_month(arrears["report_date"]) - pd.Period("2022-07", "M")).map(lambda d: d.n) // 12
    per_year = arrears.groupby(block)[["repaid_kzt", "workers_repaid"]].sum()
    assert len(per_year) == 3
    assert per_year["repaid_kzt"].between(2e9, 3e9).all(), per_year
    assert per_year["workers_repaid"].between(25_000, 35_000).all(), per_year


def test_appeals_follow_population_and_seasons(full):
    appeals = full["appeals"]
    regions = geo.load_regions().set_index("code")
    by_region = appeals["region"].value_counts()
    assert np.corrcoef(by_region[regions.index], regions["population"])[0, 1] > 0.9
    quiet = ~appeals["region"].isin(["KZ-59", "KZ-47", "KZ-31", "KZ-61", "KZ-79"])
    by_month = appeals[quiet].groupby(appeals["date"].dt.month).size()
    assert by_month[[1, 2, 3]].mean() > 1.1 * by_month[[6, 7, 8]].mean()


def test_only_a_subset_of_enterprises_is_in_arrears(full):
    arrears = full["arrears"]
    owing = arrears[arrears["amount_kzt"] > 0]
    per_month = owing.groupby("report_date")["enterprise_bin"].nunique()
    share = per_month / len(full["enterprises"])
    assert share.between(0.03, 0.25).all()
    assert (arrears["amount_kzt"] >= 0).all() and (arrears["repaid_kzt"] >= 0).all()
    # episodes end: most enterprises in arrears at some time are clear again later
    cleared = arrears[(arrears["amount_kzt"] == 0) & (arrears["repaid_kzt"] > 0)]
    assert cleared["enterprise_bin"].nunique() > 0.5 * owing["enterprise_bin"].nunique()


# ------------------------------------------------------------------ planted stories


def test_planted_stories_resolve_to_months_of_the_data_set(full):
    labels = set(month_labels(END))
    bins = set(full["enterprises"]["bin"])
    codes = set(geo.region_codes())
    resolved = {story["key"]: story for story in planted_stories(END)}
    assert len(resolved) == len(PLANTED_STORIES) >= 5
    for story in resolved.values():
        assert set(story["months"]) <= labels
        assert set(story["regions"]) <= codes
        assert story["bin"] is None or story["bin"] in bins
    stoppage = resolved["enterprise_stoppage"]
    assert (stoppage["event_month"], stoppage["as_of_before_event"]) == ("2025-05", "2025-04")
    assert resolved["rising_region"]["first_month"] == "2024-04"


def test_story_enterprise_arrears_and_appeals_grow_before_the_stoppage(full):
    story = get_story("enterprise_stoppage")
    as_of = _offset(story.event_offset - 1)
    arrears = full["arrears"]
    own = arrears[arrears["enterprise_bin"] == story.bin].set_index(_month(
        arrears.loc[arrears["enterprise_bin"] == story.bin, "report_date"]))
    before = own.loc[_offset(story.first_offset):_offset(story.event_offset)]
    assert len(before) == story.event_offset - story.first_offset + 1
    assert (before["amount_kzt"].diff().dropna() > 0).all()
    assert (before["workers"].diff().dropna() > 0).all()
    # at the month before the stoppage it owes the most of all enterprises
    at = arrears[_month(arrears["report_date"]) == as_of]
    assert at.sort_values("amount_kzt").iloc[-1]["enterprise_bin"] == story.bin

    appeals = full["appeals"]
    collective = appeals[(appeals["people"] > 1) & appeals["enterprise_bin"].notna()]
    months = _month(collective["date"])
    recent = collective[(months > as_of - 3) & (months <= as_of)]
    counts = recent["enterprise_bin"].value_counts()
    assert counts.index[0] == story.bin and counts.iloc[0] > counts.iloc[1] * 1.5
    own_counts = collective[collective["enterprise_bin"] == story.bin].groupby(
        months[collective["enterprise_bin"] == story.bin]).size()
    tau, p = kendalltau(np.arange(len(own_counts)), own_counts.to_numpy())
    assert tau > 0.6 and p < 0.05

    incidents = full["incidents"]
    own_incidents = incidents[incidents["enterprise_bin"] == story.bin]
    stoppages = own_incidents[own_incidents["type"] == "work_stoppage"]
    assert _month(stoppages["date"]).tolist() == [_offset(story.event_offset)]
    assert stoppages["participants"].iloc[0] == 420


def test_rising_region_appeals_rise_steadily(full):
    story = get_story("rising_region")
    appeals = full["appeals"]
    own = appeals[appeals["region"] == story.regions[0]]
    monthly = own.groupby(_month(own["date"])).size()
    last = monthly.loc[_offset(story.first_offset):]
    assert len(last) >= 12
    tau, p = kendalltau(np.arange(len(last)), last.to_numpy())
    assert tau > 0.6 and p < 0.001
    earlier = monthly.loc[:_offset(story.first_offset - 1)].tail(12)
    assert last.tail(3).mean() > 1.5 * earlier.mean()
    # the same months elsewhere (outside the other stories) do not rise like it
    others = appeals[~appeals["region"].isin(
        [*story.regions, "KZ-59", *get_story("rising_cluster").regions])]
    national = others.groupby(_month(others["date"])).size()
    assert national.loc[_offset(-2):].mean() < 1.15 * national.loc[:_offset(-15)].tail(12).mean()


def test_seasonal_region_peaks_every_winter_without_rising(full):
    story = get_story("seasonal_region")
    appeals = full["appeals"]
    own = appeals[appeals["region"] == story.regions[0]]
    monthly = own.groupby(_month(own["date"])).size()
    for year in (2023, 2024, 2025):
        winter = monthly[[m for m in monthly.index
                          if (m.year, m.month) in {(year - 1, 12), (year, 1), (year, 2)}]]
        summer = monthly[[m for m in monthly.index if m.year == year - 1 and m.month in (6, 7, 8)]]
        assert winter.mean() > 1.8 * summer.mean(), year
    last_year, year_before = monthly.iloc[-12:].sum(), monthly.iloc[-24:-12].sum()
    assert 0.9 < last_year / year_before < 1.1
    yearly_change = monthly.iloc[12:].to_numpy() - monthly.iloc[:-12].to_numpy()
    assert kendalltau(np.arange(len(yearly_change)), yearly_change)[1] > 0.05


def test_cluster_regions_rise_together_and_are_neighbours(full):
    story = get_story("rising_cluster")
    weights = geo.region_weights()
    for code in story.regions:
        assert set(weights.neighbors[code]) & (set(story.regions) - {code}), code
    appeals = full["appeals"]
    arrears = full["arrears"]
    for code in story.regions:
        own = appeals[appeals["region"] == code]
        monthly = own.groupby(_month(own["date"])).size()
        baseline = monthly.loc[_offset(story.first_offset - 12):_offset(story.first_offset - 1)]
        assert monthly.loc[_offset(-2):].mean() > 1.4 * baseline.mean(), code
    owing = arrears[arrears["region"].isin(story.regions) & (arrears["workers"] > 0)]
    firms = owing.groupby(_month(owing["report_date"]))["enterprise_bin"].nunique()
    baseline = firms.loc[_offset(story.first_offset - 12):_offset(story.first_offset - 1)]
    assert firms.loc[_offset(-2):].mean() > 1.5 * baseline.mean()


def test_unlawful_mass_layoff_story(full):
    story = get_story("unlawful_layoffs")
    layoffs = full["layoffs"]
    unlawful = layoffs[layoffs["unlawful"].fillna(False)]
    biggest = unlawful.sort_values("workers").iloc[-1]
    assert biggest["enterprise_bin"] == story.bin and biggest["workers"] == 380
    assert _month(pd.Series([biggest["date"]]))[0] == _offset(story.event_offset)
    arrears = full["arrears"]
    own = arrears[arrears["enterprise_bin"] == story.bin]
    assert _month(own["report_date"]).tolist() == [
        _offset(o) for o in range(story.first_offset, story.last_offset + 1)]
    assert own["workers"].iloc[0] == 380 and own["amount_kzt"].iloc[-1] == 0
    assert own["repaid_kzt"].sum() == own["amount_kzt"].max()
    appeals = full["appeals"]
    collective = appeals[(appeals["enterprise_bin"] == story.bin) & (appeals["people"] > 1)]
    assert set(collective["category"]) == {"dismissal"}
    assert set(_month(collective["date"])) == {
        _offset(o) for o in range(story.event_offset, story.event_offset + 3)}
    rally = full["incidents"][(full["incidents"]["enterprise_bin"] == story.bin)]
    assert rally["type"].tolist() == ["rally"]
    assert _month(rally["date"]).tolist() == [_offset(story.event_offset + 1)]


# ------------------------------------------------------------------ store


def test_load_demo_writes_one_demo_batch_per_kind(db_url):
    engine = store.get_engine(db_url)
    try:
        store.init_db(engine)
        batches = load_demo(engine, seed=2026, end_month=END, scale=0.02)
        assert list(batches) == list(KINDS_IN_LOAD_ORDER)
        frames = generate(2026, END, scale=0.02)
        listed = store.list_batches(engine).set_index("id")
        for kind, batch_id in batches.items():
            row = listed.loc[batch_id]
            assert row["kind"] == kind and bool(row["is_demo"])
            assert row["file_name"] == f"synthetic-demo-{kind}"
            assert row["user_name"] == "demo"
            assert row["rows_loaded"] == len(frames[kind]), kind
            assert row["sha256"] == frame_sha256(kind, frames[kind])
        assert store.is_synthetic(engine)
        assert not store.has_uploaded_data(engine)
    finally:
        engine.dispose()


def test_remove_demo_undoes_only_demo_batches(sqlite_url):
    from utils import store
    from utils.demo import load_demo, remove_demo

    engine = store.get_engine(sqlite_url)
    store.init_db(engine)
    demo_ids = load_demo(engine, end_month="2025-06", scale=0.02)
    assert store.is_synthetic(engine)
    removed = remove_demo(engine, user="analyst")
    assert removed == sorted(demo_ids.values())
    assert not store.is_synthetic(engine)
    batches = store.list_batches(engine)
    assert set(batches.loc[batches["status"] == "undone", "id"]) == set(removed)
    assert remove_demo(engine) == []
