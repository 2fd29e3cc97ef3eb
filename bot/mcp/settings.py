"""The MCP server's secrets from the environment: one bearer token per identity, for `mlops-bot mcp --http`."""

from __future__ import annotations

import hmac

from pydantic import Field, SecretStr, field_validator

from tools.settings import EnvSettings

MIN_TOKEN_CHARS = 24
MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


class McpSettings(EnvSettings):
    tokens: dict[str, SecretStr] = Field(
        default_factory=dict, validation_alias="MLOPS_MCP_TOKENS",
        description='JSON object, identity → bearer token, e.g. {"U123": "…", "U456": "…"}: over HTTP a request '
                    "acts as the identity whose token it carries (roles from [access]); none set, `mcp --http` "
                    f"refuses to start. Tokens are at least {MIN_TOKEN_CHARS} characters")

    @field_validator("tokens")
    @classmethod
    def _long_enough(cls, tokens: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for identity, token in tokens.items():
            if not identity.strip():
                raise ValueError("an identity (a key) is empty")
            if len(token.get_secret_value()) < MIN_TOKEN_CHARS:
                raise ValueError(f"the token of {identity} is shorter than {MIN_TOKEN_CHARS} characters; make one "
                                 f"with {MAKE_ONE}")
        return tokens

    def identity(self, presented: str) -> str | None:
        """Whose token this is, compared in constant time against every configured token; None for no one's."""
        found = None
        for identity, token in self.tokens.items():
            if hmac.compare_digest(presented.encode(), token.get_secret_value().encode()):
                found = identity
        return found
