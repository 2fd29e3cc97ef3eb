"""The offline interpreter's reading of a request: which tools, in which order, with which arguments.

Rules, not a model: verbs and their synonyms, model names (typos, description words), versions, windows and
parameter overrides become a plan of registry calls. Anything it is not sure of becomes a question back, never
a guessed mutating call; a mutating call it does plan still goes through dispatch and its approval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pipelines.suggest import closest, did_you_mean
from tools.agent import phrases
from tools.agent.phrases import Found

# Order matters only for overlapping matches: the earlier pattern wins the span.
INTENTS: list[tuple[str, re.Pattern[str]]] = [(tool, re.compile(pattern)) for tool, pattern in [
    # Before drift and alerts: "snooze the cancer alerts" is one request, and "validate" owns "the data is ok".
    ("snooze", r"\b((?:snooze|mute|silence|hush)\w*(?:\s+(?:\S+\s+){0,3}?(?:alerts?|alarms?|incidents?|notifications?"
               r"|alerting|monitoring))?|stop\s+(?:the\s+)?(?:alerts?|alerting|paging|notifications)\s+(?:for|about|on))\b"),
    ("validate_data", r"\b(validat\w*|data\s+quality|sanity[-\s]check\w*|(?:is|are)\s+(?:the\s+)?(?:new\s+|latest\s+"
                      r"|fresh\s+)?(?:training\s+)?(?:data|batch)\s+(?:ok|okay|valid|good|clean|usable|sane))\b"),
    ("check_drift", r"\b(drift\w*|(?:data|distribution|inputs?|features?)\s+(?:has\s+|have\s+)?(?:changed|shifted|moved)"
                    r"|(?:has|have|did)\s+the\s+(?:\w+\s+)?(?:data|inputs?|features?)\s+(?:changed|change|shifted|shift|moved)"
                    r"|(?:distribution|data|covariate)\s+shift|shift\w*\s+in\s+the\s+(?:data|inputs?))\b"),
    ("history", r"\b(history|who\s+(?:deployed|trained|rolled|changed|promoted)|audit\w*|changelog|what\s+happened\s+(?:to|with))\b"),
    ("rollback", r"\b(roll\s*-?\s*back\w*|revert\w*|undo|go\s+back|restore\w*|put\s+back)\b"),
    ("deploy", r"\b(deploy\w*|promot\w*|ship\w*|release\w*|go(?:es)?\s+live|roll\w*\s+(?:it\s+)?out"
               r"|push\w*\s+(?:\S+\s+){0,3}?(?:live|to\s+prod\w*|into\s+prod\w*)"
               r"|put\s+(?:\S+\s+){0,3}?(?:in|into)\s+prod\w*|make\s+(?:\S+\s+){0,3}?(?:the\s+)?(?:production|champion|live))\b"),
    ("train", r"\b(re-?train\w*|train(?:ing)?(?!\s+data)|re-?fit\w*|fit|refresh\w*|re-?build\w*|re-?learn\w*)\b"),
    ("compare", r"\b(compar\w*|beats?|beating|better\s+than|worse\s+than|vs\.?|versus|stack\w*\s+up|outperform\w*"
                r"|is\s+it\s+better|which\s+(?:one\s+)?is\s+better|head\s+to\s+head|against\s+(?:production|prod|the\s+champion))\b"),
    ("evaluate", r"\b(evaluat\w*|score\b|how\s+(?:good|well|accurate)|accuracy|metrics?\s+(?:of|for|on)|test\s+\w+\s+on)\b"),
    ("status", r"\b(status|how\s+is\s+.{0,40}?\s+doing|how'?s\s+.{0,40}?\s+doing|what'?s\s+live|what\s+is\s+live"
               r"|which\s+version\s+is\s+(?:live|in\s+production)|versions?\s+(?:of|for)|what\s+versions)\b"),
    ("list_models", r"\b((?:list|show)\s+(?:me\s+)?(?:the\s+|all\s+|your\s+)?models|(?:what|which)\s+models"
                    r"|models\s+do\s+you|all\s+models|^models$)\b"),
    ("alerts", r"\b(alerts?|incidents?|(?:is|are)\s+(?:anything|something)\s+(?:wrong|on\s+fire))\b"),
    ("monitors", r"\b(monitors|what\s+(?:is|are|'s)\s+being\s+(?:watched|monitored)|scheduled\s+checks)\b"),
    ("help", r"\b(help|what\s+can\s+you\s+do|how\s+do\s+i\s+use|commands)\b"),
]]
MUTATING = {"train", "deploy", "rollback", "snooze"}
NEEDS_MODEL = {"train", "deploy", "rollback", "compare", "evaluate", "check_drift", "status", "history",
               "validate_data", "snooze"}
WINDOWED = {"train", "compare", "evaluate", "check_drift", "validate_data"}
_DURATION = re.compile(r"\bfor\s+(?:the\s+next\s+)?(a|an|one|\d{1,3})\s*(h|hrs?|hours?|d|days?|w|wks?|weeks?)\b")
_NEGATION = re.compile(r"\b(don'?t|do\s+not|never|no\s+need\s+to|not|without|instead\s+of)\s+(?:\w+\s+){0,2}$")
_CONDITION = re.compile(r"\b(?:only\s+)?(?:if|when|provided|assuming)\s+(?:it\s+|that\s+|the\s+\w+\s+)?(?:is\s+|'s\s+|does\s+)?"
                        r"(better|beats?|wins?|improves?|outperforms?|passes)")
_SIMPLE_VERBS = {"drift": "check_drift", "models": "list_models", "status": "status", "history": "history",
                 "compare": "compare", "evaluate": "evaluate", "help": "help"}
_COMMON = set("""a an the it its this that these those my our your me us you i we they them please pls now then and or
but so to of on in for with from by at as is are was were be been do does did can could would should will shall
just also again still ok okay hey hi hello thanks thank kindly quickly model models version versions data one new
all any some everything something what which who how when where why if than there here up out over last past next
today yesterday week month day days year hours let lets let's go make tell show check see run give get whether
better worse good best live production prod challenger champion candidate previous latest newest current back
same numbers look looking doing going list show any open""".split())


@dataclass
class Step:
    tool: str
    args: dict[str, Any]
    when: Literal["if_better"] | None = None  # a deploy that waits for compare's verdict
    version_of_trained: bool = False  # "deploy it" after a train in the same request: the version it makes


@dataclass
class Reading:
    steps: list[Step] = field(default_factory=list)
    problem: str | None = None  # set when the request is not understood well enough to act


@dataclass
class Memory:
    """What earlier turns of the conversation settled: the model talked about, the version last trained."""

    model: str | None = None
    trained: int | None = None
    version: int | None = None


def read(text: str, models: dict[str, str], *, today: date, memory: Memory | None = None) -> Reading:
    """Plan registry calls for `text`; `models` maps configured names to their descriptions."""
    memory = memory or Memory()
    original = text.strip()
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in original)
    lowered = re.sub(r"[’‘]", "'", lowered)
    window = phrases.window(lowered, today)
    overrides = phrases.params(lowered, re.sub(r"[’‘]", "'", original))
    rest = phrases.blank(lowered, [f for f in (window, *overrides) if f is not None])
    refs = phrases.versions(rest)
    # "production" stays visible to the verbs ("put v5 into production", "what's live?"); "it", "v3",
    # "the one you just trained" do not.
    verbs_text = phrases.blank(rest, [r for r in refs if r.value != "production"])
    intents = _intents(verbs_text)
    if not intents:
        return Reading(problem=_not_understood(lowered, models))
    model, unknown = _model(verbs_text, phrases.blank(verbs_text, [Found(i[1], i[2], None) for i in intents]), models)
    if unknown and model is None and any(tool in NEEDS_MODEL for tool, *_ in intents):
        names = ", ".join(sorted(models))
        return Reading(problem=f"I don't know a model called '{unknown}'.{did_you_mean(unknown, models)} "
                               f"Configured models: {names}.")
    model = model or memory.model or (next(iter(models)) if len(models) == 1 else None)
    if model is None and any(tool in NEEDS_MODEL for tool, *_ in intents):
        return Reading(problem=f"Which model do you mean? I know {_or(sorted(models))}.")
    refs += [n for n in phrases.bare_numbers(verbs_text) if n.value.isdigit()]
    steps = [_step(tool, model, _near(start, intents, window), _refs_for(start, intents, refs), overrides, memory,
                   trains_first=any(t == "train" for t, s, _ in intents if s < start))
             for tool, start, _end in intents]
    for step in steps:
        if step.tool == "snooze" and (duration := _duration(lowered)):
            step.args["duration"] = duration
    return _conditions(lowered, steps)


def _duration(text: str) -> str | None:
    """"for 3 days", "for a week", "for 12 hours" as the snooze tool's duration (its default is 24h)."""
    m = _DURATION.search(text)
    if m is None:
        return None
    count = 1 if m.group(1) in ("a", "an", "one") else int(m.group(1))
    unit = m.group(2)[0]
    return f"{count * 7}d" if unit == "w" else f"{count}{unit}"


