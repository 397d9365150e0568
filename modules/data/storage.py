"""Durable storage for what users save (datasets and scenarios), through SQLAlchemy.

SQLite in a file by default (zero set-up); PostgreSQL (or any SQLAlchemy URL) when
KHATHI_DATABASE_URL is set or a URL is passed. The schema is created and migrated by the
app itself (table schema_version), one process at a time (an advisory lock on PostgreSQL,
BEGIN IMMEDIATE with retries on SQLite). Every write is one transaction.

Acting only on what the user chose: each saved item has a stable identity (`Entry.id`, a
random hex id, never reused, unlike its name) and a version number raised by every change.
Listing or opening gives a `Ref` (kind, id, version); every change (overwrite, rename,
duplicate, delete, restore) takes that Ref and is refused with StaleEdit when the item has
changed, was deleted, or was deleted and recreated under the same name since the user saw it.
Keep the Ref from the moment the user saw the item (in the session), not from a reload on
the click.

Deleting is soft: the item leaves the list and `restore(ref)` undoes it; `purge()` removes
deleted items for good. Names follow one rule on every engine (`check_name`): cleaned of
invisible and control characters, not blank, at most MAX_NAME_LENGTH characters; checked
before any SQL.

Errors are StorageError subclasses with `.message(lang)`, a short translated text for the
user. A database that is down or misconfigured raises StorageUnavailable (details go to the
"khathi.storage" logger only). Built-in data needs no database: pages catch StorageError
around store calls and keep working with the built-in datasets.

Typical page use::

    entries = store.entries("scenario")          # names and metadata, no payloads
    ref = entries[i].ref                          # keep this in the session
    doc = store.open(ref)                         # payload; StaleEdit if it changed
    store.rename(ref, "new name")                 # or overwrite / duplicate / delete(ref)
    gone = store.delete(ref); store.restore(gone.ref)   # undo
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from modules.data.reader import clean_text
from modules.text.i18n import DEFAULT_LANGUAGE, t

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "var" / "khathi.db"
URL_VARIABLE = "KHATHI_DATABASE_URL"
MAX_NAME_LENGTH = 120  # characters, after cleaning; the same on every engine
SUMMARY_TEXT_LIMIT = 200  # characters kept per text field of an automatic summary
MIGRATION_LOCK = 0x6B68617468  # PostgreSQL advisory lock key ("khath")

logger = logging.getLogger("khathi.storage")

metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

# Version 1 (kept to migrate databases created by earlier releases): identity was the name.
_documents_v1 = Table(
    "documents", MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("payload", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("author", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("kind", "name", name="uq_documents_kind_name"),
)
# Version 2: a stable random id, soft delete, a small summary listed without the payload.
items = Table(
    "items", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(MAX_NAME_LENGTH), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("author", String(MAX_NAME_LENGTH), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False),
    Column("summary", Text, nullable=False, default="{}"),
    Column("size", Integer, nullable=False, default=0),
    Column("payload", Text, nullable=False),  # last: listing never reads it
)
# Names are unique among the live items of a kind; deleted ones keep theirs for undo.
Index("uq_items_live_name", items.c.kind, items.c.name, unique=True,
      sqlite_where=items.c.deleted_at.is_(None), postgresql_where=items.c.deleted_at.is_(None))
META_COLUMNS = [c for c in items.c if c.name != "payload"]


def _v1(connection) -> None:
    _documents_v1.metadata.create_all(connection)


def _v2(connection) -> None:
    """documents (identity = name) -> items (stable id, soft delete, summary)."""
    metadata.create_all(connection, tables=[items])
    for row in connection.execute(select(_documents_v1)).all():
        payload = json.loads(row.payload)
        connection.execute(insert(items).values(
            id=_new_id(), kind=row.kind, name=row.name, note=row.note, author=row.author,
            created_at=row.created_at, updated_at=row.updated_at, version=row.version,
            summary=json.dumps(summarise(payload), ensure_ascii=False), size=len(row.payload),
            payload=row.payload))
    _documents_v1.drop(connection)


# Each step upgrades the schema by one version; all pending steps run in one transaction.
MIGRATIONS = [_v1, _v2]


# --- errors: each has a short translated message for the user ----------------------------

class StorageError(Exception):
    """Base of the storage errors; `message(lang)` is what the user should read."""

    key = "storage.error"

    def __init__(self, name: str = "", **params):
        super().__init__(name)
        self.name, self.params = name, params

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The error's text for the user in `lang`, with the item's name filled in."""
        return t(self.key, lang, name=self.name, **self.params)


