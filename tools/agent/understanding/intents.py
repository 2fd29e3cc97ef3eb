"""Which registry tool one clause of a request asks for, read from the whole clause.

A clause is scored as a sentence, not searched for a keyword: is it a question or a command, which read cues
("history", "log", "live", "inputs", "data", "who", "when") and which change verbs does it hold, and where. A
change verb inside a question ("when was the last deploy?", "show me the deployment history", "who shipped v3?")
is an object, so the clause stays a read. A question that only holds a change verb ("should we retrain?") is not
guessed: it gets no intent, so the interpreter asks. Tool names are the registry's own (`tools.catalog`).
"""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding import cues
from tools.agent.understanding.threads import records as thread_records
from tools.agent.understanding.words import (asides, feedback, languages, lifecycle, monitoring, reads, records,
                                             serving, topics)
from tools.agent.understanding.words.asides import negated
from tools.agent.understanding.names import counted_nouns, spell


# Greetings, thanks and acknowledgements before a request (or alone: then there is none). Phrases of two words come
# first: "nice one" must not stop at "nice". "please you push the features" (as some say it) is "please push the
# features" ("please you can check…" keeps its "you can"). What was shown, praised ("nice card. now reproduce that one",
# "great chart, thanks"), is thanks too, not that read asked again
_PRAISED = (r"(?:(?:nice|great|cool|good|awesome|lovely|neat|perfect|excellent|sweet|solid|thanks\s+for\s+the|thx\s+for"
            r"\s+the)\s+(?:model\s+)?(?:card|chart|report|comparison|compare|summary|table|breakdown|answer|work|plot|graph"
            r"|overview|results?|listing|list)(?=\s*[.,!;:]|\s+(?:now|then|so|and|but)\b|\W*$))")
_OPENER = re.compile(r"^\W*(?:(?:" + _PRAISED + r"|nice\s+one|(?:please|pls|plz|kindly)\s+(?:you|u)\s+(?!(?:can|could|would|will|should"
                     r"|must|may|might|to|are|were|have|had|did|do|don'?t)\b)(?=[a-z])"
                     r"|quick\s+(?:one|question|q)\b|got\s+it|roger(?:\s+that)?|much\s+appreciated|many\s+thanks"
                     r"|hey|hi|hello|yo|ok|okay|great|nice|cool|awesome|perfect|thanks|thank you|hm+|alright"
                     r"|so|well|actually|now|then|also|and|but|bot|mlops|please|pls|plz|kindly|just|quick|quickly|oh"
                     r"|right|sure|yes|yep|yeah|good(?!\s+(?:catch|call|alert))|excellent|sweet|fine|wow|ah|lol|ty|thx|@[\w-]+"
                     r"|cheers|noted|understood|lovely|brilliant|appreciated)\b(?:(?!#\s*\d)\W)*)+")  # "and #3?": its "#" kept
# "could we get wine retrained?", "can I have v5 deployed?": asking for something to be done is a polite command
_DONE = (r"(?:re-?trained|trained|re-?fit|deployed|promoted|shipped|released|rolled\s+back|reverted|tuned|unlocked"
         r"|snoozed|muted|silenced|monitored|validated|evaluated|compared)")
_POLITE = re.compile(rf"^(?:(?P<done>(?:can|could|would)\s+(?:we|i)\s+(?:please\s+)?(?:get|have))\b"
                     rf"(?=(?:\s+\S+){{1,10}}?\s+{_DONE}\b)|(?:can|could|would|will)\s+(?:you|u|ya)\b|(?:can|could)\s+we\b"
                     r"|i\s+(?:need|want|would\s+like|'d\s+like)\b"
                     r"|(?:you\s+)?(?:can|could)\s+you\b|let'?s\b|we\s+(?:need|should|must)\b|go\s+ahead\s+and\b"
                     r"|time\s+to\b|you\s+can\b|(?:would|do)?\s*(?:you\s+)?mind\b(?!\s+you\b))")  # "mind promoting v6?"
