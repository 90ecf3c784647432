"""AppTest of the districts: the region page's district filter, the load report's districts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import geo
from tests.app_pages import fresh_caches, open_page, run  # noqa: F401
from tests.test_page_data import accounts, engine, open_data_page, session_of, upload  # noqa: F401
from tests.test_page_region import END, START, open_region, query
from utils import i18n
from utils.screens import column_label
from utils.ui.components import escape_markdown

LANG = "ru"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small synthetic data set whose rows got their districts as the demo loads them."""
    from utils import demo, store

    url = f"sqlite:///{tmp_path_factory.mktemp('districts_demo') / 'ltm.db'}"
    bound = store.get_engine(url)
    store.init_db(bound)
    demo.load_demo(bound, scale=0.05, end_month="2026-10")
    bound.dispose()
    return url


def _district_map(at) -> dict:
    components = [e for e in at.main if e.type == "component_instance"]
    assert len(components) == 2
    return json.loads(components[0].proto.json_args)


def _incident_region(url: str) -> tuple[str, str, int]:
    """The region and district with the most incidents placed in a district in the period."""
    (region, district, count), = query(
        url,
        "SELECT region, district_kato, COUNT(*) FROM incidents WHERE month BETWEEN :s AND :e "
        "AND district_kato IS NOT NULL GROUP BY region, district_kato ORDER BY 3 DESC, 1, 2 "
        "LIMIT 1",
        s=START, e=END,
    )
    return region, district, count


def _incidents_table(at) -> pd.DataFrame:
    names = [column_label(c, LANG) for c in ("date", "type", "participants")]
    found = [d.value for d in at.dataframe if all(n in d.value.columns for n in names)]
    assert len(found) <= 1
    return found[0] if found else pd.DataFrame()


def test_the_region_page_shows_its_districts_coloured_by_the_indicator(monkeypatch, demo_url):
    region, _district, _count = _incident_region(demo_url)
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END)
    script = _district_map(at)["script"]
    for kato in geo.district_katos(region):
        assert f'"{kato}"' in script
        assert json.dumps(geo.district_label(kato, LANG), ensure_ascii=False)[1:-1] in script
    others = set(geo.district_katos()) - set(geo.district_katos(region))
    assert not any(f'"code":"{kato}"' in script for kato in others)
    stored = dict(query(
        demo_url,
        "SELECT district_kato, SUM(appeals) FROM appeals_district_month WHERE region = :r "
        "AND month BETWEEN :s AND :e GROUP BY district_kato",
        r=region, s=START, e=END,
    ))
    assert stored and set(stored) <= set(geo.district_katos(region))
    picker = [s for s in at.selectbox if s.key and s.key.startswith("district_filter_")]
    assert len(picker) == 1 and picker[0].value is None


def test_choosing_a_district_narrows_the_tables_and_goes_into_the_url(monkeypatch, demo_url):
    region, district, count = _incident_region(demo_url)
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END)
    (in_region,), = query(
        demo_url, "SELECT COUNT(*) FROM incidents WHERE region = :r AND month BETWEEN :s AND :e",
        r=region, s=START, e=END,
    )
    assert len(_incidents_table(at)) == in_region
    picker = next(s for s in at.selectbox if s.key and s.key.startswith("district_filter_"))
    picker.set_value(district)
    run(at)
    assert at.query_params["district"] == district
    assert len(_incidents_table(at)) == count
    name = geo.district_label(district, LANG)
    assert any(escape_markdown(name) in str(i.value) or name in str(i.value) for i in at.info)
    # the district is outlined on the map
    assert f'if (code === "{district}")' in _district_map(at)["script"]


def test_a_link_with_a_district_reopens_it_and_a_stale_one_is_ignored(monkeypatch, demo_url):
    region, district, count = _incident_region(demo_url)
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END,
                     district=district)
    assert len(_incidents_table(at)) == count
    picker = next(s for s in at.selectbox if s.key and s.key.startswith("district_filter_"))
    assert picker.value == district
    other = next(k for k in geo.district_katos() if k not in geo.district_katos(region))
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END, district=other)
    picker = next(s for s in at.selectbox if s.key and s.key.startswith("district_filter_"))
    assert picker.value is None


def test_per_enterprise_figures_are_offered_when_enterprises_are_placed(monkeypatch, demo_url):
    region, _district, _count = _incident_region(demo_url)
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END,
                     dnorm="per_enterprise")
    radio = next(r for r in at.radio if r.key and r.key.startswith("district_normalisation_"))
    assert radio.value == "per_enterprise"
    assert radio.options == [i18n.t("districts.norm.absolute", LANG),
                             i18n.t("districts.norm.per_enterprise", LANG)]
    assert i18n.t("districts.no_population", LANG) in [c.value for c in at.caption]


@pytest.mark.usefixtures("accounts")
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_load_report_says_how_rows_got_a_district(tmp_path, lang):
    path = tmp_path / "районы.csv"
    path.write_text(
        "Дата регистрации,Область,Категория,Район,Населенный пункт\n"
        "15.03.2025,Абай облысы,Прочие,Жанасемейский район,\n"
        "16.03.2025,СКО,Прочие,Есильский район,\n"
        "17.03.2025,ВКО,Прочие,,Усть-Каменогорск\n"
        "18.03.2025,г. Алматы,Прочие,,\n",
        encoding="utf-8",
    )
    at = open_data_page(session_of("anna", "analyst"))
    if lang != "ru":
        at.query_params["lang"] = lang
        at = run(at)
    upload(at, path)
    expected = i18n.t("districts.load_report", lang, assigned="3", total="4", column="2",
                      settlement="1", coordinates="0", none="1")
    assert escape_markdown(expected) in [str(i.value) for i in at.info]
    assert not any("district" in str(w.value).lower() for w in at.warning)


def test_an_indicator_without_districts_says_so_instead_of_a_map(monkeypatch, demo_url):
    region, _district, _count = _incident_region(demo_url)
    at = open_region(monkeypatch, demo_url, region=region, start=START, end=END,
                     indicator="layoffs")
    components = [e for e in at.main if e.type == "component_instance"]
    assert len(components) == 1  # only the country map zoomed on the region
    said = " ".join(str(e.value) for e in at.main if hasattr(e, "value") and
                    isinstance(e.value, str))
    assert i18n.t("districts.no_breakdown", LANG,
                  indicator=i18n.indicator_label("layoffs", LANG)).split("«")[0] in said
