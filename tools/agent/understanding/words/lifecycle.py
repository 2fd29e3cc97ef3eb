"""How people also word the model lifecycle's reads and changes: the cues `intents` does not list.

Each cue is read on a clause as `intents` reads it (slots, versions other than production, and model names blanked
to spaces: "is the      retrain still going?"), except where a function says it reads the request as typed. A cue
here names a read (status, why, validate_data, list_models) or a plainly said change (deploy); none of them turns a
question into a change.
"""

from __future__ import annotations

import re

# Before "forget": "i always forget", "we often forget the names" tell of the asker, no instruction (to forget the
# rules, or to call a job off)
NOT_OF_THE_ASKER = r"(?<!\bi\s)(?<!\bwe\s)(?<!always\s)(?<!usually\s)(?<!often\s)(?<!sometimes\s)"

# After a change word, what makes it name a time or a thing, not a change asked for: "deploy window", "release freeze",
# "a rollout in progress", "that tune is dead and still holds cancer" (the subject of what is told, one space before
# its verb: a blanked name between is no subject)
NAMED_AFTER = re.compile(r"\s+(?:windows?|freezes?|slots?|in\s+progress|underway|under\s+way|ongoing|going\s+on)\b"
                         r"| (?:is|was|has|had|seems|looks|died|hung|crashed|froze|stalled)\b")

# Typos of "why" too short for the spelling corrector, which leaves words under four letters alone ("wy did…")
_WHY_TYPO = re.compile(r"\b(?:wy|whyy+|wyh|how\s+come)\b")
_HOW_TYPO = re.compile(r"\bhw(?=\s+(?:do|does|did|can|could|should|would|to|is|are)\b)")  # "hw do i …"

# A root cause asked in other words: "what's driving the drop", "which drifted features hurt it most", "why did
# that happen?" (in a thread: what the thread just showed)
CAUSE = re.compile(r"\bwhat(?:'?s|\s+is)\s+(?:driving|behind|causing)\b|\b(?:which|what)\s+(?:of\s+the\s+)?(?:drifted\s+"
                   r"|shifted\s+|moving\s+)?(?:features?|inputs?|columns?)\s+(?:\S+\s+){0,2}?(?:hurt|harm|damag|impact"
                   r"|affect|matter|contribut|explain|driv|drove|caus|responsib|behind|to\s+blame)\w*|\brca\b"
                   r"|\b(?:explain|tell\s+me|show\s+me|find\s+out)\s+what\s+(?:changed|moved|shifted)\s+in\s+the\s+(?:inputs?"
                   r"|features?|data)\b|\bwhy\s+(?:did|does|do|has|is|was|would)\s+(?:(?:this|that|it)\s+)?(?:happen"
                   r"|occur|fire|go\s+(?:wrong|bad|off)|break|trigger)\w*")

# Each version listed with what it scored: "every version of wine with the score it got", "all cancer versions along
# with their roc_auc" (the scores recorded at training; "score every version" evaluates)
_VERSIONS_SCORED = (r"\b(?:(?:every|each|all(?:\s+the)?)\s+(?:\S+\s+)?versions?|versions)\b.{0,40}?\b(?:with|and|along\s+with"
                    r"|alongside|plus|\+)\s+(?:the\s+|its\s+|their\s+|each(?:\s+one)?'?s?\s+)?(?:own\s+|recorded\s+"
                    r"|training\s+)?(?:scores?|metrics?|f1\w*|roc\w*|auc|rmse|mae|accuracy|results?)\b")


def versions_scored(said: str) -> bool:
    """Whether `said` lists each version with what it scored (a status), read across the "and" that may split it."""
    return bool(re.search(_VERSIONS_SCORED, said))


