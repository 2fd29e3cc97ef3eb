"""Errors of the bot around the ML code (access, locks, approvals, jobs), and the one way an unforeseen one is told.

A `UserError` (pipelines/errors.py and the ones below) is shown as it is. Anything else is a bug or an outage: it is
logged with a short reference, and the person reads "Something went wrong (ref 7f3a)" and where the details are,
never a traceback. `failure` is the one place that sentence is made.
"""

from __future__ import annotations

import logging
import secrets

from pydantic import BaseModel

from pipelines.errors import UserError

BOT_LOG = "the bot's log"


class AccessDenied(UserError):
    code = "access_denied"


class Busy(UserError):
    """Another mutating action holds the model's lease."""

    code = "busy"


class ApprovalError(UserError):
    """An approval that is unknown, expired, already used, or not yours to give."""

    code = "approval"


class Cancelled(UserError):
    """Someone asked a running job to stop; it stopped at its next progress point."""

    code = "cancelled"


class Failure(BaseModel):
    """What a person is told about an unforeseen error: its reference and the sentence with it."""

    ref: str
    message: str


def failure(exc: BaseException | None, *, log: logging.Logger, doing: str, details_in: str = BOT_LOG) -> Failure:
    """Log `exc` (with its traceback) under a fresh reference and return the sentence for the person."""
    ref = secrets.token_hex(2)
    log.error("%s failed (ref %s)", doing, ref, exc_info=exc)
    return Failure(ref=ref, message=f"Something went wrong (ref {ref}). The details are in {details_in}.")
