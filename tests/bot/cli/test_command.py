"""`mlops-bot cmd`: the issue's "done when" loop through the CLI, then MLflow's own client on the store."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient
from typer.testing import CliRunner, Result

import bot.cli.command  # imported before any test redirects stdout
from bot.cli import app
from tests.conftest import store_state
from tools.context import Context

CLI = [sys.executable, "-m", "bot.cli"]  # bot/cli.py ends in `if __name__ == "__main__"`, so -m runs main()


def mlops_bot(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, on `home`, with stdin that is not a terminal."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))} | {"MLOPS_HOME": str(home)}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, cwd=home.parent,
                          stdin=subprocess.DEVNULL, timeout=120)


def production(client: MlflowClient) -> int | None:
    aliases = client.get_registered_model("cancer").aliases
    return int(aliases["production"]) if "production" in aliases else None


def test_help_exits_0_without_importing_the_heavy_libraries(tmp_path: Path) -> None:
    """`mlops-bot --help` lists the commands, exits 0 and stays fast: no MLflow, scikit-learn or pandas import."""
    done = mlops_bot(tmp_path / "mlops", "--help")
    assert done.returncode == 0, done.stderr
    for command in ("cmd", "serve", "demo"):
        assert command in done.stdout
    probe = ("import sys\nsys.argv = ['mlops-bot', '--help']\nfrom bot.cli import main\ntry:\n    main()\n"
             "except SystemExit:\n    pass\nprint([m for m in ('mlflow', 'sklearn', 'pandas') if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip().splitlines()[-1] == "[]"


def test_the_done_when_loop_through_the_cli(mlops_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """train, deploy, retrain, compare, deploy, rollback, history; MLflow agrees with every answer the bot gave.

    The first command runs as a user runs it (a fresh interpreter through `python -m bot.cli`); the rest go through
    the same Typer app in this process, which saves an ML-stack import per step and proves the same code."""
    home = mlops_home
    monkeypatch.setenv("MLFLOW_LOGGING_LEVEL", "WARNING")  # the CLI sets it; keep it scoped to this test
    first = mlops_bot(home, "cmd", "train cancer", "--json")
    assert first.returncode == 0, first.stderr
    trained = json.loads(first.stdout)
    assert (trained["model"], trained["version"], trained["alias"]) == ("cancer", 1, "challenger")

    def cli(*args: str) -> Result:
        return CliRunner().invoke(app, ["cmd", *args], prog_name="mlops-bot")

    deployed = cli("deploy cancer 1", "--yes")
    assert deployed.exit_code == 0, deployed.output
    assert "production is now v1" in deployed.stdout

    second = json.loads(cli("train cancer n_estimators=20 max_depth=3", "--json").stdout)
    assert second["version"] == 2 and second["params"] == {"n_estimators": 20, "max_depth": 3}

    compared = cli("compare cancer", "--json")
    assert compared.exit_code == 0, compared.output
    comparison = json.loads(compared.stdout)
    assert (comparison["a_version"], comparison["b_version"]) == (1, 2) and "bootstrap_deltas" not in comparison
    primary = comparison["rows"][0]
    assert primary["name"] == "roc_auc" and comparison["ci_low"] <= comparison["ci_high"]
    uri = f"sqlite:///{home / 'mlflow.db'}"
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    assert production(client) == 1

    # v2 (20 shallow trees) is worse than v1 on these seeded rows, as compare just said: the gate refuses it, so
    # exit 1 and nothing moves; then an admin forces it with a reason.
    assert primary["b"] < primary["a"], "the seeded v2 is expected to be worse; the fixture data changed"
    refused = cli("deploy cancer 2", "--yes")
    assert refused.exit_code == 1 and "does not pass the promotion gate" in refused.stderr, refused.output
    assert production(client) == 1
    promoted = cli('deploy cancer 2 force=true reason="done-when test"', "--yes")
    assert promoted.exit_code == 0, promoted.output
    assert "Forced by an admin: done-when test" in promoted.stdout
    assert "production is now v2 (was v1)" in promoted.stdout
    assert production(client) == 2

    rolled = cli("rollback cancer", "--yes")
    assert rolled.exit_code == 0, rolled.output
    assert "production is now v1 (was v2)" in rolled.stdout

    history = cli("history cancer")
    assert history.exit_code == 0, history.output
    lines = history.stdout.splitlines()
    actions = [line.split()[2] for line in lines if line[:4].isdigit()]
    assert actions == ["rollback", "deploy", "train", "deploy", "train"]
    assert any("v2 → v1" in line for line in lines) and any("v1 → v2" in line for line in lines)

    model = client.get_registered_model("cancer")
    assert {k: int(v) for k, v in model.aliases.items()} == {"production": 1, "challenger": 2}
    versions = {int(v.version): v.run_id for v in client.search_model_versions("name = 'cancer'")}
    assert versions == {1: trained["run_id"], 2: second["run_id"]}
    experiment = client.get_experiment_by_name("mlops/cancer")
    runs = client.search_runs([experiment.experiment_id])
    assert sorted(r.info.run_id for r in runs) == sorted(versions.values())
    moves = [json.loads(model.tags[k]) for k in sorted(model.tags) if k.startswith("mlops.event.")]
    assert [(m["action"], m["from_version"], m["to_version"]) for m in moves] == [
        ("deploy", None, 1), ("deploy", 1, 2), ("rollback", 2, 1)]


@pytest.mark.parametrize(("args", "code", "said"), [
    (["cmd", "trian cancer"], 2, "Unknown command 'trian'"),
    (["cmd", "compare cancer lst=7d"], 2, "has no option 'lst'"),
    (["cmd", "train cancer last=banana"], 2, "last=banana is not a duration"),
    (["cmd", "train cancer n_estimators=-3"], 2, "n_estimators"),
    (["cmd", "evaluate cancr"], 1, "Unknown model 'cancr'"),
    (["cmd", "rollback cancer", "--yes"], 1, "no versions"),
    (["cmd", "help", "--frobnicate"], 2, "No such option"),
])
def test_exit_codes_tell_usage_errors_from_user_errors(mlops_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                       args: list[str], code: int, said: str) -> None:
    """Exit 2 for a malformed request, 1 for a request the bot refuses; the message says why."""
    monkeypatch.setenv("MLFLOW_LOGGING_LEVEL", "WARNING")  # the CLI sets it; keep it scoped to this test
    result = CliRunner().invoke(app, args, prog_name="mlops-bot")
    assert result.exit_code == code, result.output
    assert said in result.output


def test_json_errors_are_machine_readable(mlops_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --json a refusal is a JSON object with the message and its code, and the exit code still says usage."""
    monkeypatch.setenv("MLFLOW_LOGGING_LEVEL", "WARNING")
    result = CliRunner().invoke(app, ["cmd", "trian cancer", "--json"])
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["code"] == "usage" and "Unknown command 'trian'" in payload["error"]


