"""Pieces of a plain request the offline interpreter reads: windows, versions, parameter overrides.

Each finder returns what it found with the span it covered, so the caller can blank those spans before looking for
verbs and models (the "30" of "last 30 days" is no version; "trained" in "the one you just trained" no request)."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tools.agent.understanding.words import lifecycle
from tools.parse import literal

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "couple": 2, "couple of": 2, "few": 3}
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 90, "year": 365}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}
_MONTH = r"(" + "|".join(sorted([*MONTHS, *(m[:3] for m in MONTHS), "sept"], key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE = (rf"(\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+{_DAY}(?:,?\s+(\d{{4}}))?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?"
         rf"|\d+\s*d(?:ays?)?\s+ago|{_NUM}\s+(?:days?|weeks?)\s+ago|black\s+friday|cyber\s+monday|thanksgiving)")


@dataclass
class Found:
    start: int
    end: int
    value: Any


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# --- windows ---------------------------------------------------------------------------------------------
# "over the whole year", "for the entire month", "over the quarter": the most recent span of that unit, as "the past year" is
_LAST = re.compile(rf"\b(?:(?:in|over|during|for|on|from|using)\s+)?(?:the\s+)?(?:(?:last|past|previous|recent"
                   rf"|(?<=the\s)(?:whole|full|entire))\s+|(?<=over\sthe\s)|(?<=across\sthe\s)|(?<=throughout\sthe\s))"
                   rf"(?:{_NUM}\s+)?(hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|mos?|mths?|quarters?|years?|yrs?)\b")
# An amount of data is the most recent span of that length: "a quarter's worth of data", "six months of data",
# "over 48 hours", "across a fortnight", "train on 120 days", "on those same 60 days" (not "2 days ago", a date, nor "for 2 days", a snooze's length).
_SPAN_UNITS = r"(hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|mths?|quarters?|years?|yrs?)"
_DATA = r"(?:data|rows|history|traffic|logs|labels|predictions|records|samples|examples|inputs)"
_SPAN = re.compile(rf"\b{_NUM}\s+{_SPAN_UNITS}(?:'s|s'|')?\s+(?:worth\b(?:\s+of\s+(?:\w+\s+){{0,2}}?{_DATA}\b)?"
                   rf"|of\s+(?:\w+\s+){{0,2}}?{_DATA}\b)"
                   rf"|\b(?:over|across|spanning|covering|on|using)\s+(?:the\s+|th[oe]se\s+)?(?:same\s+)?{_NUM}\s+{_SPAN_UNITS}\b(?!\s+ago)"
                   rf"|\b{_NUM}[\s-]*{_SPAN_UNITS}(?:\s+(?:lookback|look-back|rolling|trailing|data))?\s+(?:window|period"
                   rf"|span|range|lookback)\b")
_LAST_SHORT = re.compile(r"\blast\s*=\s*(\d+\s*[hdw])\b|(?:\b(?:(?:in|over|during|for|on|from|using)\s+)?(?:the\s+)?"
                         r"(?:last|past|previous)\s+)?\b(\d+)\s*(d|h|w)\b(?!\s*=)")
_OPTION = re.compile(r"\b(since|until)\s*=\s*(\S+)")
_BETWEEN = re.compile(rf"\b(?:between|from)\s+{_DATE}\s+(?:and|to|until|till)\s+{_DATE}")
_SINCE = re.compile(rf"\b(?:since|starting|from|after)\s+(?:the\s+)?{_DATE}")
_UNTIL = re.compile(rf"\b(?:until|till|up\s+to|before|through)\s+(?:the\s+)?{_DATE}")
_SINCE_WEEKDAY = re.compile(r"\b(?:since|starting|from)\s+(?:last\s+)?(monday|tuesday|wednesday|thursday|friday|saturday"
                            r"|sunday)\b")
_SINCE_SPAN = re.compile(rf"\bsince\s+{_NUM}\s+(days?|weeks?|months?)\b(?!\s+ago)")  # "since 2 week": the last 14 days
_NAMED = re.compile(r"\b(yesterday|today|since\s+(?:last\s+)?midnight|this\s+(?:week|month|year)|(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:year|month)"
                    r"|(?:the\s+)?year\s+to\s+date|ytd)\b")
# "between 60 and 30 days ago", "between 48 and 24 hours ago": the unit said last is both ends
_DAYS_AGO = re.compile(r"\b(?:between|from)\s+(\d+)\s+(?:(?:days?|hours?|hrs?)\s+)?(?:and|to|until|till)\s+(\d+)\s+"
                       r"(days?|hours?|hrs?)\s+(?:ago|back)\b")
# "in November", "on november data"; "3 of November" / "3rd of November" is a date, but "v2 on November" is not
_IN_MONTH = re.compile(rf"(?:(?<!\d\s)(?<!\d(?:st|nd|rd|th)\s)\bof|\b(?:in|during|from|for|on|over))\s+(?:the\s+month\s+of\s+)?"
                       rf"{_MONTH}(?!\s*\d)(?:\s+only)?\b|\b{_MONTH}\s+only\b")
_FROM_THEN = re.compile(r"\b(?:since|starting(?:\s+(?:from|with))?|beginning|as\s+of)\s+$")
_ONWARD = re.compile(r"\s+(?:onwards?|forwards?|(?:till|until|up\s+to)\s+now)\b")
_MONTH_EDGE = re.compile(rf"\b(since|after|before|until|till)\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_MONTH}(?!\s*\d)\b")


def window(text: str, today: date) -> Found | None:
    """The first data window in `text` as tool arguments (last/since/until), with its span."""
    if m := _OPTION.search(text):
        found = {m.group(1): m.group(2)}
        other = _OPTION.search(text, m.end())
        end = m.end()
        if other and other.group(1) != m.group(1):
            found[other.group(1)], end = other.group(2), other.end()
        return Found(m.start(), end, found)
    if m := _DAYS_AGO.search(text):
        unit = "h" if m.group(3).startswith("h") else "d"
        return Found(m.start(), m.end(), {"since": f"{m.group(1)}{unit}", "until": f"{m.group(2)}{unit}"})
    if m := _ISO_RANGE.search(text):
        return Found(m.start(), m.end(), {"since": m.group(1), "until": m.group(2)})
    if m := _HALF_YEAR.search(text):
        return Found(m.start(), m.end(), {"last": "180d"})
    if m := _BETWEEN.search(text):
        dates = re.findall(_DATE, m.group(0))
        since, until = (_date(d[0] if isinstance(d, tuple) else d, today) for d in dates[:2])
        return Found(m.start(), m.end(), {"since": since, "until": until})
    if m := _LAST.search(text):
        count = number(m.group(1)) if m.group(1) else 1
        unit = _unit(m.group(2))
        value = f"{count}h" if unit == "hour" else f"{count * _UNIT_DAYS[unit]}d"
        return Found(m.start(), m.end(), {"last": value})
    if m := _SPAN.search(text):
        count, unit = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
        unit = _unit(unit)
        value = f"{number(count)}h" if unit == "hour" else f"{number(count) * _UNIT_DAYS[unit]}d"
        return Found(m.start(), m.end(), {"last": value})
    if m := _SINCE_SPAN.search(text):
        unit = m.group(2).rstrip("s")
        return Found(m.start(), m.end(), {"last": f"{number(m.group(1)) * _UNIT_DAYS[unit]}d"})
    if m := _SINCE_WEEKDAY.search(text):
        back = (today.weekday() - WEEKDAYS[m.group(1)]) % 7 or 7
        return Found(m.start(), m.end(), {"since": (today - timedelta(days=back)).isoformat()})
    if m := _LAST_SHORT.search(text):
        value = (m.group(1) or m.group(2) + m.group(3)).replace(" ", "")
        if value.endswith("w"):  # "3w" is three weeks said short: weeks are written as days, like "3 weeks"
            value = f"{int(value[:-1]) * _UNIT_DAYS['week']}d"
        return Found(m.start(), m.end(), {"last": value})
    if m := _MONTH_EDGE.search(text):
        first = _month_start(m.group(2), today)
        return Found(m.start(), m.end(), {"since" if m.group(1) in ("since", "after") else "until": first.isoformat()})
    if m := _IN_MONTH.search(text):
        return Found(m.start(), m.end(), month_window(m.group(1) or m.group(2), today))
    if m := _NAMED.search(text):
        word = " ".join(m.group(1).split())
        if "year" in word or word == "ytd":
            word = "this year"
        elif word.endswith("month"):  # "since the start of the month"
            word = "this month"
        word = "today" if word.endswith("midnight") else word  # "since midnight": since today began
        start = {"yesterday": today - timedelta(days=1), "today": today,
                 "this week": today - timedelta(days=today.weekday()), "this month": today.replace(day=1),
                 "this year": today.replace(month=1, day=1)}[word]
        found = {"since": start.isoformat()}
        # "since yesterday", "starting yesterday", "from yesterday on": from then to now; "yesterday" alone is that day
        onward = _ONWARD.match(text, m.end()) if word == "yesterday" else None
        if word == "yesterday" and re.search(r"\bfrom\s+$", text[:m.start()]):  # "from yesterday on", not "… on live data"
            onward = re.compile(r"\s+on(?=[,;.!?]|\s+(?:and|then)\b|$)").match(text, m.end()) or onward
        if word == "yesterday" and not _FROM_THEN.search(text[:m.start()]) and not onward:
            found["until"] = today.isoformat()
        return Found(m.start(), onward.end() if onward else m.end(), found)
    if m := _SINCE_DAY.search(text):
        return Found(m.start(), m.end(), {"since": _day_of_month(int(m.group(1)), today).isoformat()})
    since, until = _SINCE.search(text), _UNTIL.search(text)
    if since or until:
        spans = [s for s in (since, until) if s]
        found = {}
        if since:
            found["since"] = _date(re.sub(r"^\S+\s+(?:the\s+)?", "", since.group(0)), today)
        if until:
            found["until"] = _date(re.sub(r"^(until|till|up\s+to|before|through)\s+(?:the\s+)?", "", until.group(0)), today)
        return Found(min(s.start() for s in spans), max(s.end() for s in spans), found)
    return _other_window(text, today)


def month_window(word: str, today: date) -> dict[str, str]:
    """A named month as a window: since its 1st, until the next month's 1st."""
    first = _month_start(word, today)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return {"since": first.isoformat(), "until": following.isoformat()}


