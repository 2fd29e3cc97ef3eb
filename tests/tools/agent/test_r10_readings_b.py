"""Readings of the r10 families said in other words: changes told as already made, snooze lengths, online tests,
monitor settings, a tuned version, ratings; each reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, steps
from tools.agent.understand import Memory


def test_a_change_told_as_already_made_is_background_and_only_the_read_is_planned() -> None:
    assert steps("run a check on diabetes, we promoted v7 an hour ago and want to be sure it's fine") == [
        ("run_check", {"model": "diabetes"})]
    assert steps("check wine now, I rolled it back this morning") == [("run_check", {"model": "wine"})]
    assert steps("we've retrained and deployed wine; check wine now") == [("run_check", {"model": "wine"})]
    assert steps("the team retrained cancer yesterday, show status of cancer") == [("status", {"model": "cancer"})]
    assert steps("I retrained cancer last week, how does it score?") == [("evaluate", {"model": "cancer"})], \
        "last week is when it was retrained"
    assert steps("we just retrained diabetes and shipped it, evaluate it on live traffic") == [
        ("evaluate", {"model": "diabetes", "live": True})]
    assert steps("we retrained wine yesterday") == []


def test_a_command_beside_a_change_told_as_made_is_still_made() -> None:
    assert steps("we deployed the wrong wine version, roll it back") == [("rollback", {"model": "wine"})]
    assert steps("retrain wine and deploy if better") == [
        ("train", {"model": "wine"}), ("compare", {"model": "wine"}),
        ("deploy", {"model": "wine", "version": "challenger"})]


def test_a_snooze_length_said_bare_after_what_is_snoozed_is_kept() -> None:
    assert steps("silence wine alerts two hours please") == [("snooze", {"model": "wine", "duration": "2h"})]
    assert steps("snooze wine 1 week") == [("snooze", {"model": "wine", "duration": "7d"})]
    assert steps("mute the regression model 45 min") == [("snooze", {"model": "diabetes", "duration": "45m"})]
    assert steps("hush all monitors for 20 minutes") == [("snooze", {"model": "all", "duration": "20m"})]
    assert steps("mute cancer 2h and retrain wine on 30 days") == [
        ("snooze", {"model": "cancer", "duration": "2h"}), ("train", {"model": "wine", "last": "30d"})]


def test_what_the_person_already_knows_is_the_reason_not_a_read() -> None:
    assert steps("yes we're aware of the cancer drift, snooze it 6 hours") == [
        ("snooze", {"model": "cancer", "duration": "6h"})]
    assert steps("I know wine is drifting, why?") == [("why", {"model": "wine"})]


def test_online_tests_said_in_other_words() -> None:
    shadow = Memory(last=("abtest", {"model": "cancer", "mode": "shadow"}), model="cancer")
    assert steps("got a winner yet?", shadow) == [("abtest", {"model": "cancer"})]
    assert steps("what's the outcome so far?", shadow) == [("abtest", {"model": "cancer"})]
    assert steps("send a quarter the wine traffic to the challenger") == [("abtest", {"model": "wine", "mode": "25%"})]
    assert steps("give the new cancer model half its traffic") == [("abtest", {"model": "cancer", "mode": "50%"})]
    assert steps("show me the shadow test numbers for cancer and then end it") == [
        ("abtest", {"model": "cancer"}), ("abtest", {"model": "cancer", "mode": "stop"})]
    assert steps("how's the diabetes a/b test going, f1 for each arm?") == [("abtest", {"model": "diabetes"})]


def test_monitor_settings_said_in_other_words() -> None:
    assert steps("make the cancer monitor retrain whenever its training data gains 2000 rows") == [
        ("monitor", {"model": "cancer", "on_new_data": "retrain", "min_new_rows": 2000})]
    assert steps("have wine's monitor materialize before every run") == [("monitor", {"model": "wine", "materialize": True})]
    assert steps("materialize diabetes before each check") == [("monitor", {"model": "diabetes", "materialize": True})]
    assert steps("does the cancer monitor materialize before each check?") == [("monitor", {"model": "cancer"})]
    assert steps("materialize wine") == [("materialize", {"model": "wine"})]
    changed = Memory(last=("monitor", {"model": "diabetes", "every": "20m"}), model="diabetes")
    assert steps("what does the config look like now?", changed) == [("monitor", {"model": "diabetes"})]
    assert steps("show its settings", changed) == [("monitor", {"model": "diabetes"})]


def test_that_version_after_a_tune_whose_result_names_its_best_version_is_that_version() -> None:
    from langchain_core.messages import messages_from_dict

    from tools.agent.evaluation import history
    from tools.agent.offline import recall

    thread = [{"role": "user", "content": "tune wine"},
              {"role": "tool", "tool": "tune", "args": {"model": "wine"}, "status": "done",
               "result": {"model": "wine", "best_version": 12}}]
    memory = recall(messages_from_dict(history(thread)), MODELS)
    assert steps("ship that one", memory) == [("deploy", {"model": "wine", "version": "12"})]


def test_ratings_said_with_a_typo_or_with_the_incident_shown_after() -> None:
    assert steps("raet 14 useful") == [("rate_alert", {"incident": 14, "verdict": "useful"})]
    assert steps("mark alert 12 as noise, then pull it up") == [
        ("rate_alert", {"incident": 12, "verdict": "noise"}), ("incident", {"incident": 12})]
    assert steps("incident 9 was a false alarm and show me the details") == [
        ("rate_alert", {"incident": 9, "verdict": "noise"}), ("incident", {"incident": 9})]
    assert steps("pull up incident 12 then mark it noise") == [
        ("incident", {"incident": 12}), ("rate_alert", {"incident": 12, "verdict": "noise"})]


def test_an_approval_given_in_words_plans_nothing() -> None:
    pending = Memory(last=("deploy", {"model": "wine", "version": "9"}), model="wine", pending=True,
                     approval="0f1e2d3c4b5a6978")
    assert steps("it's approved, ship it", pending) == []
    assert steps("consider it approved. proceed", pending) == []
    assert steps("you have my blessing, go ahead", pending) == []
    assert steps("has it been approved?", pending) == [("approval", {"approval_id": "0f1e2d3c4b5a6978"})]