# A status question in other words: a training's progress ("how far along is it?", "is the retrain still going?",
# "is it done yet?"), whether a version made it to production yet, what is in production beside the challenger,
# a version's score recorded at training ("what was its score at training?") or the data it was trained on; a change
# waiting on approval is thread_records.awaiting_approval
STATUS = re.compile(r"\bhow\s+far\s+along\b"
                    # what is live on each of them: "what is deployed on all three models?"
                    r"|\bwhat(?:'?s|\s+is|\s+are)\s+(?:currently\s+|now\s+)?(?:deployed|live|serving|in\s+prod\w*)\s+(?:on|for|in"
                    r"|across)\s+(?:all|every|each)\b|\bstill\s+(?:going|in\s+progress|training|working|busy|queued)\b"
                    r"|^\W*(?:is|are|has|have)\s+(?!(?:\S+\s+){0,3}?(?:experiment|a/b|ab\s*-?test|split|canary))"  # a test's own
                    r"(?:\S+\s+){0,4}?(?:done|finished|complete[d]?|ready)\b"
                    # "is the retrain i kicked off for cancer done yet?": a job, said with who started it
                    r"|^\W*(?:is|are|has|have)\s+(?:\S+\s+){0,2}?(?:training|tuning|tune|job|run|re-?train\w*)\s+"
                    r"(?:\S+\s+){0,5}?(?:done|finished|complete[d]?|ready)\b"
                    # "did the wine retrain finish?": whether the job ended ("did the training succeed?" is its record)
                    r"|^\W*did\s+(?:\S+\s+){0,3}?(?:training|tuning|tune|job|run|re-?train\w*)\s+(?:\S+\s+){0,5}?"
                    r"(?:finish(?:ed)?|complete[d]?|wrap\s+up|end|get\s+done)\b"
                    r"|^\W*(?:is|are|was|has)\s+(?:\S+\s+){0,3}?(?:training|tuning|tune|job|run|re-?train\w*)\s+(?:\S+\s+)?"
                    r"(?:stopped|cancell?ed|aborted|killed|over)\b"  # "is the cancer training actually stopped now?"
                    r"|\b(?:been|got|gotten)\s+(?:\S+\s+)?(?:promoted|deployed|shipped|released|rolled\s+out)\s+yet\b"
                    r"|\bwhat(?:'?s|\s+is)\s+(?:in|live\s+in|serving\s+in|running\s+in)\s+prod\w*\s+(?:vs\.?|versus|and|&)\s"
                    r"|\b(?:score|metric|roc\w*|auc|f1\w*|rmse|accuracy)s?\s+(?:\S+\s+)?(?:at|from|during|after|in)\s+"
                    r"(?:training|train\s+time|registration)\b|\btraining[-\s]time\s+(?:score|metric)s?\b"
                    # a job's progress, or a training going on now: "training job progress?", "is anything being retrained?"
                    r"|\b(?:training|tuning|re-?train\w*|tune)\s+(?:job\s+|run\s+)?(?:progress|eta)\b|\bprogress\s+(?:of|on"
                    r"|for)\s+(?:the\s+|its\s+)?(?:\S+\s+)?(?:training|tuning|job|re-?train\w*|tune)\b"
                    r"|^\W*(?:is|are)\s+(?:\S+\s+){0,3}?being\s+(?:re-?trained|trained|tuned|re-?fit)\b"
                    # what a version is, asked outright: "is diabetes v4 the production version?"
                    r"|^\W*(?:is|are)\s+(?:\S+\s+){0,4}?(?:the\s+)?(?:production|prod|live|current|serving|champion)\s+"
                    r"(?:version|one|model)\W*$"
                    # the data a version was trained on, as recorded: "which window was the challenger trained on?"
                    r"|\b(?:which|what)\s+(?:window|data(?:set)?|period|dates|time\s*range|date\s+range|rows)\s+(?:\S+\s+){0,6}?"
                    r"trained\s+on\b|" + _VERSIONS_SCORED)

# A question about the training data's shape, not about drift: categories, columns and their types, what is wrong,
# the checks the validation gate runs ("a missingness check", "schema + null checks")
_DATA_SHAPE = re.compile(r"\b(?:categor(?:y|ies|ical)\s+(?:values|levels)|(?:training|data|input|batch)\s+columns"
                         r"|columns?\s+(?:and|&)\s+(?:d?types|schema)|dtypes?|data\s*types|column\s+types"
                         r"|(?:wrong|problems?|issues?)\s+(?:with|in)\s+(?:the\s+|its\s+)?(?:training\s+)?(?:data|batch)"
                         r"|(?:missing(?:ness)?|missing\s+values?|nulls?|nans?|null[-\s]rates?|dtypes?|types?|ranges?"
                         r"|schema|completeness)\s+(?:and\s+|&\s+|\+\s+|/\s*)?(?:\w+\s+)?checks?"
                         r"|(?:unseen|new|unknown|unexpected)\s+categor(?:y|ies)(?:\s+values)?\s+(?:in|inside|among)\s+"
                         r"(?:the\s+)?(?:training|data|batch))\b")
