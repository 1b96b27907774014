"""index customer email

Revision ID: 9b7e4d2c1a08
Revises: 1f9e2a7c4b10
Create Date: 2026-03-16 11:05:31
"""
from alembic import op

revision: str = "9b7e4d2c1a08"
down_revision: str | None = "c3a1f0d2b7e4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_customers_email", "customers", ["email"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_customers_email", "customers")
