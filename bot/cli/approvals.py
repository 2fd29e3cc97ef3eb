"""`mlops-bot approvals`, `approve ID`, `reject ID`: pending changes decided from a terminal.

Whoever asked (Slack, the agent, an MCP client), the terminal's operator decides as the trusted local user, through
the same `confirm` / `cancel` as a Slack button: the change is planned again under the model's lease and runs only
if it is still exactly what was proposed. When the approval was posted in Slack, its message says what came of it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from bot.cli.terminal import exit_code, local_user, progress_to
from tools import logs

if TYPE_CHECKING:
    from tools.catalog.approval import ApprovalState
    from tools.context import Context
    from tools.outcome import Outcome

log = logging.getLogger("mlops.cli")


def list_pending(*, json_output: bool, config_path: str | None = None) -> int:
    """Print the approvals still waiting (unexpired), oldest first; 0 even when there are none."""
    from tools.catalog.approval import ApprovalState

    out = sys.stdout
    with _session(config_path, json_output=json_output) as ctx:
        if ctx is None:
            return 1
        pending = sorted((ApprovalState.of(a) for a in ctx.state.pending_approvals()), key=lambda a: a.created_at)
    if json_output:
        print(json.dumps([a.model_dump(mode="json") for a in pending], indent=2), file=out)
    elif not pending:
        print("No approvals are waiting.", file=out)
    else:
        _table(pending, out)
    return 0


def decide(approval_id: str, *, approve: bool, config_path: str | None = None) -> int:
    """Approve (it runs now, as proposed) or reject one approval as the terminal's operator; 0 when done."""
    from bot.slack.render import render_outcome

    out, err = sys.stdout, sys.stderr
    approval_id = approval_id.strip().lower()
    with _session(config_path, json_output=False) as ctx:
        if ctx is None:
            return 1
        outcome = _decide(ctx, approval_id, approve=approve, err=err)
    text = render_outcome(outcome).to_text()
    if outcome.status == "done":
        print(text if approve else outcome.message, file=out)
        return 0
    print(text, file=err if outcome.status in ("refused", "failed") else out)
    if outcome.status == "needs_approval" and outcome.approval is not None:  # the change moved: a fresh one to decide
        print(f"Nothing was changed. To approve the change as it is now: mlops-bot approve "
              f"{outcome.approval.approval_id}", file=err)
    return max(exit_code(outcome), 1)


def _decide(ctx: Context, approval_id: str, *, approve: bool, err: TextIO) -> Outcome:
    from bot.mcp.slack import settle
    from tools.dispatch import cancel, confirm
    from tools.work.executor import command_executor
    from tools.work.lease import recover_stale

    caller = local_user()
    try:
        model = ctx.state.approval(approval_id).model
    except Exception:  # unknown id: confirm/cancel say so in their own words
        model = None
    if model in ctx.config.models:
        recover_stale(ctx, model=model)  # as `cmd` does: a lease a dead process left is cleaned up first
    executor = command_executor(ctx, progress_to(err))
    try:
        outcome = (confirm(ctx, approval_id, caller, executor=executor, progress=progress_to(err)) if approve
                   else cancel(ctx, approval_id, caller))
    finally:
        executor.shutdown()
    if outcome.code != "approval":  # an unknown or already decided id has no message to update
        try:
            settle(ctx, approval_id, outcome, approved=approve, by=caller.user_id)
        except Exception:  # Slack trouble never changes what was decided; the log has it
            log.exception("could not tell Slack about approval %s", approval_id)
    return outcome


@contextlib.contextmanager
def _session(config_path: str | None, *, json_output: bool) -> Iterator[Context | None]:
    """The config and stores for one command, the libraries' chatter to the log; None (the reason printed) when
    the config does not load."""
    from pipelines.errors import UserError
    from tools.context import Context
    from tools.settings import Paths

    logs.setup(Paths().home)
    try:
        ctx = Context.load(config_path=config_path)
    except UserError as exc:
        print(json.dumps({"error": str(exc), "code": exc.code}) if json_output else exc, file=sys.stderr)
        yield None
        return
    with logs.chatter_to_log():
        yield ctx


def _table(pending: list[ApprovalState], out: TextIO) -> None:
    from bot.slack.render.message import Table

    rows = [[a.approval_id, a.change, a.requested_by, a.surface, f"{a.expires_at:%H:%M} UTC"] for a in pending]
    table = Table(header=["id", "change", "asked by", "via", "expires"], rows=rows, align=["l"] * 5)
    print("\n".join(table.lines()), file=out)
    print("\nDecide with: mlops-bot approve <id> | mlops-bot reject <id>", file=out)