def _month_start(word: str, today: date) -> date:
    """The 1st of the most recent month called `word` (this month included)."""
    word = word.rstrip(".")
    month = MONTHS.get(word) or next(i for n, i in MONTHS.items() if n.startswith(word[:3]))
    return date(today.year if month <= today.month else today.year - 1, month, 1)


def _date(said: str, today: date) -> str:
    said = said.strip().rstrip(".,")
    if " ".join(said.split()) in _HOLIDAYS:
        return _holiday(_HOLIDAYS[" ".join(said.split())], today).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", said):
        return said
    if m := re.fullmatch(rf"{_NUM}\s+(days?|weeks?)\s+ago", said) or re.fullmatch(r"(\d+)\s*(d)(?:ays?)?\s+ago", said):
        return f"{number(m.group(1)) * (7 if m.group(2).startswith('w') else 1)}d"
    words = re.findall(r"[a-z]+|\d+", said)
    month = next(m for w in words if w.isalpha() and (m := MONTHS.get(w) or next(
        (i for n, i in MONTHS.items() if n.startswith(w) and len(w) >= 3), 0)))  # "1st of november": not "st"
    numbers = [int(w) for w in words if w.isdigit()]
    day, year = numbers[0], numbers[1] if len(numbers) > 1 else None
    if year is None:  # "since March 1" means the most recent March 1st, not one in the future
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return date(year, month, min(day, monthrange(year, month)[1])).isoformat()


