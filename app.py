"""Labor Tension Map: the frame of the app (page config, navigation, shared sidebar)."""

import streamlit as st

from utils import i18n
from utils.maps import ensure_static_assets
from utils.ui import auth as auth_ui
from utils.ui import components, data, private_logs, server_sockets, sidebar, state

st.set_page_config(
    page_title="Labor Tension Map",
    # An emoji, not a :material/…: icon: Streamlit fetches a material favicon from Google's
    # CDN, which a closed network blocks; an emoji favicon is drawn locally.
    page_icon="🗺️",
    layout="wide",
    # "auto": open on a wide screen, closed on a phone (the page comes first there).
    initial_sidebar_state="auto",
)
ensure_static_assets()
server_sockets.disable_nagle_once()
private_logs.redact_session_ids()

with components.page_guard("ru"):
    view = state.current_view()
    lang = view.lang
    PAGES = [
        st.Page("pages/map.py", title=i18n.t("map.title", lang), icon=":material/map:",
                url_path="", default=True),
        st.Page("pages/trends.py", title=i18n.t("trends.title", lang),
                icon=":material/show_chart:", url_path="trends"),
        st.Page("pages/hotspots.py", title=i18n.t("hotspots.title", lang),
                icon=":material/local_fire_department:", url_path="hotspots"),
        st.Page("pages/region.py", title=i18n.t("region.title", lang),
                icon=":material/location_city:", url_path="region"),
        st.Page("pages/enterprise.py", title=i18n.t("enterprise.title", lang),
                icon=":material/factory:", url_path="enterprise"),
        st.Page("pages/cases.py", title=i18n.t("cases.title", lang),
                icon=":material/assignment:", url_path="cases"),
        st.Page("pages/data.py", title=i18n.t("data.title", lang),
                icon=":material/upload_file:", url_path="data"),
        st.Page("pages/briefing.py", title=i18n.t("briefing.title", lang),
                icon=":material/co_present:", url_path="briefing"),
        st.Page("pages/alerts.py", title=i18n.t("alerts.title", lang),
                icon=":material/notifications:", url_path="alerts"),
        # The map is the home page at "/" and answers at /map too, the address the README
        # and shared links give; Streamlit serves a default page only at "/", so /map is a
        # second entry for the same script, hidden so the menu lists the map once.
        st.Page("pages/map.py", title=i18n.t("map.title", lang), icon=":material/map:",
                url_path="map", visibility="hidden"),
    ]
    navigation = st.navigation(PAGES, position="hidden" if view.present else "sidebar")
    auth_ui.login_gate(lang)
    components.base_style()
    if view.present:
        components.presentation_style()
    else:
        sidebar.render(view)
        auth_ui.sidebar_account(lang)
    components.synthetic_banner(lang, data.is_synthetic(data.version()))
    navigation.run()
