"""The records a thread showed, as later turns point at them: the one incident an alerts listing or an incident
view showed (its number and its model: "that one was legit", "run a check on it now"), the one approval a status
showed pending ("what's going on with that approval?"), the one job it showed running ("cancel that tune") and the
one monitor of a listing that a switch points at ("turn that one back on"); what waits for approval on a model,
which its status lists; and the incidents of a listing pointed at by their place or by what the listing said of them
("more on the second", "the oldest one", "the resolved one", "the wine one was junk", "the other two"), which reads
and ratings alike take from here."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Listed, Memory
from tools.agent.understanding.slots import NOISE, USEFUL

# What waits for approval, asked of a model ("any deploys waiting on approval for wine?"): its status lists them
_AWAITING = re.compile(r"\b(?:waiting|wait|awaiting|queued|held)\s+(?:on|for)?\s*(?:an?\s+|the\s+|its\s+)?(?:sign-?off|approv\w*)"
                       r"|\bawaiting\s+(?:sign-?off|approv\w*)|\b(?:unapproved|not\s+(?:yet\s+)?approved)\b"
                       # "has wine's deploy been approved yet?", "a rollback still waiting for someone to approve?"
                       r"|\b(?:signed\s+off|approved)\s+yet\b|\b(?:waiting|awaiting|queued|held)\s+(?:on|for)\s+(?:someone"
                       r"|somebody|anyone|anybody|a\s+reviewer|an\s+approver|an\s+admin)\s+to\s+(?:approve|sign)")
# Right after a change that waits for approval, asking whether it is still waiting ("any news on it?", "any word on
# that yet?") is asking about that approval
_WAITING = re.compile(r"\b(pending|waiting|go(?:ne)?\s+through|signed\s+off|decided|through\s+yet|stuck|held\s+up"
                      r"|any\s+(?:news|updates?|word|progress|movement)|heard\s+(?:anything|back)"
                      r"|what'?s\s+the\s+(?:news|word|latest))\b")


def shown_incident(call: dict[str, Any] | None, result: dict[str, Any]) -> tuple[int | None, str | None]:
    """The incident a tool result showed alone, and its model: from a listing of one, an incident's own view (its
    result, or the number it was asked for), or a rating of it."""
    listed = [i for i in result.get("incidents") or result.get("open_incidents") or [] if isinstance(i, dict)]
    if isinstance(result.get("incident"), dict):
        listed = [result["incident"]]
    elif isinstance(result.get("incident"), int):  # a check that opened one: "show me the incident"
        listed = [{"id": result["incident"], "model": result.get("model")}]
    elif call is not None and call.get("name") in ("incident", "rate_alert"):
        listed = [{**result, "id": (call.get("args") or {}).get("incident", result.get("id"))}]
    if len(listed) != 1 or not isinstance(listed[0].get("id"), int):
        return None, None
    model = listed[0].get("model")
    return listed[0]["id"], model if isinstance(model, str) else None


# An alert the bot posted to the thread, not the answer to a call: "🔴 Incident #22 — wine: f1_macro dropped …", its
# emoji also as Slack writes it in text (":warning: Incident #70 — wine: …")
_POSTED = re.compile(r"^(?:[^\w#]|:[a-z0-9_+-]+:)*incident\s+#\s*(\d{1,6})\b(?:\s*[\u2014\u2013:-]+\s*(\w+))?", re.IGNORECASE)


def posted_incident(text: str) -> tuple[int, str] | None:
    """The incident an alert posted to the thread opens with, and the word after it (its model, as posted): "was this
    one resolved?" or "snooze it 1h" after it is about that incident and its model."""
    m = _POSTED.match(text)
    return (int(m.group(1)), (m.group(2) or "").lower()) if m else None


def listed_incidents(result: dict[str, Any]) -> tuple[int, ...]:
    """The numbers of the incidents a listing showed: "show 51" or "50 was noise" in the next turn."""
    return tuple(row.incident for row in listed_rows(result))