# --- versions --------------------------------------------------------------------------------------------
PRODUCTION_WORDS = re.compile(
    r"\b(production|prod|the\s+champion|champion|what'?s\s+live|what\s+is\s+live|the\s+live\s+(?:one|version|model)"
    r"|live\s+version|the\s+current\s+(?:one|version|model)|current\s+production|in\s+production)\b")
# The record of a change, said as a noun after "latest" / "newest": "the latest deploy", "newest retrain" (no version)
CHANGE_NOUNS = (r"(?:deploy\w*|rollback\w*|roll\s*backs?|re-?train\w*|training\w*|promotion\w*|releases?|ship\w*"
                r"|revert\w*|tun(?:e|es|ing)\b|snooze\w*|unlock\w*|change\w*|run\b|runs\b|approv\w*)")
CHALLENGER_WORDS = re.compile(
    r"\b(challengers?|the\s+candidates?|the\s+new\s+(?:one|version|model)|new\s+version"
    r"|(?:latest|newest)(?:\s+(?:one|version))?(?!\s+(?:\w+\s+)?" + CHANGE_NOUNS + r")|the\s+fresh\s+one"
    # "the new wine model", "wine's newer version": the words before the model's name, so the name stays readable
    r"|(?:the|'s)\s+new(?:er|est)?(?=\s+(?:[a-z][\w-]*\s+){0,3}?(?:one|model|version|classifier|regressor)\b))\b")
