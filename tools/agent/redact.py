"""Secrets never leave in a reply: values of secret-looking environment variables and token shapes are masked."""

from __future__ import annotations

import os
import re

_SECRET_NAMES = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|_KEY$|CREDENTIAL)", re.IGNORECASE)
_TOKEN_SHAPES = re.compile(r"\b(xox[abposr]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,}|sk-[A-Za-z0-9_-]{8,}"
                           r"|gh[pousr]_[A-Za-z0-9]{16,}|AKIA[0-9A-Z]{16})\b")
MASK = "[redacted]"


def redact(text: str) -> str:
    """`text` with every secret environment value and anything shaped like a token replaced."""
    for value in sorted(_secret_values(), key=len, reverse=True):
        text = text.replace(value, MASK)
    return _TOKEN_SHAPES.sub(MASK, text)


def _secret_values() -> set[str]:
    # Read each time: tests and operators change the environment; the values must not be cached anywhere.
    return {value for name, value in os.environ.items() if _SECRET_NAMES.search(name) and len(value) >= 6}
