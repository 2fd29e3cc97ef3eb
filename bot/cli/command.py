"""`mlops-bot cmd`: one /mlops command from the terminal, through the same parse, dispatch and render as Slack,
with a question in place of the Approve button."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.cli.terminal import confirmed, exit_code, local_user, progress_to
from tools import logs

log = logging.getLogger("mlops.cli")


def run_command(text: str, *, json_output: bool, yes: bool, config_path: str | None = None,
                ask: Callable[[str], bool] | None = None) -> int:
    """Parse, dispatch and print one command. Our lines go to the streams current now; whatever the libraries
    print while it runs goes to the log file, so `--json` prints exactly one JSON document on stdout."""
    from tools.errors import failure
    from tools.settings import Paths

    out, err = sys.stdout, sys.stderr
    log_file = logs.setup(Paths().home)
    try:
        with logs.chatter_to_log():
            return _run_command(text, json_output=json_output, yes=yes, config_path=config_path, ask=ask, out=out,
                                err=err, log_file=log_file)
    except Exception as exc:  # a bug outside dispatch's own error mapping: one line, the traceback in the log
        told = failure(exc, log=log, doing=f"cmd {text!r}", details_in=str(log_file))
        print(json.dumps({"error": told.message, "code": "failed", "ref": told.ref}) if json_output else told.message,
              file=out if json_output else err)
        return 1


def _run_command(text: str, *, json_output: bool, yes: bool, config_path: str | None,
                 ask: Callable[[str], bool] | None, out: TextIO, err: TextIO, log_file: Path) -> int:
    from bot.slack.render import as_json, render_outcome
    from pipelines.errors import UserError
    from tools.context import Context
    from tools.dispatch import cancel, confirm, dispatch
    from tools.outcome import Outcome
    from tools.parse import parse
    from tools.work.executor import command_executor

    def finish(outcome: Outcome) -> int:
        if outcome.status == "failed":
            outcome = outcome.model_copy(update={
                "message": f"Something went wrong (ref {outcome.ref}). The details are in {log_file}."})
        if json_output:
            print(as_json(outcome), file=out)
        else:
            print(render_outcome(outcome).to_text(), file=err if outcome.status in ("refused", "failed") else out)
        return exit_code(outcome)

    caller, progress = local_user(), progress_to(err)
    try:
        call = parse(text)  # a malformed command is answered before the config or any store is touched
        ctx = Context.load(config_path=config_path)
        if isinstance(model := call.args.get("model"), str) and model in ctx.config.models:
            from tools.work.lease import recover_stale

            # A process that died holding this model's lease (kill -9, a crash mid-deploy) is cleaned up after
            # now, so even a read-only command shows the model as it really is.
            recover_stale(ctx, model=model)
    except UserError as exc:
        return finish(Outcome(tool="cmd", status="refused", message=str(exc), code=exc.code))
    executor = command_executor(ctx, progress)
    try:
        outcome = dispatch(ctx, call.tool, call.args, caller, executor=executor, progress=progress)
        if outcome.status == "needs_approval" and outcome.approval is not None:
            if not json_output:
                print(render_outcome(outcome).to_text(), file=out)
            if not yes and not _asking("Approve?", ask, out=out, err=err):
                cancel(ctx, outcome.approval.approval_id, caller)
                print("Cancelled; nothing was changed.", file=err)
                return 1
            outcome = confirm(ctx, outcome.approval.approval_id, caller, executor=executor, progress=progress)
    finally:
        executor.shutdown()
    return finish(outcome)


def _asking(question: str, ask: Callable[[str], bool] | None, *, out: TextIO, err: TextIO) -> bool:
    """Ask on the user's own streams: the work around it runs with stdout/stderr pointed at the log."""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        return ask(question) if ask is not None else confirmed(question)
