"""Feature skew said in other words: what the online store served held against the offline features.

People say "training/serving skew", "are the online features matching the offline ones?", "any mismatch between
served and offline features?", "is Feast serving different values than offline?". A change word beside it
("materialize the features to the online store") is the change, read before these.

The feature store's own states are told here too: the online store said to be behind (the reason for loading it),
new values landed on the offline side, drift said outright (not only the features a skew check is about), and a
mismatch asked again once the thread is about the feature store.
"""

from __future__ import annotations

import re

from tools.agent.understanding.words.asides import negated

# Served (online) against offline, either way round, within one clause; or skew named (a read cue of `intents`)
SKEW = re.compile(r"\bskew\w*|\bsekw\b|\btrain(?:ing)?[-/\s]+serv(?:e|ing)\b"
                   # ("feast's online store" is the online store itself, no pair)
                   r"|\b(?:online|serve[sd]?|serving)\b.{0,60}?\b(?:offline|feast)\b"
                   r"|\b(?:offline|feast(?!(?:'?s)?\s+online))\b.{0,60}?\b(?:online|serve[sd]?|serving)\b"
                   # "between served and | offline features": the pair cut in two at its "and", each half still says it
                   r"|\b(?:online|served|serving)\s+(?:and|&|vs\.?|versus)\W*$|^\W*(?:the\s+)?(?:offline|feast)\s+(?:features?"
                   r"|values|ones|store|side)\b")

# Loading a feature store's online side: "materialize" (typos too: "matrialize", "materilze"), "push the features to
# the online store", "get the new batch into the online store", "bring the online store up to date", "catch the online
# store up", "the online store caught up with the latest values"; into Feast, or "the feature store" (the models' only
# one is Feast's: loading it is loading its online side); "need fresh online features", "make sure the online features
# are current" (what is wanted is the load). "which features got pushed to the online store" tells of a load, asks none
_ONLINE_STORE = r"(?:the\s+|its\s+)?(?:feast(?:'?s)?\s+)?online\s+(?:feature\s+)?store"
_INTO = rf"(?:{_ONLINE_STORE}|(?:the\s+|its\s+)?feature\s+store|feast\b(?!(?:'?s)?\s+offline))"
_CURRENT = r"(?:fresh|current|up[-\s]to[-\s]date|newest|latest|in\s+sync|synced|caught\s+up)"
LOAD = re.compile(rf"\b(mat\w{{0,2}}ri\w{{0,3}}l\w{{0,2}}[sz](?:e|ed|es|ing|ation)\b"
                 rf"|catch\w*\s+(?:up\s+{_ONLINE_STORE}|{_ONLINE_STORE}\s+up)\b"
                 rf"|{_ONLINE_STORE}\s+(?:\S+\s+){{0,2}}?caught\s+up\b"
                 rf"|(?:push|load|reload|writ|sync|refresh|fill|backfill|populat|upload|send|get|put|move|copy)"
                 rf"(?!\w*ed\b)\w*\s+(?:\S+\s+){{0,6}}?(?:in(?:to)?|to)\s+{_INTO}"
                 # "push the newest feature views online": features put online are put in the online store
                 rf"|(?:push|load|reload|sync|put|get|copy|move)(?!\w*ed\b)\w*\s+(?:\S+\s+){{0,3}}?(?:features?|feature\s+views?"
                 rf"|feature\s+values)\s+(?:\S+\s+)?online\b"
                 rf"|(?:refresh|sync|resync|update|fill|backfill|populat)(?!\w*ed\b)\w*\s+(?:the\s+|its\s+)?(?:\S+\s+)?"
                 rf"(?:{_ONLINE_STORE}|feature\s+store)"
                 rf"|(?:bring|get)\s+(?:the\s+|its\s+)?(?:feast(?:'?s)?\s+)?(?:online\s+(?:feature\s+)?(?:store"
                 rf"|features|values)|feature\s+store)\s+(?:\S+\s+)?(?:up\s+to\s+date|current|fresh|in\s+sync)"
                 rf"|(?:(?:need|want)\s+(?:\S+\s+){{0,3}}?)?{_CURRENT}\s+online\s+(?:features|values)"
                 rf"|(?:make\s+sure|ensure)\s+(?:\S+\s+){{0,5}}?online\s+(?:feature\s+)?(?:features|values|store)"
                 rf"\s+(?:is|are)\s+(?:all\s+)?{_CURRENT})")
# The online store, or what it holds, said any way: "the online store", "wine's feast store", "its online features"
STORE = r"(?:the\s+|its\s+)?(?:\S+\s+)?(?:(?:online|feast(?:'?s)?|feature)\s+)+(?:store|features|values)|feast"


# What the serving side shows when its online store is behind, told as the reason for a request beside it ("serving
# gives nulls for entity keys", "the prediction service can't find fresh features", "the online store still has last
# week's values"): a statement, not a skew check or a drift check of its own
_SERVING_SIDE = re.compile(r"\b(?:online\s+(?:feature\s+)?(?:store|features?|values|rows)|feast|serving|served|prediction"
                           r"\s+(?:service|server|api|endpoint)|entity[-\s]?keys?|features?)\b")
