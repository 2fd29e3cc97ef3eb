"""A learned intent scorer: which tools a request asks for, in order, from the character n-grams of its cue words.

The rules in `intents` read a clause by its verbs and objects; this reads the whole request (with its slots, versions
and model names already blanked, so only the wording is left) and says which sequence of tools it resembles most,
with a probability. It is fitted lazily on `training.jsonl` beside this module (once per machine and version, then
loaded from the user's cache: `load_or_fit`): the phrasings of the evaluation set's dev part and one line per tool
from the registry's own descriptions. The held-out part is never in it. It only ever narrows or corrects a reading: `understand` decides when its word counts (never to turn a
question into a change).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TRAINING = Path(__file__).with_name("training.jsonl")
NO_CALL = "none"  # the label of a request that should plan no call: refuse, out of scope, or ask
CATALOG_LISTING = "list_models"  # the only read of the catalog itself; see `revise`
# Reads of what happened or is happening to the models (not of what they are, which the catalog listing answers).
EVENT_READS = frozenset({"abtest", "alerts", "incident", "monitors"})
# The phrasings name the demo models and resolve dates against the evaluation set's today (its header).
DEMO_MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
               "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)
# How sure the scorer must be to overrule the rules. Chosen among 0.45 / 0.55 / 0.7 by 5-fold cross-validation of
# the whole interpreter on dev (python -m tests.tools.agent.test_scorer cv: 87.4% / 88.0% / 87.4% exact plans);
# balanced classes make its probabilities lower than before, when 0.7 was kept. Above 1 the rules alone decide.
THRESHOLD = 0.55


@dataclass
class Guess:
    tools: list[str]  # the tools in order, each once per run ("compare cancer and wine" is one compare); [] = none
    probability: float


class IntentScorer:
    """TF-IDF of character n-grams and of words, side by side, and a class-balanced logistic regression over intent
    sequences, scikit-learn style. Characters carry typos and word endings; words carry which cue words stand
    together ("ship zversion", "what's live"); balancing keeps the rare tools (unlock, monitors) from being
    outvoted by train and compare."""

    def __init__(self, *, ngram_range: tuple[int, int] = (2, 5), word_ngram_range: tuple[int, int] = (1, 2),
                 C: float = 10.0) -> None:
        self.ngram_range = ngram_range
        self.word_ngram_range = word_ngram_range
        self.C = C

    def fit(self, texts: list[str], labels: list[str]) -> IntentScorer:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        if not texts or len(texts) != len(labels):
            raise ValueError("an intent scorer needs as many labels as texts, and at least one")
        self.pipeline_ = make_pipeline(
            make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True),
                       TfidfVectorizer(analyzer="word", ngram_range=self.word_ngram_range, sublinear_tf=True)),
            LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced", random_state=0))
        self.pipeline_.fit(texts, labels)
        return self

    def guess(self, text: str) -> Guess:
        probabilities = self.probabilities(text)
        best = int(probabilities.argmax())
        label = str(self.pipeline_.classes_[best])
        return Guess(tools=[] if label == NO_CALL else label.split("|"), probability=float(probabilities[best]))

    def probabilities(self, text: str) -> Any:
        """`predict_proba` for one text, computed from the fitted vocabularies, idf and coefficients: scikit-learn's
        per-call input checks cost a few ms, most of a reading's time, and a reading is one short text. The test
        holds it equal to `predict_proba`."""
        import numpy as np
        from scipy.special import softmax

        union, model = self.pipeline_.steps[0][1], self.pipeline_.steps[-1][1]
        vectorizers = [v for _, v in union.transformer_list]
        if len(model.classes_) < 3 or any(v.norm != "l2" for v in vectorizers):  # binary: a logistic, not softmax
            return self.pipeline_.predict_proba([text])[0]
        if not hasattr(self, "_analyzers"):
            self._analyzers = [v.build_analyzer() for v in vectorizers]
        columns, weights, offset = [], [], 0
        for vectorizer, analyze in zip(vectorizers, self._analyzers, strict=True):
            counts = Counter(i for gram in analyze(text) if (i := vectorizer.vocabulary_.get(gram)) is not None)
            found = np.fromiter(counts, dtype=np.intp, count=len(counts))
            weight = np.fromiter(counts.values(), dtype=float, count=len(counts))
            if vectorizer.sublinear_tf:
                weight = 1.0 + np.log(weight)
            weight *= vectorizer.idf_[found]
            if (norm := np.linalg.norm(weight)) > 0:
                weight /= norm
            columns.append(found + offset)
            weights.append(weight)
            offset += len(vectorizer.vocabulary_)
        at = np.concatenate(columns)
        return softmax(model.coef_[:, at] @ np.concatenate(weights) + model.intercept_)


def revise(tools: list[str | None], guess: Guess, *, mutating: set[str], command: bool = False,
           threshold: float = THRESHOLD) -> list[str | None]:
    """The clauses' tools after the scorer's word: it may correct which tool each run of clauses asks for (when
    the runs line up with its guess) or name the tool of a request the rules found none in, but it never turns a
    read into a change, and a request with no tool becomes a change only when it is a `command` (not a question):
    the change still needs its model and version from the words, or the interpreter asks."""
    if not guess.tools or guess.probability < threshold:
        return tools  # unsure, or "no call" (a refusal or a question back is the rules' to decide)
    runs: list[list[int]] = []
    for index, tool in enumerate(tools):
        if tool is None:
            continue
        if runs and tools[runs[-1][-1]] == tool:
            runs[-1].append(index)
        else:
            runs.append([index])
    if not runs:
        first = guess.tools[0]
        return [first, *tools[1:]] if len(guess.tools) == 1 and (command or first not in mutating) and tools else tools
    if len(runs) != len(guess.tools):
        return tools
    revised = list(tools)
    for run, tool in zip(runs, guess.tools, strict=True):
        if tool in mutating and tools[run[0]] not in mutating:
            return tools  # never a question into a change
        if tool == CATALOG_LISTING and tools[run[0]] in EVENT_READS:
            return tools  # "which models have open alerts / an a/b test running?": what happens to them, not what they are
        for index in run:
            revised[index] = tool
    return revised


def label(calls: list[dict[str, Any]]) -> str:
    """A plan as a label: its tools in order, a run of the same tool once; `none` for no call."""
    tools = [c["tool"] for c in calls]
    runs = [t for i, t in enumerate(tools) if i == 0 or tools[i - 1] != t]
    return "|".join(runs) or NO_CALL


def load_or_fit(fit: Callable[[], IntentScorer]) -> IntentScorer:
    """The fitted scorer from the user's cache, or `fit()` once and kept there. Fitting takes seconds of CPU, which
    every process would otherwise spend on its first plain-language request (a Slack replica, `ask`, `chat`, each
    test that starts one); loading takes milliseconds. The file is named by a hash of everything the fit depends on
    (the phrasings, the code that turns a request into cues, the library versions), so a stale one is never read;
    a cache that cannot be read or written only costs the fit."""
    from importlib.metadata import version

    import platformdirs

    digest = hashlib.sha256(repr((sys.version_info[:2], [version(d) for d in ("scikit-learn", "numpy", "scipy")]))
                            .encode())
    for source in [TRAINING, Path(__file__).parents[1] / "understand.py", *sorted(Path(__file__).parent.rglob("*.py"))]:
        digest.update(source.read_bytes())
    path = Path(platformdirs.user_cache_dir("mlops-chatops")) / f"intent-scorer-{digest.hexdigest()[:20]}.pickle"
    if (kept := _kept(path)) is not None:
        return kept
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # an unwritable cache only costs the fit
        pass
    with _fitting(path):  # processes starting at once (replicas, test workers) fit once: the others wait, then load
        if (kept := _kept(path)) is not None:
            return kept
        fitted = fit()
        try:
            partial = path.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, path)  # whole or absent, even to a process that does not take the lock
        except OSError:
            pass
    return fitted


def _kept(path: Path) -> IntentScorer | None:
    try:
        with path.open("rb") as file:
            kept = pickle.load(file)  # written by this code, under the user's own cache directory
        if isinstance(kept, IntentScorer):
            return kept
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or foreign file: fit again and replace it
        logging.getLogger(__name__).warning("intent scorer cache %s unreadable (%s); fitting again", path, exc)
    return None


@contextmanager
def _fitting(path: Path) -> Iterator[None]:
    """Hold the cache file's lock while fitting (released by the kernel if the process dies); where there is no
    lock to take (no fcntl, an unwritable cache), fit without it."""
    try:
        import fcntl

        lock = path.with_suffix(".lock").open("a")
    except (ImportError, OSError):
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def phrasings(path: Path = TRAINING) -> list[tuple[str, str]]:
    """The training phrasings (text, label) shipped with the package."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            row = json.loads(line)
            rows.append((row["text"], row["label"]))
    return rows
