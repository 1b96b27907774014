# Alembic environment (not read by schema: revision files are read statically).
