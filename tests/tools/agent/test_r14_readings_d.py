"""Readings of the r14 thread-pointer family in other words: an incident of a listing picked by when it opened when the
listing showed no times ("the earliest one": the lowest number); the one incident shown or posted asked about again
("what's the deal with that one", "has it been fixed yet?"); an alert the monitor posted to the thread, as its own view;
an incident's number said in words ("incident forty two"); the list of models asked for right after the bot knew no
model by the name asked ("what can I pick from"); a monitor's check run once now after the monitor was shown ("kick it
off now"); and approvals beside the thread's own asked of a model ("anything else waiting on approval?"). Near misses
keep their reading: the thread's own approval, a switch of the monitor, a check run said not to be done, a question
with no model unknown, a listing with times.
"""

from __future__ import annotations

from typing import Any

from tests.tools.agent.readings import steps, thread

_NO_TIMES = thread(
    {"role": "user", "content": "alerts wine all=true"},
    {"role": "tool", "tool": "alerts", "args": {"model": "wine", "all": True}, "status": "done",
     "result": {"incidents": [{"id": 40, "resolved": False}, {"id": 33, "resolved": True}, {"id": 21, "resolved": True}]}},
    {"role": "assistant", "content": "wine incidents, newest first: #40 (open), #33 (resolved), #21 (resolved)."})
_ONE_LISTED = thread(
    {"role": "user", "content": "any open alerts for diabetes?"},
    {"role": "tool", "tool": "alerts", "args": {"model": "diabetes"}, "status": "done",
     "result": {"incidents": [{"id": 52, "model": "diabetes", "severity": "medium", "kind": "drift"}]}},
    {"role": "assistant", "content": "1 open incident for diabetes: #52 (medium, drift)."})
_POSTED = thread({"role": "assistant", "content": "🟠 Incident #61 — cancer: drift in mean radius (medium). Useful / Noise"})


def _unknown(name: str, tool: str, **args: Any) -> Any:
    return thread({"role": "user", "content": f"{tool} {name}"},
                  {"role": "tool", "tool": tool, "args": {"model": name, **args}, "status": "failed",
                   "result": {"error": f"Unknown model '{name}'."}},
                  {"role": "assistant", "content": f"Unknown model '{name}'."})


_REFUSED_NAME = thread({"role": "user", "content": "evaluate churn"},
                       {"role": "assistant", "content": "I don't know a model called churn. Configured models: cancer, "
                                                        "diabetes, wine."})
_MONITOR_SHOWN = thread(
    {"role": "user", "content": "how is the diabetes monitor set up?"},
    {"role": "tool", "tool": "monitor", "args": {"model": "diabetes"}, "status": "done",
     "result": {"model": "diabetes", "action": "shown", "monitor": {"every": "6h", "window": "7d"}}},
    {"role": "assistant", "content": "diabetes's monitor: every 6h on the last 7d."})
_PENDING = thread(
    {"role": "user", "content": "roll back wine"},
    {"role": "tool", "tool": "rollback", "args": {"model": "wine"}, "status": "needs_approval",
     "approval": {"id": "0a1b2c3d4e5f6789", "args": {"model": "wine"}}},
    {"role": "assistant", "content": "Rolling back wine (v5 → v4) needs approval: 0a1b2c3d4e5f6789."})


def test_an_incident_picked_by_when_it_opened_from_a_listing_without_times_is_by_its_number() -> None:
    assert steps("pull up the earliest one", _NO_TIMES) == [("incident", {"incident": 21})]
    assert steps("what happened in the most recent one?", _NO_TIMES) == [("incident", {"incident": 40})]
    assert steps("the oldest one was a false alarm", _NO_TIMES) == [("rate_alert", {"incident": 21, "verdict": "noise"})]
    assert steps("details on the second one", _NO_TIMES) == [("incident", {"incident": 33})]  # by place, as before


def test_the_one_incident_shown_asked_about_again() -> None:
    for said in ("whats up with it", "what's the deal with that one", "any news on it?", "has that been fixed yet?",
                 "was it ever resolved?", "is it closed now?", "whats the latest on it"):
        assert steps(said, _ONE_LISTED) == [("incident", {"incident": 52})], said


