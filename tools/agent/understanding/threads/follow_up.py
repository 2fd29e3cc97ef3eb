"""A request with no verb of its own, read against the thread: "and for wine?", "same for diabetes", "what about
v2?", "and over the last 90 days?" repeat the thread's last call with what the request changes (the model, the
version, the window); "stop it" after a monitor turns that monitor off. With no thread, a bare model is asked about.
"""

from __future__ import annotations

import re
from typing import Any

from tools.agent.settings import FORCE_NEEDS_REASON, pair, without_defaults
from tools.agent.understanding.intents import is_question, negated
from tools.agent.understanding.threads.monitoring import monitoring_follow_up
from tools.agent.understanding.threads.snoozes import span_changed
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory, Reading, Step
from tools.agent.understanding.slots import STATE_OFF, STATE_ON, share
from tools.agent.understanding.threads import words as threads
from tools.agent.understanding.words import feedback
from tools.agent.understanding.words.monitoring import stopped_too
from tools.agent.understanding.tool_kinds import MUTATING, NEEDS_MODEL, WINDOW_KEYS, WINDOWED

_IT = re.compile(r"\b(it|that|this|them|the\s+one\s+you\s+(?:just\s+)?(?:trained|tuned))\b")
# Changes whose every argument but the model carries over to another model: "same for wine" after a monitor set every
# 30m to #ml-alerts sets wine's the same way, "same thing for diabetes" after a tune of 30 trials tunes diabetes with
# 30, and "ok then do wine" after a materialize or an unlock (which take the model alone) does the same to wine; a
# deploy or a rollback names versions of its own model, so it is asked
_CARRIED_OVER = ("train", "tune", "monitor", "snooze", "materialize", "unlock")
_MODE_SAID = re.compile(r"\b(?:shadow|stop)\b")  # "ok, in shadow for cancer" after the help for abtest: that mode
_VERSION_KEY = {"deploy": "version", "evaluate": "version", "rollback": "version", "card": "version", "reproduce": "version"}


def follow_up(body: str, refs: list[Found], found: dict[str, list[Found]], mentions: list[Any], memory: Memory,
              models: dict[str, str]) -> Reading:
    """The thread's last call, repeated with what `body` changes; or a question back when that is unclear."""
    new_model = next((h.canon for h in mentions), None)
    if reading := monitoring_follow_up(body, found, new_model, memory) or span_changed(body, new_model, memory):
        return reading  # "make it every 20 minutes" after a monitor; "actually make it 3 days" after a snooze
    off, on = STATE_OFF.search(body), STATE_ON.search(body)
    if memory.last and memory.last[0] == "monitor" and (off or on) and not any(
            negated(body, m.start()) for m in (off, on) if m):  # "don't stop it" asks for nothing
        state = "on" if on and (not off or on.start() > off.start()) else "off"  # "switch it back on": the later
        return Reading(steps=[Step("monitor", {"model": new_model or memory.last[1].get("model") or memory.model,
                                               "state": state})])
    numbers = [r.value for r in refs if r.value not in ("it", "previous", "moved")]
    if memory.last and memory.last[0] == "abtest" and _ASKS.match(body) and not _WHAT_IS.match(body):
        # "how did it end up?" after a test stopped, "what about cancer's?" after one read: a question after an online
        # test reads a test (the one said, or the thread's), never starts or stops one
        return Reading(steps=[Step("abtest", {"model": new_model or memory.last[1].get("model") or memory.model})],
                       asks=True)
    if memory.last and memory.last[0] in MUTATING and _ASKS.match(body):
        return _asked_after_a_change(body, memory, new_model)
    if memory.last and memory.last[0] in ("deploy", "compare") and (force := found.get("force")) and not negated(
            body, force[0].start) and not is_question(body[:next((r.start for r in found.get("reason", [])), None)]):
        # "should I force it?" asks, and forces nothing
        return _forced(_deploy_of(memory.last, memory.version), found)
    if memory.last and memory.last[0] in ("deploy", "approval") and memory.moved and not numbers and (
            again := threads.AGAIN.search(body)) and not negated(body, again.start()) and not _ASKS.match(body):
        # "try again", "request it again" after the deploy's approval expired: that deploy, asked for once more
        return Reading(steps=[Step("deploy", {"model": new_model or memory.model, "version": str(memory.moved)})])
    if memory.last and memory.last[0] == "compare" and threads.goes_ahead(body):  # "ok go ahead with v4 then"
        said = next((n for n in numbers if n.isdigit()), None)
        return Reading(steps=[Step("deploy", {"model": new_model or memory.last[1].get("model") or memory.model,
                                              "version": said or _deploy_of(memory.last, memory.version)["version"]})])
    window = found.get("window", [None])[0]
    if memory.last and memory.last[0] == "feedback" and window and not (new_model or numbers):
        said = feedback.days_said(window.value, body)  # "what about over the whole year?" after the agent's feedback
        return Reading(steps=[Step("feedback", {"days": said} if said else {})])
    if memory.last and memory.last[0] == "evaluate" and found.get("live") and not (new_model or numbers):
        return Reading(steps=[Step("evaluate", {**memory.last[1], **(window.value if window else {}), "live": True})])
    if memory.last and window and not (new_model or numbers) and memory.last[0] in WINDOWED:
        again = threads.AGAIN.search(body)  # "try again but with the last 60 days"; "don't try it again" asks for nothing
        return _over(window, memory.last, again=bool(again) and not negated(body, again.start()))
    if memory.last and memory.last[0] in ("alerts", "monitors") and not numbers and stopped_too(body):
        return Reading(steps=[Step(memory.last[0], {**memory.last[1], **({"model": new_model} if new_model else {}),
                                                    "all": True})])  # "include the resolved ones"
    if memory.last and memory.last[0] == "check_drift" and _WHY_ALONE.match(body):  # "why though?" after a check
        return Reading(steps=[Step("why", {k: v for k, v in memory.last[1].items() if k in ("model", *WINDOW_KEYS)})])
    if memory.last and memory.last[0] == "incident" and (other := _ANOTHER_INCIDENT.match(body)):
        return Reading(steps=[Step("incident", {"incident": int(other.group(1))})])  # "and 9?" after incident 8
    if memory.last and memory.last[0] == "rate_alert" and _RATED_AGAIN.match(body):  # "same for 61" after rating 60
        return Reading(steps=[Step("rate_alert", {**memory.last[1], "incident": int(n)})
                              for n in re.findall(r"\d{1,6}", body)])
    if memory.last and memory.last[0] in _VERSION_KEY and memory.last[0] not in MUTATING and not numbers and (
            bare := _ANOTHER_INCIDENT.match(body)):
        numbers = [bare.group(1)]  # "and 3?" after a card or a reproduce: that read of version 3
    if helped := threads.helped_tool(memory.last, body):  # "ok do it for wine v3" after "how do I deploy?"
        return _do_what_help_showed(helped, memory, new_model, numbers, window, found, body)
    if memory.last and (new_model or numbers) and not _IT.search(body) or (memory.last and re.search(
            r"\b(same|again|too|also)\b", body) and (new_model or numbers)):
        return _repeat(memory, new_model, numbers, mentions, window)
    if new_model and not memory.last and re.match(r"(?:what|which|where)(?:'s|\s+is|\s+are)\b", body) and not any(
            n.isdigit() for n in numbers):
        return Reading(steps=[Step("status", {"model": new_model})])  # "what's the challenger for wine?"
    if new_model and not memory.last:
        return Reading(problem=f"What should I do with {new_model}? e.g. \"how is {new_model} doing?\" or "
                               f"\"compare {new_model}\".")
    return Reading(problem=not_understood(models))


