"""Scoring a chat model on an evaluation set: each request planned in dry-run by the real agent loop, compared exactly.

A set is JSONL (see tests/tools/agent/eval/README.md): `#` lines are its header (which may say `today = YYYY-MM-DD`),
every other line one request with its thread context and the registry calls it should plan. A plan counts when it
equals the expected calls exactly: the same tools in order, the same args, the same `when`. Whether a deploy waits
for a compare is asked of the model itself: a plan with a compare before a deploy is planned again with the compare
saying "worse", and a deploy that then disappears is the conditional one (`when: if_better`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tools.access import Caller
from tools.agent.toolkit import changes
from tools.catalog import all_tools

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tools.context import Context

EXPERIMENT = "agent-eval"
NO_CALL = "none"  # the intent of a request that should plan no call at all (refuse, out of scope, ask)
_TODAY = re.compile(r"today\s*=\s*(\d{4}-\d{2}-\d{2})")
_CALLER = Caller(user_id="agent-eval", surface="cli", trusted=True)  # dry-run only: nothing is dispatched


@dataclass
class Case:
    id: str
    text: str
    expected: list[dict[str, Any]]
    families: list[str] = field(default_factory=list)
    context: list[dict[str, Any]] = field(default_factory=list)


class Intent(BaseModel):
    total: int = 0
    exact: int = 0


class Miss(BaseModel):
    id: str
    text: str
    expected: list[dict[str, Any]]
    got: list[dict[str, Any]]


class Score(BaseModel):
    total: int
    exact: int
    accuracy: float
    by_intent: dict[str, Intent]
    misses: list[Miss] = Field(default_factory=list)
    mutating_on_reads: int = 0  # mutating calls planned for requests that only read or should plan nothing


def load(path: str | Path) -> tuple[list[Case], date | None]:
    """The cases of a set, and the date its relative windows are resolved against (from its header)."""
    today, cases = None, []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            if today is None and (m := _TODAY.search(line)):
                today = date.fromisoformat(m.group(1))
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(Case(id=str(row["id"]), text=row["text"], expected=row["expected"],
                              families=row.get("families", []), context=row.get("context", [])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not an evaluation case ({exc})") from None
    return cases, today


def history(context: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A case's thread as the agent's remembered messages (what a Slack thread's memory holds)."""
    from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage, messages_to_dict

    messages: list[BaseMessage] = []
    for index, item in enumerate(context):
        role = item.get("role")
        if role == "user":
            messages.append(HumanMessage(content=item.get("content", "")))
        elif role == "assistant":
            messages.append(AIMessage(content=item.get("content", "")))
        elif role == "tool":
            call_id = f"ctx_{index}"
            seen = {k: item[k] for k in ("tool", "status", "result", "approval", "message") if k in item}
            messages.append(AIMessage(content="", tool_calls=[{"name": item["tool"], "args": item.get("args", {}),
                                                               "id": call_id, "type": "tool_call"}]))
            messages.append(ToolMessage(content=json.dumps(seen), tool_call_id=call_id))
    return messages_to_dict(messages)


def plan(ctx: Context, case: Case, model: BaseChatModel) -> list[dict[str, Any]]:
    """The calls the model plans for a case, in dry-run, with `when` on a deploy that waits for a compare."""
    from tools.agent.run import run_turn

    def planned(verdict: str) -> list[dict[str, Any]]:
        reply = run_turn(ctx, _CALLER, case.text, history=history(case.context), dry_run=True, model=model,
                         assume={"compare": {"verdict": verdict}})
        return [{"tool": c.tool, "args": c.args} for c in reply.calls]

    calls = planned("better")
    tools = [c["tool"] for c in calls]
    if "compare" in tools and "deploy" in tools[tools.index("compare"):]:
        unconditional = planned("worse")
        for call in calls:
            if call["tool"] == "deploy" and call not in unconditional:
                call["when"] = "if_better"
    return calls