class NameTaken(StorageError):
    """Another live item of the same kind has this name."""
    key = "storage.name_taken"


class StaleEdit(StorageError):
    """The item changed, was deleted, or was deleted and recreated since the user saw it."""
    key = "storage.stale"

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text for the user in `lang`; without a name, the "item is gone" wording."""
        return t(self.key if self.name else "storage.stale_gone", lang, name=_shown(self.name))


class NotFound(StorageError):
    """No live item of that kind has this name (or id)."""
    key = "storage.not_found"


class BadName(StorageError, ValueError):
    """The name breaks the name rule; `reason` is "blank" or "too_long"."""

    def __init__(self, name: str, reason: str):
        super().__init__(name, limit=MAX_NAME_LENGTH, length=len(name))
        self.reason = reason
        self.key = f"storage.name_{reason}"

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text for the user in `lang`, quoting the name cut to 40 characters."""
        shown = self.name if len(self.name) <= 40 else self.name[:40] + "…"
        return t(self.key, lang, name=shown, **self.params)


class StorageUnavailable(StorageError):
    """The database cannot be reached or is misconfigured (details in the log only)."""
    key = "storage.unavailable"


class StorageFull(StorageUnavailable):
    """The database's disk is full (SQLite "database or disk is full", or a disk I/O
    error with under FULL_BELOW bytes free; PostgreSQL DiskFull, SQLSTATE 53100): nothing
    can be saved, but what is saved can still be listed and opened."""
    key = "storage.full"


FULL_BELOW = 1024 * 1024  # bytes free under which a SQLite disk I/O error means "disk full"


# --- what is stored --------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """What the user saw: the item's identity and version. Keep it; act with it."""
    kind: str
    id: str
    version: int


@dataclass(frozen=True)
class Entry:
    """An item's metadata (no payload). `summary` holds a few small fields (for a scenario:
    dataset, year, model); `size` is the payload's length in characters; `deleted_at` is set
    for a deleted item (listed with entries(kind, deleted=True), restorable)."""
    id: str
    kind: str
    name: str
    note: str
    author: str
    created_at: datetime
    updated_at: datetime
    version: int
    summary: dict = field(default_factory=dict)
    size: int = 0
    deleted_at: datetime | None = None

    @property
    def ref(self) -> Ref:
        """The item's identity and version, as edits must give them."""
        return Ref(self.kind, self.id, self.version)


@dataclass(frozen=True)
class Document(Entry):
    """An entry with its payload (the JSON-able dict that was saved)."""
    payload: dict = field(default_factory=dict)


def summarise(payload: dict) -> dict:
    """The payload's top-level scalar fields (text cut to SUMMARY_TEXT_LIMIT) and the
    length of its top-level lists (as KEY_count): for a scenario its dataset, year, model,
    reference and targets_count; for a dataset observations_count. Listed without payloads."""
    summary = {}
    for key, value in payload.items():
        if isinstance(value, list):
            summary[f"{key}_count"] = len(value)
        elif isinstance(value, str):
            summary[key] = value[:SUMMARY_TEXT_LIMIT]
        elif isinstance(value, (bool, int, float)) or value is None:
            summary[key] = value
    return summary


def check_name(name, what: str = "name") -> str:
    """The one name rule for datasets and scenarios, on every engine: the name cleaned of
    invisible, control and direction-override characters (as indicator names are) and
    trimmed; BadName ("blank" or "too_long", with a translated message) if it is empty or
    longer than MAX_NAME_LENGTH characters. Returns the cleaned name to store."""
    cleaned = clean_text(str(name if name is not None else ""))
    if not cleaned:
        raise BadName(str(name or ""), "blank")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise BadName(cleaned, "too_long")
    return cleaned


