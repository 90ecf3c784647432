"""The home page's answer before its statistics: where tension is rising, then key figures.

The strip names the regions where tension is rising with the verdict every screen shows
(``utils.early_warning.region_verdicts``): name, verdict, one reason in words, in the order
of the hotspots page. The key figures sit in one row, each change said against what it is
measured and coloured by what it means (more arrears repaid is good news).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from utils import formatting, i18n, metrics
from utils.early_warning import RegionVerdict
from utils.months import previous_period

#: Key figures in the home page's one row; the others open under it.
HEADLINE_KPIS: tuple[str, ...] = (
    "appeals",
    "collective_appeals",
    "arrears_outstanding_kzt",
    "workers_owed",
    "arrears_repaid_kzt",
    "incidents",
)
#: Regions the strip names; the rest are on the hotspots page.
STRIP_SIZE = 3


@dataclass(frozen=True)
class RisingRegion:
    """One region of the strip: its code, name, verdict and one reason (a clause that
    follows the verdict, so it starts in lower case), in one language.
    """  # noqa: D205

    code: str
    name: str
    verdict: str
    reason: str
    sharp: bool


@dataclass(frozen=True)
class RisingStrip:
    """The strip: the first rising regions, how many more there are, and its heading."""

    heading: str
    regions: list[RisingRegion]
    more: int
    empty: str | None


@dataclass(frozen=True)
class KpiChange:
    """A key figure's change as the card shows it (``+22 %``) and whether a rise is good."""

    text: str | None
    rise_is_good: bool


def rising_strip(verdicts: Sequence[RegionVerdict], lang: str,
                 limit: int = STRIP_SIZE) -> RisingStrip:
    """Return the strip of the first ``limit`` regions where tension is rising.

    Each region's reason is the first clause of its verdict (the strongest); the hotspots
    page gives both. ``empty`` says so in words when no region is rising.
    """
    rising = [v for v in verdicts if v.rising]
    month = verdicts[0].as_of if verdicts else None
    heading = i18n.t("map.rising_heading", lang,
                     month=formatting.format_month(month, lang, "long") if month else "")
    regions = [
        RisingRegion(
            code=v.code,
            name=i18n.region_label(v.code, lang),
            verdict=i18n.level_label(v.level, lang),
            reason=formatting.render_message(v.verdict_messages[0], lang)
            if v.verdict_messages else "",
            sharp=v.level == "large_increase",
        )
        for v in rising[:limit]
    ]
    empty = None if rising else i18n.t("map.nothing_rising", lang)
    return RisingStrip(heading, regions, max(len(rising) - limit, 0), empty)


def kpi_change(key: str, card: Mapping[str, Any], lang: str) -> KpiChange:
    """Return the change of one key figure against the previous period (None without one)."""
    indicator = metrics.INDICATORS[key]
    change = card.get("change_pct")
    text = None if change is None else formatting.format_percent_change(change, lang)
    return KpiChange(text, indicator.rise_is_good)


def comparison_caption(start: str, end: str, lang: str) -> str:
    """Return the line under the key figures that says what their changes compare with: the
    previous period of the same length (figures read at a period's end, at its end).
    """  # noqa: D205
    first, last = previous_period(start, end)
    return i18n.t("kpi.compared_with", lang, period=formatting.format_period(first, last, lang))
