"""The prediction log, created and migrated with the other state tables (its definition lives in pipelines/)."""

from __future__ import annotations

from pipelines.prediction_log import predictions_table as _log_table
from tools.state.base import metadata

prediction_log_table = _log_table.to_metadata(metadata)
