"""ConvLab: the router and frame. The only place that sets the page config and the navigation."""

import streamlit as st

st.set_page_config(page_title="ConvLab", page_icon="▦", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    ]
)
navigation.run()
