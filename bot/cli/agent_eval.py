"""`mlops-bot agent-eval FILE`: score a chat model (the offline interpreter by default) on an evaluation set.

Thin: the planning and scoring live in `tools.agent.evaluation`; this prints the score (a table and the misses, or
JSON) and logs it as an MLflow run in the `agent-eval` experiment. It exits 0 whatever the score: a score is a
measurement, not a failure; only an unreadable file or config exits 1.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from tools import logs

if TYPE_CHECKING:
    from tools.agent.evaluation import Score


def run_eval(file: str, *, json_output: bool, model: str | None, config_path: str | None) -> int:
    from pipelines.errors import UserError
    from tools.agent import evaluation
    from tools.context import Context
    from tools.settings import Paths

    logs.setup(Paths().home)
    try:
        ctx = Context.load(config_path=config_path)
        name = model or ctx.config.agent.model or "offline"
        with logs.chatter_to_log():
            result = evaluation.evaluate(ctx, file, model_spec=model, progress=None if json_output else _progress)
    except (UserError, OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if json_output:
        print(result.model_dump_json())
    else:
        _show(result, name=name, file=file)
    try:
        with logs.chatter_to_log():
            run_id = evaluation.log_run(ctx, result, file, model_name=name)
        print(f"MLflow run {run_id} in experiment {evaluation.EXPERIMENT}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - the score was printed; a store that cannot take it is a warning
        print(f"warning: the score was not logged to MLflow: {exc}", file=sys.stderr)
    return 0


def _progress(done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        print(f"  planned {done}/{total}", file=sys.stderr)


def _show(result: Score, *, name: str, file: str) -> None:
    from tools.agent.evaluation import percent, table

    print(f"{name} on {file}: {result.exact}/{result.total} exact = {percent(result.exact, result.total)}; "
          f"mutating calls on read requests: {result.mutating_on_reads}")
    print(table(result))
    for miss in result.misses:
        print(f"\nMISS {miss.id}: {miss.text}\n  expected {json.dumps(miss.expected)}\n  got      {json.dumps(miss.got)}")
