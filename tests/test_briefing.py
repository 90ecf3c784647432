"""Briefing exports: PPTX and PDF in three languages, numbers against the stored rows, offline."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from utils import briefing, cases, demo, formatting, i18n, store
from utils.briefing import static_map

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-09"
START = "2025-10"  # twelve months up to AS_OF
PREVIOUS = ("2024-10", "2025-09")
LANGS = i18n.LANGUAGES


class NetworkUsed(AssertionError):
    """A briefing export tried to open a network connection."""


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"network connection attempted: {args[1:]!r}")


# --- the database and the files ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('briefing') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.3, end_month="2026-10")
    _case_with_results(engine)
    engine.dispose()
    return url


def _case_with_results(engine) -> None:
    """One case opened and repaid in the briefing's period, for the results slide."""
    known = store.enterprise_name_rows(engine).dropna(subset=["region"]).sort_values("bin")
    case = cases.open_case(engine, known["bin"].iloc[0], "GIT", opened_on=dt.date(2026, 8, 3))
    for state, day in (("assigned", 4), ("hearing", 22), ("measure", 25)):
        case = cases.step_case(engine, case.id, state, on=dt.date(2026, 8, day))
    cases.step_case(engine, case.id, "repaid", on=dt.date(2026, 8, 28), repaid_kzt=3_500_000.0,
                    workers=42)