def listed_rows(result: dict[str, Any]) -> tuple[Listed, ...]:
    """The incidents a listing showed, in its order, each with what its row said: "the wine one was junk",
    "rate the resolved one useful" in the next turn."""
    rows = [i for i in result.get("incidents") or result.get("open_incidents") or [] if isinstance(i, dict)
            and isinstance(i.get("id"), int)]
    return tuple(Listed(i["id"], tuple(w for key in ("model", "kind", "severity", "status") if isinstance(i.get(key), str)
                                       for w in re.split(r"[\s_-]+", i[key].lower()) if w), str(i.get("opened_at") or ""),
                        tuple(w for w in re.split(r"[^\w:]+", str(i.get("summary") or "").lower()) if w),
                        i["model"] if isinstance(i.get("model"), str) else "")
                 for i in rows)


# What an answer says of where a listed incident stands: "#57 high drift (open, prod v8), #40 … (resolved, …)"
_STATES = {"open", "resolved", "closed", "acknowledged", "acked", "snoozed", "muted", "unacknowledged"}


def told_rows(rows: tuple[Listed, ...], answer: str) -> tuple[Listed, ...]:
    """The rows of a listing with where each stands as the answer told it, when its result did not say ("the open
    one", "the one that got resolved" point by what the person read): the words after each "#n" up to the next."""
    said = {int(m.group(1)): m.group(2) for m in re.finditer(r"#\s*(\d{1,6})\b([^#]*)", answer.lower())}
    return tuple(replace(r, words=(*r.words, *(w for w in re.findall(r"[a-z]+", said.get(r.incident, ""))
                                                if w in _STATES and w not in r.words))) for r in rows)


# An incident an answer names ("Yes: incident #36 (diabetes, drift) was resolved", "wine has 1 open incident (#58)")
_NAMED = re.compile(r"#\s*(\d{1,6})(?![\w%]|\.\d)")
_OF_INCIDENTS = re.compile(r"\b(?:incidents?|alerts?|pages?|alarms?)\b", re.IGNORECASE)


def answered_incident(answer: str) -> int | None:
    """The one incident an answer speaks of by its "#n" ("postmortem pls", "show that one" after it); None when it
    names several, or none, or no incident at all."""
    named = {int(n) for n in _NAMED.findall(answer)}
    return named.pop() if len(named) == 1 and _OF_INCIDENTS.search(answer) else None


def listed_monitors(result: dict[str, Any]) -> tuple[tuple[str, bool], ...]:
    """The monitors a listing showed, each with whether it runs."""
    return tuple((m["model"], m.get("enabled") is not False) for m in result.get("monitors") or []
                 if isinstance(m, dict) and isinstance(m.get("model"), str))


def open_on(result: dict[str, Any]) -> tuple[str, ...]:
    """The models a monitors listing showed open incidents on, in the listing's order."""
    counts = result.get("open_incidents")
    return tuple(m for m, n in counts.items() if isinstance(n, int) and n > 0) if isinstance(counts, dict) else ()


# "turn that one back on", "switch it off", "restart the stopped one": one monitor of the listing, pointed at
_POINTED = re.compile(r"\b(?:it|that|this|(?:the|that|this)\s+(?:\w+\s+)?(?:one|monitor))\b")


def monitor_pointed_at(said: str, listed: tuple[tuple[str, bool], ...], state: str | None) -> str | None:
    """The listed monitor a switch points at with a pronoun: of those not yet in the state asked, the only one ("turn
    that one back on" after a listing with one stopped monitor); None when there are several, or no switch."""
    if state is None or not _POINTED.search(said):
        return None
    switchable = [model for model, running in listed if running != (state == "on")]
    return switchable[0] if len(switchable) == 1 else None


def listed_number(said: str, listed: tuple[int, ...]) -> re.Match[str] | None:
    """A bare number (or "#n") in `said` that is one of the incidents the thread listed."""
    return next((m for m in _BARE.finditer(said) if int(m.group(1)) in listed), None)


