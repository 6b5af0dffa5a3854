"""Database: SQLAlchemy models, engine set-up and Alembic migrations shipped in the package."""