_QUESTION = re.compile(r"^(?:what|what's|whats|which|who|who's|whom|whose|when|where|why|how|how's|is|are|was|were|did"
                       r"|does|do(?!\s+(?:a|an|another|one)\s)|has|have|had|any|anything|should|shall|would\s+\S+\s+pass)\b")



def normal(text: str, keep: set[str] | dict[str, str] = frozenset()) -> str:  # type: ignore[assignment]
    """Lower case, plain quotes and arrows, full-width letters folded, typos of cue words corrected."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[’‘`]", "'", text).replace("→", " to ").replace("->", " to ").replace("—", ",").replace("–", ",")
    text = languages.in_english(lifecycle.fix_typos(text))
    text = reads.plain_abbreviations(monitoring.fix_typos(text))
    return spell(counted_nouns(text), cues.VOCABULARY, keep=keep)


def opener(text: str) -> int:
    """Where the request proper starts, after greetings and filler ("great, now ship it")."""
    m = _OPENER.match(text)
    return m.end() if m else 0


def is_question(clause: str) -> bool:
    """A question (not a polite command): "who shipped v3?", "is wine drifting?"; "can you retrain wine?" is none."""
    core = clause[opener(clause):].strip()
    if _POLITE.match(core) or _acting_tail(core) or monitoring.causative(core) or _done_emphatically(core):
        return False
    return bool(_QUESTION.match(core)) or (core.endswith("?") and not _first_change(core, at_start=True))


# "pls do force deploy cancer 9", "do the materialization for wine": "do" before the change (said as its verb or as the
# act) makes the command emphatic, no "do …?" question; "do deploys need approval" has a plural for its subject, and
# in "do the monitor check now" the monitor only says which check
_DO_ACT = re.compile(r"^do\s+(?:the\s+|a\s+|an\s+)?(?![a-z]*[^s\W]s\b)(?=[a-z])")


def _done_emphatically(core: str) -> bool:
    return "?" not in core and bool(_DO_ACT.match(core)) and _first_change(core, at_start=True) not in (None, "monitor")


# (a setting moved is an act too: "…, can you bump its cooldown to a day?")
_ACTION = re.compile(r"\b(?:free|clear|release|fix|sort\s+out|handle|take\s+care\s+of|do\s+(?:it|that|this)"
                     r"|bump|raise|lower|increase|decrease|reduce|shorten|lengthen|extend)\b")


def _acting_tail(core: str) -> bool:
    """"wine is stuck locked, can you free it?": the question mark closes a polite request that acts, so the whole
    is a request; "should we retrain wine, can you tell me?" stays a question. "the online store is not fresh, you can
    load the new features in it?" acts too: it brings the store up to date."""
    tail = re.split(r"[.!?;,]\s+", core.rstrip(" ?"))[-1].strip()
    polite = _POLITE.match(tail)
    return bool(polite) and tail is not core and bool(_first_change(tail[polite.end():]) or _ACTION.search(tail)
                                                      or serving.freshens(tail))


_REMARK = re.compile(r"^\W*(?:(?:we|i|they|everyone|people)(?:'re|'m|'ve|\s+are|\s+am|\s+have|\s+were|\s+was)|because|cause"
                     r"|'cause|since|as|fyi|btw|for\s+context|just\s+so\s+you\s+know|(?:i\s+|we\s+)?(?:don'?t|do\s+not)"
                     r"\s+(?:want|need)|no\s+(?:need|rush|hurry))\b"
                     # a statement about the thing ("the current version is flagging everything")
                     r"|^\W*(?:the|this|that|our|its)\s+(?:\S+\s+){0,3}?(?:is|are|was|were|keeps|seems|looks)\s+\w+ing\b"
                     r"|^\W*(?:the|our|my)\s+(?:\S+\s+){0,2}?(?:has|have|had)\s+(?:already\s+|just\s+)?\w+ed\b"  # "…, the team has validated it"
                     # what broke them ("roll back every model, the feature pipeline broke all of them")
                     r"|^\W*(?:the|this|that|our|a|an|some)\s+(?:\S+\s+){0,3}?(?:(?:has|have)\s+)?(?:broke|broken|corrupted|wrecked"
                     r"|(?:messed|screwed|mucked|fouled)\s+(?:\S+\s+){0,3}?up|poisoned|ruined|trashed|borked|nuked)\b")
