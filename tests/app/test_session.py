"""The session keys: declared once in modules/ui/session.py; pages go through it."""

from pathlib import Path

from modules.ui import session
from modules.ui.session import Key, data_editor_key, input_key, table_key

UI = Path(session.__file__).parent
ROOT = UI.parent.parent


def test_every_key_is_declared_once():
    keys = [v for v in vars(session).values() if isinstance(v, Key)]
    names = [k.name for k in keys]
    assert len(names) == len(set(names)) and "target_year" in names


def test_only_the_session_module_indexes_session_state():
    users = [p.relative_to(ROOT) for p in [*UI.rglob("*.py"), ROOT / "streamlit_app.py"]
             if "session_state" in p.read_text(encoding="utf-8") and p.name != "session.py"]
    assert users == []


def test_editor_keys_are_built_by_one_function():
    assert input_key(table_key("daklak", 2022), 3, "exports", "target") == \
        "target:daklak:2022:3:exports:target"
    assert data_editor_key("abc") == "data_editor:abc"


def test_the_record_of_fitted_projections_is_bounded_like_the_projections():
    from modules.ui import cache

    for i in range(cache.PROJECTIONS_KEPT + 50):
        cache._fitted(("fingerprint", str(i)))
    assert len(cache._FITTED) == cache.PROJECTIONS_KEPT
    assert ("fingerprint", "0") not in cache._FITTED  # the oldest go first
    assert ("fingerprint", str(cache.PROJECTIONS_KEPT + 49)) in cache._FITTED
    cache._FITTED.clear()
