"""The session keys: declared once in modules/ui/session.py; pages go through it."""

from pathlib import Path

import pytest

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
    assert input_key(table_key("daklak", 2022), 3, "exports", "target", "vi") == \
        "target:daklak:2022:3:vi:exports:target"
    assert data_editor_key("abc") == "data_editor:abc"


def test_the_record_of_fitted_projections_is_bounded_like_the_projections():
    from modules.ui import cache

    for i in range(cache.PROJECTIONS_KEPT + 50):
        cache._fitted(("fingerprint", str(i)))
    assert len(cache._FITTED) == cache.PROJECTIONS_KEPT
    assert ("fingerprint", "0") not in cache._FITTED  # the oldest go first
    assert ("fingerprint", str(cache.PROJECTIONS_KEPT + 49)) in cache._FITTED
    cache._FITTED.clear()


@pytest.mark.parametrize("model", ["auto", "drift", "theta"])
def test_a_cached_projection_is_the_engines_for_every_horizon(model):
    """One fit for MAX_HORIZON years serves every target year, with the engine's answer."""
    from modules.data.dataset import load_builtin
    from modules.engine.projections import project
    from modules.ui import cache

    data, reference = load_builtin("vietnam"), load_builtin("vietnam")
    for horizon in (1, 4, 30, 31):
        cached = cache.cached_project(data, "exports", model, horizon, "vietnam")
        direct = project(data, "exports", model, horizon, reference)
        if direct.projection is None:
            assert cached.problem == direct.problem, horizon
            continue
        assert cached.projection.years.tolist() == direct.projection.years.tolist()
        assert cached.projection.loc.tolist() == direct.projection.loc.tolist()
        assert cached.projection.scale.tolist() == direct.projection.scale.tolist()
    fits = [key for key in cache._FITTED
            if key[:3] == (data.fingerprint, "exports", model) and key[-1] == "vietnam"]
    assert len(fits) == 1, fits  # one fit, whatever the target year
