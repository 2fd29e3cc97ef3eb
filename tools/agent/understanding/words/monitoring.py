"""Monitoring said in other words, kept apart from the shared cue lists: the monitors' overview ("the monitoring
dashboard", "which monitor fired the most"), a pass run now ("don't wait for the hourly run"), a schedule only
mentioned, a policy said as what the monitor should not do, and a check asked for what it will find out."""

from __future__ import annotations

import re

from tools.agent.understanding.phrases import Found

# The monitors overview, asked about as a whole: no one monitor, but all of them, their setup or their policies
_OVERVIEW = re.compile(
    r"\b(?:monitor(?:ing|s)?\s+(?:dashboard|overview|set-?up|summary|config\w*|landscape|report|health)"
    r"|(?:overview|summary|dashboard|rundown|round-?up)\s+of\s+(?:\w+\s+){0,2}?monitor"
    r"|(?:each|every|per|which|any)[-\s]+(?:\w+\s+)?monitors?\b"
    r"|digest|quiet\s+(?:windows?|hours|periods?|times?)"
    # what is snoozed now, asked of them all: "anything else quiet at the moment?", "which models are muted?"
    r"|^\W*(?:is\s+|are\s+)?(?:there\s+)?(?:anything|anyone|anybody|something|what|who|which(?:\s+(?:models?|monitors?|ones?))?"
    r"|any\s+(?:other\s+)?(?:models?|monitors?|others?))\s+(?:else\s+)?(?:(?:is|are|'s)\s+)?(?:still\s+|currently\s+|also"
    r"\s+|now\s+)?(?:snoozed|muted|silenced|quiet(?:ed)?|hushed|on\s+mute)\b"
    # which monitors have a policy on: "which models have retrain-on-drift or auto deploy switched on?"
    r"|which\s+(?:models?|monitors?)\s+(?:have|has|use|got)\s+(?:\S+\s+){0,6}?(?:switched|turned|set)\s+on\b"
    r"|which\s+(?:models?|monitors?)\s+(?:have|has|use|got)\s+(?:\S+\s+){0,6}?(?:enabled|active)\b"
    r"|(?:severity|alert(?:ing)?|paging|escalation|notification)\s+(?:polic\w*|rules|levels|thresholds)"
    r"|what(?:'s|\s+is|\s+are)\s+(?:still\s+|currently\s+|now\s+)?(?:being\s+)?(?:watched|monitored)"
    r"|what(?:'s|\s+is|\s+are)\s+still\s+(?:running|on|active|enabled|switched\s+on)\b"
    r"|how\s+often\s+(?:do\s+|does\s+)?(?:they|the\s+(?:monitors|checks)|monitors|checks)\s+run"
    # "evidence that drift monitoring exists for all three models": whether each model has one, the listing
    r"|monitor(?:ing|s)?\s+(?:exists?|is\s+(?:set\s+up|in\s+place|configured)|are\s+(?:set\s+up|in\s+place|configured))"
    r"\s+(?:for|on)\s+(?:all|every|each)\b"
    # "all the drift checks we run", "every check you have scheduled": the monitors, whatever they check
    r"|(?:all|every)\s+(?:the\s+|our\s+)?(?:\w+\s+)?checks?\s+(?:that\s+)?(?:we|you)\s+(?:run|have|schedule)"
    # the severity policy asked as what would page: "what drop actually pages someone?", "how big a drop pages
    # someone?", "how bad does it get before anyone is paged?" (no page that happened: "did anyone get paged?")
    r"|(?:what|how\s+(?:big|large|bad|much|steep|severe|high|low|far))\s+(?:\w+\s+){0,5}?(?:would\s+|will\s+"
    r"|actually\s+|does\s+|do\s+|(?:does|would|will)\s+(?:it\s+)?take\s+to\s+)?(?:pages?|wakes?\s+up)\s+(?:someone|somebody|anyone"
    r"|anybody|a\s+human|people|the\s+on-?call|us|me|the\s+team)\b"
    r"|how\s+(?:big|large|bad|much|steep|severe|high|low|far)\b.{0,40}?\bbefore\s+(?:someone|somebody|anyone|anybody|we"
    r"|i|a\s+human|the\s+on-?call)\s+(?:gets?|is|are)\s+(?:paged|woken|alerted)\b"
    # or as what sets one off: "what drop in the primary metric triggers a page?", "how much drift would fire an alert?"
    r"|(?:what|how\s+(?:big|large|bad|much|steep|severe|high|low|far))\s+(?:\S+\s+){0,6}?(?:would\s+|will\s+|actually\s+"
    r"|does\s+|do\s+|should\s+)?(?:trigger|sets?\s+off|fire|raise|open)s?\s+(?:a\s+|an\s+)?(?:page|alert|alarm|incident)s?\b"
    # the alerting policy asked as its noise: "how noisy are their alerts?" ("noisy" may come blanked, a verdict)
    r"|how\s+(?:noisy|chatty|spammy|loud|\s{3})\s+(?:are|is|have|has)\s+(?:the\s+|their\s+|our\s+)?(?:alert(?:s|ing)?|alarms?|pages"
    r"|monitors?)\b)")
