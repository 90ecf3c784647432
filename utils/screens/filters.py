"""The active filters in words, and what each figure says when a filter leaves it as it is.

Every page shows the chosen filters as a row of chips under its title; the briefing and the
CLI name them in the same words. Which filter narrows which indicator is the metrics' table
(:func:`utils.metrics.filter_applies`); here it becomes sentences: a long one for the map's
indicator («Фильтр по отрасли не применяется к обращениям: в данных обращений нет отрасли»)
and a short one under a KPI card.

Nothing here escapes: the chips' values may come from uploaded data, and the caller escapes
them for the place they are shown (Markdown, HTML, a slide).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from utils import i18n, metrics
from utils.screens.viewstate import ViewState


@dataclass(frozen=True)
class FilterChip:
    """One chosen value of one filter, with its words for a chip.

    ``key`` is ``categories`` or ``industries`` (also the :class:`ViewState` field holding
    it), ``value`` the chosen code; ``name`` is the filter's name and ``label`` the value in
    words, both in the reader's language; :attr:`text` is what a chip reads («Отрасль: …»).
    """

    key: str
    value: str
    name: str
    label: str

    @property
    def text(self) -> str:
        """Return the chip's words: the filter's name and the value."""
        return f"{self.name}: {self.label}"


def _value_label(key: str, value: str, lang: str) -> str:
    """Return a filter value in words; a value without a label is shown as it was chosen."""
    try:
        if key == "categories":
            return i18n.category_label(value, lang)
        return i18n.oked_label(value, lang, with_letter=True)
    except KeyError:
        return value


def filter_chips(filters: Mapping[str, Sequence[str]] | None, lang: str) -> list[FilterChip]:
    """Return one chip per chosen value, categories first, in the order they were chosen."""
    chosen = filters or {}
    return [
        FilterChip(key, value, i18n.t(f"filters.name.{key}", lang), _value_label(key, value, lang))
        for key in metrics.FILTER_KEYS
        for value in chosen.get(key, ())
    ]


def filters_in_words(filters: Mapping[str, Sequence[str]] | None, lang: str) -> str | None:
    """Return the chosen filters in one line («Отрасль: B — …; Категория: …»), or None."""
    chips = filter_chips(filters, lang)
    return "; ".join(chip.text for chip in chips) or None


def without_chip(view: ViewState, chip: FilterChip) -> ViewState:
    """Return ``view`` with the chip's value taken out of its filter."""
    kept = tuple(value for value in getattr(view, chip.key) if value != chip.value)
    return view.with_changes(**{chip.key: kept}, step=0)


def without_filters(view: ViewState) -> ViewState:
    """Return ``view`` with every filter cleared."""
    return view.with_changes(**dict.fromkeys(metrics.FILTER_KEYS, ()), step=0)


def ignored_notes(indicator: str, filters: Mapping[str, Sequence[str]] | None,
                  lang: str) -> list[str]:
    """Return a sentence per active filter that does not narrow ``indicator``, with the reason.

    E.g. «Фильтр по отрасли не применяется к обращениям: в данных обращений нет отрасли».
    """
    source = metrics.indicator_source(indicator)
    return [
        i18n.t(f"filters.ignored.{key}.{source}", lang)
        for key in metrics.ignored_filters(indicator, filters)
    ]


def ignored_caption(indicator: str, filters: Mapping[str, Sequence[str]] | None,
                    lang: str) -> str | None:
    """Return the few words a figure of ``indicator`` carries when active filters skip it.

    They fit under a narrow KPI card: «Без фильтра по отрасли», or «Без фильтров» when the
    figure ignores more than one.
    """
    keys = metrics.ignored_filters(indicator, filters)
    if not keys:
        return None
    return i18n.t(f"filters.not_applied.{keys[0] if len(keys) == 1 else 'all'}", lang)


def ignored_captions(indicators: Iterable[str], filters: Mapping[str, Sequence[str]] | None,
                     lang: str) -> dict[str, str]:
    """Return :func:`ignored_caption` of each indicator that has one (KPI cards by key)."""
    captions = {key: ignored_caption(key, filters, lang) for key in indicators}
    return {key: caption for key, caption in captions.items() if caption}
