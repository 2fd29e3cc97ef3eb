"""Incidents rated in other words: asked politely of the bot, each with its own verdict, or shown by a word said
after the number and then rated; each reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import steps
from tools.agent.understand import Memory


def test_a_verdict_asked_politely_of_the_bot_rates_the_alert_not_the_bot() -> None:
    assert steps("could u please record that page 12 was noise") == [
        ("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("would you mark incident 7 as helpful?") == [("rate_alert", {"incident": 7, "verdict": "useful"})]


def test_several_incidents_each_with_its_own_verdict_are_each_rated_so() -> None:
    assert steps("incident 5 was noise, incident 6 was legit") == [
        ("rate_alert", {"incident": 5, "verdict": "noise"}), ("rate_alert", {"incident": 6, "verdict": "useful"})]
    assert steps("mark #12 as noise and #13 as useful") == [
        ("rate_alert", {"incident": 12, "verdict": "noise"}), ("rate_alert", {"incident": 13, "verdict": "useful"})]
    assert steps("incidents 10 and 11 were noise") == [
        ("rate_alert", {"incident": 10, "verdict": "noise"}), ("rate_alert", {"incident": 11, "verdict": "noise"})]


def test_an_incident_shown_by_a_word_after_its_number_then_rated_is_shown_then_rated() -> None:
    assert steps("incident 9 details, then mark it noise") == [
        ("incident", {"incident": 9}), ("rate_alert", {"incident": 9, "verdict": "noise"})]
    assert steps("alert 14 timeline and flag it as useful") == [
        ("incident", {"incident": 14}), ("rate_alert", {"incident": 14, "verdict": "useful"})]
    assert steps("alert 2 helped us a lot, mark it useful") == [("rate_alert", {"incident": 2, "verdict": "useful"})]


def test_whether_a_monitor_paged_someone_is_asked_of_the_alerts_not_set_on_the_monitor() -> None:
    assert steps("has the wine monitor woken up the on-call this week?") == [("alerts", {"model": "wine"})]
    assert steps("did diabetes's watcher ping anybody last night?") == [("alerts", {"model": "diabetes"})]


def test_who_or_when_started_an_online_test_is_read_from_the_test_and_starts_nothing() -> None:
    assert steps("when was the wine shadow test launched?") == [("abtest", {"model": "wine"})]
    assert steps("who set up the diabetes split test and is it still on?") == [("abtest", {"model": "diabetes"})]
    assert steps("start a shadow test on wine") == [("abtest", {"model": "wine", "mode": "shadow"})]


def test_a_shadow_test_asked_for_in_other_words_starts_one_and_asked_about_starts_nothing() -> None:
    assert steps("could we run the wine challenger on real traffic in the background, without it changing what "
                 "users get?") == [("abtest", {"model": "wine", "mode": "shadow"})]
    assert steps("is the diabetes challenger scored silently on live traffic?") == [
        ("evaluate", {"model": "diabetes", "version": "challenger", "live": True})]


def test_a_share_of_traffic_said_alone_in_a_thread_starts_a_test_at_that_share_and_asked_starts_nothing() -> None:
    memory = Memory(model="wine", last=("status", {"model": "wine"}), live=4)
    assert steps("a quarter of the requests to it then", memory) == [("abtest", {"model": "wine", "mode": "25%"})]
    assert steps("go on, 20% split on real traffic", Memory(model="cancer", last=("compare", {"model": "cancer"}))) == [
        ("abtest", {"model": "cancer", "mode": "20%"})]
    assert steps("is half the traffic going to the challenger?", memory) == [("status", {"model": "wine"})]


def test_graduating_or_elevating_a_version_to_production_deploys_it_and_asked_when_reads_history() -> None:
    assert steps("elevate wine v5 to prod please") == [("deploy", {"model": "wine", "version": "5"})]
    assert steps("graduate cancer's challenger, thanks") == [("deploy", {"model": "cancer", "version": "challenger"})]
    assert steps("when did the cancer challenger graduate to production?") == [("history", {"model": "cancer"})]


def test_what_someone_has_already_done_said_beside_a_change_is_no_request_of_its_own() -> None:
    assert steps("ship cancer v4, our QA has approved it") == [("deploy", {"model": "cancer", "version": "4"})]
    assert steps("roll back wine, the on-call has checked the logs") == [("rollback", {"model": "wine"})]


def test_which_past_deploys_are_asked_of_the_history_and_nothing_is_deployed() -> None:
    assert steps("list the past deploys of wine that went through approval") == [("history", {"model": "wine"})]
    assert steps("deploy wine v3") == [("deploy", {"model": "wine", "version": "3"})]


def test_being_paged_told_before_an_incident_number_and_why_it_fired_are_that_incidents_view() -> None:
    assert steps("I was woken up by something on wine, incident 12. why did that alert go off?") == [
        ("incident", {"incident": 12})]
    assert steps("got paged for wine, show its alerts") == [("alerts", {"model": "wine"})]


def test_a_hash_number_said_to_open_or_fire_is_an_incident_and_a_deploy_hash_stays_a_version() -> None:
    assert steps("what did the cause analysis say when #7 fired?") == [("incident", {"incident": 7})]
    assert steps("deploy #5 of wine") == [("deploy", {"model": "wine", "version": "5"})]


def test_how_a_version_did_told_first_is_why_a_change_is_asked_and_the_change_takes_its_own_version() -> None:
    assert steps("cancer v4 did really well in the eval. please ship v4") == [
        ("deploy", {"model": "cancer", "version": "4"})]
    assert steps("the diabetes model (v6) looked good in last week's compare. could you get v6 into production?") == [
        ("deploy", {"model": "diabetes", "version": "6"})]