_DRIFTED = re.compile(r"\bdrift\w*")

# The list of models named as a list ("the model list", "a list of all models")
_MODEL_LIST = re.compile(r"\bmodel\s+(?:list|names)\b|\b(?:list|names)\s+of\s+(?:the\s+|all\s+(?:the\s+)?|our\s+|your\s+)?models\b")

# "I want v11 of wine serving in production", "we need the challenger live": a wish for a version's state is a deploy
_LIVE_STATE = re.compile(r"^\W*(?:i|we)(?:'d|\s+would)?\s+(?:want|need|like)\s+(?:(?:of|the|version|model)\b[\s,]*|\s)*"
                         r"(?:to\s+be\s+|be\s+)?(?:serving|live|running|deployed|answering|in\s+prod(?:uction)?)\b")

# "push it", "push that through", "great, send it": a bare push in a thread is its deploy (a sent "it" is blanked where
# this is read: only its spaces are left)
PUSH = re.compile(r"\bpush\b(?=(?:\W|it\b|that\b|this\b|through\b|ahead\b|forward\b)*$)|\bsend\b(?=\s{3,}\W*$)")

# "check it matches", "and verify that it is identical": part of a reproduction, no check of its own
_VERIFIES = re.compile(r"^\W*(?:and\s+)?(?:check|verify|confirm|make\s+sure)\s+(?:that\s+|if\s+|whether\s+)?(?:it\s+)?"
                       r"(?:matches|match|is\s+identical|is\s+the\s+same|reproduces|comes\s+out\s+the\s+same)\b")

# After an online test was started: "how's it looking?", "how is it going?", "any verdict yet?" ask about that test
_HOW_IS_IT = re.compile(r"^\W*(?:so\s+)?how(?:'?s|\s+is|\s+are)\s+(?:things\s+|it\s+)?\s*(?:going|looking|doing"
                        r"|coming\s+along)\b|^\W*(?:any|got\s+(?:a|an|any)|is\s+there\s+(?:a|an|any)|what(?:'s|\s+is)\s+the)"
                        r"\s+(?:news|results?|updates?|verdict|winner|outcome|numbers)(?:\s+(?:yet|so\s+far|already))?\W*$")

# A clause that reports what happened, not a request: "diabetes drifted again", "the new wine model in prod is bad",
# "looks like drift", "infra deploy in progress" (read as typed: its subject is what tells it from a question)
# (question words, conjunctions and the verbs of a command are no subject: "retrain wine since it drifted" asks)
_NOT_A_SUBJECT = (r"(?:why|what|which|who|how|when|where|is|are|did|does|do|has|have|can|could|should|please|if|and|but"
                  r"|since|because|as|so|re-?train\w*|train\w*|deploy\w*|ship|promote|roll|revert|undo|validate|evaluate"
                  r"|compare|tune|monitor|snooze|mute|unlock|release|run|check|show|tell|give|let|make|put|push|go|find)\b")
_NEWS = re.compile(rf"^\W*(?:(?!{_NOT_A_SUBJECT})[a-z][\w'-]*\s+){{1,8}}?(?:(?:has|have|just|'s)\s+)?(?:drifted|dropped"
                   r"|degraded|tanked|regressed|got\s+worse|went\s+(?:bad|down)|broke|messed\s+up|screwed\s+up)\b"
                   # "that 2pm deploy broke scoring": a change told by what it did, the reason for the request beside it
                   r"|^\W*(?:the|our|this|that|their|his|her|[a-z]+'s)\s+(?:[\w'-]+\s+){0,3}?(?:deploy\w*|release|roll-?out"
                   r"|push|promotion|retrain\w*|change|update)\s+(?:has\s+|just\s+)*(?:broke|broken|messed\s+up|screwed\s+up"
                   r"|tanked|hurt|killed|wrecked|degraded|dropped)\b"
                   rf"|^\W*(?:the|our|this|that)\s+(?:(?!{_NOT_A_SUBJECT})[\w'-]+\s+){{0,7}}?(?:is|are|was|looks|seems)\s+"
                   r"(?:really\s+|so\s+|pretty\s+)?(?:bad|broken|worse|awful|terrible|garbage|wrong)\b"
                   r"|^\W*(?:looks|seems|sounds)\s+like\b"
                   # "infra deploy in progress", "maintenance underway": work going on elsewhere, a noun and its state
                   r"|^\W*(?:(?!(?:why|what|which|who|how|when|where|is|are|did|does|do|can|could|please|if)\b)[a-z][\w'-]*"
                   r"\s+){1,5}?(?:is\s+|are\s+|still\s+)*(?:in\s+progress|under\s?way|ongoing|going\s+on|in\s+flight)\W*$")