def score(cases: list[Case], plans: list[list[dict[str, Any]]], *, config: Any = None) -> Score:
    tools = all_tools()
    by_intent: dict[str, Intent] = {}
    misses, exact, on_reads = [], 0, 0
    for case, got in zip(cases, plans, strict=True):
        hit = _normal(got) == _normal(case.expected)
        exact += hit
        for intent in dict.fromkeys([c["tool"] for c in case.expected] or [NO_CALL]):
            entry = by_intent.setdefault(intent, Intent())
            entry.total += 1
            entry.exact += hit
        if not hit:
            misses.append(Miss(id=case.id, text=case.text, expected=case.expected, got=got))
        if not any(_changes(c, tools, config) for c in case.expected):
            on_reads += sum(1 for c in got if _changes(c, tools, config))
    order = [*all_tools(), NO_CALL]
    ranked = dict(sorted(by_intent.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    return Score(total=len(cases), exact=exact, accuracy=round(exact / len(cases), 4) if cases else 0.0,
                 by_intent=ranked, misses=misses, mutating_on_reads=on_reads)


def evaluate(ctx: Context, path: str | Path, *, model_spec: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> Score:
    """Plan every case of the set with the model (`[agent] model`, or `model_spec`) and score the plans."""
    from tools.agent.run import chat_model

    cases, today = load(path)
    model = chat_model(ctx, spec=model_spec, today=today)
    plans = []
    for index, case in enumerate(cases, start=1):
        plans.append(plan(ctx, case, model))
        if progress is not None:
            progress(index, len(cases))
    return score(cases, plans, config=ctx.config)


def log_run(ctx: Context, result: Score, path: str | Path, *, model_name: str) -> str:
    """An MLflow run in the `agent-eval` experiment: accuracy, per-intent accuracy, the set and the misses."""
    import tempfile

    registry = ctx.registry
    client = registry.client
    found = client.get_experiment_by_name(EXPERIMENT)
    if found is not None:
        experiment = found.experiment_id
    else:
        location = (registry.artifact_root / EXPERIMENT).resolve().as_uri() if registry.artifact_root else None
        experiment = client.create_experiment(EXPERIMENT, artifact_location=location)
    run = client.create_run(experiment, tags={"mlflow.runName": f"{model_name} on {Path(path).name}"})
    run_id = run.info.run_id
    try:
        client.log_param(run_id, "model", model_name)
        client.log_param(run_id, "file", str(path))
        client.log_metric(run_id, "accuracy", result.accuracy)
        client.log_metric(run_id, "total", result.total)
        client.log_metric(run_id, "exact", result.exact)
        client.log_metric(run_id, "mutating_on_reads", result.mutating_on_reads)
        for intent, entry in result.by_intent.items():
            client.log_metric(run_id, f"accuracy.{intent}", round(entry.exact / entry.total, 4))
        client.log_artifact(run_id, str(path))
        with tempfile.TemporaryDirectory(prefix="mlops-eval-") as folder:
            misses = Path(folder) / "misses.json"
            misses.write_text(json.dumps([m.model_dump() for m in result.misses], indent=1))
            client.log_artifact(run_id, str(misses))
        client.set_terminated(run_id, status="FINISHED")
    except Exception:
        client.set_terminated(run_id, status="FAILED")
        raise
    return run_id


def percent(exact: int, total: int) -> str:
    """A share to one decimal, rounded down: one miss in 3,182 reads 99.9%, never 100.0%."""
    return f"{math.floor(1000 * exact / total) / 10:.1f}%" if total else "n/a"


def table(result: Score) -> str:
    """The per-intent table as Markdown (what the docs quote)."""
    lines = ["| intent | requests | exact | accuracy |", "|---|---:|---:|---:|"]
    for intent, entry in result.by_intent.items():
        lines.append(f"| `{intent}` | {entry.total} | {entry.exact} | {percent(entry.exact, entry.total)} |")
    lines.append(f"| **all** | {result.total} | {result.exact} | {percent(result.exact, result.total)} |")
    return "\n".join(lines)


def _normal(calls: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(c["tool"], json.dumps(c.get("args", {}), sort_keys=True), c.get("when")) for c in calls]


def _changes(call: dict[str, Any], tools: dict[str, Any], config: Any) -> bool:
    return call["tool"] in tools and changes(tools[call["tool"]], call.get("args", {}), config)
