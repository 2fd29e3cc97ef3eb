"""What a later part of a request takes from an earlier part of the same request: the data window it works on
("validate the last 30 days of wine data, then train on it"), the version it named ("if wine v5 beats prod, ship
it"), and the versions a read covers one by one ("score the challenger and v4 separately")."""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Reading, Step
from tools.agent.understanding.tool_kinds import MUTATING

# "train on it", "retrain on that", "the same window": the data an earlier step of the request named
_SAME_DATA = re.compile(r"\bsame\s+(?:window|period|data|range|days)|\b(?:on|with|using|from)\s+(?:it|that|this|them"
                        r"|those|these)(?:\s+(?:data|rows|days|window|batch))?\W*$")
_NOT_A_VERSION = ("it", "previous", "moved")
# "…if it beats prod", "only when it is better": the condition a deploy waits on
CONDITION = re.compile(r"\b(?:only\s+)?(?:if|when|provided|assuming|once|in\s+case)\s+(?:\S+\s+){0,6}?(?:is\s+|'s\s+|does\s+)?"
                        r"(better|beats?|wins?|improves?|outperforms?|pass(?:es)?|good|holds?\s+up|(?:comes?\s+out\s+)?ahead"
                        r"|on\s+top|an\s+improvement|tops?\s+(?:prod\w*|it|the\s+champion))")
# "…? if so, ship it", "if yes deploy it", "promote it if it does": a yes to the question asked before it, said alone
# (then a stop or the change it allows: "if it is worse" is no yes)
YES = re.compile(r"\b(?:only\s+)?(?:if|when)\s+(?:so|yes|true|(?:(?:it|that|this)\s+)?(?:does|did|is|wins|passes)"
                 r"|(?:that\s*'?s|that\s+is|'s)\s+(?:the\s+case|true|so|a\s+yes)|the\s+answer(?:'s|\s+is)\s+yes)"
                 r"(?=(?:\s+(?:please|pls|then|just|go\s+ahead(?:\s+and)?)\b)*(?:\s*(?:[,;:.!?)]|-|$)|\s+(?:ship|deploy"
                 r"|promot|releas|push|put|make|swap|roll|go\s+live)))")


def shares_window(said: str) -> bool:
    """Whether a step, as said (`said`: its part of the request), works on the data an earlier step named."""
    return bool(_SAME_DATA.search(said))


def data_of_the_training(tool: str, later: list[str | None]) -> bool:
    """"validate the data and then train wine on the last 45 days": the data validated is what the training after
    it will use, so the one window said is both's."""
    return tool == "validate_data" and "train" in later


def drift_and_its_cause(tool: str, tools: list[str | None]) -> bool:
    """"drift + why for diabetes since dec 1", "drift on wine over 14d and tell me why": a drift check and the root
    cause of that drift, asked together, work on the one window said."""
    return tool in ("check_drift", "why") and {"check_drift", "why"} <= set(tools)


# "wine drifted AGAIN?? whats behind it": the drift told (exasperated, not asked whether), then its cause asked
_TOLD_DRIFT = re.compile(r"^\W*(?:(?!(?:is|are|was|were|did|does|do|has|have|what|why|how|which|any|check)\b)[\w']+\s+){0,3}?"
                         r"(?:has\s+|just\s+)?(?:drifted|dropped|tanked|degraded)(?:\s+(?:again|once\s+more|yet\s+again))?\W*$")
_WHAT_CHANGED = re.compile(r"^\W*(?:so\s+)?what(?:'s|\s+has|\s+have)?\s+(?:changed|moved|shifted)\b")


def what_changed_and_its_cause(clauses: list[Any]) -> None:
    """"what changed on cancer over 14 days and what caused it?": beside its cause, what changed is the model's
    live inputs, a drift check (alone, "what changed" may be its history: it is left as read)."""
    for clause, after in zip(clauses, clauses[1:]):
        if clause.tool is None and after.tool == "why" and _WHAT_CHANGED.match(clause.text):
            clause.tool = "check_drift"
        elif clause.tool == "check_drift" and after.tool == "why" and _TOLD_DRIFT.match(clause.text):
            clause.tool = None


