"""The map played month by month in the browser: the controls and the script that recolours.

A briefing shows a trend spreading by letting the map step through the months. Asking the
server for each frame would cost a script run per month, so every month of the period
travels once with the map: the class of each of the 20 units in each month (a few
kilobytes), the value each tooltip writes and the month's name in the reader's language.
A small script (:class:`PlaybackControl`, no library beyond Leaflet) recolours the region
layer frame by frame, writes the month large on the map and offers play/pause, a month
scrubber and a speed.

The classes are formed once over all the months' values
(:func:`utils.maps.monthly.fixed_classes`), so a colour means the same range in every month
and the legend stays put while the map plays.

When the reader pauses (or moves the scrubber while paused), the script reports the month
as a click of a layer with the feature property ``playback_month``, which ``st_folium``
returns like any click (:func:`paused_month`); the page keeps it in the URL. On start the
script shows the month named in the page's address (``month=2025-03``) when it is one of
the period's, else ``initial``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Template

from utils.maps.classify import NO_DATA
from utils.maps.monthly import Playback
from utils.maps.rendering import _DataScript, _js_json

#: Milliseconds a month stays on the map at each speed a reader can choose, slowest first.
SPEEDS: dict[str, int] = {"0.5×": 2400, "1×": 1200, "2×": 600, "4×": 300}
DEFAULT_SPEED = "1×"
#: The buttons' icons, drawn rather than written: no font needed for a symbol.
_PLAY_ICON = ('<svg width="14" height="16" viewBox="0 0 14 16" aria-hidden="true">'
              '<path d="M1 1 L13 8 L1 15 Z" fill="#252525"/></svg>')
_PAUSE_ICON = ('<svg width="14" height="16" viewBox="0 0 14 16" aria-hidden="true">'
               '<rect x="1" y="1" width="4" height="14" fill="#252525"/>'
               '<rect x="9" y="1" width="4" height="14" fill="#252525"/></svg>')
#: Pixels the month written large and the controls take at the top of the map.
CONTROLS_HEIGHT = 96
#: Property of the feature the paused month is reported in.
MONTH_PROPERTY = "playback_month"


def paused_month(result: Mapping[str, Any] | None) -> str | None:
    """Return the month the reader paused the playback at, from ``st_folium``'s return value."""
    if not result:
        return None
    drawing = result.get("last_active_drawing") or {}
    properties = drawing.get("properties") if isinstance(drawing, Mapping) else None
    if not isinstance(properties, Mapping):
        return None
    month = properties.get(MONTH_PROPERTY)
    return str(month) if month else None


@dataclass(frozen=True)
class PlaybackTexts:
    """What the controls say, in the reader's language (escaped where they are drawn).

    Attributes
    ----------
    play, pause, speed, scrubber : str
        Labels of the play button, the pause button, the speed list and the month scrubber.
    month_labels : sequence of str
        The name of each month as written large on the map (``март 2025``).
    value_label : str
        The tooltip's line heading (the indicator).
    values : sequence of mapping
        For each month, the text of each unit's value (``1 234``, ``+12 %``).
    names : mapping
        Tooltip heading of each unit (its name).
    """

    play: str
    pause: str
    speed: str
    scrubber: str
    month_labels: Sequence[str]
    value_label: str
    values: Sequence[Mapping[str, str]]
    names: Mapping[str, str]


