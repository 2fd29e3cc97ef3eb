"""The words that name each registry tool in a clause: a cue per tool, which of them read and which change, and the
command verb each word stands for. `intents` weighs them against the shape of the sentence."""

from __future__ import annotations

import re

from tools.agent.understanding.words import lifecycle, online_tests, serving

# The words the cues below are written in, and the verdicts an alert is rated with ("rtae 9 nosie"): typos of these
# are read as these (names.correct).
VOCABULARY = {w: w for w in """train retrain refit rebuild refresh retraining training deploy deploying deployment
deployments deployed promote promoted ship shipped release rollback rollbacks revert restore undo compare comparison
evaluate evaluation drift drifting drifted validate validation status history models help monitor monitoring monitors
alerts incidents incident snooze silence tune tuning cancel unlock check production challenger hyperparameter hyperparameters
hyperparams reproduce reproducible cause feedback rate noise useful helpful legit false""".split()}
_GROUPS = {"train": "train", "retrain": "train", "deploy": "deploy", "rollback": "rollback", "monitor": "monitor",
           "compare": "compare", "evaluat": "evaluate", "drift": "drift", "validat": "validate", "tun": "tune",
           "hyper": "tune", "alert": "alerts", "incident": "alerts"}
VOCABULARY = {w: next((g for p, g in _GROUPS.items() if w.startswith(p)), w) for w in VOCABULARY}

# Reads, in the order they win within one clause.
HELP = re.compile(r"\b(help|what\s+(?:can|do)\s+you\s+do|(?:everything|anything|things|stuff)\s+(?:else\s+)?(?:i|we)\s+can"
                   r"\s+(?:ask|say|type|tell)|how\s+(?:do|can|could|should|would)\s+(?:i|we|you)\b|how\s+to\b"
                   r"|how\s+(?:does|do)\s+(?:\S+\s+){1,3}?work|explain|what\s+does\s+\S+\s+(?:do|mean)|usage|commands?\b)")
ABTEST = re.compile(r"\b(a\s*/\s*b(?:\s*test\w*)?|ab\s*-?\s*test\w*|split\s+test\w*|shadow\w*|online\s+test\w*"
                     r"|(?:online|live|split|traffic)\s+experiment\w*|canary|(?:numbers|results?|verdict|stats|winner)\s+(?:for|of|from|on)\s+the\s+test\b|(?:send|route|split|divert|give)\s+(?:\S+\s+){0,6}?traffic|\d+\s*(?:%|percent)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:traffic|requests)"
                     rf"|{online_tests.EXPERIMENT}|{online_tests.WINNING})|{online_tests.MODELS_TEST}")
# "release cancer's lock", "force-release the model lock", "free up the job's stale lease" (a blanked model name before
# "'s" or in place of "model": "release the diabetes lock")
UNLOCK = re.compile(r"\b(unlock\w*|(?:release|free(?:\s+up)?|clear(?:\s+out)?|remove|drop|break|kill|delete|lift|get\s+rid\s+of)"
                     r"\s+(?:the\s+|its\s+|that\s+|this\s+)?(?:'s\s+)?(?:(?:model|job|training|tuning)(?:'s)?\s+)?(?:stale\s+"
                     r"|stuck\s+|old\s+|dead\s+|hung\s+|leftover\s+|orphan\w*\s+)?(?:lock|lease)|stuck\s+lock\w*"
                     r"|lock\w*\s+(?:is\s+)?stuck|is\s+locked|stuck\s+(?:and\s+)?locked|lock\s+on\b"
                     r"|lock\s+(?:is\s+|was\s+)?(?:still\s+)?(?:held|owned|taken|kept|belongs)\b"
                     # "force the lock off", "take its lock off" (the verb may be a slot, blanked: "force")
                     r"|(?:(?:take|get|pull|force|knock|rip)\s+)?(?:the\s+|its\s+|that\s+)?lock\s+off\b)")