# How much of the alerting was noise, which only the monitors' listing counts (per monitor, over 30 days): "the noise
# rate of our alerts", "false alarm ratio", "what share of the alerts were noise" (no verdict on one alert)
_NOISE_ASKED = re.compile(r"\b(?:noise|false[-\s]alarms?)\s+(?:rates?|ratios?|levels?|share|percentages?|proportion|stats"
                          r"|statistics|numbers|figures)\b|\b(?:share|fraction|percentage|percent|proportion|ratio|how\s+many"
                          r"|how\s+much)\s+of\s+(?:the\s+|our\s+|its\s+|their\s+|all\s+)?(?:\S+\s+){0,2}?(?:alerts?|alarms?|pages"
                          r"|incidents)\b[^.?!;]{0,60}?\b(?:noise|false\s+alarms?)\b")
# A monitor setting named by its own name ("the cooldown", "min new rows"): set when a value is given, else shown
_SETTING = re.compile(r"\b(?:cool[-\s]?down|min(?:imum)?[\s_]+(?:new[\s_]+)?rows|min_new_rows|on_drift|on_new_data)\b")
# Who or when a monitor was changed ("who changed the diabetes monitor's interval?", "when was the cancer monitor turned
# off, and by whom?"): the monitor keeps who last set it and when, so its own record answers, not the model's history
_WHO_WHEN = re.compile(r"\b(?:who|whom|whose|when|what\s+time|which\s+(?:person|user|day))\b")
_EDITED = (r"(?:chang|turn|switch|paus|stopp|disabl|enabl|edit|modif|updat|reconfigur|resum|restart|start|bump|tweak"
           r"|alter|touch|tinker|mess)\w*")
_MONITOR_EDITED = re.compile(rf"\b{_EDITED}\s+(?:with\s+|around\s+with\s+)?(?:\S+\s+){{0,4}}?monitor(?:'?s|ing)?\b"
                             r"|\bmonitor(?:'?s|ing)?\s+(?:(?:was|were|got|been|has\s+been|had\s+been)\s+)?(?:\S+\s+)?"
                             r"(?:changed|turned|switched|paused|stopped|disabled|enabled|edited|modified|updated"
                             r"|reconfigured|resumed|restarted|bumped|tweaked|altered|touched|set)\b")
# When something is to be done by, said as a clause of its own: "…, before the next check runs", "…, ahead of the
# upcoming monitoring run" (the scheduled check named as a time, no check run now)
_BY_THE_NEXT_CHECK = re.compile(r"^\W*(?:(?:and|but|just|so\s+it'?s\s+done)\s+)?(?:before|ahead\s+of|prior\s+to|until|till"
                                r"|in\s+time\s+for)\s+(?:the|its|their|our)\s+(?:next|upcoming|coming|following|scheduled"
                                r"|hourly|daily|nightly|regular|usual)\s+(?:\S+\s+){0,2}?(?:checks?|runs?|pass|cycle)\b"
                                r"(?:\s+(?:runs?|fires?|kicks?\s+(?:in|off)|starts?|happens?|goes\s+off|comes\s+round))?\W*$")
# A monitoring pass asked for by its name: "a monitoring pass", "force a monitor run", "run wine's monitor now"
_PASS = re.compile(r"\b(?:monitor(?:ing)?|health)\s+(?:run|pass|cycle|sweep|round)\b"
                   r"|\brun\s+(?:\S+\s+){0,2}?monitor(?:ing)?(?:\s+check)?\s+(?:now|right\s+(?:now|away)|immediately"
                   r"|manually|once)\b"
                   # "run cancer's monitoring check", "trigger the monitor check on wine": the pass, not its settings
                   r"|\b(?:run|trigger|kick\s+off|fire\s+off)\s+(?:\S+\s+){0,3}?monitor(?:ing)?\s+check\b")
