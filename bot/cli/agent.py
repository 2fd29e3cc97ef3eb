"""`mlops-bot ask` and `mlops-bot chat`: the agent from a terminal, through the same dispatch and renderers.

Approvals are asked inline: the agent's mutating call becomes a stored approval (as in Slack), the terminal
shows it and asks; a yes confirms it as the trusted local user, anything else cancels it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.terminal import EXIT_CODES, confirmed, local_user, progress_to
from tools import logs

if TYPE_CHECKING:
    from tools.access import Caller
    from tools.context import Context
    from tools.outcome import Outcome
    from tools.work.executor import Executor

CHAT_PROMPT = "mlops> "
_QUIT = {"exit", "quit", ":q", "bye"}


def _log_to_file() -> None:
    """Our log and the libraries' chatter to $MLOPS_HOME/mlops-bot.log, not onto the conversation."""
    from tools.settings import Paths

    logs.setup(Paths().home)


def ask(text: str, *, dry_run: bool, json_output: bool, yes: bool, config_path: str | None = None) -> int:
    _log_to_file()
    from pipelines.errors import UserError
    from tools.agent.run import run_turn
    from tools.context import Context
    from tools.work.executor import command_executor

    caller = local_user()
    try:
        ctx = Context.load(config_path=config_path)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    progress = None if json_output else progress_to(sys.stderr)
    executor = None if dry_run else command_executor(ctx, progress)
    try:
        approve = None if dry_run else _inline_approval(ctx, caller, executor, lambda q: yes or confirmed(q),
                                                        quiet=json_output)
        reply = run_turn(ctx, caller, text, dry_run=dry_run, approve=approve, executor=executor,
                         progress=progress)
    finally:
        if executor is not None:
            executor.shutdown()
    if dry_run and json_output:
        print(json.dumps([call.model_dump() for call in reply.calls]))
    elif json_output:
        print(json.dumps({"answer": reply.text, "calls": [c.model_dump() for c in reply.calls],
                          "outcomes": [json.loads(o.model_dump_json()) for o in reply.outcomes]}, default=str))
    else:
        _show(reply, stream=sys.stdout)
    return exit_code(reply)


def chat(*, config_path: str | None = None) -> int:
    """A terminal session: `/mlops …` or a known verb takes the command path, anything else the agent."""
    _log_to_file()
    from bot.cli.command import run_command
    from pipelines.errors import UserError
    from tools.agent.run import run_turn
    from tools.catalog import all_tools
    from tools.context import Context
    from tools.work.executor import command_executor

    try:
        ctx = Context.load(config_path=config_path)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    _line_editing(ctx.paths.home)
    caller = local_user()
    verbs = {t.verb for t in all_tools().values()}
    executor = command_executor(ctx, progress_to(sys.stderr))

    def ask_yes(question: str) -> bool:
        return confirmed(question, needs_tty=False)

    approve = _inline_approval(ctx, caller, executor, ask_yes, quiet=False)
    history: list[dict[str, Any]] = []  # one conversation memory for the whole session
    print("mlops chat: ask in plain words, or type /mlops <command>. exit to leave.")
    try:
        while True:
            try:
                line = input(CHAT_PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if not line:
                continue
            if line.lower() in _QUIT:
                return 0
            command = line.removeprefix("/mlops").strip() if line.startswith("/mlops") else None
            if command is None and line.split()[0].lower() in verbs and _looks_like_command(line):
                command = line
            if command is not None:
                run_command(command, json_output=False, yes=False, config_path=config_path, ask=ask_yes)
                continue
            reply = run_turn(ctx, caller, line, history=history, approve=approve, executor=executor,
                             progress=progress_to(sys.stderr))
            history += reply.messages
            _show(reply, stream=sys.stdout)
    finally:
        executor.shutdown()


def exit_code(reply: Any) -> int:
    """As `cmd`: 0 done (or waiting for approval), 1 refused or failed, 2 not understood (nothing planned)."""
    if not reply.calls:
        return EXIT_CODES["usage"]
    worst = [EXIT_CODES["usage"] if o.code == "usage" else EXIT_CODES[o.status] for o in reply.outcomes]
    return max(worst, default=0)


def _inline_approval(ctx: Context, caller: Caller, executor: Executor | None, ask_yes: Callable[[str], bool], *,
                     quiet: bool) -> Callable[[Outcome], Outcome]:
    from bot.slack.render import render_outcome
    from tools.dispatch import cancel, confirm
    from tools.outcome import Outcome

    def approve(outcome: Outcome) -> Outcome:
        if not quiet:
            print(render_outcome(outcome).to_text())
        approval_id = outcome.approval.approval_id  # type: ignore[union-attr]
        if ask_yes("Approve?"):
            return confirm(ctx, approval_id, caller, executor=executor,
                           progress=None if quiet else progress_to(sys.stderr))
        cancel(ctx, approval_id, caller)
        return Outcome(tool=outcome.tool, status="refused", code="cancelled",
                       message="Cancelled at the prompt; nothing was changed.")

    return approve


def _show(reply: Any, *, stream: Any) -> None:
    from bot.slack.render import render_outcome

    print(reply.text, file=stream)
    for outcome in reply.outcomes:
        if outcome.status in ("done", "needs_approval"):
            print("\n" + render_outcome(outcome).to_text(), file=stream)


def _looks_like_command(line: str) -> bool:
    # "status cancer" is a command; "status of cancer please?" reads better as plain words for the agent.
    from pipelines.errors import UserError
    from tools.parse import parse

    try:
        parse(line)
    except UserError:
        return False
    return True


def _line_editing(home: Path) -> None:
    """Arrow keys and a history kept across sessions, where the platform has readline."""
    try:
        import atexit
        import readline
    except ImportError:
        return
    history = home / "chat_history"
    try:
        home.mkdir(parents=True, exist_ok=True)
        readline.read_history_file(history)
    except OSError:
        pass
    readline.set_history_length(1000)
    atexit.register(lambda: _save_history(readline, history))


def _save_history(readline: Any, path: Path) -> None:
    try:
        readline.write_history_file(path)
    except OSError:
        pass
