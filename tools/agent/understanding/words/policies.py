"""A monitor's policies said in words: what it does on drift and on new data, said as what it should only do or not
do ("only alert on drift, no retraining", "should ignore new data"), as what it sees ("retrain when it sees drift"),
condition first ("when wine drifts, retrain it automatically instead of only alerting"), or as a setting named in a
list ("every 30m, on drift retrain, auto deploy true").

Each is found as `Found` spans with its value, so that the words of a policy ("retrain", "drift", "alerting") are no
request of their own.
"""

from __future__ import annotations

import re

from tools.agent.understanding.phrases import Found

# An alert-only drift policy and an ignore-new-data policy, with the retraining said not to be done beside them
_NOT = r"(?:don'?t|do\s+not|never|stop|not|shouldn'?t|should\s+not|no\s+longer|won'?t)"
# (said first, "alert" is read as "alerts": only "only" or a retraining said not to be done tells it from a question)
_ALERT_ON_DRIFT = re.compile(r"(?:\b(?:only|just)\s+alert\w*|^\W*alerts?(?=.*\b(?:only|no|don'?t|never|without|not)\b))"
                             r"\s+(?:me\s+|us\s+)?(?:only\s+)?(?:on|when|if|whenever|about|for)\s+(?:it\s+)?drift\w*"
                             # "alert only on drift": the "only" after the verb
                             r"|\balert\w*\s+(?:me\s+|us\s+)?(?:only|just)\s+(?:on|when|if|whenever|about|for)\s+(?:it\s+)?drift\w*"
                             r"|\bon\s+(?P<named>(?:\S+\s+){0,2}?)drift\W+(?:only|just)\s+alert\w*|\bdrift\s+should"
                             rf"\s+only\s+alert\b|\b{_NOT}\s+(?:auto[-\s]?)?(?:re-?train\w*|refit\w*)\s+(?P<retrained>(?:\S+\s+){{0,2}}?)"
                             r"(?:on|when|if|whenever|after)\s+(?:it\s+)?drift\w*")
_IGNORE_NEW_DATA = re.compile(r"\bignor\w*\s+(?:the\s+|any\s+|all\s+)?new\s+(?:data|rows)|\bnew\s+(?:data|rows)\s+(?:should"
                              r"\s+be\s+|is\s+|gets\s+)?ignored|\b"
                              rf"{_NOT}\s+(?:re-?train\w*|refit\w*)\s+(?P<retrained>(?:\S+\s+){{0,2}}?)(?:on|when|if|whenever)\s+(?:there"
                              r"\s+is\s+)?new\s+data")
_BESIDE_DRIFT = re.compile(r"\W*(?:(?:and|but)\s+)?(?:(?:no|don'?t|do\s+not|never|without)\s+(?:auto[-\s]?|automatic\s+)?(?:re-?train\w*"
                           r"|refit\w*)\b(?:\s+on\s+drift)?|(?:only|just)\s+alert\w*\b)")
_NO_RETRAIN = re.compile(r"\W*(?:(?:and|but)\s+)?(?:no|don'?t|do\s+not|never|without)\s+(?:auto[-\s]?)?"
                         r"(?:re-?train\w*|refit\w*)\b(?:\s+on\s+drift)?")


# Retraining on drift said as what the monitor sees ("retrain when it sees drift", "refit if drift is detected"); the
# span starts at the condition, so a model named after the verb stays
_RETRAIN_ON_DRIFT = re.compile(r"\b(?:re-?train\w*|refit)\s+(?:\S+\s+){0,3}?(?P<policy>(?:automatically\s+)?(?:on|when"
                               r"|if|whenever|once|as\s+soon\s+as|every\s+time)\s+(?:it\s+|the\s+monitor\s+)?(?:sees|detects"
                               r"|spots|finds|notices|hits|flags)\s+(?:any\s+|some\s+)?drift\w*|(?:when|if|whenever|once"
                               r"|every\s+time)\s+(?:there(?:'s|\s+is)\s+)?drift\w*\s+(?:is\s+|gets\s+)?(?:detected|found"
                               r"|spotted|seen|flagged|shows\s+up))")
