"""Maps: the home map, the region drill-down, the offline HTML export and the briefing's image.

The web map must work on a closed network, stay small in the browser and never render a
string from an upload as HTML. One module per job:

- ``local_map``: the empty map, with Leaflet from the app's own assets and no tiles, and
  :func:`fill_frame` for a map as high as its frame;
- ``regions``: the choropleth of the 20 units (:func:`choropleth_map`);
- ``labels``: names written on the map (:func:`add_labels`);
- ``enterprises``: the enterprise points layer (:func:`add_enterprise_points`);
- ``number_format``: how the browser writes the numbers of the enterprise tooltips;
- ``legend``: the legend, drawn outside the map (:func:`legend_html`);
- ``clicks``: the unit or enterprise a click on the map reports;
- ``output``: the map as one HTML file that works offline;
- ``monthly``: the monthly values of the units and their classes fixed for a period
  (:func:`monthly_frames`);
- ``playback``: the map played month by month in the browser (:func:`add_playback`);
- ``rendering``: script data and tooltip HTML made safe, scripts rendered once;
- ``classify``, ``category_map``, ``palettes``: colour classes and colours;
- ``assets``: Leaflet and Leaflet.markercluster, installed and served by the app.

Code outside the package imports the names below from here. ``utils.maps.classify`` is the
function, as ``geopandas.tools.clip`` is; the rest of its module is imported with
``from utils.maps.classify import ...``.
"""

from __future__ import annotations

from utils.maps.assets import (
    DEFAULT_BASE_URL,
    VENDOR_DIR,
    ensure_static_assets,
    install_static_assets,
)
from utils.maps.category_map import (
    EMERGING_COLORS,
    EMERGING_ORDER,
    VERDICT_COLORS,
    category_classification,
    category_palette,
)
from utils.maps.classify import (
    CHANGE_BREAKS,
    NO_DATA,
    SCHEMES,
    Classification,
    change_classes,
    change_pct,
    classify,
)
from utils.maps.clicks import RETURNED_OBJECTS, clicked_enterprise, clicked_region
from utils.maps.enterprises import PointField, add_enterprise_points
from utils.maps.labels import add_labels
from utils.maps.legend import legend_html
from utils.maps.local_map import fill_frame
from utils.maps.monthly import (
    Playback,
    fixed_classes,
    frame_classes,
    month_classification,
    month_on_month_change,
    monthly_frames,
    monthly_matrix,
)
from utils.maps.number_format import browser_number_format
from utils.maps.output import standalone_map_html
from utils.maps.palettes import (
    CHANGE_COLORS,
    NEUTRAL_COLOR,
    NO_DATA_COLOR,
    NO_DATA_HATCH_COLOR,
    PALETTES,
    POINT_COLOR,
    get_palette,
    ink_on,
    map_style,
    palette_for,
    risk_colors,
)
from utils.maps.playback import SPEEDS, PlaybackTexts, add_playback, paused_month
from utils.maps.regions import choropleth_map

__all__ = [
    "add_labels",
    "add_playback",
    "CHANGE_BREAKS",
    "CHANGE_COLORS",
    "DEFAULT_BASE_URL",
    "EMERGING_COLORS",
    "EMERGING_ORDER",
    "VERDICT_COLORS",
    "NEUTRAL_COLOR",
    "NO_DATA",
    "NO_DATA_COLOR",
    "NO_DATA_HATCH_COLOR",
    "PALETTES",
    "POINT_COLOR",
    "RETURNED_OBJECTS",
    "SPEEDS",
    "SCHEMES",
    "VENDOR_DIR",
    "Classification",
    "Playback",
    "PlaybackTexts",
    "PointField",
    "add_enterprise_points",
    "browser_number_format",
    "category_classification",
    "category_palette",
    "change_classes",
    "change_pct",
    "choropleth_map",
    "classify",
    "clicked_enterprise",
    "clicked_region",
    "ensure_static_assets",
    "fill_frame",
    "fixed_classes",
    "frame_classes",
    "get_palette",
    "ink_on",
    "install_static_assets",
    "legend_html",
    "map_style",
    "month_classification",
    "month_on_month_change",
    "monthly_frames",
    "monthly_matrix",
    "palette_for",
    "paused_month",
    "risk_colors",
    "standalone_map_html",
]
