"""Messages of the interface in Russian (default), Kazakh and English.

Every visible string of the pages, legends, tooltips, reports and exports comes from one
catalog per language in ``utils/locales/{lang}.json``: a flat JSON object whose keys are
dotted names prefixed by the screen or the vocabulary they belong to (``map.title``,
``category.wage_arrears``, ``oked.C``) and whose values are ``str.format`` templates
(``"Rank {rank} of {total}"``). The three catalogs hold the same keys with the same
``{params}``; ``tests/test_i18n.py`` fails when they drift apart.

A key missing from a catalog is a programming error. In strict mode (``set_strict(True)``
or the environment variable ``LTM_I18N_STRICT=1``, which the tests set) :func:`t` raises
``KeyError``; otherwise it returns the key between ``⟦ ⟧`` so the gap is visible on the
screen and never hides behind a plausible word or crashes a briefing. A template parameter
that the caller did not pass is handled the same way.

Values passed as parameters are inserted as they are: format numbers, money and dates for
the language first with :mod:`utils.formatting`.
"""

from __future__ import annotations

import difflib
import json
import os
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale

from geo.reference import load_regions, region_name

LANGUAGES: tuple[str, ...] = ("ru", "kk", "en")
DEFAULT_LANG = "ru"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
MISSING_OPEN, MISSING_CLOSE = "⟦", "⟧"
STRICT_ENV = "LTM_I18N_STRICT"

# Language codes people put in links or headers that mean one of ours.
_LANG_ALIASES = {"kz": "kk", "qaz": "kk", "kaz": "kk", "rus": "ru", "eng": "en"}

_strict_override: bool | None = None


def check_lang(lang: str) -> str:
    """Return ``lang`` when it is one of :data:`LANGUAGES`.

    Raises
    ------
    ValueError
        If ``lang`` is not supported; the message lists the valid languages.
    """
    if lang not in LANGUAGES:
        raise ValueError(
            f"Invalid language: {lang!r}. Language must be in the set: {', '.join(LANGUAGES)}"
        )
    return lang


def resolve_lang(value: str | None) -> str:
    """Return the supported language named by ``value``, else the default (``ru``).

    Meant for untrusted input such as the ``lang`` query parameter of a shared link:
    ``"KK"``, ``"kk-KZ"``, ``"kz"`` and ``"en_US"`` are understood, anything else falls back
    to Russian instead of failing.
    """
    if not value:
        return DEFAULT_LANG
    base = str(value).strip().lower().replace("_", "-").split("-")[0]
    base = _LANG_ALIASES.get(base, base)
    return base if base in LANGUAGES else DEFAULT_LANG


def set_strict(flag: bool | None) -> None:
    """Make missing keys and parameters raise (True), show marked (False) or follow the env.

    ``None`` returns to the environment variable ``LTM_I18N_STRICT``.
    """
    global _strict_override
    _strict_override = flag


def is_strict() -> bool:
    """Return True when a missing key or parameter raises instead of showing marked."""
    if _strict_override is not None:
        return _strict_override
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


def catalog_path(lang: str) -> Path:
    """Return the path of the message catalog of ``lang``."""
    return LOCALES_DIR / f"{check_lang(lang)}.json"


@lru_cache(maxsize=len(LANGUAGES))
def _catalog(lang: str) -> dict[str, str]:
    path = catalog_path(lang)
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: the catalog must be one JSON object of key: text")
    for key, value in data.items():
        if not isinstance(value, str):
            raise ValueError(
                f"{path.name}: the value of {key!r} must be a string, got {type(value).__name__}"
            )
    return data


def reload_catalogs() -> None:
    """Forget the catalogs read so far; the next call reads the files again."""
    _catalog.cache_clear()
    _group_index.cache_clear()
    unit_values.cache_clear()


def catalog(lang: str) -> dict[str, str]:
    """Return a copy of the whole catalog of ``lang`` (key -> template)."""
    return dict(_catalog(lang))


def catalog_keys(lang: str) -> frozenset[str]:
    """Return the keys of the catalog of ``lang``."""
    return frozenset(_catalog(lang))


def has_key(key: str, lang: str) -> bool:
    """Return True when the catalog of ``lang`` holds ``key``."""
    return key in _catalog(lang)


