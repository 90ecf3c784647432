"""District assignment at load: from the district column, the settlement, or the coordinates."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from utils import ingest, store
from utils.store import schema

APPEALS_HEADER = "Дата регистрации,Область,Категория,Номер обращения,Район,Населенный пункт\n"
APPEALS_ROWS = [
    # district column, in several spellings
    "2025-03-02,Абай облысы,Задолженность по заработной плате,D-1,Жанасемейский район,",
    "2025-03-03,область Абай,Задолженность по заработной плате,D-2,Жаңасемей ауданы,",
    "2025-03-04,Туркестанская область,Задолженность по заработной плате,D-3,Кентау қ.ә.,",
    # a homonym resolved by the row's region
    "2025-03-05,СКО,Задолженность по заработной плате,D-4,Есильский район,",
    "2025-03-06,г. Астана,Задолженность по заработной плате,D-5,Есильский район,",
    # a unit the map lacks: placed in Kentau with a warning
    "2025-03-07,Туркестанская область,Задолженность по заработной плате,D-6,Сауранский район,",
    # a district of another region is not taken; the settlement decides
    "2025-03-08,Павлодарская область,Задолженность по заработной плате,D-7,"
    "Есильский район,г. Экибастуз",
    # only a settlement
    "2025-03-09,ВКО,Задолженность по заработной плате,D-8,,Усть-Каменогорск",
    # nothing to go by
    "2025-03-10,Карагандинская область,Задолженность по заработной плате,D-9,,",
]


def _appeals_file(tmp_path):
    path = tmp_path / "appeals.csv"
    path.write_text(APPEALS_HEADER + "\n".join(APPEALS_ROWS) + "\n", encoding="utf-8")
    return path


def test_appeals_get_their_district_by_column_then_settlement(tmp_path):
    prepared = ingest.prepare("appeals", _appeals_file(tmp_path), "appeals.csv",
                              today="2026-01-01")
    assert prepared.rows_valid == 9
    katos = prepared.frame.set_index("appeal_id")["district_kato"].to_dict()
    assert katos == {
        "D-1": "104100000", "D-2": "104100000", "D-3": "612000000", "D-4": "594200000",
        "D-5": "711210000", "D-6": "612000000", "D-7": "552200000", "D-8": "631000000",
        "D-9": None,
    }
    report = next(w for w in prepared.warnings if getattr(w, "key", "") == "districts.load_report")
    assert report.params == {"assigned": 8, "total": 9, "column": 6, "settlement": 2,
                             "coordinates": 0, "none": 1}
    assert str(report).startswith("8 of 9 rows got a district")
    unmapped = [w for w in prepared.warnings if getattr(w, "key", "") ==
                "districts.warning.unmapped_unit"]
    assert len(unmapped) == 1 and "Sauran" in unmapped[0] and "Kentau" in unmapped[0]
    for lang in ("ru", "kk", "en"):
        assert "8" in ingest.localized_note(report, lang)


def test_incidents_get_their_district_from_coordinates(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(
        "Дата,Область,Наименование предприятия,Тип,Количество участников,Широта,Долгота\n"
        "2025-04-01,Туркестанская область,ТОО Альфа,Забастовка,40,43.518,68.505\n"
        "2025-04-02,Туркестанская область,ТОО Бета,Забастовка,30,49.948,82.628\n"  # elsewhere
        "2025-04-03,г. Алматы,ТОО Гамма,Забастовка,20,43.235,76.990\n",
        encoding="utf-8",
    )
    prepared = ingest.prepare("incidents", path, "incidents.csv", today="2026-01-01")
    assert prepared.frame["district_kato"].tolist() == ["612000000", None, "751710000"]
    report = next(w for w in prepared.warnings if getattr(w, "key", "") == "districts.load_report")
    assert (report.params["coordinates"], report.params["none"]) == (2, 1)


def test_stored_appeals_keep_their_district_and_the_district_aggregate(tmp_path, db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    report = ingest.ingest_file(engine, "appeals", _appeals_file(tmp_path), "analyst",
                                file_name="appeals.csv", today="2026-01-01")
    assert report.rows_loaded == 9
    assert any("got a district" in w for w in report.warnings)
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.select(schema.appeals.c.appeal_id,
                                             schema.appeals.c.district_kato)).all())
        aggregate = pd.DataFrame(conn.execute(sa.select(schema.appeals_district_month)).mappings())
    assert stored["D-1"] == "104100000" and stored["D-9"] is None
    by_district = aggregate.groupby("district_kato")["appeals"].sum().to_dict()
    assert by_district == {"104100000": 2, "612000000": 2, "594200000": 1, "711210000": 1,
                           "552200000": 1, "631000000": 1}
    store.undo_batch(engine, report.batch_id, "analyst")
    with engine.connect() as conn:
        left = conn.execute(sa.select(sa.func.count()).select_from(schema.appeals_district_month))
        assert left.scalar() == 0
    engine.dispose()


def test_district_population_is_loaded_as_official_statistics_and_enables_per_resident(
        tmp_path, db_url):
    from utils import metrics

    engine = store.get_engine(db_url)
    store.init_db(engine)
    ingest.ingest_file(engine, "appeals", _appeals_file(tmp_path), "analyst",
                       file_name="appeals.csv", today="2026-01-01")
    assert "per_100k" not in metrics.district_normalisations(engine, "KZ-10")
    path = tmp_path / "население.csv"
    path.write_text(
        "Период,Область,Район,Показатель,Значение\n"
        "2025,область Абай,Жаңасемей ауданы,Численность населения,40000\n"
        "2025,область Абай,г. Семей,Численность населения,320000\n",
        encoding="utf-8",
    )
    report = ingest.ingest_file(engine, "region_stats", path, "analyst",
                                file_name="население.csv", today="2026-01-01")
    assert report.rows_loaded == 2
    assert any("2 of 2 rows got a district" in w for w in report.warnings)
    assert metrics.district_normalisations(engine, "KZ-10") == ("absolute", "per_100k")
    values = metrics.district_values(engine, "appeals", "KZ-10", "2025-03", "2025-03",
                                     "per_100k").set_index("code")
    assert values.at["104100000", "count"] == 2
    assert values.at["104100000", "value"] == 2 * 100_000 / 40_000
    assert pd.isna(values.at["101000000", "value"])  # Semey: population, but no appeals
    # district figures do not become a region-level official statistic
    assert metrics.official_indicators(engine).empty
    engine.dispose()
