"""A briefing as a file: the format chosen by name or by the suffix of the file written.

The writers are ``utils.briefing.pptx`` (a PowerPoint deck) and ``utils.briefing.pdf`` (the
same pages as a PDF); :func:`write_briefing` is what the CLI runs, from the database to a
file in one call. Nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from utils.briefing.content import briefing_content, briefing_period
from utils.briefing.model import Briefing, BriefingView
from utils.briefing.pdf import briefing_pdf
from utils.briefing.pptx import briefing_pptx

#: The writer of each file suffix; the order is the one error messages list.
WRITERS: dict[str, Callable[[Briefing], bytes]] = {".pptx": briefing_pptx, ".pdf": briefing_pdf}


def briefing_bytes(content: Briefing, fmt: str) -> bytes:
    """Return the briefing as a file of format ``fmt`` (``pptx`` or ``pdf``)."""
    suffix = "." + fmt.lower().lstrip(".")
    if suffix not in WRITERS:
        valid = ", ".join(s.lstrip(".") for s in WRITERS)
        raise ValueError(f"Invalid briefing format: {fmt!r}. Format must be in the set: {valid}")
    return WRITERS[suffix](content)


def write_briefing(
    engine: Any,
    out: Path,
    as_of: str | None = None,
    lang: str = "ru",
    **view: Any,
) -> Path:
    """Write a briefing of the ``PERIOD_MONTHS`` months up to ``as_of`` to ``out``.

    The format follows the suffix of ``out`` (``.pptx`` or ``.pdf``). ``view`` may set the
    other fields of :class:`BriefingView` (indicator, normalisation, filters ...).
    Nothing is fetched from the network.
    """
    out = Path(out)
    start, end = briefing_period(engine, as_of)
    content = briefing_content(engine, BriefingView(start=start, end=end, **view), lang)
    data = briefing_bytes(content, out.suffix)
    out.write_bytes(data)
    return out
