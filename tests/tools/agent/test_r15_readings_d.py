"""Readings of the r15 snooze family, and of requests that plan nothing, in other words: a snooze's length said in words
("half an hour", "a month", "an hour and a half"), or as a time of day with the time it is now said beside it ("it's
11pm, mute wine till 7am"); alerts held back in other words ("hold off on wine's pages for 2 days"); a reason clause
about the person's own work beside a snooze; the thread's snooze set again for another span ("actually make it 2
days", "fine, 2 weeks then" after one refused for its length); the models a snooze is for picked from the thread's
alerts listing ("the high one's model", "both of them"); and what no tool does: a snooze for good, a snooze ended
early, a share over 100%, something emailed or exported, an unknown model named for a listing, an online test
scheduled for a weekday or an hour, a test of three arms. Near misses keep their other reading.
"""

from __future__ import annotations

from typing import Any

from tests.tools.agent.readings import steps, thread

_LISTED = thread(
    {"role": "user", "content": "anything open?"},
    {"role": "tool", "tool": "alerts", "args": {}, "status": "done",
     "result": {"incidents": [{"id": 57, "model": "wine", "kind": "drift", "severity": "high"},
                              {"id": 56, "model": "cancer", "kind": "metric_drop", "severity": "medium"},
                              {"id": 55, "model": "diabetes", "kind": "check_failed", "severity": "low"}]}},
    {"role": "assistant", "content": "3 open: #57 wine drift (high), #56 cancer metric drop (medium), #55 diabetes "
                                     "check failed (low)."})
_TWO_MODELS = thread(
    {"role": "user", "content": "open alerts?"},
    {"role": "tool", "tool": "alerts", "args": {}, "status": "done",
     "result": {"incidents": [{"id": 12, "model": "diabetes", "kind": "drift"}, {"id": 11, "model": "wine",
                                                                                "kind": "drift"}]}},
    {"role": "assistant", "content": "2 open: #12 diabetes drift, #11 wine drift."})
_NOISIEST = thread(
    {"role": "user", "content": "which model pages us the most?"},
    {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
     "result": {"alerts": {"cancer": {"opened": 11, "rated": 6, "noise": 5}, "wine": {"opened": 2, "rated": 1, "noise": 0}}}},
    {"role": "assistant", "content": "cancer has the most: 11 alerts in 30 days, 5 of the 6 rated were noise."})


def _snoozed(model: str, status: str = "done", **args: Any) -> Any:
    return thread({"role": "user", "content": f"snooze {model}"},
                  {"role": "tool", "tool": "snooze", "args": {"model": model, **args}, "status": status,
                   "result": {"model": model} if status == "done" else {"error": "snooze for at most 30d"}},
                  {"role": "assistant", "content": f"{model} is snoozed." if status == "done" else "I can't do that."})


def test_a_snoozes_length_said_in_words() -> None:
    assert steps("mute wine a week") == [("snooze", {"model": "wine", "duration": "7d"})]
    assert steps("silence cancer for one month") == [("snooze", {"model": "cancer", "duration": "30d"})]
    assert steps("snooze diabetes an hour and a half") == [("snooze", {"model": "diabetes", "duration": "90m"})]
    assert steps("shush wine a quarter of an hour") == [("snooze", {"model": "wine", "duration": "15m"})]


def test_a_snooze_until_a_time_of_day_with_the_time_now_said() -> None:
    assert steps("it's 11pm, mute wine till 7am") == [("snooze", {"model": "wine", "duration": "8h"})]
    assert steps("its 11:30pm here, snooze diabetes until 6am") == [("snooze", {"model": "diabetes", "duration": "390m"})]
    assert steps("it's fri 6pm, snooze cancer until mon 9am") == [("snooze", {"model": "cancer", "duration": "63h"})]


def test_a_time_of_day_keeps_the_span_said_beside_it_or_the_default_without_the_time_now() -> None:
    assert steps("it's sat 9pm, snooze cancer till monday 9am (36h)") == [("snooze", {"model": "cancer", "duration": "36h"})]
    assert steps("snooze wine until 8am") == [("snooze", {"model": "wine"})]