# The ask said again with nothing new: "…, please to check", "…? can you check on the last 30d?"
_ASK_AGAIN = re.compile(r"^\W*(?:(?:please|pls|kindly|and|also|just|can\s+you|could\s+you|to)\s+)*check(?:\s+(?:it|that|on"
                        r"|for\s+me))?\W*$")


def remark(clause: str, *, after_change: bool = False) -> bool:
    """A clause that says why or what is going on ("we're doing maintenance", "because the team is testing"), not
    what to do, or that only asks again ("please to check"): beside a request it is no request of its own. After a
    change, "…, then check it" is a check of its own (`after_change`)."""
    return bool(_REMARK.match(clause)) and not clause.rstrip().endswith("?") or not after_change and bool(
        _ASK_AGAIN.match(clause))


_TOLD = re.compile(r"\W*(?:(?:to|please|we\s+should|you\s+should|we\s+must|you\s+must)\s+)?([\w-]+)")
_NOT_A_SUBJECT = (r"if|when|once|unless|whether|provided|assuming|because|and|but|then|so|to|what|which|who|whose|how"
                   r"|why|where|is|are|was|were|do|does|did|can|could|should|would|will|has|have|show|tell|give|list"
                   r"|check|let|please|pls|whatever|whichever")  # "…and whatever alerts are open": what is asked for
# A subject of a few words (none a question word, a conjunction or a read verb), then is / says / looks…
_SITUATION = re.compile(rf"^\W*(?:(?!(?:{_NOT_A_SUBJECT})\b)[a-z][\w'-]*\s+){{1,4}}?(?:is|isn'?t|are|aren'?t|was"
                        r"|wasn'?t|were|(?P<says>says|said|claims)|seems|looks|keeps|shows|appears)\b"
                        # the verb in the subject's last word: "it's been running long enough", "wine's had its week"
                        rf"|^\W*(?:(?!(?:{_NOT_A_SUBJECT})\b)[a-z][\w-]*\s+){{0,3}}?"
                        rf"(?!(?:{_NOT_A_SUBJECT})\b)[a-z][\w-]*'(?:s|ve|re)\s+(?:already\s+|now\s+)?"
                        r"(?:been|had|got|gotten|gone|run|done)\b")


def situation(said: str) -> bool:
    """A clause that tells what is going on ("diabetes says it's busy", "nothing is training", "wine looks stuck"):
    a subject, then is / says / looks…, and no question. Beside a request it is the reason, not one more request.
    What someone says to do ("my boss says deploy v3", "the team said to retrain wine") is that request."""
    m = _SITUATION.match(said)
    if not m or "?" in said:
        return False
    told = _TOLD.match(said[m.end():]) if m.group("says") else None
    return not (told and _first_change(told.group(1), at_start=True))