class PlaybackControl(_DataScript):
    """The controller that plays a region layer through the months, in the browser.

    Parameters
    ----------
    region_layer : utils.maps.regions.RegionLayer
        The layer to recolour; its colours are the classes' (fixed for the period).
    played : Playback
        The months, their classes per unit.
    texts : PlaybackTexts
        Labels, month names and tooltip texts in the reader's language (escaped here).
    initial : str
        Month shown first when the page's address names none of the period's months.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, regions) {
            var data = {{ this.data_json }};
            var last = data.months.length - 1;
            var index = Math.max(0, data.months.indexOf(data.initial));
            try {
                var asked = new URLSearchParams(window.parent.location.search).get("month");
                if (data.months.indexOf(asked) >= 0) { index = data.months.indexOf(asked); }
            } catch (e) { /* a page of its own (the export): no address to read */ }
            var timer = null;
            var delay = data.speeds[data.speed];
            var reporter = L.layerGroup().addTo(map);
            var box = L.DomUtil.create("div", "ltm-playback leaflet-bar");
            var button = L.DomUtil.create("button", "ltm-playback-play", box);
            button.type = "button";
            var slider = L.DomUtil.create("input", "ltm-playback-scrubber", box);
            slider.type = "range"; slider.min = 0; slider.max = last; slider.step = 1;
            slider.setAttribute("aria-label", data.ui.scrubber);
            var speed = L.DomUtil.create("select", "ltm-playback-speed", box);
            speed.setAttribute("aria-label", data.ui.speed);
            speed.title = data.ui.speed;
            Object.keys(data.speeds).forEach(function (name) {
                var option = L.DomUtil.create("option", "", speed);
                option.value = name; option.textContent = name;
                option.selected = name === data.speed;
            });
            var label = L.DomUtil.create("div", "ltm-playback-month");
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            var heading = L.control({position: "topright"});
            heading.onAdd = function () { return label; };
            heading.addTo(map);
            var controls = L.control({position: "topright"});
            controls.onAdd = function () { return box; };
            controls.addTo(map);

            function tip(code) {
                var text = data.values[index][code];
                var shown = "<strong>" + (data.names[code] || code) + "</strong>";
                if (text !== undefined) {
                    shown += "<table><tr><th>" + data.ui.value + "</th><td>" + text +
                             "</td></tr></table>";
                }
                return shown + ({{ this.region.get_name() }}_touch ? {{ this.tap_hint_json }} : "");
            }
            function draw(at) {
                index = at;
                {{ this.region.get_name() }}_classes = data.classes[at];
                regions.eachLayer(function (layer) {
                    regions.resetStyle(layer);
                    if (layer.getTooltip()) {
                        layer.setTooltipContent(tip(layer.feature.properties.code));
                    }
                });
                label.textContent = data.labels[at];
                box.setAttribute("data-month", data.months[at]);
                label.setAttribute("data-month", data.months[at]);
                slider.value = at;
            }
            function report() {
                var month = data.months[index];
                reporter.fire("click", {layer: {toGeoJSON: function () {
                    var properties = {};
                    properties[{{ this.property_json }}] = month;
                    return {type: "Feature", geometry: null, properties: properties};
                }}});
            }
            function showButton() {
                var playing = timer !== null;
                button.innerHTML = playing ? {{ this.pause_icon_json }} : {{ this.play_icon_json }};
                button.title = playing ? data.ui.pause : data.ui.play;
                button.setAttribute("aria-label", button.title);
                box.setAttribute("data-playing", playing ? "1" : "0");
            }
            function pause() {
                if (timer === null) { return; }
                clearInterval(timer);
                timer = null;
                showButton();
                report();
            }
            function step() {
                if (index >= last) { pause(); return; }
                draw(index + 1);
                if (index >= last) { pause(); }
            }
            function play() {
                if (index >= last) { draw(0); }
                timer = setInterval(step, delay);
                showButton();
            }
            button.addEventListener("click", function () {
                if (timer === null) { play(); } else { pause(); }
            });
            slider.addEventListener("input", function () {
                draw(parseInt(slider.value, 10));
            });
            slider.addEventListener("change", function () {
                if (timer === null) { report(); }
            });
            speed.addEventListener("change", function () {
                delay = data.speeds[speed.value];
                if (timer !== null) { clearInterval(timer); timer = setInterval(step, delay); }
            });
            draw(index);
            showButton();
        })({{ this._parent.get_name() }}, {{ this.region.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, region_layer: Any, played: Playback, texts: PlaybackTexts,
                 *, initial: str) -> None:
        super().__init__()
        self._name = "PlaybackControl"
        months = played.months
        if initial not in months:
            raise ValueError(f"initial month {initial!r} is not one of the period's months")
        if len(texts.month_labels) != len(months) or len(texts.values) != len(months):
            raise ValueError("one month label and one set of value texts are needed per month")
        self.region = region_layer
        self.tap_hint_json = region_layer.tap_hint_json
        self.property_json = _js_json(MONTH_PROPERTY)
        self.play_icon_json = _js_json(_PLAY_ICON)
        self.pause_icon_json = _js_json(_PAUSE_ICON)
        classes = [
            {str(code): int(c) for code, c in played.frames.loc[month].items() if c != NO_DATA}
            for month in months
        ]
        self.data_json = _js_json({
            "months": list(months),
            "labels": [str(label) for label in texts.month_labels],
            "initial": initial,
            "classes": classes,
            "values": [{str(code): html.escape(str(text)) for code, text in month.items()}
                       for month in texts.values],
            "names": {str(code): html.escape(str(name)) for code, name in texts.names.items()},
            "speeds": SPEEDS,
            "speed": DEFAULT_SPEED,
            "ui": {
                "play": texts.play,
                "pause": texts.pause,
                "speed": texts.speed,
                "scrubber": texts.scrubber,
                "value": html.escape(texts.value_label),
            },
        })


#: Style of the controls and of the month written on the map.
PLAYBACK_CSS = (
    "<style>"
    ".ltm-playback{display:flex;align-items:center;gap:8px;background:rgba(255,255,255,0.94);"
    "padding:6px 10px;font:14px Arial,'DejaVu Sans',sans-serif;}"
    ".ltm-playback button{font-size:18px;width:36px;height:32px;cursor:pointer;border:1px solid "
    "#888;border-radius:4px;background:#fff;}"
    ".ltm-playback-scrubber{width:min(300px,36vw);}"
    ".ltm-playback select{font-size:14px;height:30px;}"
    ".ltm-playback-month{font:700 30px Arial,'DejaVu Sans',sans-serif;color:#252525;"
    "background:rgba(255,255,255,0.85);padding:2px 12px;border-radius:6px;"
    "box-shadow:0 1px 4px rgba(0,0,0,0.25);}"
    "</style>"
)


def add_playback(m: Any, played: Playback, texts: PlaybackTexts, *, initial: str,
                 fit: bool = True) -> Any:
    """Add the playback controls to a map drawn by :func:`utils.maps.choropleth_map`.

    Parameters
    ----------
    m : folium.Map
        The map holding the region layer, drawn with the classes of ``initial``
        (:func:`month_classification`) and the fixed classes' palette.
    played, texts, initial
        As for :class:`PlaybackControl`.
    fit : bool
        Fit the view to the regions below the month and the controls, which stand at the
        top of the map (draw the choropleth with ``fit=False``).

    Raises
    ------
    ValueError
        When the map has no region layer.
    """
    from branca.element import Element

    from utils.maps.regions import RegionLayer

    layers = [child for child in m._children.values() if isinstance(child, RegionLayer)]
    if not layers:
        raise ValueError("the map has no region layer to play; draw it with choropleth_map")
    m.get_root().header.add_child(Element(PLAYBACK_CSS), name="ltm_playback_css")
    PlaybackControl(layers[0], played, texts, initial=initial).add_to(m)
    if fit:
        m.fit_bounds(layers[0]._get_self_bounds(), padding_top_left=(8, CONTROLS_HEIGHT),
                     padding_bottom_right=(8, 8))
    return m
