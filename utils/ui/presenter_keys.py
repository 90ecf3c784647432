"""The keys of a presenter's clicker in presentation mode, and each step opening at its top.

Clickers send PageDown and PageUp; a keyboard has the arrows and the space bar. Streamlit
gives a button one shortcut, so one small script, run in a component frame of the app's
own origin, listens on the page itself: →, PageDown and Space press «Далее», ← and PageUp
press «Назад». The buttons are found by their keys (Streamlit marks a keyed element with
the class ``st-key-<key>``). Nothing happens while the user types in a field, holds a
modifier (Ctrl+PageDown switches browser tabs) or is on a button where Space presses that
button; with no such button on the page (presentation left) the keys do nothing either.

The script carries the step, so it runs again on every step: it then scrolls the page to
the top, where the new slide begins.
"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as st_components

#: The container of the script's frame; presentation mode hides it (no empty row).
CONTAINER_KEY = "presenter_keys"
#: What each key does: "next" or "previous" (``KeyboardEvent.key`` values).
KEY_ACTIONS = {
    "ArrowRight": "next",
    "PageDown": "next",
    " ": "next",
    "ArrowLeft": "previous",
    "PageUp": "previous",
}

_SCRIPT = """<script>
(function () {
  const settings = %(settings)s;
  const page = window.parent;
  const doc = page.document;
  const typing = (element) => !!element && !!element.tagName && (
    element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
  const pressable = (element) => !!element && !!element.closest &&
    !!element.closest("button, a[href], [role=button], [role=tab], [role=switch]");
  function onKey(event) {
    const action = settings.actions[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const focused = doc.activeElement;
    if (typing(event.target) || typing(focused)) return;
    if (event.key === " " && (pressable(event.target) || pressable(focused))) return;
    const button = doc.querySelector(".st-key-" + settings.buttons[action] + " button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  }
  if (page.__ltmPresenterKeys) doc.removeEventListener("keydown", page.__ltmPresenterKeys, true);
  page.__ltmPresenterKeys = onKey;
  doc.addEventListener("keydown", onKey, true);
  const main = doc.querySelector('[data-testid="stMain"]');
  if (main) main.scrollTop = 0;
  page.scrollTo(0, 0);
})();
</script>"""


def presenter_script(step: int, *, next_key: str, previous_key: str) -> str:
    """Return the script that steps with the clicker's keys and opens ``step`` at its top."""
    settings = {"step": step, "actions": KEY_ACTIONS,
                "buttons": {"next": next_key, "previous": previous_key}}
    return _SCRIPT % {"settings": json.dumps(settings)}


def presenter_keys(step: int, *, next_key: str, previous_key: str) -> None:
    """Let a clicker's keys press the buttons ``next_key`` and ``previous_key``.

    Call it after the slide is drawn: each step runs the script again and scrolls to the top.
    """
    with st.container(key=CONTAINER_KEY):
        st_components.html(presenter_script(step, next_key=next_key,
                                            previous_key=previous_key), height=0)
