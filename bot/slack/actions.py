"""The action ids of our buttons: what a listener subscribes to and what a renderer puts on a button."""

from __future__ import annotations

APPROVE = "mlops_approve"
CANCEL = "mlops_cancel"
ALERT_RETRAIN = "mlops_alert_retrain"
ALERT_COMPARE = "mlops_alert_compare"
ALERT_SNOOZE = "mlops_alert_snooze"
ALERT_WHY = "mlops_alert_why"
ALERT_USEFUL = "mlops_alert_useful"
ALERT_NOISE = "mlops_alert_noise"
OPEN_MLFLOW = "mlops_open_mlflow"  # a link button: Slack opens the URL and only tells us it was clicked