@pytest.fixture(scope="module")
def files(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The briefing in PPTX and PDF for each language, written with the network refused."""
    folder = tmp_path_factory.mktemp("briefings")
    engine = store.get_engine(demo_url)
    written = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _refuse)
        patch.setattr(socket.socket, "connect_ex", _refuse)
        patch.setattr(socket, "create_connection", lambda *a, **k: _refuse(None, *a))
        for lang in LANGS:
            for fmt in ("pptx", "pdf"):
                path = folder / f"briefing_{lang}.{fmt}"
                briefing.write_briefing(engine, path, as_of=AS_OF, lang=lang)
                written[lang, fmt] = path
    engine.dispose()
    return written


def rows(url: str, sql: str, **params) -> list[tuple]:
    """Read stored rows directly, independently of the store and metrics modules."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def expected_kpis(url: str, start: str, end: str) -> dict[str, float]:
    """The national figures of the period, summed from the fact rows."""
    between = "month between :start and :end"
    appeals, collective, people = rows(
        url, f"select count(*), sum(case when people > 1 then 1 else 0 end), sum(people) "
             f"from appeals where {between}", start=start, end=end)[0]
    (month,) = rows(url, f"select max(month) from arrears where {between}",
                    start=start, end=end)[0]
    outstanding, owed = rows(url, "select sum(amount_kzt), sum(workers) from arrears "
                                  "where month = :month", month=month)[0]
    repaid, workers_repaid = rows(url, f"select sum(repaid_kzt), sum(workers_repaid) "
                                       f"from arrears where {between}", start=start, end=end)[0]
    (laid_off,) = rows(url, f"select sum(workers) from layoffs where {between}",
                       start=start, end=end)[0]
    (incidents,) = rows(url, f"select count(*) from incidents where {between}",
                        start=start, end=end)[0]
    return {"appeals": appeals, "collective_appeals": collective, "people": people,
            "arrears_outstanding_kzt": outstanding, "workers_owed": owed,
            "arrears_repaid_kzt": repaid, "workers_repaid": workers_repaid,
            "layoffs": laid_off, "incidents": incidents}


def shown(key: str, value: float, lang: str) -> str:
    if key.endswith("_kzt"):
        return formatting.format_money_short(value, lang)
    return formatting.format_number(value, lang)


def flat(text: str) -> str:
    """Collapse every kind of space and line break, as PDF text extraction varies in them."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def slide_table(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE).table
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- PPTX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pptx_has_the_slides_with_titles_in_the_language(files, lang):
    deck = Presentation(str(files[lang, "pptx"]))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [i18n.t(key, lang) for key in briefing.SLIDES.values()]
    assert deck.slide_width > deck.slide_height  # 16:9 for a projector


@pytest.mark.parametrize("lang", LANGS)
def test_pptx_key_figures_equal_the_stored_rows(files, demo_url, lang):
    deck = Presentation(str(files[lang, "pptx"]))
    table = slide_table(deck.slides[list(briefing.SLIDES).index("kpis")])
    by_label = {row[0]: row for row in table[1:]}
    now = expected_kpis(demo_url, START, AS_OF)
    before = expected_kpis(demo_url, *PREVIOUS)
    assert len(by_label) == len(now)
    for key, value in now.items():
        row = by_label[i18n.kpi_label(key, lang)]
        assert row[1] == shown(key, value, lang), key
        assert row[2] == shown(key, before[key], lang), key
        change = (value - before[key]) / before[key] * 100.0
        assert row[3] == formatting.format_percent_change(change, lang), key


@pytest.mark.parametrize("lang", LANGS)
def test_pptx_title_slide_states_period_filters_and_synthetic_data(files, lang):
    deck = Presentation(str(files[lang, "pptx"]))
    text = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert formatting.format_period(START, AS_OF, lang) in text
    assert i18n.t("briefing.filters", lang, filters=i18n.t("briefing.filters_none", lang)) in text
    assert i18n.t("common.synthetic_banner", lang) in text


def test_pptx_map_is_the_static_map_picture(files, demo_url):
    deck = Presentation(str(files["kk", "pptx"]))
    slide = deck.slides[list(briefing.SLIDES).index("map")]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob)).convert("RGB")
    # The same map rendered again from the store: same size, same colour in every region.
    engine = store.get_engine(demo_url)
    content = briefing.briefing_content(engine, briefing.BriefingView(START, AS_OF), "kk")
    engine.dispose()
    drawn = briefing.briefing_map(content)
    assert image.size == drawn.size
    labelled = set(content.map_labels)
    for code, (x, y) in drawn.pixel_points.items():
        if code not in labelled:  # numbered regions carry a white label at that point
            assert "#{:02x}{:02x}{:02x}".format(*image.getpixel((int(x), int(y)))) == \
                drawn.colors[code], code


def test_pptx_rising_regions_and_watchlist_follow_the_early_warning(files, demo_url):
    engine = store.get_engine(demo_url)
    report = briefing.configured_report(engine, AS_OF)
    engine.dispose()
    rising = [e for e in report.regions if e.rising][: briefing.MAX_RISING]
    watch = report.enterprises[: briefing.MAX_WATCHLIST]
    assert rising and watch  # the demo's planted stories
    deck = Presentation(str(files["kk", "pptx"]))
    slides = list(briefing.SLIDES)
    table = slide_table(deck.slides[slides.index("rising")])
    assert [row[1] for row in table[1:]] == [i18n.region_label(e.code, "kk") for e in rising]
    first_reason = formatting.render_message(rising[0].verdict_messages[0], "kk")
    assert first_reason in table[1][3]
    table = slide_table(deck.slides[slides.index("watchlist")])
    assert [row[2] for row in table[1:]] == [e.bin for e in watch]
    assert table[1][4] == i18n.t(f"ew.risk.{watch[0].risk_level}", "kk")


@pytest.mark.parametrize("lang", LANGS)
def test_pptx_text_is_at_least_14_points(files, lang):
    """Every run of text, in text boxes and table cells, is readable from the back of a room."""
    deck = Presentation(str(files[lang, "pptx"]))
    sizes = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip():
                            sizes.append((number, run.text[:40], run.font.size))
    assert len(sizes) > 100  # titles, notes, footers and every table cell
    small = [(n, text, size) for n, text, size in sizes if size is None or size.pt < 14]
    assert small == []


def test_pptx_has_two_trend_charts(files):
    deck = Presentation(str(files["en", "pptx"]))
    slide = deck.slides[list(briefing.SLIDES).index("trends")]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 2
    assert all(Image.open(io.BytesIO(p.image.blob)).format == "PNG" for p in pictures)


# --- the HTML map -------------------------------------------------------------------------------


def _map_page(url: str, lang: str) -> tuple[str, briefing.Briefing]:
    """The briefing's HTML map of ``url``, built as the briefing screen builds it."""
    from geo import browser_geojson
    from utils.screens import map_screen

    engine = store.get_engine(url)
    try:
        content = briefing.briefing_content(
            engine, briefing.BriefingView(*briefing.briefing_period(engine, None)), lang)
    finally:
        engine.dispose()
    built = map_screen.home_map(content.map_values, browser_geojson(), lang=lang,
                                indicator_title=content.indicator_title, unit=content.unit,
                                period=(content.view.start, content.view.end))
    return briefing.map_page_html(content, built.map, built.legend_html), content


def _page_text(page: str) -> str:
    markup = re.sub(r"<(script|style)>.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.mark.parametrize("lang", LANGS)
def test_html_map_names_indicator_period_source_and_synthetic_data(demo_url, lang):
    page, content = _map_page(demo_url, lang)
    text = _page_text(page)
    period = formatting.format_period(content.view.start, content.view.end, lang)
    assert f"<title>{html.escape(content.map_caption)}</title>" in page
    assert content.indicator_title in text and period in text
    assert i18n.t("common.source", lang, source=i18n.t("briefing.source_demo_short", lang)) \
        in text
    assert i18n.t("common.synthetic_banner", lang) in text
    legend = re.findall(r'class="ltm-legend-label">([^<]*)<', page)
    assert len(legend) >= 3 and all(html.unescape(label) in text for label in legend)


def test_html_map_of_uploaded_data_has_no_synthetic_label(uploaded_url):
    page, _ = _map_page(uploaded_url, "en")
    text = _page_text(page)
    assert i18n.t("common.source", "en",
                  source=i18n.t("briefing.source_uploads_short", "en", count=1)) in text
    assert i18n.t("common.synthetic_banner", "en") not in text


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_has_the_pages_with_titles_in_the_language(files, lang):
    pages = PdfReader(str(files[lang, "pdf"])).pages
    assert len(pages) == len(briefing.SLIDES)
    for page, key in zip(pages, briefing.SLIDES.values(), strict=True):
        assert flat(i18n.t(key, lang)) in flat(page.extract_text())


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_key_figures_equal_the_stored_rows(files, demo_url, lang):
    page = PdfReader(str(files[lang, "pdf"])).pages[list(briefing.SLIDES).index("kpis")]
    text = flat(page.extract_text())
    for key, value in expected_kpis(demo_url, START, AS_OF).items():
        line = f"{flat(i18n.kpi_label(key, lang))} {flat(shown(key, value, lang))}"
        assert line in text, key


def test_pdf_map_page_embeds_the_map_image(files):
    reader = PdfReader(str(files["ru", "pdf"]))
    page = reader.pages[list(briefing.SLIDES).index("map")]
    # Matplotlib shares one resource dictionary between pages: read what this page draws.
    drawn = set(re.findall(rb"/([\w.]+) Do", page.get_contents().get_data()))
    objects = page["/Resources"]["/XObject"]
    images = [objects[f"/{name.decode()}"].get_object() for name in drawn]
    images = [x for x in images if x["/Subtype"] == "/Image"]
    assert len(images) == 1
    # The map at full resolution, not a thumbnail.
    assert images[0]["/Width"] == round(static_map.WIDTH_IN * static_map.DPI)


@pytest.mark.parametrize("lang", ("kk",))
def test_pdf_text_keeps_the_kazakh_letters(files, lang):
    text = "".join(page.extract_text() for page in PdfReader(str(files[lang, "pdf"])).pages)
    assert set("әғқңөұүі") <= set(text)


# --- the period, errors and a briefing of uploaded data -----------------------------------------


def test_briefing_period_is_twelve_months_up_to_as_of_and_capped_at_the_data(demo_url):
    engine = store.get_engine(demo_url)
    try:
        assert briefing.briefing_period(engine, AS_OF) == (START, AS_OF)
        assert briefing.briefing_period(engine, "2030-01") == ("2025-11", "2026-10")
        assert briefing.briefing_period(engine) == ("2025-11", "2026-10")
        with pytest.raises(briefing.NothingToBrief, match="the data starts in 2023-11"):
            briefing.briefing_period(engine, "2020-01")
        with pytest.raises(ValueError, match="Months are written YYYY-MM"):
            briefing.briefing_period(engine, "September")
    finally:
        engine.dispose()


def test_unknown_format_is_refused_with_the_valid_ones(demo_url, tmp_path):
    engine = store.get_engine(demo_url)
    try:
        with pytest.raises(ValueError, match="Format must be in the set: pptx, pdf"):
            briefing.write_briefing(engine, tmp_path / "b.docx", as_of=AS_OF)
        assert not (tmp_path / "b.docx").exists()
    finally:
        engine.dispose()


def test_empty_database_has_nothing_to_brief(tmp_path):
    engine = store.get_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    store.init_db(engine)
    try:
        with pytest.raises(briefing.NothingToBrief, match="no data yet"):
            briefing.write_briefing(engine, tmp_path / "b.pdf")
    finally:
        engine.dispose()


@pytest.fixture
def uploaded_url(tmp_path: Path) -> str:
    """Two months of real (not demo) appeals in two regions: no synthetic label."""
    url = f"sqlite:///{tmp_path / 'uploaded.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    days = pd.to_datetime(["2026-02-03", "2026-02-17", "2026-03-05", "2026-03-09", "2026-03-21"])
    appeals = pd.DataFrame({
        "date": days, "region": ["KZ-75", "KZ-75", "KZ-75", "KZ-35", "KZ-35"],
        "category": "wage_arrears", "appeal_id": [f"u-{i}" for i in range(5)],
        "district": None, "settlement": None, "enterprise_bin": None, "enterprise_name": None,
        "people": [1, 3, 1, 1, 12], "status": None, "closed_date": pd.NaT,
        "violation_confirmed": None,
    })
    store.load_batch(engine, "appeals", appeals, file_name="appeals.csv", sha256="1" * 64,
                     user="analyst", rows_read=len(appeals))
    engine.dispose()
    return url


def test_briefing_of_uploaded_data_says_so_and_not_synthetic(uploaded_url, tmp_path):
    engine = store.get_engine(uploaded_url)
    try:
        out = briefing.write_briefing(engine, tmp_path / "b.pptx", lang="en")
    finally:
        engine.dispose()
    deck = Presentation(str(out))
    text = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes
                     if s.has_text_frame)
    assert i18n.t("common.synthetic_banner", "en") not in text
    assert i18n.t("briefing.source_uploads_short", "en", count=1) in text
    assert i18n.t("briefing.watchlist_empty", "en") in text
    table = slide_table(deck.slides[list(briefing.SLIDES).index("kpis")])
    appeals = next(row for row in table if row[0] == i18n.kpi_label("appeals", "en"))
    assert appeals[1] == "5"
    people = next(row for row in table if row[0] == i18n.kpi_label("people", "en"))
    assert people[1] == "18"


# --- no network, from the command line ----------------------------------------------------------


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare is not installed")
def test_cli_writes_a_kazakh_briefing_in_a_process_without_network(demo_url, tmp_path):
    """The CLI runs in a network namespace with no interface: any fetch would fail."""
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not allowed here: " + probe.stderr.decode()[:200])
    out = tmp_path / "x.pptx"
    env = {**os.environ, "DATABASE_URL": demo_url}
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, str(ROOT / "cli.py"), "briefing", "--out", str(out),
         "--as-of", AS_OF, "--lang", "kk"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(out))
    assert deck.slides[0].shapes.title.text == i18n.t("briefing.doc_title", "kk")