def placeholders(template: str) -> frozenset[str]:
    """Return the names of the ``{params}`` of a ``str.format`` template."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return frozenset(names)


def _marked(name: str) -> str:
    return f"{MISSING_OPEN}{name}{MISSING_CLOSE}"


class _Params(dict):
    """Template parameters that mark (or raise on) a name the caller did not pass."""

    def __init__(self, params: dict[str, Any], key: str, lang: str) -> None:
        super().__init__(params)
        self._key = key
        self._lang = lang

    def __missing__(self, name: str) -> str:
        if is_strict():
            raise KeyError(
                f"Message {self._key!r} ({self._lang}) needs the parameter {name!r}; "
                f"passed: {', '.join(sorted(self)) or 'none'}"
            )
        return _marked(name)


def t(key: str, lang: str, **params: Any) -> str:
    """Return the message ``key`` in ``lang`` with ``params`` filled in.

    Parameters
    ----------
    key
        Dotted catalog key, e.g. ``"map.tooltip_rank"``.
    lang
        One of :data:`LANGUAGES`.
    **params
        Values for the template's ``{names}``, already formatted for the language.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    KeyError
        In strict mode only: the key is missing or the template needs a parameter that was
        not passed. Outside strict mode the key (or parameter) is returned marked ``⟦…⟧``.
    """
    messages = _catalog(check_lang(lang))
    template = messages.get(key)
    if template is None:
        if is_strict():
            near = difflib.get_close_matches(key, messages, n=5, cutoff=0.75)
            prefix = key.split(".")[0] + "."
            if not near:
                near = sorted(k for k in messages if k.startswith(prefix))[:12]
            raise KeyError(
                f"Missing message {key!r} in the {lang} catalog"
                + (f"; nearest keys: {', '.join(near)}" if near else "")
            )
        return _marked(key)
    if not params and "{" not in template:
        return template
    return template.format_map(_Params(params, key, lang))


# --- vocabularies: a label group is every key "<group>.<value>" with no further dot -------

LABEL_GROUPS: dict[str, str] = {
    "category": "appeal category",
    "incident_type": "incident type",
    "status": "appeal status",
    "indicator": "indicator",
    "stats_indicator": "official statistics indicator",
    "normalisation": "normalisation",
    "level": "early-warning level",
    "ehsa": "emerging hot spot category",
    "moran": "local Moran cluster",
    "role": "role",
    "permission": "permission",
    "oked": "OKED section",
    "kind": "extract kind",
    "kpi": "KPI card",
    "classify": "class-break scheme",
    "audit": "audit action",
    "lang": "language",
}


def group_values(group: str) -> tuple[str, ...]:
    """Return the values of a label group in catalog order, e.g. the eight categories.

    The default catalog is the reference; the other catalogs hold the same keys.

    Raises
    ------
    KeyError
        If ``group`` is not in :data:`LABEL_GROUPS`; the message lists the valid groups.
    """
    if group not in LABEL_GROUPS:
        raise KeyError(
            f"Invalid label group: {group!r}. Group must be in the set: "
            f"{', '.join(sorted(LABEL_GROUPS))}"
        )
    return _group_index()[group]


@lru_cache(maxsize=1)
def _group_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {group: [] for group in LABEL_GROUPS}
    for key in _catalog(DEFAULT_LANG):
        group, _, value = key.partition(".")
        if group in index and value and "." not in value:
            index[group].append(value)
    return {group: tuple(values) for group, values in index.items()}


def label(group: str, value: str, lang: str) -> str:
    """Return the label of ``value`` of the vocabulary ``group`` in ``lang``.

    Raises
    ------
    KeyError
        If ``value`` is not in the group (in any mode: an unknown vocabulary value comes
        from data or code, not from a gap in one catalog); the message lists the valid
        values.
    """
    check_lang(lang)
    values = group_values(group)
    if value not in values:
        raise KeyError(
            f"Invalid {LABEL_GROUPS[group]}: {value!r}. It must be in the set: {', '.join(values)}"
        )
    return t(f"{group}.{value}", lang)


def help_text(group: str, value: str, lang: str) -> str:
    """Return the one-sentence explanation ``<group>.<value>.help`` in ``lang``."""
    label(group, value, lang)  # validates group and value
    return t(f"{group}.{value}.help", lang)


def category_label(category: str, lang: str) -> str:
    """Return the label of an appeal category (``wage_arrears``, ``dismissal`` …)."""
    return label("category", category, lang)


def incident_type_label(incident_type: str, lang: str) -> str:
    """Return the label of an incident type (``strike``, ``work_stoppage`` …)."""
    return label("incident_type", incident_type, lang)


def status_label(status: str, lang: str) -> str:
    """Return the label of an appeal status (``received``, ``in_progress`` …)."""
    return label("status", status, lang)


def indicator_label(indicator: str, lang: str) -> str:
    """Return the label of a map indicator (``appeals``, ``arrears_outstanding_kzt`` …)."""
    return label("indicator", indicator, lang)


def normalisation_label(normalisation: str, lang: str) -> str:
    """Return the label of a normalisation (``absolute``, ``per_100k``, ``per_1k_employed``)."""
    return label("normalisation", normalisation, lang)


def level_label(level: str, lang: str) -> str:
    """Return the label of an early-warning level (``large_increase`` … ``seasonal_as_usual``)."""
    return label("level", level, lang)


def _ehsa_key(category: str) -> str:
    return category.strip().lower().replace("-", "_").replace(" ", "_")


def ehsa_label(category: str, lang: str) -> str:
    """Return the label of an emerging hot spot category.

    ``"new_hot_spot"``, ``"New Hot Spot"`` and ``"new hot spot"`` name the same category.
    """
    return label("ehsa", _ehsa_key(category), lang)


def ehsa_help(category: str, lang: str) -> str:
    """Return the one-sentence definition of an emerging hot spot category."""
    return help_text("ehsa", _ehsa_key(category), lang)


def role_label(role: str, lang: str) -> str:
    """Return the label of a role (``viewer``, ``analyst``, ``admin``)."""
    return label("role", role, lang)


def oked_label(section: str, lang: str, with_letter: bool = False) -> str:
    """Return the name of an OKED section ``A`` … ``U``, optionally prefixed by its letter."""
    name = label("oked", section.strip().upper(), lang)
    return f"{section.strip().upper()} — {name}" if with_letter else name


def kind_label(kind: str, lang: str) -> str:
    """Return the label of an extract kind (``appeals``, ``arrears`` …)."""
    return label("kind", kind, lang)


def kpi_label(kpi: str, lang: str) -> str:
    """Return the label of a national KPI card (``appeals``, ``workers_owed`` …)."""
    return label("kpi", kpi, lang)


def region_label(code: str, lang: str) -> str:
    """Return the name of the region with ISO 3166-2 ``code`` in ``lang``.

    Raises
    ------
    KeyError
        If ``code`` is not one of the 20 units.
    """
    return region_name(code, check_lang(lang))


def region_labels(lang: str) -> dict[str, str]:
    """Return ``{code: name}`` of the 20 units in ``lang``, in code order."""
    regions = load_regions().sort_values("code")
    return dict(zip(regions["code"], regions[f"name_{check_lang(lang)}"], strict=True))


# --- counted units ------------------------------------------------------------------------

PLURAL_FORMS: tuple[str, ...] = ("one", "few", "many", "other")


@lru_cache(maxsize=len(LANGUAGES))
def _locale(lang: str) -> Locale:
    return Locale.parse({"ru": "ru_RU", "kk": "kk_KZ", "en": "en_US"}[check_lang(lang)])


def plural_form(count: float, lang: str) -> str:
    """Return the CLDR plural category of ``count`` in ``lang``: one, few, many or other."""
    form = _locale(lang).plural_form(abs(count))
    return form if form in PLURAL_FORMS else "other"


@lru_cache(maxsize=1)
def unit_values() -> tuple[str, ...]:
    """Return the counted units the catalogs know (``workers``, ``appeals`` …)."""
    units: list[str] = []
    for key in _catalog(DEFAULT_LANG):
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "unit" and parts[1] not in units:
            units.append(parts[1])
    return tuple(units)


def unit_word(unit: str, count: float, lang: str, *, magnitude: bool = False) -> str:
    """Return the word for ``count`` items of ``unit`` in ``lang``, agreeing in number.

    Russian: 1 работник, 2 работника, 5 работников, 1,5 работника; Kazakh keeps the noun
    singular after a numeral; English: 1 worker, 2 workers. With ``magnitude=True`` the
    count is followed by a magnitude word (тыс., млн, k, bn), after which the noun takes
    the form it has after 5 (genitive plural in Russian, plural in English).

    Raises
    ------
    KeyError
        If ``unit`` is unknown; the message lists the valid units.
    """
    units = unit_values()
    if unit not in units:
        raise KeyError(f"Invalid unit: {unit!r}. Unit must be in the set: {', '.join(units)}")
    form = plural_form(5 if magnitude else count, lang)
    return t(f"unit.{unit}.{form}", lang)


def missing_keys(langs: Iterable[str] = LANGUAGES) -> dict[str, list[str]]:
    """Return, per language, the keys that another catalog has and this one lacks."""
    langs = tuple(langs)
    union: set[str] = set()
    for lang in langs:
        union |= catalog_keys(lang)
    return {lang: sorted(union - catalog_keys(lang)) for lang in langs}


def mismatched_params(langs: Iterable[str] = LANGUAGES) -> list[tuple[str, dict[str, list]]]:
    """Return the keys whose templates use different ``{params}`` across languages."""
    langs = tuple(langs)
    shared = set.intersection(*(set(catalog_keys(lang)) for lang in langs))
    found = []
    for key in sorted(shared):
        names = {lang: sorted(placeholders(_catalog(lang)[key])) for lang in langs}
        if len({tuple(v) for v in names.values()}) > 1:
            found.append((key, names))
    return found