IT_WORDS = re.compile(r"\b(it|that(?:\s+(?:one|version))?|this\s+(?:one|version)|the\s+one\s+(?:you\s+)?just\s+trained"
                      r"|the\s+one\s+you\s+trained|what\s+you\s+(?:just\s+)?trained|the\s+(?:re-?trained|tuned)\s+(?:one|version|model)"
                      r"|the\s+(?:new|fresh)ly\s+trained\s+(?:one|version|model))\b")
PREVIOUS_WORDS = re.compile(r"\b(the\s+previous\s+(?:one|version)|previous\s+version|the\s+one\s+before|previous)\b")
_VERSION = re.compile(r"(?:\b(?:v(?:\.\s?)?|version\s*|number\s+)|#)(\d{1,6})\b")  # "v5", "v.5", "version 5"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
# "the third version", "the 4th one", "wine's 5th release", "version seven"
_WORD_VERSION = re.compile(r"\b(?:(?:the\s+)?(?:(" + "|".join(_ORDINALS) + r")|(\d{1,4})(?:st|nd|rd|th))\s+(?:version|one"
                           r"|release|iteration|model\s+version)|version\s+(?:number\s+|no\.?\s*)?("
                           + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "couple", "couple of", "few"))
                           + r"))\b")
# "promote wine 6." ends a sentence; "0.5" is no version, nor a span told beside the request ("meeting in 2 min")
_BARE = re.compile(r"(?<![\w.=-])(\d{1,4})(?![\w=%-]|\.\d|\s*(?:min|mins|minutes?|secs?|seconds?|hrs?|hours?)\b)")