def default_url() -> str:
    """The database URL: $KHATHI_DATABASE_URL, else SQLite in var/khathi.db."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{DEFAULT_PATH}"


class Store:
    """Saved items of several kinds ("dataset", "scenario") in one database.

    Creating a Store never touches the database and never raises: the first call connects
    and migrates, and raises StorageUnavailable if it cannot (it tries again on the next
    call, so a database that comes back is used without a restart)."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self._engine = None
        self._ready = False

    # --- connection and schema ----------------------------------------------------------

    @property
    def engine(self):
        """The SQLAlchemy engine, created on first use; StorageUnavailable if it cannot be."""
        if self._engine is None:
            try:
                self._engine = self._create_engine()
            except Exception as exc:  # bad URL, missing driver, unwritable folder
                logger.error("storage: cannot set up the database %s: %s",
                             _safe_url(self.url), type(exc).__name__)  # its text may hold the URL
                raise StorageUnavailable() from None
        return self._engine

    def _create_engine(self):
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(self.url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        options = {"connect_args": {"connect_timeout": 10}} \
            if self.url.startswith("postgresql") else {}
        return create_engine(self.url, pool_pre_ping=True, **options)

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite (otherwise PostgreSQL)."""
        return self.engine.dialect.name == "sqlite"

    def migrate(self) -> int:
        """Bring the schema to the latest version; safe when several processes start at
        once (serialised by a lock; one schema_version row). Returns the schema version."""
        for attempt in range(20):
            try:
                with self._write() as connection:
                    if not self.is_sqlite:
                        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                           {"key": MIGRATION_LOCK})
                    schema_version.create(connection, checkfirst=True)
                    current = connection.execute(
                        select(func.max(schema_version.c.version))).scalar() or 0
                    rows = connection.execute(select(func.count()).select_from(
                        schema_version)).scalar()
                    for target, step in enumerate(MIGRATIONS, start=1):
                        if target > current:
                            step(connection)
                    if rows != 1 or current != len(MIGRATIONS):
                        connection.execute(sql_delete(schema_version))
                        connection.execute(insert(schema_version).values(
                            version=max(current, len(MIGRATIONS))))
                self._ready = True
                return len(MIGRATIONS)
            except OperationalError as exc:
                if self.is_sqlite and "locked" in str(exc) and attempt < 19:
                    time.sleep(0.05 * (attempt + 1))  # another process holds the write lock
                    continue
                raise self._unavailable(exc) from None
            except SQLAlchemyError as exc:
                raise self._unavailable(exc) from None
        raise AssertionError("unreachable")

    def _unavailable(self, exc: Exception) -> StorageUnavailable:
        full = self._disk_full(exc)
        logger.error("storage: database %s %s: %s", _safe_url(self.url),
                     "disk full" if full else "unavailable",
                     str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return StorageFull() if full else StorageUnavailable()

    def _disk_full(self, exc: Exception) -> bool:
        """Whether a database failure is a full disk (see StorageFull)."""
        orig = getattr(exc, "orig", exc)
        if getattr(orig, "sqlstate", None) == "53100" or getattr(orig, "pgcode", None) == "53100":
            return True
        text = str(orig).lower()
        if "database or disk is full" in text or "no space left" in text:
            return True
        if self.url.startswith("sqlite:///") and "disk i/o error" in text:
            try:
                return shutil.disk_usage(self._sqlite_path().parent).free < FULL_BELOW
            except OSError:
                return False
        return False

    def _sqlite_path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///").split("?", 1)[0])

    def _read_unlocked(self, work):
        """work(connection) on SQLite opened immutable (no lock, no -shm file to create),
        for reading while the disk is full: a WAL database cannot be opened the usual way
        then. Only when no write-ahead log holds changes the file lacks (else None)."""
        path = self._sqlite_path()
        wal = path.with_name(path.name + "-wal")
        if not path.exists() or (wal.exists() and wal.stat().st_size > 0):
            return None
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
            f"{path.resolve().as_uri()}?immutable=1", uri=True))
        try:
            with engine.connect() as connection:
                return work(connection)
        finally:
            engine.dispose()

    def _ensure(self) -> None:
        if not self._ready:
            self.migrate()

    def _write(self):
        """A write transaction (BEGIN IMMEDIATE on SQLite: no lock upgrade, no deadlock)."""
        connection = self.engine.connect()
        if self.is_sqlite:
            connection = connection.execution_options(khathi_immediate=True)
        return _Transaction(connection)

    def _run(self, work, write: bool = True):
        """Run work(connection) in one transaction, database failures as StorageUnavailable
        (StorageFull for a full disk, when a read is retried without locks: _read_unlocked)."""
        try:
            self._ensure()
            if write:
                with self._write() as connection:
                    return work(connection)
            with self.engine.connect() as connection:
                return work(connection)
        except StorageFull as exc:  # from the migration check
            failure = exc
        except (StorageError, IntegrityError):
            raise
        except SQLAlchemyError as exc:
            failure = self._unavailable(exc)
        if not write and isinstance(failure, StorageFull) and self.is_sqlite:
            try:  # the list of saved items stays readable while the disk is full
                found = self._read_unlocked(work)
            except SQLAlchemyError:
                found = None
            if found is not None:
                return found
        raise failure

    # --- reading ---------------------------------------------------------------------------

    def entries(self, kind: str, deleted: bool = False) -> list[Entry]:
        """The live items of a kind (or, with deleted=True, the deleted ones, most recent
        first), metadata only: payloads are not read. Sorted by name."""
        def work(connection):
            query = select(*META_COLUMNS).where(items.c.kind == kind)
            if deleted:
                query = query.where(items.c.deleted_at.is_not(None)).order_by(
                    items.c.deleted_at.desc())
            else:
                query = query.where(items.c.deleted_at.is_(None)).order_by(items.c.name)
            return [_entry(row) for row in connection.execute(query).all()]
        return self._run(work, write=False)

    def find(self, kind: str, name: str) -> Entry:
        """The live item with exactly this name (e.g. from a ?scenario= link); NotFound
        otherwise, including for a name no item can have (not clean, too long)."""
        try:
            if check_name(name) != name:
                raise NotFound(_shown(name))
        except BadName:
            raise NotFound(_shown(str(name))) from None

        def work(connection):
            row = connection.execute(select(*META_COLUMNS).where(
                items.c.kind == kind, items.c.name == name,
                items.c.deleted_at.is_(None))).first()
            if row is None:
                raise NotFound(name)
            return _entry(row)
        return self._run(work, write=False)

    def open(self, ref: Ref) -> Document:
        """The item as the user saw it, with its payload; StaleEdit if it has changed,
        was deleted or no longer exists."""
        def work(connection):
            row = connection.execute(select(items).where(
                items.c.kind == ref.kind, items.c.id == ref.id)).first()
            if row is None or row.deleted_at is not None or row.version != ref.version:
                raise StaleEdit(row.name if row is not None else "")
            return _document(row)
        return self._run(work, write=False)

    def latest(self, kind: str, item_id: str) -> Document:
        """The current version of an item by id (e.g. to reopen after StaleEdit);
        NotFound if it was deleted or never existed."""
        def work(connection):
            row = connection.execute(select(items).where(
                items.c.kind == kind, items.c.id == item_id,
                items.c.deleted_at.is_(None))).first()
            if row is None:
                raise NotFound("")
            return _document(row)
        return self._run(work, write=False)

    # --- changing: every call names the Ref the user saw ---------------------------------

    def create(self, kind: str, name: str, payload: dict, *, author: str = "", note: str = "",
               summary: dict | None = None) -> Entry:
        """A new item (version 1). BadName before any SQL; NameTaken if a live item of this
        kind has the name. `summary` defaults to summarise(payload)."""
        name = check_name(name)
        author, note = _clean_label(author), _clean_note(note)
        body = json.dumps(payload, ensure_ascii=False)
        now = datetime.now(timezone.utc)
        values = dict(id=_new_id(), kind=kind, name=name, note=note, author=author,
                      created_at=now, updated_at=now, version=1, size=len(body), payload=body,
                      summary=json.dumps(summary if summary is not None else summarise(payload),
                                         ensure_ascii=False))

        def work(connection):
            if _live_name_taken(connection, kind, name):
                raise NameTaken(name)
            connection.execute(insert(items).values(**values))
        self._guard_unique(work, name)
        return self._entry_by_id(kind, values["id"])

    def overwrite(self, ref: Ref, payload: dict, *, author: str = "", note: str | None = None,
                  summary: dict | None = None) -> Entry:
        """Save a new payload over the version the user opened (ref); StaleEdit if someone
        saved, renamed or deleted it since. `note` None keeps the note."""
        body = json.dumps(payload, ensure_ascii=False)
        values = dict(payload=body, size=len(body), author=_clean_label(author),
                      summary=json.dumps(summary if summary is not None else summarise(payload),
                                         ensure_ascii=False))
        if note is not None:
            values["note"] = _clean_note(note)
        return self._change(ref, values)

    def rename(self, ref: Ref, new_name: str) -> Entry:
        """Rename the item the user saw -> Entry. BadName before any SQL, NameTaken,
        StaleEdit."""
        name = check_name(new_name)
        return self._change(ref, {"name": name}, new_name=name)

    def duplicate(self, ref: Ref, new_name: str, *, author: str = "") -> Entry:
        """A copy (new id, version 1) of the item exactly as the user saw it; StaleEdit if
        it changed since, NameTaken, BadName."""
        name = check_name(new_name)
        now = datetime.now(timezone.utc)
        new_id = _new_id()

        def work(connection):
            row = _current(connection, ref)
            if _live_name_taken(connection, ref.kind, name):
                raise NameTaken(name)
            connection.execute(insert(items).values(
                id=new_id, kind=ref.kind, name=name, note=row.note,
                author=_clean_label(author) or row.author, created_at=now, updated_at=now,
                version=1, summary=row.summary, size=row.size, payload=row.payload))
        self._guard_unique(work, name)
        return self._entry_by_id(ref.kind, new_id)

    def delete(self, ref: Ref) -> Entry:
        """Delete (softly) the item the user saw -> the deleted Entry, whose .ref undoes it
        with restore(). StaleEdit if it changed since."""
        now = datetime.now(timezone.utc)
        return self._change(ref, {"deleted_at": now}, deleted=True)

    def restore(self, ref: Ref) -> Entry:
        """Undo a delete (ref from delete() or entries(kind, deleted=True)); StaleEdit if it
        changed or was purged since, NameTaken if a live item took its name meanwhile."""
        def work(connection):
            row = connection.execute(select(*META_COLUMNS).where(
                items.c.kind == ref.kind, items.c.id == ref.id)).first()
            if row is None or row.version != ref.version or row.deleted_at is None:
                raise StaleEdit(row.name if row is not None else "")
            if _live_name_taken(connection, ref.kind, row.name):
                raise NameTaken(row.name)
            connection.execute(update(items).where(
                items.c.id == ref.id, items.c.version == ref.version).values(
                deleted_at=None, version=ref.version + 1,
                updated_at=datetime.now(timezone.utc)))
            return row.name
        self._guard_unique(work, "")
        return self._entry_by_id(ref.kind, ref.id)

    def purge(self, kind: str | None = None, older_than: timedelta = timedelta(days=30)) -> int:
        """Remove for good the items deleted more than `older_than` ago; returns how many."""
        limit = datetime.now(timezone.utc) - older_than

        def work(connection):
            query = sql_delete(items).where(items.c.deleted_at.is_not(None),
                                            items.c.deleted_at < limit)
            if kind is not None:
                query = query.where(items.c.kind == kind)
            return connection.execute(query).rowcount
        return self._run(work)

    # --- internals -------------------------------------------------------------------------

    def _change(self, ref: Ref, values: dict, new_name: str | None = None,
                deleted: bool = False) -> Entry:
        def work(connection):
            row = _current(connection, ref)
            if new_name is not None and new_name != row.name and \
                    _live_name_taken(connection, ref.kind, new_name):
                raise NameTaken(new_name)
            result = connection.execute(update(items).where(
                items.c.kind == ref.kind, items.c.id == ref.id, items.c.version == ref.version,
                items.c.deleted_at.is_(None)).values(
                version=ref.version + 1, updated_at=datetime.now(timezone.utc), **values))
            if result.rowcount != 1:
                raise StaleEdit(row.name)
        self._guard_unique(work, new_name or "")
        return self._entry_by_id(ref.kind, ref.id)

    def _guard_unique(self, work, name: str):
        """A concurrent save of the same name loses on the unique index: NameTaken."""
        try:
            return self._run(work)
        except IntegrityError:
            raise NameTaken(name) from None

    def _entry_by_id(self, kind: str, item_id: str) -> Entry:
        def work(connection):
            row = connection.execute(select(*META_COLUMNS).where(
                items.c.kind == kind, items.c.id == item_id)).first()
            if row is None:
                raise StaleEdit("")
            return _entry(row)
        return self._run(work, write=False)


class _Transaction:
    """engine.begin() for a given connection: commit on success, roll back on error."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.transaction = self.connection.begin()
        return self.connection

    def __exit__(self, kind, value, traceback):
        try:
            if kind is None:
                self.transaction.commit()
            else:
                self.transaction.rollback()
        finally:
            self.connection.close()
        return False


def _current(connection, ref: Ref):
    """The row as the user saw it, or StaleEdit (changed, deleted, recreated, gone)."""
    row = connection.execute(select(*META_COLUMNS, items.c.payload).where(
        items.c.kind == ref.kind, items.c.id == ref.id)).first()
    if row is None or row.version != ref.version or row.deleted_at is not None:
        raise StaleEdit(row.name if row is not None else "")
    return row


def _live_name_taken(connection, kind: str, name: str) -> bool:
    return connection.execute(select(items.c.id).where(
        items.c.kind == kind, items.c.name == name, items.c.deleted_at.is_(None))).first() \
        is not None


def _new_id() -> str:
    return uuid.uuid4().hex


def _clean_label(text) -> str:
    """Author names: cleaned like item names, cut to the column's length."""
    return clean_text(str(text or ""))[:MAX_NAME_LENGTH]


def _clean_note(text) -> str:
    """Notes keep their lines; each is cleaned like a name (no NUL, which PostgreSQL refuses)."""
    return "\n".join(clean_text(line) for line in str(text or "").splitlines()).strip()


def _shown(name: str) -> str:
    cleaned = clean_text(name)
    return cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"


def _safe_url(url) -> str:
    """The database URL for a log: the scheme, host, port and database only. Never the
    user, the password or the query (`?password=…`), however the URL is spelt: the host
    is what follows the last "@" (a password with an unencoded "@" or "/" leaks nothing)."""
    scheme, found, rest = str(url).partition("://")
    if not found:
        return "(unreadable URL)"
    head = rest.split("?", 1)[0]
    if "@" in head:
        place = head.rsplit("@", 1)[1]
    else:  # an "@" only after a "?": in a query, or in a password holding "?": show no host
        place = "" if "@" in rest else head
    return f"{scheme}://{'…@' if '@' in rest else ''}{place}"


def _sqlite_connect(connection, _record) -> None:
    connection.isolation_level = None  # transactions are begun explicitly (below)
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: the next line may wait for a lock
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.close()


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get("khathi_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _utc(moment):
    if moment is not None and moment.tzinfo is None:  # SQLite returns naive datetimes
        return moment.replace(tzinfo=timezone.utc)
    return moment


def _entry(row) -> Entry:
    return Entry(row.id, row.kind, row.name, row.note, row.author, _utc(row.created_at),
                 _utc(row.updated_at), row.version, json.loads(row.summary or "{}"), row.size,
                 _utc(row.deleted_at))


def _document(row) -> Document:
    entry = _entry(row)
    return Document(**{f: getattr(entry, f) for f in Entry.__dataclass_fields__},
                    payload=json.loads(row.payload))
