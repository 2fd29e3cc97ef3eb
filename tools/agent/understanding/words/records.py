"""Reads of one record, and a root cause: a version's card and lineage, the agent's own feedback, what caused a
drift or a drop. A record's cues win over the change verbs and the history words they hold ("retrain it exactly as v2
was trained", "its card, for the audit"); "how do I…" is help, never one of these.
"""

from __future__ import annotations

import re

from tools.agent.understanding.words import feedback, lifecycle

_CARD = re.compile(r"\b(model\s*cards?|cards?\b|datasheet|fact\s*sheet)")
# What a card is for, not a request for one: "for the model card: what's live?", "writing up the model card doc"
_CARD_PURPOSE = re.compile(r"\b(?:for|in|into|on)\s+(?:the|our|my|a|its)\s+(?:model\s*)?card\b|\b(?:(?<=to\s)write|writ(?!e\b)\w*|work\w*\s+on"
                           r"|prepar\w*|draft\w*|put\w*\s+together|fill\w*\s+(?:in|out))\s+(?:up\s+)?(?:the|our|my|a|its)"
                           r"\s+(?:model\s*)?card(?:\s+doc\w*)?\b")
# "re-run the exact training behind …", "rerun v7's recipe": the recorded run done again, no new training;
# a version's result asked to hold when it is run again: "does cancer v5 come out the same if we rerun it?", "would
# retraining wine v2 give identical numbers?", "if we redo v4, do we get the same thing back?"
_AGAIN = r"(?:re-?run|re-?train|re-?build|rebuild|re-?do|re-?fit)\w*"
_SAME = (r"(?:(?:come|comes|came|turn|turns|turned)\s+out|get|gets|give|gives|produce|produces|yield|yields|end\s+up\s+with"
         r"|land\s+on)\s+(?:\S+\s+){0,2}?(?:the\s+(?:exact\s+)?same|identical|matching)\b")
_SAME_AGAIN = rf"{_SAME}.{{0,40}}?\b{_AGAIN}|{_AGAIN}\s+(?:\S+\s+){{0,7}}?{_SAME}"
_REPRODUCE = re.compile(r"\b(reproduc\w*|repros?\b|replicat\w*|re-?run\s+(?:\S+\s+){0,4}?(?:exact(?:ly)?|recipe)\b|"
                        rf"{_SAME_AGAIN}|(?:re-?train|re-?build|rebuild|"
                        r"re-?create|recreate|redo|repeat)\w*\s+(?:\S+\s+){0,6}?(?:exactly|identically|bit[-\s]for[-\s]bit|from\s+"
                        r"(?:(?:its|the)\s+)?(?:recorded\s+)?lineage|with\s+the\s+same\s+(?:data|seed)|(?:the\s+)?(?:exact|same)\s+recipe"
                        r"|(?:the\s+)?exact\s+(?:same\s+)?(?:training|run|build|recipe))|same\s+(?:metrics|scores?|results|numbers)\b.{0,60}?\b(?:re-?build|re-?create|recreate|redo|re-?train)\w*)")
# "who reproduced it?", "when was v3 reproduced?": the history of a reproduction ("…when you get a chance" is no when)
_WHO_OR_WHEN = re.compile(r"\bwho\b|\bwhen\b(?!\s+(?:you|u|ya|we|someone|anyone)\s+(?:get|have|find|can|are\s+free)\b)")
# A lone 👍 is a thank-you; 👍/👎 beside each other or before "stats" are the agent's ratings
_FEEDBACK = re.compile(r"(feedback|thumbs?[-\s]?(?:up|down)s?|[👍👎]\s*/\s*[👍👎]|[👍👎]\s*(?:stats|ratings?|counts?|votes?)|\b(?:how|what)\s+(?:useful|helpful|good)\s+(?:has|have|is|are|was"
                       r"|were)\s+(?:the\s+|your\s+|its\s+)?(?:agent|bot|assistant|you|answers|replies)|\b(?:agent|bot|assistant)"
                       r"'?s?\s+(?:answers|replies|accuracy|ratings?|usefulness)|misread\w*|\b(?:rat\w+|lik\w+|think\s+of)\s+"
                       r"(?:the\s+|your\s+|its\s+)?(?:agent'?s?\s+|bot'?s?\s+)?(?:answers|replies|agent|bot))")
_WHY = re.compile(r"\b(why\b|what(?:'s|\s+is|\s+has\s+been)\s+(?:dragging|pulling|bringing|weighing)\s+(?:\S+\s+){0,3}?down\b|explain\s+(?:to\s+(?:me|us)\s+)?what(?:'s|\s+is|\s+has\s+been)\s+(?:going\s+on|happening|up"
                  r"|wrong)\s+with\b|what(?:\s+is|'s)?\s+(?:caused|causes|causing|drove|drives|driving|behind)|root[-\s]?cause\w*"
                  r"|cause\s+of|explain\s+(?:\S+\s+){0,3}?(?:drift\w*|degrad\w*|drop\w*|decline)|(?:which|what)\s+features?"
                  r"\s+(?:are\s+|is\s+)?(?:behind|responsible|to\s+blame|drove|caused|driving|causing))")
