"""The terminal path: the same parse, dispatch and render as Slack, with a prompt in place of the buttons."""

from __future__ import annotations

import getpass
import logging
import sys

from collections.abc import Callable

from bot.render.message import Message

EXIT_CODES = {"done": 0, "needs_approval": 0, "refused": 1, "failed": 1, "usage": 2}


def run_command(text: str, *, json_output: bool, yes: bool, config_path: str | None = None,
                ask: Callable[[str], bool] | None = None) -> int:
    quiet_libraries()
    from bot.render.results import as_json, render_outcome
    from pipelines.errors import UserError
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import Outcome, confirm, dispatch
    from tools.parse import parse

    caller = Caller(user_id=f"cli:{getpass.getuser()}", surface="cli", trusted=True)
    try:
        ctx = Context.load(config_path=config_path)
        call = parse(text)
    except UserError as exc:
        outcome = Outcome(tool="cmd", status="refused", message=str(exc), code=exc.code)
        return _finish(outcome, json_output, as_json, render_outcome)
    outcome = dispatch(ctx, call.tool, call.args, caller, progress=None if json_output else _progress)
    if outcome.status == "needs_approval" and outcome.approval is not None:
        if not json_output:
            _print(render_outcome(outcome))
        if not yes and not (ask or _ask)("Approve?"):
            from tools.dispatch import cancel

            cancel(ctx, outcome.approval.approval_id, caller)
            print("Cancelled; nothing was changed.", file=sys.stderr)
            return 1
        outcome = confirm(ctx, outcome.approval.approval_id, caller)
    return _finish(outcome, json_output, as_json, render_outcome)


def run_demo(*, config_path: str | None = None) -> int:
    """The loop a team runs, start to end, through the very path /mlops takes."""
    steps = [
        "models", "train cancer", "deploy cancer 1", "train cancer last=200d n_estimators=300 max_depth=8",
        # The gate may refuse v2; then an admin forces it with a reason, so the rollback below has work to do.
        "compare cancer", "deploy cancer 2", 'deploy cancer 2 force=true reason="demo: try the retrain live"',
        "status cancer", "drift cancer", "drift cancer since=60d until=30d",
        "rollback cancer", "history cancer",
    ]
    for step in steps:
        print(f"\n$ /mlops {step}")
        code = run_command(step, json_output=False, yes=True, config_path=config_path)
        if code not in (0, 1):
            return code
    return 0


def _finish(outcome, json_output: bool, as_json, render_outcome) -> int:  # noqa: ANN001 - lazy imported types
    if json_output:
        print(as_json(outcome))
    else:
        _print(render_outcome(outcome), stream=sys.stderr if outcome.status in ("refused", "failed") else sys.stdout)
    return EXIT_CODES["usage"] if outcome.code == "usage" else EXIT_CODES[outcome.status]


def _print(message: Message, stream=None) -> None:  # noqa: ANN001
    print(message.to_text(), file=stream or sys.stdout)  # looked up now: callers may have redirected stdout


def _progress(line: str) -> None:
    print(f"… {line}", file=sys.stderr)


def _ask(question: str) -> bool:
    if not sys.stdin.isatty():
        print(f"{question} This needs confirmation: run again with --yes.", file=sys.stderr)
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def quiet_libraries() -> None:
    import os
    import warnings

    os.environ.setdefault("MLFLOW_LOGGING_LEVEL", "WARNING")
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("mlflow", "alembic", "urllib3", "git"):
        logging.getLogger(name).setLevel(logging.ERROR)
