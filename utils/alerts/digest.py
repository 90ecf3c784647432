"""The digest: one message per user and run, in the user's language.

A digest opens with a summary line, then lists each signal: the place, what happened (the
kind and its level), why in words (the early warning's own sentences, as the hotspots page
renders them) and the link that opens exactly that view of the dashboard (the shareable URL
of ``utils.screens.view_url``, on the region or enterprise page, for the twelve months up to
the month of the signal; a case signal opens that case on the Cases page). A small national
map numbers the regions concerned as the list does. The message has a plain-text part and an
HTML part (every text escaped), the map attached inline to the HTML part.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pandas as pd

from utils import briefing, formatting, i18n, metrics
from utils.alerts.kinds import Candidate, get_kind
from utils.months import shift_month
from utils.screens import ViewState, hotspots_screen, view_url

#: Resolution of the digest's map (the briefing prints at 150): a small image for a mail.
MAP_DPI = 60
#: The indicator the digest's map shows, over the twelve months up to the run's month.
MAP_INDICATOR = "appeals"
MAP_MONTHS = 12


@dataclass(frozen=True)
class Digest:
    """A user's digest, composed: subject, both parts, the map and the signals it carries."""

    user: str
    address: str | None
    lang: str
    as_of: str
    subject: str
    text: str
    html: str
    map_png: bytes | None
    signals: tuple[Candidate, ...]
    links: tuple[str, ...]

    def message(self, sender: str, address: str | None = None) -> EmailMessage:
        """Return the e-mail: plain text, HTML with the map inline (``cid:``), headers."""
        mail = EmailMessage()
        mail["Subject"] = self.subject
        mail["From"] = sender
        mail["To"] = address or self.address or ""
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        mail.set_content(self.text, cte="quoted-printable")
        map_id = make_msgid(domain="map.ltm")
        body = self.html.replace("cid:MAP", f"cid:{map_id[1:-1]}")
        mail.add_alternative(body, subtype="html", cte="quoted-printable")
        if self.map_png is not None:
            html_part = mail.get_payload()[1]
            html_part.add_related(self.map_png, "image", "png", cid=map_id,
                                  filename="map.png", disposition="inline")
        # Set last: setting the content drops the Content-* headers set before.
        mail["Content-Language"] = self.lang
        return mail


def place_label(candidate: Candidate, lang: str) -> str:
    """Return the place of a signal in words: the region, or the enterprise and its region."""
    place_type = get_kind(candidate.kind).place_type
    if place_type == "region":
        return i18n.region_label(candidate.place, lang)
    region = i18n.region_label(candidate.region, lang) if candidate.region else None
    if place_type == "case":
        name = candidate.place_name or candidate.bin
        text = (i18n.t("alerts.case_place", lang, case=candidate.place, name=name) if name
                else i18n.t("alerts.case_place_bare", lang, case=candidate.place))
    else:
        name = candidate.place_name or candidate.place
        text = i18n.t("alerts.enterprise_place", lang, name=name, bin=candidate.place)
    return f"{text}, {region}" if region else text


def level_label(kind: str, level: str, lang: str) -> str:
    """Return the level of a signal as the dashboard names it."""
    place_type = get_kind(kind).place_type
    if kind == "emerging_hot_spot":
        return i18n.ehsa_label(level, lang)
    if place_type == "region":
        return i18n.level_label(level, lang)
    if place_type == "case":
        return i18n.t(f"alerts.case_level.{level}", lang)
    return i18n.t(f"ew.risk.{level}", lang)


def reason_text(reason: Sequence[dict], lang: str) -> str:
    """Return the reason of a signal as one sentence, as the hotspots page writes it."""
    return hotspots_screen.sentence("; ".join(formatting.render_message(m, lang)
                                              for m in reason))


def signal_view(candidate: Candidate, lang: str) -> tuple[ViewState, str]:
    """Return the view that shows a signal and the page it is on (a case: the Cases page)."""
    place_type = get_kind(candidate.kind).place_type
    if place_type == "case":
        return ViewState(lang=lang, case=int(candidate.place)), "cases"
    period = {"start": shift_month(candidate.as_of, -(MAP_MONTHS - 1)), "end": candidate.as_of}
    if place_type == "region":
        return ViewState(lang=lang, region=candidate.place, **period), "region"
    return ViewState(lang=lang, enterprise=candidate.place, **period), "enterprise"


