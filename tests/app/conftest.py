import pytest


@pytest.fixture(autouse=True)
def fresh_app_state(tmp_path, monkeypatch):
    """Each test: its own database file and no caches left from another test."""
    import streamlit as st
    monkeypatch.setenv("KHATHI_DATABASE_URL", f"sqlite:///{tmp_path}/khathi.db")
    st.cache_data.clear()
    st.cache_resource.clear()
    # the record (modules.planning.record) is replayed only by the tests that ask for it
    # (cache.record), never in the background of every page run
    from modules.ui import cache
    monkeypatch.setattr(cache, "_RECORDED", set())
    monkeypatch.setattr(cache, "_record_in_background", lambda model_name: None)
