"""The terminal path: the same parse, dispatch and render as Slack, with a prompt in place of the buttons."""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot import logs

log = logging.getLogger("mlops.cli")

EXIT_CODES = {"done": 0, "needs_approval": 0, "refused": 1, "failed": 1, "usage": 2}


def run_command(text: str, *, json_output: bool, yes: bool, config_path: str | None = None,
                ask: Callable[[str], bool] | None = None) -> int:
    """Parse, dispatch and print one command. Our lines go to the streams current now; whatever the libraries
    print while it runs goes to the log file, so `--json` prints exactly one JSON document on stdout."""
    from tools.settings import Paths

    out, err = sys.stdout, sys.stderr
    log_file = logs.setup(Paths().home)
    try:
        with logs.chatter_to_log():
            return _run_command(text, json_output=json_output, yes=yes, config_path=config_path, ask=ask, out=out,
                                err=err, log_file=log_file)
    except Exception:  # a bug outside dispatch's own error mapping: one line and a reference, the traceback in the log
        ref = secrets.token_hex(2)
        log.exception("cmd %r failed (ref %s)", text, ref)
        message = f"Something went wrong (ref {ref}). The details are in {log_file}."
        print(json.dumps({"error": message, "code": "failed", "ref": ref}) if json_output else message,
              file=out if json_output else err)
        return 1


def _run_command(text: str, *, json_output: bool, yes: bool, config_path: str | None,
                 ask: Callable[[str], bool] | None, out: TextIO, err: TextIO, log_file: Path) -> int:
    from bot.render.results import as_json, render_outcome
    from pipelines.errors import UserError
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import Outcome, confirm, dispatch
    from tools.parse import parse

    def finish(outcome: Outcome) -> int:
        if outcome.status == "failed":
            outcome = outcome.model_copy(update={
                "message": f"Something went wrong (ref {outcome.ref}). The details are in {log_file}."})
        if json_output:
            print(as_json(outcome), file=out)
        else:
            print(render_outcome(outcome).to_text(), file=err if outcome.status in ("refused", "failed") else out)
        return EXIT_CODES["usage"] if outcome.code == "usage" else EXIT_CODES[outcome.status]

    def progress(line: str) -> None:
        print(f"… {line}", file=err)

    caller = Caller(user_id=f"cli:{getpass.getuser()}", surface="cli", trusted=True)
    try:
        call = parse(text)  # a malformed command is answered before the config or any store is touched
        ctx = Context.load(config_path=config_path)
        if isinstance(model := call.args.get("model"), str) and model in ctx.config.models:
            from tools.locking import recover_stale

            # A process that died holding this model's lock (kill -9, a crash mid-deploy) is cleaned up after
            # now, so even a read-only command shows the model as it really is.
            recover_stale(ctx, model=model)
    except UserError as exc:
        return finish(Outcome(tool="cmd", status="refused", message=str(exc), code=exc.code))
    outcome = dispatch(ctx, call.tool, call.args, caller, progress=progress)
    if outcome.status == "needs_approval" and outcome.approval is not None:
        if not json_output:
            print(render_outcome(outcome).to_text(), file=out)
        if not yes and not _asking("Approve?", ask, out=out, err=err):
            from tools.dispatch import cancel

            cancel(ctx, outcome.approval.approval_id, caller)
            print("Cancelled; nothing was changed.", file=err)
            return 1
        outcome = confirm(ctx, outcome.approval.approval_id, caller, progress=progress)
    return finish(outcome)


DEMO_STEPS = (
    "models", "train cancer", "deploy cancer challenger", "train cancer last=200d n_estimators=300 max_depth=8",
    "compare cancer", "deploy cancer challenger", "status cancer", "drift cancer", "drift cancer since=60d until=30d",
    "rollback cancer", "history cancer",
)
DEMO_FORCED = 'deploy cancer challenger force=true reason="demo: try the retrain live"'


def run_demo(*, config_path: str | None = None) -> int:
    """The loop a team runs, start to end, through the very path /mlops takes.

    Versions are named by alias (`challenger`), never by number, so a second demo on the same store works as the
    first did. Only a deploy may be refused, by the gate; an admin then forces it so the rollback has work to do.
    """
    from tools.settings import Paths

    for step in DEMO_STEPS:
        print(f"\n$ /mlops {step}")
        code = run_command(step, json_output=False, yes=True, config_path=config_path)
        if code == 1 and step.startswith("deploy"):
            print(f"\n$ /mlops {DEMO_FORCED}")
            code = run_command(DEMO_FORCED, json_output=False, yes=True, config_path=config_path)
        if code != 0:
            print(f"The demo stopped at `{step}`.", file=sys.stderr)
            return code
    print(f"\nThe demo's state (MLflow runs and models, audit, approvals) is in {Paths().home.resolve()}.")
    return 0


def _asking(question: str, ask: Callable[[str], bool] | None, *, out: TextIO, err: TextIO) -> bool:
    """Ask on the user's own streams: the work around it runs with stdout/stderr pointed at the log."""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        return ask(question) if ask is not None else _ask(question, out=out, err=err)


def _ask(question: str, *, out: TextIO, err: TextIO) -> bool:
    if not sys.stdin.isatty():
        print(f"{question} This needs confirmation: run again with --yes.", file=err)
        return False
    print(f"{question} [y/N] ", end="", file=out, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")
