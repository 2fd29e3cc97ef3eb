"""Reads said with other words around them: what a person did or saw said as background, an explanation of the
question just asked ("i.e. …"), a monitor's behaviour asked about, a gate asked about as "would it get deployed",
a link to the run asked for.

People wrap a read in context: "I just pushed new data for cancer, run the check now", "manual check on wine, the
alert looked off", "what's the severity policy, i.e. how big a drop pages someone?". The context is no request of
its own; these are the words that tell it, kept apart from the shared cue lists.
"""

from __future__ import annotations

import re
from typing import Any

# What the person just did, told as news ("I just pushed new training data for cancer", "we've uploaded fresh rows")
_DONE_BY_US = re.compile(r"^\W*(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|finally\s+)?(?:pushed|uploaded|added"
                         r"|merged|landed|loaded|dropped|backfilled|refreshed|shipped\s+new\s+data|fixed"
                         # "we already validated it offline": no check to add beside the request
                         r"|validated|verified|vetted|tested|received"
                         # "we got a big batch of labels in": new data told, the reason for a retrain beside it (told with
                         # its span, "…labels covering the last 10 days", it says which data the request is to use)
                         r"|got\s+(?:\S+\s+){0,5}?(?:data|labels|rows|batch\w*|records|samples)"
                         r"(?![^,.;]*\b(?:last|past|covering|since)\b))\b")
# What the team is busy with, told as the reason ("we're doing a backfill on diabetes", "we are in the middle of a
# migration"): work of their own, no tool's ("we're doing a retrain" is not among them)
_BUSY = re.compile(r"^\W*(?:i'?m|i\s+am|we'?re|we\s+are|the\s+team\s+is)\s+(?:currently\s+|just\s+|still\s+|now\s+)?"
                   r"(?:doing|running|in\s+the\s+middle\s+of|starting|kicking\s+off|mid-?way\s+through)\s+(?:a|an|the|some"
                   r"|our|its|big|large)\s+(?:\S+\s+){0,2}?(?:backfill|migration|maintenance|upgrade|re-?index\w*|re-?process\w*"
                   r"|load\s+test|cut-?over|data\s+fix|re-?import|reload|outage\s+drill|fire\s+drill)\b")
# What someone else wants done by when, told as the reason ("product wants the refresh live today", "the client needs
# it out by friday"); the request beside it says what to do (the asker's own wish, "we want v5 live", is a request)
_WANTED = re.compile(r"^\W*(?:product|the\s+business|management|mgmt|leadership|marketing|sales|ops|on-?call|finance|legal"
                     r"|compliance|(?:the\s+|my\s+|our\s+)?(?:\S+\s+)?(?:team|boss|manager|lead|pm|director|client|customer"
                     r"|stakeholders?|execs?)|he|she|they)\s+(?:really\s+)?(?:wants?|needs?|expects?)\s+(?:\S+\s+){0,3}?"
                     r"(?:live|out|shipped|deployed|in\s+prod\w*|ready|done)\b")
# What the person already knows, told as the reason ("we know about the drift on wine", "I'm aware wine is drifting")
_KNOWN = re.compile(r"^\W*(?:yes|yeah|yep|ok|okay)?\W*(?:i|we)(?:'re|'m|\s+are|\s+am)?\s+(?:already\s+|fully\s+|well\s+"
                    r"|all\s+)?(?:know|knew|aware|noticed|saw|seen|see|are\s+aware|have\s+seen)\b")
# What someone saw, told as a judgement ("the alert looked off", "that page seemed wrong")
_SEEN = re.compile(r"^\W*(?:the|this|that|our|its|their)\s+(?:\S+\s+){0,3}?(?:looked|looks|seemed|seems|felt|was)\s+"
                   r"(?:a\s+bit\s+|kind\s+of\s+|kinda\s+|really\s+|pretty\s+)?(?:off|weird|wrong|strange|odd|fishy"
                   r"|suspicious|bogus|broken|funny|flaky|noisy)\b")
