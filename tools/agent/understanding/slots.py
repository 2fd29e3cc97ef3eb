"""The settings a request gives a tool, found anywhere in the sentence: job ids, reasons, snooze durations, monitor
schedules and policies, A/B shares, tuning trials, budgets and ranges, history limits, live data, all=true, force.
Each finder returns `Found` spans (phrases.Found) so the reader can blank them before it looks for verbs ("retrain on
new data" inside a monitor request is a policy, not a request to train)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tools.agent.understanding import phrases
from tools.agent.understanding.words import feedback, lifecycle, monitoring, online_tests, policies
from tools.agent.understanding.phrases import Found, number

_NUM = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)"
_COUNTED = r"(?:" + "|".join(sorted((w for w in phrases.NUMBER_WORDS if " " not in w and w not in ("a", "an", "few", "couple")),
                                    key=len, reverse=True)) + ")"
# A number in words as an incident's number is said: "incident twenty-five", "incident number thirty one"
_UNITS_SAID = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_SAID = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_SAID = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SPELLED = (rf"(?:(?:{'|'.join(_TENS_SAID)})(?:[\s-]+(?:{'|'.join(_UNITS_SAID)})\b)?|{'|'.join(_TEENS_SAID)}"
            rf"|{'|'.join(_UNITS_SAID)})")
_UNIT = {"s": "s", "sec": "s", "second": "s", "m": "m", "min": "m", "minute": "m", "h": "h", "hr": "h", "hour": "h",
         "d": "d", "day": "d", "w": "w", "wk": "w", "week": "w"}
_UNITS = r"(seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)"

JOB = re.compile(r"\b(j[0-9a-f]{6})\b")
# An incident by the number on its alert ("incident 12", "inc 4", "alert #5", "rate 12 noise"); not "learning rate 0.1".
# Also a bare "#7" where only an incident can have happened ("what happened in #7?", "postmortem for #3").
INCIDENT = re.compile(r"(?:(?:(?<!learning\s)\b(?:(?:incident|alert|alarm|page|rate)s?|inc\b\.?)\s*(?:no\.?|number|id)?\s*#?\s*"
                      r"|\b(?:what\s+(?:happened|went\s+(?:wrong|down|on|bad)|occurred|fired|broke|blew\s+up)|post-?\s?mortem)\s+(?:\S+\s+)?(?:in|with|to|on|at"
                      r"|for|of|during)\s+#\s*"
                      # "the postmortem of the page we got, #14": a "#n" a few words after what only an incident is
                      r"|\b(?:post-?\s?mortem|incident|page|alarm)\b(?:(?!since|after|before|deploy|version|release|train"
                      r"|roll)[^#?!;\n]){0,40}?#\s*"
                      # "the diabetes page, number 19", "the wine alert (no. 12)": its number said a few words after it
                      r"|\b(?:incident|alert|alarm|page)s?\b(?:(?!since|after|before|deploy|version|release|train|roll)"
                      r"[^#?!;\n]){0,40}?\b(?:no\.|nr\.?|number|num\.?)\s*#?\s*"
                      # "when #18 opened", "#4 fired at 3am": a "#n" said to open or fire is an incident
                      r"|(?<![\w#])#\s*(?=\d{1,6}\s+(?:was\s+|got\s+|been\s+)?(?:opened|fired|raised|triggered|went\s+off"
                      r"|handled|resolved|acked|acknowledged|dealt\s+with|closed|escalated)\b)"
                      # "what did ops end up doing about #26", "who handled #26": a "#n" handled is an incident
                      r"|\b(?:(?:do|does|did|doing|done)\s+about|handl\w*|resolv\w*|ack(?:ed)?|acknowledg\w*"
                      r"|deal\w*\s+with|dealt\s+with|respond\w*\s+to|escalat\w*|re-?open\w*|clos(?:e|ed|ing))\s+#\s*)(?=\d)"
                      # "incident number eleven", "alert no. three", "alert #seven": the number in words
                      r"|\b(?:incident\s+(?:no\.?\s*|number\s+|#\s*)?|(?:alert|alarm|page)s?\s+(?:no\.?\s*|number\s+|#\s*))"
                      rf"(?={_SPELLED}\b))(\d{{1,6}}|{_SPELLED})(?![\w%]|\.\d|\s*(?:{_UNITS[1:-1]})\b)")  # "mute all alerts 30 min"
# Beside a verdict on an alert, only an incident bears a number: "that page (#22) was noise", "false alarm on 44"
_NUMBERED = re.compile(r"(?<![\w#])#\s?(\d{1,6})\b|\b(?:on|for|about|re)\s+(\d{1,6})(?![\w%.]|\s*(?:days?|hours?|h|d|m"
                       r"|mins?|minutes?|weeks?|rows|samples|percent)\b)")
APPROVAL = re.compile(r"\b([0-9a-f]{16})\b")  # the id a change that needs approval returned
# A verdict on an alert, only where an alert, an incident or a pronoun is what it is about.
# "not useful", "wasn't that helpful", "hardly actionable": a useful word said negated is noise
# "wasn't worth waking up for", "not a real issue": worth the trouble, or a real alert, said negated
_WORTH = r"worth\s+(?:it|the\s+(?:page|ping|wake-?up|trouble)|(?:waking|getting)\s+(?:\S+\s+)?up(?:\s+for)?)"
_REAL = r"(?:real|valid|genuine|true)\s+(?:alert|alarm|page|incident|one|problem|issue|catch|positive|signal)s?"
# "spot on", "bang on", "right on the money": an alert that called it right
_RIGHT = r"(?:spot|bang|dead)[-\s]?on|(?:right\s+)?on\s+the\s+money"
NOISE = re.compile(r"\b(noise|noisy|false\s+(?:alarm|positive)s?|(?:not|never|hardly|barely|(?:is|was|were|are|ai)n'?t)"
                   rf"\s+(?:really\s+|that\s+|very\s+|at\s+all\s+|even\s+)?(?:an?\s+)?(?:useful|helpful|{_WORTH}|actionable"
                   rf"|legit|{_REAL}|{_RIGHT})|useless|spam\w*|junk|bogus)\b")
USEFUL = re.compile(rf"\b(usefull?|helpfull?|{_WORTH}|legit|{_REAL}|actionable|good\s+(?:alert|catch|call)|{_RIGHT})\b")
_RATED = re.compile(r"\b(alerts?|alarms?|incidents?|inc|pages?|it|that|this\s+one|rate)\b|#\d")
_ABOUT_US = re.compile(r"\b(agent|bot|assistant|answers|replies|feedback|you)\b")
# Marked reasons only: "reason: …", "reason=…", and a quoted one ("with reason \"bad pipeline\"")
# (it runs to the end, or to a next step said after it: "reason: host died, then show status")
REASON = re.compile(r"\breason\s*(?::|=|is|because|\s(?=[\"']))\s*(\"[^\"]*\"|'[^']*'|.+?)(?=\s*[,;]\s*(?:and\s+)?then\s+(?:show"
                    r"|list|check|give|tell|get|pull|run|status|history|deploy|train|retrain|tune|compare|evaluate)\b|$)")
# Spans said as a fraction of an hour ("half an hour", "an hour and a half"), in minutes.
# (and of a day: "half a day", "a day and a half")
_FRACTION_SAID = (r"half\s+an?\s+hour|half[-\s]hour|an?\s+hour\s+and\s+a\s+half|(?:a\s+)?quarter\s+of\s+an\s+hour"
                  r"|half\s+a\s+day|half[-\s]day|a\s+day\s+and\s+a\s+half")
_FRACTION = rf"(?P<fraction>{_FRACTION_SAID})"
# One of a unit said with "a" ("for a month", "snooze it a week"): a month is the 30 days a snooze may last
_ONE_OF = {"day": "24h", "night": "12h", "week": "7d", "fortnight": "14d", "month": "30d"}
# "for 2h", "for the next 30 minutes", "during 30 minutes" (as some say it)
DURATION = re.compile(rf"\b(?:for|during)\s+(?:the\s+next\s+)?{_NUM}\s*{_UNITS}\b|\bfor\s+(?:a|one|the)\s+(?:next\s+)?"
                      r"(day|week|night|fortnight|(?:(?<=\sa\s)|(?<=one\s))month)\b"
                      rf"|\buntil\s+tomorrow\b(?!\s+(?:at\s+)?\d)|\b(?:for|during)\s+(?:the\s+next\s+)?{_FRACTION}"
                      # "snooze diabetes 3 days", "mute the multiclass model's monitor 90m", "snooze cancer half an
                      # hour", "mute wine a week": the span said bare after what is snoozed (a few words, no joining
                      # word or preposition between)
                      r"|\b(?:snooz|mut|silenc|quiet|hush|shush|shh)\w*\s+(?:(?!(?:and|then|on|over|of|in|since|from|after|before)"
                      rf"\b)[^\s,;.!?]+\s+){{0,5}}?(?P<bare>(?P<count>\d+|{_COUNTED})\s*(?P<unit>{_UNITS[1:-1]})\b"
                      rf"|{_FRACTION_SAID}|(?:a|one)\s+(?P<one>day|night|week|fortnight|month)\b)")
# A snooze to a time of day, with the time it is now said beside it ("it's 10pm here, quiet cancer until 8am
# tomorrow", "it's fri 6pm, mute wine till mon 9am"): the hours between; without the time now said, no span is known
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_CLOCK = r"(?:(?P<{0}h>\d{{1,2}})(?::(?P<{0}m>\d\d))?\s*(?P<{0}ap>am|pm|a\.m\.|p\.m\.)|(?P<{0}word>noon|midday|midnight))"
_NOW_SAID = re.compile(r"\b(?:it'?s|it\s+is|now)\s+(?:(?P<nowday>" + _DAY + r")\s+)?(?:about\s+|around\s+|almost\s+|nearly"
                       r"\s+|just\s+(?:past|after)\s+)?" + _CLOCK.format("now") + r"(?![\w:])")
_UNTIL_CLOCK = re.compile(r"\b(?:until|till|til|'til|up\s+to)\s+(?:(?:tomorrow|(?P<untilday>" + _DAY + r"))\s+(?:at\s+)?)?"
                          + _CLOCK.format("until") + r"(?:\s+(?:tomorrow|(?P<untilday2>" + _DAY + r")))?(?![\w:])")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def until_clock(body: str) -> str | None:
    """The span from the time it is said to be now to the time a snooze is to last until, or None."""
    now, until = _NOW_SAID.search(body), _UNTIL_CLOCK.search(body)
    if not now or not until:
        return None
    start, end = _minute_of_day(now, "now"), _minute_of_day(until, "until")
    days = [(d or "")[:3] for d in (now.group("nowday"), until.group("untilday") or until.group("untilday2"))]
    if all(d in _DAYS for d in days):
        span = (_DAYS.index(days[1]) - _DAYS.index(days[0])) % 7 * 1440 + end - start
    else:
        span = (end - start) % 1440
    span = span if span > 0 else span + 1440
    return f"{span // 60}h" if span % 60 == 0 else f"{span}m"


def _minute_of_day(m: re.Match[str], key: str) -> int:
    if word := m.group(f"{key}word"):
        return 0 if word == "midnight" else 720
    hour, minute = int(m.group(f"{key}h")) % 12, int(m.group(f"{key}m") or 0)
    return (hour + (12 if m.group(f"{key}ap").startswith("p") else 0)) * 60 + minute


# A span said alone ("3 days", "half an hour", "a month"), as a change of the thread's snooze gives it
SPAN_ALONE = re.compile(rf"\b(?:(?P<count>\d+|{_COUNTED}|an?(?=\s))\s*(?P<unit>{_UNITS[1:-1]}|fortnights?|months?|nights?)\b"
                  rf"|(?P<fraction>{_FRACTION_SAID}))")


def span_alone(found: re.Match[str]) -> str:
    """The span a SPAN_ALONE match says, as a snooze takes it ("30m", "12h", "14d")."""
    if found.group("fraction"):
        return _minutes(found.group("fraction"))
    count, unit = number(found.group("count")), found.group("unit").rstrip("s")
    if unit in ("fortnight", "month", "night"):
        return f"{count * 12}h" if unit == "night" else f"{count * (14 if unit == 'fortnight' else 30)}d"
    unit = _unit(unit)
    return f"{count * 7}d" if unit == "w" else f"{count}{unit}"


# ("every=1h" as the command would take it, in a list of settings)
EVERY = re.compile(rf"\b(?:every|each)(?:\s*[=:]\s*|\s+){_NUM}?\s*{_UNITS}\b|\b(hourly|daily|nightly|every\s+(?:hour|day|minute))\b")
# "#ml-alerts", and the words that only route alerts there ("send alerts to #ml-alerts"): no request of their own
CHANNEL = re.compile(r"(?:\b(?:send|post|route|deliver|push)\s+(?:the\s+|its\s+|any\s+)?(?:alerts?|notifications?|pages?"
                     r"|messages?)\s+(?:to|in|into)\s+)?(?<![\w<])(?P<channel>#[a-z][a-z0-9_-]*)")
# (a share over 100% is kept as said, for the test to refuse: "abtest cancer 150%" is no test at a default share;
# "12.5%" is one share; "five percent", "twenty-five per cent" are shares in words)
PERCENT = re.compile(rf"\b(\d{{1,3}}(?:\.\d+)?|{_SPELLED})\s*(?:%|percent|per\s+cent|pct)"  # a share in words is a share of traffic, not a window:
                     r"|\b(half|a\s+quarter|a\s+third|a\s+fifth|a\s+tenth)(?:\s+of)?\b(?=\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?(?:traffic"
                     r"|requests|users|calls)\b)")  # "send a quarter of wine traffic to the challenger"
SHARE = {"half": 50, "a quarter": 25, "a third": 33, "a fifth": 20, "a tenth": 10}
TRIALS = re.compile(rf"\b(?:trials\s*=\s*(\d+)|{_NUM}\s+(?:(?:tuning|optuna|search|hpo|random|more|extra)\s+)?(?:trials|tries"
                    r"|candidates|iterations|rounds|runs))\b")
# A count then its unit: "5m", "5 min", "five-minute"; a number word needs its space ("and" is no "an" + "d")
_SPAN = rf"{_NUM}(?:(?<=\d)[\s-]*|[\s-]+){_UNITS}\b"
# "budget=2h", "within 90 minutes", "45m max", "a 5 min budget", "cap it at 1h", "half an hour max"
BUDGET = re.compile(rf"\b(?:budget\s*(?:=|of|:)?\s*(\d+\s*[smhd])\b|(?:for|within|in|at\s+most|max(?:imum)?|under)\s+"
                    rf"{_SPAN}(?:\s+max(?:imum)?)?|budget\s+(?:of\s+)?{_SPAN}|{_SPAN}\s+(?:max(?:imum)?|tops|at\s+most"
                    rf"|budget|time\s*(?:limit|box|budget)|cap)\b|(?:cap(?:ped)?(?:\s+it)?|time\s*(?:limit|box|budget)"
                    rf"|no\s+(?:more|longer)\s+than)\s+(?:at\s+|of\s+|to\s+)?{_SPAN}|(?:(?:for|within|in|at\s+most"
                    rf"|max(?:imum)?|under|budget(?:\s+of)?)\s+)?{_FRACTION}(?:\s+(?:max(?:imum)?|tops|at\s+most))?)")
# A request about a search over settings: only then is "max_depth 3..10" a range and "1h" a budget
TUNING = re.compile(r"\b(tun\w*|hyper\w*|hpo|optimi\w*|search|sweep\w*|trials?)\b")
RANGE = re.compile(r"\b([a-z][a-z0-9_]*(?:\s+(?:depth|rate|estimators|samples\s+leaf))?)\s*(?:=\s*|\s+(?:between|from|in)\s+"
                   r"|\s+)(\d+(?:\.\d+)?)\s*(?:\.\.|and|to|-)\s*(\d+(?:\.\d+)?)\b")
# A count of history entries, in digits or words ("the last three entries"; "which one of the deploys" is no count)
_ENTRY_COUNT = r"(\d+|" + "|".join(sorted((w for w in phrases.NUMBER_WORDS if " " not in w and w not in (
    "a", "an", "one", "few", "couple")), key=len, reverse=True)) + ")"
_ENTRIES = r"(?:entries|events|actions|changes|records|items|lines|moves|deploys|deployments)"
# The kinds of change a count of entries is of: "last 10 training and deploy events", "5 train/rollback records"
_KINDS = rf"(?:(?:train\w*|{phrases.CHANGE_NOUNS})[\s,/&+]+(?:(?:and|or)\s+)?){{1,4}}"
# "limit=5", "last 10 deploys", "last 10 training and deploy events": a count of entries, blanked so that "deploys"
# or "training" is no change verb
LIMIT = re.compile(rf"\b(?:limit\s*(?:=|to|of)?\s*(\d+)|(?:(?:the\s+)?(?:last|latest|recent|past|top)\s+)?{_ENTRY_COUNT}\s+"
                   rf"(?:most\s+recent\s+)?(?:(?:[a-z]+\s+)?{_KINDS})?{_ENTRIES})\b")
# As history reads its length: the count may stand a few words before its noun ("the last 10 history entries").
HISTORY_LIMIT = re.compile(rf"\blimit\s*(?:=|to|of)?\s*(\d+)|\b{_ENTRY_COUNT}\s+(?:[a-z]+\s+){{0,3}}?(?:entries|events|actions"
                           r"|changes|records|items|lines|moves|deploys|deployments|rollbacks|releases|things)\b"
                           # "solo los últimos 10", "just the last 10": a count after "last" with no unit of time
                           r"|\b(?:last|latest|[uú]ltim[oa]s|derni[eè]re?s|letzten)\s+(\d+)\b(?!\s*(?:h|d|w|m|hrs?|hours?|days?"
                           r"|weeks?|wks?|months?|mins?|minutes?|years?)\b)")
# "the timeline of", "production over time", "chart the versions": history's picture of production over time
TIMELINE = re.compile(r"\b(timeline|over\s+time|chart\w*|graph\w*|plot\w*|picture\s+of|visuali[sz]\w*)")
# A metric on what the service answered: live traffic, the prediction log, "the live f1"
# ("real labelled data", "actual ground-truth traffic": what is live, with its labels said too)
LIVE = re.compile(rf"\b({lifecycle.LABELLED_LIVE}|live\s*=\s*true|(?:live|real|production|actual)\s+(?:users?'?\s+"
                  r"|(?:labell?ed|ground[-\s]truth)\s+)?(?:traffic|labels|predictions|requests|data)"
                  r"|real[-\s]world\s+(?:traffic|data)|(?<=on\s)(?:real|actual|live)\s+(?:users|customers)\b|labell?ed\s+(?:live\s+)?(?:traffic|predictions)"
                  r"|(?:(?:the\s+)?labell?ed\s+(?:rows|entries|part)\s+of\s+)?(?:the\s+)?prediction\s+logs?"
                  r"|logged\s+(?:predictions|requests|traffic)|live(?=\s+(?:metrics?|scores?|f1\w*|roc[_\s-]?auc|auc|rmse|mae"
                  r"|accuracy|precision|recall|performance)))")
# How many served rows a skew check compares: "sample=200", "sample size of 200", "a bigger sample, 5000", "on 1000 rows",
# "…, 200 rows", "check 1000 recent requests", "w/ 1000 rows" (in a hurry), in words: "sample a thousand rows", "2k rows"
_ROWS = r"(\d+k?|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:hundred|thousand))"
SAMPLE = re.compile(rf"\bsample\s*(?:=|:|,|of|size(?:\s+of)?|to|\s)\s*{_ROWS}\b"
                    r"(?![.,]\d|\s*(?:%|percent|h|d|m|hours?|days?|min\w*|weeks?)\b)"
                    r"|(?:\bw/|\b(?:on|over|using|use|take|for|with|check(?:ing)?|compar(?:e|ing)|pull|grab|only|just|sample|look(?:ing)?\s+at))\s+"
                    rf"(?:the\s+(?:last|latest|most\s+recent)\s+|(?:only|just)\s+)?{_ROWS}\s+"
                    r"(?:served\s+|recent\s+|latest\s+|live\s+)?(?:rows|requests|samples)\b"
                    rf"|(?:(?<=,)|(?<=,\s)|(?<=\sand\s)){_ROWS}\s+(?:served\s+|recent\s+)?(?:rows|requests|samples)\b(?!\s+(?:land|arriv|come|have))")
_ENDED = r"(?:resolved|closed|stopped|disabled|paused|inactive|old|deactivated|(?:turned|switched|shut)\s+off)"
ALL = re.compile(rf"\b(all\s*=\s*true|(?:includ\w*|even|also|plus)\s+(?:the\s+)?{_ENDED}(?:\s+ones)?"
                 # "including the ones somebody stopped", "even those that were disabled"
                 rf"|(?:includ\w*|even|also|plus)\s+(?:the\s+ones|those)\s+(?:that\s+|which\s+)?(?:\S+\s+){{0,2}}?{_ENDED}"
                 rf"|{_ENDED}(?:\s+(?:ones|stuff|things|alerts|incidents|pages))?\s+(?:too|as\s+well|also|included)"
                 # "everything that ever fired on diabetes": the whole record, closed ones too (only "ever" is blanked)
                 r"|\bever(?=\s+(?:fired|paged|alerted|flagged|raised|caught|went\s+off|gone\s+off)\b)"
                 # "past and present", "open and old": the closed ones beside the open ones
                 r"|\b(?:past|old)\s+(?:and|&|\+|or)\s+(?:present|current|open)\b"
                 r"|\b(?:present|current|open)\s+(?:and|&|\+|or)\s+(?:past|old)\b)")
FORCE = re.compile(r"\b(force\s*=\s*true|force[ds]?|forcing|even\s+if\s+(?:the\s+|it\s+)?(?:gate|it|checks?)\s+(?:fails|says\s+no"
                   r"|blocks\s+it|doesn'?t\s+pass)|regardless\s+of\s+the\s+gate|override\s+the\s+gate)\b")
ON_DRIFT = re.compile(r"\b(?:and\s+)?(?:re-?train\w*|refit)\s+(?:it\s+)?(?:(?:automatically|by\s+itself|on\s+its\s+own"
                      r"|itself)\s+)?(?:on|when|if|whenever|after)"
                      r"\s+(?:it\s+)?drift\w*|on_drift\s*=\s*(\w+)")
# "retrain on new data", "retrain wine automatically whenever 500 new rows land", "refit cancer once 1000 new rows arrive",
# "retrain when the training data grows by 500 rows"
# (the data may come first, as some say it: "retrain when come new data")
ON_NEW = re.compile(r"\b(?:and\s+)?(?:re-?train\w*|refit)\s+(?:it\s+)?(?:automatically\s+)?(?:on|when|if|whenever|once|as\s+soon\s+as"
                    r"|every\s+time)\s+(?:there\s+(?:is|are)\s+|there's\s+|it\s+gets\s+|(?:comes?|arrives?|lands?)\s+(?:in\s+)?)?"
                    r"(?:new|fresh)\s+(?:training\s+|labell?ed\s+)?(?:data|rows)|on_new_data\s*=\s*(\w+)|\b(?:and\s+)?(?:re-?train\w*|refit)"
                    r"\s+(?:\S+\s+){0,3}?(?P<policy>(?:automatically\s+)?(?:whenever|once|every\s+time|each\s+time|as\s+soon\s+as"
                    r"|when|after)\s+(?:there\s+(?:is|are)\s+)?(?:at\s+least\s+)?[\d,]+\s+(?:new\s+|more\s+|fresh\s+)?"
                    r"(?:rows|records|samples|labels)\b(?:\s+(?:land|arrive|come\s+in|show\s+up)\w*)?"
                    # "retrain diabetes as soon as fresh labelled data lands"
                    r"|(?:whenever|once|every\s+time|each\s+time|as\s+soon\s+as|when)\s+(?:new|fresh|more)\s+(?:training\s+"
                    r"|labell?ed\s+)?data\s+(?:lands|arrives|comes(?:\s+in)?|shows\s+up|is\s+added|gets\s+added|appears)"
                    r"|(?:whenever|once|every\s+time|each\s+time|as\s+soon\s+as|when)\s+(?:comes?|arrives?|lands?)\s+(?:in\s+)?"
                    r"(?:new|fresh|more)\s+(?:training\s+|labell?ed\s+)?data"
                    # "retrain when the training data grows by 500 rows"
                    r"|(?:whenever|once|every\s+time|each\s+time|as\s+soon\s+as|when|after|if)\s+(?:the\s+|its\s+)?(?:training\s+)?"
                    r"(?:data(?:set)?|table|batch)\s+(?:grows|gets|increases|has\s+grown|gains|has\s+gained)\s+(?:by\s+)?"
                    r"(?:at\s+least\s+)?[\d,]+\s+(?:new\s+|more\s+)?(?:rows|records|samples|labels)\b)")
# A Feast-fed model's monitor loading its online store first: "materialize the online store before each check",
# "materialize=true", "have it materialize before every run"
# (the next check is one check: "materialize now, before the next check runs" loads the store once, no policy)
MATERIALIZE = re.compile(r"\bmaterialize\s*=\s*(true|false)\b|\bmateriali[sz]\w*\s+(?:\S+\s+){0,5}?(?P<policy>(?:before|ahead\s+of|prior\s+to)\s+(?:each|every|any|all"
                         r"|the(?!\s+(?:next|upcoming|coming|following|first)\b))\s+(?:single\s+)?(?:\S+\s+)?(?:checks?|runs?"
                         r"|pass\w*)\b)")
# (what passes the gate is part of it: "auto-deploy whatever passes the gate" asks for no compare)
AUTO = re.compile(r"\b(?:and\s+)?auto[-\s_]?deploy\w*(?:\s*(?:=|:|\bto\b)?\s*(true|false|on|off|yes|no)\b)?"
                  r"(?:\s+(?:(?:if|when|once)\s+(?:it|they)|whatever|whichever(?:\s+version)?|anything(?:\s+that)?|any\s+(?:version"
                  r"|model|one)\s+that|the\s+ones?\s+that|what)\s+(?:pass\w*|clear\w*)\s+the\s+(?:\w+\s+)?gate"
                  r"|\s+(?:if|when|once)\s+the\s+(?:\w+\s+)?gate\s+(?:pass\w*|says\s+yes))?|\bdeploy\s+automatically\b")
STATE_OFF = re.compile(r"\b(stop|pause|disable|kill|halt|suspend|turn\s+(?:\S+\s+){0,3}?off"
                       r"|switch\s+(?:\S+\s+){0,3}?off|off)\b")
STATE_ON = re.compile(r"\b(start|restart|resume|enable|turn\s+(?:\S+\s+){0,3}?on|back\s+on|switch\s+(?:\S+\s+){0,3}?on)\b")


def rows(said: str) -> int:
    """A count of rows in digits or words ("200", "2k", "a thousand", "five hundred")."""
    if said.isdigit() or said[:-1].isdigit():
        return int(said) if said.isdigit() else int(said[:-1]) * 1000
    count, size = said.split()
    return (1 if count in ("a", "one") else phrases.number(count) if count in phrases.NUMBER_WORDS else
            _UNITS_SAID.index(count) + 1) * (100 if size == "hundred" else 1000)


def spelled(said: str) -> int:
    """An incident's number, in digits or in words ("twenty-five", "thirty one", "twelve")."""
    if said.isdigit():
        return int(said)
    words = re.split(r"[\s-]+", said)
    tens = 20 + 10 * _TENS_SAID.index(words[0]) if words[0] in _TENS_SAID else 0
    return tens + (_UNITS_SAID.index(words[-1]) + 1 if words[-1] in _UNITS_SAID else 0) if tens or words[0] in _UNITS_SAID \
        else 10 + _TEENS_SAID.index(words[0])


