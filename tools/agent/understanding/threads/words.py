"""How people point back at what was already said: the thread's window ("over the same period", "on that same
window", "the training data from that period"), the version its last compare was about, the verb a help answer just
explained ("ok do it for wine v3" after "how do I deploy?"), the change its answer offered ("yes please, load them"
after "Materializing it would load the newer ones"); and, inside one request, the window each clause of a
chain said, the version a compare before a deploy named, and what is only told as background.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory, Step
from tools.agent.understanding.words import lifecycle, serving

if TYPE_CHECKING:
    from tools.agent.understanding.beside import Clause

# "the same period", "that same window", "over those dates", "from that period": the thread's own window
_SAME_WINDOW = re.compile(r"\b(?:the|that|this|those|these)\s+(?:same\s+|exact\s+)?(?:period|window|time\s*frame|timeframe"
                          r"|time\s+range|date\s+range|range\s+of\s+dates|dates|days|interval|time\s+span|span|slice)\b"
                          r"|\bsame\s+(?:period|window|time\s*frame|timeframe|time\s+range|date\s+range|dates|days|interval"
                          r"|slice)\b"
                          r"|\b(?:that|this|those|these)\s+(?:same\s+)?(?:batch|batches|data)\b")  # "what's wrong with that batch"

# "do it", "do that", "go ahead and do it": the verb the thread's help answer explained
_DO_IT = re.compile(r"\b(?:do|run|try)\s+(?:it|that|this|one)\b")

# A help topic (the command verb) as the tool it explains
_TOPIC_TOOL = {"drift": "check_drift", "validate": "validate_data", "check": "run_check", "models": "list_models"}

WINDOW_KEYS = ("last", "since", "until")


def said_same_window(text: str) -> re.Match[str] | None:
    """Where a request points at the thread's window ("…for the same period too", "train on that same window")."""
    return _SAME_WINDOW.search(text)


def thread_window(last: tuple[str, dict[str, Any]] | None) -> dict[str, str]:
    """The window of the thread's last call, as its args wrote it (empty when it had none)."""
    return {k: v for k, v in (last[1] if last else {}).items() if k in WINDOW_KEYS}


def compared_version(call: dict[str, Any] | None, result: dict[str, Any]) -> int | None:
    """The numbered version a compare was about (its candidate side, `b`), from its result or its args: "deploy that"
    after it means that version. The eval's small results write `b` (a number, or the side as {version, alias}), the
    tool's own `b_version`."""
    if call is None or call.get("name") != "compare":
        return None
    side = result.get("b")
    for said in (result.get("b_version"), side.get("version") if isinstance(side, dict) else side,
                 (call.get("args") or {}).get("b")):
        if isinstance(said, int) or (isinstance(said, str) and said.isdigit()):
            return int(said)
    return None


def version_read(call: dict[str, Any] | None) -> int | None:
    """The numbered version a read of one version was asked about (a reproduce, a card, an evaluation), when its result
    does not say it: "nice, now pull the card for that version" after "reproduce wine 3" is v3's card."""
    said = (call.get("args") or {}).get("version") if call and call.get("name") in ("reproduce", "card", "evaluate") else None
    return int(said) if isinstance(said, int) or isinstance(said, str) and said.isdigit() else None


def helped_tool(last: tuple[str, dict[str, Any]] | None, text: str) -> str | None:
    """The tool a help answer just explained, when the request asks to do it ("ok do it for wine v3")."""
    if not last or last[0] != "help" or not _DO_IT.search(text):
        return None
    topic = str(last[1].get("topic") or "")
    return _TOPIC_TOOL.get(topic, topic) or None


# A change the agent's answer offers as the remedy, not one it reports done ("Materializing it would load the newer
# ones", "a materialize should fix that"; "Materialized wine: …" is done)
_OFFERS = (("materialize", re.compile(r"\bmateriali[sz](?:e|ing|ation)\b")),)
# Taking the offer up: "load them", "do it", "go ahead and run that", "please do", "backfill it. now."
_TAKEN_UP = re.compile(r"^\W*(?:(?:go\s+ahead|ok(?:ay)?|sure|yes|please|pls|then)\W+(?:and\s+)?)*(?:(?:do|run|load"
                       r"|reload|push|sync|resync|refresh|update|backfill|fix|try)\s+(?:it|them|that|those|this"
                       r"|the\s+new(?:er)?\s+ones)\b"
                       r"|(?:bring|catch)\s+(?:it|them)\s+up(?:\s+to\s+date)?\b|go\s+ahead\b|please\s+do\b|do\s+so\b)"
                       r"(?:\W+(?:then|now|please|pls|asap))*\W*$")