# What a read found, told as the reason beside a request ("the compare looked good", "its rmse jumped")
_FOUND = re.compile(r"^\W*(?:the|this|that|our|its|their)\s+(?:\S+\s+){0,2}?(?:compar\w*|eval\w*|numbers|metrics?|results?"
                    r"|scores?|checks?|validation|tests?|rmse|mae|f1\w*|auc|roc\w*|accuracy)\s+(?:\S+\s+)?(?:looked|looks"
                    r"|seemed|seems|was|were|came\s+back|turned\s+out|jumped|spiked|rose|climbed|dropped|fell|tanked|dipped"
                    r"|went\s+(?:up|down)|got\s+worse|is\s+(?:way\s+)?(?:up|down))\b")
# A check's finding told as clean, the reason to look elsewhere ("drift looks clean", "wine's skew came back fine")
_CLEAN = re.compile(r"^\W*(?:(?:the|this|that|our|its|their)\s+)?(?:\S+\s+)?(?:drift|skew|validation|compare|eval\w*)"
                    r"(?:\s+check)?\s+(?:looks|looked|seems|seemed|is|was|came\s+(?:back|out))\s+(?:\S+\s+)?"
                    r"(?:clean|fine|ok|okay|normal|green|flat|quiet|stable)\b")
# A guess at the cause, told ("so maybe it's the online store", "i suspect it's the pipeline"); "maybe it's time to
# retrain" is a request
_GUESS = re.compile(r"^\W*(?:so\s+|but\s+|then\s+)?(?:maybe|perhaps|probably|possibly|i\s+(?:think|guess|bet|suspect))"
                    r"\s+(?:it'?s|it\s+is|that'?s|the\s+(?:problem|issue|cause)\s+is)\s+"
                    r"(?!time\b|worth\b|best\b|better\b)")
# The question asked again in other words: "i.e. how big a drop pages someone?", "in other words, …"
_EXPLAINS = re.compile(r"^\W*(?:i\.?\s?e\.?|ie|that\s+is(?:\s+to\s+say)?|in\s+other\s+words|meaning|aka|a\.k\.a\.?)(?:\W|$)")
_IE = re.compile(r"\bi\.\s?e\.(?=\s|,)|\be\.\s?g\.(?=\s|,)")  # kept whole, so the clause is not cut at its dots
# A change only supposed, inside a question ("if I deploy wine 7, would it pass the gate?"): no change of its own
_SUPPOSED = re.compile(r"^\W*(?:if|say|suppose|supposing|assuming|what\s+if)\s+(?:i|we|you|someone|somebody)\s+(?:were\s+to"
                       r"\s+|was\s+to\s+|did\s+|tried\s+to\s+)?(?:deploy|ship|promote|release|push)\w*\b"
                       # "thinking about promoting wine 6.", "we're considering shipping v7": only weighed, not asked
                       r"|^\W*(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+)?(?:thinking\s+(?:about|of)|considering|pondering"
                       r"|weighing)\s+(?:deploy|ship|promot|releas|push)\w*\b")
# The monitor's behaviour asked about: "how often is diabetes checked by the scheduler?", "what would the wine
# monitor do on new data?"; a question about its settings, answered by showing them
_MONITOR_BEHAVIOUR = re.compile(r"\bhow\s+(?:often|frequently)\s+(?:is|are|does|do|will)\s+(?:\S+\s+){0,3}?(?:checked"
                                r"|monitored|watched|scanned|polled|looked\s+at|get\s+checked)\b"
                                r"|\bby\s+the\s+(?:scheduler|monitor)\b"
                                r"|\bwhat\s+(?:would|will|does|do)\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?monitor(?:'s)?\s+do\b")