def find(body: str, today: date, original: str) -> dict[str, list[Found]]:
    """Every slot of a request, by kind, each with its span: reason, job, settings, tuning, window, params."""
    found: dict[str, list[Found]] = {}
    if m := REASON.search(body):
        typed = REASON.search(original.lower())
        said = original[typed.start(1):typed.end(1)] if typed else m.group(1)
        end = m.end()
        if _opened(body[:m.start()]) and (shut := re.search(r"[)\]]", said)):  # "(reason: worker node evicted)"
            said, end = said[:shut.start()], m.start(1) + shut.end()
        found["reason"] = [Found(m.start(), end, said.strip().strip("\"'").rstrip("."))]
        body = phrases.blank(body, found["reason"])
    for key, pattern, kind in (("job", JOB, str), ("approval_id", APPROVAL, str), ("incident", INCIDENT, spelled)):
        if m := pattern.search(body):  # an id: its value is the id itself
            found[key] = [Found(m.start(), m.end(), kind(m.group(1)))]
    judged = phrases.blank(body, monitoring.noise_asked(body))  # "the noise rate of our alerts" judges no alert
    if _RATED.search(body) and not _ABOUT_US.search(feedback.asked(body)) and (m := NOISE.search(judged) or USEFUL.search(
            judged)):
        found["verdict"] = [Found(m.start(), m.end(), "noise" if NOISE.match(m.group(0)) else "useful")]
        if "incident" not in found and (m := _NUMBERED.search(body)):  # "that page (#22) was a false alarm"
            found["incident"] = [Found(m.start(), m.end(), int(m.group(1) or m.group(2)))]
    for key, pattern in (("channel", CHANNEL), ("on_drift", ON_DRIFT), ("on_new_data", ON_NEW),
                         ("auto_deploy", AUTO), ("materialize", MATERIALIZE), ("every", EVERY), ("duration", DURATION),
                         ("percent", PERCENT), ("trials", TRIALS), ("limit", LIMIT),
                         ("live", LIVE), ("all", ALL), ("force", FORCE), ("sample", SAMPLE)):
        m = monitoring.new_schedule(pattern, body) if key == "every" else pattern.search(body)
        if m:  # a policy said after its model ("retrain wine whenever…"): the model stays
            at = next((m.start(g) for g in ("policy", "bare") if g in pattern.groupindex and m.group(g)), m.start())
            found[key] = [Found(at, m.end(), m)]
    if "percent" not in found and (m := next((s for s in online_tests.SPLIT.finditer(body) if online_tests.split_share(s)),
                                                   None)):  # "split wine traffic 50/50", "90/10 between prod and the challenger"
        found["percent"] = [Found(m.start(), m.end(), m)]
    if "percent" not in found and (m := online_tests.BARE_SHARE.search(body)):  # "abtest wine 20": its share, no version
        found["percent"] = [Found(m.start(1), m.end(1), m)]
    if "live" not in found and (m := lifecycle.live_metric(body)):  # "eval wine live", "the real-world roc_auc"
        found["live"] = [Found(m.start(), m.end(), m)]
    if "live" in found and lifecycle.live_data_asked(body, found["live"][0].start):
        del found["live"]  # "what is happening with the live data?": the data asked about, a drift check
    found.update(policies.policies(body))  # "only alert on drift", "ignore new data"
    if "on_drift" in found or "on_new_data" in found:  # "…retrain it automatically instead of only alerting"
        found[next(k for k in ("on_drift", "on_new_data") if k in found)] += policies.instead(body)
    if routed := monitoring.routed(body):  # "move wine alerts to #ml-wine": where they go, not the words around
        found["channel"] = routed
    if TUNING.search(body):
        found["ranges"] = ranges(phrases.blank(body, found.get("trials", [])))
        if m := BUDGET.search(body):
            found["budget"] = [Found(m.start(), m.end(), m)]
    rest = phrases.blank(body, [f for spans in found.values() for f in spans])
    if w := phrases.window(rest, today):
        found["window"] = [w]
        if other := phrases.window(phrases.blank(rest, [w]), today):  # "train on 90d then evaluate on the last 7d"
            found["window"].append(other)
    found["params"] = phrases.params(phrases.blank(rest, found.get("window", [])), body) if "ranges" not in found or \
        not found["ranges"] else []
    return found