# How much the features matter to the model: "how much do they actually matter to the model", "how important are
# those", "their importance", "ranked by importance", "weighted by how much the model relies on them"
_MATTERS = re.compile(r"\bhow\s+(?:much|far|heavily)\s+(?:do|does|did|would)\s+(?:they|those|these|it|that"
                      r"|the\s+\S+)\s+(?:\S+\s+){0,2}?(?:matter|count|weigh|contribut|affect|impact|influenc|hurt|lean"
                      r"|rel[yi]|depend)\w*"
                      r"|\bhow\s+important\s+(?:are|is|were|was)\s+(?:they|those|these|the|it|that)\b"
                      r"|\b(?:their|its|feature)\s+importances?\b"
                      r"|\b(?:by|with|and)\s+(?:their\s+|feature\s+)?importance\b|\bhow\s+much\s+(?:the\s+)?(?:\S+\s+)?"
                      r"(?:relies|depends|leans)\s+on\s+(?:them|those|these|it)\b")


def drift_and_how_much_it_matters(clauses: list[Any], body: str) -> None:
    """"what features drifted for diabetes and how much do they matter to the model?": which drifted features weigh
    on the model is the root cause (drift ranked by importance), not a drift check and a question left over."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool == "check_drift" and _MATTERS.search(body[clause.start:end]):
            clause.tool = "why"


# A part of the request to be done before the rest: "…? check drift first", "…, but before that validate the data",
# "first, is it drifting?"
_FIRST = re.compile(r"^\W*(?:(?:but|and|so|ok(?:ay)?|please|pls)\s+)*(?:first(?:ly)?|before\s+(?:that|then"
                    r"|you\s+do\s+that))\b|\b(?:first|beforehand|before\s+(?:that|anything\s+else))"
                    r"(?:\s+(?:please|pls|though|thx|thanks))?\W*$")


def said_first(said: str) -> bool:
    """Whether a part of the request says it is to be done before the rest ("…, check drift first")."""
    return bool(_FIRST.search(said))


def plan_order(clauses: list[Any], body: str) -> list[int]:
    """The clauses' indexes in the order their steps run: "why has diabetes been getting worse? check drift first"
    runs the drift check first, as the person asks (reads only: a change said beside a read to do first is context,
    and is not planned)."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    early = [i for i, (c, end) in enumerate(zip(clauses, ends, strict=True))
             if i and c.tool and said_first(body[c.start:end])]
    if not early or any(c.tool in MUTATING for c in clauses):
        return list(range(len(clauses)))
    return early + [i for i in range(len(clauses)) if i not in early]


def asked_first(steps: list[Step], clauses: list[Any], body: str) -> list[Step]:
    """The steps in the order their clauses run (`plan_order`)."""
    order = plan_order(clauses, body)
    if order == sorted(order):
        return steps
    rank = {clauses[i].start: at for at, i in enumerate(order)}
    return sorted(steps, key=lambda s: rank.get(s.clause_at, len(order)))


# "…and diff the metrics", "then compare the numbers": a reproduction reports how its metrics differ from the recorded
# run's, so this is part of it, not a compare of challenger and production
_ITS_OWN_DIFF = re.compile(r"^\W*(?:and\s+|then\s+)*(?:diff|compare|check)\s+(?:the\s+|its\s+)?(?:metrics|numbers|scores"
                           r"|results)(?:\s+(?:against|with|to)\s+the\s+(?:original|recorded)(?:\s+(?:run|ones?))?)?\W*$")


def diff_of_the_reproduction(clauses: list[Any]) -> None:
    """"rerun v7's recipe and diff the metrics": the diff a reproduction makes itself, no compare of its own."""
    for clause, after in zip(clauses, clauses[1:]):
        if clause.tool == "reproduce" and after.tool == "compare" and _ITS_OWN_DIFF.match(after.text):
            after.tool = None


# "cancer is overdue for a retrain, go ahead": the change the model is due for, then leave to make it
_DUE_AND_GO = re.compile(r"\b(?:is|are|'s)\s+(?:\S+\s+)?(?:over)?due\s+(?:for\s+)?(?:a|an|its|some)\s+(?P<change>[\w-]+)"
                         r"[\s,;.!-]+(?:(?:so|then|and|please|pls|just)\s+)*(?:go\s+ahead|go\s+for\s+it|do\s+it|proceed"
                         r"|make\s+it\s+happen)(?:\s+(?:please|pls|then|now))*\W*$")