# "what's the reason for the drift?", "the reasons behind wine's drop": a cause, when what it is the reason for is a
# drift or a drop (`_WHY_ABOUT`), not a deploy or a rollback
_REASON = re.compile(r"\breasons?\s+(?:for|behind|of|why)\b|\b(?:what|which)\s+(?:\S+\s+)?(?:is|are|was)\s+to\s+blame\b")
_WHY_ABOUT = re.compile(r"\b(drift\w*|drop\w*|degrad\w*|worse|score\w*|metrics?|accura\w*|perform\w*|alert\w*|fir\w+"
                        r"|paged?|declin\w*|fell|fall\w*|tank\w*|wrong|shift\w*|off)\b|^\W*why\W*$")
# "…, then tell me why": the cause of what the request just asked about
_TELL_WHY = re.compile(r"\b(?:tell\s+(?:me|us)|explain|find\s+out|figure\s+out|say)\s+why\W*$")
_HOW_TO = re.compile(r"\b(how\s+(?:do|can|would|should)\s+(?:i|we|you)|how\s+to|explain\s+how|usage|help"
                     r"|how\s+(?:does|do)\s+(?:the\s+)?\S+\s+(?:command\s+|tool\s+)?work)\b")  # "how does the feedback command work?"


def record(core: str, *, has_model: bool) -> str | None:
    """card, reproduce or feedback: cues that win over history, help and the change verbs ("how do I…" is help)."""
    if _HOW_TO.search(core):
        return None
    if _FEEDBACK.search(core) or feedback.about_the_agent(core):
        return "feedback"
    if _CARD.search(_CARD_PURPOSE.sub(" ", core)):
        return "card"
    if _REPRODUCE.search(core) and not _WHO_OR_WHEN.search(core):
        return "reproduce"
    return None


def cause(core: str, *, has_model: bool) -> bool:
    """Whether a clause asks for a root cause: "why is wine drifting?", "what caused it", a bare "why?" in a thread;
    a "why" about anything else (the sky) is not one."""
    if lifecycle.CAUSE.search(core) and not _HOW_TO.search(core):
        return True
    if _REASON.search(core) and _WHY_ABOUT.search(core) and not _HOW_TO.search(core):
        return True
    m = _WHY.search(core)
    return bool(m) and not _HOW_TO.search(core) and (m.group(1) != "why" or has_model or bool(_WHY_ABOUT.search(core))
                                                     or bool(_TELL_WHY.search(core)))


# A rating asked for: "rate incident 5", "please rate that alert" (the incident is a slot, blanked). Without a verdict
# (useful or noise) it is asked back, never guessed, and never read as showing the incident.
_RATE = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you|let'?s|i\s+want\s+to|i'?d\s+like\s+to)\s+)*(?:rate|grade)\b"
                   r"(?!\s+(?:the\s+|your\s+|its\s+)?(?:agent|bot|assistant|answers?|replies|you)\b)")


# A rating said as a mark put on the alert, its incident and verdict blanked: "…and mark incident 22 as noise", "flag #4
# as a false alarm", "tag it useful" (nothing else left: "mark wine as deprecated", "label v3 as prod" rate nothing)
_MARK = re.compile(r"^\W*(?:(?:please|pls|also|just|then|now|can\s+you|could\s+you|let'?s)\s+)*(?:mark|flag|tag|label)\s+"
                   r"(?:(?:it|that|this|them|both|one|the|those|these|incidents?|alerts?|pages?|alarms?|as|an?|just|too"
                   r"|also|please|pls)\b\W*)*$")


def rates(core: str) -> bool:
    """Whether a clause asks to rate an alert ("rate incident 5", "mark incident 22 as noise" with the incident and
    the verdict blanked): `rate_alert`, whose verdict must be said."""
    return bool(_RATE.match(core) or _MARK.match(core))


