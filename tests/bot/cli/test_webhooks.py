"""`mlops-bot webhooks register` refuses a URL `serve` cannot be at, or a missing secret, before calling MLflow.
(Registering against a real tracking server, and its test delivery: tests/bot/slack/test_mlflow_webhook.py.)"""

from __future__ import annotations

import pytest

from bot.cli.webhooks import register


def test_a_bad_url_or_no_secret_is_told_and_nothing_is_registered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:9")  # nothing listens: a call to MLflow would fail
    monkeypatch.setenv("MLOPS_MLFLOW_WEBHOOK_SECRET", "s")
    assert register("ftp://bot.example.com/mlflow/webhook") == 2
    assert "--url must be serve's address" in capsys.readouterr().err
    monkeypatch.delenv("MLOPS_MLFLOW_WEBHOOK_SECRET")
    assert register("https://bot.example.com/mlflow/webhook") == 2
    assert "Set MLOPS_MLFLOW_WEBHOOK_SECRET" in capsys.readouterr().err