# What is alerting, said as a fire: "what's on fire right now", "anything burning?"
_ON_FIRE = re.compile(r"\b(?:on\s+fire|burning|ablaze)\b")
# What is still open, what ever fired, or what the monitoring complains about: "what's still open on it?", "anything
# open for diabetes I should know about?", "what is the monitoring complaining about today" (the alerts, no status)
_OPEN = re.compile(r"\bwhat(?:'s|\s+is|\s+are)\s+(?:still\s+|currently\s+)?(?:open|unresolved|outstanding|unacknowledged)\b"
                   r"|^\W*(?:is\s+there\s+)?(?:anything|something)\s+(?:still\s+)?(?:open|unresolved|outstanding)\b"
                   r"|\b(?:everything|anything|what|all\s+(?:the\s+)?alerts|every\s+alerts?)\s+(?:that\s+)?(?:has\s+|have\s+)?"
                   r"(?:ever\s+|\s+)?(?:fired|paged|went\s+off|gone\s+off)\b"
                   r"|\b(?:monitor\w*|alerts?|alarms?|pager|checks?)\s+(?:is\s+|are\s+|been\s+|keeps?\s+)?(?:\S+\s+)?"
                   r"(?:complain\w*|yell\w*|shout\w*|nag\w*|moan\w*|screaming|whining)\b"
                   # the alerts' own history: "alert history for wine", "the history of its incidents"
                   r"|\b(?:alerts?|alarms?|incidents?|pages?)\s+(?:history|log)\b|\bhistory\s+of\s+(?:the\s+|its\s+|all\s+)?"
                   r"(?:alerts?|alarms?|incidents|pages)\b")
# What the monitors flagged, said with them as its subject: "everything the monitors have ever flagged", "what did the
# checks catch on wine?" (the alerts they raised, not the monitors' listing; "ever" may come blanked)
_WATCHERS = r"(?:the\s+|our\s+|your\s+)?(?:monitors?|monitoring|checks?|system|alerting|scheduler)"
_FLAGGED = re.compile(rf"\b(?:everything|anything|what|all)\s+(?:that\s+)?{_WATCHERS}\s+(?:has\s+|have\s+|had\s+)?"
                      r"(?:ever\s+|\s+)?(?:flagged|raised|caught|fired|alerted\s+(?:on|about))\b"
                      rf"|\b(?:what|anything)\s+(?:has|have|did|had)\s+{_WATCHERS}\s+(?:ever\s+|\s+)?(?:flag|flagged|raise"
                      r"|raised|catch|caught)\b")
# A change asked for beside the fire ("prod is on fire, roll wine back"): the fire is why, not an alerts read
_FIX_FOR_FIRE = re.compile(r"\b(?:roll\w*\s+(?:\S+\s+){0,2}?back|rollback|revert\w*|undo|restore|deploy\w*|ship|promote"
                           r"|re-?train|train|snooze|silence|mute)\b")
# Monitors stopped or started by a command that opens with the verb: "stop the monitors on all three", "pause every
# model's monitor", "resume monitoring on all three models"
_SWITCH_MONITORS = re.compile(r"^\W*(?:(?:please|pls|and|then|also|now|just|ok)\W+)*(?:stop|pause|disable|halt|suspend|kill"
                              r"|turn\s+off|switch\s+off|shut\s+(?:off|down)|resume|restart|re-?enable|unpause|reactivate"
                              r"|start|(?:turn|switch)\s+back\s+on)\s+(?:\S+\s+){0,4}?monitor(?:s|ing)?\b"
                              r"(?!\s+(?:from|for\s+(?:alerts|drift)))")
_SWITCHED = re.compile(r"^\W*(?:(?:please|pls|and|then|also|now|just)\W+)*(?:stop|pause|disable|halt|suspend|kill|resume"
                      r"|enable|restart|(?:turn|switch)\s+(?:\S+\s+){0,3}?(?:off|on)|shut\s+(?:off|down))\b")
_EACH_SETTING = re.compile(r"\b(?:channels?|intervals?|how\s+often|set\s+to|schedules?|cool-?downs?|polic(?:y|ies)|settings"
                           r"|alerts?\s+(?:in)?to)\b")
