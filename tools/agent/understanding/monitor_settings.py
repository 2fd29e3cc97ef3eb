"""A monitor's settings as a person says them, found anywhere in the request: schedule, channel, policies, the live
window each check reads, the cooldown between follow-ups, how many new rows count as new data, auto-deploy on or off,
materializing the online store before each check.

The window, cooldown and row count are read here rather than as request slots: "a 3d window" beside a drift check
is that check's data window, and only a monitor has a live window of its own.
"""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding import slots
from tools.agent.understanding.words import asides, serving
from tools.agent.understanding.phrases import number

_COUNT = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|twenty|thirty)"
_UNITS = r"(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)"
_SPAN = rf"{_COUNT}[\s-]*{_UNITS}"
# "a 14 day window", "window of 3d", "window=7d", "look at 2 days of traffic per check"
# "look at the last 3d of data each check", "read 2 days of traffic per run": only a monitor reads a span per check
PER_CHECK_WINDOW = re.compile(rf"\b(?:look\w*\s+at|read\w*|scan\w*|use[sd]?|cover\w*)\s+(?:the\s+)?(?:last\s+|past\s+"
                              rf"|latest\s+)?{_SPAN}\s+(?:of\s+(?:\S+\s+)?(?:data|traffic|inputs?|rows|requests)\s+)?"
                              rf"(?:on\s+|in\s+|at\s+)?(?:each|every|per)\s+(?:single\s+)?(?:check|run|pass)\b"
                              # "each check on cancer should look at the last 48 hours": the check said first
                              r"|\b(?:each|every)\s+(?:single\s+)?(?:check|run|pass)\s+(?:(?!(?:and|then|but)\b)\S+\s+){0,4}?"
                              r"(?:should\s+|must\s+|will\s+|needs?\s+to\s+|has\s+to\s+|to\s+)?(?:look\w*\s+at|read\w*|scan\w*|use[sd]?"
                              rf"|cover\w*)\s+(?:the\s+)?(?:last\s+|past\s+|latest\s+)?{_SPAN}\b")
# The online store loaded before each check, said in other words than the materialize slot's: "have the cancer monitor
# refresh the online store before each check", "sync the feature store ahead of every run", or a materialize said once
# and then asked of the monitor ("materialize diabetes, then have its monitor do that before every check"). Read here,
# not as a slot, so these words stay in what the intent scorer reads (a slot is read as its marker); `at` is where the
# monitor's part starts
_EACH_CHECK = (r"(?:before|ahead\s+of|prior\s+to)\s+(?:each|every|any|all|the)\s+(?:single\s+)?(?:\S+\s+)?"
               r"(?:checks?|runs?|pass\w*)\b")
PER_CHECK_LOAD = re.compile(rf"\b(?P<at>(?:refresh|re-?sync|sync|update|re-?load|load|fill|backfill|populat)\w*)\s+"
                            rf"(?:{serving.STORE})\s+{_EACH_CHECK}|\bmateriali[sz]\w*\b.{{0,80}}?\b(?P<again>(?:do|does"
                            rf"|doing|run)\s+(?:that|this|it|the\s+same|so))(?:\s+too)?\s+{_EACH_CHECK}")


def loads_before_each_check(body: str, start: int, end: int) -> bool:
    """Whether the part of `body` from `start` to `end` asks a monitor to load the online store before each check."""
    return any(start <= _monitors_part(m) < end for m in PER_CHECK_LOAD.finditer(body))


def _monitors_part(m: re.Match[str]) -> int:
    return m.start("at") if m.group("at") else m.start("again")


LIVE_WINDOW = re.compile(rf"\b{_SPAN}\s+(?:live\s+|data\s+|lookback\s+|rolling\s+)?(?:window|lookback)\b"
                         rf"|\b(?:window|lookback)\s*(?:=|:|of|to|is|at)?\s*{_SPAN}\b|{PER_CHECK_WINDOW.pattern}"
                         # "the diabetes monitor should look at two weeks of live data": said of a monitor, each check's
                         rf"|\b(?:look\w*\s+at|read\w*|scan\w*|use[sd]?|cover\w*|consider\w*)\s+(?:the\s+)?(?:last\s+|past\s+"
                         rf"|latest\s+)?{_SPAN}\s+(?:worth\s+)?of\s+(?:live\s+|recent\s+|production\s+|prod\s+|fresh\s+"
                         r"|incoming\s+|serving\s+)?(?:data|traffic|inputs?|rows|requests)\b"
                         # "have the cancer monitor look at the last 14 days", "…look at 3 days instead of 7": the monitor
                         # as the one that looks, or a span said to replace another
                         rf"|\bmonitor(?:'?s)?\s+(?:to\s+|should\s+|will\s+)?(?:look\w*\s+(?:back\s+)?at|read\w*|scan\w*"
                         rf"|cover\w*)\s+(?:the\s+)?(?:last\s+|past\s+|latest\s+)?{_SPAN}\b"
                         rf"|\b(?:look\w*\s+(?:back\s+)?at|read\w*|scan\w*|cover\w*|consider\w*)\s+(?:the\s+)?(?:last\s+"
                         rf"|past\s+|latest\s+)?{_SPAN}\s+(?:instead\s+of|rather\s+than)\b")
