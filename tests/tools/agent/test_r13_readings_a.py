"""Readings of the r13 chain, several-request and thread families in other words: a yes to the compare just asked
("…? if so, ship it") lets the deploy beside it wait on that compare; a status asked in so many words after a root
cause is asked too; a retrain-and-ship said with the asker approving later; the challengers of several models
deployed; a stop with the reason it is stopped; the severity policy asked as what would page someone; an approval
given in words with an emoji plans nothing; and "release it" after the thread found the model locked frees the lock."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.offline import recall
from tools.agent.understand import Memory, read


def waits(text: str) -> list[tuple[str, dict[str, Any], str | None]]:
    return [(s.tool, s.args, s.when) for s in read(text, MODELS, today=TODAY).steps]


def _after(request: str, tool: str, args: dict[str, Any], status: str, result: dict[str, Any]) -> Memory:
    """The memory of a thread whose one request made one call with `result`."""
    seen = {"tool": tool, "status": status, "result": result}
    thread: list[BaseMessage] = [
        HumanMessage(content=request),
        AIMessage(content="", tool_calls=[{"name": tool, "args": args, "id": "c1", "type": "tool_call"}]),
        ToolMessage(content=json.dumps(seen), tool_call_id="c1")]
    return recall(thread, MODELS)


def test_a_yes_to_the_compare_just_asked_lets_the_deploy_beside_it_wait_on_it() -> None:
    assert waits("is wine v4 better than prod? if so ship it") == [
        ("compare", {"model": "wine", "b": "4"}, None), ("deploy", {"model": "wine", "version": "4"}, "if_better")]
    assert waits("does the cancer challenger beat production? if it does, deploy it") == [
        ("compare", {"model": "cancer"}, None), ("deploy", {"model": "cancer", "version": "challenger"}, "if_better")]
    assert waits("would diabetes v3 pass the gate? promote it if it does") == [
        ("compare", {"model": "diabetes", "b": "3"}, None),
        ("deploy", {"model": "diabetes", "version": "3"}, "if_better")]
    assert waits("does the wine challenger outperform prod? if so go ahead and release it") == [
        ("compare", {"model": "wine"}, None), ("deploy", {"model": "wine", "version": "challenger"}, "if_better")]
    assert waits("is diabetes v7 better than what's live? if that's the case roll it out") == [
        ("compare", {"model": "diabetes", "b": "7"}, None),
        ("deploy", {"model": "diabetes", "version": "7"}, "if_better")]


def test_a_yes_after_a_compare_asked_as_a_command_is_a_condition_too() -> None:
    assert waits("compare wine v5 with prod and if so deploy it") == [
        ("compare", {"model": "wine", "b": "5"}, None), ("deploy", {"model": "wine", "version": "5"}, "if_better")]
    assert waits("check whether cancer v6 beats production and if yes promote it") == [
        ("compare", {"model": "cancer", "b": "6"}, None), ("deploy", {"model": "cancer", "version": "6"}, "if_better")]


def test_a_yes_to_anything_but_a_compare_or_a_no_deploys_nothing() -> None:
    drifting = read("is wine drifting? if so deploy the challenger", MODELS, today=TODAY)
    assert drifting.asks and [s.tool for s in drifting.steps] == ["check_drift"], "no verdict a deploy can wait on"
    assert steps("is wine v4 better than prod? if it is worse roll back") == [("compare", {"model": "wine", "b": "4"})]
    assert steps("does cancer v2 beat prod? if so, why?") == [
        ("compare", {"model": "cancer", "b": "2"}), ("why", {"model": "cancer"})]
    assert steps("does the wine challenger outperform prod? if so go ahead") == [("compare", {"model": "wine"})], (
        "what to do is not said")


def test_a_status_asked_in_so_many_words_after_a_root_cause_is_asked_too() -> None:
    assert steps("what caused wine's drop? also give me the status") == [
        ("why", {"model": "wine"}), ("status", {"model": "wine"})]
    assert steps("root cause of diabetes drift, then what's its status") == [
        ("why", {"model": "diabetes"}), ("status", {"model": "diabetes"})]
    assert steps("why did cancer drift and what's its current status?") == [
        ("why", {"model": "cancer"}), ("status", {"model": "cancer"})]
    assert steps("what's behind the dip on wine? which features moved") == [("why", {"model": "wine"})], (
        "the cause asked again in other words is one question")


def test_retrain_and_ship_with_the_asker_approving_later_is_planned() -> None:
    assert steps("retrain wine and ship it regardless, I'll approve") == [
        ("train", {"model": "wine"}), ("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("train diabetes and deploy it unconditionally, we're ready to approve") == [
        ("train", {"model": "diabetes"}), ("deploy", {"model": "diabetes", "version": "challenger"})]
    assert steps("deploy cancer v4, I'll approve it when the request comes in") == [
        ("deploy", {"model": "cancer", "version": "4"})]


def test_approving_in_words_is_still_refused() -> None:
    for said in ("approve it", "I approve the deploy", "approve the wine deploy, I'll take the blame"):
        reading = read(said, MODELS, today=TODAY)
        assert reading.steps == [] and reading.problem, said


def test_the_challengers_of_several_models_are_each_deployed() -> None:
    assert steps("ship the challengers for wine and diabetes") == [
        ("deploy", {"model": "wine", "version": "challenger"}), ("deploy", {"model": "diabetes", "version": "challenger"})]
    assert steps("promote the challengers of all three models") == [
        ("deploy", {"model": m, "version": "challenger"}) for m in ("cancer", "wine", "diabetes")]
    assert waits("deploy the challengers of cancer and diabetes if they beat prod") == [
        ("compare", {"model": "cancer"}, None), ("deploy", {"model": "cancer", "version": "challenger"}, "if_better"),
        ("compare", {"model": "diabetes"}, None),
        ("deploy", {"model": "diabetes", "version": "challenger"}, "if_better")]


def test_the_challengers_of_several_models_in_a_read_stay_a_read() -> None:
    assert steps("evaluate the challengers of wine and cancer") == [
        ("evaluate", {"model": "wine", "version": "challenger"}), ("evaluate", {"model": "cancer", "version": "challenger"})]
    assert steps("any challengers waiting for cancer?") == [("status", {"model": "cancer"})]


def test_a_stop_with_the_reason_it_is_stopped_is_only_the_stop() -> None:
    assert steps("halt the diabetes canary, it's been live for a week") == [
        ("abtest", {"model": "diabetes", "mode": "stop"})]
    assert steps("end the wine shadow test, it's run long enough") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("wine's been stuck for hours, unlock it") == [("unlock", {"model": "wine"})]
    assert steps("stop the wine ab test, it's been a week, and show me the status") == [
        ("abtest", {"model": "wine", "mode": "stop"}), ("status", {"model": "wine"})], "a read asked beside it stays"


def test_the_severity_policy_asked_as_what_would_page_is_the_monitors() -> None:
    assert steps("how large a drift wakes up the on-call?") == [("monitors", {})]
    assert steps("what's our alerting policy? how bad does it have to get before someone gets paged") == [
        ("monitors", {})]
    assert steps("severity levels please, how much of a drop pages the team") == [("monitors", {})]


def test_a_page_that_happened_is_still_the_alerts() -> None:
    assert steps("did anyone get paged for wine last night?") == [("alerts", {"model": "wine"})]
    assert steps("what paged us last night?") == [("alerts", {})]


PENDING = Memory(model="wine", last=("deploy", {"model": "wine", "version": "3"}), pending=True,
                 approval="0a1b2c3d4e5f6a7b")


def test_an_approval_given_in_words_with_an_emoji_plans_nothing() -> None:
    for said in ("approved 🚀", "✅ approved", "ok approved 👌", "signed off 👍", "Approved!! 🎉"):
        reading = read(said, MODELS, today=TODAY, memory=PENDING)
        assert reading.steps == [] and reading.problem, said


def test_an_approval_asked_about_is_still_shown() -> None:
    for said in ("is it approved now?", "approved yet?", "has it been signed off yet?"):
        assert steps(said, PENDING) == [("approval", {"approval_id": "0a1b2c3d4e5f6a7b"})], said


LOCKED = {"model": "cancer", "production": 5, "lock": {"tool": "train", "holder": "j0f1e2d", "stale": "no heartbeat"}}


def test_release_after_the_thread_found_the_model_locked_frees_the_lock() -> None:
    shown = _after("what's wrong with cancer?", "status", {"model": "cancer"}, "done", LOCKED)
    assert shown.locked
    for said in ("free it up please", "can you release it?", "ok clear it", "go ahead and release it"):
        assert steps(said, shown) == [("unlock", {"model": "cancer"})], said
    assert steps("release it, reason: the trainer pod was evicted", shown) == [
        ("unlock", {"model": "cancer", "reason": "the trainer pod was evicted"})]
    refused = _after("retrain wine", "train", {"model": "wine"}, "failed",
                     {"error": "Model wine is busy: tune by U0123 since 02:00"})
    assert steps("pls release it", refused) == [("unlock", {"model": "wine"})]


def test_a_version_released_after_a_lock_is_still_a_release() -> None:
    shown = _after("what's wrong with cancer?", "status", {"model": "cancer"}, "done", LOCKED)
    assert steps("release v6", shown) == [("deploy", {"model": "cancer", "version": "6"})]
    assert steps("release the challenger", shown) == [("deploy", {"model": "cancer", "version": "challenger"})]
    unlocked = _after("what's wrong with cancer?", "status", {"model": "cancer"}, "done",
                      {"model": "cancer", "production": 5, "challenger": 6})
    assert not unlocked.locked
    assert "unlock" not in [s.tool for s in read("release it now", MODELS, today=TODAY, memory=unlocked).steps]
