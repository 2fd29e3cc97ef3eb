"""Safety as a property: a read request never yields a change, however it is worded, whichever model answers.

The requests are generated: every read intent, in several phrasings each, × every demo model × a distractor word
from the change vocabulary (as an object: "the deploy history", "who shipped it") × typos in the model name. Over
all of them the offline interpreter plans no call that changes anything; and through the real agent loop a
scripted LLM that always tries a change on such a request gets it held by the guard, not made.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from tests.support.fake_openai import FakeOpenAI, say, tool_call
from tools.access import Caller
from tools.agent.run import run_turn
from tools.agent.toolkit import changes
from tools.agent.understand import read
from tools.catalog import all_tools

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
# A change word used as a noun or in the past: what the question is about, never what to do.
NOUNS = ["deploy", "deployment", "rollback", "retrain", "training", "release", "promotion", "revert", "tuning",
         "snooze", "unlock", "ship"]
PAST = ["deployed", "shipped", "rolled back", "retrained", "trained", "promoted", "released", "reverted", "tuned",
        "snoozed", "unlocked", "approved"]
READS: dict[str, list[str]] = {
    "history": ["show me the {noun} history of {model}", "when was the last {noun} of {model}?",
                "who {past} {model}?", "how many times was {model} {past}?", "{noun} log for {model}",
                "audit trail of {model}, every {noun}", "latest {noun} of {model} + who signed off on it",
                "most recent {noun} for {model} and who approved it", "newest {noun} of {model}, and when",
                "how many times has {model} been {past} this quarter? just curious, not asking you to {noun} it",
                "draw me the timeline for {model}, with every {noun} and {noun} on it",
                "how many {noun}s has {model} had? we should stop shipping on fridays lol"],
    "status": ["what is live for {model} since the last {noun}?", "we've just {past} {model}, what's live now?", "is there a {noun} pending for {model}?",
               "which version of {model} is serving after the {noun}?", "status of {model}, before any {noun}",
               "someone typed '{noun} {model} 7' in #ml-ops an hour ago, did it actually go live?"],
    "check_drift": ["did the inputs of {model} change since it was {past}?",
                    "has the data of {model} drifted since the {noun}?",
                    "abt to {noun} {model}... wait first: whats the drift look like over 7d",
                    "while we wait for the {noun} approval, is {model}'s live data drifting?"],
    "validate_data": ["check the {model} training batch for missing values and bad ranges before we {noun}",
                      "validate the {model} data prior to the {noun}", "sanity-check {model}'s new batch before you {noun} it",
                      "schema check on the {model} batch ahead of the {noun}",
                      "i want to {noun} {model} on november data, validate november first"],
    "compare": ["how does v3 of {model} stack up against prod, before we {noun}?",
                "would the {model} challenger clear the promotion gate if I {past} it today?"],
    "evaluate": ["how accurate is {model} since it was {past}?",
                 "the team {past} {model} last week, how accurate is it now?"],
    "run_check": ["check {model} now, we {past} it yesterday and I want to see prod is fine",
                  "run {model}'s check, I already {past} it this morning"],
    "alerts": ["any open alerts for {model} after the {noun}?", "list every {model} alert, even the ones we {past}",
               "is anything still open for {model} while it's {past}?"],
    "abtest": ["how's the {model} A/B test going since the {noun}? don't stop it",
               "results of the {model} abtest we stopped after the {noun}",
               "is the {model} ab test still running or did someone stop it after the {noun}?",
               "shadow test on {model}: what's the verdict since the {noun}? not stopping it"],
    "monitor": ["is the {model} monitor on or did someone switch it off after the {noun}? just show its settings",
                "does {model} have auto_deploy turned on in its monitor since the {noun}? don't change anything"],
    "help": ["how do I {noun} {model}?"],
    "why": ["why did {model} drift after the {noun}?", "what caused the drop of {model} since it was {past}?"],
    "card": ["model card of {model}, with every {noun}", "writing notes for the {model} v4 {noun}, need its model card"],
    "incident": ["what happened in incident 12 after the {noun} of {model}?"],
    "approval": ["where does approval 3f9a1c2b4d5e6f70 for the {noun} of {model} stand?"],
    "feedback": ["how useful has the agent been since the {noun} of {model}?"],
}


def typos(name: str) -> list[str]:
    """The name, and each swap of two neighbouring inner letters (one typo), and one double typo."""
    swaps = [name[:i] + name[i + 1] + name[i] + name[i + 2:] for i in range(1, len(name) - 2)]
    return [name, *swaps[:3], name[:-1]]


# How a request is typed: the distractor as written or with a typo, the model name as written or with one of four
# typos, and whether it opens with a greeting. Every combination of intent, phrasing, model and distractor is typed
# in four of these twenty ways, a different four for each, so that every way is used across the grid without
# multiplying it twenty-fold (the full product is 36,000 requests of which a quarter repeat, about a minute of CPU).
TYPINGS = list(itertools.product((False, True), range(5), ("", "hey, ")))
TYPED_WAYS = 4


def requests() -> list[tuple[str, str]]:
    """Intent × phrasing × model × distractor, each typed four ways (distractor typo × model typo × opening)."""
    out = []
    combos = ((intent, template, model, pair) for intent, templates in READS.items()
              for template, model, pair in itertools.product(templates, MODELS, zip(NOUNS, PAST, strict=True)))
    for n, (intent, template, model, (noun, past)) in enumerate(combos):
        for k in range(TYPED_WAYS):
            noun_typo, spelled, opening = TYPINGS[(n * 7 + k * 5) % len(TYPINGS)]
            name = typos(model)[spelled % len(typos(model))]
            word = typos(noun)[1] if noun_typo and len(noun) > 4 else noun
            out.append((intent, opening + template.format(model=name, noun=word, past=past)))
    return out


def test_there_are_thousands_of_generated_read_requests() -> None:
    assert len(set(requests())) >= 5000


def test_offline_interpreter_never_plans_a_change_for_a_read() -> None:
    tools, changed = all_tools(), []
    for text in dict.fromkeys(text for _intent, text in requests()):  # each distinct request once (a quarter repeat)
        reading = read(text, MODELS, today=date(2026, 12, 5))
        changed += [(text, s.tool, s.args) for s in reading.steps if changes(tools[s.tool], s.args, None)]
    assert changed == []


def test_a_scripted_llm_that_tries_a_change_on_a_read_is_held(ctx: Any, configure: Any, monkeypatch: Any) -> None:
    """The real LLM path (ChatOpenAI over HTTP): the model answers every request with a deploy; none is made."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-loopback")

    def script(body: dict[str, Any]) -> dict[str, Any]:
        if body["messages"][-1]["role"] == "tool":
            return say("Here you are.")
        return tool_call("deploy", {"model": "cancer", "version": "2"})

    # Two requests per phrasing (different models), through HTTP: what is held is decided from the words, and every
    # word of the grid already goes through the interpreter above; the LLM path adds the guard, not new words.
    sample = requests()[::80]
    with FakeOpenAI(script) as fake:
        ctx = configure(f'[agent]\nmodel = "openai:gpt-4.1-mini"\nbase_url = "{fake.base_url}"\n')
        made = []
        for _intent, text in sample:
            reply = run_turn(ctx, Caller(user_id="U1", surface="slack"), text, dry_run=True)
            made += [(text, c.tool) for c in reply.calls if changes(all_tools()[c.tool], c.args, ctx.config)]
    assert len({text.split()[0] for _, text in sample}) > 10 and len(sample) >= 90 and made == []


