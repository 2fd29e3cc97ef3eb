"""What one `/mlops status` (and `help`) costs, in CPU, on each step besides the ack itself.

    uv run --frozen python benchmarks/bench_ack_cost.py [--repeats 300]

Each step is called `repeats` times in this process against a fresh temporary MLOPS_HOME (SQLite state DB, demo
config) and timed with time.process_time (CPU, not wall: the figure holds on a busy machine). These are the steps
the ack benchmark's post-ack work repeats per command. They used to run on the web process's threads, competing
with the event loop for the GIL; `serve` now runs them in its work process (tools/work/queue.py), so they compete
only for a core, at a lower priority. A breakdown, not a comparison: the docs show it as a table, with no figure
held to a baseline. Every step runs in this one process (no children), so process_time is the whole tree's CPU. Writes
benchmarks/results/ack_cost.json through record.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from record import RESULTS, Recorder  # noqa: E402


def cpu_ms(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # first call: imports, caches, table creation
    started = time.process_time()
    for _ in range(repeats):
        fn()
    return round((time.process_time() - started) / repeats * 1000, 3)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--out", type=Path, default=RESULTS / "ack_cost.json")
    args = parser.parse_args()
    run = Recorder("ack_cost", params=vars(args))
    os.environ["MLOPS_HOME"] = tempfile.mkdtemp(prefix="mlops-ack-cost-")
    from bot.slack.render import render_outcome
    from tools.access import Caller
    from tools.config import demo_config, parse_config
    from tools.context import Context
    from tools import access
    from tools.catalog import all_tools
    from tools.dispatch import dispatch, validate
    from tools.parse import parse
    from tools.settings import Paths
    from tools.work.jobs import request_for
    from tools.work.owner import process_name

    raw = demo_config()
    raw["access"] = {"trainers": ["U"], "deployers": ["U"], "admins": ["U"]}
    ctx = Context(config=parse_config(raw, source_path="bench"), paths=Paths())
    caller = Caller(user_id="U", surface="slack", channel="C")
    job_row: dict[str, Any] = dict(kind="dispatch", tool="status", model="cancer", args={"model": "cancer"},
                                   user_id="U", surface="slack", backend="local", owner=process_name(),
                                   approval_id=None, text="status cancer", channel="C", thread_ts=None)
    job = ctx.state.create_job(**job_row)
    status = all_tools()["status"]
    helped = dispatch(ctx, "help", {}, caller)
    message = render_outcome(helped)
    steps = {
        "parse `status cancer`": lambda: parse("status cancer"),
        "check (input, role)": lambda: access.check(
            caller, ctx.config.access, status.required_role(validate(status, {"model": "cancer"}, ctx)),
            what="run status"),
        "replay claim (INSERT)": lambda: ctx.state.first_delivery(str(time.time()), os.urandom(8).hex()),
        "job row (INSERT)": lambda: ctx.state.create_job(**job_row),
        "job request (config as data)": lambda: request_for(ctx, job_id=job.id, kind="dispatch", tool="status",
                                                            args={"model": "cancer"}, caller=caller),
        "one poll of the job row": lambda: ctx.state.job(job.id),
        "dispatch `help`": lambda: dispatch(ctx, "help", {}, caller),
        "render `help`": lambda: render_outcome(helped),
        "Block Kit of `help`": lambda: message.to_blocks(),
    }
    rows = {name: cpu_ms(fn, args.repeats) for name, fn in steps.items()}
    for name, ms in rows.items():
        print(f"{name:32} {ms:7.3f} ms CPU")
    # A breakdown, not a comparison: no figure is published from it, only this table.
    run.table(f"CPU per call, mean of {args.repeats} calls after one unmeasured call (time.process_time; no step "
              "starts a process, so this process is the whole tree)",
              ["step", "CPU ms per call"], [[name, ms] for name, ms in rows.items()])
    run.write(args.out, {"repeats": args.repeats, "cpu_ms": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