# Live inputs set against the training data ("compare cancer's live traffic to its training data"): a drift check,
# read as typed (the live words are a slot, blanked for the cues)
_LIVE_VS_TRAINING = re.compile(r"\b(?:live|production|prod|real|actual|served|serving|incoming)\s+(?:user\s+)?(?:traffic"
                               r"|inputs?|requests|data)\s+(?:\S+\s+){0,2}?(?:to|against|with|vs\.?|versus)\s+(?:its|the"
                               r"|their)\s+(?:\S+\s+)?training\s+(?:data|set|distribution|batch)\b")

# "…, I'll find someone to approve", "my lead will approve it", "I'll approve", "before I hit approve": approving with
# the buttons, which is how a change goes through; no request that the agent approve anything
_OTHERS_APPROVE = re.compile(r"\b(?:(?:find|get|ask|ping|have|(?:wait(?:ing)?|queued|held|pending)\s+for)\s+(?:someone"
                             r"|somebody|a\s+reviewer|an\s+approver|an\s+admin|my\s+lead|my\s+manager|the\s+team)\s+to\s+approve|(?:someone|somebody|my\s+lead"
                             r"|my\s+manager|an\s+admin|a\s+reviewer|the\s+team)\s+(?:will|'ll|can|should)\s+approve"
                             # the asker, later, with the button: "…, no conditions, I'll approve", "i will approve it"
                             r"|\b(?:i|we)(?:'ll|\s+will|(?:\s+am|'m|\s+are|'re)\s+(?:going\s+to|gonna|happy\s+to"
                             r"|ready\s+to))\s+(?:then\s+|just\s+|happily\s+|personally\s+)?approve"
                             # the button pressed, as when something is asked: "before I hit approve on the deploy"
                             r"|(?:hit|click|press|tap|push)(?:ing|ed|es|s)?\s+(?:the\s+|on\s+)?approve(?:\s+button)?"
                             # who may, asked: "who's allowed to approve an unlock?", "does it need someone to approve it?"
                             r"|who(?:'s|\s+is|\s+are)?\s+(?:allowed|permitted|able|supposed)\s+to\s+approve"
                             r"|who\s+(?:can|may|should|gets\s+to|has\s+to)\s+approve|(?:need|needs|require|requires)\s+"
                             r"(?:someone|somebody|anyone|anybody|an?\s+\w+)\s+to\s+approve)"
                             r"(?:\s+(?:it|that|this|the\s+\w+))?\b")


def others_approve_removed(body: str) -> str:
    """`body` without what says someone else will approve (what the refusals must not read as approving in words)."""
    return _OTHERS_APPROVE.sub(" ", body)


def fix_typos(text: str) -> str:
    """`text` (lower case) with short typos of question words read as meant, "how come" as the "why" it means, and
    "n" between words as "and" ("retrain wine n deploy if better"), and "whos" / "whose been" as "who's"."""
    return _AND_SHORT.sub(" and ", _WHO_TYPO.sub("who's", _WHY_TYPO.sub("why", _HOW_TYPO.sub("how", text))))


_WHO_TYPO = re.compile(r"\bwhos\b|\bwhose(?=\s+(?:been|just|currently|still|now)\b)")
_AND_SHORT = re.compile(r"(?<=[a-z])\s+n\s+(?=[a-z])")


# Live inputs held against what the model was trained on: "is the data feeding cancer still the same as what it was
# trained on?", "how different is the live data vs what prod was trained on?" (a drift check, not its history)
_AGAINST_TRAINING = re.compile(r"\b(?:same|different|differ\w*|match\w*|vs\.?|versus|compared?\s+(?:to|with)|like|close\s+to"
                               r"|far\s+from|drift\w*\s+(?:away\s+)?from|changed\s+from|moved\s+from)\s+(?:as\s+|from\s+|to\s+)?"
                               r"(?:\S+\s+){0,2}?what\s+(?:\S+\s+){0,2}?(?:was|were|got|is|has\s+been)\s+trained\s+on\b")