# Stopped monitors asked about: the listing must include them (all=true); "incl. disabled" said short
_ENDED = r"(?:resolved|closed|stopped|disabled|paused|inactive|deactivated|(?:turned|switched|shut)\s+off)"
_STOPPED = re.compile(r"\b(?:stopped|disabled|paused|inactive|switched\s+off|turned\s+off|resolved|closed)\s+(?:ones"
                      r"|monitors?|incidents?|alerts?)\b"
                      r"|\bmonitors?\s+(?:(?!(?:and|then|but|switch|turn)\b)\w+\s+){0,3}?(?:stopped|disabled|paused|inactive|off"
                      r"|not\s+running)\b|\b(?:the|any)\s+(?:stopped|disabled|paused|inactive)\s+one\b"
                      # "also the ones which are off", "plus those that aren't running"
                      r"|\b(?:ones|those)\s+(?:that\s+|which\s+)?(?:(?:are|were|is|got|have\s+been)\s+(?:currently\s+|now\s+)?"
                      r"(?:off|stopped|disabled|paused|inactive|switched\s+off|turned\s+off|not\s+running)|(?:aren'?t|are\s+not"
                      r"|isn'?t)\s+(?:running|on|active|enabled))\b"
                      r"|\bincl(?:ude|uding)?\.?\s+(?:the\s+)?(?:stopped|disabled|paused|inactive|resolved|closed|old)\b"
                      # "every incident we've ever had, resolved or not", "all alerts, closed or open": whatever their state
                      r"|\b(?:resolved|closed|open|unresolved|fixed)\s+or\s+(?:not|unresolved|open|resolved|closed)\b"
                      r"|\b(?:every|all)\s+(?:the\s+|our\s+|single\s+)?(?:alerts?|alarms?|incidents?|pages?)\s+(?:(?:that\s+)?"
                      r"(?:we|you|i)(?:'ve|\s+have)?\s+)?ever\b"
                      r"|^\W*(?:monitors|alerts|incidents)\s+all\W*$"  # "MONITORS ALL": the command's flag said short
                      r"|\b(?:resolved|closed)\s+(?:and|&|\+|or)\s+(?:open|active)\b|\b(?:open|active)\s+(?:and|&|\+|or)\s+"
                      r"(?:resolved|closed)\b"
                      r"|\b(?:full|whole|entire|complete|all[-\s]time)\s+(?:alerts?|alarms?|incidents?|pages?)\s+(?:history|log"
                      r"|list)\b"
                      # "alerts on wine that are already closed", "monitors which got switched off": said after them
                      rf"|\b(?:alerts?|alarms?|incidents?|pages?|monitors?|checks?|ones)\s+(?:\S+\s+){{0,4}}?(?:that|which)\s+"
                      rf"(?:are|were|have\s+been|has\s+been|had\s+been|got|was|is)\s+(?:already\s+|since\s+|now\s+)?{_ENDED}\b"
                      # "…any closed ones? include those": the ended ones asked to be in the listing, said after them
                      rf"|\b{_ENDED}\b[^.;!]{{0,80}}?\b(?:includ\w*\s+(?:those|them|these|'em)|(?:those|them|these)\s+"
                      r"(?:too|as\s+well|included))\b")
# A schedule named as the one already running ("the hourly run", "its daily check"): no new schedule
_MENTIONED = re.compile(r"\b(?:the|its|their|our|next|usual|regular|normal|scheduled)\s+$")
# "have wine checked every 15 minutes", "get cancer monitored": what is to be done, said as a causative
_CAUSATIVE = re.compile(r"^\W*(?:please\s+)?(?:have|get)\s+(?!(?:you|we|i|they|it|he|she|u)\b)(?:\S+\s+){0,4}?"
                        r"(?P<done>checked|monitored|watched)\b")
# "have the wine monitor retrain whenever…", "make cancer's monitor post to #ops", "have the cancer monitor refresh the
# online store before each check": the monitor made to act (no question)
_MONITOR_MADE_TO = re.compile(r"^\W*(?:please\s+)?(?:have|make|let|get)\s+(?:the\s+|its\s+|our\s+)?(?:\S+\s+){0,2}?"
                              r"monitor(?:'s)?\s+(?:to\s+)?(?:automatically\s+|always\s+|only\s+)?(?:re-?train\w*|refit"
                              r"|alert|post|send|page|ignore|notify|check|run|deploy|auto|materiali[sz]e|refresh"
                              r"|re-?sync|sync|update|re-?load|load|fill|backfill|populat|look\w*\s+(?:back\s+)?at|scan|cover"
                              r"|do\s+(?:that|this|it|the\s+same|so)\b"
                              # a setting said right after it ("make the cancer monitor auto-deploy when…"), blanked
                              r"|\s{3,}(?:when|whenever|if|once|as\s+soon\s+as|every\s+time|on|after)\b)")