def intent(clause: str, *, has_model: bool, question: bool) -> str | None:
    """The tool `clause` asks for; None when it names no tool (a bare model, a version, filler)."""
    clause = cues.OCCASION.sub(lambda m: " " * len(m.group(0)), clause).lstrip()
    core = clause[opener(clause):]
    polite = _POLITE.match(core)
    command = core[polite.end():] if polite else core
    lead = _first_change(command, at_start=True)
    if not question and monitoring.switches_monitors(command):
        return "monitor"  # "stop the monitors on all three models": no job to cancel, no listing
    if _STATUS_STRONG.search(core) or lifecycle.STATUS.search(core):
        return "status"
    if monitoring.check_run_for_a_purpose(core, _read(monitoring.before_purpose(core), has_model=has_model,
                                                            question=question)):
        return "run_check"  # "run a check on it now to see if it's still drifting": the check says
    if lifecycle.data_shape(core):
        return "validate_data"  # "are the category values still what prod was trained on?": the data, no history
    if lifecycle.against_training(core):
        return "check_drift"  # "is the live data still the same as what it was trained on?": no history either
    if not question and (first := lifecycle.step_done_first(core)) and (change := _first_change(first)):
        return change  # "after materializing cancer, check it now and list its alerts": that change first
    if asides.shadow_described(core):
        return "abtest"  # "can we score it silently on live traffic?": a shadow test
    if lifecycle.wants_live(core):
        return "deploy"  # "I want v11 of wine serving in production"
    if lifecycle.verifies(core) or monitoring.by_the_next_check(core):
        return None  # "…and check it matches": the reproduction's own comparison, no check of its own; "…, before
        # the next check runs": when, not what
    if lifecycle.made_by(core):
        return "history"  # "was wine's v3 deployed by a person or by the monitor's auto_deploy?"
    if not question and monitoring.causative(core) == "monitor":
        return "monitor"  # "make the cancer monitor auto-deploy when a retrained challenger passes the gate": its policy
    if found := records.record(core, has_model=has_model) or monitoring.reading(core, has_model=has_model) or reads.reading(
            core, has_model=has_model):
        return found
    if records.rates(core):
        return "rate_alert"  # "rate incident 5": a verdict is asked for, the incident is not only shown
    if thread_records.awaiting_approval(core):
        return "status"  # "anything waiting on approval for wine?"
    if done := monitoring.causative(core):
        return done  # "have wine checked every 15 minutes"
    if cues.ABTEST.search(core) and asides.who_started_the_test(core):
        return "abtest"  # "who started the cancer A/B test?": the test's own record
    if (cues.HISTORY.search(core) or lifecycle.PAST_CHANGE.search(core)) and not cues.HELP.search(core):
        return "history"
    if records.cause(core, has_model=has_model):
        return "why"
    if lifecycle.model_list(core, has_model=has_model):
        return "list_models"
    if polite and polite.group("done") and (change := _first_change(command)):
        return change  # "could we get the cancer alerts muted?": the alerts are what is to be done to
    if polite and not has_model and core.rstrip().endswith("?") and _first_change(command) and "mind" not in polite[0] and (
            not _read(core, has_model=False, question=True) or _MODELS_AT_ALL.search(command)):
        return "help"  # "can you deploy?", "can you roll back models?" ask what it can do
    if cues.HELP.search(core) and not (lead and has_model):
        return "help"
    if lead and not question:
        return lead
    if not question and (need := _NEEDS_A.match(command)) and (change := _first_change(command[need.end():], at_start=True)):
        return change  # "all three need a retrain", "diabetes needs a fresh fit": the change the models need
    if polite and (change := _first_change(command)) and not _read(core, has_model=has_model, question=False):
        if not has_model and change not in ("cancel", "monitor"):
            return "help"  # "can you deploy?" asks what it can do
        return change
    read = _read(core, has_model=has_model, question=question)
    if read:
        return read
    change = _first_change(command)
    if change and not question:
        return change
    return None


def help_topic(clause: str, last: tuple[str, dict[str, Any]] | None = None, job: bool = False) -> str | None:
    """The command a help question is about ("how do I use tune?" -> tune), as its /mlops verb. A generic verb
    yields to the command it governs: "how do I check for drift" is drift, "how do I start an a/b test" abtest; what
    "it" is comes from the thread (`last` call, a `job` it ran): "how do I stop it then?" after an online test."""
    clause = topics.wanted(clause)  # "…, not prod vs challenger", "instead of waiting for the schedule": not asked
    found = topics.said_topics(clause)  # "how do I release a stuck lock?": the command in the person's words
    for word, stem, at in ((m.group(0), re.sub(r"(ing|ed|s)$", "", m.group(0)), m.start()) for m in re.finditer(r"[a-z]+", clause)):
        found += [(at, topics.NAMED, cues.VERB_OF[key]) for key in (word, stem, stem + "e") if key in cues.VERB_OF and word != "help"][:1]
    found += topics.options_said(clause)  # "what does on_drift=retrain do": the command that takes it
    if feedback.about_the_agent(clause):  # "how do I see how useful people found your answers": the agent's feedback
        found.append((feedback.rated_at(clause), topics.NAMED - 1, "feedback"))
    topics_ = topics.ruling(["abtest"] if cues.ABTEST.search(clause) else [], found)
    in_words = {t for _, rank, t in found if rank < topics.NAMED}  # "run the monitoring check by hand" is the check
    specific = [t for t in topics_ if t not in _GENERIC_TOPICS or t in in_words]
    return topics.of_the_thread(clause, (specific or topics_ or [None])[0], last, job)


