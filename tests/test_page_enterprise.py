"""The enterprise drill-down through Streamlit's AppTest, checked against the stored rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages import fresh_caches, open_page, query, run  # noqa: F401
from utils import demo, formatting, i18n, store
from utils.ingest import make_bin_near
from utils.screens import column_label, enterprise_screen
from utils.ui.components import escape_markdown as plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LANG = "ru"
#: A name that would be a link, bold text, a colour directive and a formula if it were not
#: shown as plain text.
ODD_NAME = '=HYPERLINK("x") <b>ТОО</b> **«Звезда»** [site](http://x.example) :red[!]'
ODD_BIN = make_bin_near("20034000001")
EXTRACT_BIN = make_bin_near("20034000101")


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small synthetic data set in its own SQLite file (the shared demo file is left alone)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('enterprise_demo') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.05, end_month="2026-10")
    engine.dispose()
    return url


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    engine.dispose()
    return url


@pytest.fixture
def odd_name_url(tmp_path: Path) -> str:
    """An enterprise of the registry whose name and settlement are full of markup, with two
    arrears reports; and one known only from an arrears report."""
    url = f"sqlite:///{tmp_path / 'odd.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    registry = pd.DataFrame(
        {
            "bin": [ODD_BIN],
            "name": [ODD_NAME],
            "region": ["KZ-35"],
            "industry": ["B"],
            "settlement": ["<i>Темиртау</i>"],
            "lat": [50.05],
            "lon": [72.96],
            "headcount": [250],
        }
    )
    store.load_batch(engine, "enterprises", registry, file_name="registry.csv",
                     sha256="1" * 64, user="test", rows_read=1)
    arrears = pd.DataFrame(
        {
            "report_date": pd.to_datetime(
                [dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 9, 30)]
            ),
            "region": "KZ-35",
            "enterprise_bin": [ODD_BIN, ODD_BIN, EXTRACT_BIN],
            "enterprise_name": [ODD_NAME, ODD_NAME, "ТОО «Вне реестра»"],
            "amount_kzt": [4_500_000.0, 3_000_000.0, 800_000.0],
            "workers": [30, 21, 5],
            "overdue_months": [2, 3, 1],
            "repaid_kzt": [0.0, 1_500_000.0, 0.0],
            "workers_repaid": [0, 9, 0],
            "industry": "B",
            "settlement": None,
            "lat": None,
            "lon": None,
        }
    )
    store.load_batch(engine, "arrears", arrears, file_name="arrears.csv", sha256="2" * 64,
                     user="test", rows_read=len(arrears))
    engine.dispose()
    return url


def open_enterprise(monkeypatch: pytest.MonkeyPatch, url: str, **params: str) -> AppTest:
    """Start the app on ``url`` and open the enterprise page with ``params`` in the URL."""
    return open_page(monkeypatch, url, "pages/enterprise.py", timeout=120, **params)


def search(at: AppTest, text: str) -> AppTest:
    at.text_input(key="enterprise_query").input(text)
    return run(at)


def infos(at: AppTest) -> list[str]:
    return [str(element.value) for element in at.info]


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert len(found) == 1, [m.label for m in at.metric]
    return found[0]


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the one table on the page whose headers hold those of ``columns``."""
    names = [column_label(c, LANG) for c in columns]
    found = [d.value for d in at.dataframe if all(n in d.value.columns for n in names)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def table_exactly(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the one table on the page with exactly the headers of ``columns``."""
    names = [column_label(c, LANG) for c in columns]
    found = [d.value for d in at.dataframe if list(d.value.columns) == names]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def picker(at: AppTest):
    found = [s for s in at.selectbox if s.key and s.key.startswith("enterprise_pick_")]
    assert len(found) == 1, [s.key for s in at.selectbox]
    return found[0]


@pytest.fixture(scope="session")
def debtor(demo_url: str) -> dict:
    """The enterprise owing the most at the last month any arrears were reported."""
    (month,), = query(demo_url, "SELECT MAX(month) FROM arrears")
    (bin_, amount, workers), = query(
        demo_url,
        "SELECT enterprise_bin, SUM(amount_kzt), SUM(workers) FROM arrears WHERE month = :m "
        "GROUP BY enterprise_bin ORDER BY 2 DESC LIMIT 1",
        m=month,
    )
    (name, region), = query(demo_url, "SELECT name, region FROM enterprises WHERE bin = :b",
                            b=bin_)
    return {"bin": bin_, "month": month, "amount": amount, "workers": workers, "name": name,
            "region": region}


# --- the page on the demo data ---------------------------------------------------------------


def test_bin_in_the_url_opens_that_enterprise(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url, enterprise=debtor["bin"])
    assert at.header[0].value == plain(debtor["name"])
    assert at.query_params["enterprise"] == debtor["bin"]
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert debtor["bin"] in shown
    assert plain(i18n.region_label(debtor["region"], LANG)) in shown


def test_latest_arrears_equal_the_last_report(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url, enterprise=debtor["bin"])
    label = i18n.kpi_label("arrears_outstanding_kzt", LANG)
    assert metric(at, label) == formatting.format_money_short(debtor["amount"], LANG)
    workers = i18n.kpi_label("workers_owed", LANG)
    assert metric(at, workers) == formatting.format_number(debtor["workers"], LANG)
    as_of = i18n.t("region.as_of", LANG, month=formatting.format_month(debtor["month"], LANG))
    assert [c.value for c in at.caption].count(as_of) == 2


def test_totals_equal_the_stored_rows(monkeypatch, demo_url, debtor):
    bin_ = debtor["bin"]
    at = open_enterprise(monkeypatch, demo_url, enterprise=bin_)
    (appeals,), = query(demo_url, "SELECT COUNT(*) FROM appeals WHERE enterprise_bin = :b", b=bin_)
    (layoffs,), = query(
        demo_url, "SELECT COALESCE(SUM(workers), 0) FROM layoffs WHERE enterprise_bin = :b", b=bin_
    )
    (incidents,), = query(demo_url, "SELECT COUNT(*) FROM incidents WHERE enterprise_bin = :b",
                          b=bin_)
    assert metric(at, i18n.kpi_label("appeals", LANG)) == formatting.format_number(appeals, LANG)
    assert metric(at, i18n.kpi_label("layoffs", LANG)) == formatting.format_number(layoffs, LANG)
    assert metric(at, i18n.kpi_label("incidents", LANG)) == formatting.format_number(incidents,
                                                                                     LANG)


def test_month_by_month_table_equals_the_stored_rows(monkeypatch, demo_url, debtor):
    bin_ = debtor["bin"]
    at = open_enterprise(monkeypatch, demo_url, enterprise=bin_)
    table = table_with(
        at, "month", "arrears_outstanding_kzt", "overdue_months", "incident_participants"
    )
    table = table.set_index(column_label("month", LANG))
    arrears = query(
        demo_url,
        "SELECT month, SUM(amount_kzt), SUM(workers), SUM(repaid_kzt) FROM arrears "
        "WHERE enterprise_bin = :b GROUP BY month",
        b=bin_,
    )
    for month, amount, workers, repaid in arrears:
        owed = table.at[month, column_label("arrears_outstanding_kzt", LANG)]
        assert owed == pytest.approx(amount)
        assert table.at[month, column_label("workers_owed", LANG)] == workers
        assert table.at[month, column_label("repaid_kzt", LANG)] == pytest.approx(repaid or 0)
    appeals = dict(query(
        demo_url,
        "SELECT month, COUNT(*) FROM appeals WHERE enterprise_bin = :b GROUP BY month", b=bin_,
    ))
    shown = table[column_label("appeals", LANG)]
    assert {m: v for m, v in shown.items() if v} == appeals


def test_repayments_list_the_months_with_a_repayment(monkeypatch, demo_url):
    (bin_,), = query(
        demo_url,
        "SELECT enterprise_bin FROM arrears WHERE repaid_kzt > 0 GROUP BY enterprise_bin "
        "ORDER BY COUNT(*) DESC, enterprise_bin LIMIT 1",
    )
    at = open_enterprise(monkeypatch, demo_url, enterprise=bin_)
    stored = query(
        demo_url,
        "SELECT month, SUM(repaid_kzt), SUM(workers_repaid) FROM arrears "
        "WHERE enterprise_bin = :b GROUP BY month "
        "HAVING SUM(repaid_kzt) > 0 OR SUM(workers_repaid) > 0 ORDER BY month",
        b=bin_,
    )
    table = table_exactly(at, *enterprise_screen.REPAYMENT_COLUMNS)
    assert list(table[column_label("month", LANG)]) == [m for m, _, _ in stored]
    assert list(table[column_label("repaid_kzt", LANG)]) == pytest.approx([a for _, a, _ in stored])
    assert list(table[column_label("workers_repaid", LANG)]) == [w for _, _, w in stored]


def test_every_table_offers_csv_and_excel(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url, enterprise=debtor["bin"])
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(at.dataframe) >= 2
    assert labels.count(i18n.t("common.download_csv", LANG)) == len(at.dataframe)
    assert labels.count(i18n.t("common.download_xlsx", LANG)) == len(at.dataframe)


# --- search ----------------------------------------------------------------------------------


def _typo(name: str) -> str:
    """Return ``name`` with one letter of its longest word dropped and two letters swapped."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    word = word[:2] + word[3] + word[2] + word[5:]
    words[longest] = word
    return " ".join(words)


def test_search_with_a_typo_finds_the_enterprise(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url)
    assert i18n.t("empty.no_enterprise_selected", LANG) in infos(at)
    misspelt = _typo(debtor["name"])
    assert misspelt != debtor["name"]
    search(at, misspelt)
    found = picker(at)
    assert debtor["bin"] in found.options[0] or debtor["bin"] in " ".join(found.options)
    found.select(debtor["bin"])
    run(at)
    assert at.query_params["enterprise"] == debtor["bin"]
    assert at.header[0].value == plain(debtor["name"])


def test_search_by_bin_opens_the_enterprise(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url)
    search(at, debtor["bin"])
    assert at.query_params["enterprise"] == debtor["bin"]
    assert at.header[0].value == plain(debtor["name"])


def test_search_by_bin_prefix_lists_the_enterprises_it_starts(monkeypatch, demo_url, debtor):
    prefix = debtor["bin"][:6]
    at = open_enterprise(monkeypatch, demo_url)
    search(at, prefix)
    stored = {b for (b,) in query(demo_url, "SELECT DISTINCT bin FROM enterprises "
                                            "WHERE bin LIKE :p", p=prefix + "%")}
    options = picker(at).options
    assert len(options) == min(len(stored), 20)
    assert all(any(b in option for b in stored) for option in options)


def test_search_that_matches_nothing_says_so(monkeypatch, demo_url):
    at = open_enterprise(monkeypatch, demo_url)
    search(at, "Щщщщ Ъъъъ Ыыыы")
    assert i18n.t("empty.enterprise_search", LANG, query=plain("Щщщщ Ъъъъ Ыыыы")) in infos(at)
    assert "enterprise" not in at.query_params


# --- URL state and odd states ----------------------------------------------------------------


def test_before_a_search_the_countrys_leaders_are_listed(monkeypatch, demo_url):
    """Without an enterprise the page lists the country's largest debtors at the period's
    last arrears month and the enterprises named in most appeals, from the stored rows."""
    (first,), = query(demo_url, "SELECT MIN(month) FROM appeals")
    (last,), = query(demo_url, "SELECT MAX(month) FROM appeals")
    at = open_enterprise(monkeypatch, demo_url, start=first, end=last)
    (month,), = query(demo_url, "SELECT MAX(month) FROM arrears WHERE month <= :e", e=last)
    debtors = query(
        demo_url,
        "SELECT enterprise_bin, SUM(amount_kzt), SUM(workers) FROM arrears WHERE month = :m "
        "AND enterprise_bin IS NOT NULL GROUP BY enterprise_bin ORDER BY 2 DESC, 1 LIMIT 10",
        m=month,
    )
    shown = {d.key: d.value for d in at.dataframe}
    arrears = shown["enterprise_leaders_arrears"]
    assert list(arrears[column_label("bin", LANG)]) == [b for b, _, _ in debtors]
    assert list(arrears[column_label("arrears_outstanding_kzt", LANG)]) == pytest.approx(
        [a for _, a, _ in debtors])
    (region,), = query(demo_url, "SELECT region FROM arrears WHERE enterprise_bin = :b LIMIT 1",
                       b=debtors[0][0])
    assert arrears.iloc[0][column_label("region", LANG)] == i18n.region_label(region, LANG)
    named = query(
        demo_url,
        "SELECT enterprise_bin, COUNT(*) FROM appeals WHERE month BETWEEN :s AND :e "
        "AND enterprise_bin IS NOT NULL GROUP BY enterprise_bin ORDER BY 2 DESC, 1 LIMIT 10",
        s=first, e=last,
    )
    appeals = shown["enterprise_leaders_appeals"]
    assert list(appeals[column_label("appeals", LANG)]) == [n for _, n in named]
    assert appeals.iloc[0][column_label("bin", LANG)] == named[0][0]


def test_choosing_a_leader_opens_its_page(monkeypatch, demo_url):
    at = open_enterprise(monkeypatch, demo_url)
    leaders = {d.key: d.value for d in at.dataframe}["enterprise_leaders_arrears"]
    bin_ = leaders.iloc[0][column_label("bin", LANG)]
    at.selectbox(key="enterprise_open_leader").select(bin_)
    run(at)
    assert at.query_params["enterprise"] == bin_
    (name,), = query(demo_url, "SELECT name FROM enterprises WHERE bin = :b", b=bin_)
    assert at.header[0].value.replace("\\", "") == name


def test_unknown_bin_says_so(monkeypatch, demo_url):
    unknown = make_bin_near("99999999990")
    at = open_enterprise(monkeypatch, demo_url, enterprise=unknown)
    assert i18n.t("enterprise.not_found_bin", LANG, bin=unknown) in infos(at)


def test_empty_database_says_so(monkeypatch, empty_url):
    at = open_enterprise(monkeypatch, empty_url, enterprise=ODD_BIN)
    assert i18n.t("enterprise.not_found_bin", LANG, bin=ODD_BIN) in infos(at)
    search(at, "Звезда")
    assert i18n.t("empty.enterprise_search", LANG, query=plain("Звезда")) in infos(at)


def test_back_link_returns_to_the_region_it_came_from(monkeypatch, demo_url, debtor):
    at = open_enterprise(monkeypatch, demo_url, enterprise=debtor["bin"],
                         region=debtor["region"], start="2025-11", end="2026-10")
    link = at.get("page_link")[0].proto
    name = i18n.region_label(debtor["region"], LANG)
    assert link.label == i18n.t("enterprise.back_to_region", LANG, region=name)
    assert f"region={debtor['region']}" in link.query_string
    assert "enterprise" not in link.query_string
    assert "start=2025-11" in link.query_string


def test_uploaded_markup_in_a_name_is_shown_as_text(monkeypatch, odd_name_url):
    """A name full of markup comes out escaped; the settlement too; nothing becomes HTML."""
    at = open_enterprise(monkeypatch, odd_name_url, enterprise=ODD_BIN)
    assert at.header[0].value == plain(ODD_NAME)
    assert i18n.t("enterprise.source_extracts", LANG) not in [c.value for c in at.caption]
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert plain("<i>Темиртау</i>") in shown and "<i>Темиртау</i>" not in shown
    # The only raw HTML on the page is the frame's own style sheet.
    assert all(h.proto.body.lstrip().startswith("<style>") for h in at.get("html"))
    label = i18n.kpi_label("arrears_outstanding_kzt", LANG)
    assert metric(at, label) == formatting.format_money_short(3_000_000, LANG)
    as_of = i18n.t("region.as_of", LANG, month=formatting.format_month("2026-09", LANG))
    assert as_of in [c.value for c in at.caption]
    assert i18n.t("enterprise.no_appeals", LANG) in infos(at)
    assert i18n.t("enterprise.no_layoffs", LANG) in infos(at)
    assert i18n.t("empty.no_incidents_enterprise", LANG) in infos(at)


def test_enterprise_known_only_from_extracts_says_so(monkeypatch, odd_name_url):
    at = open_enterprise(monkeypatch, odd_name_url, enterprise=EXTRACT_BIN)
    assert at.header[0].value == plain("ТОО «Вне реестра»")
    assert i18n.t("enterprise.source_extracts", LANG) in [c.value for c in at.caption]
    assert metric(at, i18n.kpi_label("arrears_outstanding_kzt", LANG)) == (
        formatting.format_money_short(800_000, LANG)
    )


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_enterprise_page_speaks_the_chosen_language(monkeypatch, demo_url, debtor, lang):
    at = open_enterprise(monkeypatch, demo_url, enterprise=debtor["bin"], lang=lang)
    assert at.title[0].value == i18n.t("enterprise.title", lang)
    assert i18n.kpi_label("appeals", lang) in [m.label for m in at.metric]


# --- the shaping the page uses ---------------------------------------------------------------


def test_appeals_by_category_keeps_months_with_appeals():
    timeline = pd.DataFrame(
        {
            "month": ["2026-01", "2026-02"],
            "appeals": [3.0, 0.0],
            "appeals_dismissal": [1.0, 0.0],
            "appeals_wage_arrears": [2.0, 0.0],
        }
    )
    mix = enterprise_screen.appeals_by_category(timeline)
    assert mix.to_dict("records") == [
        {"month": "2026-01", "category": "dismissal", "appeals": 1},
        {"month": "2026-01", "category": "wage_arrears", "appeals": 2},
    ]
    assert list(enterprise_screen.months_with(timeline, "appeals")["month"]) == ["2026-01"]


def test_a_period_without_data_lists_no_leaders_and_says_so(monkeypatch, demo_url):
    at = open_enterprise(monkeypatch, demo_url, start="2019-01", end="2019-06")
    period = formatting.format_period("2019-01", "2019-06", LANG)
    assert i18n.t("enterprise.no_leaders_arrears", LANG, period=period) in infos(at)
    assert i18n.t("enterprise.no_leaders_appeals", LANG, period=period) in infos(at)
    assert not at.dataframe