# "have diabetes retrain", "make wine retrain when its data grows by 500 rows": the model made to retrain, now or on a
# condition (the monitor's policy; the condition may come blanked, a policy slot)
_MADE_TO_RETRAIN = re.compile(r"^\W*(?:please\s+)?(?:have|make|let|get)\s+(?!(?:you|we|i|they|it|he|she|u)\b)(?:\S*\s+){1,3}?"
                              r"(?:re-?train|refit)(?:\s+itself|\s+automatically)?\b(?P<rest>.*)$")
_CONDITION = re.compile(r"\s*(?:whenever|when|once|if|each\s+time|every\s+time|as\s+soon\s+as|on)\b")
# What a check is asked to find out ("…to see if it's still drifting", "…and tell me if new data came in")
# (said as the asker's wish too: "…, I want see if new data arrived", "I'd like to know whether it drifts")
_WISH = r"(?:(?:i|we)\s+(?:want|wanna|need|would\s+like|'d\s+like)\s+(?:to\s+)?|so\s+(?:that\s+)?(?:i|we)\s+(?:can|could)\s+)?"
_PURPOSE = re.compile(r"^\W*(?:(?:and|then)\s+)?" + _WISH + r"(?:to\s+see|see|know|(?:tell|show|let)\s+(?:me|us)(?:\s+know)?"
                      r"|find\s+out|check)\s+(?:if|whether)\b")
# The same, said inside the check's own clause
_PURPOSE_TAIL = re.compile(r"\s+(?:(?:and|so)\s+)?" + _WISH + r"(?:to\s+see|see|know|(?:tell|show|let)\s+(?:me|us)(?:\s+know)?"
                           r"|find\s+out)\s+(?:if|whether)\b.*$")
# After a monitor was shown, its check asked for now: "run it now", "don't wait, do one right away", "run it once now
# please", "kick it off now", "trigger one manually", "give it a run now"
_RUN_IT_NOW = re.compile(r"\b(?:run|trigger|kick|do|fire|check|start|give\s+it)\s+(?:it|one|a\s+(?:check|run)|that(?:\s+check)?"
                         r"|this(?:\s+one)?|the\s+check)?\s*(?:off\s+)?(?:(?:just\s+)?once\s*|manually\s*|by\s+hand\s*)?"
                         r"(?:now|right\s+(?:now|away)|immediately|straight\s+away|asap)\b"
                         r"|\b(?:run|trigger|kick|fire|give\s+it)\s+(?:it|that(?:\s+check)?|this(?:\s+one)?|one|a\s+(?:check|run))\s+"
                         r"(?:off\s+)?(?:just\s+)?(?:once|manually|by\s+hand|one\s+time|a\s+single\s+time)\b")
# ("from now on", "as of now", "starting now" say when the schedule starts, no check run now)
_NOW_FIRST = re.compile(r"\b(?<!from\s)(?<!of\s)(?<!starting\s)(?:now(?!\s+on\b)|right\s+(?:now|away)|immediately"
                        r"|straight\s+away|first)\b")
_RUN_NOW = re.compile(r"\b(?:run|re-?run|trigger\w*|kick\w*|now|right\s+away|immediately)\b")
# A question about what a monitoring check reports: the data having grown, new data, drift
_CHECK_ANSWERS = re.compile(r"\b(?:grown|grow|new\s+(?:data|rows)|more\s+(?:data|rows)|drift\w*|came\s+in|landed"
                            r"|arrived)\b")
# Alerts routed to a channel in words ("move wine alerts to #ml-wine", "cancer alerts should go to #ops"); the
# destination counts, not the channel they leave ("from #general to #ml-wine"). The model may stand in between.
_ROUTED = re.compile(r"\b(?P<verb>send|post|route|move|moving|redirect|forward|point|switch|direct|push|deliver|pipe)"
                     r"\s+(?:\S+\s+){0,3}?(?P<what>(?:monitor(?:ing)?\s+)?(?:alert(?:s|ing)?|notifications?|pages?"
                     r"|messages?)\b(?:\s+\S+){0,4}?\s+(?:to|into)\s+(?P<channel>#[a-z][a-z0-9_-]*))"
                     r"|\b(?P<said>(?:alert(?:s|ing)?|notifications?|pages?)\s+(?:\S+\s+){0,3}?(?:should\s+|must\s+|will\s+)?"
                     r"(?:go|land|be\s+(?:sent|posted|routed))\s+(?:\S+\s+){0,3}?(?:to|into|in)\s+(?P<to>#[a-z][a-z0-9_-]*))"
                     # the channel named as the setting it is: "change the alert channel of cancer monitor to #x"
                     r"|\b(?P<setting>(?:alert(?:s|ing)?|notifications?|monitor(?:ing)?|paging)\s+channel)\b(?:\s+(?!(?:and|then"
                     r"|but)\b)\S+){0,5}?\s+(?P<set>(?:to|=|:|should\s+be|is\s+now|becomes?|will\s+be)\s+"
                     r"(?P<dest>#[a-z][a-z0-9_-]*))")
