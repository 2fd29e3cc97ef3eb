"""Requests the interpreter refuses outright: destruction, privileges, secrets, and attempts around its rules; and
requests no tool does: an incident opened, closed or cleared by hand ("reopen incident 9", "clear all the alerts"),
code written ("write me a python script that parses the alert emails").

"Drop" is destructive only as a command with an object ("drop the wine model", "please drop v2"); a metric that
drops ("why did cancer's score drop?", "what caused wine's drop?") is a question about a degradation.
"""

from __future__ import annotations

import re

from tools.agent.understanding.words.lifecycle import others_approve_removed

_DROP = (r"(?:^\W*|\b(?:please|pls|can\s+you|could\s+you|just|and|then|to|now)\s+)drop\b"
         r"|(?<!'s\s)(?<!\bthe\s)(?<!\bits\s)(?<!\ba\s)\bdrop\s+(?:the|all|every\w*|th[ei]s\w*|that|it|them|its|our|my|v?\d)\b")
REFUSE = re.compile(
    rf"{_DROP}|\b(delete|remove|wipe|erase|destroy|purge|truncate|rm\s+-rf|admin\s+(?:rights|access|role)|make\s+me\s+(?:an?\s+)?"
    r"(?:admin|deployer|trainer|owner)|(?:give|grant)\s+me\s+(?:\S+\s+){0,2}?(?:access|rights?|roles?|permissions?|admin|root"
    r"|privileges?)\b|api[_\s-]?key|token|secret|password|credential|env(?:ironment)?"
    r"\s+var|(?:ignore|disregard)\s+(?:your|all|previous|prior|any)|(?:ignore|disregard)\s+the\s+(?:\S+\s+){0,2}?(?:rules?"
    r"|instructions?|prompt|polic\w*|guard\w*|gate|checks?|approv\w*|limits?|restrictions?|safety|roles?)\b"
    r"|forget\s+(?:your|all|the|previous)|skip\s+(?:the\s+)?"
    r"(?:checks?|gate|approv)|without\s+(?:asking|approv|the\s+gate|checks)|bypass|pretend|approve\b|approve\s+(?:it|that|this)"
    r"|jailbreak|system\s+prompt|maintenance\s+mode"
    # the promotion gate switched off in words ("turn off the promotion gate for diabetes", "disable the gate")
    r"|(?:turn|switch|shut|toggle)\s+off\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?gate\b|(?:disable|deactivate|override|suspend)"
    r"\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?gate\b|\bgate\s+off\b"
    # a decision on an approval said in words: approvals are buttons
    r"|(?:reject|deny|decline|veto)\s+(?:\S+\s+){0,3}?(?:approvals?|pending|requests?|[0-9a-f]{16})\b"
    # and one cancelled or withdrawn in words ("cancel approval 0123…"): `cancel` takes only job ids
    r"|(?:cancel|revoke|withdraw|retract|rescind|abort)\w*\s+(?:\S+\s+){0,3}?(?:approvals?\b|[0-9a-f]{16}\b))")


# "did anyone approve 0a1b… yet?", "has somebody approved it?": a question about an approval, not one given in words
_ASKED_ABOUT_APPROVAL = re.compile(r"\b(?:did|has|have|had|was|were|is)\s+(?:anyone|anybody|someone|somebody|they|it"
                                   r"|\S+)\s+(?:been\s+|got\s+|get\s+)?approved?\b")


# An approval given in words, said as done: "approved, go ahead", "it's approved", "approved ✅", "you have my sign-off"
_APPROVED = re.compile(r"^\W*(?:(?:it'?s|it\s+is|this\s+is|that'?s|that\s+is|consider\s+(?:it|this|that)|all)\s+)?(?:approved"
                       r"|signed\s+off|sign-?off\s+given)\s*(?:[,.!;:]|[\U0001F300-\U0001FAFF\u2600-\u27BF]|$"
                       r"|\s+(?:go\s+ahead|proceed|ship|deploy|do\s+it|you\s+can))"
                       r"|\b(?:you\s+have|here'?s|with|take)\s+my\s+(?:approval|sign-?off|blessing|go-?ahead)\b")


# A lock removed or deleted is a lock released ("remove the lock", "delete the stale lease"): unlock, nothing destroyed
_LOCK_REMOVED = re.compile(r"\b(?:remove|delete|drop|wipe|clear|kill)\s+(?:the\s+|its\s+|that\s+|this\s+)?(?:stale\s+|stuck"
                           r"\s+|old\s+|dead\s+|orphan\w*\s+)?(?:lock|lease)s?\b")


def refused(body: str) -> bool:
    """Whether a request (lower case, its opener removed) asks for something the agent never does."""
    body = _LOCK_REMOVED.sub(" unlock ", body)
    return bool(REFUSE.search(others_approve_removed(_ASKED_ABOUT_APPROVAL.sub(" ", body)))) or (
        "?" not in body and bool(_APPROVED.search(body)))


# Where a command starts: the request's start, a new sentence, or a polite or joining word before the verb
_COMMAND_AT = (r"(?:^\W*|[.!;,]\s*|\b(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|just|and|then|now"
               r"|go\s+ahead\s+and|(?:i\s+)?(?:want|need)\s+(?:you\s+)?to|let'?s)\s+)")
# An incident's state set by hand: "reopen incident 9", "clear all the alerts", "close out alert 12", "ack #40", "mark
# incident 9 as resolved" (a check resolves one when it is healthy again; a question about it is a read)
_INCIDENT_STATE = re.compile(
    _COMMAND_AT + r"(?:(?:re-?open|un-?resolve|resolve|close(?:\s+out)?|ack(?:nowledge)?|dismiss|clear(?:\s+out)?"
    r"|archive|assign|escalate)\s+(?:\S+\s+){0,3}?(?:incidents?|alerts?|alarms?|pages?|#\s?\d)"
    r"|(?:mark|set|flag|move)\s+(?:\S+\s+){0,3}?(?:(?:incidents?|alerts?|alarms?|pages?)(?:\s+#?\s?\d{1,6})?|#\s?\d{1,6}"
    r"|it|that|this|them)\s+(?:as\s+|to\s+)?(?:resolved|closed|done|acknowledged|acked|fixed|re-?opened)\b)")
# Code asked to be written: "write me a python script that…", "can you code up a parser for…"
_CODE = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|i\s+need\s+you\s+to"
                   r"|help\s+me)\s+)*(?:write|code(?:\s+up)?|generate|draft|create|make|build|put\s+together)\s+(?:me\s+"
                   r"|us\s+)?(?:a\s+|an\s+|some\s+|the\s+)?(?:\S+\s+){0,3}?(?:script|program|code|snippet|function|query"
                   r"|regex|parser|notebook|cron\s*job|dockerfile)s?\b")
_INCIDENT_STATE_SAID = ("Incidents open and resolve on their own: a monitor's check resolves one once the model is "
                        "healthy again, and I can't open, close or clear one by hand. I can show one (`incident 9`), "
                        "rate it useful or noise, or snooze a model's alerts.")


def no_tool_for(body: str) -> str | None:
    """What to answer a request no tool does (`body`: lower case, its opener removed): an incident's state set by hand,
    or code written; None for any other request."""
    if _INCIDENT_STATE.search(body):
        return _INCIDENT_STATE_SAID
    if _CODE.search(body):
        return "That's outside what I do: I run the model lifecycle tools. Try `/mlops help`."
    return None
