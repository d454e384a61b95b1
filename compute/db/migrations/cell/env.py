"""Alembic environment of the cell databases; see compute.db.migration."""

from alembic import context

from compute.db import migration
from compute.db import models_cell

migration.run_migrations(context, models_cell.Base.metadata)
