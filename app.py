"""ConvLab: the router and frame. The only place that sets the page config and the navigation."""

import streamlit as st

from ui.admission import admitted
from ui.class_host import host_bar
from ui.class_session import class_bar, publish
from ui.frame import classroom_toggle, frame_style, freeze_heap, pages
from ui.session_notice import session_notice
from ui.state import guard_link

# An emoji icon is drawn in the browser; a :material/…: one is fetched from fonts.gstatic.com.
st.set_page_config(page_title="ConvLab", page_icon="🔲", layout="wide")

with admitted():  # two scripts of this process at a time: the rest wait their turn (ui/admission.py)
    navigation = st.navigation(pages())
    guard_link(navigation)
    classroom_toggle()
    frame_style()
    freeze_heap()
    class_bar(navigation)
    host_bar()
    session_notice()  # a student whose session the server lost is told so, on any page
    navigation.run()
    publish()  # a page that stops early on an error is not shown to the class
