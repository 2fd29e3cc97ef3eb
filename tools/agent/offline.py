"""The offline interpreter as a LangChain chat model: no network, no key, the same agent loop as a real LLM.

Each time the loop asks it for the next message it reads the request (and what the conversation settled
before), plans the registry calls with `understand.read`, and answers with the next tool call, or, when the
plan is done, stopped by a refusal or waiting for an approval, with a sentence or two about what happened.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from tools.agent.understanding import cues, intents
from tools.agent.understanding.names import Models
from tools.agent.understanding.slots import JOB
from tools.agent.understanding.threads.records import (answered_incident, listed_incidents, listed_monitors, listed_rows,
                                                      open_on, pending_approval, posted_incident, running_job,
                                                      shown_incident, told_rows)
from tools.agent.understanding.threads import words as threads
from tools.agent.understanding.words import feedback
from tools.agent.understand import Memory, Step, read

NOTE_NAME = "mlops"  # HumanMessages with this name are the bot's own notes (an approval decided), not requests


class OfflineModel(BaseChatModel):
    models: dict[str, str]  # configured model name -> description
    today: date | None = None

    @property
    def _llm_type(self) -> str:
        return "mlops-offline"

    def bind_tools(self, tools: Any, *, tool_choice: Any = None, **kwargs: Any) -> Any:
        # A tool's name, without converting its whole schema to OpenAI's format on every step of every turn.
        names = [t.name if isinstance(t, BaseTool) else convert_to_openai_tool(t)["function"]["name"] for t in tools]
        return self.bind(tools=names, **kwargs)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        message = self.next_message(messages, list(kwargs.get("tools") or []))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def next_message(self, messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        at = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage) and m.name != NOTE_NAME), default=-1)
        if at < 0:
            return AIMessage(content="Ask me something, e.g. \"how is cancer doing?\"")
        memory = recall(messages[:at], self.models)
        reading = read(messages[at].text, self.models, today=self.today or date.today(), memory=memory)
        if reading.problem:
            return AIMessage(content=reading.problem)
        results = [_load(m.content) for m in messages[at + 1:] if isinstance(m, ToolMessage)]
        return _advance(reading.steps, results, tools)


def mentioned_model(text: str, models: dict[str, str]) -> str | None:
    """The configured model a message names or describes, if any (for "it" in later turns)."""
    known = Models(models, reserved=set(cues.VOCABULARY))
    hits = known.find(intents.normal(text, keep=known.vocabulary))
    return hits[0].canon if hits else None


def recall(messages: list[BaseMessage], models: dict[str, str]) -> Memory:
    """What earlier turns settled: the last model spoken of, the version last trained or shown."""
    memory = Memory()
    calls: dict[str, dict[str, Any]] = {}
    request: str | None = None  # the thread's last request, while nothing has been done for it
    answers = False  # the next message of the bot answers a call (not an alert it posts on its own)
    for message in messages:
        if isinstance(message, HumanMessage) and message.name != NOTE_NAME:
            memory.model = mentioned_model(message.text, models) or memory.model
            request, memory.asked = message.text, None
            memory.about_agent = feedback.about_the_agent(message.text.lower())
            answers = False
            continue
        if isinstance(message, AIMessage):
            if not message.tool_calls and not answers and (posted := posted_incident(message.text)):
                # an alert the monitor posted: the incident it shows, as its own view would ("was it resolved since?")
                memory.incident, memory.last, memory.listed, memory.rows = posted[0], ("incident", {
                    "incident": posted[0]}), (), ()
                memory.model = posted[1] if posted[1] in models else memory.model
            if not message.tool_calls:  # "Unknown model 'fraud'.": "which ones do you know then?" asks for the list
                memory.unknown = threads.says_unknown_model(message.text) or answers and memory.unknown
            if not message.tool_calls and answers and memory.last and not memory.last[1].get("model") and (
                    subject := threads.subject_of_answer(message.text)) and subject in models:
                memory.model = subject  # "wine is the noisiest" after a listing of every model: "snooze it" is wine
            if not message.tool_calls and threads.LOCKED.search(message.text.lower()):
                # "Couldn't cancel j-77 …, and cancer is still locked by it.": "just release the lock" frees cancer's
                memory.locked, memory.model = True, mentioned_model(message.text, models) or memory.model
            answers = bool(message.tool_calls)
            calls.update({c["id"]: c for c in message.tool_calls})
            memory.about_agent = memory.about_agent and not message.tool_calls
            request = None if message.tool_calls else request
            memory.asked = request if request and "?" in message.text else None  # "Which model: cancer or wine?"
            memory.offered = None if message.tool_calls else threads.offered_change(message.text)
            if job := JOB.search(message.text):
                memory.job = job.group(1)
            if not message.tool_calls:
                _alert_posted(memory, message.text, models)
                memory.incident = answered_incident(message.text) or memory.incident  # "postmortem pls" after it
                memory.rows = told_rows(memory.rows, message.text)  # "the open one": as the answer told each
            continue
        if isinstance(message, HumanMessage) and message.text.startswith(_POSTED):
            _alert_posted(memory, message.text[len(_POSTED):], models)
            continue
        if isinstance(message, ToolMessage) or (isinstance(message, HumanMessage) and message.name == NOTE_NAME):
            before = dataclasses.replace(memory)
            try:
                _recall_result(memory, message, calls, models)
            except (TypeError, ValueError, AttributeError, KeyError):
                # A result of a shape no tool of ours returns (another model's call, a hand-written thread, an older
                # version's memory) settles nothing; the turn is still read, on what the rest of the thread settled.
                memory = before
    return memory


def _recall_result(memory: Memory, message: BaseMessage, calls: dict[str, dict[str, Any]],
                   models: dict[str, str]) -> None:
    """What a tool's result (or a note of the bot's) settles in the thread's memory."""
    data = _load(message.content if isinstance(message, ToolMessage) else message.text[message.text.find("{"):])
    result = data.get("result") or {}
    memory.unknown = threads.says_unknown_model(f"{result.get('error') or ''} {data.get('message') or ''}")
    memory.model = result.get("model") or (data.get("approval") or {}).get("args", {}).get("model") or memory.model
    call = calls.get(getattr(message, "tool_call_id", ""))
    if call is not None:
        memory.last = (call["name"], dict(call.get("args") or {}))
        memory.pending = data.get("status") == "needs_approval"
    made = result.get("version") or result.get("best_version") or (result.get("trained") or {}).get(
        "version")  # a tune registers its best (a small result may name it best_version)
    if data.get("tool") in ("train", "tune") and data.get("status") == "done" and made:
        memory.trained = memory.version = int(made)
    elif result.get("b_version") or result.get("version"):
        memory.version = int(result.get("b_version") or result["version"])
    elif compared := threads.compared_version(call, result):
        memory.version = compared  # "great, deploy that" after a compare: the version it compared
    elif read := threads.version_read(call):
        memory.version = read  # "pull the card for that version" after a reproduce of v3
    if call is not None:
        if call["name"] != "approval":  # an approval's status is about the change it waits on: "propose the
            memory.moved = _moved_to(call, result)  # deploy again" after it expired is that deploy
            memory.replaced = _moved_from(call, result)  # "is the version it replaced reproducible?"
        live = result.get("production") if call["name"] == "status" else None
        memory.live = live if isinstance(live, int) else None  # what a status showed live: "that one"
        memory.locked = threads.shows_lock(result, data.get("message"))  # "release it": that lock
    if job := result["job"] if isinstance(result.get("job"), str) else running_job(result):
        memory.job = job  # a job a change started, or the one a status showed running
    memory.approval = (data.get("approval") or {}).get("id") or pending_approval(result) or memory.approval
    incident, model = shown_incident(call, result)
    if call is not None and not (call["name"] in ("incident", "rate_alert") and incident in memory.listed):
        # one incident of a listing shown or rated: the listing is still what "the cancer one" points into
        memory.listed, memory.rows = listed_incidents(result), listed_rows(result)
    if call is not None:
        memory.monitors, memory.open_on = listed_monitors(result), open_on(result)
    memory.incident = incident or memory.incident
    memory.model = model or memory.model  # "run a check on it" after the one incident shown: its model


