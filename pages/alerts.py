"""My alerts: the signals found for the user, where the mails go, and what they follow."""

from utils.ui import alerts as alerts_ui
from utils.ui import components
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view

ensure_frame()

view = current_view()

with components.page_guard(view.lang):
    alerts_ui.my_alerts(view)
