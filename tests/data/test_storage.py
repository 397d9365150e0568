"""Storage on SQLite and on a real PostgreSQL: atomic saves, restarts, concurrent writers."""

import threading

import pytest

from modules.data.storage import NameTaken, NotFound, StaleEdit, Store
from tests.data.databases import start_postgres


@pytest.fixture(scope="session")
def postgres_url():
    url, stop = start_postgres()
    yield url
    stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/khathi.db"
    base = request.getfixturevalue("postgres_url")
    store = Store(base)  # a clean table for each test on the shared server
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM documents")
    return base


def test_save_reopen_update_rename_delete(url):
    store = Store(url)
    first = store.save("scenario", "Kế hoạch", {"targets": [1, 2]}, author="Lan", note="bản đầu")
    assert (first.version, first.author, first.payload) == (1, "Lan", {"targets": [1, 2]})
    second = store.save("scenario", "Kế hoạch", {"targets": [3]}, author="Minh",
                        expected_version=1)
    assert second.version == 2 and second.updated_at >= first.updated_at
    renamed = store.rename("scenario", "Kế hoạch", "Thận trọng", expected_version=2)
    assert renamed.name == "Thận trọng" and renamed.version == 3
    with pytest.raises(NotFound):
        store.get("scenario", "Kế hoạch")
    store.delete("scenario", "Thận trọng", expected_version=3)
    assert store.list("scenario") == []


def test_everything_is_there_after_a_restart(url):
    Store(url).save("dataset", "a", {"x": "Đắk Lắk"})
    Store(url).save("dataset", "b", {"x": 2})
    restarted = Store(url)
    assert [d.name for d in restarted.list("dataset")] == ["a", "b"]
    assert restarted.get("dataset", "a").payload == {"x": "Đắk Lắk"}
    assert restarted.migrate() == 1  # idempotent


def test_a_stale_edit_is_detected_not_overwritten(url):
    store = Store(url)
    store.save("scenario", "s", {"v": 0})
    store.save("scenario", "s", {"v": 1}, expected_version=1)  # someone else saved
    with pytest.raises(StaleEdit):
        store.save("scenario", "s", {"v": 2}, expected_version=1)
    with pytest.raises(StaleEdit):
        store.delete("scenario", "s", expected_version=1)
    assert store.get("scenario", "s").payload == {"v": 1}


def test_names_are_unique_per_kind(url):
    store = Store(url)
    store.save("scenario", "x", {})
    store.save("dataset", "x", {})
    with pytest.raises(NameTaken):
        store.save("scenario", "x", {})
    store.save("scenario", "y", {})
    with pytest.raises(NameTaken):
        store.rename("scenario", "y", "x", expected_version=1)


def test_two_writers_at_once_lose_no_change(url):
    """Two processes' worth of writers (separate engines), saving at the same time."""
    stores = [Store(url), Store(url)]
    errors = []

    def writer(index):
        try:
            for n in range(25):
                stores[index].save("scenario", f"w{index}-{n}", {"n": n}, author=f"w{index}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(Store(url).list("scenario")) == 50


def test_two_writers_editing_the_same_version_one_wins_one_is_told(url):
    Store(url).save("scenario", "shared", {"v": 0})
    stores, outcomes = [Store(url), Store(url)], []
    barrier = threading.Barrier(2)

    def writer(index):
        barrier.wait()
        try:
            stores[index].save("scenario", "shared", {"v": index + 1}, expected_version=1)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert Store(url).get("scenario", "shared").version == 2
