"""Readings of the r16 monitoring and alerts families in other words: what the monitors flagged (their alerts, no help
about a "flag"), a model's open ones picked from the monitors' listing, every incident whatever its state (all=true),
"monitors all" typed short, the difference between two commands (one help each, in order), a monitor's settings said
in words (auto-deploy on a condition, another span to look at, alerting only on drift), `every=1h` kept beside the
other key=value settings; a request to wire the alerts into another system or to operate the host plans nothing; and
three the rules now hold whatever the scorer says: a model returned to an older version, a change asked of "models"
as a kind, whether anything has been paging. Near misses keep their other reading."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_LISTED = (
    {"role": "user", "content": "show the monitors"},
    {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
     "result": {"open_incidents": {"diabetes": 3, "wine": 0}}},
    {"role": "assistant", "content": "3 monitors running. diabetes has 3 open incidents; wine and cancer none."},
)


def test_what_the_monitors_flagged_is_their_alerts() -> None:
    assert steps("what have the checks flagged? anything still unresolved") == [("alerts", {})]
    assert steps("what did our monitoring flag this week? anything open") == [("alerts", {})]
    assert steps("what flags does the monitors command take?") == [("help", {"topic": "monitors"})]


def test_a_models_open_ones_after_the_monitors_listing_are_its_alerts() -> None:
    memory = thread(*_LISTED)
    assert steps("pull up diabetes's open ones", memory) == [("alerts", {"model": "diabetes"})]
    assert steps("show me the unresolved incidents for cancer", memory) == [("alerts", {"model": "cancer"})]
    assert steps("show me the wine one", memory) == [("monitor", {"model": "wine"})]  # its monitor, as before


def test_every_incident_whatever_its_state_lists_them_all() -> None:
    assert steps("list all the alerts we've ever had, closed or open") == [("alerts", {"all": True})]
    assert steps("give me every incident, resolved or not, for the postmortem") == [("alerts", {"all": True})]
    assert steps("ALERTS ALL") == [("alerts", {"all": True})]
    assert steps("Monitors all") == [("monitors", {"all": True})]
    assert steps("show the open incidents") == [("alerts", {})]
    assert steps("list all monitors") == [("monitors", {})]


def test_the_difference_between_two_commands_is_one_help_each() -> None:
    assert steps("what is the difference between validate and skew?") == [
        ("help", {"topic": "validate"}), ("help", {"topic": "skew"})]
    assert steps("whats the difference between check and evaluate") == [
        ("help", {"topic": "check"}), ("help", {"topic": "evaluate"})]
    assert steps("monitors vs monitors all=true, what's the difference?") == [("help", {"topic": "monitors"})]


def test_a_monitors_settings_said_in_words_are_set() -> None:
    assert steps("make the wine monitor auto deploy whenever the retrained model clears the gate") == [
        ("monitor", {"model": "wine", "auto_deploy": True})]
    assert steps("have diabetes's monitor look back at the past 10 days instead of 7") == [
        ("monitor", {"model": "diabetes", "window": "10d"})]
    assert steps("make the cancer monitor scan the last 3 days") == [("monitor", {"model": "cancer", "window": "3d"})]
    assert steps("wine monitor: alert me only when it drifts, no automatic retraining") == [
        ("monitor", {"model": "wine", "on_drift": "alert"})]
    assert steps("does the cancer monitor look at the last 14 days?") == [("monitor", {"model": "cancer"})]
    assert steps("would wine's challenger pass the gate?") == [("compare", {"model": "wine"})]


def test_key_value_settings_are_all_kept() -> None:
    assert steps("set wine monitor: every=30m on_drift=alert") == [
        ("monitor", {"model": "wine", "every": "30m", "on_drift": "alert"})]
    assert steps("monitor diabetes every: 2h channel=#ops") == [
        ("monitor", {"model": "diabetes", "every": "2h", "channel": "#ops"})]


def test_outside_systems_and_the_host_plan_nothing() -> None:
    assert steps("please integrate the wine monitor with opsgenie") == []
    assert steps("could you send our incidents into jira as well?") == []
    assert steps("reboot the worker host please") == []
    assert steps("can you bounce the scheduler service?") == []
    assert steps("send wine alerts to #ml-oncall") == [("monitor", {"model": "wine", "channel": "#ml-oncall"})]
    assert steps("restart the cancer monitor") == [("monitor", {"model": "cancer", "state": "on"})]
    assert steps("which process runs the scheduler right now?") == [("monitors", {})]
    assert steps("pagerduty woke me up at 3am, what fired?") == [("alerts", {})]


def test_a_model_returned_to_an_older_version_is_rolled_back() -> None:
    assert steps("return wine to the old version 4 please") == [("rollback", {"model": "wine", "version": "4"})]
    assert steps("can we return cancer to an earlier version, v3?") == [("rollback", {"model": "cancer", "version": "3"})]
    assert steps("what does evaluate return?") == [("help", {"topic": "evaluate"})]


def test_a_change_asked_of_models_as_a_kind_is_its_help() -> None:
    assert steps("could you retrain models?") == [("help", {"topic": "train"})]
    assert steps("can you deploy ML models?") == [("help", {"topic": "deploy"})]
    assert steps("can you list models?") == [("list_models", {})]
    assert steps("can you retrain all models?") == [("train", {"model": m}) for m in ("cancer", "wine", "diabetes")]


def test_whether_anything_is_paging_is_the_alerts() -> None:
    assert steps("has anything been firing overnight? the channel was quiet but I'm not sure") == [("alerts", {})]
    assert steps("is anything paging the on-call right now?") == [("alerts", {})]


def test_a_version_asked_how_it_is_scored_is_its_evaluation() -> None:
    assert steps("how was wine v2 scored?") == [("evaluate", {"model": "wine", "version": "2"})]
    assert steps("which metric is cancer scored on?") == [("list_models", {})]
