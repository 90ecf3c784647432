"""The hotspots screen's tables, map and methodology, on reports built from constructed panels."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import geo
from tests.early_warning_data import CODES, enterprise_rows, kz_weights, months, region_panel
from utils import i18n
from utils.early_warning import CATEGORIES, EarlyWarningReport, compute_early_warning
from utils.maps import (
    EMERGING_COLORS,
    EMERGING_ORDER,
    NO_DATA,
    category_classification,
    category_palette,
)
from utils.screens import exports
from utils.screens import hotspots_screen as hv

COUNT = 36
MONTHS = months("2023-01", COUNT)
RISING = "KZ-11"
RISKY_BIN, QUIET_BIN = "150340012142", "990440172824"
FORMULA_NAME = '=HYPERLINK("http://example.invalid","x")'


@pytest.fixture(scope="module")
def panels() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(5)
    regions = region_panel(
        {RISING: {"appeals": rng.poisson(np.linspace(250, 600, COUNT)).astype(float)}},
        count=COUNT,
    )
    growth = np.r_[np.zeros(COUNT - 6), np.geomspace(2e6, 90e6, 6)]
    firms = pd.concat([
        enterprise_rows(RISKY_BIN, RISING, MONTHS, {
            "arrears_kzt": growth, "workers_owed": np.where(growth > 0, 300.0, 0.0),
            "overdue_months": np.r_[np.zeros(COUNT - 6), np.arange(1, 7)],
            "collective_appeals": np.r_[np.zeros(COUNT - 4), [1, 2, 3, 4]],
            "appeals": np.r_[np.zeros(COUNT - 4), [2, 3, 4, 5]],
        }, name=FORMULA_NAME),
        enterprise_rows(QUIET_BIN, "KZ-55", MONTHS, {"appeals": np.ones(COUNT)}),
    ], ignore_index=True)
    return regions, firms


@pytest.fixture(scope="module")
def report(panels) -> EarlyWarningReport:
    regions, firms = panels
    return compute_early_warning(regions, firms, weights=kz_weights())


# --- tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_region_table_keeps_the_reports_order_in_the_interface_language(report, lang):
    frame = hv.region_table(report, lang)
    assert list(frame[i18n.t("hotspots.col.code", lang)]) == [r.code for r in report.regions]
    assert list(frame[i18n.t("hotspots.col.rank", lang)]) == list(range(1, len(CODES) + 1))
    first = report.regions[0]
    assert first.code == RISING and first.rising
    row = frame.iloc[0]
    assert row[i18n.t("common.region", lang)] == i18n.region_label(RISING, lang)
    assert row[i18n.t("hotspots.level", lang)] == hv.sentence(i18n.level_label(first.level, lang))
    # The reason is a sentence of the interface language, first letter capitalised.
    appeals = hv.sentence(i18n.t("ew.indicator.appeals", lang))
    assert row[i18n.t("hotspots.col.why", lang)].startswith(appeals)


def test_reasons_are_translated_not_the_english_text(report):
    entry = report.regions[0]
    english, russian = hv.reasons(entry, "en"), hv.reasons(entry, "ru")
    assert len(english) == len(russian) == len(entry.reasons) > 0
    assert english[0].startswith(hv.sentence(i18n.t("ew.indicator.appeals", "en")))
    assert russian[0].startswith(hv.sentence(i18n.t("ew.indicator.appeals", "ru")))
    assert not set(russian) & set(english)
    assert hv.reasons(entry, "kk") != russian


def test_watchlist_table_marks_new_enterprises_and_joins_three_reasons(report):
    frame = hv.enterprise_table(report, "ru")
    bins = list(frame[i18n.t("common.bin", "ru")])
    assert bins[0] == RISKY_BIN
    assert QUIET_BIN not in bins
    first = report.enterprises[0]
    row = frame.iloc[0]
    marker = i18n.t("common.yes", "ru")
    assert row[i18n.t("hotspots.col.new", "ru")] == (marker if first.new_on_list else "")
    assert row[i18n.t("hotspots.col.risk_level", "ru")] == hv.sentence(
        i18n.t(f"ew.risk.{first.risk_level}", "ru"))
    line = row[i18n.t("hotspots.col.reasons", "ru")]
    assert line.count("; ") == min(3, len(hv.reasons(first, "ru"))) - 1
    assert i18n.t("ew.reason.new_on_list", "ru") not in line


def test_downloads_of_both_tables_cannot_run_formulas(report):
    watchlist = hv.enterprise_table(report, "en")
    assert watchlist.iloc[0][i18n.t("common.enterprise", "en")] == FORMULA_NAME
    csv = exports.table_csv(watchlist, "en").decode("utf-8-sig")
    assert "'" + FORMULA_NAME.replace('"', '""') in csv
    workbook = pd.read_excel(io.BytesIO(exports.table_xlsx(watchlist)))
    assert workbook.iloc[0][i18n.t("common.enterprise", "en")] == "'" + FORMULA_NAME
    regions = pd.read_excel(io.BytesIO(exports.table_xlsx(hv.region_table(report, "en"))))
    assert list(regions[i18n.t("hotspots.col.code", "en")]) == [
        r.code for r in report.regions]


def test_summary_counts_the_report(report):
    counts = hv.summary(report)
    assert counts["regions_rising"] == sum(r.rising for r in report.regions) >= 1
    assert counts["watchlist"] == len(report.enterprises) == 1
    assert hv.rising_regions(report, limit=1)[0].code == RISING


def test_empty_report_gives_empty_tables_with_headers(panels):
    regions, _ = panels
    empty = compute_early_warning(regions.iloc[0:0], None, as_of="2025-01", weights=kz_weights())
    frame = hv.region_table(empty, "kk")
    assert frame.empty and i18n.t("hotspots.level", "kk") in frame.columns
    assert hv.enterprise_table(empty, "kk").empty
    assert hv.summary(empty) == {"regions_rising": 0, "watchlist": 0, "new_on_list": 0,
                                 "high_risk": 0}


# --- report month ----------------------------------------------------------------------------


@pytest.mark.parametrize(("end", "expected"), [
    (None, "2026-10"), ("2026-05", "2026-05"), ("2027-02", "2026-10"), ("2020-01", "2023-11"),
])
def test_report_month_is_the_period_end_within_the_data(end, expected):
    assert hv.as_of_month(end, "2023-11", "2026-10") == expected


def test_no_report_month_without_data():
    assert hv.as_of_month("2026-05", None, None) is None


def test_period_keeps_its_start_unless_the_start_is_after_the_report_month():
    assert hv.period_for("2026-08", "2025-11", "2023-11") == ("2025-11", "2026-08")
    assert hv.period_for("2025-06", "2025-11", "2023-11") == ("2024-07", "2025-06")
    assert hv.period_for("2024-03", "2025-11", "2023-11") == ("2023-11", "2024-03")


# --- the emerging hot-spot map ---------------------------------------------------------------


def test_category_classes_follow_the_legend_order_and_count_units():
    categories = pd.Series({"KZ-11": "new_hot_spot", "KZ-15": "no_pattern",
                            "KZ-19": "new_hot_spot", "KZ-23": None,
                            "KZ-27": "persistent_cold_spot"})
    classes = category_classification(categories, labeller=lambda c: c.upper(),
                                      no_data_label="none")
    assert classes.classes.to_dict() == {"KZ-11": 0, "KZ-15": 1, "KZ-19": 0, "KZ-23": NO_DATA,
                                         "KZ-27": 2}
    assert [(e.label, e.count) for e in classes.legend] == [
        ("NEW_HOT_SPOT", 2), ("NO_PATTERN", 1), ("PERSISTENT_COLD_SPOT", 1), ("none", 1)]
    assert category_palette(categories) == [EMERGING_COLORS["new_hot_spot"],
                                            EMERGING_COLORS["no_pattern"],
                                            EMERGING_COLORS["persistent_cold_spot"]]
    full = category_classification(categories, keep_empty=True)
    assert full.k == len(EMERGING_ORDER) == len(category_palette(categories, keep_empty=True))


def test_every_emerging_category_has_its_own_colour():
    assert set(EMERGING_ORDER) == set(CATEGORIES)
    assert len(set(EMERGING_COLORS.values())) == len(CATEGORIES)


def test_unknown_category_is_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="Unknown category: 'hot'. Category must be in the "
                                         "set: intensifying_hot_spot, new_hot_spot"):
        category_classification(pd.Series({"KZ-11": "hot"}))


def test_emerging_map_colours_each_region_by_its_category(report):
    built = hv.emerging_map(report, geo.browser_geojson(), lang="ru")
    html = built.map.get_root().render()
    categories = hv.emerging_categories(report)
    for category in set(categories):
        assert EMERGING_COLORS[category] in html
        assert i18n.ehsa_label(category, "ru") in built.legend_html
    assert i18n.region_label(RISING, "ru") in html
    counts = [int(c) for c in pd.Series(list(categories)).value_counts()]
    assert sorted(counts) == sorted(
        int(part.split("(")[-1].split(")")[0])
        for part in built.legend_html.split('class="ltm-legend-count"')[1:]
    )


# --- methodology -----------------------------------------------------------------------------


def test_methodology_states_the_thresholds_in_force(panels):
    regions, firms = panels
    changed = compute_early_warning(
        regions, firms, weights=kz_weights(),
        overrides={"large_increase_ratio": 3.0, "trend_alpha": 0.01},
        tension_weights={"region": {"incidents_per_100k": 0.0}},
    )
    text = " ".join(p for _, p in hv.methodology(changed, "en"))
    assert "to at least 3 times its comparison" in text
    assert "at least 3 times the expected value is a sharp rise" in text
    assert "adjusted p is below 0.01" in text
    assert i18n.t("hotspots.low_power", "en") in text
    weights = hv.weights_table(changed, "region", "en")
    share = weights.set_index(i18n.t("hotspots.col.factor", "en"))[
        i18n.t("hotspots.col.weight_share", "en")]
    assert share.sum() == pytest.approx(100.0, abs=0.2)
    assert share[hv.sentence(i18n.t("ew.indicator.incidents_per_100k", "en"))] == 0.0


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_methodology_and_definitions_read_in_every_language(report, lang):
    sections = hv.methodology(report, lang)
    assert len(sections) == 10 and all(heading and text for heading, text in sections)
    definitions = hv.emerging_definitions(lang)
    assert list(definitions.iloc[:, 1]) == [i18n.ehsa_help(c, lang) for c in EMERGING_ORDER]
    enterprise = hv.weights_table(report, "enterprise", lang)
    assert len(enterprise) == len(report.methodology.config["enterprise_weights"])


def test_unknown_weights_table_lists_the_valid_ones(report):
    with pytest.raises(KeyError, match="Table must be in the set: enterprise, region"):
        hv.weights_table(report, "district", "en")


def test_evidence_table_keeps_the_statistics_behind_each_verdict(report):
    frame = hv.evidence_table(report, "ru")
    first = report.regions[0]
    row = frame.iloc[0]
    assert row[i18n.t("hotspots.col.code", "ru")] == first.code
    assert row[i18n.t("hotspots.col.trend_p", "ru")] == pytest.approx(first.trend.p, abs=1e-4)
    assert row[i18n.t("hotspots.col.reasons_detail", "ru")] == "; ".join(hv.reasons(first, "ru"))
    # The table the page leads with carries no p-values: they support the verdict.
    assert i18n.t("hotspots.col.trend_p", "ru") not in hv.region_table(report, "ru").columns
