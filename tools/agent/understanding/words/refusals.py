"""Requests the interpreter refuses outright: destruction, privileges, secrets, and attempts around its rules; and
requests no tool does: an incident opened, closed or cleared by hand ("reopen incident 9", "clear all the alerts"),
code written ("write me a python script that parses the alert emails").

"Drop" is destructive only as a command with an object ("drop the wine model", "please drop v2"); a metric that
drops ("why did cancer's score drop?", "what caused wine's drop?") is a question about a degradation.
"""

from __future__ import annotations

import re

from tools.agent.understanding.words.lifecycle import NOT_OF_THE_ASKER, others_approve_removed

_DROP = (r"(?:^\W*|\b(?:please|pls|can\s+you|could\s+you|just|and|then|to|now)\s+)drop\b"
         r"|(?<!'s\s)(?<!\bthe\s)(?<!\bits\s)(?<!\ba\s)\bdrop\s+(?!th[ei]s\s+(?:week|month|morning|afternoon|evening|year|quarter|weekend|time)\b)"
         r"(?:the|all|every\w*|th[ei]s\w*|that|it|them|its|our|my|v?\d)\b")  # "the AUC drop this week" is a metric
REFUSE = re.compile(
    rf"{_DROP}|\b(delete|remove|wipe|erase|destroy|purge|truncate|rm\s+-rf|admin\s+(?:rights|access|role)|make\s+me\s+(?:an?\s+)?"
    r"(?:admin|deployer|trainer|owner)|(?:give|grant)\s+me\s+(?:\S+\s+){0,2}?(?:access|rights?|roles?|permissions?|admin|root"
    r"|privileges?)\b|api[_\s-]?key|token|secret|password|credential|env(?:ironment)?"
    r"\s+var|(?:ignore|disregard)\s+(?:your|all|previous|prior|any)|(?:ignore|disregard)\s+the\s+(?:\S+\s+){0,2}?(?:rules?"
    r"|instructions?|prompt|polic\w*|guard\w*|gate|checks?|approv\w*|limits?|restrictions?|safety|roles?)\b"
    rf"|{NOT_OF_THE_ASKER}forget\s+(?:your|all|the|previous)\b"
    r"|skip(?:ping)?\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:checks?|gate|approv|validat|sign-?off|review)|without\s+(?:asking|approv|the\s+gate|checks)|bypass|pretend|approve\b|approve\s+(?:it|that|this)"
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
                       r"|\b(?:you\s+have|here'?s|with|take)\s+my\s+(?:approval|sign-?off|blessing|go-?ahead)\b"
                       # one given now, or for someone else: "approving 0a1b… on behalf of priya", "signing off on 0a1b…"
                       r"|^\W*(?:i'?m\s+|i\s+am\s+)?(?:approving|signing\s+off\s+on)\s+(?:(?:the\s+)?(?:approval|request)\s+)?"
                       r"[0-9a-f]{16}\b|\b(?:approv(?:e|ing)|sign(?:ing)?\s+off)\s+(?:\S+\s+){0,3}?on\s+behalf\s+of\b")


# A lock removed or deleted is a lock released ("remove the lock", "delete the stale lease"): unlock, nothing destroyed
_LOCK_REMOVED = re.compile(r"\b(?:remove|delete|drop|wipe|clear|kill)\s+(?:the\s+|its\s+|that\s+|this\s+)?(?:stale\s+|stuck"
                           r"\s+|old\s+|dead\s+|orphan\w*\s+)?(?:lock|lease)s?\b")


def refused(body: str) -> bool:
    """Whether a request (lower case, its opener removed) asks for something the agent never does."""
    body = SNOOZE_REMOVED.sub(" end the snooze ", _LOCK_REMOVED.sub(" unlock ", body))
    return bool(REFUSE.search(others_approve_removed(_ASKED_ABOUT_APPROVAL.sub(" ", body)))) or (
        "?" not in body and bool(_APPROVED.search(body)))


# Where a command starts: the request's start, a new sentence, or a polite or joining word before the verb
_COMMAND_AT = (r"(?:^\W*|[.!;,]\s*|\b(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|just|and|then|now"
               r"|go\s+ahead\s+and|(?:i\s+)?(?:want|need)\s+(?:you\s+)?to|let'?s)\s+)")