def signal_link(candidate: Candidate, lang: str, base_url: str) -> str:
    """Return the link that opens the view of a signal in the dashboard at ``base_url``."""
    view, page = signal_view(candidate, lang)
    return view_url(view, f"{base_url.rstrip('/')}/{page}", page)


def map_values(engine, as_of: str) -> pd.DataFrame:
    """Return the values the digest's map colours the regions by (appeals, 12 months)."""
    return metrics.region_values(engine, MAP_INDICATOR, shift_month(as_of, -(MAP_MONTHS - 1)),
                                 as_of)


def _numbers(signals: Sequence[Candidate]) -> dict[str, int]:
    """Return the number of each region concerned, in the order the digest lists them."""
    numbers: dict[str, int] = {}
    for signal in signals:
        if signal.region and signal.region not in numbers:
            numbers[signal.region] = len(numbers) + 1
    return numbers


def digest_map(values: pd.DataFrame, signals: Sequence[Candidate], lang: str,
               as_of: str) -> bytes:
    """Return the digest's map as a PNG: the regions concerned numbered as in the list."""
    labels = {code: str(number) for code, number in _numbers(signals).items()}
    drawn = briefing.national_map_png(
        values, lang=lang, indicator_title=i18n.indicator_label(MAP_INDICATOR, lang),
        unit=metrics.INDICATORS[MAP_INDICATOR].unit,
        period=(shift_month(as_of, -(MAP_MONTHS - 1)), as_of), labels=labels, dpi=MAP_DPI)
    return drawn.png


def compose_digest(user: str, address: str | None, lang: str, as_of: str,
                   signals: Sequence[Candidate], *, base_url: str,
                   values: pd.DataFrame | None = None, more: int = 0) -> Digest:
    """Return the digest of ``signals`` for ``user`` in ``lang``.

    ``values`` are :func:`map_values` (no map without them); ``more`` counts the signals
    left out of a long digest (the summary line says how many).
    """
    i18n.check_lang(lang)
    month = formatting.format_month(as_of, lang, "long")
    count = len(signals) + more
    subject = i18n.t("alerts.mail.subject", lang, count=count, month=month)
    summary = i18n.t("alerts.mail.summary", lang, count=count, month=month)
    numbers = _numbers(signals)
    links, text_items, html_items = [], [], []
    for signal in signals:
        link = signal_link(signal, lang, base_url)
        links.append(link)
        number = numbers.get(signal.region or "")
        mark = f"[{number}] " if number else ""
        title = f"{i18n.t(f'alerts.kind.{signal.kind}', lang)}: {place_label(signal, lang)}"
        level = level_label(signal.kind, signal.level, lang)
        reason = reason_text(signal.reason, lang)
        open_word = i18n.t("alerts.mail.open", lang)
        text_items.append(f"{mark}{title}\n  {level}. {reason}\n  {open_word}: {link}")
        html_items.append(
            f"<li><p><strong>{html.escape(mark + title)}</strong><br>"
            f"{html.escape(level)}. {html.escape(reason)}<br>"
            f'<a href="{html.escape(link, quote=True)}">{html.escape(open_word)}</a></p></li>'
        )
    if more:
        text_items.append(i18n.t("alerts.mail.more", lang, count=more))
        html_items.append(f"<li>{html.escape(i18n.t('alerts.mail.more', lang, count=more))}</li>")
    footer = i18n.t("alerts.mail.footer", lang)
    text = "\n\n".join([summary, *text_items, footer]) + "\n"
    png = digest_map(values, signals, lang, as_of) if values is not None and numbers else None
    image = (f'<p><img src="cid:MAP" alt="{html.escape(i18n.t("alerts.mail.map_alt", lang))}"'
             ' style="max-width:100%"></p>') if png else ""
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(subject)}</title></head><body>"
            f"<p>{html.escape(summary)}</p>{image}<ul>{''.join(html_items)}</ul>"
            f"<p><small>{html.escape(footer)}</small></p></body></html>")
    return Digest(user, address, lang, as_of, subject, text, page, png, tuple(signals),
                  tuple(links))
