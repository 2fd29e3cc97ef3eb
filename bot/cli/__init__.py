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


@app.command("agent-eval")
def agent_eval(
    file: Annotated[str, typer.Argument(help="a JSONL evaluation set, e.g. tests/tools/agent/eval/held_out.jsonl")],
    json_output: Annotated[bool, typer.Option("--json", help="print the score as JSON")] = False,
    model: Annotated[Optional[str], typer.Option("--model", help='a chat model, e.g. "openai:gpt-4.1-mini" '
                                                 '(default: [agent] model, else the offline interpreter)')] = None,
    config: ConfigOption = None,
) -> None:
    """Score a chat model (or the offline interpreter) on an evaluation set: accuracy, per intent, the misses."""
    from bot.cli.agent_eval import run_eval

    raise typer.Exit(run_eval(file, json_output=json_output, model=model, config_path=config))


@app.command()
def mcp(
    http: Annotated[bool, typer.Option("--http", help="serve streamable HTTP at /mcp instead of stdio")] = False,
    port: Annotated[int, typer.Option(help="HTTP port (with --http)")] = 8765,
    host: Annotated[str, typer.Option(help="interface to bind (with --http)")] = "127.0.0.1",
    config: ConfigOption = None,
) -> None:
    """Serve every tool over the Model Context Protocol (stdio, or HTTP with --http), gated like Slack."""
    from bot.mcp.server import run_server

    raise typer.Exit(run_server(http=http, host=host, port=port, config_path=config))


@app.command()
def approvals(
    json_output: Annotated[bool, typer.Option("--json", help="print the pending approvals as JSON")] = False,
    config: ConfigOption = None,
) -> None:
    """List the approvals waiting for a decision (from Slack, the agent or MCP)."""
    from bot.cli.approvals import list_pending

    raise typer.Exit(list_pending(json_output=json_output, config_path=config))


@app.command()
def approve(
    approval_id: Annotated[str, typer.Argument(help="the approval's id, as `approvals` lists it")],
    config: ConfigOption = None,
) -> None:
    """Approve a pending change as the terminal's operator: it runs now, exactly as proposed."""
    from bot.cli.approvals import decide

    raise typer.Exit(decide(approval_id, approve=True, config_path=config))


@app.command()
def reject(
    approval_id: Annotated[str, typer.Argument(help="the approval's id, as `approvals` lists it")],
    config: ConfigOption = None,
) -> None:
    """Reject a pending change: nothing is changed."""
    from bot.cli.approvals import decide

    raise typer.Exit(decide(approval_id, approve=False, config_path=config))


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="HTTP port for /slack/events")] = 3000,
    host: Annotated[str, typer.Option(help="interface to bind (0.0.0.0 for every interface; Slack's signature "
                                           "guards /slack/events)")] = "127.0.0.1",
    no_scheduler: Annotated[bool, typer.Option("--no-scheduler", help="do not run monitors in this process")] = False,
    config: ConfigOption = None,
) -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on /slack/events; monitors too."""
    from bot.processes import serve as main

    raise typer.Exit(main(host=host, port=port, config_path=config, scheduler=not no_scheduler))


webhooks = typer.Typer(no_args_is_help=True, help="MLflow registry webhooks that tell `serve` of alias moves at once.")
app.add_typer(webhooks, name="webhooks")


@webhooks.command("register")
def webhooks_register(
    url: Annotated[str, typer.Option(help="where MLflow reaches `serve`, e.g. https://bot.example.com/mlflow/webhook")],
    name: Annotated[str, typer.Option(help="the webhook's name in MLflow (registering it again updates it)")] = "mlops-bot",
    json_output: Annotated[bool, typer.Option("--json", help="print the webhook as JSON")] = False,
    config: ConfigOption = None,
) -> None:
    """Register (or update) the tracking server's webhook for alias moves, signed with MLOPS_MLFLOW_WEBHOOK_SECRET."""
    from bot.cli.webhooks import register

    raise typer.Exit(register(url, name=name, json_output=json_output, config_path=config))


@app.command()
def scheduler(config: ConfigOption = None) -> None:
    """Run only the monitors' scheduler (use with `serve --no-scheduler`); a second one stands by."""
    from bot.processes import run_scheduler

    raise typer.Exit(run_scheduler(config_path=config))


@app.command("predict-server")
def predict_server(
    port: Annotated[int, typer.Option(help="HTTP port")] = 8080,
    host: Annotated[str, typer.Option(help="interface to bind; beyond loopback it needs MLOPS_SERVING_TOKEN "
                                           "or --insecure")] = "127.0.0.1",
    poll: Annotated[float, typer.Option(help="seconds between checks of the registry and online tests")] = 5.0,
    insecure: Annotated[bool, typer.Option("--insecure", help="serve beyond loopback without a token")] = False,
    max_body_mb: Annotated[float, typer.Option(help="largest request body; bigger ones get 413 unread")] = 32.0,
    default_model: Annotated[str | None, typer.Option(help="the model MLflow's POST /invocations scores (default: "
                                                           "the only configured model)")] = None,
    config: ConfigOption = None,
) -> None:
    """Serve every configured model's production version (MLflow's scoring-server protocol) and log predictions."""
    from bot.serving.main import main

    raise typer.Exit(main(host=host, port=port, config_path=config, poll_seconds=poll, insecure=insecure,
                          max_body_mb=max_body_mb, default_model=default_model))


@app.command()
def demo(config: ConfigOption = None) -> None:
    """Run the whole loop on bundled data: train, deploy, retrain, compare, gate, rollback, drift, history."""
    from bot.cli.demo import run_demo

    raise typer.Exit(run_demo(config_path=config))


def main() -> None:
    app(prog_name="mlops-bot")