def test_key_figures_spreadsheet_names_units_in_the_language():
    from utils.briefing.tables import kpi_table

    kpis = {
        "appeals": {"value": 1200, "previous": 1000, "change_pct": 20.0, "unit": "appeals"},
        "arrears_outstanding_kzt": {"value": 7.1e8, "previous": 5e8, "change_pct": 42.0,
                                    "unit": "KZT"},
    }
    for lang, appeals, tenge in (("ru", "обращений", "₸"), ("kk", "өтініш", "₸"),
                                 ("en", "appeals", "₸")):
        frame = kpi_table(kpis, lang).frame
        units = frame[i18n.t("briefing.col_unit", lang)].tolist()
        assert units == [appeals, tenge]
        assert "KZT" not in frame.to_string()
        assert f"{i18n.t('common.change', lang)}, %" in frame.columns


def test_methodology_slide_quotes_how_well_the_warnings_worked(demo_url, files):
    from utils import early_warning
    from utils.screens import backtest_screen

    engine = store.get_engine(demo_url)
    try:
        content = briefing.briefing_content(engine, briefing.BriefingView(START, AS_OF), "ru")
        first, last = backtest_screen.record_months(AS_OF)
        record = early_warning.warning_backtest(engine, first=first, last=last)
    finally:
        engine.dispose()
    quoted = backtest_screen.record_lines(record, "ru")[:2]
    assert quoted and content.methodology[-len(quoted):] == quoted
    deck = Presentation(str(files["ru", "pptx"]))
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                    if shape.has_text_frame)
    assert quoted[0] in text.replace("\n", " ") or quoted[0][:60] in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_results_slide_counts_the_cases_of_the_period(files, demo_url, lang):
    engine = store.get_engine(demo_url)
    (case,) = cases.load_cases(engine)
    engine.dispose()
    deck = Presentation(str(files[lang, "pptx"]))
    slide = deck.slides[list(briefing.SLIDES).index("results")]
    assert slide.shapes.title.text == i18n.t("cases.briefing.title", lang)
    table = slide_table(slide)
    assert table[0][0] == i18n.t("common.region", lang)
    assert [row[0] for row in table[1:]] == [i18n.region_label(case.region, lang)]
    assert table[1][1:3] == ["1", "0"]
    text = flat(" ".join(shape.text_frame.text for shape in slide.shapes
                         if shape.has_text_frame))
    assert flat(formatting.format_money(3_500_000.0, lang)) in text
    assert flat(formatting.format_count(42, "workers", lang)) in text


