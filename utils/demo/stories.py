"""The stories planted in the synthetic demo data set, and its calendar of months.

The demo data set is noise around population-weighted, seasonal baselines, plus a handful of
*planted stories*: places and enterprises where tension rises on purpose (and one place
whose strong winter peak must **not** read as rising). The early-warning screens and their
tests check themselves against :data:`PLANTED_STORIES`.

A story's months are offsets from the last month of the data set (``0`` is the last month,
``-1`` the month before), so the stories hold for any ``end_month``;
:func:`planted_stories` resolves them to ``'YYYY-MM'`` labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from utils.months import is_month, last_months, shift_month

MONTHS = 36
DEFAULT_SEED = 2026


def default_end_month(today: dt.date | None = None) -> str:
    """Return the last full month before ``today`` (default: the current date) as 'YYYY-MM'."""
    today = today or dt.date.today()
    first_of_month = today.replace(day=1)
    return (first_of_month - dt.timedelta(days=1)).strftime("%Y-%m")


def month_labels(end_month: str | None = None, months: int = MONTHS) -> list[str]:
    """Return the ``months`` consecutive 'YYYY-MM' labels that end with ``end_month``.

    Raises
    ------
    ValueError
        When ``end_month`` is not a 'YYYY-MM' label.
    """
    end_month = end_month or default_end_month()
    if not is_month(end_month):
        raise ValueError(f"end_month must look like 'YYYY-MM', got {end_month!r}")
    return last_months(end_month, months)


@dataclass(frozen=True)
class PlantedStory:
    """One planted story: who, where, when, and what the early warning should find.

    Attributes
    ----------
    key : str
        Stable identifier, e.g. ``"enterprise_stoppage"``.
    kind : str
        ``"enterprise"``, ``"region"`` or ``"cluster"`` (neighbouring regions together).
    regions : tuple of str
        ISO codes of the regions involved.
    bin, name : str or None
        The enterprise of an enterprise story (its BIN is fixed, whatever the seed).
    indicators : tuple of str
        The series that carry the story (names of the early-warning panel columns).
    first_offset, last_offset : int
        The months of the story, as offsets from the last month (0 = last month).
    event, event_offset : str or None, int or None
        The outbreak the story leads to (an incident type or ``"layoff"``) and its month.
    should_flag : bool
        Whether the early warning must flag it (False for the seasonal control).
    expected : str
        The finding in words.
    """

    key: str
    kind: str
    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    first_offset: int
    last_offset: int
    should_flag: bool
    expected: str
    bin: str | None = None
    name: str | None = None
    event: str | None = None
    event_offset: int | None = None

    def months(self, end_month: str) -> list[str]:
        """Return the story's months as 'YYYY-MM' labels for a data set ending ``end_month``."""
        return [shift_month(end_month, o) for o in range(self.first_offset, self.last_offset + 1)]

    def event_month(self, end_month: str) -> str | None:
        """Return the month of the story's outbreak, or None when it has none."""
        return None if self.event_offset is None else shift_month(end_month, self.event_offset)


#: Enterprises that carry enterprise stories; they are part of every generated registry.
STORY_ENTERPRISES: tuple[dict, ...] = (
    {"bin": "150340012142", "name": "ТОО «Ковыльный Литейный Завод-14»", "region": "KZ-35",
     "industry": "C", "settlement": "Саран", "headcount": 900},
    {"bin": "091140003778", "name": "ТОО «Западный Автопарк-21»", "region": "KZ-23",
     "industry": "H", "settlement": "Кульсары", "headcount": 620},
)

