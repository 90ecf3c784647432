"""Map (home): where tension is, across the 20 units, for the chosen indicator and period."""

import streamlit as st
from streamlit_folium import st_folium

from utils import formatting, i18n, maps, settings
from utils.map_view import indicator_unit, region_map
from utils.ui import components, data, sidebar
from utils.ui.state import current_view, page_params, set_view
from utils.viewstate import MODES, SCHEMES

view = current_view()
lang = view.lang
version = data.version()

with components.page_guard(lang):
    if view.start is None:
        st.title(i18n.t("map.title", lang))
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    title = sidebar.indicator_label(view.indicator, lang)
    period = formatting.format_period(view.start, view.end, lang)
    st.title(f"{title} · {period}")

    filters = data.filters_key(view.filters())
    components.kpi_cards(data.national_kpis(version, view.start, view.end, filters), lang)

    values = data.region_values(
        version, view.indicator, view.start, view.end, view.normalisation, filters
    )
    if values["value"].isna().all():
        components.empty_state(
            i18n.t("empty.filter", lang) if view.filters() else i18n.t("empty.period", lang,
                                                                        period=period)
        )
        st.stop()

    controls = st.columns([2, 2, 3])
    mode = controls[0].segmented_control(
        i18n.t("map.mode", lang), MODES, default=view.mode,
        format_func=lambda key: i18n.t(f"map.mode_{key}", lang), key="map_mode",
    ) or view.mode
    scheme = controls[1].selectbox(
        i18n.t("sidebar.classification", lang), SCHEMES, index=SCHEMES.index(view.scheme),
        format_func=lambda key: i18n.t(f"classify.{key}", lang), key="map_scheme",
    )
    if (mode, scheme) != (view.mode, view.scheme):
        set_view(view.with_changes(mode=mode, scheme=scheme))
        st.rerun()

    built = region_map(
        values,
        data.browser_geojson(),
        lang=lang,
        indicator_title=title,
        unit=indicator_unit(view.indicator),
        normalisation=view.normalisation,
        mode=view.mode,
        scheme=view.scheme,
        high_contrast=view.present,
        tile_url=settings.get("app")["tile_url"],
    )
    left, right = st.columns([4, 1])
    with left:
        result = st_folium(
            built.map, key="map_regions", height=560, use_container_width=True,
            returned_objects=maps.RETURNED_OBJECTS,
        )
    with right:
        st.html(built.legend_html)
        st.caption(i18n.t("map.click_hint", lang))
    clicked = maps.clicked_region(result)
    if clicked:
        st.switch_page("pages/region.py", query_params=page_params(view, region=clicked))
