"""A change word said beside a read without being asked for: the plan or intention the read is for ("abt to roll
back wine… wait, first: what's the drift?"), a command someone else typed, quoted ("someone typed 'deploy wine 7'"),
a state ("while it's muted", "the ones we snoozed"), an opinion about a habit ("we should stop shipping on fridays"),
or a stop said not to be done or asked about ("don't stop it", "did someone stop it?").

Beside a read these are its context, never a request of their own: the read is planned, and no change.
"""

from __future__ import annotations

import re

_CHANGE = (r"(?:re-?train\w*|train\w*|deploy\w*|ship\w*|promot\w*|releas\w*|roll\w*\s+(?:\S+\s+){0,3}?back|rollback\w*"
           r"|revert\w*|tun\w*|snooz\w*|mut\w*|silenc\w*|unlock\w*|stop\w*|pause\w*|kill\w*|cancel\w*|switch\w*|turn\w*)")
# "abt to roll back wine", "we're planning to retrain cancer", "thinking of promoting v6": the plan, not the ask
_INTENTION = re.compile(rf"\b(?:about|abt|going|gonna|planning|plan|planned|meaning|hoping|preparing|fixing|intend\w*)"
                        rf"\s+(?:to\s+)?{_CHANGE}|\b(?:thinking|thought)\s+(?:of|about)\s+{_CHANGE}")
# "not asking you to retrain", "i'm not saying we should deploy": said not to be asked, beside anything
_NOT_ASKED = re.compile(rf"\b(?:not|never|n't)\s+(?:\w+\s+){{0,2}}?(?:asking|telling|saying|suggesting|requesting"
                        rf"|proposing)\s+(?:\S+\s+){{0,3}}?{_CHANGE}")
# The read asked before the change: "…, validate november first", "wait first: what's the drift?", "before that"
_FIRST = re.compile(r"\b(?:first|firstly|beforehand|before\s+(?:that|then|we\s+do|i\s+do)|wait)\b")
# "someone typed 'deploy wine 7' in #ml-deploys": the command quoted as what someone said, not said to the bot
_REPORTED = re.compile(r"\b(?:typed|wrote|written|said|says|posted|pasted|ran|sent|asked|requested|messaged|entered"
                       r"|issued)\s+(?:\S+\s+){0,3}?(['\"])[^'\"]{2,80}\1")
# A state or an event described: "while it's muted", "the ones we snoozed", "the drop that made us roll back"
_STATE = re.compile(rf"\b(?:while|whilst|since|as|because|now\s+that)\s+[\w\s']{{0,30}}?(?:'s|'re|\bis|\bare|\bwas"
                    rf"|\bwere)\s+(?:still\s+|being\s+)?{_CHANGE}|\bthat\s+(?:made|forced|got)\s+(?:us|them|you|someone)\s+"
                    rf"(?:to\s+)?{_CHANGE}|^\W*(?:(?:even|incl\w*|including|also|esp\w*|and|or)\s+)?the\s+ones?\s+(?:that\s+"
                    r"|which\s+)?(?:\S+\s+)?(?:\w+ed|got\s+\w+|had)\b")
# An opinion about a habit: "we should stop shipping on fridays", "maybe stop retraining so often"
_HABIT = re.compile(r"\b(?:stop|quit|avoid|no\s+more)\s+(?:re-?training|training|deploying|shipping|promoting|releasing"
                    r"|rolling\s+back|tuning)\b")
# "while we wait for the approval, …", "while that's pending, …": the wait said as context of another read
_MEANWHILE = re.compile(r"^\W*(?:while|whilst|meanwhile|in\s+the\s+meantime|until)\b")
# A stop that is asked about, in the past, or said not to be done: "did someone stop it?", "we stopped", "don't stop"
_ASKED_ABOUT = re.compile(r"\b(?:did|has|have|had|was|were|is|are)\s+(?:\w+\s+){0,2}$")
# The verb of a "did …" question, however long its subject: "what did the a/b test we stopped last week conclude?"
_DID = re.compile(r"\bdid\s+[^.?!;,]{0,80}$")


