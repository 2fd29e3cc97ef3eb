"""`mlops-bot webhooks register --url URL`: point the tracking server's registry webhook at `serve`.

The webhook subscribes to alias created/deleted events and is signed with MLOPS_MLFLOW_WEBHOOK_SECRET, the one
`serve` verifies with; MLflow then sends a test delivery, so the command says at once whether `serve` got it.
"""

from __future__ import annotations

import json
import sys
import urllib.parse

DEFAULT_NAME = "mlops-bot"


def register(url: str, *, name: str = DEFAULT_NAME, json_output: bool = False, config_path: str | None = None) -> int:
    """0 registered and the test delivery accepted; 1 MLflow or `serve` said no (why printed); 2 a bad URL or setting."""
    from bot.slack.mlflow_webhook import EVENTS, PATH
    from bot.slack.settings import WebhookSettings
    from pipelines.errors import UserError
    from tools import logs
    from tools.context import Context
    from tools.settings import Paths

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        print(f"--url must be serve's address, e.g. https://bot.example.com{PATH}; got {url!r}", file=sys.stderr)
        return 2
    secret = WebhookSettings().mlflow_webhook_secret
    if secret is None or not secret.get_secret_value():
        print(
            "Set MLOPS_MLFLOW_WEBHOOK_SECRET (the same value `serve` has) before registering the webhook.",
            file=sys.stderr,
        )
        return 2
    logs.setup(Paths().home)  # MLflow's own chatter goes to the log file, not the terminal
    try:
        ctx = Context.load(config_path=config_path)
        hook = ctx.registry.register_webhook(name=name, url=url, events=list(EVENTS), secret=secret.get_secret_value())
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # MLflow's refusal (a file store, a scheme or address its SSRF guard blocks): say it
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:400]
        print(f"MLflow did not register the webhook: {first}", file=sys.stderr)
        return 1
    if json_output:
        print(json.dumps(hook.model_dump()))
    else:
        print(f"webhook {hook.name} ({hook.id}) -> {hook.url} on {', '.join(hook.events)}")
        print(
            "test delivery: "
            + ("accepted" if hook.test_error is None else f"failed (HTTP {hook.test_status}): {hook.test_error}")
        )
    return 0 if hook.test_error is None else 1
