import pytest


@pytest.fixture(autouse=True)
def fresh_app_state(tmp_path, monkeypatch):
    """Each test: its own database file and no caches left from another test."""
    import streamlit as st
    monkeypatch.setenv("KHATHI_DATABASE_URL", f"sqlite:///{tmp_path}/khathi.db")
    st.cache_data.clear()
    st.cache_resource.clear()
