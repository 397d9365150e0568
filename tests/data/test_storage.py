"""Storage on SQLite and on a real PostgreSQL: atomic saves, restarts, concurrent writers,
acting only on the item (id + version) the user saw, names, outages, schema set-up races."""

import json
import logging
import multiprocessing
import sqlite3
import threading

import pytest

from modules.data.storage import (
    MAX_NAME_LENGTH,
    BadName,
    NameTaken,
    NotFound,
    StaleEdit,
    StorageError,
    StorageUnavailable,
    Store,
    check_name,
)
from tests.data.databases import start_postgres


@pytest.fixture(scope="session")
def postgres_url():
    url, stop = start_postgres()
    yield url
    stop()


def _fresh_postgres(base: str, database: str) -> str:
    """A new, empty database on the shared throwaway server."""
    from sqlalchemy import create_engine, text
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return base.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/khathi.db"
    return _fresh_postgres(request.getfixturevalue("postgres_url"), "t_" + tmp_path.name[-20:]
                           .lower().replace("-", "_"))


def test_save_reopen_update_rename_delete(url):
    store = Store(url)
    first = store.create("scenario", "Kế hoạch", {"targets": [1, 2], "year": 2022},
                         author="Lan", note="bản đầu")
    assert (first.version, first.author, first.summary) == (
        1, "Lan", {"targets_count": 2, "year": 2022})
    opened = store.open(first.ref)
    assert opened.payload == {"targets": [1, 2], "year": 2022}
    second = store.overwrite(opened.ref, {"targets": [3]}, author="Minh")
    assert second.version == 2 and second.updated_at >= first.updated_at and second.id == first.id
    assert second.note == "bản đầu"  # kept when not given
    renamed = store.rename(second.ref, "Thận trọng")
    assert renamed.name == "Thận trọng" and renamed.version == 3
    with pytest.raises(NotFound):
        store.find("scenario", "Kế hoạch")
    gone = store.delete(renamed.ref)
    assert store.entries("scenario") == []
    assert [e.id for e in store.entries("scenario", deleted=True)] == [first.id]
    back = store.restore(gone.ref)
    assert back.name == "Thận trọng" and store.open(back.ref).payload == {"targets": [3]}


def test_listing_reads_no_payload(url):
    store = Store(url)
    store.create("dataset", "big", {"observations": ["x" * 1000] * 100, "meta": {}})
    entry, = store.entries("dataset")
    assert not hasattr(entry, "payload") and entry.size > 100_000
    assert entry.summary == {"observations_count": 100}
    assert store.open(entry.ref).payload["meta"] == {}


def test_everything_is_there_after_a_restart(url):
    Store(url).create("dataset", "a", {"x": "Đắk Lắk"})
    Store(url).create("dataset", "b", {"x": 2})
    restarted = Store(url)
    assert [d.name for d in restarted.entries("dataset")] == ["a", "b"]
    assert restarted.open(restarted.find("dataset", "a").ref).payload == {"x": "Đắk Lắk"}
    assert restarted.migrate() == 2  # idempotent


def test_names_are_unique_per_kind(url):
    store = Store(url)
    store.create("scenario", "x", {})
    store.create("dataset", "x", {})
    with pytest.raises(NameTaken):
        store.create("scenario", "x", {})
    y = store.create("scenario", "y", {})
    with pytest.raises(NameTaken):
        store.rename(y.ref, "x")
    with pytest.raises(NameTaken):
        store.duplicate(y.ref, "x")


# --- items 1-3: two users (two Stores, as two app processes) on one database -------------