_POSTED = "Posted by the bot in this thread before any request (not a request): "


def alerts_posted(messages: list[BaseMessage]) -> list[BaseMessage]:
    """The alerts the bot posted in a thread before its first request, as the bot's notes: a model API wants a thread
    to open with a person's turn, and what is said under an alert is about it."""
    return [HumanMessage(content=_POSTED + m.text, name=NOTE_NAME) for m in messages
            if isinstance(m, AIMessage) and not m.tool_calls and threads.alert_posted(m.text)]


def _alert_posted(memory: Memory, text: str, models: dict[str, str]) -> None:
    """An alert posted in the thread: its incident, and the model it is about ("shhh 1h", "was it resolved?")."""
    if posted := threads.alert_posted(text):
        memory.incident = posted
        memory.model = mentioned_model(text, models) or memory.model


def _moved_to(call: dict[str, Any], result: dict[str, Any]) -> int | None:
    """The version a deploy or rollback moved production to, or the one it asked for (when refused or waiting), or
    the newest move a history listing showed: "its model card" / "force deploy it" / "reproduce that version" after
    it mean that version."""
    if call["name"] == "history":
        said = next((e.get("to_version") for e in _entries(result) if e.get("to_version")), None)  # newest first
    elif call["name"] in ("deploy", "rollback"):
        said = result.get("to_version") or (call.get("args") or {}).get("version")
    else:
        return None
    return int(said) if str(said).isdigit() else None


def _moved_from(call: dict[str, Any], result: dict[str, Any]) -> int | None:
    """The version a deploy or rollback (or the newest move a history listing showed) took production from."""
    if call["name"] == "history":
        said = next((e.get("from_version") for e in _entries(result) if e.get("to_version")), None)
    else:
        said = result.get("from_version") if call["name"] in ("deploy", "rollback") else None
    return int(said) if str(said).isdigit() else None


