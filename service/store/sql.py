"""Summaries with their document and provenance, in SQLite (a file) or PostgreSQL (by URL).

The schema is owned by the alembic migrations beside this module and upgraded on start, so an
old database file keeps working after an upgrade. Calls are synchronous: the engine runs them in
a worker thread so the event loop never waits on the disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    DateTime,
    Engine,
    String,
    Text,
    bindparam,
    create_engine,
    event,
    make_url,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from service.config import Settings
from service.errors import ConfigError, StoreUnavailable
from service.schemas import Summary

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    pass


class SummaryRow(Base):
    __tablename__ = "summaries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # sha256 over document, options, prompt version and model: equal keys, equal summaries.
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    document_sha256: Mapped[str] = mapped_column(String(64), index=True)
    backend: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    document_text: Mapped[str] = mapped_column(Text)
    summary_json: Mapped[str] = mapped_column(Text)
    # Whose record this is: an API key's fingerprint, "" on a server without keys.
    tenant: Mapped[str] = mapped_column(String(64), default="", server_default="")


@contextmanager
def _database_errors() -> Iterator[None]:
    """A failing database is a 503 a person can act on, never a 500 with its SQL."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"The summaries database failed ({type(exc).__name__}); retry shortly, and check "
            "the database (SOURCED_DATABASE_URL or the file in SOURCED_DATA_DIR) if it persists."
        ) from None


@dataclass(frozen=True)
class StoredSummary:
    summary: Summary
    document_text: str


def database_url(settings: Settings) -> str:
    """settings.database_url, else a SQLite file in the data directory (created if missing)."""
    if settings.database_url:
        return settings.database_url
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot create the data directory {settings.data_dir} ({exc.strerror}); "
            "set SOURCED_DATA_DIR to a writable folder or SOURCED_DATABASE_URL to a database."
        ) from None
    return f"sqlite:///{settings.data_dir / 'sourced.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; busy_timeout waits out a writer instead of
    # failing at once when two requests finish together.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


SQLITE_POOL_SIZE = 40
"""anyio's worker threads (its default limit), each of which may hold a connection at once.
SQLAlchemy's default pool of 5 (+10 overflow) made every request beyond them open a connection,
set its pragmas and close it again: a fifth of the server's time under load."""


