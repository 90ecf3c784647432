"""Every label a page shows comes from the message catalogs.

Each page is rendered in Russian and in English on the same data; a label (title, header,
widget, button, metric, tab, expander) that reads the same in both languages was not
translated — unless it is data (an enterprise name, a BIN, a number) or a proper name that
both catalogs spell alike.
"""

import re
import sqlite3

import pytest

from tests.app_pages import demo_db, no_exception, open_app  # noqa: F401
from utils import i18n

PAGES = [
    "pages/map.py",
    "pages/trends.py",
    "pages/hotspots.py",
    "pages/region.py",
    "pages/enterprise.py",
    "pages/data.py",
    "pages/briefing.py",
    "pages/alerts.py",
]
LABEL_ATTRIBUTES = ("label",)
HEADING_TYPES = {"title", "header", "subheader"}
WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{3,}")


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


def _labels(at) -> set[str]:
    labels = set()
    for element in _walk(at._tree):
        kind = getattr(element, "type", "")
        texts = []
        if kind in HEADING_TYPES:
            texts.append(getattr(element, "value", ""))
        for attribute in LABEL_ATTRIBUTES:
            value = getattr(element, attribute, None)
            if isinstance(value, str):
                texts.append(value)
        labels.update(text.strip() for text in texts if text and WORD.search(text))
    return labels


def _same_in_both_catalogs() -> set[str]:
    ru, en = i18n.catalog("ru"), i18n.catalog("en")
    return {value for key, value in en.items() if ru.get(key) == value}


def _drill_params(db, page: str) -> dict[str, str]:
    """Open the drill-downs on a region and an enterprise, so their whole page renders."""
    if page == "pages/region.py":
        return {"region": "KZ-35"}
    if page == "pages/enterprise.py":
        with sqlite3.connect(db.path) as connection:
            (bin_,) = connection.execute(
                "SELECT enterprise_bin FROM arrears ORDER BY amount_kzt DESC LIMIT 1"
            ).fetchone()
        return {"enterprise": bin_}
    return {}


@pytest.mark.parametrize("page", PAGES)
def test_page_labels_are_translated(open_app, demo_db, page):  # noqa: F811
    shown = {}
    for lang in ("ru", "en"):
        params = {"lang": lang, **_drill_params(demo_db, page)}
        at = open_app(demo_db.url, params=params, page=page)
        no_exception(at)
        shown[lang] = _labels(at)
    assert shown["ru"] and shown["en"]
    alike = _same_in_both_catalogs()
    untranslated = {
        text
        for text in shown["ru"] & shown["en"]
        if text not in alike and "«" not in text and not re.search(r"\d{12}", text)
    }
    assert untranslated == set(), f"{page} shows labels that are not from the catalogs"
