"""Methods: what the models assume, how the probability is computed, what they cannot know."""

import streamlit as st

from modules.ui.text import tr

st.title(tr("methods.heading"))
st.markdown(tr("methods.body"))