# A channel the alerts leave, said as background ("we're moving all alerting out of #general"): no request of its own
_LEFT = re.compile(r"\b(?:alert(?:s|ing)?|notifications?|pages?)\s+(?:\S+\s+){0,2}?(?:out\s+of|away\s+from|off)\s+"
                   r"#[a-z][a-z0-9_-]*")
# Typos of the schedule's "every" ("evry 20m", "evrey hour"): read as meant before any slot is looked for
_EVERY_TYPO = re.compile(r"\b(?:evry|evrey|eveyr|evey|everey|evrry)\b")
# Whether someone was paged, asked: "did the monitor page anyone?", "has it woken up the on-call?", "who got paged?"
_PAGED_SOMEONE = re.compile(r"^\W*(?:did|has|have|was|were|is|does)\b.{0,40}?\b(?:page[ds]?|ping(?:ed|s)?|notif(?:y|ied|ies)"
                            r"|wake|woken|woke|alert(?:ed|s)?)\s+(?:up\s+)?(?:anyone|anybody|someone|somebody|us|me|people"
                            r"|the\s+on-?call|on-?call)\b")


# One monitor's settings asked in words ("the cancer monitor's settings", where "monitor's" may come as "monitors"; "how
# often does the wine monitor run?", "where do its alerts end up?"): that monitor shown, no check run, no alerts listed
_ALERTS_GO = (r"(?:where|which\s+channels?|what\s+channels?)\s+(?:do|does|will|would|did)\s+(?:\S+\s+){0,3}?"
              r"(?:alerts?|alerting|notifications?|pages?|warnings?)\s+(?:go(?!\s+off)|end\s+up|land|get\s+(?:sent|posted|routed)"
              r"|show\s+up|arrive|get\s+delivered)\b")
_ITS_MONITOR_ASKED = re.compile(r"\bmonitor(?:'?s)?\s+(?:current\s+)?(?:settings|config\w*|set-?up|parameters|schedule"
                                r"|interval|cadence)\b|\b(?:settings|config\w*|set-?up|parameters|schedule|interval|cadence)"
                                r"\s+(?:of|for|on)\s+(?:the\s+|its\s+)?(?:\S+\s+)?monitor\b"
                                r"|\bhow\s+often\s+(?:does|do|will|is)\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?monitor(?:'?s)?\s+"
                                r"(?:run|check|tick|look)\b|\b" + _ALERTS_GO)
# The monitors' overview asked of the models as a whole (which of them are watched, how often each gets checked, where
# the alerts go, with no model named), or by its name: "the monitor list", "a list of the monitors"
_WATCHED = re.compile(r"\bmonitor(?:s|ing)?\s+(?:list|listing|table|inventory)\b|\blist\s+of\s+(?:the\s+|all\s+(?:the\s+)?"
                      r"|our\s+)?monitor(?:s|ing)?\b"
                      r"|\b(?:which|what)\s+(?:of\s+the\s+)?models?\s+(?:are|is|do\s+we|do\s+you|get)\s+(?:\S+\s+){0,2}?"
                      r"(?:being\s+)?(?:watch|watched|monitor|monitored|checked)\b"
                      r"|\bhow\s+often\s+(?:do|does|is|are)\s+(?:each|every|all|the)\s+(?:of\s+the\s+)?(?:models?|ones?)\s+"
                      r"(?:\S+\s+)?(?:checked|monitored|watched|scanned|looked\s+at)\b|\b" + _ALERTS_GO)


def reading(core: str, *, has_model: bool) -> str | None:
    """`monitors` for the overview asked in other words (no model named), `run_check` for a monitoring pass,
    `monitor` for one monitor's settings asked in words, `alerts` for what is on fire, still open or complained about,
    or whether anyone was paged."""
    if has_model and _ITS_MONITOR_ASKED.search(core):
        return "monitor"  # "how often does the wine monitor run?": its schedule, no monitoring pass
    if _PASS.search(core):
        return "run_check"
    if _NOISE_ASKED.search(core):
        return "monitors"  # "what's the noise rate on the cancer monitor?": the listing counts it, per monitor
    if not has_model and (_OVERVIEW.search(core) or _WATCHED.search(core)):
        return "monitors"
    if has_model and (_SETTING.search(core) or _WHO_WHEN.search(core) and _MONITOR_EDITED.search(core)):
        return "monitor"
    if _ON_FIRE.search(core) and not _FIX_FOR_FIRE.search(core) or _OPEN.search(core) or _PAGED_SOMEONE.search(core) or (
            flagged(core)):
        return "alerts"
    return None


