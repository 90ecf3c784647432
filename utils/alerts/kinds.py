"""What a signal is: the kinds of signal, the places they concern, and their registry.

A *kind* of signal (``region_large_increase``, ``watchlist_new``…) says which place it
concerns (a region or an enterprise), its levels from the least to the most severe, and the
*source* that finds its candidates in the early warning's results. Kinds register here, so a
new source (the cases assigned to a user, say) is one more :func:`register_kind` call and the
rules, the digest, the store and the CLI take it as it is.

This module imports nothing from its own package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The places a signal concerns: subscriptions name regions and enterprises (plus ``all``);
#: a case signal concerns one case (its id) and is covered by the case's region or enterprise.
PLACE_TYPES = ("region", "enterprise", "case")


@dataclass(frozen=True)
class Candidate:
    """A signal the early warning shows at ``as_of``, before the rules decide on it.

    ``place`` is a region's ISO code or an enterprise's BIN, ``region`` the region it lies
    in (the region itself for a region), ``level`` one of its kind's levels, ``reason`` the
    messages (``{"key", "params"}``) that say why, as the hotspots page says it. ``new`` is
    True when the place was below this level the month before (or the level is new by its
    definition, as a new hot spot is). ``bin`` is the enterprise a case signal is about, and
    ``for_user`` the one user a signal is meant for (a case's owner), None for everyone
    following its place.
    """

    kind: str
    place: str
    place_name: str | None
    region: str | None
    level: str
    as_of: str
    reason: list[dict[str, Any]]
    new: bool
    bin: str | None = None
    for_user: str | None = None

    @property
    def severity(self) -> int:
        """Return the rank of the level among its kind's levels (1: the least severe)."""
        return severity(self.kind, self.level)

    def to_record(self) -> dict[str, Any]:
        """Return the candidate as the store keeps a signal found."""
        return {"kind": self.kind, "place": self.place, "place_name": self.place_name,
                "region": self.region, "level": self.level, "severity": self.severity,
                "as_of": self.as_of, "reason": [{"key": m["key"], "params": m.get("params", {})}
                                                for m in self.reason]}


#: A source: the inputs of a run (``inputs.report``, ``inputs.previous``…) -> candidates.
Source = Callable[[Any], list[Candidate]]


@dataclass(frozen=True)
class SignalKind:
    """One kind of signal: the place it concerns, its levels (least severe first), its source.

    ``wired`` is False for a kind whose source is not yet available (it can be subscribed
    to, and finds nothing).
    """

    name: str
    place_type: str
    levels: tuple[str, ...]
    source: Source = field(repr=False)
    wired: bool = True


_REGISTRY: dict[str, SignalKind] = {}


def register_kind(kind: SignalKind) -> SignalKind:
    """Add ``kind`` to the registry (replacing one of the same name) and return it."""
    if kind.place_type not in PLACE_TYPES:
        raise ValueError(f"Invalid place type: {kind.place_type!r}. It must be in the set: "
                         + ", ".join(PLACE_TYPES))
    _REGISTRY[kind.name] = kind
    return kind


def signal_kinds() -> Mapping[str, SignalKind]:
    """Return the registered kinds by name, in the order they were registered."""
    return dict(_REGISTRY)


def get_kind(name: str) -> SignalKind:
    """Return the kind ``name``; unknown names raise a ``KeyError`` listing the valid ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        valid = ", ".join(_REGISTRY)
        raise KeyError(f"Invalid signal kind: {name!r}. Kind must be in the set: {valid}") from None


def severity(kind: str, level: str) -> int:
    """Return the rank of ``level`` among the levels of ``kind`` (1: the least severe)."""
    levels = get_kind(kind).levels
    if level not in levels:
        raise ValueError(f"Invalid level {level!r} of {kind}: it must be in the set: "
                         + ", ".join(levels))
    return levels.index(level) + 1
