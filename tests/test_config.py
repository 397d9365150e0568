"""The deployed configuration never shows a traceback to a user."""

import tomllib
from pathlib import Path


def test_error_details_are_off():
    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml")
                           .read_text())
    assert config["client"]["showErrorDetails"] == "none"