_BARE = re.compile(r"(?<![\w.])#?(\d{1,6})(?![\w%]|\.\d)")


# "the alert you just listed", "that incident you showed me": the one record the thread's last answer showed
_SHOWN = re.compile(r"\b(?:the|that|this)\s+(?:alerts?|incidents?|pages?|alarms?)\s+(?:that\s+)?(?:you|we)\s+(?:just\s+)?"
                    r"(?:listed|showed|shown|found|pulled\s+up|mentioned|posted)\b")


def shown_by_the_thread(said: str) -> bool:
    """Whether `said` points at the record the thread just showed ("what was the timeline of the alert you just
    listed?"): that incident, whatever is asked of it."""
    return bool(_SHOWN.search(said))


def pending_approval(result: dict[str, Any]) -> str | None:
    """The approval a status showed as the only one pending: "that approval" in the next turn."""
    pending = [p for p in result.get("pending") or [] if isinstance(p, dict) and isinstance(p.get("approval_id"), str)]
    return pending[0]["approval_id"] if len(pending) == 1 else None


def running_job(result: dict[str, Any]) -> str | None:
    """The job a status showed as the only one running: "cancel that tune" in the next turn."""
    jobs = [j for j in result.get("jobs") or [] if isinstance(j, dict) and isinstance(j.get("job"), str)
            and j.get("status", "running") == "running"]
    return jobs[0]["job"] if len(jobs) == 1 else None


def still_waiting(text: str) -> bool:
    """"is it still pending?", "has it gone through?": about the approval the thread's last change waits for."""
    return bool(_WAITING.search(text))


# Approvals beside the thread's own, asked: "any other pending approvals on cancer?", "what else is waiting for
# approval?", "are there more approvals open for wine?" (the thread's own is "the approval", "it")
_OTHER_APPROVALS = re.compile(r"\b(?<!one\s)(?<!body\s)(?:other|others|else|more|another|further|additional|remaining|besides"
                              r"|apart\s+from|except)\b[^?.!;]*\bapprovals?\b"
                              r"|\bapprovals?\b[^?.!;]*\b(?:besides|apart\s+from|other\s+than|except)\b|\bapprovals\b"
                              # "is anything else pending on wine besides that one?": what waits, said without "approval"
                              r"|\b(?:anything|something|what)\s+else\s+(?:\S+\s+){0,2}?(?:pending|waiting|awaiting|queued)\b"
                              r"|\b(?:pending|waiting|awaiting)\b[^?.!;]*\b(?:besides|apart\s+from|other\s+than|except)\b")


def other_approvals(text: str) -> bool:
    """Whether `text` asks about approvals beside the one the thread waits for: a status lists them all."""
    return bool(_OTHER_APPROVALS.search(text))


def awaiting_approval(core: str) -> bool:
    """"any deploys waiting on approval for diabetes?", "what's awaiting sign-off on wine": the pending approvals
    a model's status lists (an approval named by its id, or the thread's own, is asked about as that approval).
    "how do I check if it was approved yet?" asks how to look an approval up: help, no status."""
    return bool(_AWAITING.search(core)) and not _HOW_TO.search(core)


_HOW_TO = re.compile(r"\bhow\s+(?:do|can|could|would|should)\s+(?:i|we|you)\b|\bhow\s+to\b")


_THING = r"(?:ones?|alerts?|incidents?|pages?|alarms?)"
COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
_PLACES = {"first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
           "fifth": 4, "5th": 4, "last": -1, "bottom": -1, "final": -1}
# A place in another order than the listing's: when each opened, or how severe each is (worst first)
_BY_TIME = {"latest": True, "newest": True, "newer": True, "most recent": True, "oldest": False, "earliest": False,
            "older": False}
_BY_SEVERITY = {"worst": True, "most severe": True, "highest": True, "lowest": False, "mildest": False,
                "least severe": False}
