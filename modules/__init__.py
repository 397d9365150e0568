"""Khả thi: the domain package (no Streamlit here)."""
