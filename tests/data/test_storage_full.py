"""A full disk (item 9): saving says the disk is full, never "cannot be reached",
and the list of saved items stays readable, on SQLite and PostgreSQL."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, text

from modules.data.storage import StorageFull, StorageUnavailable, Store
from tests.data.test_storage import _fresh_postgres, postgres_url  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


def _saved_three(store: Store) -> None:
    for name in ("Kế hoạch A", "Kế hoạch B", "Kế hoạch C"):
        store.create("scenario", name, {"targets": [1, 2, 3]})


def test_sqlite_full_says_so_and_keeps_the_list(tmp_path):
    """SQLITE_FULL ("database or disk is full"), made by capping the file's pages."""
    store = Store(f"sqlite:///{tmp_path}/khathi.db")
    _saved_three(store)
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def capped(connection, _record):
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    with pytest.raises(StorageFull) as refused:
        store.create("scenario", "Lớn", {"targets": ["x" * 200_000]})
    assert isinstance(refused.value, StorageUnavailable)  # pages that catch it keep working
    assert "đầy" in refused.value.message("vi") and "full" in refused.value.message("en")
    assert "cannot be reached" not in refused.value.message("en")
    assert [e.name for e in store.entries("scenario")] == ["Kế hoạch A", "Kế hoạch B",
                                                          "Kế hoạch C"]
    assert store.open(store.entries("scenario")[0].ref).payload == {"targets": [1, 2, 3]}


def test_postgres_disk_full_says_so_and_keeps_the_list(postgres_url, tmp_path):  # noqa: F811
    """The server's own DiskFull (SQLSTATE 53100), raised by a trigger on every insert."""
    url = _fresh_postgres(postgres_url, "full_" + tmp_path.name[-16:].lower().replace("-", "_"))
    store = Store(url)
    _saved_three(store)
    with store.engine.begin() as connection:
        connection.execute(text(
            "CREATE FUNCTION full_disk() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
            "'could not extend file: No space left on device' USING ERRCODE = '53100'; "
            "END $$ LANGUAGE plpgsql"))
        connection.execute(text("CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON items "
                                "FOR EACH ROW EXECUTE FUNCTION full_disk()"))
    with pytest.raises(StorageFull) as refused:
        store.create("scenario", "Lớn", {"targets": [4]})
    assert "disk is full" in refused.value.message("en")
    with pytest.raises(StorageFull):
        store.overwrite(store.entries("scenario")[0].ref, {"targets": [5]})
    assert len(store.entries("scenario")) == 3


SCRIPT = textwrap.dedent("""
    import sys
    from modules.data.storage import Store, StorageFull
    url = "sqlite:///" + sys.argv[1] + "/khathi.db"
    store = Store(url)
    for name in ("A", "B", "C"):
        store.create("scenario", name, {"x": "y" * 1000})
    store.engine.dispose()  # the write-ahead log is folded in and removed
    try:
        with open(sys.argv[1] + "/fill", "wb") as handle:
            while True:
                handle.write(bytes(65536)); handle.flush()
    except OSError:
        pass
    try:
        Store(url).create("scenario", "D", {"x": 1})
        print("saved")
    except StorageFull as exc:
        print("full:", exc.message("en"))
    print("listed:", [e.name for e in Store(url).entries("scenario")])
""")


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare to mount a small disk")
def test_a_really_full_disk_keeps_the_list_readable(tmp_path):
    """A 2 MB tmpfs filled to the last byte (a private mount namespace): SQLite then cannot
    even create the -shm file a WAL database needs for reading ("disk I/O error")."""
    disk = tmp_path / "disk"
    disk.mkdir()
    (tmp_path / "script.py").write_text(SCRIPT)
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=2m tmpfs {disk} && "
         f"{sys.executable} {tmp_path / 'script.py'} {disk}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    if "mount" in done.stderr and done.returncode:
        pytest.skip(f"cannot mount a small disk here: {done.stderr[-200:]}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "full: The storage disk is full" in done.stdout, done.stdout
    assert "listed: ['A', 'B', 'C']" in done.stdout, done.stdout