_RANKS = ("low", "medium", "high", "critical")
# What points at incidents of a listing: "all three", "both of those", "they were all", "the first one", "the last two", "the other two", "the rest",
# "the newest one", "the worst one", "the wine one", "the high-severity alert", "the resolved ones", "the one on
# cancer", "the one still open", and a description alone where what is said ends ("show me the metric drop")
POINTER = re.compile(
    rf"\b(?:all\s+(?P<all>two|three|four|five|\d)(?:\s+{_THING})?(?:\s+of\s+(?:them|those|these))?"
    r"|(?:the\s+)?(?P<place>first|1st|top|second|2nd|third|3rd|fourth|4th|fifth|5th|last|bottom|final|middle|latest"
    r"|newest|newer|oldest|earliest|older|most\s+recent|worst|most\s+severe|least\s+severe|mildest"
    r"|highest|lowest)(?:[\s-]+(?:severity|sev|priority))?"
    rf"(?:\s+(?P<count>two|three|four|\d))?(?:\s+{_THING})?"
    rf"|(?:the\s+)?(?P<other>others|other|remaining|rest)(?:\s+(?P<left>one|two|three|four|\d))?(?:\s+{_THING})?"
    rf"(?:\s+of\s+(?:them|those|these))?"
    rf"|(?P<every>(?:both|all)(?:\s+of)?\s+(?:them|those|these|(?:the\s+)?{_THING})|(?:them|those|these)\s+(?:both|all)"
    rf"|(?:they|those|these)\s+(?:were|are)\s+(?:both|all)|both|the\s+(?:two|three|four|five|\d)(?:\s+of\s+(?:them"
    rf"|those|these)|\s+{_THING})?)"
    rf"|(?:the|that|this|those|these)\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}?)\s+(?P<thing>{_THING})"
    r"|the\s+one\s+(?:(?:that|which)(?:'s|\s+is|\s+was|\s+got|\s+has\s+been)?|on|for|about|from|with|still|where"
    r"|regarding|re)\s+(?:still\s+)?(?P<about>[a-z][\w-]*)"
    r"|the\s+(?P<bare>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})(?=\s*(?:[?.!,;:)]|$)))\b")
# Where what is said of one incident ends: a place said alone ("more on the second") picks only there, or before "in
# the list" ("the last in the list"): "the first version" is no incident
_SAID_ENDS = re.compile(r"\s*(?:[?.!,;:)]|$)|\s+(?:(?:in|on|from|of)\s+(?:the|that|this|your)\s+list|listed|there"
                        r"|you\s+(?:listed|showed|mentioned)|please|pls|plz|thanks|thx)\b")  # "oldest one pls"
# The words a person says of an incident for what its row shows ("the closed one" is the resolved one)
_SAME = {"closed": "resolved", "fixed": "resolved", "cleared": "resolved", "active": "open", "ongoing": "open",
         "unresolved": "open", "drifting": "drift", "drifted": "drift", "dropped": "drop", "degraded": "drop",
         "degradation": "drop", "failing": "failed", "failure": "failed", "fail": "failed", "checks": "check",
         "major": "high", "minor": "low", "moderate": "medium", "med": "medium", "mid": "medium", "sev": "",
         "severity": "", "priority": "", "level": "", "one": ""}


def named(m: re.Match[str], memory: Memory, mentions: list[Any]) -> list[int]:
    """The incidents of the thread's listing that one pointer (not "the other…") names, in the listing's order: none
    when it does not tell them ("the wine one" with two on wine)."""
    listed = list(memory.listed)
    if m.group("all"):
        return listed if COUNTS.get(m.group("all"), number(m.group("all"))) == len(listed) else []
    if every := m.group("every"):  # "both of those", "all of them", "they were all": each, if the count fits
        counted = [COUNTS.get(w, number(w)) for w in every.split() if w in COUNTS or w.isdigit()]
        return listed if not counted or counted[0] == len(listed) else []
    if place := m.group("place"):
        return _placed(" ".join(place.split()), m.group("count"), memory)
    what = next(group for group in ("what", "about", "bare") if m.group(group))
    rows = [r for r in memory.rows if _described(r, m.start(what), m.group(what), mentions)]
    if not rows and m.group("about"):  # "the one about the check that keeps failing": what its summary said
        rows = [r for r in memory.rows if _summarised(r, description(m))]
    return [r.incident for r in rows] if rows and ((m.group("thing") or "").endswith("s") or len(rows) == 1) else []