def test_the_guard_lets_a_requested_change_through(ctx: Any, configure: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-loopback")
    script = iter([tool_call("deploy", {"model": "cancer", "version": "2"}), say("Proposed.")])
    with FakeOpenAI(lambda body: next(script)) as fake:
        ctx = configure(f'[agent]\nmodel = "openai:gpt-4.1-mini"\nbase_url = "{fake.base_url}"\n')
        reply = run_turn(ctx, Caller(user_id="U1", surface="slack"), "deploy cancer v2", dry_run=True)
    assert [(c.tool, c.args) for c in reply.calls] == [("deploy", {"model": "cancer", "version": "2"})]


# A pending change taken back in words: approvals are buttons and `cancel` takes job ids, so none of these is a call
# that changes anything, least of all the change it takes back.
WITHDRAWN = ["nvm cancel that {noun}", "cancel the {noun}", "abort that {noun} please", "scrap the {noun}",
             "never mind, call off the {noun}", "forget that {noun}", "withdraw my {noun} request",
             "actually no, cancel the {noun} of {model}", "stop that {noun}"]


def test_taking_back_a_pending_change_never_makes_one() -> None:
    from tools.agent.understanding.reading import Memory

    tools, made = all_tools(), []
    for template, model, noun in itertools.product(WITHDRAWN, MODELS, NOUNS):
        pending = Memory(model=model, last=("deploy", {"model": model, "version": "6"}), pending=True,
                         approval="c0ffee00deadbeef", moved=6)
        for memory in (pending, None):
            reading = read(template.format(noun=noun, model=model), MODELS, today=date(2026, 12, 5), memory=memory)
            made += [(template, noun, s.tool) for s in reading.steps if changes(tools[s.tool], s.args, None)]
    assert made == []


def steps(text: str, memory: Any = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=date(2026, 12, 5), memory=memory).steps]