# A model said to be locked: "…says it's locked", "the lock is still held", "the lock of wine is not released since
# yesterday", or as a refused change says it ("Model wine is locked by tune …", "Model cancer is busy: …")
LOCKED = re.compile(r"\b(?:locked|lock\s+is\s+(?:still\s+)?held|is\s+busy|lock\b(?:\s+\S+){0,4}?\s+(?:(?:is|was|has|have"
                    r"|had)n'?t|(?:is|was|has|have|had)\s+(?:still\s+)?not|still\s+not|never|not)\s+(?:been\s+|got\s+|gotten\s+"
                    r"|yet\s+)?(?:released|freed|cleared|removed|unlocked|let\s+go))\b")


# A monitor's alert posted in the thread: "🟠 Incident #44 — diabetes: drift in bmi (medium). Useful / Noise", or as
# the alert's own footer says it ("incident #44 · opened 2026-12-05 06:10 UTC"), its emoji also as Slack's text writes
# it (":rotating_light: Incident #18 — …"): "shhh 1h", "was this one resolved?" after it are about that incident
_ALERT_POSTED = re.compile(r"^(?:\W|:[a-z0-9_+-]+:)*incident\s+#(\d{1,6})\s*(?:[,:\u2014\u2013-]|\s)|\bincident\s+#(\d{1,6})\s+\u00b7\s+opened\b",
                           re.IGNORECASE)


def alert_posted(message: str) -> int | None:
    """The incident an alert posted in the thread is about (None when the message is no alert)."""
    m = _ALERT_POSTED.search(message)
    return int(m.group(1) or m.group(2)) if m else None


# What holds a lock, told: "locked … by a dead tune job", "held by the retrain run": the job named is no request
_HELD_BY = re.compile(r"\b(?:locked|held|stuck|taken|owned)\b.*?\bby\s+(?:\S+\s+){0,4}?(?:job|run|process|task|worker)s?\b")


def held_by(said: str) -> bool:
    """Whether a clause tells what holds the model's lock ("locked for 3 hours by a dead tune job")."""
    return bool(_HELD_BY.search(said))


def shows_lock(result: dict[str, Any], message: Any) -> bool:
    """Whether a call's result shows its model locked: a status's lock, or a change refused because of one ("release
    it" after it means that lock, no release to production)."""
    return bool(result.get("lock")) or bool(LOCKED.search(f"{result.get('error') or ''} {message or ''}".lower()))


# Going ahead with what a compare weighed: "ok go ahead with v4 then", "let's go with that one", "proceed", "go for
# it", "v4 it is". The change a compare weighs is putting its candidate live; anything more ("go ahead and compare
# v5") is a request of its own and never reads this way
_VERSION_SAID = r"(?:v(?:ersion)?\s*|#)?\d+|it|that(?:\s+one)?|this(?:\s+one)?|the\s+(?:new|newer|better)\s+one"
_GO_AHEAD = re.compile(r"^\W*(?:(?:ok(?:ay)?|alright|all\s+right|right|great|cool|perfect|nice|sweet|good|yes|yep|yeah|sure"
                       rf"|so|then|fine)\W+)*(?:(?:go\s+ahead|proceed|go\s+for\s+it|let'?s\s+go)(?:\s+(?:with|on)\s+(?:{_VERSION_SAID}))?"
                       rf"|(?:let'?s\s+|we'?ll\s+)?go\s+with\s+(?:{_VERSION_SAID})|(?:{_VERSION_SAID})\s+it\s+is)"
                       r"(?:\W+(?:then|now|please|pls))*\W*$")


# Done once more: "try again", "retry", "run it again", "redo it", "one more time", "re-propose it", "resubmit"
AGAIN = re.compile(r"\b(?:again|retry|re-?try|re-?run|re-?do|one\s+more\s+(?:time|go|shot)|re-?propos\w*|re-?submit\w*"
                   r"|re-?request\w*|re-?send)\b")


def goes_ahead(body: str) -> bool:
    """Whether a request only says to go ahead with what the thread weighed ("ok go ahead with v4 then")."""
    return bool(_GO_AHEAD.match(body))


def offered_change(answer: str) -> str | None:
    """The change an answer of the agent offers ("Materializing it would load the newer ones"), if any. An answer that
    finds the online store behind ("The online store for wine was last materialized on 2026-12-02; keyed requests since
    then read older feature values") offers its load as much: it is the remedy for what the answer found."""
    said = answer.lower()
    if serving.store_behind(said):
        return "materialize"
    return next((tool for tool, pattern in _OFFERS if pattern.search(said)), None)


def takes_up_offer(body: str) -> bool:
    """Whether a request only takes up the change the agent's last answer offered ("yes please, load them")."""
    return bool(_TAKEN_UP.match(body))


def threads_window(body: str, memory: Memory) -> Found | None:
    """"validate the training data for the same period too": the window of the thread's last call, when it had one."""
    said = said_same_window(body)
    value = thread_window(memory.last)
    return Found(said.start(), said.end(), value) if said and value else None