# An incident's state set by hand: "reopen incident 9", "clear all the alerts", "close out alert 12", "ack #40", "mark
# incident 9 as resolved" (a check resolves one when it is healthy again; a question about it is a read)
_INCIDENT_STATE = re.compile(
    _COMMAND_AT + r"(?:(?:re-?open|un-?resolve|resolve|close(?:\s+out)?|ack(?:nowledge)?|dismiss|clear(?:\s+out)?"
    r"|archive|(?:re-?|un-?)?assign|escalate)\s+(?:\S+\s+){0,3}?(?:incidents?|alerts?|alarms?|pages?|#\s?\d)"
    # incidents grouped or handed over by hand: "merge those two into one incident", "hand incident 8 over to priya"
    r"|(?:merge|combine|consolidate|de-?dupe|de-?duplicate|link|group|transfer|hand)\s+(?:\S+\s+){0,5}?(?:incidents?"
    r"|alerts?|alarms?|pages?|#\s?\d)"
    r"|(?:change|set|lower|raise|bump|downgrade|upgrade)\s+(?:the\s+)?(?:severity|priority|owner|assignee)\s+(?:of|on|for)"
    r"\s+(?:\S+\s+){0,2}?(?:incidents?|alerts?|pages?|#\s?\d)"
    r"|(?:mark|set|flag|move)\s+(?:\S+\s+){0,3}?(?:(?:incidents?|alerts?|alarms?|pages?)(?:\s+#?\s?\d{1,6})?|#\s?\d{1,6}"
    r"|it|that|this|them)\s+(?:as\s+|to\s+)?(?:resolved|closed|done|acknowledged|acked|fixed|re-?opened)\b)")
# Code asked to be written: "write me a python script that…", "can you code up a parser for…"
_CODE = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|i\s+need\s+you\s+to"
                   r"|help\s+me)\s+)*(?:write|code(?:\s+up)?|generate|draft|create|make|build|put\s+together)\s+(?:me\s+"
                   r"|us\s+)?(?:a\s+|an\s+|some\s+|the\s+)?(?:\S+\s+){0,3}?(?:script|program|code|snippet|function|query"
                   r"|regex|parser|notebook|cron\s*job|dockerfile)s?\b")
_INCIDENT_STATE_SAID = ("Incidents open and resolve on their own: a monitor's check resolves one once the model is "
                        "healthy again, and I can't open, close, clear, assign or merge one by hand. I can show one "
                        "(`incident 9`), rate it useful or noise, or snooze a model's alerts.")
# A snooze ended early: "unsnooze cancer", "unmute wine", "lift the snooze on diabetes", "stop snoozing cancer", "take
# cancer off snooze", "bring wine out of snooze"
_UNSNOOZE = re.compile(_COMMAND_AT + r"(?:un-?(?:snooz|mut|silenc|hush)\w*|stop\s+(?:snoozing|muting|silencing)|(?:end|cancel"
                       r"|lift|stop|undo|revoke|reverse|remove|delete|drop|wipe|clear|kill|call\s+off|take\s+off|turn\s+off|break"
                       r"|cut\s+short)\s+(?:the\s+|its"
                       r"\s+|that\s+|this\s+|my\s+|our\s+)?(?:\S+\s+){0,2}?(?:snooze|mute|silenc\w*)\b"
                       r"|(?:take|get|bring|pull|wake)\s+(?:\S+\s+){0,3}?(?:off|out\s+of|up\s+from)\s+(?:the\s+|its\s+)?"
                       r"(?:snooze|mute)\b)")
# A snooze for good: "snooze cancer forever", "mute diabetes permanently" (a snooze lasts 30 days at most)
_SNOOZED_FOR_GOOD = re.compile(r"\b(?:snooz|mut|silenc|quiet|hush|shush)\w*\s+(?:\S+\s+){0,5}?(?:forever|for\s+ever"
                               r"|permanent\w*|indefinite\w*|for\s+good|for\s+all\s+time|until\s+further\s+notice"
                               r"|until\s+i\s+say\s+(?:so|otherwise)|with\s+no\s+end)\b"
                               r"|\b(?:permanent\w*|indefinite\w*)\s+(?:snooz|mut|silenc)\w*")
_FOR_GOOD_SAID = ("A snooze can't be for good: it lasts at most 30d, then runs out by itself (`snooze <model> 30d`). "
                  "To stop a model's checks altogether, turn its monitor off: `monitor <model> off`.")
