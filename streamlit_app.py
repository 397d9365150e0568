"""Khả thi — the Streamlit entry point: page setup, sidebar and navigation only."""

from pathlib import Path

import streamlit as st

from modules.ui.cache import warm_up
from modules.ui.components import guard, inject_css
from modules.ui.sidebar import sidebar
from modules.ui.text import lang, tr

PAGES = Path(__file__).parent / "modules" / "ui" / "pages"
ICON = Path(__file__).parent / "modules" / "ui" / "assets" / "icon.png"  # local: no outside request

st.set_page_config(page_title="Khả thi", page_icon=str(ICON), layout="wide")
inject_css()
warm_up()  # once per server process: the built-in datasets' targets fitted in the background
with guard(lang(), "sidebar"):
    sidebar()
navigation = st.navigation([
    st.Page(PAGES / "overview.py", title=tr("app.page_overview"), icon=":material/dashboard:",
            default=True),
    st.Page(PAGES / "targets.py", title=tr("app.page_targets"), icon=":material/target:",
            url_path="targets"),
    st.Page(PAGES / "planning.py", title=tr("app.page_planning"),
            icon=":material/timeline:", url_path="planning"),
    st.Page(PAGES / "reliability.py", title=tr("record.page_title"),
            icon=":material/fact_check:", url_path="reliability"),
    st.Page(PAGES / "scenarios.py", title=tr("app.page_scenarios"),
            icon=":material/compare_arrows:", url_path="scenarios"),
    st.Page(PAGES / "data.py", title=tr("app.page_data"), icon=":material/table_edit:",
            url_path="data"),
    st.Page(PAGES / "methods.py", title=tr("app.page_methods"), icon=":material/menu_book:",
            url_path="methods"),
])
with guard(lang(), "page"):  # every page: a short translated message, details in the log
    navigation.run()