def against_training(core: str) -> bool:
    """Whether a clause holds the live data against what the model was trained on (a drift check), or asks what is
    going on with the live data ("what is happening with the live data?")."""
    return bool(_AGAINST_TRAINING.search(core) or _LIVE_DATA_ASKED.search(core))


# What is going on with the live inputs, asked: "what is happening with the live data?", "anything odd in the incoming
# traffic?" (a drift check; the live words are no metric's traffic then)
_ASKED_OF = (r"(?:what(?:'?s|\s+is|\s+are)\s+(?:happening|going\s+on|up|wrong)|anything\s+(?:weird|odd|wrong|off|strange"
             r"|unusual|funny|fishy))\s+(?:with|in|on|about)\s+(?:the\s+)?")
_LIVE_DATA_ASKED = re.compile(rf"\b{_ASKED_OF}(?:live|incoming|production|prod|real|actual)\s+(?:data|inputs?|traffic|requests)\b")
_ASKED_OF_END = re.compile(rf"\b{_ASKED_OF}$")


def live_data_asked(body: str, at: int) -> bool:
    """Whether the live-data words at `at` are what a question asks is going on with (no metric's live traffic)."""
    return bool(_ASKED_OF_END.search(body[:at]))


def data_shape(core: str) -> bool:
    """Whether a clause asks about the training data's shape (categories, columns, dtypes, what is wrong with it)."""
    return bool(_DATA_SHAPE.search(core)) and not _DRIFTED.search(core)


def model_list(core: str, *, has_model: bool) -> bool:
    """Whether a clause that names no model asks for the list of models ("show me the model list")."""
    return not has_model and bool(_MODEL_LIST.search(core))


def wants_live(core: str) -> bool:
    """Whether a clause wishes a version in production ("I want v11 of wine serving in production", "I want the newest
    wine model to become the one customers use"), or puts one there ("put the challenger of cancer in production")."""
    return bool(_LIVE_STATE.match(core) or _PUT_LIVE.match(core) or _BECOME_LIVE.search(core))


# Production as a newcomer says it: "the one customers actually use", "what users get", "the live model"
_LIVE_ONE = (r"(?:production|prod|live|the\s+champion|the\s+(?:production|prod|live|serving|current)\s+(?:one|model|version)"
             r"|(?:the\s+one|the\s+model|the\s+version|what)\s+(?:that\s+)?(?:our\s+|the\s+)?(?:customers|users|clients"
             r"|people|everyone|the\s+app)\s+(?:actually\s+|really\s+|will\s+)?(?:use|get|see|hit|talk\s+to)s?)\b")
# A version wished to become production, said first or after what the person tells of themselves ("I'm new: I want
# the newest trained wine model to become the one customers actually use"); "I want to know whether…" wishes no
# version anything: no "to" comes before the wish's own (its object may be a blanked name and version)
_BECOME_LIVE = re.compile(r"(?:^|[.:;!]\s)\W*(?:i|we)(?:'d|\s+would)?\s+(?:really\s+)?(?:want|need|like)"
                          rf"(?:\s+(?!to\b)\S+){{0,12}}?\s+(?:to\s+)?(?:be(?:come)?|turn\s+into)\s+{_LIVE_ONE}")


_PUT_LIVE = re.compile(r"^\W*(?:(?:please|pls|now|go|just)\s+)*(?:put|get|move|bring)\s+(?:\S+\s+){1,8}?(?:in|into|to|on)\s+"
                       r"(?:production|prod)\b")


# A change said as the step before the rest of a command: "after materializing cancer, check it now", "once you've
# retrained wine, …" (the clause holds the change and its object, no more; "after yesterday's retrain" is a time)
_FIRST_STEP = re.compile(r"^\W*(?:after|once)\s(?:(?:you'?ve|you\s+have|we'?ve)\s)?(?P<verb>[a-z]+ing)\b(?:\s+(?:it|them"
                         r"|(?:the|its)\s+\w+))?\W*$")


