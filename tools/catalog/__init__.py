"""Importing this module declares every tool; ORDER is the order help lists them."""

from tools.catalog import (  # noqa: F401
    compare, deploy, drift, evaluate, help, history, models, rollback, status, train,
)

ORDER = ["help", "list_models", "train", "evaluate", "compare", "deploy", "rollback", "check_drift", "status", "history"]