def share(found: re.Match[str]) -> str:
    """The challenger's share of traffic, in percent: said as one ("10%", "12.5%", "a quarter", "abtest wine 20") or as
    a split ("90/10")."""
    if found.re is online_tests.SPLIT:
        return str(online_tests.split_share(found) or 50)
    if found.group(1):
        return f"{float(found.group(1)):g}" if found.group(1)[0].isdigit() else str(spelled(found.group(1)))
    return str(SHARE[" ".join(found.group(2).split())])


def _opened(before: str) -> bool:
    """Whether a reason is said inside brackets opened before it: "release the lock (reason: node evicted)"."""
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def duration(found: re.Match[str]) -> str:
    if found.group("one"):
        return _ONE_OF[found.group("one")]
    if found.group("bare") and not found.group("count"):
        return _minutes(found.group("bare"))
    if found.group("bare"):
        count, unit = number(found.group("count")), _unit(found.group("unit"))
        return f"{count * 7}d" if unit == "w" else f"{count}{unit}"
    if found.group("fraction"):
        return _minutes(found.group("fraction"))
    if found.group(0).startswith("until tomorrow"):
        return "24h"
    if found.group(3):
        return _ONE_OF[found.group(3)]
    count, unit = number(found.group(1)), _unit(found.group(2))
    return f"{count * 7}d" if unit == "w" else f"{count}{unit}"