# Where a description of one incident ends: at a stop, or where the next step starts ("…, and rate it noise")
_DESCRIPTION_END = re.compile(r"\s*(?:[?!.,;:(]|$)|\s+(?:and|then|but|so|plus)\s")
# Words that tell nothing of which incident: articles, linking verbs, "keeps", "still", "again"
_UNTELLING = {"the", "a", "an", "that", "which", "who", "is", "was", "were", "are", "be", "been", "has", "have", "had",
              "keeps", "keep", "kept", "still", "again", "always", "about", "with", "on", "for", "of", "in", "at", "to",
              "one", "it", "its", "this", "where", "regarding", "re", "since", "from", "some", "got", "getting", "going",
              "thing", "stuff", "alert", "incident", "page", "alarm", "me", "we", "you", "said", "says", "saying"}


def said_end(m: re.Match[str], memory: Memory, mentions: list[Any]) -> int:
    """Where what a pointer says of an incident ends: after its description when that is what picks it ("the one about
    the check that keeps failing| was noise"), else where the pointer ends."""
    if m.group("about") and not any(_described(r, m.start("about"), m.group("about"), mentions) for r in memory.rows):
        return m.start("about") + len(description(m))
    return m.end()


def description(m: re.Match[str]) -> str:
    """What "the one about …" says of an incident, to the end of the phrase or to the verdict given it ("… was noise")."""
    start = m.start("about")
    said = m.string[start:_DESCRIPTION_END.search(m.string, start).start()]
    verdict = [v.start() for v in (NOISE.search(said), USEFUL.search(said)) if v]
    return re.sub(r"\s+(?:(?:was|were|is|are|just|a|an|pure|really|clearly|totally)\s+)*$", "", said[:min(verdict)]) \
        if verdict else said


def _summarised(row: Listed, said: str) -> bool:
    """Whether every telling word of a description ("the check that keeps failing") is one its row or its summary
    said ("scheduled check failing since 03:10"), "failing" and "failed" alike."""
    told = {_SAME.get(w, w) for w in row.words + row.summary}
    told |= {w[:-1] for w in told if w.endswith("s")}
    words = [_SAME.get(w, w) for w in re.findall(r"[\w:]+", said) if w not in _UNTELLING]
    words = [w for w in words if w]
    return bool(words) and all(w in told or w.rstrip("s") in told for w in words)


def picked(body: str, start: int, end: int, memory: Memory, mentions: list[Any]) -> Found | None:
    """The one incident of the thread's listing of several that what is said from `start` to `end` picks by its place
    or by what the listing said of it ("more on the second", "what happened in the oldest one", "postmortem of the
    resolved one"), where it is said and its number; None when the words pick none, or more than one."""
    if len(memory.rows) < 2:
        return None
    for m in POINTER.finditer(body, start, end):
        left = [n for n in memory.listed if n != shown_of_listing(memory)]
        if m.group("other") and len(left) == 1 < len(memory.listed) and m.group("left") in (None, "one", "1") and not (
                m.group("thing") or "").endswith("s"):
            return Found(m.start(), m.end(), left[0])  # "and the other one?" after one of a listing of two was shown
        if m.group("all") or m.group("every") or m.group("other") or m.group("count") or m.group("place") and not m.group("thing") and not (
                _SAID_ENDS.match(body, m.end(), end)):
            continue  # several, or a place said of something else ("the first version")
        if (m.group("thing") or "").endswith("s") and not m.group("place"):
            continue  # "the wine alerts": wine's alerts, listed ("alert" comes read as "alerts", the cue word)
        if len(ids := named(m, memory, mentions)) == 1:
            return Found(m.start(), said_end(m, memory, mentions), ids[0])
    return None


