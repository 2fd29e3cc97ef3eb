"""Readings of the r13 slot families in other words: typos of trials after their count and of a verdict, weeks said
short, live data said with its labels, listings that take in what was closed or switched off, the version a history
listing showed, one incident of a listing after another was shown, how long a told problem has lasted (no window of
the request beside it), and each version listed with its score (a status)."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import messages_from_dict

from tests.tools.agent.readings import MODELS, steps
from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import Memory


def thread(*context: dict[str, Any]) -> Memory:
    return recall(messages_from_dict(history(list(context))), MODELS)


def test_a_typo_of_trials_after_its_count_is_the_trials() -> None:
    assert steps("hpo on wine, 30 tirals") == [("tune", {"model": "wine", "trials": 30})]
    assert steps("tune the regression model with 80 trals") == [("tune", {"model": "diabetes", "trials": 80})]
    assert steps("tune diabetes, 60 trails please") == [("tune", {"model": "diabetes", "trials": 60})]


def test_trials_said_right_or_no_count_at_all_keep_their_reading() -> None:
    assert steps("tune cancer with 40 trials") == [("tune", {"model": "cancer", "trials": 40})]
    assert steps("tune wine") == [("tune", {"model": "wine"})]
    assert steps("train wine with 12 trees") == [("train", {"model": "wine", "params": {"n_estimators": 12}})]


def test_a_typo_of_a_verdict_is_that_verdict() -> None:
    assert steps("mark alert 5 as usfeul") == [("rate_alert", {"incident": 5, "verdict": "useful"})]
    assert steps("incident 12 was a flase alarm") == [("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("rate 31 niose") == [("rate_alert", {"incident": 31, "verdict": "noise"})]
    assert steps("page 14 was leigt") == [("rate_alert", {"incident": 14, "verdict": "useful"})]


def test_a_verdict_typed_wrong_but_asked_about_still_rates_nothing() -> None:
    assert steps("was incident 9 nosie?") == [("incident", {"incident": 9})]


def test_weeks_said_short_are_days() -> None:
    assert steps("cancer drift 2w") == [("check_drift", {"model": "cancer", "last": "14d"})]
    assert steps("evaluate diabetes last=4w") == [("evaluate", {"model": "diabetes", "last": "28d"})]
    assert steps("retrain wine on the past 6w") == [("train", {"model": "wine", "last": "42d"})]


def test_days_and_hours_said_short_keep_their_unit() -> None:
    assert steps("cancer drift 10d") == [("check_drift", {"model": "cancer", "last": "10d"})]
    assert steps("wine drift 12h") == [("check_drift", {"model": "wine", "last": "12h"})]


def test_live_data_said_with_its_labels_is_scored_live() -> None:
    assert steps("what's cancer's roc_auc on actual labeled traffic?") == [
        ("evaluate", {"model": "cancer", "live": True})]
    assert steps("evaluate wine on live ground-truth data, past 10 days") == [
        ("evaluate", {"model": "wine", "live": True, "last": "10d"})]
    assert steps("how accurate is diabetes on production labelled requests") == [
        ("evaluate", {"model": "diabetes", "live": True})]


def test_labelled_data_that_is_not_said_to_be_live_is_no_live_score() -> None:
    assert steps("evaluate wine on the labelled data from last week") == [("evaluate", {"model": "wine", "last": "7d"})]
    assert steps("retrain cancer on real labelled data") == [("train", {"model": "cancer"})]


def test_a_listing_said_to_take_in_what_was_switched_off_or_closed_lists_all() -> None:
    assert steps("list the monitors, even those someone switched off") == [("monitors", {"all": True})]
    assert steps("which scheduled checks exist, including the deactivated ones?") == [("monitors", {"all": True})]
    assert steps("any alerts on wine that have been resolved?") == [("alerts", {"model": "wine", "all": True})]
    assert steps("did cancer have incidents that got closed already? include them") == [
        ("alerts", {"model": "cancer", "all": True})]


def test_a_listing_of_what_is_open_or_running_stays_the_default() -> None:
    assert steps("alerts for cancer that are not closed") == [("alerts", {"model": "cancer"})]
    assert steps("list all monitors") == [("monitors", {})]
    assert steps("turn off the wine monitor") == [("monitor", {"model": "wine", "state": "off"})]


_HISTORY = ({"role": "user", "content": "who last touched wine in prod?"},
            {"role": "tool", "tool": "history", "args": {"model": "wine"}, "status": "done",
             "result": {"model": "wine", "entries": [
                 {"action": "rollback", "from_version": 9, "to_version": 8, "actor": "U02DMITRI"},
                 {"action": "deploy", "from_version": 8, "to_version": 9, "actor": "U02ANNA"}]}},
            {"role": "assistant", "content": "U02DMITRI rolled wine back from v9 to v8."})


def test_that_version_after_a_history_listing_is_the_newest_move() -> None:
    memory = thread(*_HISTORY)
    assert steps("can that version be reproduced?", memory) == [("reproduce", {"model": "wine", "version": "8"})]
    assert steps("model card for that one", memory) == [("card", {"model": "wine", "version": "8"})]


def test_a_rollback_or_a_named_version_after_a_history_listing_keeps_its_reading() -> None:
    memory = thread(*_HISTORY)
    assert steps("undo that", memory) == [("rollback", {"model": "wine"})]
    assert steps("reproduce v5", memory) == [("reproduce", {"model": "wine", "version": "5"})]


_LISTED = ({"role": "user", "content": "what's open?"},
           {"role": "tool", "tool": "alerts", "args": {}, "status": "done", "result": {"incidents": [
               {"id": 71, "model": "diabetes", "severity": "high", "reason": "rmse up 20%"},
               {"id": 70, "model": "wine", "severity": "low", "reason": "input drift in 2 features"}]}},
           {"role": "assistant", "content": "Two open: #71 diabetes (high) and #70 wine (low)."},
           {"role": "user", "content": "open 71"},
           {"role": "tool", "tool": "incident", "args": {"incident": 71}, "status": "done",
            "result": {"incident": {"id": 71, "model": "diabetes", "severity": "high", "status": "open"}, "events": []}},
           {"role": "assistant", "content": "Incident #71 (diabetes, high, open): rmse up 20%."})


def test_after_one_incident_of_a_listing_another_is_pointed_at_in_the_listing() -> None:
    memory = thread(*_LISTED)
    assert steps("what about the wine one?", memory) == [("incident", {"incident": 70})]
    assert steps("and the other one?", memory) == [("incident", {"incident": 70})]
    assert steps("the other one was noise", memory) == [("rate_alert", {"incident": 70, "verdict": "noise"})]


def test_after_one_incident_of_a_listing_that_one_is_still_the_one_shown() -> None:
    memory = thread(*_LISTED)
    assert steps("that one was legit", memory) == [("rate_alert", {"incident": 71, "verdict": "useful"})]
    assert steps("both were noise", memory) == [("rate_alert", {"incident": 71, "verdict": "noise"}),
                                                ("rate_alert", {"incident": 70, "verdict": "noise"})]


def test_how_long_a_told_problem_has_lasted_is_no_window_of_the_request_beside_it() -> None:
    assert steps("the cancer model is acting weird since 3 days, what's going on with its inputs?") == [
        ("check_drift", {"model": "cancer"})]


def test_a_window_said_with_the_request_or_with_a_root_cause_question_is_kept() -> None:
    assert steps("diabetes looks off since yesterday, check drift on the last 3 days") == [
        ("check_drift", {"model": "diabetes", "last": "3d"})]
    assert steps("wine f1 dropped over the past 2 days, root cause?") == [("why", {"model": "wine", "last": "2d"})]
    assert steps("wine drifted since 2 weeks, please check") == [("check_drift", {"model": "wine", "last": "14d"})]


def test_each_version_listed_with_its_score_is_the_status() -> None:
    assert steps("every cancer version with its metric") == [("status", {"model": "cancer"})]
    assert steps("show me each diabetes version and its rmse") == [("status", {"model": "diabetes"})]
    assert steps("all the versions of wine along with their f1") == [("status", {"model": "wine"})]


def test_scoring_versions_is_still_an_evaluation() -> None:
    assert steps("score every version of wine on the last 30 days") == [("evaluate", {"model": "wine", "last": "30d"})]
    assert steps("evaluate wine v3 and the challenger") == [("evaluate", {"model": "wine", "version": "3"}),
                                                            ("evaluate", {"model": "wine", "version": "challenger"})]
