"""Importing this module declares every tool; ORDER is the order help lists them."""

from tools.catalog import (  # noqa: F401
    abtest, alerts, cancel, check, compare, deploy, drift, evaluate, help, history, models, monitor, monitors,
    rollback, snooze, status, train, tune, unlock, validate,
)

ORDER = ["help", "list_models", "train", "evaluate", "compare", "deploy", "rollback", "check_drift", "status", "history",
         "validate_data", "monitor", "monitors", "run_check", "alerts", "snooze", "tune", "cancel", "unlock", "abtest"]
