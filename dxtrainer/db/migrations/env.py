"""Alembic environment: runs against the engine handed over in config.attributes."""

from alembic import context

from dxtrainer.db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise LookupError("config.attributes['engine'] is not set; migrate via dxtrainer.db.engine")

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild tables; foreign keys would refuse the temporary drop.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