def test_a_picks_beta_b_renames_it_a_deletes_nothing_else_is_touched(url):
    a, b = Store(url), Store(url)
    for name in ("alpha", "beta", "gamma"):
        a.create("scenario", name, {"name": name})
    seen_by_a = {e.name: e.ref for e in a.entries("scenario")}
    beta = seen_by_a["beta"]  # A picks beta and ticks the confirmation
    b.rename(b.find("scenario", "beta").ref, "beta-2")  # B renames it
    with pytest.raises(StaleEdit) as refused:  # A clicks Delete with what A saw
        a.delete(beta)
    assert "beta" in refused.value.message("en")
    assert sorted(e.name for e in b.entries("scenario")) == ["alpha", "beta-2", "gamma"]
    with pytest.raises(StaleEdit):
        a.rename(beta, "A's name")
    with pytest.raises(StaleEdit):
        a.duplicate(beta, "copy")
    with pytest.raises(StaleEdit):
        a.open(beta)
    alpha = a.open(seen_by_a["alpha"])  # untouched items still work with their refs
    assert alpha.payload == {"name": "alpha"}
    assert sorted(e.name for e in a.entries("scenario")) == ["alpha", "beta-2", "gamma"]


def test_a_stale_overwrite_is_refused_not_saved(url):
    a, b = Store(url), Store(url)
    created = a.create("dataset", "d", {"v": 1})
    opened_by_a = a.open(created.ref)  # A opens v1 and keeps its ref
    b.overwrite(b.open(b.find("dataset", "d").ref).ref, {"v": 2})  # B saves v2
    with pytest.raises(StaleEdit):
        a.overwrite(opened_by_a.ref, {"v": "A's old value"})
    assert b.open(b.find("dataset", "d").ref).payload == {"v": 2}
    assert b.find("dataset", "d").version == 2


def test_deleted_and_recreated_under_the_same_name_is_another_item(url):
    a, b = Store(url), Store(url)
    old = a.create("scenario", "beta", {"v": "old"})
    b.delete(b.find("scenario", "beta").ref)
    new = b.create("scenario", "beta", {"v": "new"})
    assert new.id != old.id and new.version == old.version == 1
    for action in (lambda: a.delete(old.ref), lambda: a.rename(old.ref, "x"),
                   lambda: a.overwrite(old.ref, {"v": "A"}), lambda: a.open(old.ref),
                   lambda: a.duplicate(old.ref, "copy")):
        with pytest.raises(StaleEdit):
            action()
    assert a.open(new.ref).payload == {"v": "new"}
    with pytest.raises(NameTaken):  # undoing the old delete cannot take the name back
        a.restore(a.entries("scenario", deleted=True)[0].ref)


def test_undo_of_a_delete_happens_once(url):
    store = Store(url)
    gone = store.delete(store.create("scenario", "s", {}).ref)
    store.restore(gone.ref)
    with pytest.raises(StaleEdit):
        store.restore(gone.ref)
    assert [e.name for e in store.entries("scenario")] == ["s"]


# --- one name rule, checked before any SQL ---------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("  Kế hoạch  ", "Kế hoạch"), ("a\u202eb", "ab"), ("a\x00b", "ab"), ("x\u200by", "xy"),
    ("Dak Lak 2021/22", "Dak Lak 2021/22"), ("é" * MAX_NAME_LENGTH, "é" * MAX_NAME_LENGTH)])
def test_names_are_cleaned(raw, clean):
    assert check_name(raw) == clean


@pytest.mark.parametrize("raw, reason", [("   ", "blank"), ("", "blank"), ("\u200b\u202e", "blank"),
                                         (None, "blank"), ("x" * (MAX_NAME_LENGTH + 1), "too_long"),
                                         ("y" * 10_000, "too_long")])
def test_bad_names_are_refused_with_a_message(raw, reason):
    with pytest.raises(BadName) as refused:
        check_name(raw)
    assert refused.value.reason == reason
    assert refused.value.message("vi") != refused.value.message("en")
    assert "storage." not in refused.value.message("en") and len(refused.value.message("en")) < 200


def test_the_name_rule_is_the_same_on_both_engines(url):
    store = Store(url)
    with pytest.raises(BadName):
        store.create("scenario", "   ", {})
    with pytest.raises(BadName):
        store.create("scenario", "x" * 250, {})
    saved = store.create("scenario", " a\x00b\u202e ", {})
    assert saved.name == "ab"
    with pytest.raises(BadName):
        store.rename(saved.ref, "\t ")
    with pytest.raises(NotFound):  # a ?scenario=a%00b link names no saved item
        store.find("scenario", "a\x00b")
    with pytest.raises(NotFound):
        store.find("scenario", "z" * 300)
    assert store.find("scenario", "ab").id == saved.id