def due_and_go_ahead(clauses: list[Any], body: str) -> None:
    """"cancer is overdue for a retrain, go ahead": the change told as due, with leave given beside it, is asked for
    (told alone, it is no request)."""
    from tools.agent.understanding.cues import CHANGES

    if len(clauses) == 1 and clauses[0].tool is None and clauses[0].models and (due := _DUE_AND_GO.search(body)):
        clauses[0].tool = next((tool for tool, pattern in CHANGES if pattern.fullmatch(due.group("change"))), None)


# What a number of trials is tried with: "run a proper search with 60 trials", "try a tuning run instead, 25 trials"
_SEARCH_SAID = re.compile(r"\b(?:search\w*|tun(?:e|ing)|sweep\w*|hpo|optimi[sz]\w*|hyper-?param\w*)\b")


def search_of_trials(clauses: list[Any], body: str, trials: list[Found], question: bool) -> None:
    """A clause that asks for nothing the rules know, but holds a number of trials (a slot only `tune` takes) and
    names a search, asks for that tune (on the thread's model, when it names none)."""
    if question:
        return
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends):
        if clause.tool is None and any(clause.start <= t.start < end for t in trials) and _SEARCH_SAID.search(
                body[clause.start:end]):
            clause.tool = "tune"


def version_named_before(refs: list[Found], start: int) -> str | None:
    """The last numbered version the request named before `start` ("if wine v5 beats prod, ship it": 5)."""
    return next((r.value for r in reversed(refs) if r.start < start and r.value.isdigit()), None)


# A version told as the better or sound one ("v4 was way better than what we have now", "v3 ran fine"), or as the bad
# one ("v5 is broken", "v4 was not great either"): beside a rollback, the version it goes back to, or one it leaves
_VERDICT = r"\s*(?:was|were|is|'s|worked|ran|performed|did|used\s+to\s+be)\s+(?:\S+\s+){0,2}?"
_BETTER_ONE = re.compile(_VERDICT + r"(?:better|best|fine|good|great|solid|stable|healthy|ok(?:ay)?|well)\b")
_WORSE_ONE = re.compile(_VERDICT + r"(?:not|never|\w+n't|broken|bad|worse|worst|buggy|garbage|awful|terrible|failing"
                        r"|wrong|off)\b")


def rollback_target(body: str, refs: list[Found], told: list[tuple[int, int]], mine: list[str]) -> list[str]:
    """The versions a rollback goes back to, from those its own clause says (`mine`) and those the request tells
    (`told`: the spans of its clauses that tell): "rollback cancer for me? v4 was way better than what we have now" goes
    back to v4; "roll back cancer, v5 is broken" leaves v5 (it is told bad, not asked for)."""
    bad = {r.value for r in refs if r.value.isdigit() and _WORSE_ONE.match(body, r.end)}
    kept = [v for v in mine if v not in bad]
    if kept:
        return kept
    return next(([r.value] for r in refs if r.value.isdigit() and r.value not in bad and any(
        start <= r.start < end for start, end in told) and _BETTER_ONE.match(body, r.end)), [])


def models_listed_before(before: list[Any], tool: str, said: str) -> list[str]:
    """"check drift on wine and diabetes this week and tell me why", "retrain wine and diabetes, then deploy them if
    better": a later clause that names no model is about the models the clause before it listed (a change only when
    it says so, "them" or "both": "…, then retrain it" names no list)."""
    listed = next((c.models for c in reversed(before) if c.tool), [])
    if len(set(listed)) < 2 or tool in MUTATING and not re.search(r"\b(?:them|both|each|all)\b", said):
        return []
    return list(listed)


def version_of_step_before(tool: str, steps: list[Step], said: str) -> list[str]:
    """"reproduce wine version two and then show its card": a read of one version that says "its" is about the
    version the step before it named (none named: production, the tool's default)."""
    if tool not in ("card", "reproduce", "evaluate") or not steps or not re.search(r"\bits\b", said):
        return []
    version = steps[-1].args.get("version") or steps[-1].args.get("b")
    return [str(version)] if version and steps[-1].tool in ("card", "reproduce", "evaluate", "compare") else []


