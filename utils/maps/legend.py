"""The map's legend, drawn outside the map as self-contained HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence

from utils.maps.classify import Classification
from utils.maps.palettes import no_data_css_background, palette_for


def legend_html(
    classes: Classification,
    palette: Sequence[str] | None,
    title: str,
    unit: str | None = None,
    *,
    high_contrast: bool = False,
    counts: bool = True,
) -> str:
    """Return the legend as self-contained HTML, to be drawn outside the map.

    Parameters
    ----------
    classes : Classification
        The classes the map is coloured by; labels come from its legend entries.
    palette : sequence of str, optional
        The colours used on the map; defaults to :func:`utils.maps.palettes.palette_for`.
    title : str
        Indicator name in the interface language. Escaped.
    unit : str, optional
        Unit shown after the title (``KZT``, ``per 100 000``). Escaped.
    high_contrast : bool
        Match the presentation-mode palette when ``palette`` is None.
    counts : bool
        Write how many units each class holds; a legend of classes fixed over several months
        (the playback's) leaves the counts out, as they change with the month shown.
    """
    if palette is None:
        palette = palette_for(classes, high_contrast=high_contrast)
    colors = list(palette)
    heading = html.escape(title)
    if unit:
        heading += f' <span style="font-weight:normal;color:#555">({html.escape(unit)})</span>'
    lines = [
        '<div class="ltm-legend" style="font-size:0.9rem;line-height:1.5">',
        f'<div class="ltm-legend-title" style="font-weight:600;margin-bottom:4px">{heading}</div>',
    ]
    for entry in classes.legend:
        if entry.is_no_data:
            swatch = no_data_css_background()
        else:
            swatch = colors[entry.class_index]
        lines.append(
            '<div class="ltm-legend-row" style="display:flex;align-items:center;gap:6px">'
            f'<span class="ltm-swatch" style="display:inline-block;width:18px;height:12px;'
            f'border:1px solid #999;background:{swatch}"></span>'
            f'<span class="ltm-legend-label">{html.escape(entry.label)}</span>'
            + (f'<span class="ltm-legend-count" style="color:#777">({entry.count})</span>'
               if counts else "")
            + "</div>"
        )
    lines.append("</div>")
    return "".join(lines)