# A change told as already made, by the person or someone else: "we retrained and deployed yesterday", "I rolled it
# back this morning", "the team has already shipped v5" (what happened, the reason for the request beside it)
_MADE = (r"(?:re-?trained|trained|re-?fit(?:ted)?|re-?built|deployed|shipped|promoted|released|rolled\s+(?:\S+\s+){0,3}?"
         r"(?:back|out)|reverted|restored|tuned|snoozed|muted|silenced|unlocked|materiali[sz]ed|pushed)")
_ADVERBS = r"(?:(?:just|already|finally|recently|also|actually|successfully|manually|now|both|only|then|later)\s+)*"
_DONE_BY = re.compile(rf"^\W*(?:(?:i|we|they|you|someone|somebody|(?:the|our|my)\s+(?:\S+\s+){{0,2}}?(?:team|lead|manager"
                      rf"|colleague|engineer|on-?call|sre|ops)\w*)(?:'ve|'d|\s+have|\s+has|\s+had)?\s+{_ADVERBS}"
                      rf"|(?:and\s+|then\s+)?{_ADVERBS}){_MADE}\b(?!\s+(?:it|them|that|this)?\s*\?)")
_SUBJECT = re.compile(r"^\W*(?:and\s+|then\s+)?(?:just|already|finally|recently|also|actually|successfully|manually|now"
                      r"|both|only|then|later)?\s*" + _MADE)


def made(said: str, *, after_told: bool) -> bool:
    """Whether a clause tells a change as already made ("we retrained and deployed yesterday"): said with its maker,
    or, right after a clause that told one, with the maker left out ("…and deployed yesterday")."""
    m = _DONE_BY.match(said)
    return bool(m) and "?" not in said and (after_told or not _SUBJECT.match(said))


def intention(said: str) -> bool:
    """Whether a clause says a change as the plan the read beside it is for ("abt to roll back wine")."""
    return bool(_INTENTION.search(said))


def not_asked(said: str) -> bool:
    """Whether a clause says a change is not what is asked ("just curious, not asking you to retrain")."""
    return bool(_NOT_ASKED.search(said))


def first(said: str) -> bool:
    """Whether a read clause is asked before the change beside it ("validate november first", "wait")."""
    return bool(_FIRST.search(said))


def reported(said: str) -> bool:
    """Whether a clause quotes a command someone else typed ("someone typed 'deploy wine 7' in #ml-deploys")."""
    return bool(_REPORTED.search(said))


# What a model or its monitor does on its own, told as a complaint: "it retrains way too often", "the wine monitor
# deploys itself every night" (a verb of the third person cannot be a command to the bot)
_DOES_ON_ITS_OWN = re.compile(r"^\W*(?:(?:and|but|because|since|as|cause|'cause|coz)\s+)?(?:it|this|that|(?:the|its|our)\s+"
                              r"(?:\S+\s+){0,2}?monitor|[a-z]+(?:'s\s+monitor)?)\s+(?:(?:just|still|always|now|also|currently)\s+)?"
                              r"(?:re-?trains|refits|re-?deploys|deploys|auto-?deploys|ships|promotes|rolls\s+back)\b(?=.*?\b(?:too"
                              r"|so|way|constantly|all\s+the\s+time|non-?stop|every|each|again|itself|automatically|whenever|daily"
                              r"|hourly|nightly|often)\b)")


def does_on_its_own(said: str) -> bool:
    """Whether a clause tells what the model or its monitor does by itself ("it retrains way too often"): beside a
    request it is the reason for it ("ignore new data instead, …"), never a request to do it."""
    return bool(_DOES_ON_ITS_OWN.match(said)) and "?" not in said


def state(said: str) -> bool:
    """Whether a clause describes a state or past event with a change word ("while it's muted", "the ones we snoozed")."""
    return bool(_STATE.search(said) or _HABIT.search(said))


