"""What every terminal command shares: the trusted local user, progress lines, the y/N question, exit codes."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tools.access import Caller
    from tools.outcome import Outcome

EXIT_CODES = {"done": 0, "needs_approval": 0, "refused": 1, "failed": 1, "usage": 2}


def local_user() -> Caller:
    """The person at this terminal: they own the machine and the stores, so they act as an admin."""
    from tools.access import Caller

    return Caller(user_id=f"cli:{getpass.getuser()}", surface="cli", trusted=True)


def exit_code(outcome: Outcome) -> int:
    """0 done (or waiting for approval), 1 refused or failed (nothing changed), 2 a malformed command."""
    return EXIT_CODES["usage"] if outcome.code == "usage" else EXIT_CODES[outcome.status]


def progress_to(stream: TextIO):  # noqa: ANN201 - Callable[[str], None]
    def progress(line: str) -> None:
        print(f"… {line}", file=stream)

    return progress


def confirmed(question: str, *, needs_tty: bool = True) -> bool:
    """Ask y/N; with `needs_tty`, a non-interactive run answers no and says how to approve (`--yes`)."""
    import typer

    if needs_tty and not sys.stdin.isatty():
        print(f"{question} This needs confirmation: run again with --yes.", file=sys.stderr)
        return False
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:  # end of input or Ctrl-C at the question: no
        print(file=sys.stderr)
        return False
