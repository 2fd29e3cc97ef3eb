"""Which tool a request asks for when its verb is not the tool's name: loading the online store, an online
experiment, a stuck lock to free, a roll-out or a swap to the challenger, who the challenger is."""

from __future__ import annotations

from tests.tools.agent.test_readings import steps


def test_filling_the_online_store_is_materialize() -> None:
    assert steps("materialize the features for cancer") == [("materialize", {"model": "cancer"})]
    assert steps("push wine features to the online store") == [("materialize", {"model": "wine"})]
    assert steps("load the latest feature values into the online store for diabetes") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("refresh the online feature store for cancer") == [("materialize", {"model": "cancer"})]
    assert steps("did the cancer features drift?") == [("check_drift", {"model": "cancer"})]


def test_an_online_experiment_is_the_ab_test() -> None:
    assert steps("results of the online experiment for wine?") == [("abtest", {"model": "wine"})]
    assert steps("how is the live experiment on diabetes going") == [("abtest", {"model": "diabetes"})]


def test_a_stuck_lock_to_free_is_unlock_with_its_marked_reason() -> None:
    assert steps("wine is stuck locked, can you free it? reason: worker died") == [
        ("unlock", {"model": "wine", "reason": "worker died"})]
    assert steps("the cancer lock is held by a dead job, pls clear it") == [("unlock", {"model": "cancer"})]
    assert steps("diabetes's lock belongs to a crashed run, release it") == [("unlock", {"model": "diabetes"})]
    assert steps("is wine locked?") != [("unlock", {"model": "wine"})], "a question about a lock changes nothing"


def test_rolling_out_swapping_or_promoting_the_challenger_is_a_deploy() -> None:
    assert steps("roll out the new wine model") == [("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("swap production on cancer over to the challenger") == [
        ("deploy", {"model": "cancer", "version": "challenger"})]
    assert steps("promote the wine challenger") == [("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("could we promote the cancer challenger?") == [("deploy", {"model": "cancer", "version": "challenger"})]


def test_who_the_challenger_is_is_a_status_question() -> None:
    assert steps("who's the challenger on wine atm") == [("status", {"model": "wine"})]
    assert steps("who is the champion for diabetes right now?") == [("status", {"model": "diabetes"})]
