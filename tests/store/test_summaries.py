"""The summaries store: migrations, round trips, cache lookups, restarts.

Each runs on SQLite and on a real PostgreSQL (service/testing/servers.py starts one on 127.0.0.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from service.config import Settings
from service.errors import ConfigError, StoreUnavailable
from service.schemas import DocumentInfo, Summary, Usage
from service.store import SummaryStore, database_url
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


def test_a_write_is_one_statement_and_replaces_a_row_of_the_same_id(store: SummaryStore):
    store.put(summary("a1", headline="first"), cache_key="k", document_text="t")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(store._engine, "before_cursor_execute", count)
    try:
        store.put(summary("a1", headline="second"), cache_key="k2", document_text="u")
    finally:
        sa.event.remove(store._engine, "before_cursor_execute", count)
    # The ORM's merge was a SELECT, then an INSERT or UPDATE: most of a write's time.
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("INSERT")
    stored = store.get("a1")
    assert stored is not None and stored.summary.headline == "second"
    assert stored.document_text == "u"
    assert store.find("k2") == summary("a1", headline="second") and store.find("k") is None


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