# "would the challenger get deployed if I asked?", "would it go through if I deployed it?": the gate, asked about
_WOULD_PASS = re.compile(r"\bwould\s+(?:\S+\s+){0,4}?(?:get|be)\s+(?:deployed|shipped|promoted|released|let\s+through)\s+"
                         r"(?:if|when)\b|\bwould\s+(?:\S+\s+){0,3}?(?:pass|clear|get\s+through|go\s+through|make\s+it\s+through)\s+(?:the\s+)?"
                         r"(?:deploy(?:ment)?\s+|promotion\s+|quality\s+)?(?:gate|bar|promotion\s+check)\b"
                         # "is v3 good enough to get past the gate?", "would v10 make it through the gate?"
                         r"|\b(?:pass\w*|clear\w*|get\w*\s+(?:past|through)|go\w*\s+through|make\s+(?:it\s+)?(?:past|through)"
                         r"|good\s+enough\s+for)\s+(?:the\s+)?(?:deploy(?:ment)?\s+|promotion\s+|quality\s+)?gate\b")
# The run behind what is live, asked for by its link: "the mlflow link for cancer", "url of wine's run"
_RUN_LINK = re.compile(r"\b(?:mlflow|tracking)\s+(?:link|url|page|run|ui)\b|\b(?:link|url)\s+(?:to|for|of)\s+(?:\S+\s+){0,2}?"
                       r"(?:mlflow|run|experiment)\b")
# A version asked about as the one a past change made: "is v6 the one we deployed last week?" (its history)
_THE_ONE_WE = re.compile(r"^\W*(?:is|was|are|were)\s+(?:\S+\s+){0,3}?(?:the\s+(?:one|version|model)|what)\s+(?:that\s+)?"
                         r"(?:we|you|they|someone|somebody|\w+)\s+(?:just\s+|last\s+)?(?:deployed|shipped|promoted|released"
                         r"|rolled\s+back(?:\s+to)?|trained|retrained|pushed)\b")
# A score recorded at training, asked of a version: "what was its rmse when it was trained?" (its status)
_RECORDED = re.compile(r"\b(?:rmse|mae|roc[_\s-]?auc|auc|f1(?:[_\s]macro)?|accuracy|score|metric)\b.{0,40}?\bwhen\s+"
                       r"(?:\S+\s+){0,2}?(?:was|were|got)\s+(?:\w+\s+)?(?:trained|registered|built)\b")
# The kinds of event a history holds, listed after it: "(trains, deploys, rollbacks)"
_EVENT_KINDS = re.compile(r"^\W*(?:and\s+|or\s+|incl\w*\s+)?(?:re-?trains?|trainings?|deploys?|deployments?|rollbacks?"
                          r"|roll-?\s?backs|promotions?|tunes?|tunings?|approvals?)\W*$")
# A pronoun for what the thread just did: "did that open an alert?", "did it page anyone?"
_THE_THREADS = re.compile(r"\b(?:that|it|this)\s+(?:open|opened|raise|raised|fire|fired|trigger|triggered|page|paged|create"
                          r"|created)\b")


# How the latest training went ("how did the most recent wine training do?", "what was the f1 of the latest cancer
# training?") is the score it recorded: a status question, like how a model is getting on
_LAST_TRAINING = re.compile(r"^\W*(?:how\s+(?:did|was|'s)|what\s+(?:was|were|is|'s))\s+(?:\S+\s+){0,5}?(?:last|latest|most"
                            r"\s+recent|newest|previous|\s{2})\s+(?:\S+\s+)?(?:re-?)?train(?:ing)?(?:\s+(?:run|job))?\s*(?:do|go|turn"
                            r"\s+out|end\s+up|score)?\W*$")
_GETTING_ON = re.compile(r"^\W*how(?:'s|\s+is|\s+are)\s+(?:\S+\s+){0,5}?(?:getting\s+(?:on|along)|coming\s+along|holding"
                         r"\s+up|faring)\b")


