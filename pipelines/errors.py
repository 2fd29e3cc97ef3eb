"""Typed errors whose message a user can act on; anything else is a bug and is reported with a reference."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; the message is shown to them as it is."""

    code = "user_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class UsageError(UserError):
    """The request itself is malformed: unknown verb, option or value."""

    code = "usage"


class ConfigError(UserError):
    code = "config"


class UnknownModel(UserError):
    code = "unknown_model"


class UnknownVersion(UserError):
    code = "unknown_version"


class DataError(UserError):
    """Missing file, wrong columns, empty window, data that cannot be used."""

    code = "data"


class NotEnoughData(DataError):
    code = "not_enough_data"


class GateFailed(UserError):
    code = "gate_failed"


class NothingToRollBack(UserError):
    code = "nothing_to_roll_back"


class MlflowUnavailable(UserError):
    code = "mlflow_unavailable"