PLANTED_STORIES: tuple[PlantedStory, ...] = (
    PlantedStory(
        key="enterprise_stoppage",
        kind="enterprise",
        regions=("KZ-35",),
        bin="150340012142",
        name="ТОО «Ковыльный Литейный Завод-14»",
        indicators=("arrears_kzt", "workers_owed", "collective_appeals"),
        first_offset=-11,
        last_offset=0,
        event="work_stoppage",
        event_offset=-1,
        should_flag=True,
        expected=(
            "Wage arrears grow every month from about 4 mln KZT owed to 60 workers to about "
            "200 mln KZT owed to 640 workers, with collective wage-arrears appeals (1 to 8 "
            "a month) growing alongside; 420 workers stop work in the second-to-last month. With "
            "data up to the month before the stoppage the enterprise tops the watchlist."
        ),
    ),
    PlantedStory(
        key="rising_region",
        kind="region",
        regions=("KZ-47",),
        indicators=("appeals", "collective_appeals", "people"),
        first_offset=-14,
        last_offset=0,
        should_flag=True,
        expected=(
            "Appeals rise steadily by about 4 % a month over the last 15 months (about 1.8 "
            "times the earlier level by the last month): a significant increasing "
            "Mann-Kendall trend after Benjamini-Hochberg correction and an increase "
            "against the baseline."
        ),
    ),
    PlantedStory(
        key="seasonal_region",
        kind="region",
        regions=("KZ-59",),
        indicators=("appeals",),
        first_offset=-(MONTHS - 1),
        last_offset=0,
        should_flag=False,
        expected=(
            "A strong regular winter peak in appeals every year (January about 2.5 times "
            "July) with no trend: read as seasonal, as usual; never flagged as rising."
        ),
    ),
    PlantedStory(
        key="rising_cluster",
        kind="cluster",
        regions=("KZ-31", "KZ-61", "KZ-79"),
        indicators=("appeals", "arrears_kzt", "workers_owed"),
        first_offset=-8,
        last_offset=0,
        should_flag=True,
        expected=(
            "Three neighbouring southern units (Zhambyl, Turkistan, Shymkent) rise together "
            "over the last 9 months: appeals up to about 1.7 times and new wage-arrears "
            "episodes about three times as frequent; a Gi* hot spot / High-High cluster of "
            "appeals per 100 000 residents in the last months (new or intensifying)."
        ),
    ),
    PlantedStory(
        key="unlawful_layoffs",
        kind="enterprise",
        regions=("KZ-23",),
        bin="091140003778",
        name="ТОО «Западный Автопарк-21»",
        indicators=("layoffs", "arrears_kzt", "workers_owed", "collective_appeals"),
        first_offset=-7,
        last_offset=-4,
        event="layoff",
        event_offset=-7,
        should_flag=True,
        expected=(
            "A mass layoff of 380 workers, found unlawful by an inspection, whose final "
            "settlements (about 91 mln KZT) go unpaid for two months and are repaid over the "
            "next two; collective dismissal appeals for three months and a rally the month "
            "after the layoff: the enterprise enters the watchlist in the layoff month with "
            "the new arrears, the layoff and collective appeals as its reasons."
        ),
    ),
)


def get_story(key: str) -> PlantedStory:
    """Return the planted story ``key``; an unknown key raises an error listing valid keys."""
    stories = {s.key: s for s in PLANTED_STORIES}
    if key not in stories:
        valid = ", ".join(sorted(stories))
        raise KeyError(f"Unknown planted story: {key!r}. Story must be in the set: {valid}")
    return stories[key]


def planted_stories(end_month: str | None = None) -> list[dict]:
    """Return the planted stories resolved to months of a data set ending ``end_month``.

    Each dict holds the fields of :class:`PlantedStory` plus ``months`` (list of labels),
    ``first_month``, ``last_month``, ``event_month`` and ``as_of_before_event`` (the last
    month whose data an early warning may use to see the outbreak coming), the latter two
    None for stories without an outbreak.
    """
    end_month = end_month or default_end_month()
    month_labels(end_month)  # validates the label
    resolved = []
    for story in PLANTED_STORIES:
        item = asdict(story)
        months = story.months(end_month)
        event_month = story.event_month(end_month)
        item.update(
            months=months,
            first_month=months[0],
            last_month=months[-1],
            event_month=event_month,
            as_of_before_event=None if event_month is None else shift_month(event_month, -1),
        )
        resolved.append(item)
    return resolved