def _entries(result: dict[str, Any]) -> list[dict[str, Any]]:
    """A history listing's entries; a thread's memory is whatever its messages held (another model's tool results,
    a hand-written eval thread), so anything that is not a list of entries is no listing."""
    entries = result.get("entries")
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _advance(steps: list[Step], results: list[dict[str, Any]], tools: list[str]) -> AIMessage:
    said: list[str] = []
    done = iter(results)
    turn: dict[str, dict[str, Any]] = {}
    for index, step in enumerate(steps):
        if step.when == "if_better" and not _better(turn.get("compare")):
            said.append("The new version is not better than production, so I did not propose a deploy.")
            continue
        result = next(done, None)
        if result is None:
            if step.tool not in tools:
                said.append(f"I can't use {step.tool} here.")
                break
            args = dict(step.args)
            trained = turn.get("train", {}).get("result", {}).get("version")
            if step.version_of_trained and trained:
                args["version"] = str(trained)
            return AIMessage(content="", tool_calls=[{"name": step.tool, "args": args, "id": f"call_{index}_{step.tool}",
                                                      "type": "tool_call"}])
        turn[step.tool] = result
        said.append(_sentence(result, step))
        if result.get("status") in ("refused", "failed"):
            break
        if result.get("status") == "needs_approval" and index < len(steps) - 1:
            said.append("The rest of your request waits for that approval: ask me again once it is decided.")
            break
    return AIMessage(content=" ".join(s for s in said if s) or "Done.")


def _better(compare: dict[str, Any] | None) -> bool:
    """Whether the compare before a conditional deploy said better (a dry run without a verdict assumes so)."""
    if compare is None:
        return False
    verdict = (compare.get("result") or {}).get("verdict")
    return verdict == "better" or (verdict is None and compare.get("status") == "dry_run")


def _sentence(data: dict[str, Any], step: Step) -> str:
    status, tool, r = data.get("status"), data.get("tool", step.tool), data.get("result") or {}
    if status == "dry_run":
        args = ", ".join(f"{k}={v}" for k, v in (data.get("args") or {}).items())
        condition = " only if compare says better" if step.when else ""
        return f"Dry run: I would call {tool}({args}){condition}; nothing was executed."
    if status in ("refused", "failed"):
        return f"{tool} did not run: {data.get('message', 'it was refused')}"
    if status == "needs_approval":
        approval = data.get("approval") or {}
        target = f" v{approval['to_version']}" if approval.get("to_version") else ""
        model = approval.get("args", {}).get("model", "")
        return (f"{tool.capitalize()} of {model}{target} needs approval: I posted an Approve / Cancel request; "
                "nothing has changed yet.")
    model = r.get("model", step.args.get("model", ""))
    if tool == "train":
        metric = (r.get("metrics") or {}).get(r.get("primary_metric"))
        score = f", {r.get('primary_metric')} {metric:.4f}" if isinstance(metric, float) else ""
        return f"Trained {model} v{r.get('version')}: it is the new challenger{score}."
    if tool == "compare":
        verdict = {"better": "better than", "worse": "worse than", "inconclusive": "not clearly better than",
                   "same version": "the same version as"}.get(r.get("verdict"), "compared with")
        return f"{model} v{r.get('b_version')} is {verdict} v{r.get('a_version')} on {r.get('primary_metric')}."
    if tool in ("deploy", "rollback"):
        return f"{model} production is now v{r.get('to_version')}."
    if tool == "evaluate":
        metric = (r.get("metrics") or {}).get(r.get("primary_metric"))
        return f"{model} v{r.get('version')} scores {r.get('primary_metric')} {metric:.4f} on held-out rows." if isinstance(
            metric, float) else f"Evaluated {model} v{r.get('version')}."
    if tool == "status":
        prod, chal = r.get("production"), r.get("challenger")
        return (f"{model}: production is {'v' + str(prod) if prod else 'not set'}, "
                f"challenger {'v' + str(chal) if chal else 'none'}.")
    if tool == "validate_data":
        problems = (r.get("report") or {}).get("problems") or []
        return (f"The {model} data on {r.get('window')} passes the validation gate." if not problems else
                f"The {model} data on {r.get('window')} fails the validation gate ({len(problems)} problem(s)): details below.")
    if tool == "snooze":
        return f"{model}'s alerts are snoozed until {r.get('until')}."
    if tool == "check_drift":
        return f"Drift check of {model} v{r.get('version')} on {r.get('window')}: details below."
    return {"list_models": "Here are the models.", "help": "Here is what I can do.",
            "alerts": "Here are the open alerts.", "monitors": "Here are the monitors.",
            "history": f"Here is the history of {model}."}.get(tool, f"{tool} done.")


def _load(content: Any) -> dict[str, Any]:
    try:
        data = json.loads(content if isinstance(content, str) else json.dumps(content))
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
