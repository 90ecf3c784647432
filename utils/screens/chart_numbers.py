"""How the charts of every screen write an indicator's values in the reader's language."""

from __future__ import annotations

from utils import charts, formatting, maps


def magnitude_words(lang: str) -> tuple[tuple[int, str], ...]:
    """Return ``(power of ten, word)`` of the short amounts ``lang`` writes: ``(6, " млн")``.

    Read from :func:`utils.maps.browser_number_format`, itself read from
    :func:`utils.formatting.format_compact`, so a chart axis uses the words of the cards.
    """
    words = {divisor: word for _, divisor, word in maps.browser_number_format(lang).compact}
    return tuple(sorted(words.items()))


def value_format(unit: str, lang: str, *, normalised: bool = False) -> charts.ValueFormat:
    """Return how a chart writes an indicator of ``unit`` (``KZT``, ``appeals``...).

    Tenge, absolute or per resident, are shortened on the axis (``80 млн``) and in the
    tooltips (``86,4 млн ₸``, ``97 ₸``), never with kopecks; counts per 100 000 residents
    or per 1 000 employed keep one decimal, counts are whole.
    """
    if unit == "KZT":
        return charts.ValueLabels(
            axis=charts.short_number_expr(magnitude_words(lang)),
            text=lambda value: formatting.format_money_short(value, lang),
        )
    return ",.1f" if normalised else ",.0f"