def clause_window(windows: list[Found], clause: Clause, end: int, windowed: list[Clause]) -> Found | None:
    """The window said inside a windowed clause (ending at `end`), when the request said more than one: "train
    cancer on 90d then evaluate it on the last 7 days" trains on 90d and evaluates on 7d."""
    if len(windows) < 2 or clause not in windowed or len(windowed) < 2:
        return None
    return next((w for w in windows if clause.start <= w.start < end), None)


def compared_before(steps: list[Step]) -> str | None:
    """The numbered version a compare planned earlier in the request puts up against its baseline (its `b`): "if
    diabetes 5 outperforms what's live, promote it" promotes 5."""
    return next((str(s.args["b"]) for s in reversed(steps) if s.tool == "compare" and str(s.args.get("b", "")).isdigit()),
                None)


def background_told(clauses: list[Clause]) -> None:
    """"rmse jumped quite a bit, dig into what's driving it": a metric's move told before a root-cause question is
    what the person saw, so it is no evaluation of its own (and the window said with it is the why's); "the ETL team
    changed the pipeline, validate wine's data" tells why the data is checked, no drift check of its own."""
    for index, clause in enumerate(clauses):
        later = {c.tool for c in clauses[index + 1:]}
        if clause.tool == "evaluate" and "why" in later and lifecycle.metric_moved(clause.text) or (
                clause.tool == "check_drift" and "validate_data" in later and lifecycle.upstream_changed(clause.text)):
            clause.tool = None


# Alerts of the model talked about: "…, then list its open alerts", "any alerts since then?" after a change to it,
# "what's still open on it?" after a snooze of it
_ITS_ALERTS = re.compile(r"\b(?:its|their)\s+(?:\S+\s+)?(?:alerts?|alarms?|incidents?|pages?)\b|\b(?:since|after)\s+"
                         r"(?:then|that|it|the\s+(?:rollback|roll\s*back|deploy\w*|release|promotion|retrain\w*|training))\b"
                         # "…, and show me what's open on it", "any alerts still open on it though?"
                         r"|\b(?:on|for|about|with)\s+(?:it|them)(?:\s+(?:though|tho|too|now|yet|still|as\s+well|at\s+all"
                         r"|right\s+now|then|anymore))*\W*$"
                         r"|\b(?:on|for|about|with|of)\s+(?:that|this|the\s+same)\s+(?:model|one)\b")  # "…open for that model?"


def alerts_of_the_model(said: str) -> bool:
    """Whether an alerts question is about the model the request or the thread talks about ("list its open
    alerts", "any alerts since then?"), so it takes that model."""
    return bool(_ITS_ALERTS.search(said))


# An answer that knew no model by the name asked: "Unknown model 'fraud'.", "I don't know a model called churn."
_UNKNOWN_MODEL = re.compile(r"\bunknown\s+model\b|\b(?:don'?t|do\s+not)\s+know\s+(?:a|any)\s+model\b")
# Which models there are, asked right after such an answer: "ok which ones do you know then?", "ugh, what are the actual
# names then", "list them", "what do you have?", "what's available?", "so what are my options"
_FILLER = (r"(?:\s+(?:do|can|could|did|does|are|is|exist\w*|again|then|there|you|i|we|have|got|know|support\w*|use|pick"
           r"|choose|configured|available|valid|real|actual(?:ly)?|set\s+up|from|of|with|in|here|really|even|now|ok|pls"
           r"|please))")
_NAMES_ASKED = re.compile(r"\bnames?\b|\b(?:what|which)\s+(?:\w+\s+)?(?:ones?|models?|options?|choices)" + _FILLER
                          + r"*\W*$|\bwhat" + _FILLER + r"+\W*$|\bwhat(?:'s|s|\s+is|\s+are)\s+(?:there|available|configured|valid"
                          r"|supported|on\s+offer|my\s+options|the\s+options)\b|\b(?:list|show|give|name)\s+(?:me\s+)?(?:them"
                          r"|those|all|everything|the\s+(?:\w+\s+)?(?:models|ones|options))\b|\boptions\b")


def says_unknown_model(text: str) -> bool:
    """Whether an answer (or a call's error) says it knows no model by the name asked."""
    return bool(_UNKNOWN_MODEL.search(text.lower()))


def names_asked(body: str) -> bool:
    """Whether a request, right after an answer that knew no model by the name asked, asks which models there are
    ("ok which ones do you know then?", "what are the actual names then", "list them")."""
    return bool(_NAMES_ASKED.search(body))


# An answer that opens on one model said of ("wine is the noisiest: …", "cancer has the most open alerts"): its subject
_SUBJECT = re.compile(r"^\W*([a-z][\w-]*)(?:'s)?\s+(?:is|was|has|had|looks|seems|got|gets|keeps|fires|fired)\b")


def subject_of_answer(answer: str) -> str | None:
    """The word an answer opens on as its subject, if it opens on one ("wine is the noisiest": "snooze it" next is
    about wine), or None."""
    m = _SUBJECT.match(answer.lower())
    return m.group(1) if m else None