# A question that points back at the incident just asked for: "…, and was anything deployed to fix it?", "what
# caused it?", "who handled that?", "did anyone retrain or roll back?": the incident's own view answers it (its
# versions, what was done about it)
_POINTS_BACK = re.compile(r"^\W*(?:and\s+|also\s+)?(?:what|which|who|was|were|did|has|had|is)\b[^?.!;]*\b(?:it|that|this|them)\W*$")
# What an incident's view holds, asked beside it: "I need the versions involved and who deployed what", "was anything
# retrained after?"
_WHAT_IT_HOLDS = re.compile(r"\b(?:versions?|models?|changes?|deploys?|deployments?|people)\s+involved\b|\bwho\s+(?:\S+\s+)?"
                            r"(?:deployed|trained|retrained|rolled\s+back|promoted|shipped|changed|did)\s+what\b|\b(?:was|were"
                            r"|has|had|did)\s+(?:anything|something|anyone|someone|it)\s+(?:\S+\s+)?(?:deployed|re-?trained|trained"
                            r"|rolled\s+back|reverted|promoted|shipped|done|changed)\s+(?:after\w*|since|then|to\s+fix|about)\b")


# Why the incident fired, asked right after it: "why did it even fire?", "and why did that alert go off?"
_WHY_IT_FIRED = re.compile(r"^\W*(?:and\s+|also\s+)?why\s+(?:did|does|was|is|has|had)\s+(?:it|that|this|the\s+(?:alert|page"
                           r"|incident|alarm))\s+(?:\w+\s+)?(?:fire|go\s+off|gone\s+off|trigger|page|open|happen)\w*")
# Being paged, told before the incident asked about: "got paged at 3am for something on diabetes", "I was woken up"
_PAGED_TOLD = re.compile(r"^\W*(?:(?:i|we)\s+)?(?:just\s+)?(?:got|was|were|been|get)\s+(?:paged|pinged|woken\s+up|alerted"
                         r"|called\s+out)\b[^?]*$")


# More of the one incident the thread showed, asked: "details on that one", "more about it", "what happened", "now
# show me the full incident"
_ASKED_OF_ONE = re.compile(r"\b(that|this)\s+(?:one|alerts?|alarms?|incidents?|pages?)\b|\b(details?|more\s+(?:on|about)"
                           r"|postmortem|what\s+happened|whole\s+thing|in\s+full)\b|\bthe\s+(?:full\s+|whole\s+|complete\s+"
                           r"|entire\s+)?(?:incident|alert|page)\b(?!s)")
# What is going on with "it", asked right after incidents were shown: "what's going on with it?", "whats the story with
# it", "what's that one about?", "is it still open?", "was this one resolved since?", "any news on that one?" (after any
# other call "it" is what that call was about)
_ASKED_OF_IT = re.compile(r"^\W*(?:(?:so|and|ok|okay|hm+|hmm+|right|alright)\W+)*(?:what(?:'s|s|\s+is)\s+(?:going\s+on|happening"
                          r"|up|the\s+(?:deal|story|latest|status|situation))\s+(?:with|on|in|of)\s+(?:it|that|this)(?:\s+one)?"
                          r"|what(?:'s|s|\s+is|\s+was)\s+(?:it|that|this)(?:\s+one)?(?:\s+(?:all|even))?\s+about|what\s+is\s+it"
                          r"|is\s+(?:it|that)(?:\s+one)?\s+still\s+(?:open|active|going\s+on|firing)"
                          r"|(?:is|was|has|did)\s+(?:it|that|this)(?:\s+one)?\s+(?:\w+\s+)?(?:been\s+|got(?:ten)?\s+|get\s+)?"
                          r"(?:resolved|closed|fixed|cleared|sorted(?:\s+out)?|acked|acknowledged|handled|dealt\s+with)"
                          r"|any\s+(?:news|updates?|progress)\s+(?:on|about|with)\s+(?:it|that|this))\b"
                          # "tell me more", "more info pls": about what was just shown, nothing else named
                          r"|^\W*(?:(?:so|and|ok|okay|pls|please)\W+)*(?:tell\s+(?:me|us)\s+)?more(?:\s+(?:info|information"
                          r"|details?))?(?:\s+(?:on|about)\s+(?:it|that|this)(?:\s+one)?)?(?:\s+(?:please|pls|plz))?\W*$")
# Who took the incident up: "who acked this", "who acknowledged this one?", "who's looking at it?", "is anyone on it?":
# its view says who acknowledged it (no model's history of deploys)
_HANDLED = re.compile(r"\b(?:who|whom|anyone|anybody|someone|somebody)(?:'s|s|\s+(?:is|was|has|had|did|already|even|else"
                      r"|actually))*\s+(?:ack(?:ed|'d|ing|nowledged|nowledging|nowledge)?|look(?:ing|ed)?\s+(?:at|into)|on"
                      r"|handl(?:ing|ed|e|es)|work(?:ing|ed)?\s+on|own(?:s|ing|ed)?|pick(?:ed|ing)?\s+up|investigat(?:ing|ed|e)"
                      r"|deal(?:ing|t)?\s+with|respond(?:ing|ed)?\s+to|triag(?:ing|ed|e)|assigned\s+to)"
                      r"(?:\s+(?:it|this|that)(?:\s+(?:one|alert|incident|page))?|\s+the\s+(?:alert|incident|page))?\s*(?:yet\b)?\W*$"
                      r"|\b(?:who|anyone|anybody|someone|somebody)\s+(?:\w+\s+)?(?:pick(?:ed|s)?|took|take[ns]?)\s+(?:it|this|that)"
                      r"(?:\s+one)?\s+(?:up|on)\b")  # "who picked this up", "did anyone take it on?"
