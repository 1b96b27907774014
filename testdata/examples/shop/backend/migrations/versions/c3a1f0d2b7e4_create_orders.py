"""create orders

Revision ID: c3a1f0d2b7e4
Revises: 1f9e2a7c4b10
Create Date: 2026-03-09 14:02:10
"""
from alembic import op
import sqlalchemy as sa

revision: str = "c3a1f0d2b7e4"
down_revision: str | None = "1f9e2a7c4b10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id")))


def downgrade() -> None:
    op.drop_table("orders")
