"""No password reaches the server log (item 9): whether given in the URL's
user part (with an unencoded "@" or "/"), or in its query string, or when the URL cannot
even be parsed."""

from __future__ import annotations

import logging

import pytest

from modules.data.storage import StorageError, Store, _safe_url

SECRET = "s3cr@t/Pw"


@pytest.mark.parametrize("url, shown", [
    (f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:9/khathi", "127.0.0.1:9/khathi"),
    ("postgresql+psycopg://127.0.0.1:9/khathi?user=planner&password=s3cr%40t",
     "127.0.0.1:9/khathi"),
    (f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:9/khathi?password={SECRET}",
     "127.0.0.1:9/khathi"),
])
def test_the_log_names_the_server_and_never_the_password(caplog, url, shown):
    caplog.set_level(logging.ERROR, logger="khathi.storage")
    with pytest.raises(StorageError):
        Store(url).entries("scenario")
    assert shown in caplog.text
    for secret in ("s3cr", "Pw", "planner", "password"):
        assert secret not in caplog.text, caplog.text


def test_an_unparseable_url_is_logged_without_its_text(caplog):
    caplog.set_level(logging.ERROR, logger="khathi.storage")
    with pytest.raises(StorageError):
        Store(f"postgresql+nodriver://planner:{SECRET}@host/db").entries("scenario")
    assert "s3cr" not in caplog.text and "planner" not in caplog.text
    assert _safe_url("sqlite:///var/khathi.db") == "sqlite:///var/khathi.db"
