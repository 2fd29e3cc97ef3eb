"""Online tests (the `abtest` tool) said in other words: a live experiment, a traffic split, the challenger's share.

People say "split wine traffic 50/50", "a 90/10 split between prod and the challenger", "let's test it live on 10%
first", "start a 15% test on diabetes", "is the cancer experiment still running?", "end the experiment on wine", "is
the challenger winning online?", and, once a test was named or started, "is one running on cancer?", "results so
far?", "who's winning?". An MLflow experiment ("drop the wine experiment from mlflow") is no online test, and a
metric on live traffic ("how does the challenger score on live traffic?") is an evaluation, not a test.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.agent.understanding.beside import Clause

# "the cancer experiment", "end the experiment on wine", "experiment results": an experiment as a thing, never the
# verb ("let's experiment with the learning rate") nor MLflow's ("the mlflow experiment", "wine's experiment in mlflow")
_NOT_MLFLOW = r"(?<!mlflow\s)(?<!mlflow's\s)(?![^.?!;]*\b(?:mlflow|tracking\s+server|artifacts?|logged)\b)"
EXPERIMENT = (rf"{_NOT_MLFLOW}(?:(?<=\ban\s)|(?<=\bthe\s)|(?<=\bour\s)|(?<=\bits\s)|(?<=\bthis\s)|(?<=\bthat\s)|(?<=\s\s))experiments?\b"
              rf"|{_NOT_MLFLOW}(?<!\blet's\s)(?<!\blets\s)(?<!\bto\s)(?<!\bwe\s)(?<!\bi\s)experiments?\b(?!\s+(?:with|around)\b)")
# A model's test is its online test: "the cancer test", "wine's test", "each arm of the diabetes test", "the 10% test"
# (the model's name or the share is blanked before cues are read: the spaces stand for it); never a test set, a test
# run or "let's test" (a verb)
MODELS_TEST = (r"(?:\b(?:the|this|that|our|its|a|an)\s{3,}|(?:^|(?<=\s))'s\s+)tests?\b(?!\s+(?:set|data|split|rows|folds?"
               r"|suite|cases?|runs?)\b)")
# The challenger ahead or behind in the live test: "is the challenger winning online?", "which arm is ahead?" ("online"
# here is the test's, not the online store's), or its share of traffic asked ("how much traffic goes to it?")
WINNING = (r"\b(?:winning|win|won|ahead|leading|losing)\b[^.?!;]{0,30}?\b(?:online\b(?!\s+(?:store|features?"
           r"|values|feast))|live\b(?!\s+(?:data|metrics?|scores?|f1|auc|rmse|version|model))"
           r"|in\s+prod\w*)"
           r"|\b(?:better|worse|beating|outperform\w*)\s+(?:\S+\s+){0,2}?online\b(?!\s+(?:store|features?|values|feast))"
           r"|\b(?:which|each|both|per|the|what)\s+arms?\b(?!\s+(?:of|and)\s(?!the\s+(?:\S+\s+){0,2}?test))"
           # the challenger's share asked about: "what share of cancer traffic does the challenger get?"
           r"|\b(?:share|percent\w*|portion|fraction|slice|cut)\s+of\s+(?:the\s+|its\s+)?(?:\S+\s+){0,2}?(?:traffic|requests)"
           r"|\bhow\s+much\s+(?:of\s+(?:the\s+|its\s+)?)?(?:\S+\s+){0,2}?(?:traffic|requests)\s+(?:is\s+|are\s+)?(?:goes"
           r"|going|sent|routed|diverted)\s+to\b"
           # "what share is the challenger getting?", "what percentage does the new model get?"
           r"|\b(?:what|which|how\s+big\s+(?:a|of\s+a))\s+(?:share|percent\w*|portion|fraction|slice|cut|split)\s+(?:is|does|do"
           r"|has)\s+(?:the\s+)?(?:challenger|candidate|new\s+(?:one|model|version))\s+(?:getting|get|gets|receiv\w*|serving"
           r"|have|had|got)\b")
# A share of traffic said as a split: "50/50", "90-10", "70:30", "fifty-fifty", "split evenly"
SPLIT = re.compile(r"(?<![\w./:-])(\d{1,2})\s*[/:-]\s*(\d{1,2})(?![\w./:-]|\s*[/:-]\s*\d)"
                   r"|\b(fifty[-\s]fifty|(?:split|divided|shared)\s+(?:\S+\s+){0,3}?(?:evenly|equally|down\s+the\s+middle)"
                   r"|(?:an\s+)?even\s+split)\b")
# The sides a split is said in: "90/10 between prod and the challenger", "challenger/prod 70/30", "in favour of the
# challenger"; otherwise the challenger has the smaller share (a test tries the new model on a few requests first)
_PROD = r"(?:prod\w*|champion|current|old|incumbent|live|control|baseline|v?\d+)"
_NEW = r"(?:challenger|candidate|new(?:\s+(?:one|model|version))?|treatment)"
_PROD_FIRST = re.compile(rf"\b{_PROD}\s*(?:/|and|vs\.?|versus|,)\s*(?:the\s+)?{_NEW}\b")
_NEW_FIRST = re.compile(rf"\b{_NEW}\s*(?:/|and|vs\.?|versus|,)\s*(?:the\s+)?{_PROD}\b|\b(?:in\s+favou?r\s+of|towards?)\s+"
                        rf"(?:the\s+)?{_NEW}\b")
# A ratio of data, not of traffic: "an 80/20 train/test split", "hold out 20/80 for validation"
_DATA_SPLIT = re.compile(r"\b(?:train\w*|test\s+(?:set|data|split)|holdout|hold\s+out|validation|folds?|rows|dataset)\b")


def split_share(m: re.Match[str]) -> int | None:
    """The challenger's share (in percent) a split says, or None when it is no split of traffic: "50/50" is 50, "90/10
    between prod and the challenger" 10, "challenger/prod 70/30" 70; "10:30" (a time) and "80/20 train/test" none."""
    if m.group(3):
        return 50
    a, b = int(m.group(1)), int(m.group(2))
    if a + b != 100 or _DATA_SPLIT.search(m.string):
        return None
    around = m.string[max(0, m.start() - 40):m.end() + 60]
    if _NEW_FIRST.search(around):
        return a
    if _PROD_FIRST.search(around):
        return b
    return min(a, b)


