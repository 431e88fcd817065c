"""Each summary belongs to a tenant (an API key's fingerprint; "" on a server without keys).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("summaries") as batch:
        batch.add_column(sa.Column("tenant", sa.String(64), nullable=False, server_default=""))
    op.create_index("ix_summaries_cache_key_tenant", "summaries", ["cache_key", "tenant"])


def downgrade() -> None:
    op.drop_index("ix_summaries_cache_key_tenant", "summaries")
    with op.batch_alter_table("summaries") as batch:
        batch.drop_column("tenant")
