"""How a tuning request is read: its verbs ("HPO", "grid search", "find better hyperparameters") and its slots
(trials, budget, search ranges), each written as said and the default 20 trials left out."""

from __future__ import annotations

from tests.tools.agent.test_readings import steps


def test_tuning_verbs_beyond_tune_are_a_tune() -> None:
    assert steps("run an HPO on wine") == [("tune", {"model": "wine"})]
    assert steps("kick off hpo for cancer") == [("tune", {"model": "cancer"})]
    assert steps("grid search diabetes") == [("tune", {"model": "diabetes"})]
    assert steps("do a random search on wine") == [("tune", {"model": "wine"})]
    assert steps("do a hyperparameter search for the regression model") == [("tune", {"model": "diabetes"})]
    assert steps("find better hyperparameters for cancer") == [("tune", {"model": "cancer"})]
    assert steps("look for better params on wine") == [("tune", {"model": "wine"})]
    assert steps("optimize the wine hyperparams") == [("tune", {"model": "wine"})]
    assert steps("sweep the cancer hyperparameters") == [("tune", {"model": "cancer"})]


def test_a_count_of_trials_may_carry_an_adjective_and_the_default_twenty_is_left_out() -> None:
    assert steps("run 50 tuning trials on cancer") == [("tune", {"model": "cancer", "trials": 50})]
    assert steps("tune wine with 35 optuna trials") == [("tune", {"model": "wine", "trials": 35})]
    assert steps("tune diabetes with the default 20 trials") == [("tune", {"model": "diabetes"})]
    assert steps("tune cancer, 20 trials") == [("tune", {"model": "cancer"})]


def test_a_budget_said_before_its_noun_or_as_a_cap() -> None:
    assert steps("tune wine, 10 trials, 5 min budget") == [("tune", {"model": "wine", "trials": 10, "budget": "5m"})]
    assert steps("tune cancer with a 2 hour budget") == [("tune", {"model": "cancer", "budget": "2h"})]
    assert steps("optimise diabetes hyperparameters and cap it at 1h") == [("tune", {"model": "diabetes", "budget": "1h"})]
    assert steps("tune wine, capped at 30 minutes") == [("tune", {"model": "wine", "budget": "30m"})]
    assert steps("tune cancer with a time limit of 45m") == [("tune", {"model": "cancer", "budget": "45m"})]


def test_a_search_range_is_written_as_low_dot_dot_high_whatever_the_tuning_verb() -> None:
    assert steps("run an HPO for wine with max_depth from 2 to 12") == [
        ("tune", {"model": "wine", "ranges": {"max_depth": "2..12"}})]
    assert steps("sweep n_estimators 50..400 for cancer") == [
        ("tune", {"model": "cancer", "ranges": {"n_estimators": "50..400"}})]
    assert steps("grid search wine, 40 trials, min_samples_leaf 1..20") == [
        ("tune", {"model": "wine", "trials": 40, "ranges": {"min_samples_leaf": "1..20"}})]
    assert steps("tune diabetes over learning_rate between 0.01 and 0.3") == [
        ("tune", {"model": "diabetes", "ranges": {"learning_rate": "0.01..0.3"}})]


def test_a_tuning_question_or_a_could_we_request_with_a_model() -> None:
    assert steps("could we grid search wine? maybe 30 trials") == [("tune", {"model": "wine", "trials": 30})]
    assert steps("can we tune cancer on the last 60 days?") == [("tune", {"model": "cancer", "last": "60d"})]
    assert steps("should we tune cancer?") == [], "a question about a change is asked back, never guessed"
