"""Which regions existed when: the 2018 split of South Kazakhstan and the regions of 2022.

On 19 June 2018 the city of Shymkent (``KZ-79``) became a city of republican significance and
South Kazakhstan Region was renamed Turkistan Region (``KZ-61``), its centre moved to
Turkistan (Decree of the President of the Republic of Kazakhstan of 19 June 2018 «On some
issues of the administrative and territorial structure of the Republic of Kazakhstan»,
``data/region_history_sources.md``). Turkistan Region is the legal successor, but a figure
of South Kazakhstan dated before the split counts Shymkent too. On 8 June 2022 Abai
(``KZ-10``), Jetisu (``KZ-33``) and Ulytau (``KZ-62``) were formed (:mod:`geo.reform`).

:func:`region_periods` checks the rows of an official table against these dates, the way
:func:`geo.reform.place_pre_reform` places rows dated before 2022:

* a South Kazakhstan row of a period that began before the split goes to Turkistan Region
  with a :class:`~geo.reform.Placement` saying the old region included Shymkent;
* a South Kazakhstan row of a period that began on or after the split is refused: the
  region no longer existed;
* a row of Abai, Jetisu or Ulytau whose period ended before 8 June 2022 is refused: the
  region did not exist yet (its territory was counted in its parent region).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.reference import region_name
from geo.reform import NEW_REGION, REFORM_DATE, Placement
from geo.text import split_markers

SOUTH_KAZAKHSTAN_SPLIT = pd.Timestamp("2018-06-19")
SOUTH_KAZAKHSTAN_SUCCESSOR = "KZ-61"
SHYMKENT = "KZ-79"
#: Regions that exist only from a day on: code -> the day they were formed.
FORMED: dict[str, pd.Timestamp] = {code: REFORM_DATE for code in NEW_REGION.values()}

# Exact reasons, shared with the tests and the documentation.
SOUTH_KAZAKHSTAN_AFTER_SPLIT = (
    "South Kazakhstan Region no longer existed in this period: on 2018-06-19 it became "
    "Turkistan Region and the city of Shymkent; give their figures separately"
)
NOT_YET_FORMED = "this region did not exist yet in this period (formed on 2022-06-08)"

_SOUTH_KAZAKHSTAN_NAMES = (
    "Южно-Казахстанская", "Южно-Казахстанская область", "ЮКО", "Оңтүстік Қазақстан",
    "Оңтүстік Қазақстан облысы", "ОҚО", "South Kazakhstan", "South-Kazakhstan",
    "Southern Kazakhstan", "South Kazakhstan Region", "Yuzhno-Kazakhstanskaya",
    "Ontustik Kazakhstan", "Ongtustik Kazakhstan", "Чимкентская", "Чимкентская область",
    "Shymkent Region", "Chimkent Region", "KZ-YUZ",
)


@lru_cache(maxsize=1)
def _south_kazakhstan_cores() -> frozenset[str]:
    return frozenset(split_markers(name).core for name in _SOUTH_KAZAKHSTAN_NAMES)


def names_south_kazakhstan(text: object) -> bool:
    """Return True when ``text`` names South Kazakhstan Region (its name until 2018).

    KATO codes of the region (``51`` or ``51…``, nine digits) count too; «Туркестанская»
    and «Шымкент» do not.
    """
    if text is None or (isinstance(text, float) and text != text):
        return False
    value = str(text).strip()
    digits = value.replace(" ", "")
    if digits.isdigit() and len(digits) in (2, 9) and digits.startswith("51"):
        return True
    marked = split_markers(value.rstrip("*0123456789) "))
    return marked.kind in ("region", "bare") and marked.core in _south_kazakhstan_cores()


@dataclass
class RegionPeriods:
    """What :func:`region_periods` found: refused rows with their reasons, and placements.

    Attributes
    ----------
    reasons
        For each row, ``None`` or the reason it is refused.
    placements
        One per kind of placement (South Kazakhstan rows moved to Turkistan Region).
    """

    reasons: np.ndarray
    placements: list[Placement]


def region_periods(
    texts: pd.Series, codes: pd.Series, starts: pd.Series, ends: pd.Series
) -> RegionPeriods:
    """Check each row's region against the days its period covers.

    Parameters
    ----------
    texts
        The region as written, one per row.
    codes
        Its ISO code (None when unresolved).
    starts, ends
        First and last day of each row's period (NaT when it is not known).
    """
    size = len(texts)
    reasons = np.full(size, None, dtype=object)
    placements: list[Placement] = []
    starts = pd.to_datetime(pd.Series(starts).reset_index(drop=True))
    ends = pd.to_datetime(pd.Series(ends).reset_index(drop=True))
    codes = pd.Series(codes).reset_index(drop=True).astype(object)
    positions, distinct = pd.factorize(pd.Series(texts).reset_index(drop=True).astype(object))
    south = np.array([names_south_kazakhstan(text) for text in distinct] + [False])[positions]
    south &= (codes == SOUTH_KAZAKHSTAN_SUCCESSOR).to_numpy()
    after = south & (starts >= SOUTH_KAZAKHSTAN_SPLIT).to_numpy()
    before = south & (starts < SOUTH_KAZAKHSTAN_SPLIT).to_numpy()
    reasons[after] = SOUTH_KAZAKHSTAN_AFTER_SPLIT
    if before.any():
        count = int(before.sum())
        day = SOUTH_KAZAKHSTAN_SPLIT.date()
        placements.append(Placement(
            "stats.warning.south_kazakhstan",
            f"{count} value(s) of South Kazakhstan Region for periods before "
            f"{day.isoformat()} were placed in {region_name(SOUTH_KAZAKHSTAN_SUCCESSOR, 'en')}, "
            f"its legal successor; they include {region_name(SHYMKENT, 'en')}, which was part "
            "of the region until then.",
            params={"count": count, "day": day, "to_region": SOUTH_KAZAKHSTAN_SUCCESSOR,
                    "city_region": SHYMKENT},
        ))
    for code, formed in FORMED.items():
        early = (codes == code).to_numpy() & (ends < formed).to_numpy()
        reasons[early & pd.isna(reasons)] = NOT_YET_FORMED
    return RegionPeriods(reasons, placements)
