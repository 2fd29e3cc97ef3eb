"""One planned call's arguments, from the slots the reader found: versions, windows, settings, per tool.

Arguments equal to a tool's default are left out (compare production vs challenger, evaluate production, snooze
24h), so a plan reads like the command a person would type. A change that lacks what it needs (a deploy with no
version, a cancel with no job) returns a question instead of a guess.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tools.agent.understanding import slots
from tools.agent.understanding.threads import words as threads
from tools.agent.understanding.words import asides, feedback, monitoring
from tools.agent.understanding.monitor_settings import monitor_settings
from tools.agent.understanding.phrases import Found, number

if TYPE_CHECKING:
    from tools.agent.understand import Memory

_ALIASES = ("production", "challenger")
# The deploy tool refuses force=true without a reason, and the reason is the person's to give: never one made up
FORCE_NEEDS_REASON = ('A forced deploy needs your reason for the audit trail: say it with the request, e.g. '
                      '`deploy wine 3 force=true reason="hotfix for the scorer"`.')
_OF_A_VERSION = ("card", "reproduce", "evaluate", "compare")  # reads of one version, whose "its" may be that version


def settings(tool: str, args: dict[str, Any], refs: list[str], found: dict[str, list[Found]], body: str,
             memory: Memory, trained_before: bool) -> dict[str, Any] | str:
    made = _settings(tool, args, refs, found, body, memory, trained_before)
    return made if isinstance(made, str) else without_defaults(tool, made)


def without_defaults(tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """`args` without the settings said at the tool's own default ("20 trials", "for 24 hours"): a plan reads like
    the command a person would type. A window is kept as said, and a monitor's settings are all written as said."""
    from tools.agent.understanding.tool_kinds import TOOLS, WINDOW_KEYS

    if tool == "monitor" or tool not in TOOLS:
        return args
    fields = TOOLS[tool].input.model_fields
    return {k: v for k, v in args.items() if k in WINDOW_KEYS or k not in fields or fields[k].is_required()
            or v != fields[k].get_default(call_default_factory=True)}


