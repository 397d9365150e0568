"""Methods: what the models assume, how the probability is computed, what they cannot know."""

import streamlit as st

from modules.planning.feasibility import band_limits
from modules.ui.text import lang, tr

st.title(tr("methods.heading"))
st.markdown(tr("methods.body", **band_limits(lang())))