HISTORY = re.compile(
    r"\b(history|audit(?!ors?\b)\w*|changelog|\blog\b|logs|timeline|who\s+(?:\w+\s+){0,2}(?:\w+ed|made|ran|took|put|deployed|trained|retrained|shipped|"
    r"rolled|approved|promoted|released|changed|did|reverted|tuned|pushed)|when\s+(?:was|were|did|has|have)|how\s+many"
    r"\s+(?:times|(?:\w+\s+)?(?:deploy|deployment|rollback|retrain|training|release|promotion|revert|tuning|snooze|unlock)s)|how\s+often|things\s+(?:that\s+)?(?:have\s+|were\s+|got\s+)?(?:happened"
    r"|been\s+done|done|changed)|ever\s+(?:been\s+)?(?:deployed|trained|rolled|shipped|promoted|reverted)|(?:was|were|got|"
    r"been|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:deployed|trained|retrained|shipped|promoted|rolled|reverted|released)"
    r"|rollbacks|deployments|(?:which|what|the|all|past|recent|previous|those)\s+deploys\b|failed|(?:would|will)\s+(?!you\b|u\b)(?:\S+\s+){0,2}roll\s*back|fail(?:ed|ure)?\b.{0,40}\bwhy|why\b.{0,40}"
    r"\bfail|recent\s+(?:changes|deploys|deployments|actions)|(?:past|previous|earlier)\s+(?:deploys|deployments)"
    # "has anybody rolled it back recently?", "did someone ship wine this week?": whether a change was made, its record
    r"|(?:has|have|had)\s+(?:any|some)(?:one|body)\s+(?:ever\s+|already\s+|just\s+|since\s+)?(?:rolled|deployed|trained"
    r"|retrained|shipped|promoted|reverted|released|tuned)\b|did\s+(?:any|some)(?:one|body)\s+(?:ever\s+)?"
    r"(?:roll|deploy|train|retrain|ship|promote|revert|release|tune)\b)")
# An audit as the occasion of a request, not its trail: "before the audit on monday, …", "ahead of next week's audit"
OCCASION = re.compile(r"\b(?:before|ahead\s+of|for|after|until|till|prior\s+to|in\s+time\s+for|by)\s+(?:the|our|an?|this|next"
                       r"|that|their|[a-z]+'s|next\s+[a-z]+'s)\s+(?:\w+\s+)?audit(?:ors?)?\b(?!\s+(?:trail|log|history|records?|entries|events))")
MONITORS = re.compile(r"\b(monitors|monitorings|scheduler|scheduled\s+checks|(?:what|which)\s+(?:\w+\s+)?(?:is|are)\s+(?:being\s+)?"
                       r"(?:watched|monitored))")
ALERTS = re.compile(r"\b(alerts?|alarms?|incidents?|(?:did|has|have|is|was)\s+(?:anything|something)\s+(?:been\s+)?(?:fire"
                     r"|fired|firing|go\s+off|gone\s+off|going\s+off|page|paged|paging)|(?:is|are)\s+(?:anything|something)\s+(?:wrong|on\s+fire|broken|(?:still\s+)?open)"
                     r"|(?:what|which)(?:\s+else|\s+ones?)?(?:'s|\s+is|\s+are)\s+(?:still\s+)?open\b|paged|pages|firing"
                     # "anything else open for that model?", "any other open ones for wine?"
                     r"|(?:anything|something|any|else|other|others|more)\s+(?:(?:else|other|more)\s+)?(?:still\s+)?open\b"
                     r"(?!\s+(?:it|that|the|a|an|incident|up)\b))")  # "show me what's open on it"
VALIDATE = re.compile(r"\b(validat\w*|data\s+quality|quality\s+of|sanity[-\s]check\w*|(?:training|new|fresh|latest)\s+"
                       r"(?:data|batch)|training\s+batch|batch\b|trust\s+(?:the\s+)?\S*\s*(?:data|batch)|schema)")
DRIFT = re.compile(r"\b(drift\w*|inputs?|features?|covariate|distribution\w*|shift\w*|(?:data|traffic)\s+(?:\w+\s+){0,3}"
                    r"(?:changed?|different|moved|look\w*|shift\w*)|(?:changed?|different|look\s+like|moved)\b.{0,30}"
                    r"\b(?:data|traffic)|look\s+like\s+(?:the\s+)?training|what\s+it\s+was\s+trained\s+on"
                    # "are customers sending us weird values lately?": odd values coming in are the live inputs
                    r"|(?:send|sent|sending|feed\w*|get(?:ting)?|receiv\w*)\s+(?:us\s+|me\s+|it\s+)?(?:(?:some|any|a\s+lot\s+of"
                    r"|lots\s+of)\s+)?(?:weird|strange|odd|unusual|funny|unexpected|abnormal|bizarre|crazy)\s+values)")
COMPARE = re.compile(r"\b(compar\w*|vs\.?|versus|against|side\s+by\s+side|stack\w*\s+up|beats?|beating"
                      r"|relative\s+to|measure\w*\s+up|(?:better|worse)(?!\s+(?:hyper-?)?param\w*|\s+settings)|outperform\w*|which\s+(?:one\s+)?(?:wins|is\s+best)|head\s+to\s+head|pass\w*\s+the\s+(?:\w+\s+)?"
                      r"gate|diff\b|improve\w*\s+on|compared|match\s+up)")