# --- database down or misconfigured -------------------------------------------------

@pytest.mark.parametrize("bad", [
    "postgresql+psycopg://khathi:secret@127.0.0.1:1/khathi",  # nothing listens there
    "nosuchdriver://user:secret@dbhost/khathi",  # misconfigured
    "sqlite:////proc/khathi/cannot.db",  # unwritable place
])
def test_an_unreachable_database_raises_one_short_error_and_logs_details(bad, caplog):
    store = Store(bad)  # never raises
    with caplog.at_level(logging.ERROR, logger="khathi.storage"):
        with pytest.raises(StorageUnavailable) as refused:
            store.entries("dataset")
    message = refused.value.message("vi")
    assert "secret" not in message and "127.0.0.1" not in message and "dbhost" not in message
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    assert isinstance(refused.value, StorageError)
    assert caplog.records and "secret" not in caplog.text
    with pytest.raises(StorageUnavailable):  # every call, not only the first
        store.create("dataset", "x", {})


# --- schema set-up race ---------------------------------------------------------------

def _open_store(url, barrier, results):
    try:
        barrier.wait(30)
        Store(url).migrate()
        results.put("ok")
    except Exception as exc:  # reported to the parent
        results.put(f"{type(exc).__name__}: {exc}")


def test_eight_processes_set_up_a_fresh_database_at_once(url):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_open_store, args=(url, barrier, results))
               for _ in range(8)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(60)
    assert outcomes == ["ok"] * 8
    store = Store(url)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version FROM schema_version").all() == [(2,)]


def test_a_version_1_database_is_migrated_with_its_items(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript("""
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version VALUES (1), (1);
            CREATE TABLE documents (id INTEGER PRIMARY KEY, kind VARCHAR(20) NOT NULL,
                name VARCHAR(200) NOT NULL, payload TEXT NOT NULL, note TEXT NOT NULL,
                author VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL, version INTEGER NOT NULL,
                CONSTRAINT uq_documents_kind_name UNIQUE (kind, name));""")
        old.execute("INSERT INTO documents VALUES (1, 'scenario', 'cũ', ?, 'n', 'Lan', "
                    "'2026-01-01 00:00:00', '2026-01-02 00:00:00', 4)",
                    (json.dumps({"dataset": "daklak", "year": 2022, "targets": []}),))
    store = Store(f"sqlite:///{path}")
    entry, = store.entries("scenario")
    assert (entry.name, entry.version, entry.author, entry.summary) == \
        ("cũ", 4, "Lan", {"dataset": "daklak", "year": 2022, "targets_count": 0})
    assert store.open(entry.ref).payload["targets"] == []
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version FROM schema_version").all() == [(2,)]


# --- concurrent writers ---------------------------------------------------------------------------

def test_two_writers_at_once_lose_no_change(url):
    """Two processes' worth of writers (separate engines), saving at the same time."""
    stores = [Store(url), Store(url)]
    errors = []

    def writer(index):
        try:
            for n in range(25):
                stores[index].create("scenario", f"w{index}-{n}", {"n": n}, author=f"w{index}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(Store(url).entries("scenario")) == 50


def test_two_writers_editing_the_same_version_one_wins_one_is_told(url):
    ref = Store(url).create("scenario", "shared", {"v": 0}).ref
    stores, outcomes = [Store(url), Store(url)], []
    barrier = threading.Barrier(2)

    def writer(index):
        barrier.wait()
        try:
            stores[index].overwrite(ref, {"v": index + 1})
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert Store(url).find("scenario", "shared").version == 2


def test_notes_and_authors_with_control_characters_are_stored_cleaned(url):
    store = Store(url)
    saved = store.create("scenario", "n", {"text": "a\x00b"}, author="Lan\x00\u202e" + "x" * 300,
                         note="dòng 1\x00\ndòng 2\u200b")
    assert saved.note == "dòng 1\ndòng 2" and saved.author == "Lan" + "x" * 117
    assert store.open(saved.ref).payload == {"text": "a\x00b"}  # payloads are kept as given
