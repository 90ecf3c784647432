"""region page: written next."""

import streamlit as st

st.write("…")