# Production over time, or drawn: "draw me production over time", "plot the champion versions" (history's timeline)
_PRODUCTION_OVER_TIME = re.compile(r"\b(?:prod(?:uction)?|champion|(?:live|deployed|served)\s+versions?)\b.{0,30}?\bover\s+time\b"
                                   r"|\b(?:draw|chart|plot|graph|sketch|visuali[sz]e)\s+(?:me\s+|us\s+)?(?:the\s+|a\s+)?"
                                   r"(?:\S+\s+)?(?:prod(?:uction)?|champion|versions)\b")


def background(said: str) -> bool:
    """Whether a clause, as typed, tells what the person did, saw or knows ("I just pushed new data", "the alert looked
    off", "we know about the drift") rather than asking anything: beside a request it is the reason for it."""
    return "?" not in said and bool(_DONE_BY_US.match(said) or _BUSY.match(said) or _SEEN.match(said) or _FOUND.match(said)
                                    or _KNOWN.match(said) or _CLEAN.match(said) or _GUESS.match(said) or _WANTED.match(said))


def plain_abbreviations(text: str) -> str:
    """`text` with "i.e." and "e.g." written without their dots ("ie", "eg"), which would end a clause, every model
    said as "all three" ("each of the three models", "eval all 3"), and a day written with a slash ("from 11/20
    onwards") by its month's name, which the rest of the reader knows."""
    text = _EACH_OF_THREE.sub("all three", _ALL_3.sub("all three", text))
    return _SLASH_DATE.sub(_day_named, _IE.sub(lambda m: m.group(0).replace(".", "").replace(" ", ""), text))


# A day written with a slash after a word that starts or ends a span ("from 11/20 onwards", "until 12/1/2026"): month
# first, unless only the day can come first ("since 20/11"); "from 90/10 to 50/50" (splits of traffic) names no day,
# and a slash said elsewhere ("3/4 of the alerts") is left as it is
_SLASH_DATE = re.compile(r"\b(since|from|after|starting|until|till|before|through|thru|between|and|to)\s+(\d{1,2})/(\d{1,2})"
                         r"(?:/(\d{4}))?(?![\w/%]|\.\d)")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")


def _day_named(m: re.Match[str]) -> str:
    first, second = int(m.group(2)), int(m.group(3))
    month, day = (first, second) if first <= 12 else (second, first)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m.group(0)
    return f"{m.group(1)} {_MONTH_NAMES[month - 1]} {day}" + (f", {m.group(4)}" if m.group(4) else "")


# Three of something counted, not the three models: "all 3 versions", "each of the three days"
_COUNTED = (r"(?!\s*(?:%|\.\d|-|v\d|versions?|days?|d\b|weeks?|w\b|hours?|h\b|months?|trials?|runs?|rows?|times?|incidents?"
            r"|alerts?|jobs?|checks?|features?|columns?|of\s+(?:them|those|these)\b|[a-z]+s\b(?<!models)(?<!pls)(?<!thanks)))")
# "each of the three models", "every one of the 3 models", "all of the three": all three models
_EACH_OF_THREE = re.compile(rf"\b(?:each|every\s+one|all)\s+of\s+(?:the|our)\s+(?:three|3)\b{_COUNTED}")
# "eval all 3 on the last 7 days": the three models
_ALL_3 = re.compile(rf"\ball\s+3\b{_COUNTED}")


# What the asker tells of themselves beside a read: their on-call shift ("on-call shift just started", "I'm on call",
# "just came on shift"),
# or what they need the answer for ("need it for the incident doc", "it's for the postmortem")
_ABOUT_THE_ASKER = re.compile(r"^\W*(?:(?:i'?m|i\s+am|we'?re|we\s+are|i|we)\s+)?(?:just\s+)?(?:(?:came|come|coming|got|getting"
                              r"|started|starting|back)\s+(?:on\s+|onto\s+)?)?(?:(?:my|our|the)\s+)?(?:on[-\s]?call|(?:night|day"
                              r"|morning|weekend)\s+shift|shift|duty)\b(?:\s+(?:here|now|today|tonight|shift|this\s+week))*"
                              r"(?:\s+(?:just\s+)?(?:started|starts|began|begins|over|handover))?\W*$"
                              r"|^\W*(?:(?:i|we)\s+)?(?:need|want|use)\s+(?:(?:it|this|that|them)\s+)?(?:for|in)\s+(?:the|a|an"
                              r"|my|our)\s+(?:\S+\s+){0,2}?(?:doc\w*|report|post-?mortem|write-?up|review|meeting|stand-?up"
                              r"|slides?|deck|notes|ticket|email|summary|handover|handoff|retro)\W*$"
                              r"|^\W*(?:it'?s|this\s+is|that'?s)\s+for\s+(?:the|a|an|my|our)\s+(?:\S+\s+){0,2}?(?:doc\w*|report"
                              r"|post-?mortem|write-?up|review|meeting|stand-?up|slides?|deck|notes|ticket|email|summary"
                              r"|handover|handoff|retro)\W*$")