def test_alerts_held_back_are_a_snooze() -> None:
    assert steps("could you hold off on wine's pages for 2 days") == [("snooze", {"model": "wine", "duration": "2d"})]
    assert steps("pause the cancer alerts for 6 hours") == [("snooze", {"model": "cancer", "duration": "6h"})]
    assert steps("suspend diabetes notifications for 12h pls") == [("snooze", {"model": "diabetes", "duration": "12h"})]
    assert steps("pause the wine monitor") == [("monitor", {"model": "wine", "state": "off"})]  # the monitor itself


def test_the_persons_own_work_beside_a_snooze_is_its_reason() -> None:
    assert steps("mute cancer for 3 days, we are migrating the feature store") == [
        ("snooze", {"model": "cancer", "duration": "3d"})]
    assert steps("snooze wine 6h, i'm rebuilding the dashboards") == [("snooze", {"model": "wine", "duration": "6h"})]
    assert steps("rebuild wine") == [("train", {"model": "wine"})]  # asked, not told


def test_the_threads_snooze_set_again_for_another_span() -> None:
    assert steps("make it 2 days", _snoozed("wine")) == [("snooze", {"model": "wine", "duration": "2d"})]
    assert steps("no, half an hour", _snoozed("wine")) == [("snooze", {"model": "wine", "duration": "30m"})]
    assert steps("let's say a week instead", _snoozed("cancer")) == [("snooze", {"model": "cancer", "duration": "7d"})]
    assert steps("change it to 3h", _snoozed("all", duration="1h")) == [("snooze", {"model": "all", "duration": "3h"})]
    assert steps("ok 2 weeks then", _snoozed("diabetes", "refused", duration="60d")) == [
        ("snooze", {"model": "diabetes", "duration": "14d"})]


def test_after_a_snooze_other_requests_keep_their_reading() -> None:
    assert steps("what's still open on it?", _snoozed("wine")) == [("alerts", {"model": "wine"})]
    assert steps("and for cancer?", _snoozed("wine", duration="2h")) == [("snooze", {"model": "cancer", "duration": "2h"})]
    assert steps("show me the alerts from the last 3 days", _snoozed("wine")) != [
        ("snooze", {"model": "wine", "duration": "3d"})]


def test_the_models_a_snooze_is_for_picked_from_the_threads_listing() -> None:
    assert steps("mute the high one's model for 6h", _LISTED) == [("snooze", {"model": "wine", "duration": "6h"})]
    assert steps("snooze the model with the medium one for 1h", _LISTED) == [
        ("snooze", {"model": "cancer", "duration": "1h"})]
    assert steps("silence both of them for 2h", _TWO_MODELS) == [("snooze", {"model": "diabetes", "duration": "2h"}),
                                                                 ("snooze", {"model": "wine", "duration": "2h"})]
    assert steps("mute it for 3 days", _NOISIEST) == [("snooze", {"model": "cancer", "duration": "3d"})]


def test_after_a_listing_an_incident_picked_alone_is_still_that_incident() -> None:
    assert steps("show me the low one", _LISTED) == [("incident", {"incident": 55})]
    assert steps("snooze all of them for 2h", _LISTED) == [("snooze", {"model": "all", "duration": "2h"})]


def test_requests_no_tool_does_plan_nothing() -> None:
    for said in ("snooze wine indefinitely", "mute diabetes until further notice", "permanently silence cancer",
                 "get wine out of snooze", "wake cancer up from snooze", "abtest wine 120%",
                 "mail the cancer card to compliance", "export wine's history to a spreadsheet",
                 "send the drift report to my manager", "alerts for the churn model", "queue the cancer retrain for friday",
                 "start the diabetes ab test at 9am", "set up a three-way split test on wine",
                 "ab test cancer with multiple variants"):
        assert steps(said) == [], said


def test_near_misses_of_what_no_tool_does_keep_their_reading() -> None:
    assert steps("abtest wine 20%") == [("abtest", {"model": "wine", "mode": "20%"})]
    assert steps("send wine alerts to #ml-alerts") == [("monitor", {"model": "wine", "channel": "#ml-alerts"})]
    assert steps("alerts for the regression model") == [("alerts", {"model": "diabetes"})]
    assert steps("retrain cancer on data since monday") == [("train", {"model": "cancer", "since": "2026-11-30"})]
    assert steps("snooze wine 30d") == [("snooze", {"model": "wine", "duration": "30d"})]
    assert steps("show the card for wine") == [("card", {"model": "wine"})]