# Something sent on by mail or exported as a file: "email the wine model card to legal", "mail the incident report to
# my boss", "send the card as a pdf" (answers come back in the chat only)
_SENT = re.compile(_COMMAND_AT + r"(?:e-?mail|mail|fax|forward)\b(?!\s+(?:alerts?|notifications?)\s+(?:to|in|into)\s+#)"
                   r"|\b(?:as|to|into)\s+(?:an?\s+)?(?:pdf|docx?|word\s+doc\w*|excel|spreadsheet|csv|pptx?|slides?)\b"
                   r"|\b(?:send|share)\s+(?:\S+\s+){0,5}?to\s+(?:my\s+|our\s+|the\s+)?(?:boss|manager|legal|team\s+lead"
                   r"|lead|director|cto|ceo|vp|customer|client|auditors?|compliance|inbox)\b"
                   # data or files taken out to a place of one's own: "export the training data to my google drive",
                   # "download cancer's features onto my laptop", "copy the model to a usb stick"
                   r"|\b(?:export|download|upload|dump|copy|save|back\s*up|transfer|move|sync)\w*\s+(?:\S+\s+){0,6}?"
                   r"(?:to|into|onto|on)\s+(?:my|our|a|the|his|her|their)\s+(?:own\s+|personal\s+|private\s+|home\s+)?"
                   r"(?:\S+\s+)?(?:drive|dropbox|laptop|desktop|computer|machine|usb|disk|stick|gmail|onedrive|icloud"
                   r"|box\s+account|bucket|phone)\b")
_SENT_SAID = ("I can't email or export anything: my answers come back here, in the chat. Copy what you need from "
              "the answer (e.g. `card <model>`, `incident 9`), or share this thread.")
# An online test of more than two arms: "an a/b/c test on cancer", "a three-way split", "test three versions live"
_ARMS = re.compile(r"\ba\s*/\s*b\s*/\s*c\b|\babc\s+test|\b(?:three|four|five|multi|[3-9])[\s-]+(?:way|arm(?:ed)?)\b"
                   r"|\bmulti-?arm\w*|\b(?:three|four|five|[3-9]|more\s+than\s+two|several|multiple)\s+(?:arms|variants"
                   r"|challengers)\b")
_ONLINE_TEST = re.compile(r"\b(?:a\s*/\s*b|ab|abtest|tests?|experiments?|split|bandit|canary|traffic)\b")
_ARMS_SAID = ("An online test has two arms: production against the current challenger (`abtest <model> 10%`, or "
              "`shadow`). To weigh more versions, compare them offline: `compare <model> <a> <b>`.")
# A snooze removed or deleted is a snooze ended: said so, not refused as a deletion
SNOOZE_REMOVED = re.compile(r"\b(?:remove|delete|drop|wipe|clear|kill)\s+(?:the\s+|its\s+|that\s+|this\s+)?(?:\S+\s+){0,2}?"
                            r"(?:snooze|mute)s?\b")
_UNSNOOZE_SAID = ("There is no unsnooze: a snooze runs out by itself at the time it was set for (checks keep running "
                  "meanwhile, and one summary is posted when it ends). A new snooze replaces its end, so `snooze <model> "
                  "1m` brings the alerts back in a minute.")
# A model card written by hand: "edit wine's model card", "add a limitations section to the cancer card"
_CARD_EDITED = re.compile(_COMMAND_AT + r"(?:edit|update|change|modify|amend|re-?write|annotate|correct|append\s+to"
                          r"|(?:add|put|write|insert|include|note)\s+(?:\S+\s+){0,6}?(?:to|in|into|on))\s+(?:\S+\s+){0,3}?"
                          r"(?:model\s+)?cards?\b")
_CARD_SAID = ("Model cards are written from the registry's records (metrics, data, lineage, gate results): I can't edit "
              "one or add to it. `card <model>` shows it; notes of your own belong in your docs.")
# A fix no tool makes: "fix the mismatched features", "repair the skew on cancer" (a stale store is materialize's)
_MISMATCH_FIXED = re.compile(_COMMAND_AT + r"(?:fix|repair|correct|patch|resolve|get\s+rid\s+of|eliminate)\s+(?:\S+\s+){0,3}?"
                             r"(?:mismatch\w*|skew\w*|discrepanc\w*|inconsisten\w*)")
_MISMATCH_SAID = ("I can't fix a mismatch between served and offline features myself: it comes from how a feature is "
                  "computed online. I can measure it again (`skew <model>`), or reload the online store from the offline "
                  "one if it is only stale (`materialize <model>`).")