def step_done_first(core: str) -> str | None:
    """The change verb of a clause that says a change is to be done before the rest ("after materializing cancer,")."""
    m = _FIRST_STEP.match(core)
    return m.group("verb") if m else None


# Who or what made a change, asked: "was the regression model deployed by a person or by the monitor?" (its history,
# whatever the monitor words around it say)
_MADE_BY = re.compile(r"\b(?:was|were|got)\s+(?:\S+\s+){0,4}?(?:deployed|promoted|shipped|released|rolled\s+back|reverted"
                      r"|re-?trained|trained)\s+(?:by|manually|automatically)\b")


def made_by(core: str) -> bool:
    """Whether a clause asks who or what made a change ("was v3 promoted by hand or by the monitor?")."""
    return bool(_MADE_BY.search(core))


def verifies(core: str) -> bool:
    """Whether a clause only checks that a reproduction matches ("…and check it matches")."""
    return bool(_VERIFIES.match(core))


def asks_how_it_goes(core: str) -> bool:
    """Whether a clause asks how the thread's running thing goes ("how's it looking?")."""
    return bool(_HOW_IS_IT.match(core))


def news(said: str) -> bool:
    """Whether a clause, as typed, reports what happened ("wine drifted again...") rather than asking anything."""
    return "?" not in said and bool(_NEWS.match(said))


# A model's performance set against its own training ("is it doing worse than at training?", "scoring lower than when
# it was trained"): the metric on live traffic, not a compare of two versions
_WORSE_THAN_TRAINING = re.compile(r"\b(?:doing|performing|scoring|score\w*|metrics?|f1\w*|roc\w*|auc|rmse|mae|accura\w*)\b"
                                  r".{0,30}?\b(?:worse|better|lower|higher|weaker|stronger)\s+(?:\S+\s+){0,4}?than\s+(?:it\s+(?:did|was|scored)\s+)?"
                                  r"(?:at|in|during|when|after|on|its|the)?\s*(?:it\s+was\s+)?(?:training|trained|train\s+time)\b")


def worse_than_at_training(said: str) -> bool:
    """Whether a clause sets how a model performs against how it did at training (an evaluation, on live traffic)."""
    return bool(_WORSE_THAN_TRAINING.search(said))


def live_against_training(said: str) -> bool:
    """Whether a request, as typed, sets live inputs against the training data (a drift check)."""
    return bool(_LIVE_VS_TRAINING.search(said))


# A metric's move told as background ("rmse jumped quite a bit", "lost like 5 points of f1", "f1 dropped 3%"): what
# the person saw, not a request to evaluate
_METRIC = r"(?:rmse|mae|mse|f1\w*|roc[_\s-]?auc|auc|accuracy|precision|recall|scores?|metrics?|performance|error\s+rate)"
_MOVED = (r"(?:jumped|spiked|shot\s+up|rose|climbed|increased|went\s+(?:up|down)|dropped|fell|tanked|dipped|sank|decreased"
          r"|got\s+worse|degraded|regressed|(?:is|are|was|has\s+been)\s+(?:way\s+)?(?:up|down))")
_METRIC_MOVED = re.compile(rf"\b{_METRIC}\s+(?:\S+\s+){{0,3}}?{_MOVED}\b|\b(?:lost|dropped|shed|gave\s+up)\s+(?:\S+\s+){{0,3}}?"
                           rf"(?:points?|pts|percent|%)\s+(?:of\s+|in\s+|on\s+)?(?:\S+\s+)?{_METRIC}\b")


def metric_moved(core: str) -> bool:
    """Whether a clause tells of a metric moving ("rmse jumped", "lost 5 points of f1 since …"): background to a
    root-cause question beside it, no evaluation of its own."""
    return "?" not in core and bool(_METRIC_MOVED.search(core))


