"""Words as people type them: typo-tolerant matching of the interpreter's vocabulary and of the configured models.

A word is corrected only towards a word we know (a cue word or a configured model name / description word), only
when it is not itself an ordinary English word we know, and only within a small edit distance (one edit for short
words, two for long ones; a swap of two letters is one edit). Model names come only from the configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ordinary words that sit one edit away from a cue or a model name and must never be "corrected" into one.
PLAIN = set("""a an the it its this that these those my our your me us you i we they them he she his her please pls
now then and or but so to of on in for with from by at as is are was were be been do does did can could would should
will shall just also again still ok okay hey hi hello thanks thank kindly quickly model models version versions data
one ones others new all any some everything something what which who how when where why if than there here up out over last
past next today yesterday week month day days year hours let lets go make tell show check see run give get whether
better worse good best live production prod challenger champion candidate previous latest newest current back same
numbers look looking doing going list open fine mine line nine time tone june held test tests best rest west wind
wide wise wire were tine dine done gone none note vote rate late gate date mate sate tale take tame came same name
game fame lame deal real read head lead dead heat feat seat neat beat bear near year dear tear wear hear fear gear
cute cure sure pure lure mind kind bind find wine wire sine rune tune dune june line lone lane cane cone core care
more most must much such each even ever every very than then that what when will well wall tall fall call hall ball
ship shop chip hip slip drop drip trip trap tray stay play plan scan span plot slot spot shot shut stop step stem
test text next best rest fast last past cast vast mast list lost cost host post most must dust just bust rust trust
fit fat hit kit sit bit wit fix six mix pit lit nit it's what's how's who's that's there's here's let's don't
wins winner winners winning trained trainer training retrained deployed deployer shipped tuned tuner
monitored compared evaluated validated drifted alerted snoozed checked checker locked released
history story mystery train rain brain drain grain strain trail trial trials tail fail mail nail rail sail case
drive drives driving drove driven skip skips skipped skipping shin draft drafts drafted cheek chuck chick checkup
statue statues tube tuna turn turns turning trait traits compute computed computing promise promised restart
restarted restarting modes modals helm hell heap moniker relapse trading tracing prediction predictions predicted
predict rare race rage rake rave rats channel channels noisy noisier noose usefully helpfully falsely falsy""".split())

_WORD = re.compile(r"[a-z][a-z0-9_'-]*")


@dataclass
class Hit:
    word: str  # as typed
    start: int
    end: int
    canon: str  # what it was read as


def distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (Levenshtein with a swap of neighbours as one edit), capped at `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def allowed(word: str) -> int:
    """How many edits a typed word may be away from the word it stands for."""
    return 0 if len(word) < 4 else 1 if len(word) <= 6 else 2


def correct(word: str, vocabulary: set[str] | dict[str, str]) -> str | None:
    """The vocabulary word `word` is a typo of (or `word` itself), else None. With a dict (word -> what it stands
    for), a tie between words that stand for the same thing is no tie; otherwise a tie gives None."""
    if word in vocabulary:
        return word
    if word.endswith("'s") and word[:-2] in PLAIN:
        return None  # "model's gone stale": a plain word's possessive, not a typo of "models"
    if word in PLAIN or len(word) < 4 or _inflected(word, vocabulary) or _inflected(word, PLAIN):
        return None
    budget = allowed(word)
    best, found = budget + 1, []
    for known in vocabulary:
        if known[0] != word[0] and not (len(known) > 1 and known[1] == word[0] and known[0] == word[1]):
            continue  # people misspell the middle of a word, rarely its first letter
        d = 1 if _sounded(word) == _sounded(known) else distance(word, known, budget)  # "rolbak": one slip, by ear
        if d < best:
            best, found = d, [known]
        elif d == best:
            found.append(known)
    meaning = {vocabulary[f] if isinstance(vocabulary, dict) else f for f in found}
    return sorted(found)[0] if best <= budget and len(meaning) == 1 else None


def _sounded(word: str) -> str:
    """`word` as it sounds where people spell by ear: a doubled letter said once, "ck" as "k" ("rolbak" is "rollback",
    "chek" is "check")."""
    return re.sub(r"(\w)\1+", r"\1", word.replace("ck", "k"))


def _inflected(word: str, vocabulary: set[str] | dict[str, str]) -> bool:
    """"reverted", "unlocked", "tunes", "stopped": a known word with an ending is that word, not a typo of another."""
    m = re.fullmatch(r"(\w+?)(e?d|e?s|ing|er)", word)
    if not m:
        return False
    stem = m.group(1)
    single = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem  # "stopped": stop
    return any(known in vocabulary for known in (stem, stem + "e", single))


# What a tuning search counts, typed wrong after its count ("50 trails", "30 tirals", "1 trail"): "trails" is a plain
# word the corrector leaves be, but after a number in a request to the agent only trials are counted that way
_COUNT_THEN_WORD = re.compile(r"\b(\d+|ten|twenty|thirty|forty|fifty|hundred)(\s+)(t[a-z]{3,6})\b")
_COUNTED = ("trials", "trial")


def counted_nouns(text: str) -> str:
    """`text` with typos of a counted noun after its count read as that noun."""
    def meant(m: re.Match[str]) -> str:
        word = m.group(3)
        noun = next((n for n in _COUNTED if distance(word, n, 1) <= 1), word)
        return f"{m.group(1)}{m.group(2)}{noun}"

    return _COUNT_THEN_WORD.sub(meant, text)


def spell(text: str, vocabulary: set[str] | dict[str, str], *, keep: set[str] | dict[str, str] = frozenset()) -> str:  # type: ignore[assignment]
    """`text` with each typo of a vocabulary word replaced by that word; words in `keep` (model names) stay."""
    return _WORD.sub(lambda m: m.group(0) if m.group(0) in keep else correct(m.group(0), vocabulary) or m.group(0),
                     text)


# Words said of models that name none: "alerts for the whole model fleet", "monitors of the other model"
_SAID_OF_MODELS = {"whole", "entire", "full", "complete", "other", "single", "specific", "particular", "right", "wrong",
                   "old", "older", "existing", "deployed", "served", "serving", "trained", "main", "underlying"}


class Models:
    """The configured models: names, and the description words that name only one of them."""

    def __init__(self, described: dict[str, str], *, reserved: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.names = {name.lower(): name for name in described}
        self.reserved = reserved
        owners: dict[str, set[str]] = {}
        for name, description in described.items():
            for word in set(re.findall(r"[a-z]+", (description or "").lower())):
                if len(word) >= 4 and word not in PLAIN and word not in reserved:
                    owners.setdefault(word, set()).add(name)
        self.words = {word: next(iter(names)) for word, names in owners.items() if len(names) == 1}
        self.vocabulary = {**{w: n for w, n in self.words.items()}, **{w: n for w, n in self.names.items()}}

    def find(self, text: str) -> list[Hit]:
        """Every mention of a configured model in `text`, in order (names first, then description words)."""
        hits: list[Hit] = []
        for m in _WORD.finditer(text):
            word = m.group(0).strip("'").removesuffix("'s")
            canon = None if word in self.reserved else correct(word, self.vocabulary)
            if canon is None:
                continue
            name = self.names.get(canon) or self.words.get(canon)
            if name and not (hits and hits[-1].canon == name and m.start() - hits[-1].end <= 1):
                hits.append(Hit(word, m.start(), m.start() + len(word), name))
        return hits

    def unknown(self, text: str, *, skip: set[str], called: bool = False) -> str | None:
        """A word standing where a model name would ("train a fraud model", "retrain churn"), if any; only one said
        as a model's name ("alerts for the fraud model") when `called`."""
        m = re.search(r"\b(?:a|an|the|my|our)?\s*([a-z][a-z0-9_-]{2,})\s+(?:model|classifier|regressor)\b", text)
        if m and m.group(1) not in skip and m.group(1) not in PLAIN and not (called and m.group(1) in _SAID_OF_MODELS):
            return m.group(1)
        if called:  # "the whole model zoo", "the other model": said of the models, no name
            return None
        words = [w for w in _WORD.findall(text) if w not in PLAIN and w not in skip and len(w) >= 3]
        return words[0] if len(words) == 1 else None


# A version said in words right after its model's name, as "wine 7" is said in digits: "ship wine seven if it beats
# prod", "compare cancer two and five". Never "one" ("the wine one" is the model), nor a count of something ("cancer
# two more times", "wine three days", "diabetes two versions back").
_SAID = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
         "|eighteen|nineteen|twenty")
_NOT_A_VERSION = r"(?![-'%]|\s+(?:[a-z]+s|more|other|of|percent|pct|per|day|week|hour|month|year|time|version|model|row)\b)"
_NUMBER_AFTER = re.compile(rf"\s+({_SAID})\b{_NOT_A_VERSION}(?:\s*(?:,|and|or|vs\.?|versus|against|with|to)\s+({_SAID})\b"
                           rf"{_NOT_A_VERSION})?")
_VALUES = {w: i for i, w in enumerate(_SAID.split("|"), start=2)}


def versions_in_words(text: str, hits: list[Hit]) -> list[tuple[int, int, str]]:
    """Each version said in words right after a model's name, as (start, end, number)."""
    found = []
    for hit in hits:
        if m := _NUMBER_AFTER.match(text, hit.end):
            found += [(m.start(g), m.end(g), str(_VALUES[m.group(g)])) for g in (1, 2) if m.group(g)]
    return found
