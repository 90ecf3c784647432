"""Cases: from a warning to action, its result and how long each stage took.

An officer opens a case on a flagged enterprise, assigns it, holds a hearing or an inspection,
takes a measure, records the arrears repaid and closes it; the case is then watched and
reopens itself when the enterprise's risk is "high" again. The package's face; inside, one
module per job:

``model``
    States, stages, early-close reasons, :class:`Case` and :class:`Step`, the refusals.
``rules``
    Which step may follow which, and what a step changes.
``workflow``
    Opening, stepping and reopening through ``utils.store``, with the optimistic version
    check and the audit log.
``watch``
    The watchlist's words kept at opening, and the watch that reopens closed cases.
``ledger``
    What cases say was repaid beside the arrears extracts.
``timeliness``
    Days to each stage against the targets, by region and owner.
``wording``
    Cases said in the reader's language (the slowest stage in one sentence).
``importing``
    Cases kept in another system, loaded from CSV or XLSX.
``impact``
    What followed flagged enterprises with a case and without one (a comparison, not a
    proof of effect).
"""

from utils.cases.impact import HORIZON as IMPACT_HORIZON
from utils.cases.impact import ImpactComparison, ImpactGroup, impact_comparison
from utils.cases.importing import COLUMNS as IMPORT_COLUMNS
from utils.cases.importing import ImportReport, import_cases
from utils.cases.ledger import STATUSES as LEDGER_STATUSES
from utils.cases.ledger import LedgerLine, ledger_status, results_ledger
from utils.cases.model import (
    CLOSE_REASONS,
    OPEN_STATES,
    SOURCES,
    STAGE_NUMBER,
    STAGES,
    STATES,
    Case,
    CaseChanged,
    CaseRefused,
    OpeningWarning,
    Step,
    stage_of,
)
from utils.cases.rules import check_step, watch_end
from utils.cases.timeliness import (
    TARGET_STAGES,
    GroupTimeliness,
    Targets,
    TimelinessReport,
    is_late,
    on_time,
    overdue_stages,
    stage_days,
    timeliness_report,
    working_days,
)
from utils.cases.watch import reopen_on_risk, warning_of
from utils.cases.wording import reason_text, refusal_text, region_in, slowest_sentence
from utils.cases.workflow import (
    WATCH_USER,
    checked_bin,
    get_case,
    load_cases,
    open_case,
    reopen_watched,
    step_case,
    today,
)

__all__ = [
    "CLOSE_REASONS",
    "IMPACT_HORIZON",
    "IMPORT_COLUMNS",
    "LEDGER_STATUSES",
    "OPEN_STATES",
    "SOURCES",
    "STAGES",
    "STAGE_NUMBER",
    "STATES",
    "TARGET_STAGES",
    "WATCH_USER",
    "Case",
    "CaseChanged",
    "CaseRefused",
    "GroupTimeliness",
    "ImpactComparison",
    "ImpactGroup",
    "ImportReport",
    "LedgerLine",
    "OpeningWarning",
    "Step",
    "Targets",
    "TimelinessReport",
    "check_step",
    "checked_bin",
    "get_case",
    "impact_comparison",
    "import_cases",
    "is_late",
    "ledger_status",
    "load_cases",
    "on_time",
    "open_case",
    "overdue_stages",
    "reason_text",
    "refusal_text",
    "region_in",
    "reopen_on_risk",
    "reopen_watched",
    "results_ledger",
    "slowest_sentence",
    "stage_days",
    "stage_of",
    "step_case",
    "timeliness_report",
    "today",
    "warning_of",
    "watch_end",
    "working_days",
]