_BY_LOADING = re.compile(r"\b(?:materiali[sz]\w*|re-?load\w*|load\w*|sync\w*|refresh\w*|backfill\w*|stale)\b")
# A version made reproducible: "make it reproducible", "make cancer v3 deterministic" ("make sure it reproduces" asks)
_MADE_REPRODUCIBLE = re.compile(_COMMAND_AT + r"make\s+(?!sure\b|certain\b)(?:\S+\s+){0,3}?(?:reproducible|deterministic"
                                r"|repeatable|reproduce\s+identically)\b")
_REPRODUCIBLE_SAID = ("I can't change how a version was built: `reproduce` retrains it from its recorded lineage and says "
                      "what differs (data, config, code, libraries); pinning what differed is done where it is trained.")


# A pending change rejected in words ("reject that rollback", "deny the deploy", "decline it"): approvals are decided
# on their own message, by someone allowed to, never by the agent in words (nor approved in words: REFUSE)
_REJECTED = re.compile(_COMMAND_AT + r"(?:reject|deny|decline|veto|refuse|turn\s+down)\s+(?:the\s+|that\s+|this\s+|it\b|that\b"
                       r"|this\b)?(?:\s*(?:rollback|roll-?back|deploy\w*|promotion|approval|request|change|release))?\b")
_REJECTED_SAID = ("I can't approve or reject a change in words: it is decided on its own message with the Approve / "
                  "Cancel buttons, by someone allowed to approve. `approval <id>` shows where it stands.")


def no_tool_for(body: str) -> str | None:
    """What to answer a request no tool does (`body`: lower case, its opener removed): an incident's state set by hand,
    a snooze ended early or set for good, something emailed or exported, an online test of more than two arms, a model
    card edited, a mismatch fixed, a version made reproducible, or code written; None for any other request."""
    if _INCIDENT_STATE.search(body):
        return _INCIDENT_STATE_SAID
    if _REJECTED.search(body):
        return _REJECTED_SAID
    if _UNSNOOZE.search(body):
        return _UNSNOOZE_SAID
    if _SNOOZED_FOR_GOOD.search(body):
        return _FOR_GOOD_SAID
    if _SENT.search(body):
        return _SENT_SAID
    if _ARMS.search(body) and _ONLINE_TEST.search(body):
        return _ARMS_SAID
    if _CARD_EDITED.search(body):
        return _CARD_SAID
    if _MISMATCH_FIXED.search(body) and not _BY_LOADING.search(body):
        return _MISMATCH_SAID
    if _MADE_REPRODUCIBLE.search(body):
        return _REPRODUCIBLE_SAID
    if _CODE.search(body):
        return "That's outside what I do: I run the model lifecycle tools. Try `/mlops help`."
    if _HOOKED_UP.search(body):
        return _HOOKED_UP_SAID
    if _HOST_OPERATED.search(body):
        return _HOST_SAID
    return None


# Systems outside the bot that alerts or incidents could be hooked up to
_SYSTEMS = (r"(?:pager\s*duty|opsgenie|ops\s+genie|victorops|splunk(?:\s+on-?call)?|datadog|new\s*relic|grafana|prometheus"
            r"|alertmanager|sentry|jira|servicenow|service\s+now|zapier|(?:ms|microsoft)\s+teams|discord|twilio|statuspage"
            r"|incident\.io|firehydrant)\b")
# Our alerts wired into another system: "hook the alerts up to pagerduty", "integrate the monitors with opsgenie", "can
# you send incidents to jira", "set up a datadog integration" (a Slack channel is the only place they go)
_HOOKED_UP = re.compile(r"\b(?:hook|wire|connect|integrat|link|plug|tie|send|forward|push|route|pipe|post|sync|mirror|feed"
                        r"|escalat|open\s+(?:a\s+)?tickets?)\w*\s+(?:\S+\s+){0,6}?(?:up\s+)?(?:to|into|with|in|on|via"
                        rf"|through)\s+(?:the\s+|our\s+|a\s+)?{_SYSTEMS}|\b{_SYSTEMS}\s+(?:integration|hook|webhook|alerts?"
                        r"\s+from\s+(?:you|the\s+bot))")
_HOOKED_UP_SAID = ("I can't connect to other systems: monitors post their alerts to a Slack channel (`monitor <model> "
                   "channel=#…`), and nothing more. Try `/mlops help monitor`.")