# --- official statistics ----------------------------------------------------------------------

OFFICIAL = "stat:Численность безработных"


def _official_values(url: str) -> None:
    """Unemployed in Almaty, published for the year 2026 and for its first quarter."""
    periods = {"2026": ("year", "2026-01-01", "2026-12-31", 4900),
               "2026-Q1": ("quarter", "2026-01-01", "2026-03-31", 5300)}
    frame = pd.DataFrame({
        "period": list(periods), "granularity": [p[0] for p in periods.values()],
        "period_start": pd.to_datetime([p[1] for p in periods.values()]),
        "period_end": pd.to_datetime([p[2] for p in periods.values()]),
        "region": "KZ-75", "indicator": OFFICIAL.removeprefix("stat:"),
        "value": [p[3] for p in periods.values()], "unit": "persons", "source": "БНС",
    })
    engine = store.get_engine(url)
    store.load_batch(engine, "region_stats", frame, file_name="stats.csv", sha256="2" * 64,
                     user="analyst", rows_read=len(frame))
    engine.dispose()


@pytest.mark.parametrize(("start", "end", "granularity", "value", "shown"),
                         [("2026-01", "2026-12", "year", 4900, "2026 год"),
                          ("2026-01", "2026-03", "quarter", 5300, "I квартал 2026")])
