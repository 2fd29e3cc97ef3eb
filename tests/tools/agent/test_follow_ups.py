"""Follow-ups read against a thread: the thread is written as the eval set writes it (user, tool and assistant
messages), remembered as the agent remembers it (`offline.recall`), and each later request is asserted exactly."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import messages_from_dict

from tests.tools.agent.test_readings import MODELS, TODAY
from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import read


def after(thread: list[dict[str, Any]], text: str) -> list[tuple[str, dict[str, Any], str | None]]:
    memory = recall(messages_from_dict(history(thread)), MODELS)
    return [(s.tool, s.args, s.when) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def asked(tool: str, args: dict[str, Any], result: dict[str, Any], said: str = "") -> list[dict[str, Any]]:
    """One turn of a thread: the request (as the command it ran), the tool's result, the bot's sentence."""
    command = " ".join([tool, *(str(v) for v in args.values())])
    return [{"role": "user", "content": command},
            {"role": "tool", "tool": tool, "args": args, "status": "done", "result": result},
            {"role": "assistant", "content": said or "Done."}]


TUNED_WINE = asked("tune", {"model": "wine"}, {"model": "wine", "metric": "f1_macro", "trials_done": 20,
                                               "trained": {"version": 9, "alias": "challenger"}, "comparison": None})


def test_it_after_a_tune_in_the_thread_is_the_version_the_tune_registered() -> None:
    assert after(TUNED_WINE, "deploy it") == [("deploy", {"model": "wine", "version": "9"}, None)]
    assert after(TUNED_WINE, "ok, promote that one") == [("deploy", {"model": "wine", "version": "9"}, None)]
    assert after(TUNED_WINE, "ship it if better") == [("compare", {"model": "wine", "b": "9"}, None),
                                                      ("deploy", {"model": "wine", "version": "9"}, "if_better")]
    assert after(TUNED_WINE, "compare it with production") == [("compare", {"model": "wine", "b": "9"}, None)]


WINE_DRIFT = asked("check_drift", {"model": "wine"}, {"model": "wine", "drifted": False, "share_drifted": 0.0})
DIABETES_2_VS_5 = asked("compare", {"model": "diabetes", "a": "2", "b": "5"},
                        {"model": "diabetes", "a_version": 2, "b_version": 5, "verdict": "inconclusive"})
TRAINED_CANCER = asked("train", {"model": "cancer"}, {"model": "cancer", "version": 6})


def test_a_window_alone_repeats_the_threads_last_read_over_that_window() -> None:
    assert after(WINE_DRIFT, "and over the last 90 days?") == [("check_drift", {"model": "wine", "last": "90d"}, None)]
    assert after(WINE_DRIFT, "what about for the last 48h?") == [
        ("check_drift", {"model": "wine", "last": "48h"}, None)]
    assert after(WINE_DRIFT, "how about since november?") == [("check_drift", {"model": "wine", "since": "2026-11-01"},
                                                               None)]
    assert after(WINE_DRIFT, "and yesterday?") == [
        ("check_drift", {"model": "wine", "since": "2026-12-04", "until": "2026-12-05"}, None)]
    assert after(DIABETES_2_VS_5, "and over the last 90 days?") == [
        ("compare", {"model": "diabetes", "a": "2", "b": "5", "last": "90d"}, None)]
    assert after(DIABETES_2_VS_5, "same but over a fortnight") == [
        ("compare", {"model": "diabetes", "a": "2", "b": "5", "last": "14d"}, None)]
    assert after(WINE_DRIFT, "and for cancer over the last 90 days?") == [
        ("check_drift", {"model": "cancer", "last": "90d"}, None)]


def test_a_window_alone_after_a_change_is_asked_back_not_repeated() -> None:
    assert after(TRAINED_CANCER, "and over the last 90 days?") == []


CANCER_CHALLENGER = asked("evaluate", {"model": "cancer", "version": "challenger"},
                          {"model": "cancer", "version": 4, "metrics": {"roc_auc": 0.982}})
CANCER_PRODUCTION = asked("evaluate", {"model": "cancer"},
                          {"model": "cancer", "version": 3, "metrics": {"roc_auc": 0.97}})
WINE_V5 = asked("compare", {"model": "wine", "b": "5"}, {"model": "wine", "a_version": 3, "b_version": 5})


def test_another_version_alone_repeats_the_last_read_with_its_defaults_left_out() -> None:
    assert after(CANCER_CHALLENGER, "and the production one?") == [("evaluate", {"model": "cancer"}, None)]
    assert after(CANCER_CHALLENGER, "what about prod?") == [("evaluate", {"model": "cancer"}, None)]
    assert after(CANCER_CHALLENGER, "and v2?") == [("evaluate", {"model": "cancer", "version": "2"}, None)]
    assert after(CANCER_PRODUCTION, "and the challenger?") == [
        ("evaluate", {"model": "cancer", "version": "challenger"}, None)]
    assert after(WINE_V5, "and v7?") == [("compare", {"model": "wine", "b": "7"}, None)]
    assert after(WINE_V5, "what about the challenger?") == [("compare", {"model": "wine"}, None)]


CANCER_MONITOR = asked("monitor", {"model": "cancer"}, {"model": "cancer", "action": "shown",
                                                        "monitor": {"every": "1h", "enabled": True}})
WINE_ABTEST = asked("abtest", {"model": "wine", "mode": "10%"}, {"model": "wine", "action": "start", "to_version": 6})
TRAINING_JOB = asked("train", {"model": "wine"}, {"model": "wine", "job": "j3f9a1c"})


def test_stopping_it_stops_what_the_thread_last_showed_a_monitor_a_test_or_a_job() -> None:
    assert after(CANCER_MONITOR, "stop it") == [("monitor", {"model": "cancer", "state": "off"}, None)]
    assert after(CANCER_MONITOR, "ok, pause that please") == [("monitor", {"model": "cancer", "state": "off"}, None)]
    assert after(CANCER_MONITOR, "kill it") == [("monitor", {"model": "cancer", "state": "off"}, None)]
    assert after(CANCER_MONITOR, "switch it off") == [("monitor", {"model": "cancer", "state": "off"}, None)]
    assert after(CANCER_MONITOR, "switch it back on") == [("monitor", {"model": "cancer", "state": "on"}, None)]
    assert after(WINE_ABTEST, "stop it") == [("abtest", {"model": "wine", "mode": "stop"}, None)]
    assert after(WINE_ABTEST, "alright, end it now") == [("abtest", {"model": "wine", "mode": "stop"}, None)]
    assert after(TRAINING_JOB, "stop it") == [("cancel", {"job": "j3f9a1c"}, None)]
    assert after([], "stop it") == [], "nothing in the thread to stop: asked back"


def test_the_test_or_the_experiment_after_an_ab_test_in_the_thread_is_that_test() -> None:
    assert after(WINE_ABTEST, "how's the test going so far?") == [("abtest", {"model": "wine"}, None)]
    assert after(WINE_ABTEST, "how is the experiment looking") == [("abtest", {"model": "wine"}, None)]
    assert after(WINE_ABTEST, "any news on the split?") == [("abtest", {"model": "wine"}, None)]
    assert after(CANCER_MONITOR, "how's the test going so far?") == [], "no test in this thread: asked back"


DEPLOYED_DIABETES = asked("deploy", {"model": "diabetes", "version": "4"},
                          {"model": "diabetes", "from_version": 3, "to_version": 4})


def test_a_remark_that_opens_with_a_pronoun_before_a_command_is_no_question() -> None:
    assert after(DEPLOYED_DIABETES, "that was a mistake, revert it") == [("rollback", {"model": "diabetes"}, None)]
    assert after(DEPLOYED_DIABETES, "this was a bad idea. roll it back") == [("rollback", {"model": "diabetes"}, None)]
    assert after(DEPLOYED_DIABETES, "that was wrong, undo it please") == [("rollback", {"model": "diabetes"}, None)]
    assert after(DEPLOYED_DIABETES, "was that a mistake?") == []


CANCER_BETTER = asked("compare", {"model": "cancer"}, {"model": "cancer", "a_version": 3, "b_version": 6,
                                                        "verdict": "better"})


def test_a_deploy_with_no_object_after_the_thread_made_or_compared_a_version_deploys_that_version() -> None:
    assert after(CANCER_BETTER, "ok go ahead and deploy") == [("deploy", {"model": "cancer", "version": "6"}, None)]
    assert after(CANCER_BETTER, "great, promote") == [("deploy", {"model": "cancer", "version": "6"}, None)]
    assert after(CANCER_BETTER, "let's ship") == [("deploy", {"model": "cancer", "version": "6"}, None)]
    assert after(TUNED_WINE, "deploy please") == [("deploy", {"model": "wine", "version": "9"}, None)]
    assert after(CANCER_BETTER, "deploy wine") == [], "another model: which of its versions is asked"
    assert after(WINE_DRIFT, "go ahead and deploy") == [], "no version in the thread: asked"
    assert after([], "go ahead and deploy") == []


def test_a_change_said_with_a_negation_is_not_made() -> None:
    assert after(CANCER_BETTER, "ok don't deploy") == []
    assert after(CANCER_BETTER, "no, do not deploy it yet") == []
    assert after(CANCER_BETTER, "hold off on deploying") == []
    assert after(CANCER_MONITOR, "don't stop it") == []
    assert after([], "never roll back cancer") == []
    assert after([], "retrain wine without deploying it") == [("train", {"model": "wine"}, None)]
    assert after([], "mute wine and don't page me for 2 hours") == [
        ("snooze", {"model": "wine", "duration": "2h"}, None)]


DIABETES_7_BETTER = asked("compare", {"model": "diabetes", "b": "7"}, {"a_version": 5, "b_version": 7,
                                                                    "verdict": "better"})
WINE_5_REFUSED = [{"role": "user", "content": "deploy wine 5"},
                  {"role": "tool", "tool": "deploy", "args": {"model": "wine", "version": "5"}, "status": "refused",
                   "result": {"reason": "gate failed: f1_macro -0.002 vs production"}},
                  {"role": "assistant", "content": "Not deployed: wine v5 does not beat production."}]
CANCER_6_DEPLOYED = asked("deploy", {"model": "cancer", "version": "6"}, {"from_version": 5, "to_version": 6})


def test_push_it_or_force_it_deploys_the_version_the_thread_is_about() -> None:
    assert after(DIABETES_7_BETTER, "great, push it") == [("deploy", {"model": "diabetes", "version": "7"}, None)]
    assert after(DIABETES_7_BETTER, "ok push that through") == [("deploy", {"model": "diabetes", "version": "7"}, None)]
    forced = {"model": "wine", "version": "5", "force": True}
    assert after(WINE_5_REFUSED, "force it. reason: the gate is flaky on tiny holdouts") == [
        ("deploy", {**forced, "reason": "the gate is flaky on tiny holdouts"}, None)]
    assert after(WINE_5_REFUSED, "force deploy that, reason: approved offline") == [
        ("deploy", {**forced, "reason": "approved offline"}, None)]
    assert after(WINE_5_REFUSED, "don't force it") == []


def test_a_question_after_a_change_is_never_that_change_again() -> None:
    assert after(CANCER_6_DEPLOYED, "which is the challenger now?") == [("status", {"model": "cancer"}, None)]
    assert after(CANCER_6_DEPLOYED, "what's in production now?") == [("status", {"model": "cancer"}, None)]
    assert after(CANCER_6_DEPLOYED, "how about the challenger?") == []
    assert after(CANCER_6_DEPLOYED, "what's its model card?") == [("card", {"model": "cancer", "version": "6"}, None)]
    assert after(CANCER_6_DEPLOYED, "roll it back") == [("rollback", {"model": "cancer"}, None)]


FAILED_CANCER_TRAINING = [{"role": "user", "content": "train cancer"},
                          {"role": "tool", "tool": "train", "args": {"model": "cancer"}, "status": "failed",
                           "result": {"error": "data validation failed: 3 issues"}},
                          {"role": "assistant", "content": "Training cancer failed: the batch did not pass."}]
DIABETES_INCIDENT = asked("incident", {"incident": 21}, {"id": 21, "model": "diabetes", "kind": "degradation"})
DIABETES_DRIFTED = asked("check_drift", {"model": "diabetes"}, {"model": "diabetes", "drifted": True})


def test_reads_in_a_thread_asked_in_other_words() -> None:
    assert after(TRAINING_JOB, "is it finished yet?") == [("status", {"model": "wine"}, None)]
    assert after(TRAINING_JOB, "how far along is it?") == [("status", {"model": "wine"}, None)]
    assert after(FAILED_CANCER_TRAINING, "what's wrong with its data?") == [("validate_data", {"model": "cancer"}, None)]
    assert after(DIABETES_INCIDENT, "why did this happen") == [("why", {"model": "diabetes"}, None)]
    assert after(DIABETES_DRIFTED, "seems like drift, validate its data as well") == [
        ("validate_data", {"model": "diabetes"}, None)]
    assert after(WINE_ABTEST, "so how's it doing?") == [("abtest", {"model": "wine"}, None)]


WINE_3_VS_6 = asked("compare", {"model": "wine"}, {"a": 3, "b": 6, "verdict": "better", "delta": 0.01})
DIABETES_4_REFUSED = asked("compare", {"model": "diabetes", "b": "4"}, {"a": 2, "b": 4, "verdict": "not better"})
HOW_TO_DEPLOY = asked("help", {"topic": "deploy"}, {"usage": "deploy <model> <version>"})
HOW_TO_TRAIN = asked("help", {"topic": "train"}, {"usage": "train <model> [last=30d]"})
CANCER_DRIFT_14D = asked("check_drift", {"model": "cancer", "last": "14d"}, {"drifted": ["radius"]})
WINE_VALID_SINCE = asked("validate_data", {"model": "wine", "since": "2026-11-01"}, {"ok": True, "rows": 178})
DIABETES_CHALLENGER_60D = asked("evaluate", {"model": "diabetes", "version": "challenger", "last": "60d"},
                                {"rmse": 52.1, "rows": 88})
WINE_DRIFT_SINCE = asked("check_drift", {"model": "wine", "since": "2026-11-20"}, {"drifted": ["ash"]})


def test_a_deploy_of_that_after_a_compare_deploys_the_compared_version_from_its_small_result() -> None:
    assert after(WINE_3_VS_6, "sounds good, ship that") == [("deploy", {"model": "wine", "version": "6"}, None)]
    assert after(WINE_3_VS_6, "cool, promote that one") == [("deploy", {"model": "wine", "version": "6"}, None)]
    assert after(DIABETES_4_REFUSED, "ship it anyway, force=true reason: \"load test tonight\"") == [
        ("deploy", {"model": "diabetes", "version": "4", "force": True, "reason": "load test tonight"}, None)]


def test_do_it_after_a_help_answer_is_the_verb_it_explained() -> None:
    assert after(HOW_TO_DEPLOY, "alright, do that for cancer v4") == [("deploy", {"model": "cancer", "version": "4"},
                                                                      None)]
    assert after(HOW_TO_TRAIN, "ok do it for wine over the last 60 days") == [
        ("train", {"model": "wine", "last": "60d"}, None)]
    assert after(HOW_TO_DEPLOY, "ok do it") == [], "a deploy with no model or version is asked for"


def test_scoring_it_after_a_deploy_scores_the_version_it_moved_production_to() -> None:
    assert after(DEPLOYED_DIABETES, "evaluate it on live traffic since yesterday") == [
        ("evaluate", {"model": "diabetes", "since": "2026-12-04", "version": "4", "live": True},
         None)]


def test_the_same_period_in_a_thread_is_the_threads_window() -> None:
    assert after(CANCER_DRIFT_14D, "validate its training data over that same period") == [
        ("validate_data", {"model": "cancer", "last": "14d"}, None)]
    assert after(WINE_VALID_SINCE, "fine, retrain it on the same window") == [
        ("train", {"model": "wine", "since": "2026-11-01"}, None)]
    assert after(DIABETES_CHALLENGER_60D, "how does that stack up against prod for those dates?") == [
        ("compare", {"model": "diabetes", "last": "60d"}, None)]
    assert after(CANCER_DRIFT_14D, "validate its training data over the last 30 days") == [
        ("validate_data", {"model": "cancer", "last": "30d"}, None)]


def test_which_inputs_drive_it_after_a_drift_check_is_why_over_that_checks_window() -> None:
    assert after(WINE_DRIFT_SINCE, "which features drive that?") == [("why", {"model": "wine", "since": "2026-11-20"},
                                                                      None)]
    assert after(WINE_DRIFT_SINCE, "what inputs are responsible?") == [
        ("why", {"model": "wine", "since": "2026-11-20"}, None)]


ONE_WINE_INCIDENT = asked("alerts", {"model": "wine"}, {"incidents": [{"id": 14, "model": "wine", "kind": "drift"}]})
CHECK_OPENED_33 = asked("run_check", {"model": "diabetes"}, {"model": "diabetes", "severity": "high", "incident": 33})
TWO_INCIDENTS = asked("alerts", {}, {"incidents": [{"id": 50, "model": "wine"}, {"id": 51, "model": "cancer"}]})
DEPLOYED_CANCER_7 = asked("deploy", {"model": "cancer", "version": "challenger"},
                          {"model": "cancer", "from_version": 5, "to_version": 7})
RUNNING_MONITORS = asked("monitors", {}, {"monitors": [{"model": "wine", "every": "30m", "enabled": True}]})
NO_CANCER_ALERTS = asked("alerts", {"model": "cancer"}, {"incidents": []})
TRAINED_WINE_11 = asked("train", {"model": "wine", "last": "60d"}, {"model": "wine", "version": "11", "metric": 0.95})
DIABETES_DRIFT_14D = asked("check_drift", {"model": "diabetes", "last": "14d"}, {"drifted": True, "window": "last 14d"})
EVALUATED_WINE_CHALLENGER = asked("evaluate", {"model": "wine", "version": "challenger"}, {"f1_macro": 0.957})


def test_the_one_incident_a_thread_showed_or_opened_is_shown_in_full() -> None:
    for said in ("show me the whole thing", "show me the incident", "full details please", "open that alert"):
        assert after(ONE_WINE_INCIDENT, said) == [("incident", {"incident": 14}, None)], said
    for said in ("show me the incident", "what's in that incident?", "details on it"):
        assert after(CHECK_OPENED_33, said) == [("incident", {"incident": 33}, None)], said


def test_a_number_from_a_listing_of_incidents_is_that_incident() -> None:
    assert after(TWO_INCIDENTS, "show 51") == [("incident", {"incident": 51}, None)]
    assert after(TWO_INCIDENTS, "open #50") == [("incident", {"incident": 50}, None)]
    assert after(TWO_INCIDENTS, "50 was noise") == [("rate_alert", {"incident": 50, "verdict": "noise"}, None)]
    assert after(TWO_INCIDENTS, "51 was a good catch") == [("rate_alert", {"incident": 51, "verdict": "useful"}, None)]


def test_a_card_for_it_after_a_deploy_is_the_card_of_the_version_it_moved_to() -> None:
    for said in ("make a model card for it", "card for that please", "generate its model card"):
        assert after(DEPLOYED_CANCER_7, said) == [("card", {"model": "cancer", "version": "7"}, None)], said


def test_stopped_or_resolved_ones_too_after_a_listing_lists_them_all() -> None:
    for said in ("show the stopped ones too", "include the paused ones", "and the disabled ones?"):
        assert after(RUNNING_MONITORS, said) == [("monitors", {"all": True}, None)], said
    for said in ("include resolved ones", "show the closed ones too", "the resolved ones as well"):
        assert after(NO_CANCER_ALERTS, said) == [("alerts", {"model": "cancer", "all": True}, None)], said


def test_the_gate_asked_about_after_a_train_compares_the_version_it_made() -> None:
    for said in ("so would it get through the deploy gate?", "would that pass the promotion gate?",
                 "would it clear the gate?"):
        assert after(TRAINED_WINE_11, said) == [("compare", {"model": "wine", "b": "11"}, None)], said


def test_why_alone_after_a_drift_check_is_why_over_that_checks_window() -> None:
    for said in ("why though?", "why?", "how come?", "why is that"):
        assert after(DIABETES_DRIFT_14D, said) == [("why", {"model": "diabetes", "last": "14d"}, None)], said


def test_same_for_another_model_keeps_an_alias_version() -> None:
    assert after(EVALUATED_WINE_CHALLENGER, "same for cancer pls") == [
        ("evaluate", {"model": "cancer", "version": "challenger"}, None)]
    assert after(EVALUATED_WINE_CHALLENGER, "and diabetes?") == [
        ("evaluate", {"model": "diabetes", "version": "challenger"}, None)]


def test_the_same_evaluation_on_live_traffic_is_that_evaluation_made_live() -> None:
    from tests.tools.agent.test_readings import steps
    from tools.agent.understanding.reading import Memory

    challenger = Memory(model="diabetes", last=("evaluate", {"model": "diabetes", "version": "challenger"}))
    assert steps("same but on live traffic", challenger) == [
        ("evaluate", {"model": "diabetes", "version": "challenger", "live": True})]
    assert steps("now on real traffic over the last 7 days", challenger) == [
        ("evaluate", {"model": "diabetes", "version": "challenger", "last": "7d", "live": True})]
    assert steps("and on live data?", Memory(model="wine", last=("evaluate", {"model": "wine"}))) == [
        ("evaluate", {"model": "wine", "live": True})]


def test_a_result_of_a_shape_no_tool_returns_settles_nothing_and_the_request_is_still_read() -> None:
    """A thread's memory is whatever its messages held (another model's calls, a hand-written thread): a listing
    whose entries are a count, or a version said as "v3", must not end the turn in a traceback."""
    odd_listing = asked("history", {"model": "wine", "limit": 3}, {"entries": 3})
    assert after(odd_listing, "and for cancer?") == [("history", {"model": "cancer", "limit": 3}, None)]
    trained_then_odd = TUNED_WINE + asked("status", {"model": "wine"}, {"model": "wine", "version": "v3"})
    assert after(trained_then_odd, "deploy it") == [("deploy", {"model": "wine", "version": "9"}, None)], \
        "the odd result settles nothing: the version the tune registered is still 'it'"