def by_the_next_check(clause: str) -> bool:
    """Whether a clause only says by when the rest is to be done ("before the next check runs"): no request."""
    return bool(_BY_THE_NEXT_CHECK.match(clause))


# Nothing fired, told as why a monitor is asked about: "nothing has paged in 2 days", "no alerts since tuesday", "we
# haven't been paged all week", "not a single alert in days" (told, not asked)
_SILENCE = re.compile(r"^\W*(?:(?:but|and|because|since|as|like|cause|'cause)\s+)?(?:nothing\s+(?:has\s+|have\s+|had\s+)?(?:ever\s+)?"
                      r"(?:paged|fired|alerted|gone\s+off|went\s+off|come\s+in|came\s+in|triggered)|no\s+(?:alerts?|pages?"
                      r"|incidents?|alarms?|notifications?)\b|not\s+(?:a\s+single|one|even\s+one)\s+(?:alert|page|incident|alarm"
                      r"|notification)|(?:we|i|it|they)\s+(?:haven'?t|hasn'?t|have\s+not|has\s+not)\s+(?:been\s+paged|paged|fired"
                      r"|alerted|(?:seen|had|gotten|got|received)\s+(?:a\s+single\s+|any\s+|one\s+)?(?:alerts?|pages?|incidents?"
                      r"|alarms?)))(?![^?]*\?)")


def silence_told(clause: str) -> bool:
    """Whether a clause only tells that nothing fired for a while ("nothing has paged in 2 days"): beside a question
    about the monitors, why it is asked."""
    return bool(_SILENCE.match(clause))


def noise_asked(body: str) -> list[Found]:
    """Where `body` asks how much of the alerting was noise ("the noise rate of our alerts"): that "noise" is what is
    counted, no verdict on an alert."""
    return [Found(m.start(), m.end(), None) for m in _NOISE_ASKED.finditer(body)]


def flagged(core: str) -> bool:
    """Whether a clause asks what the monitors flagged ("everything the checks have ever caught"): their alerts."""
    return bool(_FLAGGED.search(core))


def switches_monitors(command: str) -> bool:
    """Whether a command opens by stopping or starting monitors ("stop the monitors on all three models", "pause every
    model's monitor", "resume monitoring on all three models"): the monitor turned off or on, never a job cancelled,
    never the listing."""
    return bool(_SWITCH_MONITORS.match(command))


def switches_one(clause: str) -> bool:
    """Whether a clause opens by switching something off or on ("then switch off the one on diabetes"): after the
    monitors' listing, the monitor of the model it names."""
    return bool(_SWITCHED.match(clause))


def of_each_monitor(clause: str) -> bool:
    """Whether a clause asks what each monitor is set to ("which channel each of them alerts into", "did anyone change
    the check intervals?"): beside the monitors' listing, that listing answers it."""
    return bool(_EACH_SETTING.search(clause))


def check_now_then_schedule(before_schedule: str) -> bool:
    """Whether a check said before its schedule is asked for now too ("check wine now and then every 30m")."""
    return bool(_NOW_FIRST.search(before_schedule))


def runs_it_now(body: str) -> re.Match[str] | None:
    """Where a follow-up asks for the thread's monitor check now ("don't wait 6 hours, run it now", "kick it off once")."""
    return _RUN_IT_NOW.search(body)


def stopped_too(body: str) -> bool:
    """Whether a listing is asked to include stopped monitors or closed alerts ("any stopped monitors?")."""
    return bool(_STOPPED.search(body))


def new_schedule(pattern: re.Pattern[str], body: str) -> re.Match[str] | None:
    """The first schedule `body` sets: "check wine now, don't wait for the hourly run" sets none."""
    return next((m for m in pattern.finditer(body) if not _MENTIONED.search(body[:m.start()])), None)


# A monitor's settings asked for with a pronoun, in a thread about that monitor: "show me its settings now"
_ITS_SETTINGS = re.compile(r"\b(?:its|the|their|those|these|that|the\s+new)\s+(?:current\s+|new\s+|full\s+|monitor(?:'s)?\s+)?"
                           r"(?:settings|config(?:uration)?|set-?up|setup|parameters)\b")