def about_the_asker(clause: str) -> bool:
    """Whether a clause only tells of the person asking ("on-call shift just started", "need it for the incident
    doc"): beside a read it is why they ask, no read of its own."""
    return bool(_ABOUT_THE_ASKER.match(clause))


# What an answer found, said back before the next question: "ok no drift...", "so no drift then", "drift looks clean",
# "the drift check came back clean" (told, not asked: a question mark asks it)
_FINDING = re.compile(r"^\W*(?:(?:so|ok(?:ay)?|right|alright|well|and|but|hm+|huh|got\s+it|i\s+see)\W+)*(?:(?:no|zero|not"
                      r"\s+much|hardly\s+any|barely\s+any|little)\s+(?:real\s+|feature\s+|data\s+|input\s+)?(?:drift|shift)"
                      r"|(?:the\s+)?(?:drift|data)(?:\s+check)?\s+(?:is|looks|seems|was|came\s+back)\s+(?:fine|clean|ok(?:ay)?"
                      r"|normal|flat|good))(?:\s+(?:then|there|at\s+all|after\s+all|on\s+it|detected|found|either|huh))*[\s.,;:!]*$")


def finding_said_back(clause: str) -> bool:
    """Whether a clause only says back what the thread's answer found ("ok no drift..."): beside the question that
    follows it, no request of its own."""
    return bool(_FINDING.match(clause))


def supposed(core: str) -> bool:
    """Whether a clause only supposes a change inside a question ("if I deploy wine 7, would it pass?")."""
    return bool(_SUPPOSED.match(core))


def explains(clause: str) -> bool:
    """Whether a clause only says the one before it again in other words ("i.e. how big a drop pages someone")."""
    return bool(_EXPLAINS.match(clause))


def reading(core: str, *, has_model: bool) -> str | None:
    """The read a clause asks for in these words: the monitor's behaviour (`monitor`, shown), the gate (`compare`),
    the run's link (`status`), production over time (`history`, its timeline)."""
    if has_model and _MONITOR_BEHAVIOUR.search(core):
        return "monitor"
    if recorded_score(core):
        return "status"
    if _THE_ONE_WE.search(core):
        return "history"
    if _WOULD_PASS.search(core):
        return "compare"
    if _RUN_LINK.search(core):
        return "status"
    if production_over_time(core):
        return "history"
    if _NAME_ASKED.search(core) or _METRIC_NAMED.search(core):
        return "list_models"  # "what's the regression one called again?", "what metric does each model use?": its
        # name, its primary metric, as the model list gives them
    return None


# A model's name asked, the model described: "what's the regression one called again?", "what do we call the binary
# model?", "what's the name of the wine one?"
# Which metric a model is judged on (its name, not its value): "what metric does each model use?", "which metric is
# wine scored on?"
_METRIC_NAMED = re.compile(r"\b(?:which|what)\s+(?:primary\s+|main\s+)?metrics?\s+(?:does|do|is|are)\s+(?:\S+\s+){0,3}?"
                           r"(?:use[sd]?|judged|scored|measured|evaluated|ranked|optimi[sz]ed)\b")
