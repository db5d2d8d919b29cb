"""Storage: SQLAlchemy 2 models, Alembic migrations, repositories returning domain records."""
