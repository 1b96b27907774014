"""add order status

Revision ID: 5d0c8e1a9f23
Revises: c3a1f0d2b7e4
Create Date: 2026-03-16 10:40:00
"""
from alembic import op
import sqlalchemy as sa

revision: str = "5d0c8e1a9f23"
down_revision: str | None = "c3a1f0d2b7e4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("status", sa.Text, server_default="new", nullable=False))


def downgrade() -> None:
    op.drop_column("orders", "status")