EVALUATE = re.compile(r"\b(evaluat\w*|eval\b|score\b|scores\b|scored\b|scoring\b|measure\w*|how\s+(?:good|well|accurate|precise)|accura\w*"
                       r"|metrics?|f1\w*|roc\w*|auc|rmse|mae|precision|recall|perform\w*|how\s+(?:does|did)\s+.{0,60}"
                       r"\bdo\b|test\s+\S+\s+on|on\s+(?:live|real)\s+(?:traffic|data|predictions|labels))")
STATUS = re.compile(r"\b(status|who(?:'s|\s+is)\s+(?:the\s+|our\s+)(?:current\s+)?(?:challenger|champion|\s+)"
                     r"(?:\s+(?:on|for|of|in|at)\b|\s*\??\s*$)|live|serving|served|running\s+in\s+prod\w*|in\s+prod\w*|champion|pending|still\s+running"
                     r"|running|doing|answer\w*\s+(?:the\s+)?requests|current\s+(?:prod\w*\s+)?version|which\s+version"
                     r"|what\s+version|versions|what\s+did\s+.{0,40}\bscore|what\s+score|where\s+(?:is|are)\s+.{0,30}"
                     r"\bat|state\s+of|overview|summary|deployed\s+(?:right\s+now|at\s+the\s+moment|currently|now)|up\s+to\s+date"
                     r"|(?:is|are|(?<=what)'s)\s+(?:currently\s+|now\s+)?deployed\b(?!\s+(?:by|yet|when|to|after|before)|\s+on\s+(?!all|every|each))"
                     r"|how(?:'s|\s+is|\s+are)\s+(?:\S+\s+){0,3}?looking\b"  # "how's cancer looking these days?"
                     r"|what(?:'?s|\s+is|\s+are)\s+(?:the\s+)?(?:prod(?:uction)?|champion)\b(?!'|\s+(?:data|traffic|inputs?)))")
MODELS = re.compile(r"\b(models\b|every\s+model|all\s+(?:the\s+)?models?|which\s+models|what\s+models)")
RUN_CHECK = re.compile(r"\b((?:run|trigger|do|kick\s+off|fire|start)\s+(?:\w+\s+){0,3}?(?:check|monitor(?:ing)?\s+check"
                        r"|health\s*check)|check\s+\S+(?:\s+\S+)?\s+(?:now|right\s+now|once|immediately)|run\s+the"
                        r"\s+monitor\b|health\s*check|check\b(?!\s+(?:if|whether|the\s+quality)))")

# Changes.
ROLLBACK = re.compile(r"\b(rollback\w*|roll\w*\s+(?:\S+\s+){0,3}?back|revert\w*|undo\w*|restor\w*|go(?:es|ing)?\s+back"
                       r"|reinstat\w*|back\w*\s+out\b|take\s+(?:\S+\s+){0,3}?back|put\s+(?:\S+\s+){0,6}?back|bring\s+(?:\S+\s+){0,3}?back|revers\w*"
                       r"|back\s+to\b|return\w*\s+(?:\S+\s+){0,4}?to\s+(?:the\s+|an?\s+)?(?:old(?:er)?\b|previous\b|prior\b|earlier\b|former\b|(?=\s{3,}|\s*$))|(?:prod\w*|production)\s+to\s+(?:v?\d+)?\s*again|downgrad\w*)")
DEPLOY = re.compile(r"\b(deploy\w*|promot\w*|ship\w*|releas(?!\w*\s+notes?\b)\w*|go(?:es)?\s+live|roll\w*\s+(?:it\s+)?out|push\w*\s+(?:\S+"
                     r"\s+){0,3}?(?:live|to\s+prod\w*|into\s+prod\w*|out)|put\s+(?:\S+\s+){0,4}?(?:(?:in|into|to)\s+prod\w*|live)"
                     # "get wine v12 live", "take it live now": live as where it ends up, not live data or metrics
                     r"|(?:get|take|bring)\s+(?:\S+\s+){0,4}?live\b(?=\W*$|\s+(?:now|today|tonight|asap|please|pls|first|then"
                     r"|and|if|once|when|before|after|by)\b)"
                     r"|make\s+(?:\S+\s+){0,4}?(?:the\s+)?(?:production|champion|live|prod)|swap\w*\s+(?:\S+\s+)?in"
                     r"|swap\w*\s+(?:\S+\s+){0,4}?over\s+to"
                     r"|to\s+prod(?:uction)?\b|into\s+prod(?:uction)?\b|go\s+with\s+v?\d|switch\s+(?:\S+\s+){0,3}?to"
                     r"|replace\s+(?:prod|production|the\s+champion)|make\s+it\s+so|graduat\w*|elevat\w*\s+(?:\S+\s+){0,4}?to\s+prod\w*|upgrad\w*\s+(?:(?!monitor|check|schedul)\S+\s+){0,3}?to\b)")
