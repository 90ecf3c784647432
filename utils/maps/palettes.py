"""Colour-blind-safe palettes for the map, its legend and the enterprise points.

Sequential palettes colour an indicator (more appeals, more arrears: darker); diverging ones
colour change against the previous period with a grey neutral class, rises in red and
falls in blue, one fixed colour per size of change (:data:`CHANGE_COLORS`). The colours are
ColorBrewer's (via ``branca``, which folium already needs) and viridis (via matplotlib): all
are readable by people with the common forms of colour blindness. The high-contrast set is
meant for presentation mode on a projector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from branca.utilities import color_brewer

if TYPE_CHECKING:
    from utils.maps.classify import Classification

PaletteKind = Literal["sequential", "diverging"]

#: Colour of units without data; the legend and the map add a hatch on top of it.
NO_DATA_COLOR = "#d9d9d9"
#: Colour of the hatch lines over :data:`NO_DATA_COLOR`.
NO_DATA_HATCH_COLOR = "#8c8c8c"
#: Colour of "about the same" on a change map: a mid grey that stands out from the map's
#: background (ColorBrewer's near-white middle, at 1.03:1, made those regions look empty),
#: solid where "no data" is hatched.
NEUTRAL_COLOR = "#b8b8b8"


@dataclass(frozen=True)
class Palette:
    """A named colour scheme: ``colors(k)`` returns ``k`` colours, lowest class first."""

    name: str
    kind: PaletteKind
    source: str
    reverse: bool = False

    def colors(self, k: int) -> list[str]:
        """Return ``k`` hex colours ordered from the lowest class to the highest."""
        if k < 1:
            raise ValueError(f"A palette needs at least one class, got k={k}")
        if self.source == "viridis":
            colors = _viridis(k)
        else:
            colors = _brewer(self.source, k, self.kind)
        return colors[::-1] if self.reverse else colors


def _brewer(code: str, k: int, kind: PaletteKind) -> list[str]:
    if k >= 3:
        return list(color_brewer(code, n=k))
    three = list(color_brewer(code, n=3))
    if k == 1:
        return [three[1]]
    # Two classes: the ends of the three-class scheme keep the contrast between them.
    return [three[0], three[2]]


def _viridis(k: int) -> list[str]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["viridis"]
    if k == 1:
        return [to_hex(cmap(0.5))]
    # Stop short of the pale yellow end so the lowest class still shows on white.
    return [to_hex(cmap(0.05 + 0.9 * i / (k - 1))) for i in range(k)][::-1]


#: Palettes by name. Diverging ones are ordered so that the last colour means "rising".
PALETTES: dict[str, Palette] = {
    "YlOrRd": Palette("YlOrRd", "sequential", "YlOrRd"),
    "OrRd": Palette("OrRd", "sequential", "OrRd"),
    "Blues": Palette("Blues", "sequential", "Blues"),
    "viridis": Palette("viridis", "sequential", "viridis"),
    "RdBu": Palette("RdBu", "diverging", "RdBu", reverse=True),
    "PuOr": Palette("PuOr", "diverging", "PuOr", reverse=True),
}

#: Colour of each size of change (:func:`utils.maps.classify.change_steps`) by diverging
#: palette: falls -3..-1, the neutral 0, rises 1..4. ColorBrewer's 9- and 11-class colours
#: without their palest pair, so the smallest change still shows on the map's background;
#: the same size has the same shade on both sides.
CHANGE_COLORS: dict[str, dict[int, str]] = {
    "RdBu": {-3: "#2166ac", -2: "#4393c3", -1: "#92c5de", 0: NEUTRAL_COLOR,
             1: "#f4a582", 2: "#d6604d", 3: "#b2182b", 4: "#67001f"},
    "PuOr": {-3: "#542788", -2: "#8073ac", -1: "#b2abd2", 0: NEUTRAL_COLOR,
             1: "#fdb863", 2: "#e08214", 3: "#b35806", 4: "#7f3b08"},
}

DEFAULT_SEQUENTIAL = "YlOrRd"
DEFAULT_DIVERGING = "RdBu"
HIGH_CONTRAST_SEQUENTIAL = "viridis"
HIGH_CONTRAST_DIVERGING = "PuOr"


def get_palette(name: str) -> Palette:
    """Return the palette registered as ``name``.

    Raises
    ------
    ValueError
        When ``name`` is not a key of :data:`PALETTES`; the message lists the valid keys.
    """
    try:
        return PALETTES[name]
    except KeyError:
        valid = ", ".join(sorted(PALETTES))
        message = f"Invalid palette: {name!r}. Palette must be in the set: {valid}"
        raise ValueError(message) from None


def palette_for(
    classification: Classification,
    *,
    name: str | None = None,
    high_contrast: bool = False,
) -> list[str]:
    """Return one colour per class of ``classification``, lowest class first.

    Parameters
    ----------
    classification : Classification
        Result of :func:`utils.maps.classify.classify`.
    name : str, optional
        Key of :data:`PALETTES`; by default a sequential or diverging palette is chosen to
        match the classification.
    high_contrast : bool
        Use the presentation-mode palettes (viridis, PuOr) when ``name`` is not given.

    Raises
    ------
    ValueError
        When a sequential palette is asked for a diverging classification or the reverse.
    """
    kind: PaletteKind = "diverging" if classification.diverging else "sequential"
    if name is None:
        if kind == "diverging":
            name = HIGH_CONTRAST_DIVERGING if high_contrast else DEFAULT_DIVERGING
        else:
            name = HIGH_CONTRAST_SEQUENTIAL if high_contrast else DEFAULT_SEQUENTIAL
    palette = get_palette(name)
    if palette.kind != kind:
        raise ValueError(
            f"Palette {name!r} is {palette.kind} but the classes are {kind}; "
            f"choose one of: {', '.join(sorted(n for n, p in PALETTES.items() if p.kind == kind))}"
        )
    if classification.k == 0:
        return []
    if kind == "diverging":
        return [CHANGE_COLORS[palette.name][step] for step in classification.steps]
    return palette.colors(classification.k)


#: Colours of enterprise points by risk level, lowest first. Purples stand out on both the
#: yellow-red and the red-blue choropleths and stay distinct for colour-blind readers.
RISK_COLORS: dict[str, str] = {
    "low": "#dadaeb",
    "medium": "#9e9ac8",
    "high": "#54278f",
}
#: Colour of enterprise points when no risk level is given or the level is unknown.
POINT_COLOR = "#3f007d"


def relative_luminance(color: str) -> float:
    """Return the WCAG 2 relative luminance of ``color`` (``#rrggbb``): 0 black, 1 white."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(color: str) -> str:
    """Return the text colour readable on ``color`` (``#rrggbb``): near-black or white.

    By the WCAG relative luminance: dark text on fills lighter than mid-grey.
    """
    return "#1a1a1a" if relative_luminance(color) > 0.179 else "#ffffff"


def risk_colors(levels: Sequence[str]) -> dict[str, str]:
    """Return a colour for each risk level in ``levels``, given lowest first."""
    if not levels:
        return {}
    colors = list(color_brewer("Purples", n=max(3, len(levels) + 1)))[1:]
    if len(levels) < len(colors):
        colors = colors[len(colors) - len(levels) :]
    return dict(zip(levels, colors, strict=False))


@dataclass(frozen=True)
class MapStyle:
    """Line widths and opacities of the region shapes."""

    line_color: str
    line_weight: float
    fill_opacity: float
    highlight_color: str
    highlight_weight: float
    selected_weight: float
    background: str


STANDARD_STYLE = MapStyle(
    line_color="#ffffff",
    line_weight=1.0,
    fill_opacity=0.85,
    highlight_color="#252525",
    highlight_weight=2.5,
    selected_weight=3.5,
    background="#f4f4f1",
)
HIGH_CONTRAST_STYLE = MapStyle(
    line_color="#000000",
    line_weight=1.5,
    fill_opacity=1.0,
    highlight_color="#000000",
    highlight_weight=4.0,
    selected_weight=5.0,
    background="#ffffff",
)


def map_style(high_contrast: bool = False) -> MapStyle:
    """Return the presentation-mode style when ``high_contrast`` is set, else the standard."""
    return HIGH_CONTRAST_STYLE if high_contrast else STANDARD_STYLE


def no_data_css_background() -> str:
    """Return a CSS ``background`` value drawing the "no data" grey with diagonal hatching."""
    return (
        f"repeating-linear-gradient(45deg, {NO_DATA_HATCH_COLOR} 0 1.5px, "
        f"{NO_DATA_COLOR} 1.5px 5px)"
    )
