"""Settings read only their documented environment names (MLOPS_*, SLACK_*, MLFLOW_*), never a short alias."""

from __future__ import annotations

import pytest
from pydantic_settings import BaseSettings

from bot.slack.settings import SlackSettings
from tools.monitoring.settings import SchedulerSettings
from tools.settings import EnvSettings, Paths

SETTINGS = (Paths, SlackSettings, SchedulerSettings)
REQUIRED = {"SLACK_BOT_TOKEN": "xoxb-real", "SLACK_SIGNING_SECRET": "real-secret"}
SAMPLE = {"Path": "/elsewhere", "SecretStr": "sneaky", "str": "sneaky", "int": "7", "float": "7.5"}


def _sample(annotation: object) -> str:
    name = getattr(annotation, "__name__", str(annotation))
    return next((v for k, v in SAMPLE.items() if k in name), "7")


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda c: c.__name__)
def test_each_field_has_one_documented_env_name(settings: type[EnvSettings]) -> None:
    for name, field in settings.model_fields.items():
        assert isinstance(field.validation_alias, str), f"{settings.__name__}.{name} has no single env name"
        assert field.validation_alias.startswith(("MLOPS_", "SLACK_", "MLFLOW_")), field.validation_alias


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda c: c.__name__)
def test_a_field_name_in_the_environment_is_ignored(settings: type[EnvSettings],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME, CONFIG, WORKERS, BOT_TOKEN… (any case) leave the settings at their defaults."""
    for field in settings.model_fields.values():
        monkeypatch.delenv(str(field.validation_alias), raising=False)
    for var in REQUIRED:
        monkeypatch.setenv(var, REQUIRED[var])
    default = settings()
    for name, field in settings.model_fields.items():
        if name.upper() != field.validation_alias:  # mlflow_ui_url's upper case *is* its documented name
            for variant in (name, name.upper()):
                monkeypatch.setenv(variant, _sample(field.annotation))
    if settings is SlackSettings:
        for var in REQUIRED:
            monkeypatch.setenv(var, REQUIRED[var])
    assert settings() == default


def test_home_is_not_taken_from_HOME_and_code_may_still_pass_field_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLOPS_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    assert str(Paths().home) == ".mlops"
    monkeypatch.setenv("MLOPS_HOME", "/srv/mlops")
    assert str(Paths().home) == "/srv/mlops"
    assert str(Paths(home="/tmp/x").home) == "/tmp/x"
    assert SlackSettings(bot_token="t", signing_secret="s", workers=2).workers == 2


def test_every_settings_class_reads_env_names_only() -> None:
    """A new settings class must build on EnvSettings, or it would read field names from the environment."""
    import bot.slack.settings
    import tools.settings

    for module in (bot.slack.settings, tools.settings):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseSettings) and value not in (EnvSettings, BaseSettings):
                assert issubclass(value, EnvSettings), value