def without_asides(said: str) -> str:
    """The clause with its quoted reports, states and habits blanked: what is left to read a request in ("ship wine 7
    while it's muted" still ships)."""
    for pattern in (_REPORTED, _STATE, _HABIT):
        said = pattern.sub(lambda m: " " * len(m.group(0)), said)
    return said


def done_asked(said: str) -> bool:
    """Whether a question asks about a change as done ("wer hat gestern cancer deployed?"): not a polite request."""
    return bool(_DONE_ASKED.search(said)) and not re.match(r"\W*(?:can|could|would|will|please|pls)\b", said)


_DONE_ASKED = re.compile(r"\b(?:deployed|shipped|promoted|released|re-?trained|trained|rolled\s+back|reverted|tuned"
                         r"|snoozed|muted|silenced|unlocked)\W*\?")


def listed_after(before: str, said: str) -> bool:
    """Whether a clause only goes on with a list of change nouns ("with every deploy | and rollback on it")."""
    return bool(_LIST_OPENED.search(before)) and bool(_LIST_GOES_ON.match(said))


_NOUN = r"(?:re-?trains?|trainings?|deploys?|deployments?|rollbacks?|roll-?\s?backs|promotions?|releases?|reverts?|tunes?"
_NOUN += r"|tunings?|snoozes?|unlocks?)"
_LIST_OPENED = re.compile(rf"\b(?:every|all|each|any|the|its|incl\w*|including|with|of)\s+(?:\S+\s+)?{_NOUN}(?:\s+(?:and|or|&|\+))?\W*$")
_LIST_GOES_ON = re.compile(rf"^\W*(?:and\s+|or\s+|&\s*|\+\s*)?{_NOUN}\b")


def supposed_time(before: str) -> bool:
    """Whether a time word said right after `before` is when a supposed change would be made ("would it clear the
    gate if I shipped it today?"), not a window of the read."""
    return bool(_SUPPOSED_CHANGE.search(before))


_SUPPOSED_CHANGE = re.compile(rf"\b(?:if|when|once|after)\s+(?:i|we|you|someone|somebody|they)\s+(?:\w+\s+)?{_CHANGE}"
                              r"\s+(?:\S+\s+){0,3}?$")


def meanwhile(said: str) -> bool:
    """Whether a clause only says what is being waited for ("while we wait for the approval")."""
    return bool(_MEANWHILE.match(said)) and "?" not in said


def asked(body: str, at: int, word: str) -> bool:
    """Whether the change word `word` at `at` is asked for: not in the past ("we stopped"), not asked about ("did
    someone switch it off?", "what did the test conclude?"), not said not to be done ("don't stop it")."""
    return not (re.match(r"\w+ed\b", word) or _ASKED_ABOUT.search(body[:at]) or _DID.search(body[:at]) or negated(body, at))


# What is asked of a running test: its results so far, its verdict, whether it is still on
_TEST_READ = re.compile(r"\b(?:results?|verdict|numbers|stats|so\s+far|going|still\s+(?:on|running|live)|winning|status"
                        r"|settings|progress|how\s+(?:is|are|does|did)|what'?s|show|what\s+did|conclu\w*|outcome)\b")
_TEST_START = re.compile(r"\b(?:start\w*|launch\w*|begin|kick\w*\s+off|set\s+up|run|put|send|route|try|spin\s+up)\b")


def test_asked_about(body: str) -> bool:
    """Whether a request asks how a test is going rather than starting one ("shadow test on cancer: verdict?")."""
    return bool(_TEST_READ.search(body)) and not _TEST_START.search(body) or who_started_the_test(body)


# Who or when a test was started, asked: "who started the cancer A/B test?", "when was the shadow test launched?"
_WHO_STARTED = re.compile(r"\b(?:who|(?:when|since\s+when)\s+(?:was|were|did|has|had|is))\b.{0,40}?\b(?:start|launch|kick|set\s+up|began|begun"
                          r"|turn\w*\s+on|spun\s+up|creat)\w*")