def versions(text: str) -> list[Found]:
    """Every version reference in order: a number as text, or production / challenger / it / previous (what the
    thread's move replaced, when it showed one) / moved (where the thread's move put production)."""
    found: list[Found] = [Found(m.start(), m.end(), str(_ORDINALS[m.group(1)] if m.group(1) else int(m.group(2)) if m.group(
        2) else number(m.group(3)))) for m in _WORD_VERSION.finditer(text)]
    found += [Found(*s) for s in lifecycle.versions_of_a_move(text) if not any(f.start < s[1] and s[0] < f.end for f in found)]
    for pattern, value in ((_VERSION, None), (PRODUCTION_WORDS, "production"), (CHALLENGER_WORDS, "challenger"),
                           (PREVIOUS_WORDS, "previous"), (IT_WORDS, "it")):
        for m in pattern.finditer(text):
            if not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(Found(m.start(), m.end(), value or m.group(1)))
    return sorted(found, key=lambda f: f.start)


def bare_numbers(text: str) -> list[Found]:
    """Plain integers left after windows and params were blanked: "deploy cancer 3"."""
    return [Found(m.start(), m.end(), m.group(1)) for m in _BARE.finditer(text)]


# --- parameter overrides ---------------------------------------------------------------------------------
PARAM_ALIASES = {"trees": "n_estimators", "estimators": "n_estimators", "n estimators": "n_estimators",
                 "max depth": "max_depth", "maximum depth": "max_depth", "depth": "max_depth", "tree depth": "max_depth",
                 "learning rate": "learning_rate", "lr": "learning_rate", "c": "C", "regularization": "C",
                 "alpha": "alpha", "iterations": "max_iter", "max iter": "max_iter", "max iterations": "max_iter",
                 "min samples leaf": "min_samples_leaf", "leaf size": "min_samples_leaf",
                 "max features": "max_features", "min samples split": "min_samples_split", "subsample": "subsample",
                 "gamma": "gamma", "l1 ratio": "l1_ratio", "max leaf nodes": "max_leaf_nodes"}
_ALIAS = "|".join(sorted((re.escape(a).replace(r"\ ", r"[\s_-]+") for a in PARAM_ALIASES), key=len, reverse=True))
_VALUE = r"(\d+(?:\.\d+)?|\.\d+)"
_KEY_VALUE = re.compile(r"\b([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s,;]+)")
_NUMBER_FIRST = re.compile(rf"\b{_VALUE}\s+(trees|estimators)\b")
_NAME_FIRST = re.compile(rf"\b(?:a\s+|an\s+)?({_ALIAS})(?:\s+(?:of|to|at|as|set\s+to))?\s*(?:=\s*)?{_VALUE}(?![\w.])")
# "a max_depth of six", "depth set to eight": a value said as a word, after a joining word (never "depth two models")
_NAME_FIRST_WORD = re.compile(rf"\b(?:a\s+|an\s+)?({_ALIAS})\s+(?:of|to|at|set\s+to)\s+((?!(?:an?|few|couple)\b)(?:{_NUM[1:-1]}))\b")
WINDOW_KEYS = ("last", "since", "until")


def params(text: str, original: str) -> list[Found]:
    """Estimator overrides: "with 500 trees", "max depth 8", "C=0.5" (key=value keeps the case it was typed in)."""
    found: list[Found] = []
    for m in _KEY_VALUE.finditer(original):
        key = m.group(1).replace("-", "_")
        if key.lower() not in WINDOW_KEYS:
            key = PARAM_ALIASES.get(key.lower(), key)
            found.append(Found(m.start(), m.end(), (key, literal(m.group(2).strip("\"'")))))
    for pattern, key_group, value_group in ((_NAME_FIRST, 1, 2), (_NUMBER_FIRST, 2, 1), (_NAME_FIRST_WORD, 1, 2)):
        for m in pattern.finditer(text):  # "depth 12 trees 250"
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            key, value = PARAM_ALIASES[re.sub(r"[\s_-]+", " ", m.group(key_group))], m.group(value_group)
            found.append(Found(m.start(), m.end(), (key, number(value) if value.isalpha() else literal(value))))
    return sorted(found, key=lambda f: f.start)


