"""Threads and wordings read right (round 10): a bare answer to the agent's own question, a failed change tried again
with a new window, another version after a reproduction, monitor settings without "=", incidents asked about in
other words, a negated verdict, snoozes said as "silence everything" or "make quiet", and a question about ML
itself, which is out of scope. Each reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, steps
from tools.agent.understand import Memory


def test_a_row_count_given_after_min_new_rows_without_an_equals_sign_is_set() -> None:
    assert steps("monitor wine every 2h, retrain on new data, min_new_rows 800") == [
        ("monitor", {"model": "wine", "every": "2h", "on_new_data": "retrain", "min_new_rows": 800})]
    assert steps("set the cancer monitor's minimum new rows 300") == [
        ("monitor", {"model": "cancer", "min_new_rows": 300})]


def test_what_went_down_or_on_in_a_numbered_alert_shows_that_incident() -> None:
    assert steps("what went on in #27?") == [("incident", {"incident": 27})]
    assert steps("so what blew up with #8") == [("incident", {"incident": 8})]
    assert steps("what went down in deploy #5?") == [], "#5 after deploy is a version, no incident"


def test_a_useful_word_said_negated_rates_the_alert_noise() -> None:
    memory = Memory(model="wine", last=("alerts", {"model": "wine"}), incident=9, listed=(9,))
    assert steps("that one wasn't really useful", memory) == [("rate_alert", {"incident": 9, "verdict": "noise"})]
    assert steps("this alert isnt helpful", memory) == [("rate_alert", {"incident": 9, "verdict": "noise"})]
    assert steps("incident 12 was hardly actionable") == [("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("that alert was useful", memory) == [("rate_alert", {"incident": 9, "verdict": "useful"})]


def test_work_said_to_be_in_progress_beside_a_snooze_is_its_reason() -> None:
    assert steps("mute everything for 2 hours, db migration underway") == [
        ("snooze", {"model": "all", "duration": "2h"})]
    assert steps("network maintenance still in progress, snooze wine for 3h") == [
        ("snooze", {"model": "wine", "duration": "3h"})]


def test_alerts_made_or_kept_quiet_for_a_while_are_snoozed() -> None:
    assert steps("please to make silent the cancer alerts during 2 hours") == [
        ("snooze", {"model": "cancer", "duration": "2h"})]
    assert steps("keep the diabetes alerts quiet for 45 minutes") == [
        ("snooze", {"model": "diabetes", "duration": "45m"})]
    assert steps("make sure wine alerts go to #ml-wine") == [("monitor", {"model": "wine", "channel": "#ml-wine"})]


def test_another_version_after_a_reproduction_or_a_card_is_that_version_reproduced_or_carded() -> None:
    memory = Memory(model="wine", last=("reproduce", {"model": "wine", "version": "2"}), version=2)
    assert steps("and v5?", memory) == [("reproduce", {"model": "wine", "version": "5"})]
    assert steps("how about version 6", memory) == [("reproduce", {"model": "wine", "version": "6"})]
    memory = Memory(model="cancer", last=("card", {"model": "cancer", "version": "3"}), version=3)
    assert steps("what about v7?", memory) == [("card", {"model": "cancer", "version": "7"})]


def test_explaining_something_that_is_neither_a_command_nor_the_bot_is_out_of_scope() -> None:
    assert steps("explain how a random forest works") == []
    assert steps("how does cross validation work?") == []
    assert steps("can you explain overfitting to me") == []
    assert steps("explain yourself") == [("help", {})]
    assert steps("how does this bot work?") == [("help", {})]
    assert steps("explain the tune command") == [("help", {"topic": "tune"})]


def _thread(*turns: tuple[str, str]) -> Memory:
    """The memory of a thread of (role, text) turns, as the offline model recalls it."""
    from langchain_core.messages import AIMessage, HumanMessage

    from tools.agent.offline import recall

    return recall([HumanMessage(content=text) if role == "user" else AIMessage(content=text) for role, text in turns],
                  MODELS)


def test_a_bare_answer_to_the_agents_own_question_completes_the_request_it_asked_about() -> None:
    memory = _thread(("user", "validate the data from the past 2 weeks"), ("assistant", "Which model do you mean? I know "
                                                                                        "cancer, diabetes or wine."))
    assert steps("wine", memory) == [("validate_data", {"model": "wine", "last": "14d"})]
    memory = _thread(("user", "roll back cancer"), ("assistant", "Which version? v3 and v2 are earlier ones."))
    assert steps("v2", memory) == [("rollback", {"model": "cancer", "version": "2"})]
    memory = _thread(("user", "evaluate diabetes"), ("assistant", "Which version should I score? Production is v5."))
    assert steps("the new one", memory) == [("evaluate", {"model": "diabetes", "version": "challenger"})]
    assert steps("ok", memory) == [], "a filler word answers nothing"
    assert steps("never mind", memory) == []


def test_a_bare_model_after_an_answer_that_asked_nothing_is_no_answer() -> None:
    memory = _thread(("user", "run drift over the last 10 days"), ("assistant", "Noted."))
    assert steps("diabetes", memory) == []


def test_a_failed_change_said_to_be_tried_again_with_another_window_is_run_with_it() -> None:
    memory = Memory(model="wine", last=("train", {"model": "wine", "last": "7d"}))
    assert steps("retry with the last 90 days", memory) == [("train", {"model": "wine", "last": "90d"})]
    assert steps("ok run it again, but on 45d", memory) == [("train", {"model": "wine", "last": "45d"})]
    assert steps("and over the last 90 days?", memory) == [], "a window alone does not repeat a change"
    assert steps("don't try again with 60 days", memory) == []