TRAIN = re.compile(r"\b(re-?train\w*|train(?:ing)?(?!\s+(?:data|batch|window|set|rows))|re-?fit\w*|fit|refresh\w*|"
                    r"re-?build\w*|re-?learn\w*|new\s+(?:\S+\s+)?(?:model|version)\b|(?:new|fresh)\s+training)")
# "HPO", "a sweep", "grid search", "find better hyperparameters": what a search over settings is called
TUNE = re.compile(r"\b(tun(?:e|ing)|hyper-?param\w*|hpo\b|optimi[sz]\w*|(?:grid|random|bayesian)\s+search|sweep\w*"
                   r"|(?:find|search\s+for|look\s+for|get)\s+(?:\S+\s+){0,2}?(?:params|parameters|settings)|search\s+"
                   r"(?:for\s+)?(?:better\s+)?(?:params|parameters|settings)|(?:better|best|optimal)\s+param\w*|\d+\s+trials)")
# "make quiet the wine alerts", "keep diabetes silent": the alerts made quiet, said with make / keep / get
SNOOZE = re.compile(r"\b(snooz\w*|mute\w*|silenc\w*|hush|shh+|shush\w*|shut\s+up|(?:make|keep|get)\s+(?!sure\b)(?:\S+\s+)"
                     r"{0,4}?(?:quiet|silent)\b|quiet|stop\s+(?:the\s+)?(?:alerts?|alerting|paging|"
                     r"notifications|pinging|spamming)|don'?t\s+(?:alert|page|ping|notify)"
                     # "hold off on the diabetes alerts for 3 days", "pause wine's alerts": the alerts held back a while
                     r"|(?:hold\s+off\s+(?:on\s+)?|hold\s+(?:back\s+)?|pause\s+|suspend\s+)(?:the\s+|all\s+|any\s+|its\s+)?"
                     r"(?:\S+\s+){0,2}?(?:alerts?|alerting|paging|pages|notifications|pings)\b)")
MONITOR = re.compile(r"\b(monitor(?!s\b)\w*|watch\w*|keep\s+an\s+eye|every\s+\d|hourly|daily|every\s+(?:hour|day|minute)"
                      r"|schedule\w*)")
# "forget it" calls a job off; "i always forget" tells of the asker, no job
CANCEL = re.compile(r"\b(cancel\w*|abort\w*|kill\w*|nuke\w*|stop\w*|terminat\w*|halt|scrap\w*|call\w*\s+off|withdraw\w*|nvm"
                     rf"|never\s*mind|{lifecycle.NOT_OF_THE_ASKER}forget(?!ting|ful|\s+(?:to|about\s+(?:it|that))\b)"
                     r"|end\b(?!\s+(?:of|up|to|date|users?|points?)\b))")

READS = [("help", HELP), ("feature_skew", serving.SKEW), ("abtest", ABTEST), ("history", HISTORY), ("monitors", MONITORS), ("alerts", ALERTS),
         ("check_drift", DRIFT), ("validate_data", VALIDATE), ("compare", COMPARE), ("evaluate", EVALUATE),
         ("status", STATUS), ("list_models", MODELS), ("run_check", RUN_CHECK), ("history", lifecycle.LATEST_CHANGE)]
CHANGES = [("materialize", serving.LOAD), ("unlock", UNLOCK), ("abtest", ABTEST), ("snooze", SNOOZE),
           ("tune", TUNE), ("rollback", ROLLBACK), ("monitor", MONITOR), ("deploy", DEPLOY), ("train", TRAIN),
           ("cancel", CANCEL), ("deploy", lifecycle.PUSH)]
VERB_OF = {"train": "train", "retrain": "train", "fit": "train", "deploy": "deploy", "deploying": "deploy",
           "ship": "deploy", "promote": "deploy", "rollback": "rollback", "revert": "rollback", "roll": "rollback",
           "compare": "compare", "evaluate": "evaluate", "drift": "drift", "validate": "validate", "tune": "tune",
           "tuning": "tune", "monitor": "monitor", "monitoring": "monitor", "snooze": "snooze", "cancel": "cancel",
           "unlock": "unlock", "abtest": "abtest", "status": "status", "history": "history", "check": "check",
           "alerts": "alerts", "models": "models", "reproduce": "reproduce", "card": "card", "why": "why",
           "incident": "incident", "rate": "rate", "approval": "approval", "feedback": "feedback", "skew": "skew",
           "materialize": "materialize", "materialise": "materialize"}