# Retraining on drift said condition first: "when wine drifts, retrain it automatically", "whenever drift is detected on
# cancer, refit it"; the model named in the condition stays for the reader
_CONDITION = r"\b(?:when|whenever|if|once|every\s+time|each\s+time|as\s+soon\s+as)\s+"
_RETRAIN_AFTER = r"\W+(?:then\s+|just\s+|please\s+)?(?:re-?train|refit)\w*(?:\s+(?:it|them))?(?:\s+automatically)?"
_DRIFT_THEN_RETRAIN = (
    re.compile(rf"{_CONDITION}(?P<named>(?:\S+\s+){{0,3}}?)(?:drifts|starts\s+drifting|(?:sees|shows|detects|hits)\s+(?:any\s+"
               rf"|some\s+)?drift){_RETRAIN_AFTER}"),
    re.compile(rf"{_CONDITION}(?:there(?:'s|\s+is)\s+)?drift\s+(?:is\s+|gets\s+)?(?:detected|found|spotted|seen|flagged"
               rf"|shows\s+up|appears)(?:\s+(?:on|for|in|with)\s+(?P<named>\S+))?{_RETRAIN_AFTER}"))
# The drift policy named as its setting, in a list of settings: "on drift retrain", "on drift: alert", "on-drift = retrain"
# ("alert" may come as "alerts": only a separator or "only" tells it from "any notes on drift alerts?")
_ON_DRIFT_SAID = re.compile(r"\bon[\s_-]drift\s*(?:(?:[:=]|->|\bto\b)\s*|(?:(?:it\s+)?(?:should|must|will)\s+)?(?:only|just)\s+)"
                            r"(?P<alert>alert(?:s|ing)?)\b|\bon[\s_-]drift\s*(?:[:=]|->|\bto\b)?\s*(?:(?:it\s+)?(?:should|must"
                            r"|will)\s+)?re-?train(?:ing)?\b")
# What a policy replaces, said beside it: "…, retrain it automatically instead of only alerting"
_INSTEAD = re.compile(r"\W*(?:instead\s+of|rather\s+than)\s+(?:only\s+|just\s+|simply\s+)?(?:alert\w*|pag\w*|notif\w*|ping\w*"
                      r"|re-?train\w*|refit\w*)(?:\s+(?:me|us|people|someone))?")


def policies(body: str) -> dict[str, list[Found]]:
    """Policies said as what the monitor should only do or not do: "only alert on drift, no retraining" is
    on_drift=alert, "should ignore new data" on_new_data=ignore (the retraining said not to be done is part of it)."""
    found: dict[str, list[Found]] = {}
    for key, pattern, value in (("on_drift", _ALERT_ON_DRIFT, "alert"), ("on_new_data", _IGNORE_NEW_DATA, "ignore")):
        if m := pattern.search(body):
            found[key] = _around_the_model(m, value)
            found[key] += [Found(n.start(), n.end(), value) for n in (_NO_RETRAIN if key == "on_new_data" else _BESIDE_DRIFT)
                           .finditer(body) if not m.start() <= n.start() < m.end()]  # "…on drift, only alert"
    if m := _RETRAIN_ON_DRIFT.search(body):
        found.setdefault("on_drift", [Found(m.start("policy"), m.end(), "retrain")])
    if m := next((m for pattern in _DRIFT_THEN_RETRAIN if (m := pattern.search(body))), None):
        found.setdefault("on_drift", _around_the_model(m, "retrain"))
    if m := _ON_DRIFT_SAID.search(body):
        found.setdefault("on_drift", [Found(m.start(), m.end(), "alert" if m.group("alert") else "retrain")])
    return found


def instead(body: str) -> list[Found]:
    """What a policy is said to replace ("instead of only alerting"): part of the policy, no alerts read of its own."""
    return [Found(m.start(), m.end(), None) for m in _INSTEAD.finditer(body)]


def _around_the_model(m: re.Match[str], value: str) -> list[Found]:
    """A policy's spans, leaving out the words said between its own ("stop retraining diabetes on new data",
    "on cancer drift just alert"): the model named there stays for the reader."""
    between = next(((m.start(g), m.end(g)) for g in ("named", "retrained") if g in m.groupdict() and m.group(g)), None)
    if between is None:
        return [Found(m.start(), m.end(), value)]
    return [Found(m.start(), between[0], value), Found(between[1], m.end(), value)]
