"""`mlops-bot`: the command line, one more adapter over the tool registry. Heavy imports stay inside commands."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False, help="ChatOps for the ML model lifecycle, tracked in MLflow.")

ConfigOption = Annotated[Optional[str], typer.Option("--config", "-c", help="mlops-bot.toml (default: ./mlops-bot.toml, $MLOPS_CONFIG, built-in demo)")]

EXIT_USER_ERROR = 1
EXIT_USAGE = 2


@app.command()
def cmd(
    text: Annotated[str, typer.Argument(help='what you would type after /mlops, e.g. "train cancer last=30d"')],
    json_output: Annotated[bool, typer.Option("--json", help="print the result model as JSON")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="approve deploy/rollback without asking")] = False,
    config: ConfigOption = None,
) -> None:
    """Run a /mlops command locally, exactly as Slack would, as a trusted local user."""
    from bot.cli.command import run_command

    raise typer.Exit(run_command(text, json_output=json_output, yes=yes, config_path=config))


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help='a request in plain words, e.g. "retrain cancer on the last 30 days"')],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="plan the tool calls, execute nothing")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="print JSON (with --dry-run: the planned calls)")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="approve what the agent proposes without asking")] = False,
    config: ConfigOption = None,
) -> None:
    """Ask the agent in plain words; mutating calls are asked for approval first."""
    from bot.cli.agent import ask as run_ask

    raise typer.Exit(run_ask(text, dry_run=dry_run, json_output=json_output, yes=yes, config_path=config))


@app.command()
def chat(config: ConfigOption = None) -> None:
    """A terminal session: /mlops commands and plain words, one conversation memory, approvals inline."""
    from bot.cli.agent import chat as run_chat

    raise typer.Exit(run_chat(config_path=config))


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="HTTP port for /slack/events")] = 3000,
    host: Annotated[str, typer.Option(help="interface to bind")] = "0.0.0.0",
    no_scheduler: Annotated[bool, typer.Option("--no-scheduler", help="do not run monitors in this process")] = False,
    config: ConfigOption = None,
) -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on /slack/events; monitors too."""
    from bot.processes import serve as main

    raise typer.Exit(main(host=host, port=port, config_path=config, scheduler=not no_scheduler))


@app.command()
def scheduler(config: ConfigOption = None) -> None:
    """Run only the monitors' scheduler (use with `serve --no-scheduler`); a second one stands by."""
    from bot.processes import run_scheduler

    raise typer.Exit(run_scheduler(config_path=config))


@app.command("predict-server")
def predict_server(
    port: Annotated[int, typer.Option(help="HTTP port")] = 8080,
    host: Annotated[str, typer.Option(help="interface to bind")] = "0.0.0.0",
    poll: Annotated[float, typer.Option(help="seconds between checks of the registry and online tests")] = 5.0,
    config: ConfigOption = None,
) -> None:
    """Serve every configured model's production version (MLflow scoring-server JSON) and log its predictions."""
    from bot.serving.main import main

    raise typer.Exit(main(host=host, port=port, config_path=config, poll_seconds=poll))


@app.command()
def demo(config: ConfigOption = None) -> None:
    """Run the whole loop on bundled data: train, deploy, retrain, compare, gate, rollback, drift, history."""
    from bot.cli.demo import run_demo

    raise typer.Exit(run_demo(config_path=config))


def main() -> None:
    app(prog_name="mlops-bot")