def test_the_approval_prompt_goes_to_the_current_stdout(cancer_ctx: Context,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`cmd "deploy …"` without --yes prints the proposed change where stdout is now, then cancels (exit 1)."""
    monkeypatch.setenv("MLFLOW_LOGGING_LEVEL", "WARNING")
    before = store_state(cancer_ctx)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = bot.cli.command.run_command('deploy cancer 2 force=true reason="cli test"', json_output=False, yes=False)
    assert code == 1 and "--yes" in err.getvalue() and "nothing was changed" in err.getvalue()
    assert store_state(cancer_ctx)["aliases"] == before["aliases"]
    assert "Approve deploy of cancer?" in out.getvalue()


def test_a_question_asked_by_the_caller_reaches_the_user_not_the_log(cancer_ctx: Context) -> None:
    """`chat` passes its own `ask`; the work around it runs with stdout pointed at the log, the question must not."""
    out, err = io.StringIO(), io.StringIO()

    def ask(question: str) -> bool:
        print(f"{question} [y/N] ", end="")
        return False

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = bot.cli.command.run_command('deploy cancer 2 force=true reason="chat test"', json_output=False, yes=False,
                                     ask=ask)
    assert code == 1 and "Approve? [y/N]" in out.getvalue() and "nothing was changed" in err.getvalue()
