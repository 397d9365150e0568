"""The floor for benchmarks/app_timing.py: the least a Streamlit app of this kind costs.

One text input whose value is echoed in `st.markdown`, inside the same hook the product's
verdicts use (`st.container(key="verdicts")`, DOM class `st-key-verdicts`), plus the same
imports of pandas and altair as the product. Run by the benchmark; not part of the product.
"""

import altair as alt  # noqa: F401  (the product imports it on every page)
import pandas as pd  # noqa: F401
import streamlit as st

text = st.text_input("Mục tiêu", value="0", key="target")
with st.container(key="verdicts"):
    st.markdown(f"echo: {text}")