# Production named as one of the versions to measure ("both prod and the challenger", "the challenger and what's live")
# ("repro diabetes prod, and the challenger too", "card for prod as well as the challenger")
_PROD = r"(?:prod\w*|champion|what'?s\s+live|(?:the\s+|its\s+|[a-z]+'s\s+)?(?:live|current)\s+(?:one|version|model))"
# the read named again before production ("…and also the card of what's in prod now", "plus one for the live version")
_AGAIN = r"(?:(?:the\s+|a\s+|its\s+)?(?:model\s+)?(?:card|one|repro\w*|eval\w*)\s+(?:of|for|on)\s+)?"
_PRODUCTION_TOO = re.compile(rf"\bboth\b|\b{_PROD}[\s,;]+(?:(?:and|&|\+|plus)(?:\s+also)?|as\s+well\s+as"
                             rf")\s|[\s,;](?:and|&|\+|plus|as\s+well\s+as)\s+(?:also\s+)?{_AGAIN}(?:the\s+)?"
                             rf"(?:what(?:'?s|\s+is)\s+(?:in\s+|on\s+)?)?{_PROD}\b")


def one_call_each(tool: str, refs: list[str], said: str = "") -> list[list[str]]:
    """The version references of each call: an evaluation of several versions ("wine v2 and v3", "the challenger and
    v4 separately") is one call per version besides production (the default it is measured on), and production too
    when it is named as one of them ("evaluate both prod and the challenger", "card for cancer prod and for its
    challenger"); else one call. Cards and reproductions likewise."""
    versions = list(dict.fromkeys(r for r in refs if r not in (*_NOT_A_VERSION, "production")))
    if tool in ("evaluate", "card", "reproduce") and versions and "production" in refs and _PRODUCTION_TOO.search(said):
        versions = list(dict.fromkeys(r for r in refs if r not in _NOT_A_VERSION))
    if tool not in ("evaluate", "card", "reproduce") or len(versions) < 2:  # "model cards for cancer v2 and v3"
        return [refs]
    return [[r for r in refs if r not in versions] + [version] for version in versions]


def conditions(text: str, steps: list[Step]) -> Reading:
    """"…and deploy it if it is better": the deploy waits for a compare, which is added if missing."""
    deploys = [s for s in steps if s.tool == "deploy"]
    waits = bool(CONDITION.search(text)) or bool(deploys) and _yes_to_compare(text, steps, deploys[0])
    if len({d.args.get("model") for d in deploys}) > 1 and waits:
        return Reading(steps=_each_if_better(steps))  # "for all three: deploy the challenger if it beats prod"
    if deploys and waits:
        deploy = deploys[0]
        deploy.when = "if_better"
        steps = [s for s in steps if s is not deploy]
        compare = next((s for s in steps if s.tool == "compare"), None)
        if compare is None:
            compare = Step("compare", {"model": deploy.args["model"]})
            version = deploy.args.get("version")
            if version not in (None, "challenger"):
                compare.args["b"] = version
            steps.append(compare)
        steps.append(deploy)
    return Reading(steps=steps)


def _yes_to_compare(text: str, steps: list[Step], deploy: Step) -> bool:
    """"does wine v5 beat prod? if yes deploy it", "compare cancer v6 with prod and if so promote it": a yes that
    answers the compare planned before the deploy is its verdict (a yes to anything else is nothing to wait on)."""
    return bool(YES.search(text)) and any(s.tool == "compare" for s in steps[:steps.index(deploy)])


def _each_if_better(steps: list[Step]) -> list[Step]:
    """Deploys of several models, each on the condition that it is better: each model's compare, then its deploy."""
    out: list[Step] = []
    for step in steps:
        if step.tool == "compare" and any(d.tool == "deploy" and d.args.get("model") == step.args.get("model")
                                          for d in steps):
            continue  # placed right before its deploy
        if step.tool == "deploy":
            model, version = step.args.get("model"), step.args.get("version")
            compare = next((s for s in steps if s.tool == "compare" and s.args.get("model") == model), None)
            if compare is None:
                compare = Step("compare", {"model": model, **({"b": version} if version not in (None, "challenger") else {})})
            out.append(compare)
            step.when = "if_better"
        out.append(step)
    return out