def blank(text: str, spans: list[Found]) -> str:
    """`text` with the spans replaced by spaces: positions stay valid for what is found afterwards."""
    chars = list(text)
    for span in spans:
        chars[span.start:span.end] = " " * (span.end - span.start)
    return "".join(chars)


# --- instants ("what was in production last Tuesday at noon?") -------------------------------------------
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_CLOCK = r"(noon|midday|midnight|(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|(\d{1,2}):(\d{2})(?:\s*utc)?)"
_ISO_INSTANT = re.compile(r"\b(\d{4}-\d{2}-\d{2})[t\s](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:z|utc|\+00:?00)?(?![\w:])")
_DAY_WORD = (rf"(yesterday|today|(?:last|on|this\s+past)\s+({'|'.join(WEEKDAYS)})"
             rf"|(?:on\s+)?({_DATE}))")
_AT_DAY = re.compile(rf"\b(?:at\s+{_CLOCK}(?:\s+(?:utc|gmt)\b)?\s+(?:on\s+)?{_DAY_WORD}|{_DAY_WORD}\s+at\s+{_CLOCK})")
_DAY_ONLY = re.compile(rf"\b(?:on\s+({'|'.join(WEEKDAYS)})|(?:last|this\s+past)\s+({'|'.join(WEEKDAYS)})|on\s+({_DATE}))\b")


def instant(text: str, today: date) -> Found | None:
    """A past moment the request asks about, as an ISO instant in UTC (the tools' zone), with its span: "last
    Tuesday at noon", "yesterday at 3pm", "at 14:00 on 2026-12-01", "2026-12-01T12:00Z". A day without a clock
    time means the end of that day (what held when it closed); a weekday means its most recent one before today."""
    if m := _ISO_INSTANT.search(text):
        return Found(m.start(), m.end(), f"{m.group(1)}T{int(m.group(2)):02d}:{m.group(3)}:{m.group(4) or '00'}Z")
    if m := _AT_DAY.search(text):
        words = m.group(0)
        clock = re.search(_CLOCK, words)
        day_text = words.replace(clock.group(0), " ", 1) if clock else words
        day = _day(re.sub(r"\b(at|on|utc|gmt)\b", " ", day_text).strip(), today)  # "at noon UTC on Dec 1st"
        if day is not None and clock is not None and (hm := _clock(clock)) is not None:
            return Found(m.start(), m.end(), f"{day.isoformat()}T{hm[0]:02d}:{hm[1]:02d}:00Z")
    if m := _DAY_ONLY.search(text):
        day = _day(re.sub(r"^(on|last|this\s+past)\s+", "", m.group(0)), today)
        if day is not None:
            return Found(m.start(), m.end(), f"{day.isoformat()}T23:59:59Z")
    return None


def _day(said: str, today: date) -> date | None:
    said = " ".join(said.split())
    if said == "yesterday":
        return today - timedelta(days=1)
    if said == "today":
        return today
    for prefix in ("last ", "this past ", ""):
        if said.startswith(prefix) and said[len(prefix):] in WEEKDAYS:
            back = (today.weekday() - WEEKDAYS[said[len(prefix):]]) % 7 or 7
            return today - timedelta(days=back)
    try:
        found = _date(said, today)
    except (StopIteration, IndexError, ValueError):
        return None
    return date.fromisoformat(found) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", found) else None


def _clock(m: re.Match[str]) -> tuple[int, int] | None:
    word = m.group(1)
    if word in ("noon", "midday"):
        return 12, 0
    if word == "midnight":
        return 0, 0
    if m.group(2):  # 3pm, 11:30 am
        hour, minute, half = int(m.group(2)), int(m.group(3) or 0), m.group(4)[0]
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return (hour % 12 + (12 if half == "p" else 0), minute)
    hour, minute = int(m.group(5)), int(m.group(6))
    return (hour, minute) if hour < 24 and minute < 60 else None