def _pool_options(url: str) -> dict[str, Any]:
    """A file SQLite database: a pool for every worker thread and no ping (there is no network
    to lose a connection to); other databases: their connections checked before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 10}
    return {"pool_pre_ping": True}


def connect(url: str) -> Engine:
    """A SQLAlchemy engine for the URL, SQLite tuned for one writer beside many readers."""
    try:
        engine = create_engine(url, **_pool_options(url))
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise ConfigError(
            f"Cannot use the database URL ({type(exc).__name__}); check SOURCED_DATABASE_URL "
            "and that its driver is installed."
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is there already."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise ConfigError(
            f"Cannot open or migrate the database ({type(exc).__name__}); check that "
            "SOURCED_DATABASE_URL or SOURCED_DATA_DIR points at a writable database."
        ) from None


# Built once: a cache hit's lookup is most of its time, and building the statement was most
# of the lookup's.
_FIND_JSON = (
    select(SummaryRow.summary_json)
    .where(SummaryRow.cache_key == bindparam("key"), SummaryRow.tenant == bindparam("tenant"))
    .order_by(SummaryRow.created_at.desc())
    .limit(1)
)
_OWN = SummaryRow.tenant == bindparam("tenant")
_FIND_JSON_OR_OTHER = (
    select(SummaryRow.summary_json, _OWN)
    .where(SummaryRow.cache_key == bindparam("key"))
    .order_by(_OWN.desc(), SummaryRow.created_at.desc())
    .limit(1)
)
_FIND_FOR = (
    select(SummaryRow.summary_json, SummaryRow.document_text, _OWN)
    .where(SummaryRow.cache_key == bindparam("key"))
    .order_by(_OWN.desc(), SummaryRow.created_at.desc())
    .limit(1)
)


def _upsert(dialect: str) -> Any:
    """A summary written in one statement, replacing a row of the same id (what the ORM's
    `merge` did with a SELECT, an INSERT and the session's bookkeeping: most of a write's
    time). None for a database without INSERT ... ON CONFLICT: there the ORM merges."""
    from sqlalchemy.dialects import postgresql, sqlite

    inserts: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    if dialect not in inserts:
        return None
    statement = inserts[dialect](SummaryRow)
    columns = [c.name for c in SummaryRow.__table__.columns if c.name != "id"]
    return statement.on_conflict_do_update(
        index_elements=[SummaryRow.id], set_={c: statement.excluded[c] for c in columns}
    )


class SummaryStore:
    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self._engine: Engine = connect(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._upsert = _upsert(self._engine.dialect.name)
        if migrate:
            self.migrate()

    @classmethod
    def from_settings(cls, settings: Settings) -> SummaryStore:
        return cls(database_url(settings))

    def migrate(self) -> None:
        """Bring the schema to the newest migration; a no-op when it is there already."""
        migrate(self._engine)

    def put(
        self,
        summary: Summary,
        *,
        cache_key: str,
        document_text: str,
        tenant: str = "",
        summary_json: str | None = None,
    ) -> None:
        """`summary_json`: `summary.model_dump_json()` when the caller has made it already."""
        values = {
            "tenant": tenant,
            "id": summary.id,
            "cache_key": cache_key,
            "document_sha256": summary.document.sha256,
            "backend": summary.provenance.backend,
            "model": summary.provenance.model,
            "prompt": summary.provenance.prompt,
            "created_at": summary.provenance.created_at,
            "document_text": document_text,
            "summary_json": summary.model_dump_json() if summary_json is None else summary_json,
        }
        with _database_errors():
            if self._upsert is None:
                with self._sessions.begin() as session:
                    session.merge(SummaryRow(**values))
                return
            with self._engine.begin() as connection:
                connection.execute(self._upsert, values)

    def get(self, summary_id: str) -> StoredSummary | None:
        with _database_errors(), self._sessions() as session:
            row = session.get(SummaryRow, summary_id)
            return _stored(row) if row else None

    def find(self, cache_key: str, *, tenant: str = "") -> Summary | None:
        """This tenant's newest summary made from the same inputs, if any."""
        found = self.find_json(cache_key, tenant=tenant)
        return Summary.model_validate_json(found) if found else None

    def find_json(self, cache_key: str, *, tenant: str = "") -> str | None:
        """The same, as the stored JSON (served as it is, without parsing it again)."""
        with _database_errors(), self._engine.connect() as connection:
            found = connection.execute(_FIND_JSON, {"key": cache_key, "tenant": tenant}).first()
        return found[0] if found else None

    def find_json_or_other(self, cache_key: str, *, tenant: str = "") -> tuple[str, bool] | None:
        """This tenant's newest summary's JSON for the key, else any tenant's, with whether it
        is the tenant's own: a hit and the absence of any record, told by one query.

        On a connection, not in an ORM session: these reads select columns, not rows to map,
        and the session's bookkeeping cost a cache hit more than the query (about 100 against
        40 us)."""
        with _database_errors(), self._engine.connect() as connection:
            row = connection.execute(
                _FIND_JSON_OR_OTHER, {"key": cache_key, "tenant": tenant}
            ).first()
        return (row[0], bool(row[1])) if row else None

    def find_for(self, cache_key: str, *, tenant: str = "") -> tuple[Summary, str, bool] | None:
        """This tenant's newest summary made from the same inputs, else any tenant's, with its
        document and whether it is the tenant's own: one query. Another tenant's is the
        model's work, to be copied into a record of the asking tenant's own (never handed out
        as it is)."""
        with _database_errors(), self._engine.connect() as connection:
            row = connection.execute(_FIND_FOR, {"key": cache_key, "tenant": tenant}).first()
        return (Summary.model_validate_json(row[0]), row[1], bool(row[2])) if row else None

    def ping(self) -> bool:
        return self.health() is None

    def health(self, *, min_free_bytes: int = 0) -> str | None:
        """None if the database can serve; else why not (no secrets in the reason).

        `SELECT 1` never reads SQLite's file, so the table itself is read: a corrupt file fails
        here. A SQLite file whose disk is (nearly) full would fail every write: not ready either.
        """
        try:
            with self._sessions() as session:
                session.execute(select(SummaryRow.id).limit(1)).first()
        except SQLAlchemyError as exc:
            return f"the database does not answer ({type(exc).__name__})"
        database = self._engine.url.database if self._engine.dialect.name == "sqlite" else None
        if database and database != ":memory:" and min_free_bytes > 0:
            try:
                free = shutil.disk_usage(Path(database).parent).free
            except OSError:
                return "the database's disk cannot be checked"
            if free < min_free_bytes:
                return (
                    f"the database's disk has {free:,} bytes free, under "
                    f"SOURCED_MIN_FREE_DISK_BYTES={min_free_bytes:,}"
                )
        return None

    def close(self) -> None:
        self._engine.dispose()


def _stored(row: SummaryRow) -> StoredSummary:
    return StoredSummary(
        summary=Summary.model_validate_json(row.summary_json), document_text=row.document_text
    )
