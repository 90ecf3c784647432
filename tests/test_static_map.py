"""The static national map of the briefings: a PNG with the web map's classes and colours."""

from __future__ import annotations

import io
import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import geo
from utils import maps
from utils.briefing import static_map
from utils.screens import map_screen

CODES = geo.region_codes()
PERIOD = ("2025-01", "2025-06")
KAZAKH = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"


def values(missing: tuple[str, ...] = ()) -> pd.DataFrame:
    """Twenty distinct values and changes (some negative); ``missing`` regions have none."""
    rng = np.random.default_rng(7)
    value = rng.uniform(100, 5000, size=len(CODES)).round()
    change = rng.uniform(-60, 80, size=len(CODES))
    frame = pd.DataFrame({"code": CODES, "value": value, "previous": value / 1.1,
                          "change_pct": change, "rank": 0})
    frame.loc[frame["code"].isin(missing), ["value", "change_pct"]] = np.nan
    return frame


def web_colors(html: str) -> dict[str, str]:
    """Return the fill colour of each unit as the browser draws it from the map's script."""
    classes = json.loads(re.search(r"var \w+_classes = (\{.*?\});", html).group(1))
    styles = json.loads(re.search(r"var \w+_styles = (\{.*?\}\});", html).group(1))
    return {code: styles[str(cls)]["fillColor"] for code, cls in classes.items()}


def pixel(png: bytes, point: tuple[float, float]) -> str:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return "#{:02x}{:02x}{:02x}".format(*image.getpixel((int(point[0]), int(point[1]))))


@pytest.mark.parametrize(
    ("mode", "scheme", "high_contrast"),
    [("value", "quantiles", False), ("value", "natural_breaks", True),
     ("change", "quantiles", False), ("change", "equal_interval", True)],
)
def test_each_region_has_the_colour_the_web_map_gives_it(mode, scheme, high_contrast):
    frame = values()
    options = {"lang": "ru", "unit": "appeals", "mode": mode, "scheme": scheme,
               "high_contrast": high_contrast, "period": PERIOD}
    web = map_screen.region_map(frame, geo.browser_geojson(), indicator_title="Обращения",
                                **options)
    drawn = static_map.national_map_png(frame, indicator_title="Обращения", **options)

    assert drawn.classes.classes.to_dict() == web.classes.classes.to_dict()
    expected = web_colors(web.map.get_root().render())
    assert set(expected) == set(CODES)
    assert drawn.colors == expected
    # every class that holds a region is on the map
    assert len(set(drawn.colors.values())) == sum(1 for e in web.classes.legend if e.count)
    for code in CODES:
        assert pixel(drawn.png, drawn.pixel_points[code]) == expected[code], code


def test_the_png_is_an_image_of_the_size_it_reports():
    drawn = static_map.national_map_png(values(), lang="en", indicator_title="Appeals",
                                        unit="appeals", period=PERIOD, dpi=80)
    image = Image.open(io.BytesIO(drawn.png))
    assert image.format == "PNG"
    assert image.size == drawn.size
    assert all(0 <= x < image.size[0] and 0 <= y < image.size[1]
               for x, y in drawn.pixel_points.values())


def test_regions_without_data_are_grey_and_hatched_not_a_class_colour():
    missing = ("KZ-10", "KZ-61")
    frame = values(missing)
    drawn = static_map.national_map_png(frame, lang="ru", indicator_title="Обращения",
                                        unit="appeals", period=PERIOD)
    web = map_screen.region_map(frame, geo.browser_geojson(), lang="ru",
                                indicator_title="Обращения", unit="appeals", period=PERIOD)
    assert set(web_colors(web.map.get_root().render())) == set(CODES) - set(missing)
    class_colours = set(maps.palette_for(drawn.classes))
    for code in missing:
        assert drawn.colors[code] == maps.NO_DATA_COLOR
        assert pixel(drawn.png, drawn.pixel_points[code]) not in class_colours
    image = Image.open(io.BytesIO(drawn.png)).convert("RGB")
    hatch = tuple(int(maps.NO_DATA_HATCH_COLOR[i:i + 2], 16) for i in (1, 3, 5))
    grey = tuple(int(maps.NO_DATA_COLOR[i:i + 2], 16) for i in (1, 3, 5))
    seen = {image.getpixel((int(x) + dx, int(y) + dy))
            for x, y in (drawn.pixel_points[c] for c in missing)
            for dx in range(-6, 7) for dy in range(-6, 7)}
    assert grey in seen and any(sum(abs(a - b) for a, b in zip(p, hatch, strict=True)) < 60
                                for p in seen)


def test_kazakh_letters_render_without_missing_glyphs():
    frame = values()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        static_map.national_map_png(frame, lang="kk", indicator_title=KAZAKH, unit="appeals",
                                    period=PERIOD, labels={"KZ-35": "1", "KZ-71": "Қ"})
    assert not [w for w in caught if "missing from font" in str(w.message)]
