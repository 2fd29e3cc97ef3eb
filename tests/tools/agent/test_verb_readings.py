"""Which tool a request asks for when its verb is not the tool's name: loading the online store, an online
experiment, a stuck lock to free, a roll-out or a swap to the challenger, who the challenger is."""

from __future__ import annotations

from typing import Any

from tests.tools.agent.test_readings import MODELS, TODAY, steps
from tools.agent.understand import read
from tools.agent.understanding.reading import Memory


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


def test_a_wish_for_a_version_in_production_is_its_deploy() -> None:
    assert steps("we need version 4 of cancer live") == [("deploy", {"model": "cancer", "version": "4"})]
    assert steps("I'd like the wine challenger serving in production") == [
        ("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("i want v8 of diabetes running in prod") == [("deploy", {"model": "diabetes", "version": "8"})]
    assert steps("i want to know what's serving in production for wine") == [("status", {"model": "wine"})]


def test_someone_else_approving_is_how_a_deploy_goes_through_not_approving_in_words() -> None:
    assert steps("deploy cancer 5, my lead will approve") == [("deploy", {"model": "cancer", "version": "5"})]
    assert steps("ship wine v3, I'll get someone to approve it") == [("deploy", {"model": "wine", "version": "3"})]
    assert steps("deploy cancer 5 and approve it") == [], "approving in words is still refused"


def test_a_root_cause_asked_in_other_words_is_why() -> None:
    assert steps("wy is wine drifting") == [("why", {"model": "wine"})]
    assert steps("whats behind the drop in cancer's score") == [("why", {"model": "cancer"})]
    assert steps("which features hurt wine the most over the last week?") == [("why", {"model": "wine", "last": "7d"})]
    assert steps("which drifted inputs hurt wine the most?") == [("why", {"model": "wine"})]
    assert steps("wine drifted again... what's causing it?") == [("why", {"model": "wine"})]
    assert steps("diabetes has drifted, what caused that?") == [("why", {"model": "diabetes"})]


def test_a_trainings_progress_or_whether_a_version_is_out_yet_is_a_status_question() -> None:
    assert steps("is the cancer retrain still in progress?") == [("status", {"model": "cancer"})]
    assert steps("is the wine retrain done?") == [("status", {"model": "wine"})]
    assert steps("has the new diabetes model been shipped yet?") == [("status", {"model": "diabetes"})]
    assert steps("what was the cancer challenger's score at training time?") == [("status", {"model": "cancer"})]
    assert steps("what was wine's f1 at training?") == [("status", {"model": "wine"})]


def test_the_training_datas_categories_columns_and_types_are_a_validation() -> None:
    assert steps("do the cancer categorical values still match what the model was trained on?") == [
        ("validate_data", {"model": "cancer"})]
    assert steps("check the wine data types and columns") == [("validate_data", {"model": "wine"})]
    assert steps("which columns of wine drifted?") == [("check_drift", {"model": "wine"})]


def test_live_inputs_set_against_the_training_data_are_a_drift_check() -> None:
    assert steps("compare wine's live requests with the training data") == [("check_drift", {"model": "wine"})]
    assert steps("compare diabetes production traffic against the training set over the last 10 days") == [
        ("check_drift", {"model": "diabetes", "last": "10d"})]


def test_a_reproduction_checked_to_match_is_one_reproduce() -> None:
    assert steps("retrain cancer exactly as v4 was trained and check it matches") == [
        ("reproduce", {"model": "cancer", "version": "4"})]
    assert steps("reproduce diabetes v2, then check that it matches") == [
        ("reproduce", {"model": "diabetes", "version": "2"})]


def test_the_model_list_and_the_skew_help_are_named_in_other_words() -> None:
    assert steps("show the model list") == [("list_models", {})]
    assert steps("the model list please") == [("list_models", {})]
    assert steps("how does skew work?") == [("help", {"topic": "skew"})]
    assert steps("help with skew") == [("help", {"topic": "skew"})]


def test_a_stuck_lock_released_politely_after_its_situation_is_unlock() -> None:
    assert steps("wine's lock is stuck, please release it. reason: stale job") == [
        ("unlock", {"model": "wine", "reason": "stale job"})]
    assert steps("the diabetes model lock is stuck, please release it") == [("unlock", {"model": "diabetes"})]


def test_a_bad_model_in_production_said_before_a_rollback_is_its_reason() -> None:
    assert steps("the wine challenger in prod is broken, take the old one back") == [("rollback", {"model": "wine"})]
    assert steps("the new cancer model in production is terrible, put the previous one back") == [
        ("rollback", {"model": "cancer"})]


def test_reads_with_a_change_word_a_gate_a_fire_a_link_and_an_instant() -> None:
    assert steps("if we shipped cancer v4, would it get through the gate?") == [("compare", {"model": "cancer", "b": "4"})]
    assert steps("say I promote diabetes 3, would it clear the gate?") == [("compare", {"model": "diabetes", "b": "3"})]
    assert steps("would wine's challenger be promoted if I tried?") == [("compare", {"model": "wine"})]
    assert steps("everything is on fire 🔥 revert cancer to v2") == [("rollback", {"model": "cancer", "version": "2"})]
    assert steps("what's on fire?") == [("alerts", {})]
    assert steps("url for wine's mlflow run please") == [("status", {"model": "wine"})]
    assert steps("what was in prod for wine on 2026-11-20 at 9am, and who deployed it?") == [
        ("history", {"model": "wine", "at": "2026-11-20T09:00:00Z"})]


def test_a_root_cause_said_as_rca_or_as_what_drives_it_is_why() -> None:
    assert steps("rca for wine over the last week") == [("why", {"model": "wine", "last": "7d"})]
    assert steps("do an rca on diabetes since monday") == [("why", {"model": "diabetes", "since": "2026-11-30"})]
    assert steps("explain what changed in the inputs that hurt the cancer model") == [("why", {"model": "cancer"})]
    assert steps("which features are driving wine's drop?") == [("why", {"model": "wine"})]


def test_a_metric_move_told_before_a_root_cause_question_is_background_not_an_evaluation() -> None:
    assert steps("f1 on wine dropped a lot this week. can you find what's behind it?") == [
        ("why", {"model": "wine", "since": "2026-11-30"})]
    assert steps("cancer lost about 3 points of auc since november 20, what's the root cause?") == [
        ("why", {"model": "cancer", "since": "2026-11-20"})]
    assert steps("diabetes rmse spiked overnight; dig into what's causing it over the last 2 days") == [
        ("why", {"model": "diabetes", "last": "2d"})]
    assert steps("evaluate wine and tell me why it drifted")[0][0] == "evaluate", "an evaluation asked stays"


def test_the_validation_gates_own_checks_and_an_upstream_change_beside_them_are_one_validation() -> None:
    assert steps("run a null + range check on the cancer training data from last week") == [
        ("validate_data", {"model": "cancer", "last": "7d"})]
    assert steps("schema and missingness check for diabetes over the past 10 days") == [
        ("validate_data", {"model": "diabetes", "last": "10d"})]
    assert steps("the vendor feed was swapped last week; please validate the cancer training batch over the last "
                 "7 days") == [("validate_data", {"model": "cancer", "last": "7d"})]
    assert steps("someone changed the ingestion job yesterday, validate diabetes data since monday") == [
        ("validate_data", {"model": "diabetes", "since": "2026-11-30"})]
    assert steps("check drift on wine and validate its data") == [("check_drift", {"model": "wine"}),
                                                                  ("validate_data", {"model": "wine"})]


def test_a_metric_on_labelled_live_rows_or_once_labels_came_back_is_a_live_evaluation() -> None:
    assert steps("now that the labels came back, evaluate the live wine model over the last 5 days") == [
        ("evaluate", {"model": "wine", "last": "5d", "live": True})]
    assert steps("score diabetes v4 on the labelled production rows") == [
        ("evaluate", {"model": "diabetes", "version": "4", "live": True})]
    assert steps("we got the ground truth labels back, how does the cancer challenger score on those?") == [
        ("evaluate", {"model": "cancer", "version": "challenger", "live": True})]
    assert steps("evaluate cancer on the last 10 days") == [("evaluate", {"model": "cancer", "last": "10d"})]


def test_each_clause_of_a_chain_keeps_the_window_it_said() -> None:
    assert steps("retrain wine on the last quarter and then evaluate it on the past week") == [
        ("train", {"model": "wine", "last": "90d"}), ("evaluate", {"model": "wine", "version": "challenger", "last": "7d"})]
    assert steps("train diabetes on 60d, then evaluate it over the last 48 hours") == [
        ("train", {"model": "diabetes", "last": "60d"}),
        ("evaluate", {"model": "diabetes", "version": "challenger", "last": "48h"})]


def test_a_compared_versions_conditional_deploy_ships_that_version() -> None:
    assert steps("if wine 4 beats production, ship it") == [("compare", {"model": "wine", "b": "4"}),
                                                            ("deploy", {"model": "wine", "version": "4"})]
    assert steps("if cancer 7 outperforms what's in prod, promote it") == [
        ("compare", {"model": "cancer", "b": "7"}), ("deploy", {"model": "cancer", "version": "7"})]
    assert steps("only if diabetes 3 is better than the live one, roll it out") == [
        ("compare", {"model": "diabetes", "b": "3"}), ("deploy", {"model": "diabetes", "version": "3"})]


def test_putting_a_version_in_production_is_its_deploy() -> None:
    assert steps("Put the challenger of the breast cancer model in production 🚀") == [
        ("deploy", {"model": "cancer", "version": "challenger"})]
    assert steps("please get wine v5 into prod") == [("deploy", {"model": "wine", "version": "5"})]
    assert steps("move the diabetes challenger to production") == [
        ("deploy", {"model": "diabetes", "version": "challenger"})]


def test_a_deploy_said_to_go_ahead_even_if_the_gate_fails_is_forced() -> None:
    assert steps("Deploy wine v3 even if the gate fails, reason: prod is serving NaNs") == [
        ("deploy", {"model": "wine", "version": "3", "force": True, "reason": "prod is serving NaNs"})]
    assert steps("ship cancer 4 regardless of the gate, reason: the holdout is stale") == [
        ("deploy", {"model": "cancer", "version": "4", "force": True, "reason": "the holdout is stale"})]
    assert steps("ship cancer 4 regardless of the gate") == [], "a forced deploy without a reason asks for one"


def test_how_a_model_is_looking_is_its_status() -> None:
    for text in ("how's cancer looking these days?", "how is wine looking?", "how are things looking for diabetes"):
        assert steps(text)[0][0] == "status", text


def test_which_version_said_again_after_a_change_is_no_request_of_its_own() -> None:
    assert steps("roll back wine to version 3, the one we had before last week's deploy") == [
        ("rollback", {"model": "wine", "version": "3"})]
    assert steps("deploy cancer v4, the one that was trained yesterday") == [
        ("deploy", {"model": "cancer", "version": "4"})]


def test_a_conditional_deploy_for_every_model_compares_each_before_its_deploy() -> None:
    expected = [step for m in ("cancer", "wine", "diabetes") for step in (
        ("compare", {"model": m}), ("deploy", {"model": m, "version": "challenger"}))]
    for text in ("for all three: deploy the challenger if it beats prod",
                 "for every model, ship the challenger only if it is better"):
        reading = read(text, MODELS, today=TODAY)
        assert [(s.tool, s.args) for s in reading.steps] == expected, text
        assert [s.when for s in reading.steps if s.tool == "deploy"] == ["if_better"] * 3, text


def test_training_every_model_kicked_off_in_other_words_is_one_train_each() -> None:
    expected = [("train", {"model": m, "last": "30d"}) for m in ("cancer", "wine", "diabetes")]
    for text in ("kick off training on every model using the last 30 days", "for each model, retrain on the last 30 days"):
        assert steps(text) == expected, text


def test_retrain_n_deploy_if_better_is_the_conditional_chain() -> None:
    reading = read("plz retrian wine n deploy if its better thx", MODELS, today=TODAY)
    assert [(s.tool, s.when) for s in reading.steps] == [("train", None), ("compare", None), ("deploy", "if_better")]


def test_a_decision_on_an_approval_said_in_words_is_refused_and_its_status_is_a_read() -> None:
    for text in ("reject that pending rollback 0f1e2d3c4b5a6978", "deny approval 0f1e2d3c4b5a6978",
                 "decline the pending deploy request for wine"):
        assert steps(text) == [], text
    assert steps("status of approval 0f1e2d3c4b5a6978") == [("approval", {"approval_id": "0f1e2d3c4b5a6978"})]
    assert steps("the approval for rolling back wine, id 7e7e7e7e11223344 — where is it at?") == [
        ("approval", {"approval_id": "7e7e7e7e11223344"})]


def test_how_the_latest_training_went_is_the_status_whatever_the_scorer_guesses(monkeypatch: Any) -> None:
    from tools.agent import understand
    from tools.agent.understanding.scorer import Guess

    said = [("how did the most recent cancer training do?", "cancer"), ("what was the rmse of diabetes's previous "
            "training run?", "diabetes"), ("how did wine's last retrain go?", "wine"), ("so what was the roc auc of "
            "the latest breast cancer training?", "cancer"), ("how's the regression model getting on?", "diabetes"),
            ("how is the wine cultivar model coming along?", "wine")]
    for text, model in said:
        assert steps(text) == [("status", {"model": model})], text
    for guessed in ("evaluate", "compare", "history"):  # the words say it, so no guess overrules them
        monkeypatch.setattr(understand, "_scorer", lambda guessed=guessed: type("S", (), {
            "guess": staticmethod(lambda _: Guess([guessed], 1.0))})())
        for text, model in said:
            assert steps(text) == [("status", {"model": model})], (guessed, text)


def test_a_help_topic_said_in_the_persons_own_words_is_the_command_that_does_it() -> None:
    for text, topic in [("how do i release a stuck lock?", "unlock"), ("how can we free a lock a dead job holds?",
                        "unlock"), ("how do you mute alerts for all models?", "snooze"), ("how would I silence the "
                        "wine alerts over a weekend?", "snooze"), ("how do I mark an alert as noise after we silenced "
                        "it?", "rate"), ("how do i flag an incident as a false alarm?", "rate"), ("how do I go live "
                        "with a new version? what's the command", "deploy"), ("how do i put a version live?", "deploy"),
                        ("how do I run a hyperparameter sweep with a time budget?", "tune"), ("how to do a grid search "
                        "for wine?", "tune"), ("how do I revert to the previous version?", "rollback"),
                        ("how do i check for drift", "drift")]:
        assert steps(text) == [("help", {"topic": topic})], text
    assert steps("who can roll back then? how does rollback work", Memory(model="wine", last=("rollback", {
        "model": "wine", "version": "3"}))) == [("help", {"topic": "rollback"})]


def test_a_change_asked_politely_or_in_slang_is_made_and_what_a_read_found_beside_it_is_its_reason() -> None:
    assert steps("mind promoting cancer 6?") == [("deploy", {"model": "cancer", "version": "6"})]
    assert steps("would you mind shipping wine v7?") == [("deploy", {"model": "wine", "version": "7"})]
    assert steps("Would you ship wine v7 please? the compare looked good") == [
        ("deploy", {"model": "wine", "version": "7"})]
    assert steps("promote diabetes v4, the eval came back clean") == [("deploy", {"model": "diabetes", "version": "4"})]
    assert steps("would you roll diabetes back to the previous version? its rmse jumped") == [
        ("rollback", {"model": "diabetes"})]
    assert steps("do you mind rolling cancer back? the f1 dropped") == [("rollback", {"model": "cancer"})]
    assert steps("shh the cancer alerts for a day 😴") == [("snooze", {"model": "cancer"})]
    assert steps("shush wine for an hour") == [("snooze", {"model": "wine", "duration": "1h"})]
    # a question about a change stays a read, however politely it is asked
    assert steps("would you mind telling me who deployed wine last?") == [("history", {"model": "wine"})]
    assert steps("would the monitor roll back cancer on its own?") == [("history", {"model": "cancer"})]
    assert steps("the cancer model feels stale, mind retraining it on the last month?") == [
        ("train", {"model": "cancer", "last": "30d"})]
