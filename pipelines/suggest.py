"""Close-match suggestions ("Did you mean …?"): the one helper every layer uses."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: str, choices: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices that look most like `word`, best first (case-insensitive, original spelling kept)."""
    options = list(dict.fromkeys(choices))
    by_lower = {c.lower(): c for c in options}
    return [by_lower[m] for m in get_close_matches(word.lower(), list(by_lower), n=n, cutoff=cutoff)]


def did_you_mean(word: str, choices: Iterable[str], *, n: int = 1) -> str:
    """' Did you mean x?' (leading space) or '' when nothing is close: appended to an error sentence."""
    close = closest(word, choices, n=n)
    return f" Did you mean {' or '.join(close)}?" if close else ""