def every(found: re.Match[str]) -> str:
    if found.group(3):
        word = found.group(3).split()[-1]
        return {"hourly": "1h", "hour": "1h", "daily": "1d", "nightly": "1d", "day": "1d", "minute": "1m"}[word]
    count = number(found.group(1)) if found.group(1) else 1
    unit = _unit(found.group(2))
    return f"{count * 7}d" if unit == "w" else f"{count}{unit}"


def budget(found: re.Match[str]) -> str:
    if found.group("fraction"):
        return _minutes(found.group("fraction"))
    if found.group(1):
        return found.group(1).replace(" ", "")
    count, unit = next((found.group(i), found.group(i + 1)) for i in (2, 4, 6, 8) if found.group(i))
    return f"{number(count)}{_unit(unit)}"


def _minutes(fraction: str) -> str:
    if "day" in fraction:
        return "36h" if " and " in fraction else "12h"
    return "90m" if " and " in fraction else "15m" if "quarter" in fraction else "30m"


def ranges(text: str) -> list[Found]:
    from tools.agent.understanding.phrases import PARAM_ALIASES

    out = []
    for m in RANGE.finditer(text):
        key = PARAM_ALIASES.get(m.group(1), m.group(1)).replace(" ", "_")
        if key in ("last", "since", "until", "trials", "between", "from", "days", "version", "v") or key.isdigit():
            continue
        out.append(Found(m.start(), m.end(), (key, f"{m.group(2)}..{m.group(3)}")))
    return out


def first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


def span(m: re.Match[str] | None, value: Any = None) -> list[Found]:
    return [Found(m.start(), m.end(), value)] if m else []


def _unit(word: str) -> str:
    word = word.rstrip("s") if len(word) > 1 else word
    return _UNIT.get(word, _UNIT.get(word[:3], word[0]))