def who_started_the_test(core: str) -> bool:
    """Whether a clause asks who or when started an online test: the test's own record says, no history."""
    return bool(_WHO_STARTED.search(core))


# A shadow test said in other words: the challenger scored on live traffic, silently or without its answers reaching
# anyone ("can we score it silently on live traffic without it affecting any answers?", "let the challenger score every
# request silently next to prod, zero user impact"), asked for, not asked about
_ASKED_FOR = re.compile(r"^\W*(?:(?:can|could|would)\s+(?:we|you|u|i)|let'?s|please|pls|i\s+(?:want|'d\s+like|would\s+like)"
                        r"|let\s+(?=(?:\S+\s+){0,4}?(?:scor|mirror)\w*\b)"
                        r"|we\s+(?:should|need\s+to|must)|(?:score|run|test|try|mirror|evaluate|put)\b)")
_SCORED = re.compile(r"\b(?:scor\w*|run\w*|test\w*|try\w*|mirror\w*|evaluat\w*|put\w*|send\w*)\b")
_UNSEEN = re.compile(r"\b(?:silently|quietly|invisibly|passively|in\s+(?:the\s+)?background|behind\s+the\s+scenes)\b"
                     r"|\bwithout\s+(?:it\s+|them\s+|that\s+)?(?:affect|chang|touch|impact|influenc|serv|return|show)\w*\s+"
                     r"(?:any\s+|the\s+|our\s+)?(?:answers|responses|predictions|users|results|customers|outputs|what)\b"
                     r"|\b(?:zero|no|without\s+any)\s+(?:user|customer|client)[-\s]?(?:impact|facing|visible)\b")


def shadow_described(said: str) -> bool:
    """Whether `said` asks for a shadow test in other words: the model scored (on live traffic) without anyone
    seeing its answers. Asked for only: "is it scored silently?" asks, and starts nothing."""
    return any(_ASKED_FOR.match(part) and _SCORED.search(part) and _UNSEEN.search(part)
               for part in re.split(r"(?<=[.!;])\s+|,\s+(?=(?:can|could|would|let'?s|please)\b)", said))


def negated(text: str, at: int) -> bool:
    """Whether the verb at `at` is said not to be done: "don't deploy", "do not stop it", "hold off on deploying",
    "without deploying it". A change said so is never made."""
    return bool(_NEGATION.search(text[:at]))


_NEGATION = re.compile(r"\b(?:don'?t|do\s+not|dont|never|not|no\s+need\s+to|hold\s+off(?:\s+on)?|without|rather\s+than"
                       r"|instead\s+of)\s+(?:\w+\s+)?$")


# What the asker will do with what is read, said after it: "cards for cancer 1 and cancer 2 so I can diff them",
# "evaluate v2 and v3 so that we can compare them side by side", "…, so I could tell the PM": their purpose, no request
_PURPOSE = re.compile(r"(?<=\w)(\W+)(so\s+(?:that\s+)?(?:i|we)\s+(?:can|could|may|might|will\s+be\s+able\s+to)|in\s+order\s+(?:for\s+"
                      r"(?:me|us)\s+)?to|so\s+as\s+to)\s+[^.;!?]*?(?=[.;!?]|,\s*(?:and\s+)?then\b|$)")


# Why it is asked, said last: "…on the last quarter now that the schema fix landed" (to the end, no comma: "now that
# it's trained, ship it" says what to do after it); read where "that" is blanked as a version's pronoun too
_REASON_LAST = re.compile(r"(?<=\w)(\s+)(now(?:\s+that|\s{5,})|seeing\s+(?:as|that)|given\s+that)\s+[^.;!?,]*$")


def without_purpose(said: str) -> str:
    """`said` with the purpose of the request after it blanked ("…so I can diff them"): what the asker will do with it,
    and a reason said last ("…now that the schema fix landed")."""
    said = _PURPOSE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), said)
    return _REASON_LAST.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), said)
