"""ConvLab: the router and frame. The only place that sets the page config and the navigation."""

import streamlit as st

from ui.frame import classroom_toggle, freeze_heap

st.set_page_config(page_title="ConvLab", page_icon=":material/grid_on:", layout="wide")

PAGES = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page(
        "app_pages/convolution.py", title="Convolution", icon=":material/blur_on:", url_path="convolution"
    ),
]

navigation = st.navigation(PAGES)
classroom_toggle()
freeze_heap()
navigation.run()
