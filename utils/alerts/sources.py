"""The sources of signals: what the early warning shows that someone may want to hear about.

Each source reads the early-warning report at the run's month and the report of the month
before (:class:`SignalInputs`) and returns :class:`~utils.alerts.kinds.Candidate` signals:

``region_large_increase``
    A region whose verdict is a sharp rise (``large_increase``). The verdict never calls a
    rise from small numbers sharp (the early warning's ``min_baseline`` guard), so neither
    does the alert. Its reason is the verdict's, as the hotspots page words it.
``emerging_hot_spot``
    A region that became a new, consecutive or intensifying hot spot (Gi* over the months),
    with the category's definition as its reason.
``watchlist_new``
    An enterprise new on the watchlist, at its risk level, with its reasons.
``risk_raised``
    An enterprise on the watchlist both months whose risk level is higher than the month
    before.

The sources are registered kinds (``utils.alerts.kinds``); they only read results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from utils import cases, early_warning, store
from utils.alerts.kinds import Candidate, SignalKind, register_kind
from utils.months import shift_month

#: Levels of each kind, least severe first.
REGION_LEVELS = ("large_increase",)
EMERGING_LEVELS = ("new_hot_spot", "consecutive_hot_spot", "intensifying_hot_spot")
RISK_LEVELS = ("low", "watch", "elevated", "high")
_NEW_ON_LIST = "ew.reason.new_on_list"


@dataclass(frozen=True)
class SignalInputs:
    """What the sources read: the report at ``as_of`` and the report of the month before.

    ``cases`` are the open cases and ``today`` the day of the run, for the case signals
    (``utils.alerts.case_signals``).
    """

    report: early_warning.EarlyWarningReport
    previous: early_warning.EarlyWarningReport | None
    cases: tuple[cases.Case, ...] = ()
    today: date | None = None

    @property
    def as_of(self) -> str:
        """Return the month of the run."""
        return str(self.report.as_of)


def signal_inputs(engine: Any, as_of: str | None = None,
                  today: date | None = None) -> SignalInputs:
    """Return the reports at ``as_of`` (None: the last month of data) and a month before.

    The open cases come along, with ``today`` (the day of the run; today by default).
    """
    config = early_warning.config_from_settings()
    report = early_warning.hotspots_report(engine, as_of, config=config)
    previous = None
    if report.as_of:
        previous = early_warning.hotspots_report(engine, shift_month(report.as_of, -1),
                                                 config=config)
    found = tuple(cases.load_cases(engine, states=list(cases.OPEN_STATES)))
    return SignalInputs(report, previous, found, today or store.schema.utc_now().date())


def _rank(levels: tuple[str, ...], level: str | None) -> int:
    return levels.index(level) + 1 if level in levels else 0


def region_large_increase(inputs: SignalInputs) -> list[Candidate]:
    """Return the regions whose verdict is a sharp rise."""
    before = {r.code: r.level for r in inputs.previous.regions} if inputs.previous else {}
    return [Candidate("region_large_increase", r.code, None, r.code, r.level, inputs.as_of,
                      list(r.verdict_messages), before.get(r.code) != r.level)
            for r in inputs.report.regions if r.level in REGION_LEVELS]


def emerging_hot_spot(inputs: SignalInputs) -> list[Candidate]:
    """Return the regions that are new, consecutive or intensifying hot spots."""
    before = ({r.code: r.emerging_category for r in inputs.previous.regions}
              if inputs.previous else {})
    found = []
    for r in inputs.report.regions:
        level = r.emerging_category
        if level not in EMERGING_LEVELS:
            continue
        new = _rank(EMERGING_LEVELS, before.get(r.code)) < _rank(EMERGING_LEVELS, level)
        found.append(Candidate("emerging_hot_spot", r.code, None, r.code, level, inputs.as_of,
                               [{"key": f"ehsa.{level}.help", "params": {}}], new))
    return found


def _enterprise_reason(entry: early_warning.EnterpriseEntry) -> list[dict[str, Any]]:
    return [m for m in entry.reason_messages if m["key"] != _NEW_ON_LIST][:3]


def watchlist_new(inputs: SignalInputs) -> list[Candidate]:
    """Return the enterprises new on the watchlist."""
    return [Candidate("watchlist_new", e.bin, e.name, e.region, e.risk_level, inputs.as_of,
                      _enterprise_reason(e), True)
            for e in inputs.report.enterprises if e.new_on_list and e.risk_level in RISK_LEVELS]


def risk_raised(inputs: SignalInputs) -> list[Candidate]:
    """Return the enterprises of the watchlist whose risk level rose since the month before."""
    if inputs.previous is None:
        return []
    before = {e.bin: e.risk_level for e in inputs.previous.enterprises}
    return [Candidate("risk_raised", e.bin, e.name, e.region, e.risk_level, inputs.as_of,
                      _enterprise_reason(e), True)
            for e in inputs.report.enterprises
            if e.bin in before and _rank(RISK_LEVELS, e.risk_level) > _rank(RISK_LEVELS,
                                                                            before[e.bin])]


register_kind(SignalKind("watchlist_new", "enterprise", RISK_LEVELS, watchlist_new))
register_kind(SignalKind("risk_raised", "enterprise", RISK_LEVELS, risk_raised))
register_kind(SignalKind("region_large_increase", "region", REGION_LEVELS,
                         region_large_increase))
register_kind(SignalKind("emerging_hot_spot", "region", EMERGING_LEVELS, emerging_hot_spot))
