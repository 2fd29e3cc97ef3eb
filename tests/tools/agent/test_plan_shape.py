"""The shape of a plan: a side remark adds no call, a window said once serves the step that works "on it", "it"
after a named version is that version, two versions scored "separately" are two calls, "then tell me why" is why."""

from __future__ import annotations

from tests.tools.agent.test_readings import MODELS, TODAY, steps
from tools.agent.understand import read


def test_a_side_remark_beside_a_request_adds_no_call() -> None:
    assert steps("model's gone stale, retrain wine on the past 48h") == [("train", {"model": "wine", "last": "48h"})]
    assert steps("roll back cancer, the current version is flagging everything") == [("rollback", {"model": "cancer"})]
    assert steps("reproduce cancer v2, auditors want proof") == [("reproduce", {"model": "cancer", "version": "2"})]
    assert steps("run a check on wine now? don't want to wait for the scheduler") == [("run_check", {"model": "wine"})]
    assert steps("preparing the model card doc: which wine version is live?") == [("status", {"model": "wine"})]
    assert steps("what is the drift of wine in last 4 days, please to check") == [
        ("check_drift", {"model": "wine", "last": "4d"})]
    assert steps("would wine v7 beat production? can you check on the last 14d?") == [
        ("compare", {"model": "wine", "b": "7", "last": "14d"})]
    assert steps("the diabetes model's lock is held by a dead job, clear it") == [("unlock", {"model": "diabetes"})]
    assert steps("cheers 👍") == []
    assert steps("show me the 👍/👎 stats") == [("feedback", {})]


def test_a_why_question_takes_in_the_features_that_moved() -> None:
    assert steps("what's behind the wine performance dip this week? which features moved") == [
        ("why", {"model": "wine", "since": "2026-11-30"})]


def test_a_window_said_once_serves_the_step_that_trains_on_it() -> None:
    assert steps("validate the last 14 days of cancer data, then train on it") == [
        ("validate_data", {"model": "cancer", "last": "14d"}), ("train", {"model": "cancer", "last": "14d"})]
    assert steps("validate wine's new data from the past 7 days and retrain on that") == [
        ("validate_data", {"model": "wine", "last": "7d"}), ("train", {"model": "wine", "last": "7d"})]
    assert steps("train cancer on a quarter's worth of data") == [("train", {"model": "cancer", "last": "90d"})]
    assert steps("retrain wine on two weeks' worth of data") == [("train", {"model": "wine", "last": "14d"})]


def test_it_after_a_version_named_in_the_same_request_is_that_version() -> None:
    plan = read("if cancer v4 beats what's in prod, ship it", MODELS, today=TODAY).steps
    assert [(s.tool, s.args, s.when) for s in plan] == [
        ("compare", {"model": "cancer", "b": "4"}, None), ("deploy", {"model": "cancer", "version": "4"}, "if_better")]
    assert steps("evaluate wine v3 on real traffic and also put it up against production") == [
        ("evaluate", {"model": "wine", "version": "3", "live": True}), ("compare", {"model": "wine", "b": "3"})]
    assert steps("retrain wine and compare it with production") == [("train", {"model": "wine"}),
                                                                     ("compare", {"model": "wine"})]


def test_two_versions_scored_separately_are_two_evaluations() -> None:
    assert steps("score the wine challenger and v2 separately") == [
        ("evaluate", {"model": "wine", "version": "challenger"}), ("evaluate", {"model": "wine", "version": "2"})]
    assert steps("evaluate diabetes v3 and v5") == [
        ("evaluate", {"model": "diabetes", "version": "3"}), ("evaluate", {"model": "diabetes", "version": "5"})]


def test_production_named_beside_another_version_to_score_is_a_call_of_its_own() -> None:
    assert steps("evaluate both prod and the challenger of wine") == [
        ("evaluate", {"model": "wine"}), ("evaluate", {"model": "wine", "version": "challenger"})]
    assert steps("score both the challenger and production for cancer") == [
        ("evaluate", {"model": "cancer", "version": "challenger"}), ("evaluate", {"model": "cancer"})]
    assert steps("eval diabetes v4 & what's live") == [
        ("evaluate", {"model": "diabetes", "version": "4"}), ("evaluate", {"model": "diabetes"})]
    assert steps("evaluate the wine challenger") == [("evaluate", {"model": "wine", "version": "challenger"})]


def test_then_tell_me_why_after_a_drift_check_is_its_root_cause() -> None:
    assert steps("check if the feature distributions moved for wine, then tell me why") == [
        ("check_drift", {"model": "wine"}), ("why", {"model": "wine"})]
    assert steps("is diabetes drifting? explain why") == [("check_drift", {"model": "diabetes"}),
                                                           ("why", {"model": "diabetes"})]