_ANEW = re.compile(rf"all\s+(?:of\s+)?(?:the\s+)?{_THING}$")  # "show all the alerts": listed again, not each shown


def several_picked(body: str, start: int, end: int, memory: Memory, mentions: list[Any]) -> list[Found]:
    """The incidents of the thread's listing that what is said from `start` to `end` picks together ("show both", "the
    first two", "all three of them", "the other two"), one Found each in the listing's order; none when the words
    pick one, cannot tell which, or ask for every incident anew ("all the alerts")."""
    if len(memory.rows) < 2:
        return []
    for m in POINTER.finditer(body, start, end):
        if m.group("other"):
            left, said = [n for n in memory.listed if n != shown_of_listing(memory)], m.group("left")
            ids = left if shown_of_listing(memory) and (COUNTS.get(said, number(said)) if said else len(left)) == len(
                left) else []
        elif m.group("all") or m.group("count") or m.group("every") and not _ANEW.match(m.group("every")) or (
                m.group("what") and m.group("thing") == "ones"):  # "the drift ones"; "the wine alerts" are listed anew
            ids = named(m, memory, mentions)
        else:
            continue
        if len(ids) > 1:
            return [Found(m.start(), m.end(), n) for n in ids]
    return []


def shown_of_listing(memory: Memory) -> int | None:
    """The incident of the thread's listing its last call showed or rated alone: "the other one" is another."""
    last = memory.last[1].get("incident") if memory.last and memory.last[0] in ("incident", "rate_alert") else None
    return last if last in memory.listed else None


def _placed(place: str, count: str | None, memory: Memory) -> list[int]:
    """"the first one", "the last two", "the middle one", "the newest one", "the worst one": by the listing's order,
    by when each opened (by its number, when the listing showed no times), or by how severe each is (none when two
    tie for it)."""
    listed, many = list(memory.listed), COUNTS.get(count or "one", number(count or "1"))
    if place in _BY_TIME or place in _BY_SEVERITY:
        if len(memory.rows) != len(listed):
            return []
        keys = {r.incident: r.opened_at if place in _BY_TIME else next((_RANKS.index(w) for w in r.words if w in _RANKS),
                                                                       None) for r in memory.rows}
        if place in _BY_TIME and not any(keys.values()):  # no time shown: incidents are numbered as they open
            keys = {n: f"{n:012d}" for n in listed}
        if any(k in (None, "") for k in keys.values()):
            return []
        listed = sorted(listed, key=lambda n: keys[n], reverse=_BY_TIME.get(place, _BY_SEVERITY.get(place, False)))
        if len(listed) > many and keys[listed[many - 1]] == keys[listed[many]]:
            return []  # "the worst one" of two high ones
        place = "first"
    if place == "middle":
        return [listed[len(listed) // 2]] if len(listed) % 2 and many == 1 else []
    if many > len(listed) or place not in _PLACES or _PLACES[place] >= len(listed):
        return []
    return listed[-many:] if _PLACES[place] < 0 else listed[_PLACES[place]:_PLACES[place] + many]


def _described(row: Listed, start: int, what: str, mentions: list[Any]) -> bool:
    """Whether what a person calls an incident ("wine", "resolved", "high-severity", "the regression") fits what the
    listing's row said of it; a model may be named by its description ("the regression one")."""
    models = [h for h in mentions if start <= h.start < start + len(what)]
    rest = list(what)
    for h in models:
        rest[h.start - start:h.end - start] = " " * (h.end - h.start)
    words = [_SAME.get(w, w) for w in re.split(r"[\s-]+", "".join(rest)) if w]
    words = [w for w in words if w]
    if not words and not models:
        return False
    told = {_SAME.get(w, w) for w in row.words} | set(row.words)  # "the degradation one": a row that said "degradation"
    return all(h.canon in row.words for h in models) and all(w in told for w in words)


def number(said: str) -> int:
    """A count said in digits ("all 3"), or -1."""
    return int(said) if said.isdigit() else -1