# The machine the bot runs on operated: "restart the scheduler process on the box", "reboot the worker host", "bounce
# the service", "ssh into the server" (the monitors' scheduler is ours to show, not to restart)
_HOST_OPERATED = re.compile(_COMMAND_AT + r"(?:re-?start|re-?boot|bounce|power[-\s]?cycle|ssh\s+(?:in)?to|log\s+(?:in)?to"
                            r"|scale\s+(?:up|down|out)|cordon|drain|re-?provision)\s+(?:\S+\s+){0,4}?(?:process(?:es)?|services?"
                            r"|servers?|box(?:es)?|hosts?|machines?|nodes?|pods?|clusters?|daemons?|containers?|vms?|instances?"
                            r"|workers?|scheduler)\b")
_HOST_SAID = ("That's outside what I do: I don't operate the machines I run on. I can show the monitors and where the "
              "scheduler runs (`/mlops monitors`).")


# A time still to come that a change is to start at: "tomorrow at 9", "next monday", "from next week", "tonight at 11";
# never one the change is wanted before or until ("before tomorrow's demo", "until next week"), nor a possessive
_FUTURE = (r"\b(?:(?:the\s+day\s+after\s+)?tomorrow(?!\s*'s)|next\s+(?:week|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
           r"\b(?!\s*'s)|tonight\s+at\s+\d|for\s+later|at\s+a\s+later\s+(?:time|date)|later\s+(?:today|tonight|this\s+week))")
_LATER = re.compile(r"(?<!\bbefore\s)(?<!\bby\s)(?<!\buntil\s)(?<!\btill\s)(?<!\bfor\s)(?<!\bthrough\s)(?<!\bahead\sof\s)"
                    + _FUTURE)
_NOW = re.compile(r"\b(?:now|right\s+away|immediately|asap|straight\s+away)\b")
# Where a clause goes on about someone else's doings ("deploy cancer 5, we're reviewing it tomorrow") or about what it
# waits for ("retrain wine when the new data lands next week": the time the data comes, a training asked as said)
_ASIDE = re.compile(r"[,;.!?\u2014\u2013]\s*(?:but\s+|and\s+|so\s+)?(?:we|i|they|he|she|you|it|someone|everyone|the\s+team)\b"
                    r"|\b(?:when|once|after|as\s+soon\s+as|whenever)\s+(?:the\s+|its\s+)?(?:new\s+|fresh\s+|next\s+|more\s+)?"
                    r"(?:data|rows|batch|labels|features)\b")
# A change asked to be scheduled: "schedule an A/B test on wine…", "queue up a retrain of cancer for later"
_SCHEDULED = re.compile(_COMMAND_AT + r"(?:schedule|queue(?:\s+up)?|plan|book|line\s+up|set\s+up|start|begin|kick\s+off"
                        r"|launch)\s+(?:\S+\s+){0,4}?(?:a/b|ab\b|abtest|(?:online\s+|split\s+)?test|experiment|deploy|release"
                        r"|roll\s*out|roll\s*back|rollback|promot|re-?train|train|tun|snooz|materiali|unlock)"
                        r"(?:[^\s,;.!?]*\s+){0,8}?(?:" + _FUTURE  # within the clause that asks it; a day or an hour
                        # said alone is a time to come here too ("schedule the wine abtest to start monday 9am")
                        + r"|(?<!since\s)(?<!from\s)(?<!after\s)(?<!before\s)(?<!until\s)(?<!till\s)(?<!by\s)(?<!last\s)"
                        r"(?<!past\s)(?:on\s+|this\s+|coming\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b(?!\s*'s)"
                        r"|(?<!since\s)(?<!until\s)(?<!till\s)(?<!by\s)(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm)\b)")
_LATER_SAID = ("I can't schedule a change for later: I act when asked, so ask me again then. What runs on a schedule is "
               "a monitor's checks: `monitor <model> every=1h`.")


def later(body: str, changes: list[tuple[str, dict[str, object], int]], starts: list[int]) -> str | None:
    """Why a change said to start at a time still to come is not planned ("schedule an A/B test on wine to start next
    monday at 9", "deploy wine v5 tomorrow at 9am"), or None. `changes`: each change planned, as (tool, args, where
    its clause starts); `starts`: where each clause starts. A snooze's end and a monitor's schedule are their own."""
    if _NOW.search(body):
        return None
    if _SCHEDULED.search(body):
        return _LATER_SAID
    for tool, args, at in changes:
        if tool == "snooze" or tool == "monitor" and "every" in args:
            continue
        said = body[max(at, 0):min((s for s in starts if s > at), default=len(body))]
        if _LATER.search(said[:aside.start()] if (aside := _ASIDE.search(said)) else said):
            return _LATER_SAID
    return None
