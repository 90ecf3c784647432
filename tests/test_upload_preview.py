"""The upload preview says what was understood in the analyst's words, not in codes."""

from __future__ import annotations

import io

from utils import formatting, i18n, ingest
from utils.screens import upload_preview

CSV = (
    "Дата;Регион;Категория;БИН;Количество заявителей\n"
    "05.11.2026;ВКО;Зарплата;150340012142;3\n"
    "06.11.2026;г. Алматы;увольнение;;1\n"
)


def test_the_preview_names_regions_categories_and_dates_as_people_write_them():
    prepared = ingest.prepare("appeals", io.BytesIO(CSV.encode("cp1251")), "обращения.csv")
    assert prepared.errors.empty, prepared.errors
    frame = upload_preview.preview_frame(prepared.frame, "appeals", "ru")
    spec = {column.name: column.labels["ru"] for column in ingest.get_kind("appeals").columns}
    first = frame.iloc[0]
    assert first[spec["region"]] == "Восточно-Казахстанская область"
    assert first[spec["category"]] == i18n.label("category", "wage_arrears", "ru")
    assert first[spec["date"]] == formatting.format_date("2026-11-05", "ru")
    assert frame.iloc[1][spec["region"]] == i18n.region_label("KZ-75", "ru")
    # no code of the store reaches the analyst
    shown = " ".join(str(value) for value in frame.to_numpy().ravel())
    assert "KZ-63" not in shown and "wage_arrears" not in shown and "00:00:00" not in shown
    kazakh = upload_preview.preview_frame(prepared.frame, "appeals", "kk")
    assert kazakh.iloc[0][ingest.get_kind("appeals").columns[0].labels["kk"]] is not None
    assert i18n.region_label("KZ-63", "kk") in kazakh.to_numpy().ravel().tolist()


STATS_CSV = (
    "Показатель;Регион;Период;Значение\n"
    "Уровень безработицы;Акмолинская область;II квартал 2025;4,7\n"
    "Уровень безработицы;Акмолинская область;январь-июнь 2025;4,8\n"
)


def test_an_official_value_is_previewed_with_its_period_in_the_readers_language():
    prepared = ingest.prepare("region_stats", io.BytesIO(STATS_CSV.encode()), "stats.csv")
    assert prepared.errors.empty, prepared.errors
    assert list(prepared.frame["period"]) == ["2025-Q2", "2025-01..06"]
    shown = {lang: upload_preview.preview_frame(prepared.frame, "region_stats", lang)
             for lang in ("ru", "kk", "en")}
    period = {lang: ingest.get_kind("region_stats").column("period").labels[lang]
              for lang in shown}
    assert list(shown["ru"][period["ru"]]) == ["II квартал 2025", "январь–июнь 2025"]
    assert list(shown["kk"][period["kk"]]) == ["2025 жылғы II тоқсан", "2025 жылғы қаңтар–маусым"]
    assert list(shown["en"][period["en"]]) == ["Q2 2025", "January–June 2025"]