# "a 12h cooldown", "cooldown of 6 hours", "cool down 2h", "cooldown=1d"
COOLDOWN = re.compile(rf"\b{_SPAN}\s+cool[-\s]?down\b|\bcool[-\s]?down\s*(?:=|:|of|to|is|at)?\s*{_SPAN}\b"
                      # "set cooldown on the cancer monitor to 12h", "the cooldown for wine should be 6 hours"
                      rf"|\bcool[-\s]?down\s+(?:\S+\s+){{1,4}}?(?:(?:=|:|to|at|of|should\s+be|is)\s*)?{_SPAN}\b")
# "at least 500 new rows", "min_new_rows=200", "min_new_rows 500", "once 1000 rows have landed"
MIN_NEW_ROWS = re.compile(r"\bmin_new_rows\s*[=:]?\s*(\d+)|\bmin(?:imum)?[\s_]+(?:new[\s_]+)?rows\s+(?:(?:\S+\s+){0,3}?(?:="
                          r"|:|to|at|of|should\s+be|is)\s*)?(\d[\d,]*)|\b(\d[\d,]*)\s+(?:new\s+|more\s+|fresh\s+|extra\s+)?(?:rows|records"
                          r"|samples|examples|lines)\b")
# "auto deploy false", "auto-deploy: off", "auto_deploy=true", "set auto deploy to no"
_AUTO_VALUE = re.compile(r"\bauto[-\s_]?deploy\w*\s*(?:=|:|\bto\b|\bis\b|\bset\s+to\b)?\s*(true|false|on|off|yes|no|enabled?"
                         r"|disabled?)\b")
_AUTO_OFF = re.compile(r"\b(?:disable|turn\s+off|switch\s+off|no|without|stop|don'?t|never)\s+(?:the\s+)?auto"
                       # "stop the wine monitor from auto deploying", "keep it from auto-deploying", "no longer auto deploy"
                       r"|\b(?:stop|keep|prevent|block)\w*\s+(?:\S+\s+){0,4}?from\s+auto|\b(?:no\s+longer|not)\s+auto")
# "stop materializing before the checks", "no longer materialize before each run": the monitor's materialize off
# (said right before the word: "don't stop the monitor, but materialize before each check" turns nothing off)
_MATERIALIZE_OFF = re.compile(r"\b(?:stop|quit|skip|don'?t|do\s+not|never|no\s+longer|not|no\s+more|without|disable"
                              r"|(?:turn|switch)\s+off)\s+(?:[a-z']+\s+)?$")

# A monitor said to come back on (not a setting turned on: "turn on auto deploy"), whatever settings come with it
_BACK_ON = re.compile(r"\b(?:turn|switch)\w*\s+(?:\S+\s+){0,3}?(?:monitor\w*|it|that|checks?)\s+(?:back\s+)?on\b"
                      r"|\b(?:resum\w*|re-?enabl\w*|restart\w*)\s+(?:\S+\s+){0,3}?(?:monitor\w*|checks?|watching)\b"
                      r"|\bmonitor\w*\s+(?:\S+\s+){0,2}?(?:back\s+on|on\s+again)\b")


def monitor_settings(value: dict[str, Any], body: str) -> dict[str, Any]:
    """The monitor arguments `body` gives (`value`: the request's slots by kind); a state only when no setting is,
    or when the monitor is said to come back on."""
    args: dict[str, Any] = {}
    if "every" in value:
        args["every"] = slots.every(value["every"])
    if "channel" in value:
        args["channel"] = value["channel"].group("channel")
    if m := LIVE_WINDOW.search(body):
        args["window"] = _duration(m)
    if m := COOLDOWN.search(body):
        args["cooldown"] = _duration(m)
    for policy in ("on_drift", "on_new_data"):
        if policy in value:  # a value said in words ("only alert on drift") is found as the value itself
            said = value[policy]
            args[policy] = said if isinstance(said, str) else said.group(1) or "retrain"
    if "materialize" in value:  # "materialize the online store before each check"
        said = value["materialize"]
        args["materialize"] = said.group(1) != "false" and not _MATERIALIZE_OFF.search(body[:said.start()])
    elif said := PER_CHECK_LOAD.search(body):  # "have it refresh the online store before every check"
        args["materialize"] = not _MATERIALIZE_OFF.search(body[:_monitors_part(said)])
    if "auto_deploy" in value:
        said = _AUTO_VALUE.search(body)  # "disable auto deploy on the wine monitor": that "on" is a preposition
        args["auto_deploy"] = not _AUTO_OFF.search(body) and (not said or said.group(1).startswith(("t", "on", "y", "e")))
    if m := MIN_NEW_ROWS.search(body):
        args["min_new_rows"] = int(next(g for g in m.groups() if g).replace(",", ""))
    if (back := _BACK_ON.search(body)) and asides.asked(body, back.start(), back.group(0)) \
            and not slots.STATE_OFF.search(body):
        args = {"state": "on", **args}  # "turn the cancer monitor on again, every 2h": back on, with its new settings
    if not args:  # "don't stop it, just show its settings", "did someone switch it off?": no state asked
        if any(asides.asked(body, m.start(), m.group(0)) for m in slots.STATE_OFF.finditer(body)):
            args["state"] = "off"
        elif any(asides.asked(body, m.start(), m.group(0)) for m in slots.STATE_ON.finditer(body)):
            args["state"] = "on"
    return args


def _duration(m: re.Match[str]) -> str:
    count, unit = [g for g in m.groups() if g][:2]  # the count and unit of whichever wording matched
    amount, letter = number(count), unit[0]
    return f"{amount * 7}d" if letter == "w" else f"{amount}{letter}"
