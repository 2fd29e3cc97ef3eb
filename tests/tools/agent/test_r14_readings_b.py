"""Readings of the r14 online-test family in other words: a split of traffic said as a ratio ("50/50", "90/10 between
prod and the challenger", "fifty-fifty"), a share said with the words of a test ("a 30% experiment", "try it live on 5%
first"), an experiment that is the online test (read, stopped, asked whether it is done), the challenger winning
online, the challenger's share asked about, "is one running?" after the tests were explained, and how the test goes
asked tersely after one was started. Near misses keep their reading: MLflow's experiments, experimenting with a
setting, a train/test split, a metric on live traffic, a comparison, a job that is done."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_STARTED = (
    {"role": "user", "content": "abtest wine 20%"},
    {"role": "tool", "tool": "abtest", "args": {"model": "wine", "mode": "20%"}, "status": "done",
     "result": {"action": "start", "message": "Online test t3 started: challenger v6 answers 20% of requests; production is v5."}},
    {"role": "assistant", "content": "Online test t3 started: challenger v6 answers 20% of requests; production is v5."},
)
_COMPARED = (
    {"role": "user", "content": "compare diabetes"},
    {"role": "tool", "tool": "compare", "args": {"model": "diabetes"}, "status": "done",
     "result": {"verdict": "better", "delta": 0.008, "ci": [0.001, 0.015]}},
    {"role": "assistant", "content": "diabetes challenger v5 vs production v4: rmse -2.1 — better."},
)


def test_a_split_said_as_a_ratio_is_the_challengers_share() -> None:
    assert steps("split cancer traffic 50-50") == [("abtest", {"model": "cancer", "mode": "50%"})]
    assert steps("do a fifty-fifty split on wine") == [("abtest", {"model": "wine", "mode": "50%"})]
    assert steps("put the cancer challenger on an even split with prod") == [("abtest", {"model": "cancer", "mode": "50%"})]


def test_an_uneven_split_gives_the_challenger_the_side_it_is_said_on() -> None:
    assert steps("run a 90/10 split between prod and the challenger on diabetes") == [
        ("abtest", {"model": "diabetes", "mode": "10%"})]
    assert steps("challenger/prod 70/30 for wine please") == [("abtest", {"model": "wine", "mode": "70%"})]
    assert steps("route diabetes traffic 80:20 to production and the challenger") == [
        ("abtest", {"model": "diabetes", "mode": "20%"})]


def test_a_ratio_that_is_no_split_of_traffic_gives_no_share() -> None:
    assert steps("retrain wine with an 80/20 train/test split") == [("train", {"model": "wine"})]
    assert steps("tune wine with 50 trials") == [("tune", {"model": "wine", "trials": 50})]


def test_a_share_said_with_the_words_of_a_test_starts_one() -> None:
    assert steps("kick off a 30% experiment on wine") == [("abtest", {"model": "wine", "mode": "30%"})]
    assert steps("start a 10% canary for diabetes") == [("abtest", {"model": "diabetes", "mode": "10%"})]
    assert steps("test the new cancer model on 20% of users before we ship") == [
        ("abtest", {"model": "cancer", "mode": "20%"})]
    assert steps("let's try the wine challenger live on 5% first") == [("abtest", {"model": "wine", "mode": "5%"})]


def test_a_share_said_after_a_compare_tests_its_model() -> None:
    compared = thread(*_COMPARED)
    assert steps("ok, test it on 5% of users before shipping", compared) == [
        ("abtest", {"model": "diabetes", "mode": "5%"})]
    assert steps("run a 20/80 split first", compared) == [("abtest", {"model": "diabetes", "mode": "20%"})]
    assert steps("put it on a fifty-fifty split", compared) == [("abtest", {"model": "diabetes", "mode": "50%"})]


def test_a_metric_on_a_share_of_live_traffic_stays_an_evaluation() -> None:
    assert steps("evaluate the wine challenger on 10% of live traffic") == [
        ("evaluate", {"model": "wine", "version": "challenger", "live": True})]
    assert steps("what's cancer's accuracy on 10% of live traffic?") == [
        ("evaluate", {"model": "cancer", "live": True})]


def test_an_experiment_of_a_model_is_its_online_test() -> None:
    assert steps("is the wine experiment still on?") == [("abtest", {"model": "wine"})]
    assert steps("any numbers from the diabetes experiment yet?") == [("abtest", {"model": "diabetes"})]
    assert steps("is the cancer experiment done yet?") == [("abtest", {"model": "cancer"})]
    assert steps("what did the wine experiment conclude?") == [("abtest", {"model": "wine"})]
    assert steps("was the diabetes experiment stopped?") == [("abtest", {"model": "diabetes"})]


def test_an_experiment_ended_in_other_words_stops_the_test() -> None:
    assert steps("stop the experiment on cancer, we've seen enough") == [("abtest", {"model": "cancer", "mode": "stop"})]
    assert steps("wrap up the wine experiment") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("call off the cancer experiment") == [("abtest", {"model": "cancer", "mode": "stop"})]
    assert steps("terminate the wine ab test") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("shut down the split test on wine") == [("abtest", {"model": "wine", "mode": "stop"})]


def test_an_experiment_that_is_no_online_test_keeps_its_reading() -> None:
    assert steps("drop the wine experiment from mlflow") == []
    assert steps("let's experiment with a higher learning rate on wine") == []
    assert steps("tune wine, experiment with max_depth 3..10") == [
        ("tune", {"model": "wine", "ranges": {"max_depth": "3..10"}})]
    assert steps("is the cancer training done yet?") == [("status", {"model": "cancer"})]


def test_the_challenger_winning_online_is_asked_of_the_test() -> None:
    assert steps("is the new diabetes model winning online?") == [("abtest", {"model": "diabetes"})]
    assert steps("which arm is ahead in the cancer test?") == [("abtest", {"model": "cancer"})]
    assert steps("what share of cancer traffic does the challenger get?") == [("abtest", {"model": "cancer"})]
    assert steps("how much of the diabetes traffic goes to the new model?") == [("abtest", {"model": "diabetes"})]


def test_a_comparison_or_a_live_metric_is_no_test() -> None:
    assert steps("does the diabetes challenger beat prod?") == [("compare", {"model": "diabetes"})]
    assert steps("how does the wine challenger score on live traffic?") == [
        ("evaluate", {"model": "wine", "version": "challenger", "live": True})]
    assert steps("how much traffic did wine get yesterday?") == []
    assert steps("is cancer's online store up to date?") == [("status", {"model": "cancer"})]


def test_one_asked_about_after_the_tests_were_explained_is_that_models_test() -> None:
    assert steps("how do A/B tests work, and is there one on wine at the moment?") == [
        ("help", {"topic": "abtest"}), ("abtest", {"model": "wine"})]
    assert steps("explain the abtest command, and is one live for diabetes?") == [
        ("help", {"topic": "abtest"}), ("abtest", {"model": "diabetes"})]


def test_one_running_with_no_test_before_it_is_still_a_status() -> None:
    assert steps("is anything running on cancer?") == [("status", {"model": "cancer"})]
    assert steps("what's running on cancer right now?") == [("status", {"model": "cancer"})]


def test_how_the_test_goes_asked_tersely_after_it_started() -> None:
    started = thread(*_STARTED)
    for said in ("numbers?", "any winner yet?", "who's winning?", "is the challenger ahead?", "is it winning yet",
                 "where do we stand?", "how are the numbers looking"):
        assert steps(said, started) == [("abtest", {"model": "wine"})], said


def test_other_requests_after_a_test_keep_their_reading() -> None:
    started = thread(*_STARTED)
    assert steps("what's the status of wine?", started) == [("status", {"model": "wine"})]
    assert steps("compare wine", started) == [("compare", {"model": "wine"})]
    assert steps("ok stop it", started) == [("abtest", {"model": "wine", "mode": "stop"})]
