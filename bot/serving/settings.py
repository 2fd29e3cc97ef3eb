"""The prediction service's secrets (from the environment) and its limits (from the command line)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, SecretStr

from tools.settings import EnvSettings


class ServingSettings(EnvSettings):
    """Bearer tokens of `predict-server`. Unset, the service answers anyone who can reach it: keep it on
    127.0.0.1 then (a non-loopback `--host` without a token refuses to start unless `--insecure`)."""

    token: SecretStr | None = Field(None, validation_alias="MLOPS_SERVING_TOKEN",
                                    description="every route but /ping and /health needs `Authorization: Bearer "
                                                "<token>`; compared in constant time")
    feedback_token: SecretStr | None = Field(None, validation_alias="MLOPS_SERVING_FEEDBACK_TOKEN",
                                             description="when set, /models/<name>/feedback takes this token and no "
                                                         "other, so the clients that ask for predictions cannot "
                                                         "write labels")


@dataclass(frozen=True)
class Limits:
    """What one request may cost; every refusal names the limit it hit."""

    max_body_bytes: int = 32 * 1024 * 1024
    max_rows: int = 10_000
    max_columns: int = 1_000
    max_depth: int = 32  # MLflow's layouts need 5 levels at most; the JSON parser recurses per level
    body_seconds: float = 30.0  # the whole body must arrive within this
    header_seconds: float = 10.0  # a connection that sends no complete request line and headers is closed
    max_concurrent: int = 256  # requests in flight; beyond it a 503 at once instead of a queue
    feedback_body_bytes: int = 1024 * 1024  # labels are small; a 5 MB label is an attack, not a label
