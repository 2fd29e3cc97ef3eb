"""The command a "how do I …" question is about when it is said in the person's own words, not the verb's name:
"release a stuck lock" is unlock, "mute alerts" snooze, "mark an alert as noise" rate, "go live with a version"
deploy, "a hyperparameter sweep" tune, "roll back" rollback. The earliest said wins ("mark an alert as noise after
we silenced it" asks how to rate it; the silencing is what happened before)."""

from __future__ import annotations

import re

# In order of precedence where two start at the same word ("release a stuck lock" frees the lock, no release).
_TOPICS = [
    ("unlock", re.compile(r"\b(?:unlock\w*|(?:release|free|clear|remove|drop|break)\w*\s+(?:\S+\s+){0,3}?lock\w*"
                          r"|stuck\s+lock\w*|lock\w*\s+(?:is\s+)?stuck)")),
    ("rate", re.compile(r"\b(?:(?:mark|flag|label|tag|rate|call)\w*\s+(?:\S+\s+){0,4}?as\s+(?:a\s+)?(?:noise|noisy|useful"
                        r"|helpful|false\s+(?:alarm|positive)|legit)|rat(?:e|ing)\s+(?:an?\s+|the\s+|this\s+|that\s+)?"
                        r"(?:alert|incident|page)s?)\b")),
    ("snooze", re.compile(r"\b(?:mut(?:e|ed|es|ing)|silenc\w*|hush\w*|quiet(?:en)?)\b")),
    ("tune", re.compile(r"\b(?:sweep\w*|hyper-?param\w*|hpo|(?:grid|random|bayesian)\s+search)\b")),
    ("deploy", re.compile(r"\b(?:go(?:es|ing)?\s+live|put\s+(?:\S+\s+){0,4}?(?:live|in(?:to)?\s+prod\w*)|roll\w*\s+out"
                          r"|push\w*\s+(?:\S+\s+){0,3}?(?:live|to\s+prod\w*))\b")),
    ("rollback", re.compile(r"\b(?:roll\w*\s+(?:\S+\s+){0,2}?back|revert\w*)\b")),
]


def said_topics(clause: str) -> list[tuple[int, int, str]]:
    """(where, precedence, command) for each command the clause describes in other words."""
    return [(m.start(), rank, topic) for rank, (topic, pattern) in enumerate(_TOPICS) for m in pattern.finditer(clause)]


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
