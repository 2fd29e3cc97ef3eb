"""Requests about several objects or with several clauses, each asserted exactly: one call per object, each clause
its own tool, and an aside that asks for nothing."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps
from tests.tools.agent.test_follow_ups import after, asked
from tools.agent.understand import Memory, read


def test_a_list_of_models_asks_the_clause_of_each_model() -> None:
    assert steps("give me cancer + diabetes status") == [("status", {"model": "cancer"}), ("status", {"model": "diabetes"})]
    assert steps("is anything open on cancer or wine?") == [("alerts", {"model": "cancer"}), ("alerts", {"model": "wine"})]
    assert steps("roll back both diabetes and wine to their previous versions") == [
        ("rollback", {"model": "diabetes"}), ("rollback", {"model": "wine"})]
    assert steps("why did cancer and wine both drift this week") == [
        ("why", {"model": "cancer", "since": "2026-11-30"}), ("why", {"model": "wine", "since": "2026-11-30"})]
    assert steps("who deployed wine or diabetes last?") == [("history", {"model": "wine"}),
                                                            ("history", {"model": "diabetes"})]
    assert steps("compare cancer and wine") == [("compare", {"model": "cancer"}), ("compare", {"model": "wine"})]
    assert steps("evaluate wine v2 and cancer v3") == [("evaluate", {"model": "wine", "version": "2"}),
                                                       ("evaluate", {"model": "cancer", "version": "3"})]


def test_several_records_of_one_kind_are_one_call_each() -> None:
    assert steps("show incidents 3 and 4") == [("incident", {"incident": 3}), ("incident", {"incident": 4})]
    assert steps("incidents 10 and 11 were both noise") == [("rate_alert", {"incident": 10, "verdict": "noise"}),
                                                            ("rate_alert", {"incident": 11, "verdict": "noise"})]
    assert steps("what happened in incidents 5, 6 and 7?") == [("incident", {"incident": n}) for n in (5, 6, 7)]
    assert steps("cancel jobs jabc123 and jdef456") == [("cancel", {"job": "jabc123"}), ("cancel", {"job": "jdef456"})]
    assert steps("check on approvals fedcba9876543210 and 0f1e2d3c4b5a6978 pls") == [
        ("approval", {"approval_id": "fedcba9876543210"}), ("approval", {"approval_id": "0f1e2d3c4b5a6978"})]
    assert steps("show incident 3") == [("incident", {"incident": 3})]
    assert steps("show incident 3 and incident 4") == [("incident", {"incident": 3}), ("incident", {"incident": 4})]
    assert steps("cancel jabc123, jdef456 and j0a1b2c") == [("cancel", {"job": j}) for j in ("jabc123", "jdef456",
                                                                                             "j0a1b2c")]
    assert steps("cancel job ja1b2c3, it replaced jd4e5f6") == [("cancel", {"job": "ja1b2c3"})], "a list only"


def test_a_help_request_naming_several_commands_is_one_help_each() -> None:
    assert steps("usage of tune and of cancel?") == [("help", {"topic": "tune"}), ("help", {"topic": "cancel"})]
    assert steps("how do I use rollback and unlock?") == [("help", {"topic": "rollback"}), ("help", {"topic": "unlock"})]


def test_every_model_is_snoozes_own_all_and_one_listing_across_them() -> None:
    assert steps("snooze all the models for 30 min") == [("snooze", {"model": "all", "duration": "30m"})]
    assert steps("snooze every model for 2h") == [("snooze", {"model": "all", "duration": "2h"})]
    assert steps("list every incident across all models, resolved ones included") == [("alerts", {"all": True})]
    assert steps("show every open alert across all three models") == [("alerts", {})]
    assert steps("alerts for every model") == [("alerts", {"model": m}) for m in MODELS]


def test_its_card_is_of_the_version_the_request_or_the_thread_just_named() -> None:
    assert steps("reproduce wine version two and then show its card") == [
        ("reproduce", {"model": "wine", "version": "2"}), ("card", {"model": "wine", "version": "2"})]
    assert steps("evaluate wine v3 and then show its card") == [("evaluate", {"model": "wine", "version": "3"}),
                                                                ("card", {"model": "wine", "version": "3"})]
    reproduced = Memory(model="cancer", last=("reproduce", {"model": "cancer", "version": "8"}))
    assert steps("and its card?", reproduced) == [("card", {"model": "cancer", "version": "8"})]
    assert steps("show me its model card", reproduced) == [("card", {"model": "cancer", "version": "8"})]


def test_a_second_clause_keeps_its_own_read() -> None:
    assert steps("give me the last 50 events for wine and its current status") == [
        ("history", {"model": "wine", "limit": 50}), ("status", {"model": "wine"})]
    assert steps("show the last 30 events for cancer and its status") == [
        ("history", {"model": "cancer", "limit": 30}), ("status", {"model": "cancer"})]
    assert steps("skew wine sample 200 then check its drift") == [("feature_skew", {"model": "wine", "sample": 200}),
                                                                  ("check_drift", {"model": "wine"})]
    assert steps("why is cancer drifting, and what does its monitor look like") == [
        ("why", {"model": "cancer"}), ("monitor", {"model": "cancer"})]
    assert steps("snooze wine for 2h and show me what's open on it") == [
        ("snooze", {"model": "wine", "duration": "2h"}), ("alerts", {"model": "wine"})]


def test_production_named_beside_another_version_is_read_too() -> None:
    assert steps("card for cancer prod and for its challenger") == [
        ("card", {"model": "cancer"}), ("card", {"model": "cancer", "version": "challenger"})]
    assert steps("card for wine prod and for the challenger") == [
        ("card", {"model": "wine"}), ("card", {"model": "wine", "version": "challenger"})]


def test_an_incident_shown_then_rated_is_two_calls_and_a_bare_number_marked_is_an_incident() -> None:
    assert steps("pull up incident 12 then mark it noise") == [
        ("incident", {"incident": 12}), ("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("open incident 8 and then flag it as a false alarm") == [
        ("incident", {"incident": 8}), ("rate_alert", {"incident": 8, "verdict": "noise"})]
    assert steps("alert 2 helped us a lot, mark it useful") == [("rate_alert", {"incident": 2, "verdict": "useful"})]
    assert steps("mark 17 as noise, the feed was just late, and snooze diabetes 3h") == [
        ("rate_alert", {"incident": 17, "verdict": "noise"}), ("snooze", {"model": "diabetes", "duration": "3h"})]
    assert steps("flag 40 as legit") == [("rate_alert", {"incident": 40, "verdict": "useful"})]


def test_what_the_person_does_themselves_is_the_reason_not_a_request() -> None:
    assert steps("rmse of diabetes on live data for the past 48 hours? if it's bad I'll roll back") == [
        ("evaluate", {"model": "diabetes", "last": "48h", "live": True})]
    assert steps("check wine drift; if it's bad we'll roll back") == [("check_drift", {"model": "wine"})]
    assert steps("snooze wine 12h, we're retraining it anyway") == [("snooze", {"model": "wine", "duration": "12h"})]
    assert steps("snooze cancer for 4h, we're redeploying it") == [("snooze", {"model": "cancer", "duration": "4h"})]
    assert steps("I'm asking you to deploy wine 5") == [("deploy", {"model": "wine", "version": "5"})]


def test_a_call_said_twice_over_is_planned_once() -> None:
    assert steps("page #33 was legit, the drift was real") == [("rate_alert", {"incident": 33, "verdict": "useful"})]


def test_a_question_the_card_answers_is_no_read_of_its_own_beside_the_card() -> None:
    assert steps("who signed off on wine's current version? show me the card") == [("card", {"model": "wine"})]
    assert steps("what are the known limitations of the wine model in prod? the model card should say") == [
        ("card", {"model": "wine"})]
    assert steps("the version that got deployed on wine, v7 — what does its card say about the data it was trained "
                 "on?") == [("card", {"model": "wine", "version": "7"})]
    assert steps("who approved diabetes's current version? give me the model card") == [("card", {"model": "diabetes"})]
    assert steps("what's live on wine and show me its card") == [("status", {"model": "wine"}), ("card", {"model": "wine"})]
    deployed = Memory(model="wine", last=("deploy", {"model": "wine", "version": "7"}), moved=7)
    assert steps("who signed off on that deploy? need it for the card", deployed) == [("history", {"model": "wine"})]


def test_a_read_said_again_over_another_window_is_a_second_call() -> None:
    assert steps("cancer drift between 60 and 30 days ago, and over the last 30 days") == [
        ("check_drift", {"model": "cancer", "since": "60d", "until": "30d"}),
        ("check_drift", {"model": "cancer", "last": "30d"})]
    assert steps("evaluate wine on the last 7 days and over the last 90 days") == [
        ("evaluate", {"model": "wine", "last": "7d"}), ("evaluate", {"model": "wine", "last": "90d"})]
    assert steps("check drift on wine over 14d and over 30d") == [("check_drift", {"model": "wine", "last": "14d"}),
                                                                  ("check_drift", {"model": "wine", "last": "30d"})]


def test_a_record_the_thread_showed_is_what_that_points_at() -> None:
    status = asked("status", {"model": "wine"}, {"production": 5, "jobs": [{"job": "j5c6d7e", "tool": "tune",
                                                                            "status": "running"}]})
    assert after(status, "cancel that tune") == [("cancel", {"job": "j5c6d7e"}, None)]
    assert after(status, "kill that job") == [("cancel", {"job": "j5c6d7e"}, None)]
    failed = [{"role": "user", "content": "train wine last 30d"},
              {"role": "tool", "tool": "train", "args": {"model": "wine", "last": "30d"}, "status": "failed",
               "result": {"error": "data validation failed: 3 columns out of range"}}]
    assert after(failed, "show me what's wrong with that batch") == [
        ("validate_data", {"model": "wine", "last": "30d"}, None)]
    assert after(failed, "validate that data") == [("validate_data", {"model": "wine", "last": "30d"}, None)]


def test_the_alert_the_thread_just_showed_is_that_incident_whatever_is_asked_of_it() -> None:
    listed = asked("alerts", {"model": "wine"}, {"incidents": [{"id": 22, "model": "wine", "severity": "medium"}]})
    assert after(listed, "what was the timeline of the alert you just listed?") == [("incident", {"incident": 22}, None)]
    assert after(listed, "who was paged for the incident you just showed?") == [("incident", {"incident": 22}, None)]


def test_write_up_the_card_asks_for_the_card_and_writing_it_up_is_what_a_status_is_for() -> None:
    trained = Memory(model="diabetes", trained=6, version=6, last=("train", {"model": "diabetes", "last": "90d"}))
    assert steps("write up its model card", trained) == [("card", {"model": "diabetes", "version": "6"})]
    assert steps("write up the model card for wine") == [("card", {"model": "wine"})]
    assert steps("writing up the model card doc — which cancer version is deployed right now?") == [
        ("status", {"model": "cancer"})]
    assert steps("I need to write up the model card, what's live on wine?") == [("status", {"model": "wine"})]


def test_that_one_after_a_status_is_the_version_it_showed_live() -> None:
    status = asked("status", {"model": "wine"}, {"production": 5, "challenger": 6})
    assert after(status, "is that one reproducible?") == [("reproduce", {"model": "wine", "version": "5"}, None)]
    assert after(status, "pull up the card for it") == [("card", {"model": "wine", "version": "5"}, None)]
    assert after(status, "is v6 reproducible?") == [("reproduce", {"model": "wine", "version": "6"}, None)]


def test_a_question_that_says_its_own_answer_beside_a_later_read_is_said_in_passing() -> None:
    deployed = Memory(model="wine", last=("deploy", {"model": "wine", "version": "7"}), moved=7)
    assert steps("and what was live before the deploy, v5 right? how does v5 compare to v7?", deployed) == [
        ("compare", {"model": "wine", "a": "5", "b": "7"})]
    assert steps("what's live on cancer, v3 right? how does v3 do on live data?") == [
        ("evaluate", {"model": "cancer", "version": "3", "live": True})]
    assert steps("what's live on cancer, v3 right?") == [("status", {"model": "cancer"})]


def test_a_change_of_one_model_or_another_is_asked_back_never_made_twice() -> None:
    for text in ("roll back wine or cancer", "retrain wine or cancer, whichever drifted"):
        reading = read(text, MODELS, today=TODAY)
        assert reading.steps == [] and reading.problem and "wine or cancer" in reading.problem
    assert steps("is wine or cancer drifting?") == [("check_drift", {"model": "wine"}), ("check_drift", {"model": "cancer"})]


def test_a_later_clause_with_no_model_is_about_the_models_listed_before_it() -> None:
    week = {"since": "2026-11-30"}
    assert steps("check drift on wine and diabetes this week and tell me why") == [
        ("check_drift", {"model": "wine", **week}), ("check_drift", {"model": "diabetes", **week}),
        ("why", {"model": "wine", **week}), ("why", {"model": "diabetes", **week})]
    assert steps("retrain wine and diabetes, then deploy them if better") == [
        ("train", {"model": "wine"}), ("train", {"model": "diabetes"}),
        ("compare", {"model": "wine"}), ("deploy", {"model": "wine", "version": "challenger"}),
        ("compare", {"model": "diabetes"}), ("deploy", {"model": "diabetes", "version": "challenger"})]


def test_every_model_said_in_one_clause_never_widens_a_change_named_for_one_model_in_another() -> None:
    """"deploy wine 3, then list alerts for all the models" once planned version 3 of every model for deploy."""
    every = [{"model": "cancer"}, {"model": "wine"}, {"model": "diabetes"}]
    assert steps("deploy wine 3 and then list alerts for all the models") == [
        ("deploy", {"model": "wine", "version": "3"}), *[("alerts", m) for m in every]]
    assert steps("retrain wine then check all three models") == [
        ("train", {"model": "wine"}), *[("run_check", m) for m in every]]
    assert steps("retrain all three models") == [("train", m) for m in every]
    assert steps("for all three: retrain on the last 30 days") == [("train", {**m, "last": "30d"}) for m in every]


def test_every_model_said_of_a_read_leaves_the_change_of_another_clause_to_be_named() -> None:
    """"retrain it and check all the models" once retrained all three; "the ones that drifted" is not all of them."""
    for text in ("retrain it and check all the models", "check drift on all models, then retrain the ones that drifted"):
        reading = read(text, MODELS, today=TODAY)
        assert reading.steps == [] and reading.problem and reading.problem.startswith("Which model do you mean?"), text
