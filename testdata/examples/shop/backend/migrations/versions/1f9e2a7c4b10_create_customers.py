"""create customers

Revision ID: 1f9e2a7c4b10
Revises:
Create Date: 2026-03-02 09:12:44
"""
from alembic import op
import sqlalchemy as sa

revision: str = "1f9e2a7c4b10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("customers", sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.Text, nullable=False))


def downgrade() -> None:
    op.drop_table("customers")