def _asked_after_a_change(body: str, memory: Memory, new_model: str | None) -> Reading:
    """"what's the challenger now?" after a deploy: a question is never the change again; what is where is a status."""
    assert memory.last is not None
    model = new_model or memory.last[1].get("model") or memory.model
    if model and _WHAT_IS.match(body):
        return Reading(steps=[Step("status", {"model": model})], asks=True)
    return Reading(problem=f"Should I run {memory.last[0]} again? Say it with the verb, e.g. "
                           f"`{memory.last[0]} {model or '<model>'}`.", asks=True)


def _deploy_of(last: tuple[str, dict[str, Any]], compared: int | None) -> dict[str, Any]:
    """The deploy a thread's last call stands for: that deploy, or after a compare ("does cancer 5 beat prod?" — "worse"
    — "force it then") the deploy of the version it put up against production: by its number when the compare showed
    it (`compared`, "push it anyway" after "challenger v7 is not better"), else the challenger."""
    tool, args = last
    if tool == "deploy":
        return args
    return {"model": args.get("model"), "version": str(args.get("b") or compared or "challenger")}


def _forced(last: dict[str, Any], found: dict[str, list[Found]]) -> Reading:
    """"force it, reason: …" after a deploy the gate refused, or a compare that said worse: that deploy, forced, with
    the reason marked; without one, the reason is asked for."""
    if not found.get("reason"):
        return Reading(problem=FORCE_NEEDS_REASON)
    return Reading(steps=[Step("deploy", {**last, "force": True, "reason": found["reason"][0].value})])


# A question that asks something, not an imperative "do the same for wine" (which `is_question` counts as one)
_ASKS = re.compile(r"^\W*(?:what|what's|whats|which|who|who's|whose|when|where|why|how|how's|is|are|was|were|has|have"
                   r"|had|did|does)\b")
# "and 9?", "what about #9", "and the one before that, 46?", "the next one, 48": another record by its number
_ANOTHER_INCIDENT = re.compile(r"^\W*(?:(?:and|what\s+about|how\s+about|also|now)\s+)?(?:the\s+(?:one\s+(?:before|after)(?:\s+"
                               r"(?:that|it|this))?|(?:previous|prior|next|earlier|older|newer)\s+one)\W*)?#?\s*(\d{1,6})"
                               r"(?:\s+too)?\W*$")