_GENERIC_TOPICS = {"check", "status"}  # "check for drift", "the status of a tune": the other verb is the topic


def _read(core: str, *, has_model: bool, question: bool) -> str | None:
    found = [(tool, m.start()) for tool, pattern in cues.READS if (m := pattern.search(core))]
    tools = [t for t, _ in found]
    if "run_check" in tools and re.search(r"\b(now|once|right\s+away|immediately|trigger\w*)\b", core) and has_model:
        return "run_check"
    if re.search(r"\bmonitor(?:ed|ing)?\b", core) and has_model and (question or not _CHANGE_WORDS.search(core)):
        return "monitor"
    if not tools:
        return None
    if "list_models" in tools and set(tools) & {"check_drift", "compare", "evaluate", "validate_data", "history",
                                                 "alerts", "run_check", "abtest"}:
        tools.remove("list_models")
    if "list_models" in tools and "status" in tools and _STATUS_OF_EACH.search(core):
        return "status"  # "status of all three models", "how are all the models doing?": one status per model
    if "list_models" in tools and not has_model:
        return "monitors" if "monitors" in tools or re.search(r"monitor", core) else "list_models"
    if "monitors" in tools and not has_model:
        return "monitors"
    for tool in tools:
        if tool == "list_models" or (tool == "monitors" and has_model):
            continue
        if tool == "run_check" and not re.search(r"\b(now|once|right\s+away|immediately|run|trigger)\b", core):
            continue
        if tool == "status" and "evaluate" in tools and not re.search(r"\bwhat\s+did\b|\bwhat\s+score|versions", core):
            return "evaluate"
        return tool
    return "list_models" if "list_models" in tools else ("run_check" if "run_check" in tools else None)


# What may stand before an imperative change verb: filler, "force", a (blanked) model name or version.
# "please to retrain wine" (as some say it) leads in too.
# A hedge ("maybe retrain wine?", "perhaps just ship v3?") softens a command; it does not make it a question.
_LEAD_IN = re.compile(r"[\W\d]*(?:(?:just|now|then|also|so|and|go|force|do(?:\s+(?:the|a|an)(?=\s))?|immediately|asap"
                      r"|simply|actually|quickly|"
                      r"please|pls|kindly|to|v?\d+|prod|production|is|are|it'?s|needs?\s+(?:a|to)|should|maybe|mayb|perhaps"
                      r"|possibly|probably|might\s+as\s+well|i\s+guess|i\s+suppose|kick\s+off|fire\s+off|for\s+(?:all\s+(?:three|the\s+models"
                      r"|models|of\s+them)|every\s+model|each\s+model))[\W\d]*)*")  # "for all three: deploy…"
# Models said as a kind, the change's only object: "roll back models?", "can you retrain ML models?" (no model or
# "all of them" named: what can be done, asked)
_MODELS_AT_ALL = re.compile(r"^\W*(?:(?!(?:all|every|each|both|the|those|these|our|my|three|of|them)\b)\S+\s+){1,3}?(?:ml\s+)?"
                            r"models\W*$")
