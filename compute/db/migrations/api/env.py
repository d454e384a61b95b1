"""Alembic environment of the API database; see compute.db.migration."""

from alembic import context

from compute.db import migration
from compute.db import models_api

migration.run_migrations(context, models_api.Base.metadata)
