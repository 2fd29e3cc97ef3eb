"""deploy/ stays runnable: every command in the Compose file and the Procfile parses with the real CLIs, and every
setting they pass is one the README documents (containers cannot run here; the processes themselves run in
tests/bot/test_replicas.py and test_mlflow_postgres.py)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _procfile() -> dict[str, str]:
    lines = [line for line in (DEPLOY / "Procfile").read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split(": ", 1) for line in lines)


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _commands() -> list[str]:
    compose = [s["command"] for s in _compose()["services"].values() if "command" in s]
    return compose + list(_procfile().values())


def _parse(command: str) -> None:
    from bot.cli import app

    argv = shlex.split(command.replace("${POSTGRES_PASSWORD}", "secret"))
    if argv[0] == "mlops-bot":
        group = typer.main.get_command(app)
    else:
        from mlflow.cli import cli as group
    sub = group.get_command(group.make_context(argv[0], [argv[1]], resilient_parsing=True), argv[1])
    assert sub is not None, f"{argv[0]} has no command {argv[1]}"
    sub.make_context(argv[1], argv[2:])  # raises on an unknown option or a bad value


def test_both_layouts_run_the_same_processes() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "mlflow", "app", "scheduler", "predict"}
    kinds = {re.sub(r"(\d+|_standby)$", "", name) for name in _procfile()}
    assert kinds == {"mlflow", "app", "scheduler", "predict"}
    assert "--no-scheduler" in services["app"]["command"], "replicas leave scheduling to the scheduler process"


@pytest.mark.parametrize("command", _commands())
def test_every_command_parses(command: str) -> None:
    _parse(command)


def test_every_setting_passed_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    names = set(re.findall(r"\b((?:MLOPS|MLFLOW|SLACK)_[A-Z_]+)=", (DEPLOY / "env.example").read_text()))
    for service in _compose()["services"].values():
        names |= {n for n in service.get("environment", {}) if n.startswith(("MLOPS_", "MLFLOW_", "SLACK_"))}
    names |= set(_compose()["x-bot"]["environment"])
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"settings used in deploy/ but not documented in the README: {missing}"
