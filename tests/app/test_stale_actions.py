"""Two colleagues on one database: an action runs only on the item the user saw, at the
version they saw (items 1-3), on SQLite and on PostgreSQL.

User A is an AppTest session; user B acts through another Store on the same database (as
another server process would)."""

import pytest
from streamlit.testing.v1 import AppTest

from modules.data.dataset import load_builtin, to_payload
from modules.data.storage import Store
from modules.planning.scenarios import KIND, Scenario
from modules.planning.targets import default_targets
from tests.app.helpers import APP, DATA_PAGE, SCENARIOS_PAGE, button, run_app, saved_id
from tests.data.databases import start_postgres


@pytest.fixture(scope="module")
def postgres():
    url, stop = start_postgres()
    yield url
    stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch):
    """The URL both users share (a fresh database per test); B's own Store on it."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres")
        Store(url).migrate()
        for kind in ("scenario", "dataset"):  # a fresh start on the shared server
            other = Store(url)
            for deleted in (False, True):
                for entry in other.entries(kind, deleted=deleted):
                    if not deleted:
                        other.delete(entry.ref)
            other.purge(kind, older_than=__import__("datetime").timedelta(0))
    else:
        url = f"sqlite:///{tmp_path}/shared.db"
    monkeypatch.setenv("KHATHI_DATABASE_URL", url)
    return url


def scenario_payload(name: str, retail: float | None = None) -> dict:
    data = load_builtin("daklak")
    table = default_targets(data, 2022)
    if retail is not None:
        table.loc[table["indicator"] == "retail_sales", "target"] = retail
    return Scenario.from_table(name, "daklak", 2022, "auto", table, [], "-").to_payload()


def seeded(url: str) -> Store:
    store = Store(url)
    for name in ("alpha", "beta", "gamma"):
        store.create(KIND, name, scenario_payload(name), author="B")
    return store


def pick(at, name):
    picker = at.selectbox(key="scenario_selected")
    picker.select_index(picker.options.index(name)).run()
    assert not at.exception, at.exception
    return at


def live(store: Store) -> list[str]:
    return [e.name for e in store.entries(KIND)]


def messages(at) -> str:
    return " ".join(m.value for m in list(at.error) + list(at.warning))


def test_delete_after_someone_renamed_the_item_is_refused(database):
    b = seeded(database)
    a = pick(run_app(SCENARIOS_PAGE), "beta")
    a.checkbox(key="confirm_delete").check().run()
    b.rename(b.find(KIND, "beta").ref, "beta renamed")
    a.button(key="do_delete").click().run()
    assert not a.exception, a.exception
    assert "thao tác không được thực hiện" in messages(a)
    assert live(b) == ["alpha", "beta renamed", "gamma"]  # nothing deleted, alpha untouched
    assert a.selectbox(key="scenario_selected").value is None  # nothing picked in its place
    assert [x.key for x in a.button if x.key == "do_delete"] == []


def test_rename_and_duplicate_after_someone_changed_the_item_are_refused(database):
    b = seeded(database)
    a = pick(run_app(SCENARIOS_PAGE), "beta")
    b.overwrite(b.find(KIND, "beta").ref, scenario_payload("beta", retail=1.0))
    a.text_input(key="rename_name").set_value("A's name")
    a.button(key="do_rename").click().run()
    assert "thao tác không được thực hiện" in messages(a)
    assert live(b) == ["alpha", "beta", "gamma"]
    a = pick(a, "gamma")
    b.overwrite(b.find(KIND, "gamma").ref, scenario_payload("gamma", retail=2.0))
    a.text_input(key="copy_name").set_value("gamma copy")
    a.button(key="do_copy").click().run()
    assert "thao tác không được thực hiện" in messages(a)
    assert live(b) == ["alpha", "beta", "gamma"]


def test_an_item_deleted_and_recreated_is_not_deleted(database):
    b = seeded(database)
    a = pick(run_app(SCENARIOS_PAGE), "beta")
    a.checkbox(key="confirm_delete").check().run()
    b.delete(b.find(KIND, "beta").ref)
    recreated = b.create(KIND, "beta", scenario_payload("beta", retail=3.0))
    a.button(key="do_delete").click().run()
    assert "thao tác không được thực hiện" in messages(a) or "không còn nữa" in messages(a)
    assert b.find(KIND, "beta").id == recreated.id  # B's new beta is still there


def test_a_vanished_pick_is_dropped_with_a_message_not_replaced(database):
    b = seeded(database)
    a = pick(run_app(SCENARIOS_PAGE), "beta")
    b.delete(b.find(KIND, "beta").ref)
    a.run()
    assert not a.exception, a.exception
    assert "“beta”" in messages(a) and "không còn nữa" in messages(a)
    assert a.selectbox(key="scenario_selected").value is None
    assert not [x for x in a.button if x.key in ("do_delete", "do_rename", "do_copy")]


def test_a_confirmation_is_for_one_item_once_and_delete_can_be_undone(database):
    b = seeded(database)
    a = pick(run_app(SCENARIOS_PAGE), "beta")
    a.checkbox(key="confirm_delete").check().run()
    a = pick(a, "gamma")
    assert not a.checkbox(key="confirm_delete").value  # not carried over to gamma
    assert a.button(key="do_delete").disabled
    a.checkbox(key="confirm_delete").check().run()
    a.button(key="do_delete").click().run()
    assert live(b) == ["alpha", "beta"]
    assert a.selectbox(key="scenario_selected").value is None
    a.button(key="undo_delete").click().run()
    assert not a.exception, a.exception
    assert live(b) == ["alpha", "beta", "gamma"]
    assert any("Đã khôi phục" in s.value for s in a.success)


def test_a_stale_dataset_overwrite_is_refused(database):
    b = Store(database)
    data = load_builtin("daklak")
    b.create("dataset", "shared data", to_payload(data))
    a = AppTest.from_file(APP, default_timeout=60)
    a.run()
    a.selectbox(key="dataset@vi").set_value("saved:" + saved_id("shared data")).run()
    a.switch_page(DATA_PAGE)
    a.run()
    assert not a.exception, a.exception
    changed = to_payload(data)
    changed["observations"][0]["note"] = "B's change"
    b.overwrite(b.find("dataset", "shared data").ref, changed)  # version 2
    a.checkbox[0].check()
    button(a, "Lưu").click()
    a.run()
    assert not a.exception, a.exception
    assert "thao tác không được thực hiện" in " ".join(e.value for e in a.error)
    kept = b.latest("dataset", b.find("dataset", "shared data").id)
    assert kept.version == 2 and kept.payload["observations"][0]["note"] == "B's change"
