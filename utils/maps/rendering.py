"""What a layer writes into the page, made safe: script data, tooltip cells, scripts rendered once.

No string from an upload may become HTML or script code in the browser:

- data inside a ``<script>`` is compact JSON whose ``<``, ``>`` and ``&`` are escaped
  (:func:`_js_json`), so no name can close the script element;
- every label, value, region and enterprise name is passed through :func:`html.escape`
  before it becomes part of a tooltip or a popup (:func:`_cells_html`);
- layers carrying data are rendered once and never compiled as templates
  (:class:`_DataScript`), so a ``{{ }}`` in a name is never evaluated.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import Element, Figure, MacroElement

TooltipRows = Mapping[str, Sequence[tuple[str, str]]]


def _js_json(value: Any) -> str:
    r"""Return compact JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026`` so no string can
    close the script element; JavaScript reads the same characters back.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _cells_html(rows: Sequence[tuple[str, str]]) -> str:
    """Return the table rows of ``(label, text)`` pairs, every piece of text escaped."""
    return "".join(
        f"<tr><th>{html.escape(str(label))}</th><td>{html.escape(str(text))}</td></tr>"
        for label, text in rows
    )


class _Script(Element):
    """Script text already rendered, written out as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _DataScript(MacroElement):
    """A layer whose script carries data: rendered once, never compiled as a template.

    branca's ``MacroElement.render`` wraps the rendered script in ``Element(text)``, which
    compiles the text as a Jinja template: seconds for a script holding thousands of points,
    and any ``{{ }}`` or ``{% %}`` in a name from an upload would be evaluated (or break the
    page). Here the rendered text is added to the page as it is.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("You cannot render this Element if it is not in a Figure.")
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Script(script(self, kwargs)), name=self.get_name())
