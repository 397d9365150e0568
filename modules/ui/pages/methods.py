"""Methods: what the models assume, how the probability is computed, what they cannot know.

The list of models comes from the registry (modules/engine/registry.py): a model added
there appears here with its minimum number of years."""

import streamlit as st

from modules.engine.auto import SPREAD_POWER
from modules.engine.models import MAX_HORIZON
from modules.engine.registry import REGISTRY
from modules.text import fmt
from modules.ui.text import lang, tr

st.title(tr("methods.heading"))
st.markdown(tr("methods.body"))
st.markdown("\n".join(
    f"- **{tr(f'model.{name}')}**: {tr(f'methods.model_{name}')}"
    + (f" ({tr('methods.needs_consecutive' if spec.regular else 'methods.needs', n=spec.min_years)})"
       if spec.min_years > 1 else "")
    for name, spec in REGISTRY.items()))
st.markdown(tr("methods.body_rest", most=MAX_HORIZON,
                power=fmt.number(SPREAD_POWER, lang(), 2)))
