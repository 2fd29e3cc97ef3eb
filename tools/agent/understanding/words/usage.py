"""Questions about how a command works rather than asks to run it: what it does or is for ("what is unlock for", "what
does on_drift=retrain do"), how two of its ways differ ("shadow mode vs a percentage split"), what it needs or takes
("what does skew need to work?", "what goes into a model card?"), its limits and defaults ("the longest snooze", "the
default sample size", "the allowed range"), who may run it and whether it needs an approval ("can anyone run unlock?",
"do they need approval too?"), whether there is a way or an option for something, how it decides ("is the split
sticky per key?"), and what happens while it is in effect ("…while a model is snoozed"). "How do I …" asks it too.
Each is answered by that command's help, never by running it: "can you snooze every model at once?" asks whether
snooze can, and snoozes nothing; "snooze every model" or "monitors all=true" still run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tools.agent.understanding import cues, intents
from tools.agent.understanding.words import monitoring

if TYPE_CHECKING:
    from tools.agent.understanding.beside import Clause

# What it does, is for, needs, takes or compares; what goes into it; what happens while it is in effect; an option
# asked about ("whats live=true on evaluate"); how two of its ways differ
_WHAT_IT_DOES = (r"\bwhat(?:'?s|\s+is|\s+are)\s+(?:the\s+|this\s+|that\s+)?(?:\S+\s+){0,2}?for\s*(?:[?.!,]|$)"
                 r"|\bwhat\s+(?:does|do)\s+(?:\S+\s+){1,8}?(?:do|mean|need|require|compare|take|accept|expect|measure"
                 r"|look\s+at)\b|\bwhat\s+goes\s+(?:in|into|on)\b"
                 # what it shows, asked of the command as such or of all it shows: "what does the card show for the
                 # challenger?" asks for that card
                 r"|\bwhat\s+(?:does|do|else\s+does)\s+(?:the\s+)?\S+\s+(?:command|tool|view|listing)\s+(?:\S+\s+)?"
                 r"(?:show|list|include|contain|cover|return)\b"
                 r"|\bwhat\s+happens\s+(?:to|with|when|if|while)\b"
                 r"|\bwhat(?:'?s|\s+is|\s+are|\s+does|\s+do)\s+(?:the\s+)?[a-z][a-z_]*\s*="
                 r"|\bdifference\s+between\b|\bwhat(?:'?s|\s+is)\s+the\s+difference\b"
                 r"|\bhow\s+(?:is|are|does|do)\s+(?:\S+\s+){1,4}?differ\b")
# Its limits and defaults, said with its asker: "the longest i can snooze", "how long can i make these at most"
_LIMITS_OF_USE = (r"\bat\s+most\b|\bhow\s+(?:long|many\s+(?:\S+\s+)?|often|far)\s*can\b"
                  r"|\b(?:longest|shortest|max(?:imum)?|minimum)\s+(?:\S+\s+)?(?:i|we|you|u|it|they|these|those|this|that)\s+can\b"
                  r"|\ballowed\s+range\b|\brange\s+(?:is\s+)?allowed\b")
# …and said of it alone: "the default sample size", "the max number of trials", "what units does snooze take"
_LIMITS = _LIMITS_OF_USE + r"|\bdefaults?\b|\bmax(?:imum)?\b|\bminimum\b|\blongest\b|\bshortest\b|\blimits?\b|\bunits?\b"
# Who may run it, whether it needs someone's approval
_WHO_MAY = (r"\bwho(?:'s|\s+is|\s+are)?\s+(?:allowed|permitted|able)\b|\bwho\s+(?:can|may|gets\s+to)\b"
            r"|\bcan\s+(?:anyone|anybody|everyone|everybody|any\s+of\s+us)\b|\badmins?[-\s]only\b|\bonly\s+(?:for\s+)?admins?\b"
            r"|\b(?:needs?|requires?)\s+(?:\S+\s+){0,2}?approv\w*")
# A way or an option to do something, what it needs to work, which command does something
_WAYS = (r"\bis\s+there\s+(?:a|an|any)\s+(?:\S+\s+)?(?:way|option|flag|setting|command)\b|\b(?:options?|flags?|arguments?"
         r"|args|syntax)\b|\bneeds?\s+(?:\S+\s+){0,2}?to\s+work\b|\bwhich\s+command\b")
# How it decides, and what it can do to all of them at once ("can you snooze every model at once?")
_HOW_IT_DECIDES = (r"\bsticky\b|\brandom(?:ly)?\b|\bdeterministic\b|\bper\s+(?:key|request|user)\b"
                   r"|\bhow\s+did\s+you\s+(?:work\s+out|figure\s+out|decide|calculate|compute|determine|come\s+up\s+with)\b"
                   r"|\b(?:every|all|each|both)\b.{0,40}\b(?:at\s+once|in\s+one\s+go|at\s+the\s+same\s+time|in\s+bulk)\b")
_ABOUT_IT = re.compile("|".join((_WHAT_IT_DOES, _LIMITS, _WHO_MAY, _WAYS, _HOW_IT_DECIDES)))
# What may be asked of the command the thread just ran, unnamed ("how long can i make these at most?" after a snooze,
# "what does it need to work?" after a failed skew); "what does that mean?" or "is that random?" ask of its result
_OF_THE_LAST = re.compile("|".join((_LIMITS_OF_USE, _WHO_MAY, _WAYS)))
# A command that shows, takes or needs something, asked: "does alerts show resolved incidents too?", "can abtest send
# all of the traffic?" (the command said by its verb, as the subject)
_IT_DOES = re.compile(r"^\W*(?:does|do|will|would|can|could)\s+(?:the\s+)?(?P<verb>[a-z]+)\s+(?:command\s+|tool\s+)?"
                      r"(?:also\s+|even\s+|ever\s+|still\s+|only\s+)?(?:(?:support|accept|take|need|require|work|handle"
                      r"|let|allow|send|keep)\w*\b|(?:show|include|list|cover|return)\w*\b(?=.*\b(?:too|also|as\s+well"
                      r"|or\s+(?:only|just)|besides|else)\b))")  # "does the card include the training data?" asks for it
# "how do I …", "how can we …", "how to …": how to do it, asked; "walk me through how rolling back works", "how the
# unlock command is meant to be invoked": how it works, asked in a request to explain (not "how well it works")
HOW_TO = re.compile(r"\bhow\s+(?:do|can|could|should|would)\s+(?:i|we|you|u)\b|\bhow\s+to\b"
                    r"|\bhow\s+(?!well\b|good\b|much\b|long\b|often\b|fast\b)(?:\S+\s+){1,4}?(?:works?\b(?!\s+(?:on|for|with"
                    r"\s+(?:the\s+)?(?:live|real|new|latest)))|(?:is|are)\s+(?:meant|supposed|expected)\s+to\s+be\s+(?:used|invoked"
                    r"|called|run|typed|written|said))")
# Two commands set side by side: the clauses split at their "and" are one question about both
_DIFFERENCE = re.compile(r"\bdifference\s+between\b|\bdiffer\b|\bvs\.?\b|\bversus\b|\bcompared?\s+(?:to|with)\b")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_ASKED = re.compile(r"^\W*(?:(?:wait|hm+|ok|okay|so|and|but|also)\W+)*(?:what|what's|whats|which|who|who's|how|is|are"
                    r"|does|do|did|can|could|will|would|may)\b")


def _asked(said: str, cue: re.Pattern[str]) -> bool:
    """Whether a sentence of `said` that asks holds `cue` ("the default 30 days is fine" tells, and asks nothing)."""
    return any((_ASKED.match(s) or s.rstrip().endswith("?")) and cue.search(s) for s in _SENTENCE.findall(said))


def about_the_command(said: str, *, versions: bool = False) -> bool:
    """Whether `said` (a request, its model names left in) asks how a command works rather than asking to run it.
    Whether it names a command is the caller's to judge. A request that says a version (`versions`: "what happens if
    we deploy the challenger?") asks it only of its limits, who may, or a way to do it."""
    if versions:
        return _asked(said, _OF_THE_LAST)
    it = _IT_DOES.match(said)
    return bool(it and (it["verb"] in cues.VERB_OF or it["verb"].rstrip("s") in cues.VERB_OF)) or _asked(said, _ABOUT_IT)