# Real traffic said by its labels: "the labelled live rows", "the live cancer model on those labelled rows", "now that
# the labels came back", "we got labels back": the live rows whose outcome is known (a slot pattern: read as typed)
LABELLED_LIVE = (r"labell?ed\s+(?:live|production|prod|real|served|serving)\s+(?:rows|data|examples|records|samples|traffic)"
                 r"|(?:the\s+)?live\s+(?:[a-z]+\s+){0,2}?(?:model|version|one)\s+(?:\S+\s+){0,2}?(?:those|these|the)\s+"
                 r"labell?ed\s+(?:rows|data|examples|records|samples)"
                 r"|(?:got|get|getting|received)\s+(?:the\s+|our\s+|some\s+)?(?:ground[-\s]truth\s+)?labels\s+back"
                 r"|labels\s+(?:have\s+|had\s+)?(?:came|come|coming|got|arrived|are)\s+back"
                 r"|(?:now\s+that|once)\s+(?:the\s+)?labels\s+(?:have\s+)?(?:landed|arrived|are\s+in)")


# A change upstream told as the reason for a data check ("the ETL team changed something in the feature pipeline on
# Tuesday"): a statement with a change verb about where the data comes from, not a drift check of its own
_UPSTREAM_CHANGED = re.compile(r"^(?!\W*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:check|run|show|validate|compare))"
                               r"[^?]*\b(?:changed|updated|modified|touched|reworked|rewrote|migrated|broke|swapped|tweaked"
                               r"|replaced)\b[^?]*\b(?:etl|pipeline|upstream|ingest\w*|feed|source|job|vendor|loader)\b"
                               r"|^[^?]*\b(?:etl|pipeline|upstream|ingest\w*|vendor|loader)\b[^?]*\b(?:changed|updated|modified"
                               r"|touched|reworked|rewrote|migrated|broke|swapped|tweaked|replaced)\b")


def upstream_changed(core: str) -> bool:
    """Whether a clause only tells of a change upstream ("our ETL team changed something in the feature pipeline"):
    the reason for a data check beside it, no drift check of its own."""
    return bool(_UPSTREAM_CHANGED.search(core))


# A metric asked for on real traffic in other words: "eval wine live", "live eval for all three", "the real-world
# roc_auc" (beside a metric word); "the rmse in prod over the last 72h" is production's holdout score. Not a live thing
# that is no data: "what's live", "go live", "the live model / version / one", "live inputs", "is it live yet?"
_METRIC_WORD = re.compile(r"\b(?:eval\w*|scor\w*|f1\w*|roc\w*|auc|rmse|mae|accura\w*|metric\w*|perform\w*|precision"
                          r"|recall|error)\b")
_LIVE_WORD = re.compile(r"(?<!what's\s)(?<!whats\s)(?<!what\sis\s)(?<!\bis\s)(?<!\bare\s)(?<!\bgo\s)(?<!goes\s)(?<!going\s)"
                        r"(?<!\bwent\s)(?<!\bpush\s)(?<!\bput\s)(?<!\bbe\s)\blive\b(?!\s*=|\s*\?|\s+(?:yet|already|now|in\s+prod)\b)"
                        r"(?!\s+(?:[a-z]+\s+){0,2}?(?:one|version|model|models|inputs?|features?|experiment|test|canary"
                        r"|split|shadow)\b)"
                        r"|\breal[-\s]world\b|\b(?:actual|real|live)\s+(?:customer'?s?|client'?s?|labell?ed|user)\s+"
                        r"(?:traffic|data|requests|predictions|labels)\b")


def live_metric(body: str) -> re.Match[str] | None:
    """Where a request that asks for a metric says it is on real traffic in the words above (a slot: it is blanked)."""
    return _LIVE_WORD.search(body) if _METRIC_WORD.search(body) else None


# The record of the newest change of a kind ("newest deploy of cancer, and when", "the latest rollback of wine"): its
# history, when no change verb governs it ("undo the latest deploy"); not a window's edge ("drifted since the latest
# deploy?")
LATEST_CHANGE = re.compile(r"(?<!since\s)(?<!after\s)(?<!before\s)(?<!until\s)(?<!since\sthe\s)(?<!after\sthe\s)"
                           r"(?<!before\sthe\s)(?<!until\sthe\s)\b(?:latest|newest|most\s+recent)\s+(?:deploy|rollback"
                           r"|roll\s*back|re-?train|training|promotion|release|revert|tuning|snooze|unlock)\w*")