_NAME_ASKED = re.compile(r"\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|that\s+|our\s+)?(?:\S+\s+){0,3}?(?:ones?"
                         r"|models?)\s+(?:called|named)\b|\bwhat\s+(?:do|did|should)\s+(?:we|you|u|i)\s+call\s+(?:the|that|our)\b"
                         r"|\bwhat(?:'s|\s+is|\s+was)\s+the\s+name\s+of\s+(?:the|that|our)\b")


def production_over_time(core: str) -> bool:
    """Whether a clause asks for production over time, or drawn ("plot the champion versions"): history's timeline."""
    return bool(_PRODUCTION_OVER_TIME.search(core))


def recorded_score(core: str) -> bool:
    """Whether a clause asks how the latest training went or a model is getting on, in words that say so: the
    status (the score its training recorded), whatever else the words resemble."""
    return bool(_RECORDED.search(core) or _LAST_TRAINING.search(core) or _GETTING_ON.search(core))


def apposition(clause: str) -> bool:
    """Whether a clause only says which one the clause before meant ("…, the one we had before last week")."""
    return bool(_APPOSITION.match(clause))


_APPOSITION = re.compile(r"^\W*(?:i\.?e\.?\s+)?the\s+(?:one|version|model)\s+(?:that\s+|which\s+)?(?:we|you|they|i|it|was|were"
                         r"|is|had|from|before|served|ran)\b")


# Which models a question is for, said after it as a check: "is anything being retrained? check all three models"
_SCOPE_AGAIN = re.compile(r"^\W*(?:(?:please|pls|and|also|just|so|can\s+you|could\s+you)\s+)*(?:check|look\s+at|do|go\s+over"
                          r"|for)\s+(?:all\s+(?:three|the\s+models|models|of\s+them)(?:\s+models)?|every\s+model|each\s+model"
                          r"|them\s+all|every\s+one)\W*$")


def scope_again(clause: str) -> bool:
    """Whether a clause only says which models the question before it is for ("…? check all three models")."""
    return bool(_SCOPE_AGAIN.match(clause))


def event_kinds(clause: str) -> bool:
    """Whether a clause only lists kinds of event ("deploys,", "rollbacks)"): beside a history, what it holds."""
    return bool(_EVENT_KINDS.match(clause))


_CHECKS = ("run_check", "check_drift", "monitor", "evaluate")


def alerts_of_the_check(said: str, last: tuple[str, Any] | None) -> bool:
    """Whether an alerts question right after a check is about that check ("did that open an alert?"): then it is
    the checked model's alerts."""
    return bool(last and last[0] in _CHECKS and _THE_THREADS.search(said))


# How a version did, told in the past before what is asked: "the new wine model (v9) looked great in yesterday's
# offline compare", "v4 did well in the eval"
_DID_WELL = re.compile(r"^\W*(?:(?:the|this|that|our|its)\s+)?(?:\S+\s+){0,5}?(?:looked|did|came\s+out|performed|scored"
                       r"|held\s+up)\s+(?:really\s+|very\s+|pretty\s+)?(?:great|good|fine|well|better|ahead|solid|strong)\b[^?]*$")


def did_well(clause: str) -> bool:
    """Whether a clause only tells how a version did before ("v9 looked great in the compare"): why they ask."""
    return bool(_DID_WELL.match(clause))


# The present state asked beside a past event: "who pushed the last wine deploy, and which version is the challenger
# now?", "…, and what's in production right now?": a status of its own, not more of the history before it
_NOW_ASKED = re.compile(r"^\W*(?:(?:and|also|plus|then|so)\s+)*(?:which|what)(?:'s|\s+is|\s+are)?\s+(?:\S+\s+){0,5}?"
                        r"(?:now|currently|right\s+now|at\s+the\s+moment|at\s+present|these\s+days|today)\W*$")


def now_asked(clause: str) -> bool:
    """Whether a clause asks what holds now (beside a question about what happened)."""
    return bool(_NOW_ASKED.match(clause))