# A share said bare right after the test and its model, where no version can stand (a test always puts the challenger
# against production): "abtest wine 20", "a/b test the cancer challenger at 15"; "abtest cancer v3 against v5" says
# versions, and is refused as such
BARE_SHARE = re.compile(r"\b(?:a\s*/\s*b|ab\s*-?\s*test|abtest|split\s+test|online\s+test|canary)\w*\s+(?:(?!(?:against|vs"
                        r"|versus|version|and|or|v\d+)\b)[a-z][\w'-]*\s+){0,4}?(?:at\s+|on\s+|with\s+)?(\d{1,2}(?:\.\d+)?)"
                        r"(?=\s*$|\s*[,;!?]|\.(?!\d)|\s+(?:please|pls|plz|now|then|and|for\s+now)\b)")

# A share of traffic with the words of a test: "a 15% test", "test it live on 10%", "try the challenger on 5% of users"
# (an evaluation of the clause, "score it on 10% of live traffic", stays one: its own verb says so)
_TESTED = re.compile(r"\b(?:traffic|split|requests|users|calls|canary|customers|experiment\w*|online|live|trial|pilot"
                     r"|expos\w*|test(?!\s+(?:set|data|split|rows|fold))\w*|try\w*|tried)\b")
_SCORED = re.compile(r"\b(?:evaluat\w*|eval|scor\w*|measur\w*|metrics?|accura\w*|f1\w*|auc|rmse|mae|precision|recall"
                     r"|perform\w*|how\s+(?:good|well))\b")


def tested_on_a_share(said: str, tool: str | None, share: re.Match[str]) -> bool:
    """Whether a clause that holds a share of traffic asks for an online test at that share: with no verb of its own
    (a split, "challenger/prod 70/30", says so alone), or read as an evaluation only for "test … on" ("let's test it
    live on 10% first"), or as a status only for "live" ("try the challenger live on 5%")."""
    if tool is None and share.re is SPLIT:
        return True
    return bool(_TESTED.search(said)) and (tool is None or tool == "evaluate" and not _SCORED.search(said)
                                           or tool == "status" and not _STATUS_SAID.search(said))