# The root causes an incident stored when it opened, asked of it: "the root cause ranking on this one", "which feature
# was ranked first", "the causes recorded for it" (a root cause asked afresh is `why`)
_RANKING = re.compile(r"\brank(?:ing|ings|ed)\b|\b(?:root\s+)?causes?\b[^?.!;]*\b(?:stored|recorded|saved|logged)\b")


def asked_of_one(said: str) -> bool:
    """Whether `said` asks more of the one incident the thread showed ("details on that one", "the full incident")."""
    return bool(_ASKED_OF_ONE.search(said))


def handled_asked(said: str) -> bool:
    """Whether `said` asks who took up the incident the thread showed ("who acked this", "who's looking at it?")."""
    return bool(_HANDLED.search(said))


def ranking_asked(said: str) -> bool:
    """Whether `said` asks for the root cause ranking an incident stored ("whats the root cause ranking on this one")."""
    return bool(_RANKING.search(said))


def asked_of_its_view(tool: str | None, said: str, named_model: bool) -> bool:
    """Whether a read clause naming no model asks what only the incident the thread showed tells: who took it up
    ("who acked this", read as a history for its "who"), or the root causes it ranked ("…ranking on this one")."""
    return not named_model and (tool in (None, "alerts", "history", "status") and handled_asked(said) or tool in (
        None, "why", "check_drift") and ranking_asked(said))  # "which feature got ranked first on it": no new check


# The timeline of what was just shown, pointed at: "its full timeline", "the whole timeline of it", "that one's timeline"
_ITS_TIMELINE = re.compile(r"\b(?:its|the|that|this)(?:\s+one'?s)?\s+(?:full\s+|whole\s+|complete\s+|entire\s+)?timeline\b"
                           r"(?!\s+(?:of|for|on)\s+(?!(?:it|that|this)\b))")


def its_timeline(said: str) -> bool:
    """Whether `said` asks the timeline of what the thread just showed ("show me its full timeline"), not a model's."""
    return bool(_ITS_TIMELINE.search(said))


def asked_of_it(said: str) -> bool:
    """Whether `said` asks what is going on with "it", right after incidents were shown ("what's going on with it?")."""
    return bool(_ASKED_OF_IT.match(said))


# A "#n" said after being paged is the incident that paged ("got paged at 3am, #52 on diabetes, what is it"), unless a
# change or a version is what the "#n" goes with ("got paged, so roll back to #4")
_PAGED_NUMBER = re.compile(r"\b(?:paged|pinged|woken\s+up|called\s+out)\b(?:(?!since|after|before|deploy|version|release"
                           r"|train|roll|ship|promot|compar|evaluat|v\d)[^#?!;\n]){0,40}?#\s*(\d{1,6})(?![\w%]|\.\d)")


def paged_number(body: str) -> re.Match[str] | None:
    """The "#n" a request says after telling that it paged someone: that incident's number (group 1)."""
    return _PAGED_NUMBER.search(body)


def paged_told(said: str) -> bool:
    """Whether a clause only tells that the asker was paged (no question): beside the incident asked, why they ask."""
    return bool(_PAGED_TOLD.match(said))


def about_it(tool: str | None, said: str, named_model: bool) -> bool:
    """Whether a read clause said (as typed) right after an incident only asks more about that incident."""
    return tool in ("history", "status", "alerts", "why") and not named_model and bool(
        _POINTS_BACK.match(said) or _WHY_IT_FIRED.match(said) or "?" in said and lifecycle.PAST_CHANGE.search(said) or _WHAT_IT_HOLDS.search(said)
        or _ITS_CAUSE.match(said) or _HANDLED.search(re.split(r"\s+(?:and|but|plus)\s+|[,;]", said.strip())[0]))
    # "the first one, who acked it and what was done?": who took it up, then more of it


# Its root cause, asked right after an incident with nothing else named: "…, what was the root cause", "and the cause?"
# (the ranking the incident stored when it opened)
_ITS_CAUSE = re.compile(r"^\W*(?:(?:and|also|so|plus)\s+)?(?:what\s+(?:was|were|is|are)\s+)?(?:the\s+|its\s+)?(?:root[-\s]?)?"
                        r"causes?(?:\s+(?:ranking|analysis))?(?:\s+(?:of|for|behind)\s+(?:it|that|this)(?:\s+one)?)?\W*$")
