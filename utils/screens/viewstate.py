"""The state of one view of the dashboard, and its round trip through the URL query string.

A link must reopen exactly the same view, so every choice a user makes (language, indicator,
period, normalisation, filters, drill-down, presentation mode, the map's enterprise layer)
lives here and nowhere else; so do the map's playback (``play=1``) and the month it was
paused at (``month``), and the case the Cases page opens (``case``).
Unknown or malformed values in a URL fall back to the defaults instead of failing: links get
pasted, truncated and edited by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

from utils.i18n import LANGUAGES
from utils.months import month_range

NORMALISATIONS = ("absolute", "per_100k", "per_1k_employed")
SCHEMES = ("quantiles", "natural_breaks", "equal_interval")
MODES = ("verdict", "value", "change")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_REGION = re.compile(r"^KZ-\d{2}$")
_BIN = re.compile(r"^\d{12}$")
_KATO = re.compile(r"^\d{9}$")
_CASE = re.compile(r"^[1-9]\d{0,11}$")
#: How the region page's district map is normalised (``utils.metrics.DISTRICT_NORMALISATIONS``).
DISTRICT_NORMALISATIONS = ("absolute", "per_enterprise", "per_100k")
#: Fields written to the URL under a shorter name than their own.
QUERY_NAMES = {"enterprises": "ent", "district_normalisation": "dnorm"}


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at; the defaults are the view a first visit opens."""

    lang: str = "ru"
    indicator: str = "appeals"
    normalisation: str = "absolute"
    mode: str = "verdict"
    scheme: str = "quantiles"
    start: str | None = None
    end: str | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)
    industries: tuple[str, ...] = field(default_factory=tuple)
    region: str | None = None
    enterprise: str | None = None
    present: bool = False
    step: int = 0
    enterprises: bool = False
    play: bool = False
    month: str | None = None
    district: str | None = None
    district_normalisation: str = "absolute"
    case: int | None = None

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Return the filters in the shape the metrics functions take."""
        filters: dict[str, tuple[str, ...]] = {}
        if self.categories:
            filters["categories"] = self.categories
        if self.industries:
            filters["industries"] = self.industries
        return filters

    def with_changes(self, **changes: object) -> ViewState:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def to_query(self) -> dict[str, str]:
        """Return the query-string parameters that differ from the defaults.

        Parameters are named after the fields, except those in :data:`QUERY_NAMES`
        (``ent=1``: the map's enterprise layer is on).
        """
        default = asdict(ViewState())
        query: dict[str, str] = {}
        for name, value in asdict(self).items():
            if value == default[name] or value is None:
                continue
            key = QUERY_NAMES.get(name, name)
            if isinstance(value, bool):
                query[key] = "1" if value else "0"
            elif isinstance(value, tuple):
                query[key] = ",".join(value)
            else:
                query[key] = str(value)
        return query


def _choice(value: str | None, allowed: tuple[str, ...] | set[str], default: str) -> str:
    return value if value in allowed else default


def _pattern(value: str | None, pattern: re.Pattern[str]) -> str | None:
    return value if value is not None and pattern.match(value) else None


def _listed(value: str | None, allowed: set[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    items = [item.strip() for item in value.split(",") if item.strip()]
    if allowed is not None:
        items = [item for item in items if item in allowed]
    return tuple(dict.fromkeys(items))


def from_query(
    params: Mapping[str, str],
    *,
    indicators: set[str] | None = None,
    categories: set[str] | None = None,
    industries: set[str] | None = None,
) -> ViewState:
    """Return the view a query string describes, ignoring what is unknown or malformed.

    Parameters
    ----------
    params
        The query parameters (``st.query_params`` or a parsed URL).
    indicators, categories, industries
        The valid keys; None accepts any value (the caller validates later).
    """
    default = ViewState()
    indicator = params.get("indicator") or default.indicator
    if indicators is not None and indicator not in indicators:
        indicator = default.indicator
    start = _pattern(params.get("start"), _MONTH)
    end = _pattern(params.get("end"), _MONTH)
    if start and end and start > end:
        start, end = end, start
    try:
        step = max(0, int(params.get("step", "0")))
    except ValueError:
        step = 0
    return ViewState(
        lang=_choice(params.get("lang"), LANGUAGES, default.lang),
        indicator=indicator,
        normalisation=_choice(params.get("normalisation"), NORMALISATIONS, default.normalisation),
        mode=_choice(params.get("mode"), MODES, default.mode),
        scheme=_choice(params.get("scheme"), SCHEMES, default.scheme),
        start=start,
        end=end,
        categories=_listed(params.get("categories"), categories),
        industries=_listed(params.get("industries"), industries),
        region=_pattern(params.get("region"), _REGION),
        enterprise=_pattern(params.get("enterprise"), _BIN),
        present=params.get("present") == "1",
        step=step,
        enterprises=params.get(QUERY_NAMES["enterprises"]) == "1",
        play=params.get("play") == "1",
        month=_pattern(params.get("month"), _MONTH),
        district=_pattern(params.get("district"), _KATO),
        district_normalisation=_choice(params.get(QUERY_NAMES["district_normalisation"]),
                                       DISTRICT_NORMALISATIONS, default.district_normalisation),
        case=int(params["case"]) if _pattern(params.get("case"), _CASE) else None,
    )


def default_period(first: str | None, last: str | None, months: int = 12) -> tuple[str, str] | None:
    """Return the last ``months`` months of data (fewer when there are fewer), or None."""
    if not first or not last:
        return None
    available = month_range(first, last)
    return available[-months:][0], available[-1]


def view_url(view: ViewState, base: str | None, page: str = "") -> str:
    """Return the link that reopens ``view``.

    Parameters
    ----------
    view : ViewState
        The view to share.
    base : str or None
        The page's address (scheme, host, port and page path, without a query), as the
        browser shows it or as a digest builds it from the configured address of the app;
        None when unknown (then the link is relative to the app).
    page : str
        URL path of the page, used when ``base`` is None.
    """
    query = urlencode(view.to_query())
    if not base:
        return f"/{page.strip('/')}" + (f"?{query}" if query else "")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