def test_an_alert_posted_to_the_thread_is_the_incident_it_shows() -> None:
    assert steps("has this one been sorted out since?", _POSTED) == [("incident", {"incident": 61})]
    assert steps("what's the story with it", _POSTED) == [("incident", {"incident": 61})]
    assert steps("bogus, mark it noise", _POSTED) == [("rate_alert", {"incident": 61, "verdict": "noise"})]
    assert steps("mute it for 3h", _POSTED) == [("snooze", {"model": "cancer", "duration": "3h"})]
    assert steps("and 60?", _POSTED) == [("incident", {"incident": 60})]


def test_an_answer_that_opens_like_an_alert_is_no_post_of_its_own() -> None:
    rated = thread({"role": "user", "content": "incident 5 was noise"},
                   {"role": "tool", "tool": "rate_alert", "args": {"incident": 5, "verdict": "noise"}, "status": "done",
                    "result": {"incident": 5, "model": "wine"}},
                   {"role": "assistant", "content": "Incident #5 rated noise."})
    assert rated.last == ("rate_alert", {"incident": 5, "verdict": "noise"})


def test_an_incident_number_said_in_words() -> None:
    assert steps("incident forty two please") == [("incident", {"incident": 42})]
    assert steps("show me incident number thirty-one") == [("incident", {"incident": 31})]
    assert steps("what happened in incident nineteen?") == [("incident", {"incident": 19})]
    assert steps("incident eleven") == [("incident", {"incident": 11})]
    assert steps("train wine on the last twenty days") == [("train", {"model": "wine", "last": "20d"})]


def test_the_models_asked_for_right_after_a_name_the_bot_did_not_know() -> None:
    for said in ("so which ones are there?", "what can I pick from", "fine, list them", "remind me of the names",
                 "what do you have then?", "ok what's available"):
        assert steps(said, _unknown("fraud", "status")) == [("list_models", {})], said
    assert steps("which models do you support then", _REFUSED_NAME) == [("list_models", {})]
    assert steps("what are the model names again?") == [("list_models", {})]


def test_after_a_name_the_bot_did_not_know_a_request_of_its_own_keeps_its_reading() -> None:
    assert steps("how is wine doing then?", _unknown("fraud", "status")) == [("status", {"model": "wine"})]
    assert steps("ok snooze cancer 2h then", _unknown("drivers", "snooze", duration="2h")) == [
        ("snooze", {"model": "cancer", "duration": "2h"})]
    assert steps("which ones are drifting?", _unknown("fraud", "status")) != [("list_models", {})]


def test_a_monitors_check_run_once_now_after_it_was_shown() -> None:
    for said in ("run it once please", "kick it off now", "trigger one manually", "can you fire it off right away?",
                 "give it a run now"):
        assert steps(said, _MONITOR_SHOWN) == [("run_check", {"model": "diabetes"})], said


def test_a_switch_or_a_run_said_not_to_be_done_keeps_its_reading_after_a_monitor() -> None:
    assert steps("turn it off", _MONITOR_SHOWN) == [("monitor", {"model": "diabetes", "state": "off"})]
    assert steps("start it again", _MONITOR_SHOWN) == [("monitor", {"model": "diabetes", "state": "on"})]
    assert steps("don't run it now", _MONITOR_SHOWN) == []
    assert steps("run it every 2h", _MONITOR_SHOWN) == [("monitor", {"model": "diabetes", "every": "2h"})]


def test_approvals_beside_the_threads_own_are_the_models_status() -> None:
    assert steps("anything else waiting on approval for wine?", _PENDING) == [("status", {"model": "wine"})]
    assert steps("are there more approvals open?", _PENDING) == [("status", {"model": "wine"})]
    assert steps("any other approvals on cancer I should chase?", _PENDING) == [("status", {"model": "cancer"})]


def test_the_threads_own_approval_is_still_that_approval() -> None:
    assert steps("is the approval still pending?", _PENDING) == [("approval", {"approval_id": "0a1b2c3d4e5f6789"})]
    assert steps("did it go through?", _PENDING) == [("approval", {"approval_id": "0a1b2c3d4e5f6789"})]