def _settings(tool: str, args: dict[str, Any], refs: list[str], found: dict[str, list[Found]], body: str,
              memory: Memory, trained_before: bool) -> dict[str, Any] | str:
    value = {key: spans[0].value for key, spans in found.items() if spans}
    refs = [r for r in refs if r != "it"] + (["it"] if "it" in refs else [])
    if tool in _OF_A_VERSION and (made := memory.trained or memory.version or memory.moved or _read_of_one(
            memory)) and not refs and re.search(r"\bits\b", body):
        refs = [str(made)]  # "what's its model card?" after a tune or a deploy: the version the thread just made or moved
    if tool == "train":
        if found.get("params"):
            args["params"] = dict(f.value for f in found["params"])
    elif tool == "deploy":
        version = next((r for r in refs if r not in ("production", "previous", "it")), None)
        if version is None and ("it" in refs or re.search(r"\b(it|that|this)\b", body)):
            version = "challenger" if trained_before else _remembered(memory) or _moved(memory)
        if version is None and trained_before:
            version = "challenger"
        if version is None and threads.AGAIN.search(body):
            version = _moved(memory)  # "propose the deploy again" after its approval expired: the version it asked for
        if version is None and _candidate_of_thread(memory, args.get("model")):
            version = _remembered(memory)  # "ok, go ahead and deploy" after a compare: the version it compared
        if version is None:
            return "Which version should I deploy? e.g. `deploy <model> 3` or `deploy <model> challenger`."
        args["version"] = version
        if "force" in value and "reason" not in value:
            return FORCE_NEEDS_REASON
        if "force" in value:
            args["force"] = True
        if "reason" in value:
            args["reason"] = value["reason"]
    elif tool == "rollback":
        version = next((r for r in refs if r.isdigit()), None)
        if version:
            args["version"] = version
    elif tool == "evaluate":
        version = next((r for r in refs if r not in ("production", "previous", "it")), None) or (
            _remembered(memory) or _moved(memory) if "it" in refs else None)  # "score it" after a deploy: what it moved
        if version and version != "production":
            args["version"] = version
        if "live" in value:
            args["live"] = True
    elif tool == "compare":
        resolved = [r for r in refs if r not in ("previous", "it")]
        if "it" in refs and (known := "challenger" if trained_before else _remembered(memory)):
            resolved.append(known)
        args.update(pair(resolved))
    elif tool == "snooze":
        said = slots.duration(value["duration"]) if "duration" in value else slots.until_clock(body) or (
            value.get("window") or {}).get("last")
        if said and said not in ("24h", "1d"):  # "snooze wine 3d" reads 3d as a window; 24h (a day) is the default
            args["duration"] = said
    elif tool == "monitor":
        args.update(monitor_settings(value, body))
    elif tool == "abtest":
        if "percent" in value:
            args["mode"] = f"{slots.share(value['percent'])}%"
        else:  # "end the shadow test": the verb said before "shadow" stops it
            stops = [m.start() for m in re.finditer(r"\b(stop\w*|stp|end\w*|kill\w*|halt|paus\w*|suspend\w*|finish\w*"
                                                    r"|(?:turn|switch|shut)\s+off|shut\s+down|cancel\w*|conclude|wrap\s+(?:it\s+|this\s+|that\s+|things\s+)?up|call\s+off|terminate|abort"
                                                    r"|pull\s+the\s+plug|close\s+(?:out|down|it|the)|tear\s+down|wind\s+down"
                                                    r"|scrap)\b", body) if asides.asked(body, m.start(), m.group(0))]
            shadow = re.search(r"\bshadow", body) or asides.shadow_described(body)
            if shadow and not asides.test_asked_about(body) and not (stops and stops[0] < shadow.start()):
                args["mode"] = "shadow"  # "shadow test on cancer: what's the verdict so far?" shows it
            elif stops:
                args["mode"] = "stop"  # never "don't stop it", "the test we stopped", "did someone stop it?"
    elif tool == "tune":
        if "trials" in value:
            args["trials"] = number(value["trials"].group(1) or value["trials"].group(2))
        if "budget" in value:
            args["budget"] = slots.budget(value["budget"])
        if found.get("ranges"):
            args["ranges"] = dict(f.value for f in found["ranges"])
    elif tool == "cancel":
        job = value.get("job") or memory.job
        if not job:
            return "Which job? Cancel takes a job id (shown in its Working… message and in status): `cancel j3f9a1c`."
        args["job"] = job
    elif tool == "unlock" and "reason" in value:
        args["reason"] = value["reason"]
    elif tool == "history":
        if (said := slots.LIMIT.search(body) or slots.HISTORY_LIMIT.search(body)) and (limit := number(next(g for g in said.groups() if g))) != 20:
            args["limit"] = limit
        if slots.TIMELINE.search(body):
            args["timeline"] = True
    elif tool in ("alerts", "monitors") and ("all" in value or monitoring.stopped_too(body)):
        args["all"] = True
    elif tool in ("card", "reproduce"):
        version = next((r for r in refs if r not in ("previous", "it")), None) or (
            _remembered(memory) or _moved(memory) or _live(memory) if "it" in refs else None)  # "a card for it" after a
        # deploy; "is that one reproducible?" after "what's live on wine": the version the status showed live
        if version and version != "production":
            args["version"] = version
    elif tool == "why" and not set(args) & {"last", "since", "until"} and memory.last and memory.last[0] == "check_drift":
        args.update({k: v for k, v in memory.last[1].items() if k in ("last", "since", "until")})  # "why?" after it
    elif tool in ("incident", "rate_alert"):
        incident = value.get("incident") or memory.incident
        if incident is None:
            return "Which incident? Say its number, as on the alert: `incident 12`."
        args["incident"] = incident
        if tool == "rate_alert":
            if "verdict" not in value:
                return f"Was incident #{incident} useful or noise?"
            args["verdict"] = value["verdict"]
    elif tool == "approval":
        approval = value.get("approval_id") or memory.approval
        if approval is None:
            return "Which approval? Give its id (16 hex characters), e.g. `approval 3f9a1c2b4d5e6f70`."
        args["approval_id"] = approval
    elif tool == "feedback" and (said := feedback.days_said(value.get("window"), body)):
        args["days"] = said
    elif tool == "feature_skew" and "sample" in value:
        args["sample"] = slots.rows(next(g for g in value["sample"].groups() if g))
    elif tool == "help":
        from tools.agent.understanding.intents import help_topic

        if topic := help_topic(re.sub(r"\bhelp\b", " ", body), memory.last_shown(), bool(memory.job)):
            args["topic"] = topic
    return args


def pair(refs: list[str]) -> dict[str, str]:
    """Which is the baseline (a) and which the candidate (b); defaults (production, challenger) are left out."""
    refs = list(dict.fromkeys(refs))
    if not refs:
        return {}
    if len(refs) == 1:
        a, b = ("production", refs[0]) if refs[0] != "production" else ("production", "challenger")
    elif all(r.isdigit() for r in refs[:2]):
        a, b = sorted(refs[:2], key=int)
    elif "production" in refs[:2]:
        a, b = "production", next(r for r in refs[:2] if r != "production")
    elif "challenger" in refs[:2]:
        a, b = next(r for r in refs[:2] if r != "challenger"), "challenger"
    else:
        a, b = refs[:2]
    return {k: v for k, v in (("a", a), ("b", b)) if v != {"a": "production", "b": "challenger"}[k]}


def _candidate_of_thread(memory: Memory, model: str | None) -> bool:
    """Whether the thread's last call made or compared a version of `model`: the one a bare "deploy" is about."""
    return bool(memory.last and memory.last[0] in ("compare", "train", "tune") and memory.last[1].get("model") == model)


def _read_of_one(memory: Memory) -> str | None:
    """"and its card?" after "reproduce cancer 8": the numbered version the thread's last read of one version was of."""
    version = memory.last[1].get("version") if memory.last and memory.last[0] in ("card", "reproduce") else None
    return str(version) if str(version).isdigit() else None


def _live(memory: Memory) -> str | None:
    return str(memory.live) if memory.live else None


def _moved(memory: Memory) -> str | None:
    """"force deploy it" after a refused deploy of v5: the version that deploy asked for."""
    return str(memory.moved) if memory.moved else None


def _remembered(memory: Memory) -> str | None:
    known = memory.trained or memory.version
    return str(known) if known else None