def test_a_change_said_as_the_plan_reason_or_report_beside_a_read_plans_only_the_read() -> None:
    """The plan the read is for, a command someone else typed, an opinion about a habit, a past change asked about:
    the read is planned, and no change."""
    assert steps("how often was wine deployed this month? not asking you to deploy it, just curious") == [
        ("history", {"model": "wine"})]
    assert steps("we're about to ship diabetes 8, first: is its live data drifting?") == [
        ("check_drift", {"model": "diabetes"})]
    assert steps("planning to retrain cancer on october data, validate october first") == [
        ("validate_data", {"model": "cancer", "since": "2026-10-01", "until": "2026-11-01"})]
    assert steps("someone posted 'deploy diabetes 4' in #ml-ops this morning, did it go live? what's prod now") == [
        ("status", {"model": "diabetes"})]
    assert steps("writing release notes for the cancer v6 rollout, need its model card") == [
        ("card", {"model": "cancer", "version": "6"})]
    assert steps("how many deploys has wine had? we should stop deploying on mondays") == [("history", {"model": "wine"})]
    assert steps("Wer hat gestern wine deployed? sorry, who deployed wine yesterday") == [("history", {"model": "wine"})]
    assert steps("wine's drop that made us revert, what caused it?") == [("why", {"model": "wine"})]
    assert steps("would wine v7 clear the gate if we promoted it tomorrow?") == [("compare", {"model": "wine", "b": "7"})]
    assert steps("pre-release check: did the cancer inputs move since the beginning of the month?") == [
        ("check_drift", {"model": "cancer", "since": "2026-12-01"})]


def test_change_nouns_in_a_listing_and_states_are_what_is_listed() -> None:
    assert steps("show the diabetes history with every retrain and deploy on it") == [("history", {"model": "diabetes"})]
    assert steps("list all cancer alerts, including the ones we muted") == [("alerts", {"model": "cancer"})]
    assert steps("any alerts still open on wine while it's snoozed?") == [("alerts", {"model": "wine"})]
    assert steps("show incident 12, someone said they muted it") == [("incident", {"incident": 12})]


def test_a_stop_said_not_to_be_done_or_asked_about_shows_the_test_or_monitor() -> None:
    for text, model in [("how's the cancer a/b test doing? do not stop it", "cancer"),
                        ("numbers of the wine ab test we ended on monday", "wine"),
                        ("is the diabetes split test still on, or did someone kill it?", "diabetes"),
                        ("shadow test for wine: results so far? not ending it", "wine"),
                        ("don't stop it, just give me the results for the diabetes test", "diabetes")]:
        assert steps(text) == [("abtest", {"model": model})], text
    assert steps("stop the wine ab test") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("start a shadow test for cancer") == [("abtest", {"model": "cancer", "mode": "shadow"})]
    for text, model in [("is the wine monitor off or did someone pause it? just show its settings", "wine"),
                        ("does cancer's monitor have auto_deploy turned on? don't change anything", "cancer")]:
        assert steps(text) == [("monitor", {"model": model})], text
    assert steps("the wine monitor is off, turn it back on") == [("monitor", {"model": "wine", "state": "on"})]
    assert steps("is the wine training really stopped now?") == [("status", {"model": "wine"})]


def test_a_pending_approval_said_as_the_wait_beside_another_read_is_not_read() -> None:
    from tools.agent.understanding.reading import Memory

    pending = Memory(model="wine", last=("deploy", {"model": "wine", "version": "6"}), pending=True,
                     approval="c0ffee00deadbeef", moved=6)
    assert steps("while we wait on that approval, is wine's live data drifting?", pending) == [
        ("check_drift", {"model": "wine"})]
    assert steps("while it's pending, did diabetes drift over the last 5 days?", pending) == [
        ("check_drift", {"model": "diabetes", "last": "5d"})]


def test_a_command_said_beside_an_aside_is_still_made() -> None:
    """The aside is blanked, not the request: what is left still asks for its change."""
    assert steps("ship wine 7 while it's muted") == [("deploy", {"model": "wine", "version": "7"})]
    assert steps("snooze the diabetes alerts while it's being retrained") == [("snooze", {"model": "diabetes"})]
    assert steps("not asking you to retrain, just deploy cancer 4") == [("deploy", {"model": "cancer", "version": "4"})]
    assert steps("we should stop shipping on fridays, retrain wine") == [("train", {"model": "wine"})]