def how_it_works(clauses: list[Clause], body: str, last: tuple[str, dict[str, Any]] | None, job: bool, *,
                 versions: bool) -> None:
    """A request that asks how a command works (`about_the_command`, or "how do I …") and names no model, version or
    record is one help: of the first clause that names a command, or, when none does, of the one that points back at
    the thread's last call with a question that may be asked of a command unnamed. The clauses after it only ask more
    of the same command ("…, do they need approval too?", "…, not prod vs challenger"). One that names no command is
    left as read."""
    how_to = bool(HOW_TO.search(body))
    if not how_to and monitoring.flagged(body):
        return  # "what did the monitors flag?": "flag" is what they did, their alerts, no option of a command
    if not (how_to or about_the_command(body, versions=versions)):
        return
    ends = [c.start for c in clauses[1:]] + [len(body) + 1]
    said = [body[c.start:end] for c, end in zip(clauses, ends, strict=True)]
    asked = next((c for c, text in zip(clauses, said, strict=True) if intents.help_topic(text, None, job)), None)
    if asked is None and (how_to or _asked(body, _OF_THE_LAST)):
        asked = next((c for c, text in zip(clauses, said, strict=True) if intents.help_topic(text, last, job)), None)
    if asked is None:
        return
    for clause in clauses:
        clause.tool = "help" if clause is asked else None
    if _DIFFERENCE.search(body):  # "the difference between check and drift?": both sides are the help's, in order
        clauses[:] = [c for c in clauses if c.start <= asked.start]
