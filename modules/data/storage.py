"""Durable storage for what users save (datasets now, scenarios too), through SQLAlchemy.

SQLite in a file by default (zero set-up); PostgreSQL (or any SQLAlchemy URL) when
KHATHI_DATABASE_URL is set or a URL is passed. The schema is created and migrated
by the app itself (table schema_version). Every write is one transaction. Each
document carries a version number: an update names the version it started from and
fails with StaleEdit if someone saved in between, so no change is silently lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import IntegrityError

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "var" / "khathi.db"
URL_VARIABLE = "KHATHI_DATABASE_URL"

metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
documents = Table(
    "documents", metadata,
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
# Each step upgrades the schema by one version; applied in order, each in a transaction.
MIGRATIONS = [
    lambda connection: metadata.create_all(connection, tables=[documents]),
]


class StorageError(Exception):
    """Base of the storage errors the UI turns into messages."""


class NameTaken(StorageError):
    """Another document of the same kind already has this name."""
    pass


class StaleEdit(StorageError):
    """Someone saved this document after you opened it."""


class NotFound(StorageError):
    """No document of this kind has this name."""
    pass


@dataclass(frozen=True)
class Document:
    """A stored document: its payload (JSON-able dict), who saved it, when (UTC) and its
    version (1 on creation, +1 on every save or rename).
    """
    kind: str
    name: str
    payload: dict
    note: str
    author: str
    updated_at: datetime
    version: int


def default_url() -> str:
    """The database URL: $KHATHI_DATABASE_URL, else SQLite in var/khathi.db."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{DEFAULT_PATH}"


class Store:
    """Saved documents (kind "dataset" or "scenario", unique name per kind) in one table.

    Created on a SQLAlchemy URL (default: default_url()); creates and migrates the schema.
    Writes are transactions; stale writes raise StaleEdit, taken names NameTaken.
    """
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(self.url, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        self.migrate()

    def migrate(self) -> int:
        """Bring the schema to the latest version; safe to call from several processes."""
        with self.engine.begin() as connection:
            schema_version.create(connection, checkfirst=True)
        for target, step in enumerate(MIGRATIONS, start=1):
            with self.engine.begin() as connection:
                current = connection.execute(select(schema_version.c.version)).scalar()
                if current is not None and current >= target:
                    continue
                step(connection)
                if current is None:
                    connection.execute(insert(schema_version).values(version=target))
                else:
                    connection.execute(update(schema_version).values(version=target))
        return len(MIGRATIONS)

    def list(self, kind: str) -> list[Document]:
        """Every document of `kind`, sorted by name."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(documents).where(documents.c.kind == kind)
                                      .order_by(documents.c.name)).all()
        return [_document(row) for row in rows]

    def get(self, kind: str, name: str) -> Document:
        """The document `name` of `kind`; NotFound when there is none."""
        with self.engine.connect() as connection:
            row = connection.execute(select(documents).where(
                documents.c.kind == kind, documents.c.name == name)).first()
        if row is None:
            raise NotFound(name)
        return _document(row)

    def save(self, kind: str, name: str, payload: dict, author: str = "", note: str = "",
             expected_version: int | None = None) -> Document:
        """Create (expected_version None) or update the version you opened."""
        now = datetime.now(timezone.utc)
        values = {"payload": json.dumps(payload, ensure_ascii=False), "note": note,
                  "author": author, "updated_at": now}
        with self.engine.begin() as connection:
            if expected_version is None:
                try:
                    connection.execute(insert(documents).values(
                        kind=kind, name=name, created_at=now, version=1, **values))
                except IntegrityError:
                    raise NameTaken(name) from None
            else:
                result = connection.execute(update(documents).where(
                    documents.c.kind == kind, documents.c.name == name,
                    documents.c.version == expected_version).values(
                    version=expected_version + 1, **values))
                if result.rowcount != 1:
                    raise StaleEdit(name)
        return self.get(kind, name)

    def rename(self, kind: str, name: str, new_name: str, expected_version: int) -> Document:
        """Rename a document at `expected_version` (its version goes up by one).

        Raises NameTaken if `new_name` exists, StaleEdit if someone saved in between.
        """
        with self.engine.begin() as connection:
            try:
                result = connection.execute(update(documents).where(
                    documents.c.kind == kind, documents.c.name == name,
                    documents.c.version == expected_version).values(
                    name=new_name, version=expected_version + 1,
                    updated_at=datetime.now(timezone.utc)))
            except IntegrityError:
                raise NameTaken(new_name) from None
            if result.rowcount != 1:
                raise StaleEdit(name)
        return self.get(kind, new_name)

    def delete(self, kind: str, name: str, expected_version: int) -> None:
        """Delete a document at `expected_version`; StaleEdit if it changed or is gone."""
        with self.engine.begin() as connection:
            result = connection.execute(sql_delete(documents).where(
                documents.c.kind == kind, documents.c.name == name,
                documents.c.version == expected_version))
            if result.rowcount != 1:
                raise StaleEdit(name)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _document(row) -> Document:
    updated = row.updated_at
    if updated.tzinfo is None:  # SQLite returns naive datetimes
        updated = updated.replace(tzinfo=timezone.utc)
    return Document(row.kind, row.name, json.loads(row.payload), row.note, row.author,
                    updated, row.version)