# (a job's state asked in words: "is my tune still chugging along or did it die?", "what number did the run get?")
_STATUS_STRONG = re.compile(r"\bwhat\s+(?:did\s+.{0,60}\bscor(?:e|ing)|(?:score|number|metric)\s+did)|versions\b.{0,30}\bscores"
                            r"|^\W*(?:is|are|has|did)\s+(?:\S+\s+){0,3}?(?:tune|tuning|training|job|run|re-?train\w*)\b.{0,40}?"
                            r"\b(?:still\s+(?:chugging|churning|grinding|ticking|plugging|alive|going)|die|died|dead|crash(?:ed)?)\b")
# What the models are said to need, its change said as a noun ("all three need a retrain"; "i need a check" asks)
_NEEDS_A = re.compile(r"^\W*(?:(?:all|every|each|both)\b(?:\s+\S+){0,2}?\s+|(?:it|they)\s+)?needs?\s+(?:a|an|another)\s+"
                      r"(?:(?:fresh|new|full|quick|proper)\s+)?")
_STATUS_OF_EACH = re.compile(r"\b(?:status|doing|health\w*|deployed)\b.{0,30}\b(?:all|every|each)\b"
                             r"|\b(?:all|every|each)\b.{0,30}\b(?:status|doing|health\w*)\b")
_CHANGE_WORDS = re.compile(r"\b(every|start|stop|turn|pause|resume|on|off|hourly|daily|change|set|enable|disable)\b")


def _first_change(text: str, *, at_start: bool = False) -> str | None:
    """The change verb `text` opens with (at_start), or the first one anywhere in it. A change word after a
    determiner ("the deploy", "every rollback", "since the last retrain") is a noun: what is talked about."""
    governed = _GOVERNING.search(text)  # "turn the monitor back on", "stop the ab test": a verb before the noun
    found = [(m.start(), rank, tool) for rank, (tool, pattern) in enumerate(cues.CHANGES) for m in pattern.finditer(text)
             if (governed and governed.start() < m.start() or not _NOUN_BEFORE.search(text[:m.start()]))
             and not negated(text, m.start()) and not lifecycle.NAMED_AFTER.match(text, m.end())]
    if not found:
        return None
    best = min(found)[::2]
    if best[1] == "cancel":  # "stop monitoring", "kill the online test": the other verb; never "cancel that deploy"
        others = [f for f in found if f[2] in ("monitor", "abtest")]
        best = min(others)[::2] if others else best
    if at_start and text[:best[0]].strip(" ,.!:;-") and not _LEAD_IN.fullmatch(text[:best[0]]):
        return None
    return best[1]


def names_change(text: str) -> bool:
    """Whether `text` names a change to make anywhere in it ("can an admin force-release it?")."""
    return _first_change(text) is not None


def says_not_to(text: str) -> bool:
    """Whether `text` holds a change said not to be done ("never roll back cancer"): no change is guessed for it."""
    return any(negated(text, m.start()) for _, pattern in cues.CHANGES for m in pattern.finditer(text))


_GOVERNING = re.compile(r"^\W*(?:turn|stop|kill|end|halt|pause|start|resume|run|kick\s+off|spin\s+up|fire\s+(?:up|off)|call\s+off"
                        r"|abort|terminate|shut\s+down|wrap\s+up|time\s+for|put|take|release|free"
                        r"|clear|change|set|switch|launch|begin|do|perform)\b")
# A possessive makes a noun too ("after yesterday's retraining", "wine's deploy"); "let's retrain" is a verb
_NOUN_BEFORE = re.compile(r"(?<!\blet)'s\s+$|\b(?:the|a|an|its|their|his|her|every|each|any|all|no|some|last|latest|newest"
                          r"|recent|previous|first|next|of|many|before|after|since|during|until|per|this|that|these|those|my|our|your|prior\s+to|ahead"
                          r"\s+of|(?:before|after|until|till)\s+(?:we|you|u|i|they|anyone|someone)(?:\s+(?:can|do|actually|go|even))?)\s+$")


CHANGE_AFTER_CONDITION = re.compile(r"\b(?:ship|deploy|promote|release|push|put|make|swap|roll\s*out|go\s+live)\w*")