# A past change asked about, in words the history cues miss: whether one was made ("did we already deploy something
# on wine today??"), whether it went through ("did the rollback of wine go through yesterday?"), how production
# changed over time ("a picture of how production changed over time"), and the history named in another language
# ("historial de cancer"). Read on a clause; "did that approval go through?" in a thread is that approval (understand)
PAST_CHANGE = re.compile(r"\bdid\s+(?:we|you|u|they|anyone|anybody|someone|somebody|i)\s+(?:already\s+|just\s+|ever\s+"
                         r"|actually\s+|really\s+)?(?:re-?train|train|deploy|ship|promote|release|roll\s*back|rollback|revert"
                         r"|tune|push)\b"
                         r"|\bdid\s+(?:the|that|our|its|their|this|my)\s+(?:last\s+|latest\s+)?(?:\S+\s+)?(?:rollback|roll\s*back"
                         r"|deploy\w*|release|promotion|revert|retrain\w*|training|tuning)\s+(?:\S+\s+){0,3}?(?:go\s+through"
                         r"|succeed|work|land|happen|go\s+(?:ok|okay|well|fine))\b"
                         r"|\b(?:picture|chart|graph|plot|view|story)\s+of\s+how\s+(?:\S+\s+){0,6}?(?:changed|evolved|moved)\b"
                         r"|\b(?:changed|evolved)\s+over\s+time\b"
                         r"|\b(?:historial|historique|historia|histórico|historico|verlauf|geschichte)\b")


# A version pointed at by the move the thread showed (a deploy, a rollback, the newest history entry). The one moved
# away from: "the version it replaced", "the one we rolled back from", "what was live before it"; the one moved to:
# "the version we rolled back to", "the one they reverted to". Versions, not requests: "rolled back" here is no change.
_ONE = r"(?:the\s+)?(?:version|one|model|release)\s+(?:that\s+|which\s+)?"
_WHO = r"(?:it|this|that|we|they|you|someone|somebody|he|she|the\s+deploy|the\s+rollback|v?\d+|[a-z0-9]+)\s+"
# "the version we just shipped", "what they just deployed", "the release that just went out": the one a deploy put in
# production ("just" says it is the thread's move, not any past release)
_SHIPPER = r"(?:(?:we|they|you|someone|somebody)\s+|(?:has\s+|have\s+)?)"
_SHIPPED = r"(?:shipped|deployed|released|promoted|pushed(?:\s+(?:out|live))?|rolled\s+out|went\s+(?:out|live)|put\s+(?:live|in\s+prod\w*))"
_REPLACED_WORDS = re.compile(rf"\b(?:{_ONE}{_WHO}(?:just\s+)?(?:replaced|superseded|took\s+over\s+from|displaced)|{_ONE}(?:was|got|has\s+been)\s+"
                            r"(?:replaced|superseded)|the\s+replaced\s+(?:one|version)|what\s+(?:it|that|this)\s+replaced"
                            rf"|{_ONE}{_WHO}(?:just\s+)?(?:rolled|reverted|moved|switched|went)\s+(?:\S+\s+)?(?:back\s+)?(?:away\s+)?from"
                            rf"|{_ONE}(?:was\s+|we\s+had\s+)?(?:live|in\s+prod\w*|serving|in\s+place)\s+before(?:\s+(?:it|that|this|the\s+"
                            r"(?:deploy\w*|rollback|change|move)))?)(?!\w)")
_MOVED_WORDS = re.compile(rf"\b(?:{_ONE}{_WHO}(?:just\s+)?(?:rolled|reverted|moved|switched|went|returned)\s+(?:\S+\s+)?(?:back\s+)?to"
                         r"|what\s+(?:we|they|it)\s+(?:rolled|went)\s+back\s+to"
                         rf"|(?:{_ONE}|what\s+){_SHIPPER}just\s+(?:got\s+)?{_SHIPPED})(?!\w)")
# "was cancer 4 the version someone rolled back to?": which version that was is asked (history), none is pointed at
_ASKED_WHICH = re.compile(r"\b(?:was|is|were|are|wasn'?t|isn'?t)\s+(?:\S+\s+){1,3}$")


def versions_of_a_move(text: str) -> list[tuple[int, int, str]]:
    """The versions `text` points at by the thread's move, with their spans: "previous" (the one it replaced) or
    "moved" (the one it put in production)."""
    return [(m.start(), m.end(), value) for pattern, value in ((_REPLACED_WORDS, "previous"), (_MOVED_WORDS, "moved"))
            for m in pattern.finditer(text) if not _ASKED_WHICH.search(text[:m.start()])]
