"""The agent's text, kept as files so it can be read and changed without touching code."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def load(name: str) -> str:
    return (_HERE / f"{name}.txt").read_text()
