"""The summaries store: migrations, round trips, cache lookups, restarts.

Each runs on SQLite and on a real PostgreSQL (service/testing/servers.py starts one on 127.0.0.1).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from service.config import Settings
from service.errors import ConfigError, StoreUnavailable
from service.schemas import DocumentInfo, Summary, Usage
from service.store import SummaryStore, database_url
from service.store.sql import SummaryRow
from service.testing.summaries import fake_provenance


def summary(summary_id: str, *, minutes: int = 0, headline: str = "H") -> Summary:
    return Summary(
        id=summary_id,
        headline=headline,
        summary="S",
        claims=[],
        document=DocumentInfo(sha256="d" * 64, chars=5, sentences=1),
        provenance=fake_provenance(
            model="m",
            prompt="summarize@1+abc",
            usage=Usage(prompt_tokens=3, completion_tokens=4),
            latency_ms=1.0,
            created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes),
        ),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database's URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(database: str) -> Iterator[SummaryStore]:
    store = SummaryStore(database)
    yield store
    store.close()


def test_round_trip_keeps_summary_and_document(store: SummaryStore):
    store.put(summary("a1"), cache_key="k", document_text="Héllo <world>\n")
    stored = store.get("a1")
    assert stored is not None
    assert stored.summary == summary("a1")
    assert stored.document_text == "Héllo <world>\n"
    assert store.get("missing") is None


def test_find_returns_the_newest_summary_for_a_cache_key(store: SummaryStore):
    store.put(summary("old", minutes=0, headline="old"), cache_key="k", document_text="t")
    store.put(summary("new", minutes=5, headline="new"), cache_key="k", document_text="t")
    store.put(summary("other", minutes=9), cache_key="k2", document_text="t")
    found = store.find("k")
    assert found is not None and found.id == "new"
    assert store.find("nope") is None


@contextmanager
def driver_statements(store: SummaryStore) -> Iterator[list[str]]:
    """The statements the database's driver is given while inside, transaction control and the
    pool's liveness check on PostgreSQL (an empty `;`) left out: counted on the driver's
    connections, since a statement the store sends to a cursor itself is no event of
    SQLAlchemy's."""
    import psycopg

    statements: list[str] = []

    class Recording(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query, params=None, **kwargs):  # type: ignore[no-untyped-def]
            statements.append(str(query))
            return super().execute(query, params, **kwargs)

    def record(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(statements.append)
        else:
            dbapi_connection.cursor_factory = Recording

    store._engine.dispose()  # the connections made from here on record
    sa.event.listen(store._engine, "connect", record)
    try:
        yield statements
    finally:
        sa.event.remove(store._engine, "connect", record)
        store._engine.dispose()
    statements[:] = [
        s
        for s in statements
        if s.strip() != ";" and s.split()[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}
    ]


def test_a_write_is_one_statement_and_replaces_a_row_of_the_same_id(store: SummaryStore):
    store.put(summary("a1", headline="first"), cache_key="k", document_text="t")
    with driver_statements(store) as statements:
        store.put(summary("a1", headline="second"), cache_key="k2", document_text="u")
    # The ORM's merge was a SELECT, then an INSERT or UPDATE: most of a write's time.
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("INSERT")
    stored = store.get("a1")
    assert stored is not None and stored.summary.headline == "second"
    assert stored.document_text == "u"
    assert store.find("k2") == summary("a1", headline="second") and store.find("k") is None


def test_a_lookup_is_one_statement_with_or_without_a_record(store: SummaryStore):
    store.put(summary("mine", minutes=1), cache_key="k", document_text="t", tenant="key:a")
    store.put(summary("theirs", minutes=9), cache_key="k", document_text="t", tenant="key:b")
    with driver_statements(store) as statements:
        mine = store.find_json_or_other("k", tenant="key:a")
        other = store.find_json_or_other("k", tenant="key:c")
        none = store.find_json_or_other("nope", tenant="key:a")
    assert len(statements) == 3 and all(s.lstrip().upper().startswith("SELECT") for s in statements)
    assert mine is not None and Summary.model_validate_json(mine[0]).id == "mine" and mine[1]
    assert other is not None and Summary.model_validate_json(other[0]).id == "theirs"
    assert not other[1] and none is None


def test_a_stored_time_reads_back_as_it_was_written(store: SummaryStore):
    """The write converts the datetime as SQLAlchemy does (SQLite keeps it as text): the rows
    sort by it, and the ORM reads it back as the same instant."""
    store.put(summary("a", minutes=3), cache_key="k", document_text="t")
    with store._sessions() as session:
        created = session.execute(sa.select(SummaryRow.created_at)).scalar_one()
    expected = datetime(2026, 1, 1, 0, 3, tzinfo=UTC)
    assert created.replace(tzinfo=created.tzinfo or UTC) == expected


def test_data_survives_a_new_store_on_the_same_database(database: str):
    url = database
    first = SummaryStore(url)
    first.put(summary("x"), cache_key="k", document_text="t")
    first.close()
    second = SummaryStore(url)  # migrates again: a no-op
    assert second.get("x") is not None
    assert second.find("k") == summary("x")
    second.close()


def test_migrations_bring_an_empty_database_to_head(database: str):
    url = database
    SummaryStore(url).close()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("summaries")}
    engine.dispose()
    assert version == "0003"
    assert {"id", "cache_key", "document_text", "summary_json", "created_at", "tenant"} <= columns


def test_default_database_is_a_file_in_the_data_dir(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "nested" / "data")
    assert database_url(settings) == f"sqlite:///{tmp_path / 'nested' / 'data' / 'sourced.db'}"
    assert (tmp_path / "nested" / "data").is_dir()
    assert database_url(Settings(database_url="postgresql://db/x")) == "postgresql://db/x"


def test_unwritable_data_dir_is_a_config_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="SOURCED_DATA_DIR"):
        database_url(Settings(data_dir=blocker / "data"))


def test_unusable_database_url_is_a_config_error():
    with pytest.raises(ConfigError, match="SOURCED_DATABASE_URL"):
        SummaryStore("nosuchdriver://x/y")
    with pytest.raises(ConfigError, match="SOURCED_DATABASE_URL"):
        SummaryStore("sqlite:////nonexistent-dir/deeper/db.sqlite")


def test_ping(store: SummaryStore):
    assert store.ping()


def test_a_failing_database_is_store_unavailable(tmp_path: Path):
    path = tmp_path / "db.sqlite"
    store = SummaryStore(f"sqlite:///{path}")
    with sa.create_engine(f"sqlite:///{path}").begin() as conn:
        conn.execute(sa.text("DROP TABLE summaries"))
    with pytest.raises(StoreUnavailable, match="SOURCED_DATABASE_URL") as raised:
        store.find("k")
    assert raised.value.http_status == 503
    with pytest.raises(StoreUnavailable):
        store.put(summary("a"), cache_key="k", document_text="t")
