"""Alembic environment: runs against the engine handed over in config.attributes."""

from alembic import context

from dxtrainer.db.models import Base

config = context.config
engine = config.attributes.get("engine")

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