def test_an_official_statistic_is_briefed_in_the_granularity_of_the_period(
    uploaded_url, start, end, granularity, value, shown
):
    _official_values(uploaded_url)
    engine = store.get_engine(uploaded_url)
    try:
        content = briefing.briefing_content(
            engine, briefing.BriefingView(start, end, indicator=OFFICIAL), "ru")
    finally:
        engine.dispose()
    assert "БНС" in content.official_note
    assert i18n.t(f"map.granularity_{granularity}", "ru") in content.official_note
    other = "quarter" if granularity == "year" else "year"
    assert i18n.t(f"map.granularity_{other}", "ru") not in content.official_note
    assert i18n.t("stats.shown_period", "ru", period=shown) in content.official_note
    values = content.map_values.set_index("code")["value"]
    assert values["KZ-75"] == value and values.drop("KZ-75").isna().all()


def test_the_briefing_files_say_which_granularity_of_an_official_statistic_they_show(
    uploaded_url, tmp_path
):
    _official_values(uploaded_url)
    engine = store.get_engine(uploaded_url)
    try:
        deck = Presentation(str(briefing.write_briefing(engine, tmp_path / "b.pptx", lang="kk",
                                                        indicator=OFFICIAL)))
        pdf = PdfReader(briefing.write_briefing(engine, tmp_path / "b.pdf", lang="kk",
                                                indicator=OFFICIAL))
        content = briefing.briefing_content(
            engine, briefing.BriefingView(*briefing.briefing_period(engine, None),
                                          indicator=OFFICIAL), "kk")
        appeals = briefing.briefing_content(
            engine, briefing.BriefingView(*briefing.briefing_period(engine, None)), "kk")
    finally:
        engine.dispose()
    assert appeals.official_note is None
    assert i18n.t("map.granularity_quarter", "kk") in content.official_note
    slide = deck.slides[list(briefing.SLIDES).index("map")]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert content.official_note in text
    page = pdf.pages[list(briefing.SLIDES).index("map")].extract_text()
    assert flat(content.official_note) in flat(page)