# ("3 days old", "older feature values", "not fresh" say it as much as "stale" does)
_BEHIND = re.compile(r"\b(?:nulls?|nans?|none\s+values|empty|blank|stale|missing|outdated|out\s+of\s+date"
                     r"|old(?:er)?\s+(?:feature\s+)?(?:values|features)|(?:hours?|days?|weeks?)\s+old"
                     r"|behind|lagg?ing|lags|out\s+of\s+sync|not\s+(?:caught\s+up|in\s+sync|up\s+to\s+date|fresh"
                     r"|current|updated|synced|refreshed)"
                     r"|(?:can'?t|cannot|couldn'?t|can\s+not)\s+find|not\s+found|fail\w*|still\s+(?:has|have|holds?|shows?"
                     r"|serves?|gives?|returns?)|(?:last\s+(?:week|month|night)|yesterday)'?s?\s+(?:values|features|data))\b")
# A clause that asks something of its own, however it goes on ("check why the online features are empty")
_ASKS = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you|and|then|also)\s+)*(?:check|show|tell|run|look|find|see|compare"
                   r"|validate|list|give|get|pull|skew|diff|investigate|debug|explain|why|what|which|how|is|are|does|do)\b")


# New values told as having landed on the feature store's offline side ("new feature batch landed in feast overnight",
# "the backfill just arrived in the offline store"): the reason for loading them online, no drift or data check
_OFFLINE_SIDE = re.compile(r"\b(?:feast|offline\s+(?:feature\s+)?store"
                           r"|feature\s+(?:views?|batch\w*|values|tables?|data))\b")
_LANDED = re.compile(r"^\W*(?:(?!(?:why|what|which|who|how|when|where|is|are|did|does|do|can|could|please|if|check"
                     r"|show)\b)[a-z][\w'-]*\s+){1,5}?(?:has\s+|have\s+|just\s+|finally\s+)*(?:landed|arrived"
                     r"|come\s+in|came\s+in|got\s+(?:written|loaded|backfilled)|(?:was|were|been)\s+(?:written|loaded"
                     r"|backfilled))\b")


def arrived(said: str) -> bool:
    """Whether a clause, as typed, tells that new values landed on the feature store's offline side."""
    return "?" not in said and bool(_LANDED.match(said)) and bool(_OFFLINE_SIDE.search(said))


def symptom(said: str) -> bool:
    """Whether a clause, as typed, tells what the serving side shows when its online store is behind: beside a
    request it is the reason for it (a materialize, most often), no read of its own."""
    return "?" not in said and not _ASKS.match(said) and bool(_SERVING_SIDE.search(said)) and bool(_BEHIND.search(said))


# (the models' only feature store is Feast's: "the feature store is stale" says its online side is)
_ONLINE_SIDE = re.compile(r"\b(?:online\s+(?:feature\s+)?(?:store|features?|values)|feast|feature\s+store)\b")


def store_named(said: str) -> bool:
    """Whether a request names the online store, or what it holds."""
    return bool(_ONLINE_SIDE.search(said))


def store_behind(said: str) -> bool:
    """Whether a request names the online store (or its features) and says it is behind."""
    return store_named(said) and bool(_BEHIND.search(said))


# Bringing the online side up to date, said of the store, of what it is to hold, or of a pronoun for it ("refresh it",
# "sync the feature store", "push fresh ones", "load the new features in it", "bring it up to date"): once the request
# names the store, these load it (the words alone read as a retrain, a drift check on "features", or a status). Said
# as commands: "which features got loaded into the online store" tells what was done
_FRESHEN = re.compile(rf"\b(?:re-?fresh|re-?sync|sync|update|re-?load|load|push|put|fill|back-?fill|re-?populate"
                      rf"|populate|fix|sort)\s+(?:\S+\s+){{0,2}}?(?:it|them|that|this|{STORE}"
                      rf"|(?:fresh|new|newer|newest|latest|current)\s+(?:\S+\s+)?(?:features?|values|ones|rows|data))\b"
                      rf"|\b(?:bring|get)\s+(?:it|them|that|this|{STORE})\s+(?:up[-\s]to[-\s]date|current|in\s+sync"
                      rf"|fresh)\b"
                      rf"|\bcatch\s+(?:it|them|that)\s+up\b")


def freshens(said: str) -> bool:
    """Whether a clause asks for the store, or what it holds, to be brought up to date (not said not to be)."""
    return any(not negated(said, m.start()) for m in _FRESHEN.finditer(said))


# Drift said in so many words ("is cancer drifting?", "the distribution moved"), not only features or inputs named
_DRIFT_NAMED = re.compile(r"\b(?:drift\w*|covariate|distribution\w*|shift\w*|psi)\b")


def drift_named(said: str) -> bool:
    """Whether a clause read as a drift check says drift itself, not only the features it is about."""
    return bool(_DRIFT_NAMED.search(said))


# The served values held against the offline ones, said without naming either side: once the thread is about the
# feature store (a materialize or a skew check), "did that fix the mismatch?", "are they in sync now?" ask for a skew
_MISMATCH = re.compile(r"\b(?:mis-?match\w*|in\s+sync|out\s+of\s+sync|skew\w*|differ\w*|diverg\w*|disagree\w*"
                       r"|inconsisten\w*)\b")
_VERSIONS = re.compile(r"\b(?:v\d+|versions?|prod\w*|challenger|champion|live)\b")  # "does v3 differ from prod?"


def mismatch_asked(said: str) -> bool:
    """Whether a follow-up in a feature-store thread asks whether served and offline values still differ."""
    return bool(_MISMATCH.search(said)) and not _VERSIONS.search(said)