def _intents(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for tool, pattern in INTENTS:
        for m in pattern.finditer(text):
            overlaps = any(s < m.end() and m.start() < e for _, s, e in found)
            if not overlaps and not _NEGATION.search(text[: m.start()]):
                found.append((tool, m.start(), m.end()))
    if not found:  # a typo'd verb only ever stands for a read-only tool: a mutation is never guessed
        for m in re.finditer(r"[a-z]{4,}", text):
            if m.group(0) in _COMMON:  # "model" is no typo of "models"
                continue
            match = closest(m.group(0), _SIMPLE_VERBS, cutoff=0.8)
            if match:
                found.append((_SIMPLE_VERBS[match[0]], m.start(), m.end()))
                break
    found.sort(key=lambda f: f[1])
    tools = [f[0] for f in found]
    if len(set(tools)) > 1:  # "status"/"help" words inside a richer request are not requests of their own
        found = [f for f in found if f[0] not in ("status", "help", "list_models", "monitors")] or found
    rollback_at = next((s for t, s, _ in found if t == "rollback"), None)
    if rollback_at is not None:  # "undo the last deploy": the deploy is what is undone, not a second request
        found = [f for f in found if not (f[0] == "deploy" and f[1] > rollback_at)]
    unique: list[tuple[str, int, int]] = []
    for item in found:
        if item[0] not in [u[0] for u in unique]:
            unique.append(item)
    return unique


def _model(text: str, without_verbs: str, models: dict[str, str]) -> tuple[str | None, str | None]:
    """The configured model named (or described) in the text, else an unknown word standing where a model would."""
    words = re.findall(r"[a-z][a-z0-9_-]*", text)
    lower = {m.lower(): m for m in models}
    for word in words:
        if word in lower:
            return lower[word], None
    scores = {name: sum(1 for w in set(words) if len(w) >= 4 and w not in _COMMON and w in _keywords(desc))
              for name, desc in models.items()}
    best = max(scores.values(), default=0)
    if best and list(scores.values()).count(best) == 1:
        return max(scores, key=scores.__getitem__), None
    for word in words:
        if len(word) >= 4 and word not in _COMMON:
            match = closest(word, lower, cutoff=0.75)
            if match:
                return lower[match[0]], None
    m = re.search(r"\b(?:the\s+)?([a-z][a-z0-9_-]{2,})\s+model\b", without_verbs) or re.search(
        r"^\s*(?:please\s+)?(?:the\s+)?([a-z][a-z0-9_-]{2,})\b", without_verbs.strip())
    if m and m.group(1) not in _COMMON and m.group(1) not in {w for d in models.values() for w in _keywords(d)}:
        return None, m.group(1)
    return None, None


def _keywords(description: str) -> set[str]:
    generic = {"binary", "multiclass", "regression", "classifier", "classification", "model", "predictor"}
    return {w for w in re.findall(r"[a-z]+", description.lower()) if len(w) >= 4 and w not in generic}


def _near(start: int, intents: list[tuple[str, int, int]], window: Found | None) -> dict[str, str]:
    """A window belongs to the verb just before it (or to the first verb when it opens the sentence)."""
    if window is None:
        return {}
    before = [i for i in intents if i[1] < window.start and i[0] in WINDOWED]
    owner = before[-1] if before else next((i for i in intents if i[0] in WINDOWED), None)
    return window.value if owner is not None and owner[1] == start else {}


def _refs_for(start: int, intents: list[tuple[str, int, int]], refs: list[Found]) -> list[str]:
    starts = [i[1] for i in intents]
    mine = []
    for ref in sorted(refs, key=lambda r: r.start):
        before = [s for s in starts if s < ref.start]
        owner = before[-1] if before else starts[0]
        if owner == start:
            mine.append(ref.value)
    return mine


def _step(tool: str, model: str | None, window: dict[str, str], refs: list[str], overrides: list[Found],
          memory: Memory, *, trains_first: bool) -> Step:
    args: dict[str, Any] = {"model": model} if tool in NEEDS_MODEL or (tool == "alerts" and model) else {}
    if tool in WINDOWED:
        args.update(window)
    if tool == "train" and overrides:
        args["params"] = dict(f.value for f in overrides)
    resolved = [_resolve(r, memory, trains_first) for r in refs]
    step = Step(tool, args, version_of_trained=trains_first and "it" in refs)
    if tool == "deploy":
        version = next((v for v in resolved if v not in ("production", "previous")), None)
        args["version"] = version or _default_candidate(memory, trains_first)
        step.version_of_trained = trains_first and args["version"] == "challenger" and not (
            {"challenger"} & set(refs))
    elif tool == "rollback":
        version = next((v for v in resolved if v.isdigit()), None)
        if version:
            args["version"] = version
    elif tool == "evaluate":
        version = next((v for v in resolved if v != "previous"), "production")
        if version != "production":
            args["version"] = version
    elif tool == "compare":
        args.update(_pair([v for v in resolved if v != "previous"]))
    return step


def _resolve(ref: str, memory: Memory, trains_first: bool) -> str:
    if ref != "it":
        return ref
    if trains_first:
        return "challenger"
    known = memory.trained or memory.version
    return str(known) if known else "challenger"


def _default_candidate(memory: Memory, trains_first: bool) -> str:
    if not trains_first and memory.trained:
        return str(memory.trained)
    return "challenger"


def _pair(refs: list[str]) -> dict[str, str]:
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
        b, a = refs[:2]
    return {k: v for k, v in (("a", a), ("b", b)) if v != {"a": "production", "b": "challenger"}[k]}


def _conditions(text: str, steps: list[Step]) -> Reading:
    """"…and deploy it if it is better": the deploy waits for a compare, which is added if missing."""
    deploys = [s for s in steps if s.tool == "deploy"]
    if deploys and _CONDITION.search(text):
        deploy = deploys[0]
        deploy.when = "if_better"
        steps = [s for s in steps if s is not deploy]
        if not any(s.tool == "compare" for s in steps):
            steps.append(Step("compare", {"model": deploy.args["model"]}))
        steps.append(deploy)
    return Reading(steps=steps)


def _not_understood(text: str, models: dict[str, str]) -> str:
    words = re.findall(r"[a-z]{3,}", text)
    verbs = {"train": "train", "retrain": "train", "evaluate": "evaluate", "compare": "compare", "deploy": "deploy",
             "promote": "deploy", "rollback": "rollback", "revert": "rollback", "drift": "drift", "status": "status",
             "history": "history", "models": "models", "help": "help", "validate": "validate", "snooze": "snooze"}
    near = [verbs[m] for w in words for m in closest(w, verbs, cutoff=0.7)]
    example_model = sorted(models)[0] if models else "cancer"
    hint = f" Did you mean `/mlops {near[0]} {example_model}`?" if near else ""
    return (f"Sorry, I didn't understand that, so I did nothing.{hint} Try `/mlops help`, or ask e.g. "
            f"\"retrain {example_model} on the last 30 days and compare it with production\".")


def _or(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


def mentioned_model(text: str, models: dict[str, str]) -> str | None:
    """The configured model a message names or describes, if any (for "it" in later turns)."""
    lowered = text.lower()
    return _model(lowered, lowered, models)[0]