# What is set up, asked in a thread about monitoring: "what's set up currently across the models?", "what do we have
# configured for them?" (its subject is what is set up, not the models: "which models are configured?" lists them)
_SET_UP = re.compile(r"\bwhat(?:'s|\s+is|\s+do\s+we\s+have|\s+have\s+we\s+got|\s+did\s+you)\s+(?:\S+\s+){0,2}?(?:set\s*up"
                     r"|configured|in\s+place|scheduled|running)\b")
# The whole listing asked for after one monitor: "and now the full list", "list them all", or the stopped ones too
_FULL_LIST = re.compile(r"\b(?:full|whole|complete|entire)\s+(?:list|listing|overview)\b|\blist\s+(?:them\s+)?all\b")


def what_is_set_up(clause: str) -> bool:
    """Whether a clause asks what is set up ("what's set up currently across the models?"): in a thread about
    monitoring, the monitors' listing."""
    return bool(_SET_UP.search(clause))


def listing_asked(body: str) -> bool:
    """Whether a follow-up asks for the whole listing or the stopped monitors ("the full list, stopped ones too")."""
    return bool(_FULL_LIST.search(body) or _STOPPED.search(body))


def its_settings(clause: str) -> bool:
    """Whether a clause asks for the thread's monitor's settings ("show me its settings now", "what's the config?")."""
    return bool(_ITS_SETTINGS.search(clause))


def causative(core: str) -> str | None:
    """The tool a causative asks for: "have wine checked" is a check (a monitor's schedule when one is said),
    "get cancer monitored" the monitor; "have you checked wine?" is a question, none."""
    if made := _MADE_TO_RETRAIN.match(core):  # "have diabetes retrain [when its data grows by 500 rows]"
        rest = made.group("rest")
        return "train" if not rest.strip() else "monitor" if _CONDITION.match(rest) else None
    m = _CAUSATIVE.match(core)
    if m is None:
        return "monitor" if _MONITOR_MADE_TO.match(core) else None
    return "run_check" if m.group("done") == "checked" else "monitor"


def purpose_of_check(clause: str, *, question: bool) -> bool:
    """Beside a check, a clause that only says what the check is to find out ("to see if it's still drifting"),
    or a question it answers ("has the data grown?"), is no request of its own."""
    return bool(_PURPOSE.match(clause)) or question and bool(_CHECK_ANSWERS.search(clause))


def before_purpose(core: str) -> str:
    """A clause without what it is done to find out ("run a check now to see if it drifts" -> "run a check now")."""
    return _PURPOSE_TAIL.sub("", core)


def check_run_for_a_purpose(core: str, head_reads: str | None) -> bool:
    """Whether `core` runs a check (run, trigger, now) to find something out: its head reads as run_check."""
    head = before_purpose(core)
    return head != core and head_reads == "run_check" and bool(_RUN_NOW.search(head))


class _Routed:
    """A routing said in words, read like a plain channel match: `.group("channel")` is where alerts go."""

    def __init__(self, channel: str) -> None:
        self._channel = channel

    def group(self, name: str) -> str:
        return self._channel


def routed(body: str) -> list[Found]:
    """The spans of alerts routed to a channel in words, destination first (its value: where they go), so that the
    routing words ("move … alerts to") are no alerts read; the model named between them is left for the reader."""
    spans: list[Found] = []
    for m in _ROUTED.finditer(body):
        value = _Routed(m.group("channel") or m.group("to") or m.group("dest"))
        if m.group("verb"):
            spans += [Found(m.start("what"), m.end(), value), Found(m.start("verb"), m.end("verb"), value)]
        elif m.group("setting"):
            spans += [Found(m.start("set"), m.end(), value), Found(m.start("setting"), m.end("setting"), value)]
        else:
            spans.append(Found(m.start("said"), m.end(), value))
    spans += [Found(m.start(), m.end(), None) for m in _LEFT.finditer(body) if spans]  # blanked, no routing
    return spans


def routings(spans: list[Found]) -> list[Found]:
    """Of a request's channel spans, those that route alerts in words ("move wine alerts to #x"): a monitor's
    channel set, whatever the clause's other words say."""
    return [f for f in spans if isinstance(f.value, _Routed)]


def fix_typos(text: str) -> str:
    """`text` (lower case) with typos of the schedule's words read as meant."""
    return _EVERY_TYPO.sub("every", text)