# Windows said without the words above: "90 to 30 days ago" or "back" (no "between"), and a month named alone
# ("November batch", "prod vs challenger, November"): not "may" (a verb), "march" nor a date ("november 3")
_N_TO_M_DAYS_AGO = re.compile(r"\b(\d+)\s+(?:days?\s+)?(?:to|until|till|-)\s+(\d+)\s+days?\s+(?:ago|back)\b")
_LONE_MONTH = re.compile(r"(?<!\d)(?<!\d\s)\b(january|february|april|june|july|august|september|october|november"
                         r"|december|sept|oct|nov|dec)\b(?!\s*\d)")


# A span said bare at the end of a terse request ("drift wine 3 weeks", "eval cancer 10 days?"): the last that long;
# beside a search over settings ("tune cancer 2 hours") it is the search's budget, no window
_SEARCH = re.compile(r"\b(?:tun\w*|hpo|sweep\w*|trials?|search\w*|budget|optimi[sz]\w*)\b")
_BARE_SPAN = re.compile(rf"(?<![\w.#-]){_NUM}\s+{_SPAN_UNITS}(?=\s*(?:[?.!]+\s*)?(?:please|pls)?\W*$)")


def _other_window(text: str, today: date) -> Found | None:
    """A window the words above miss, as its `Found` (tool arguments with their span), or None."""
    if m := _N_TO_M_DAYS_AGO.search(text):
        if int(m.group(1)) > int(m.group(2)):
            return Found(m.start(), m.end(), {"since": f"{m.group(1)}d", "until": f"{m.group(2)}d"})
    if (m := _BARE_SPAN.search(text)) and m.group(1) not in ("a", "an") and not _SEARCH.search(text):
        unit = _unit(m.group(2))
        value = f"{number(m.group(1))}h" if unit == "hour" else f"{number(m.group(1)) * _UNIT_DAYS[unit]}d"
        return Found(m.start(), m.end(), {"last": value})
    if m := _LONE_MONTH.search(text):
        return Found(m.start(), m.end(), month_window(m.group(1), today))
    return None


# Windows said as a range of two ISO dates without "between" ("the 2026-10-01 to 2026-11-01 slice", "2026-11-01..
# 2026-11-30"), as half a year (6 months), or since a day of this month ("since the 20th": the most recent 20th)
_ISO_RANGE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\s*(?:to|until|till|through|thru|\.\.\.?|-)\s*(\d{4}-\d{2}-\d{2})\b")
_HALF_YEAR = re.compile(r"\b(?:(?:over|across|for|in|during|from|on)\s+)?(?:the\s+)?(?:(?:last|past|previous)\s+)?(?:half\s+a"
                        r"|half[-\s]?)\s*year(?:'s)?\b")
_SINCE_DAY = re.compile(rf"\b(?:since|from|after|starting)\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{_MONTH})")
_UNITS = {"hr": "hour", "wk": "week", "yr": "year", "mo": "month", "mth": "month"}


def _unit(word: str) -> str:
    """A window's unit as written ("hrs", "wks", "months"), as its name in `_UNIT_DAYS` (or "hour")."""
    word = word.rstrip("s")
    return _UNITS.get(word, word)


def _day_of_month(day: int, today: date) -> date:
    """The most recent day `day` of a month, today included ("since the 20th" on Dec 5 is Nov 20)."""
    if day <= today.day:
        return today.replace(day=day)
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return date(year, month, min(day, monthrange(year, month)[1]))


# Days named for the shopping weekend, by their offset from Thanksgiving (the 4th Thursday of November)
_HOLIDAYS = {"thanksgiving": 0, "black friday": 1, "cyber monday": 4}


def _holiday(offset: int, today: date) -> date:
    """The most recent day `offset` days after Thanksgiving, on or before today."""
    for year in (today.year, today.year - 1):
        first = date(year, 11, 1)
        thanksgiving = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        if (day := thanksgiving + timedelta(days=offset)) <= today:
            return day
    return day