# Another incident given the verdict just recorded: "same for 61", "ditto for #62 and #63", "and 64 too"
_RATED_AGAIN = re.compile(r"^\W*(?:(?:and|also|now|ok|okay)\s+)*(?:(?:the\s+)?same\s+(?:for|with|goes\s+for)\s+|ditto\s+(?:for\s+)?"
                          r"|what\s+about\s+)?(?:(?:incidents?|alerts?|pages?)\s+)?#?\s*\d{1,6}(?:\s*(?:,|and|&)\s*#?\s*\d{1,6})*"
                          r"(?:\s+(?:too|as\s+well|also))?\W*$")
_WHY_ALONE = re.compile(r"^\W*(?:but\s+|so\s+|ok\s+)?(?:why|how\s+come)\b(?:\s+(?:though|tho|is\s+that|so|exactly))?\W*$")
_WHAT_IS = re.compile(r"^\W*(?:what|which|who)(?:'s|\s+is|\s+are)\b"
                      # "is it the challenger now?", "is v9 live yet?", "did it become the champion?": where it stands
                      r"|^\W*(?:is|are|was|did)\s+(?:it|that|this|they|v?\d+|the\s+new\s+one)\s+(?:now\s+|already\s+|become\s+)?"
                      r"(?:the\s+)?(?:challenger|champion|production|prod|live|serving|in\s+prod\w*)\b")


def _do_what_help_showed(tool: str, memory: Memory, new_model: str | None, numbers: list[str],
                         window: Found | None, found: dict[str, list[Found]], body: str) -> Reading:
    """"ok do it for wine v3" right after the help for deploy: that verb, on the model and version now said ("ok do
    that for wine, 10 percent" after the help for abtest: the test at that share). A change missing what it needs is
    asked for, as the verb itself would be."""
    if tool not in NEEDS_MODEL:
        return Reading(problem=f"Say it with the verb, e.g. `{tool} <model>`.")
    args: dict[str, Any] = {"model": new_model or memory.model}
    if numbers and (key := _VERSION_KEY.get(tool)):
        args[key] = numbers[0]
    if tool == "abtest" and (mode := _MODE_SAID.search(body) or next(iter(found.get("percent", [])), None)):
        args["mode"] = f"{share(mode.value)}%" if isinstance(mode, Found) else mode.group(0)
    if window and tool in WINDOWED:
        args.update(window.value)
    if not args["model"] or tool in MUTATING and tool != "train" and len(args) < 2:
        return Reading(problem=f"Which model and version? e.g. `{tool} wine 3`.")
    return Reading(steps=[Step(tool, without_defaults(tool, args))])


def _over(window: Found, last: tuple[str, dict[str, Any]], *, again: bool) -> Reading:
    """"and over the last 90 days?": the same read, its versions kept, over the window said. A change is not
    repeated on a window alone: which change, again, is asked; unless it is said to be done again ("try again but
    with the last 60 days" after a training that failed)."""
    tool, args = last
    if tool in MUTATING and not again:
        return Reading(problem=f"Should I run {tool} again over that window? Say it with the verb, e.g. "
                               f"`{tool} {args.get('model', '<model>')} last=90d`.")
    kept = {k: v for k, v in args.items() if k not in WINDOW_KEYS}
    return Reading(steps=[Step(tool, {**kept, **window.value})])


def _repeat(memory: Memory, new_model: str | None, numbers: list[str], mentions: list[Any],
            window: Found | None) -> Reading:
    """"same for wine", "what about v2?": the last call on another model or version, with its window, or with the
    one said ("and for cancer over the last 90 days?")."""
    assert memory.last is not None
    tool, last_args = memory.last
    args = {k: v for k, v in last_args.items() if k not in ("version", "a", "b", "model") or new_model and k != "model"
            and not str(v).isdigit()}  # "same for cancer" after the wine challenger: cancer's challenger, not v6
    if window and tool in WINDOWED:
        args = {**{k: v for k, v in args.items() if k not in WINDOW_KEYS}, **window.value}
    if tool in NEEDS_MODEL or "model" in last_args:
        args = {"model": new_model or last_args.get("model") or memory.model, **args}
    if numbers and not new_model and tool == "compare":
        args.update(pair(numbers[:2]))  # "and the challenger?": its sides as compare writes them, defaults left out
    elif numbers and (key := _VERSION_KEY.get(tool)):  # "and #3 for wine?": wine's v3
        args = without_defaults(tool, {**args, key: numbers[0]})  # "and the production one?": evaluate's default
    if tool in MUTATING and tool not in _CARRIED_OVER and not numbers and not (tool == "abtest" and "mode" not in args):
        # "and for diabetes?" after a test was read: that read again; after one was started or stopped, which change
        return Reading(problem="Which one should I do that for? Say it with the verb, e.g. `compare wine`.")
    named = list(dict.fromkeys(h.canon for h in mentions))  # "same for wine and diabetes": one call each
    return Reading(steps=[Step(tool, {**args, "model": m}) for m in named] if len(named) > 1 and "model" in args
                   else [Step(tool, args)])


def not_understood(models: dict[str, str]) -> str:
    example = sorted(models)[0] if models else "cancer"
    return (f"Sorry, I didn't understand that, so I did nothing. Try `/mlops help`, or ask e.g. \"retrain {example} "
            f"on the last 30 days and compare it with production\".")