_STATUS_SAID = re.compile(r"(?:status|versions?|overview|serving|running|champion|state)\b")


# A test started, said with no test word ("…, then start the 10%": the share is blanked where this is read)
_STARTED = re.compile(r"^\W*(?:(?:and|then|now|so|just|please|pls)\s+)*(?:re-?start|start|begin|launch|kick\s+off|spin\s+up"
                      r"|fire\s+up|set\s+up|open|run)\b")


def started_at_a_share(clause: Clause, shares: tuple[int, ...]) -> bool:
    """Whether a clause with no verb of its own starts something at a share of traffic it holds (`shares`: where each
    share said starts): "stop that one then start the 10%" is a test stopped, then one started; the clause is set to
    the test."""
    if clause.tool is None and _STARTED.match(clause.text) and any(
            clause.start <= at < clause.start + len(clause.text) for at in shares):
        clause.tool = "abtest"
    return clause.tool == "abtest" and bool(_STARTED.match(clause.text))


# After an online test was named: "is one running on cancer?", "is there one on wine?", "any live for diabetes?"
_ONE_OF_THEM = re.compile(r"^\W*(?:and\s+|also\s+|but\s+)?(?:is|are|was|were|has|have)\s+(?:there\s+)?(?:one|any|an?\s+"
                          r"(?:test|experiment|split))\b|^\W*(?:and\s+|also\s+)?any(?:\s+one)?\s+(?:running|live|going|active"
                          r"|on|open|started|ongoing)\b|^\W*(?:and\s+)?(?:which|what)\s+(?:ones?|models?)\s+(?:has|have|is|are)"
                          r"\s+(?:one|any)\b")


def one_of_them(clauses: list[Clause]) -> None:
    """"how does abtest work, and is one running on cancer right now?": a clause after one about online tests (their
    help, or a test itself) that asks about "one" asks for that model's test, not its status."""
    for index, clause in enumerate(clauses[1:], start=1):
        before = clauses[index - 1]
        about_tests = before.tool == "abtest" or before.tool == "help" and _ABOUT_TESTS.search(before.text)
        if about_tests and clause.tool in (None, "status", "monitors") and _ONE_OF_THEM.match(clause.text):
            clause.tool = "abtest"


_ABOUT_TESTS = re.compile(r"\b(?:a\s*/\s*b|ab\s*-?\s*test\w*|abtest|split\s+test\w*|shadow\w*|online\s+test\w*|canary"
                          r"|experiment\w*)")


# After an online test: "results so far?", "numbers?", "any winner yet?", "who's winning?", "is it winning?"
_HOW_IT_GOES = re.compile(r"^\W*(?:(?:and|so|ok|okay|well)\W+)*(?:(?:the|its|any|some)\s+)?(?:results?|numbers|stats|verdict"
                          r"|outcome|winner|update|progress|news)(?:\s+(?:yet|so\s+far|already|now|pls|please|plz))*\W*$"
                          r"|^\W*(?:(?:and|so|ok|okay)\W+)*(?:who'?s\s+|who\s+is\s+|which\s+(?:one|arm|side)\s+is\s+|is\s+(?:it\s+|the"
                          r"\s+(?:new\s+)?(?:(?:one|model|challenger)\s+)?)?)(?:winning|ahead|leading|losing|behind)\b"
                          r"|^\W*(?:(?:and|so|ok|okay)\W+)*(?:where\s+(?:are|do)\s+we\s+stand|how\s+(?:are|do)\s+the\s+"
                          r"(?:numbers|results|arms)\s+look\w*)\b"
                          # once it was stopped: "how did it end up?", "how did the test turn out?"
                          r"|^\W*(?:(?:and|so|ok|okay)\W+)*how\s+(?:did|has)\s+(?:(?:the\s+)?(?:test|split|experiment|it|that)\s+)?"
                          r"(?:end(?:ed)?(?:\s+up)?|go(?:ne)?|turn(?:ed)?\s+out|finish\w*|pan(?:ned)?\s+out|shake\s+out|land\w*)\b")


def asks_how_it_goes(said: str) -> bool:
    """Whether a clause, said after an online test, asks how it goes ("results so far?", "who's winning?")."""
    return bool(_HOW_IT_GOES.match(said))

