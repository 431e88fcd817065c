"""Alembic's entry point, driven by `SummaryStore.migrate` with an open connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from service.store.sql import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through SummaryStore.migrate(), which passes a connection")

if connection.dialect.name == "postgresql":
    # Several instances may start at once: one migrates, the others wait for it.
    connection.execute(text("SELECT pg_advisory_xact_lock(7243001)"))

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
)
with context.begin_transaction():
    context.run_migrations()
