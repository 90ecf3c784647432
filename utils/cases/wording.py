"""Cases said in the reader's language: states, reasons, refusals and the slowest stage.

The slowest stage of a region is one sentence: «В Мангистауской области дольше всего ждут
слушания или проверки: медиана 19 дней при норме 7 дней». The region is put "in" its place
by the grammar of each language (Russian prepositional case, Kazakh locative ending).
"""

from __future__ import annotations

from utils import formatting, i18n
from utils.cases.model import STATES, Case, CaseRefused
from utils.cases.timeliness import GroupTimeliness

#: Russian adjectives of the region names in the nominative -> prepositional feminine.
_RU_ADJECTIVE_ENDING = ("ая", "ой")


def _ru_in(name: str) -> str:
    words = name.split()
    if words[0] == "город":
        return "в городе " + " ".join(words[1:])
    if words[0] == "область":
        return "в области " + " ".join(words[1:])
    if words[-1] == "область":
        adjective = words[0]
        if adjective.endswith(_RU_ADJECTIVE_ENDING[0]):
            adjective = adjective[: -len(_RU_ADJECTIVE_ENDING[0])] + _RU_ADJECTIVE_ENDING[1]
        return "в " + " ".join([adjective, *words[1:-1], "области"])
    return "в " + name


def _kk_in(name: str) -> str:
    words = name.split()
    if words[-1] in ("облысы", "қаласы"):
        return " ".join([*words[:-1], words[-1] + "нда"])
    return name + "да"


def region_in(code: str, lang: str) -> str:
    """Return "in <region>" in ``lang``: «в Мангистауской области», «Маңғыстау облысында»."""
    name = i18n.region_label(code, lang)
    if lang == "ru":
        return _ru_in(name)
    if lang == "kk":
        return _kk_in(name)
    return f"in {name}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def stage_days_text(stage: str, days: float | None, lang: str) -> str:
    """Return days of ``stage`` with their unit: working days for assignment, else days."""
    unit = "working_days" if stage == "assigned" else "days"
    return formatting.format_count(None if days is None else round(days, 1), unit, lang)


def slowest_sentence(group: GroupTimeliness, lang: str) -> str | None:
    """Return the sentence naming the slowest stage of a region (or of all cases), or None."""
    if group.slowest_stage is None:
        return None
    where = region_in(group.key, lang) if group.key else i18n.t("cases.where_all", lang)
    key = "cases.slowest.late" if group.slowest_is_late else "cases.slowest.on_time"
    return _capital(i18n.t(
        key, lang, where=where, stage=i18n.t(f"cases.stage_wait.{group.slowest_stage}", lang),
        days=stage_days_text(group.slowest_stage, group.slowest_median, lang),
        target=stage_days_text(group.slowest_stage, group.slowest_target, lang),
    ))


def reason_text(case: Case, lang: str) -> str:
    """Return why the case was opened, in ``lang`` when the watchlist's words were kept."""
    messages = case.reason.get("messages")
    if messages:
        parts = [formatting.render_message(message, lang) for message in messages
                 if message.get("key") != "ew.reason.new_on_list"]
        text = "; ".join(parts[:3])
    else:
        text = case.reason_text()
    note = case.reason.get("note")
    return f"{text} — {note}" if text and note else (text or note or "")


def refusal_text(error: CaseRefused, lang: str) -> str:
    """Return a refused change as one sentence in ``lang``."""
    params = {name: (value.isoformat() if hasattr(value, "isoformat") else value)
              for name, value in error.params.items()}
    for name in ("state", "target"):
        if params.get(name) in STATES:
            params[name] = i18n.t(f"cases.state.{params[name]}", lang)
    if params.get("role") in i18n.group_values("role"):
        params["role"] = i18n.role_label(params["role"], lang)
    return i18n.t(f"cases.refused.{error.key}", lang, **params)
