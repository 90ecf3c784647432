"""The home page's strip: where tension is rising, one line per region with a link to it."""

from __future__ import annotations

import streamlit as st

from utils import i18n
from utils.screens import ViewState, home_screen
from utils.ui.components import escape_markdown
from utils.ui.state import page_params


def rising_strip(strip: home_screen.RisingStrip, view: ViewState) -> None:
    """Draw the strip: its heading, then one line per region (name, verdict, one reason)
    with a link that opens the region, and a link to the other rising regions.
    """  # noqa: D205
    lang = view.lang
    st.subheader(strip.heading, anchor=False)
    if view.filters():
        st.caption(i18n.t("hotspots.filters_ignored", lang))
    if strip.empty:
        st.info(strip.empty, icon=":material/check_circle:")
        return
    with st.container(key="rising_strip", gap="small"):
        for region in strip.regions:
            colour = "red" if region.sharp else "orange"
            text, link = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{escape_markdown(region.name)}** · "
                          f":{colour}[**{escape_markdown(region.verdict)}**]: "
                          f"{escape_markdown(region.reason)}")
            link.page_link("pages/region.py", label=i18n.t("common.open", lang),
                           icon=":material/arrow_forward:",
                           query_params=page_params(view, region=region.code, enterprise=None))
        if strip.more:
            st.page_link("pages/hotspots.py",
                         label=i18n.t("map.more_rising", lang, count=strip.more) + " — "
                         + i18n.t("map.open_hotspots", lang),
                         icon=":material/local_fire_department:",
                         query_params=page_params(view, region=None, enterprise=None))
