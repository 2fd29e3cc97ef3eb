"""The command a "how do I …" question is about when it is said in the person's own words, not the verb's name:
"release a stuck lock" is unlock, "mute alerts" snooze, "mark an alert as noise" or "tell you an alert was just noise"
rate, "go live with a version" deploy, "a hyperparameter sweep" tune, "roll back" rollback, "an incident's postmortem"
incident, "see whether it got approved" approval, "get it checked every hour" monitor, "resolved incidents" alerts, "the
noise rate per monitor" monitors, "training/serving skew" skew, "run the monitoring check by hand" check, an option
("on_drift=retrain") the command that takes it; what is said not to be asked ("…, not prod vs challenger") names
nothing. The earliest said wins ("mark an alert as noise after we silenced it" asks how to rate it; the silencing is
what happened before), except that what is asked how to do wins over what it is done to: the approval of a deploy
request, the schedule of a check, the incidents while a model is snoozed. "Stop" is the verb of what is stopped: an
online test, a monitor, the alerts, else the job the thread ran."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tools.agent.understanding.tool_kinds import MUTATING, OPTION_OF

if TYPE_CHECKING:
    from tools.agent.understanding.beside import Clause

# In order of precedence where two start at the same word ("release a stuck lock" frees the lock, no release).
_TOPICS = [
    ("unlock", re.compile(r"\b(?:unlock\w*|(?:release|free|clear|remove|drop|break)\w*\s+(?:\S+\s+){0,3}?lock\w*"
                          r"|stuck\s+lock\w*|lock\w*\s+(?:is\s+)?stuck|lock[-\s]?(?:releas|remov|free)\w*)")),
    ("rate", re.compile(r"\b(?:(?:mark|flag|label|tag|rate|call)\w*\s+(?:\S+\s+){0,4}?as\s+(?:a\s+)?(?:noise|noisy|useful"
                        r"|helpful|false\s+(?:alarm|positive)|legit)|rat(?:e|ing)\s+(?:an?\s+|the\s+|this\s+|that\s+)?"
                        r"(?:alert|incident|page)s?"
                        # "tell you an alert was just noise", "let you know a page was a false alarm"
                        r"|(?:alert|alarm|incident|page)s?\s+(?:\S+\s+){0,2}?(?:was|were|is|are)\s+(?:just\s+|only\s+|really\s+"
                        r"|actually\s+|not\s+)*(?:a\s+)?(?:noise|noisy|useful|helpful|false\s+(?:alarm|positive)|legit|bogus"
                        r"|spurious|junk|useless|garbage|rubbish|pointless|worthless|nonsense|crap|bs|a\s+waste(?:\s+of\s+time)?)"
                        r"|(?:feedback|verdict|thumbs\s+(?:up|down))\s+(?:on|for|about)\s+(?:an?\s+|the\s+|this\s+|that\s+)?"
                        r"(?:alert|alarm|incident|page)s?"
                        # "the Useful / Noise buttons under an alert": the verdicts it is rated with
                        r"|(?:useful|noise)\s*(?:/|or|and|&|\+)\s*(?:useful|noise)|(?:useful|noise|verdict)\s+buttons?)\b")),
    ("snooze", re.compile(r"\b(?:mut(?:e|ed|es|ing)|silenc\w*|hush\w*|quiet(?:en)?|(?:stop|paus)\w*\s+(?:the\s+|all\s+|these\s+"
                          r"|those\s+)?(?:alerts?|alerting|paging|pages|notifications|pings)"
                          # "what happens to incidents while a model is snoozed": what a snooze does to them
                          r"|(?:while|whilst|when|during|as\s+long\s+as)\s+(?:\S+\s+){0,3}?(?:snoozed|muted|silenced|a\s+snooze))\b")),
    # "see resolved incidents too", "list the resolved ones": incidents by their state are the alerts listing
    ("alerts", re.compile(r"\b(?:resolved|closed|open|old|older|past|earlier|previous|acknowledged)\s+(?:ones|incidents"
                          r"|alerts|alarms|pages)\b")),
    # "the noise rate per monitor", "the monitors command", "monitors vs monitors all=true", "include stopped monitors":
    # the monitors listing
    ("monitors", re.compile(r"\b(?:(?:noise|useful|hit|false[-\s]alarm)\s+rates?|(?:per|each|every)\s+monitor"
                            r"|(?:stopped|paused|inactive|switched[-\s]off)\s+monitors"
                            r"|monitors(?=\s+(?:command|tool|verb|all\s*=|vs\b|versus\b|listing)))\b")),
    # "training/serving skew": the skew check, whatever the words before it name
    ("skew", re.compile(r"\btrain\w*\s*(?:/|-|vs\.?|versus|and)?\s*serving\b")),
    # "the monitoring check", "run the check by hand": the check run now, not the monitor's schedule
    ("check", re.compile(r"\b(?:monitor(?:ing|'?s)?\s+checks?|health\s*checks?|checks?\s+(?:\S+\s+)?(?:by\s+hand|manually"
                         r"|on\s+demand))\b")),
    ("tune", re.compile(r"\b(?:sweep\w*|hyper-?param\w*|hpo|(?:grid|random|bayesian)\s+search)\b")),
    # "get it into production", "move v5 to prod", "force one through": a version made production, forced or not
    ("deploy", re.compile(r"\b(?:go(?:es|ing)?\s+live|put\s+(?:\S+\s+){0,4}?(?:live|in(?:to)?\s+prod\w*)|roll\w*\s+out"
                          r"|push\w*\s+(?:\S+\s+){0,3}?(?:live|to\s+prod\w*)|(?:get|move|bring|take|send)\w*\s+(?:\S+\s+){0,3}?"
                          r"(?:into|to|in)\s+prod\w*|forc(?:e|ing)\s+(?:it|one|that|this|them|v?\d+)(?:\s+(?:through|past|in|out))?"
                          r"|force[-\s]?(?:deploy|promot|push|ship)\w*)\b")),
    ("rollback", re.compile(r"\b(?:roll\w*\s+(?:\S+\s+){0,2}?back|revert\w*)\b")),
    # "the full details + postmortem of one of these", "the timeline of a single incident"
    ("incident", re.compile(r"\b(?:post[-\s]?mortem\w*|(?:details?|timeline|full\s+story|write-?up)\s+(?:\S+\s+){0,2}?"
                            r"(?:of|on|about|for)\s+(?:(?:an?|the|that|this)\s+)?(?:(?:specific|particular|single|given)\s+)?"
                            r"incident|(?:details?|timeline|full\s+story|write-?up)\s+(?:\S+\s+){0,2}?(?:of|on|about|for)\s+"
                            r"(?:an?|one|a\s+single|that|this|each|a\s+(?:specific|particular|given))\s+(?:alert|alarm|page)s?)\b")),
    # "whether it got approved", "the status of my approval" (no "does it need approval?": that is the change's)
    ("approval", re.compile(r"\b(?:(?:got|gets|get|was|were|been|is|are|being)\s+(?:\S+\s+)?approved|approved\s+or\s+not"
                            r"|(?:whether|if)\s+(?:\S+\s+){0,3}?approved|approval\s+(?:status|state|id|request)s?"
                            r"|(?:see|check|track|look\s+up|find|follow|view|show)\s+(?:\S+\s+){0,2}?approvals?"
                            # ("before I sign off on the runbook": the asker's own sign-off, the context of the question)
                            r"|(?<!\bi\s)(?<!\bwe\s)(?<!'ll\s)(?<!\bcan\s)sign(?:ed)?[-\s]?off)\b")),
    # "get this checked automatically every hour", "have it run on a schedule": the monitor does it
    ("monitor", re.compile(r"\b(?:automatic\w*|auto[-\s]?(?:deploy|retrain|check)\w*|every\s+(?:\d+\s*)?(?:\w+\s+)?"
                           r"(?:hours?|days?|minutes?|mins?|weeks?|nights?|mornings?)|hourly|daily|nightly|weekly"
                           r"|on\s+a\s+(?:schedule|timer|cron)|schedul\w*|periodic\w*|regularly"
                           r"|keep\s+an\s+eye)\b")),
    ("stop", re.compile(r"\b(?:stop\w*|kill\w*|abort\w*|halt\w*|terminat\w*|paus\w*|(?:turn|switch|shut)\w*\s+"
                        r"(?:\S+\s+){0,3}?(?:off|down))\b")),
]
NAMED = 99  # the precedence of a command said by its own verb ("how do I use tune?"): after any said in words
# What is asked how to do wins over what it is done to, wherever each is said
_OVER = {"approval": {"deploy", "rollback", "monitor", "unlock", "abtest", "train", "tune", "status"},
         "monitor": {"check", "status", "drift", "train", "validate", "materialize", "evaluate", "alerts"},
         "rate": {"alerts", "incident", "feedback"}, "incident": {"alerts"},
         "snooze": {"alerts", "incident"}}  # "what happens to incidents while snoozed": what snoozing does to them
# A tool the thread called, as the verb its help is under
_VERB = {"check_drift": "drift", "validate_data": "validate", "run_check": "check", "list_models": "models",
         "rate_alert": "rate", "feature_skew": "skew", "monitors": "monitor"}
_POINTS_BACK = re.compile(r"\b(?:it|this|that|these|those|them)\b")
_ONE = re.compile(r"\b(?:one|each|single|specific|particular)\b")
_JOB = re.compile(r"\b(?:jobs?|runs?|training|tuning|hangs?|hung|stuck|queued?)\b")


def said_topics(clause: str) -> list[tuple[int, int, str]]:
    """(where, precedence, command) for each command the clause describes in other words."""
    return [(m.start(), rank, topic) for rank, (topic, pattern) in enumerate(_TOPICS) for m in pattern.finditer(clause)]


# What is said not to be asked: "how do i compare two versions, not prod vs challenger", "trigger the check now instead
# of waiting for the schedule", "mute the pings without turning the checks off"
_NOT_ASKED = re.compile(r"(?:,\s*|\s+)(?:not|instead\s+of|rather\s+than|without|other\s+than|besides|apart\s+from)\b.*")


# An approval a command needs is that command's ("do they need approval too?"), no question about the approval command
_NEEDS_APPROVAL = re.compile(r"\b(?:need|needs|needed|require|requires|required)\s+(?:an?\s+|any\s+)?approvals?\b")


def wanted(clause: str) -> str:
    """A help question without what it says is not asked, nor the approval a command needs: its topic is in what is
    left."""
    return _NEEDS_APPROVAL.sub(" ", _NOT_ASKED.sub("", clause))


# An option said as `name=` ("what does at= do"), or by a name of three letters or more beside the word for one ("the
# cooldown option", "the flag on_drift"): shorter words ("a", "at") are other words when said alone
_OPTION = re.compile(r"\b(?P<set>[a-z][a-z_]*)\s*=|\b(?P<named>[a-z][a-z_]{2,})\s+(?:option|flag|setting|parameter|arg)"
                     r"|\b(?:option|flag|setting|parameter|arg)\s+(?P<after>[a-z][a-z_]{2,})\b")


def options_said(clause: str) -> list[tuple[int, int, str]]:
    """(where, precedence, command) for each option said that one command takes."""
    return [(m.start(), NAMED - 1, OPTION_OF[name]) for m in _OPTION.finditer(clause)
            if (name := m["set"] or m["named"] or m["after"]) in OPTION_OF]


def ruling(first: list[str], found: list[tuple[int, int, str]]) -> list[str]:
    """The topics in the order they win (`first`, then each (where, precedence, command) found): what is asked how
    to do in words of its own before what it is done to ("I have the id of my deploy request, how can I see whether
    it got approved?" is approval; "does rollback need approval?" stays rollback); a stop said of what has a stop of
    its own (an online test, a monitor, the alerts) is that one's."""
    said = first + [topic for *_, topic in sorted(found)]
    for topic, over in _OVER.items():
        if any(t == topic and rank < NAMED for _, rank, t in found):
            at = next(i for i, t in enumerate(said) if t == topic or t in over)
            said = said[:at] + [topic] + [t for t in said[at:] if t != topic]
    return [t for t in said if t != "stop" or not {"abtest", "monitor", "snooze"} & set(said)]


def of_the_thread(clause: str, topic: str | None, last: tuple[str, dict[str, Any]] | None, job: bool) -> str | None:
    """A help topic read with the thread: "how do I stop it then?" after an online test is abtest, after a monitor
    monitor, after a training job (or "a job like that") cancel; "how do I see the details of one of these?" after
    an alerts listing is incident; "how do I read this?" is the help of the call just made."""
    tool = last[0] if last else None
    if topic == "stop":
        return "cancel" if _JOB.search(clause) or job or tool not in ("abtest", "monitor", "monitors") else _VERB.get(
            tool, tool)
    if topic is not None or tool in (None, "help") or not _POINTS_BACK.search(clause):
        return topic
    return "incident" if tool == "alerts" and _ONE.search(clause) else _VERB.get(tool, tool)


# "explain how gradient boosting works", "how does a random forest work?", "what does overfitting mean?": a thing
# explained, and what is left of the question once its asking words are gone names the thing
_EXPLAIN = re.compile(r"\b(?:explain\w*|teach\s+me|how\s+(?:does|do|did)\s+(?P<thing>.+?)\s+(?:work|works|function)\b"
                      r"|what\s+(?:does|do)\s+(?P<meant>.+?)\s+mean)")
# Words of the question itself, and of the bot and its own workings: what they ask about is ours to answer
_OURS = frozenset(
    "you your yourself u ya this that it its these those there here the a an all any every everything some thing things"
    " stuff bot agent assistant mlops chatops slack command commands tool tools option options help me my i i'm im us we"
    " our to of for in on with about like and or me please pls kindly can could would will do does did how what which"
    " works work working function use using used is are was be new again briefly simply quickly exactly actually just"
    " more detail details bit little step by so really".split())


def outside(said: str) -> bool:
    """Whether a help question asks to explain something that is no command and not the bot itself ("explain how
    gradient boosting works"): general knowledge, out of scope (`said`: the request with its models blanked)."""
    if not (m := _EXPLAIN.search(said)):
        return False
    rest = said[m.start("thing"):m.end("thing")] if m.group("thing") else said[m.start("meant"):m.end("meant")] \
        if m.group("meant") else said[m.end():]
    return any(len(w) > 2 and w not in _OURS for w in re.findall(r"[a-z][a-z'-]*", rest))


# A question about the command just asked how to use, with the command as "it": "how do you reproduce an older version,
# and what does it actually compare?", "how do I cancel a job? does that need approval?"
_OF_THE_COMMAND = re.compile(r"^\W*(?:(?:and|also|plus|but|so|then)\s+)?(?:(?:what|how|which|where|when|why)\s+(?:\w+\s+){0,2}?)?"
                             r"(?:does|do|did|is|will|would|can|could|should)\s+(?:it|that|this|the\s+(?:command|tool))\b")


def asked_of_the_command(clauses: list[Clause], body: str) -> None:
    """After a help question that names no model, a question asked of "it" is about that command: one help answers
    both, and no read of a model is asked ("…, and what does it actually compare?" compares nothing)."""
    for before, clause, after in zip(clauses, clauses[1:], [*clauses[2:], None]):
        said = body[clause.start:after.start if after else len(body)]
        if before.tool == "help" and not before.models and not clause.models and clause.tool not in MUTATING and (
                _OF_THE_COMMAND.match(said)):
            clause.tool = None
