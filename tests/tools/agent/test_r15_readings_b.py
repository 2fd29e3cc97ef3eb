"""Readings of the r15 online-test, open-incident, lock and older families in other words: a share said with a decimal
or bare ("a/b wine at 12.5%", "abtest wine 20"), a test paused, "the cancer test" as that model's online test, the
challenger's share or each arm asked about, a question about the test's metric (no compare beside it), a test started
on every model, how the thread's test went asked tersely (after a stop, after a start, on another model), a test
stopped then started in one request; open incidents asked after a check, an incident or the monitors listing; a lock
freed after the bot said which model a dead job holds, or told with the job that holds it (no tune); a cue word spelt
by ear, the monitors called "monitorings", a model's name asked. Near misses keep their other reading."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_STARTED = (
    {"role": "user", "content": "abtest cancer 20%"},
    {"role": "tool", "tool": "abtest", "args": {"model": "cancer", "mode": "20%"}, "status": "done",
     "result": {"action": "start", "message": "Online test t7 started: challenger v4 answers 20% of requests."}},
    {"role": "assistant", "content": "Online test t7 started on cancer: challenger v4 gets 20% of requests."},
)
_STOPPED = (
    {"role": "user", "content": "end the wine abtest"},
    {"role": "tool", "tool": "abtest", "args": {"model": "wine", "mode": "stop"}, "status": "done",
     "result": {"action": "stop", "message": "Stopped the online test of wine."}},
    {"role": "assistant", "content": "Stopped the wine online test."},
)
_READ = (
    {"role": "user", "content": "diabetes abtest results"},
    {"role": "tool", "tool": "abtest", "args": {"model": "diabetes"}, "status": "done",
     "result": {"action": "report", "message": "ab-12 on diabetes: rmse -1.2, no verdict yet."}},
    {"role": "assistant", "content": "ab-12 on diabetes (20%): rmse -1.2 [-2.5, +0.1], no verdict yet."},
)
_REFUSED = (
    {"role": "user", "content": "abtest wine 30%"},
    {"role": "tool", "tool": "abtest", "args": {"model": "wine", "mode": "30%"}, "status": "failed",
     "result": {"error": "An online test of wine is already running (shadow, 100%). Stop it first: abtest wine stop"}},
    {"role": "assistant", "content": "A shadow test of wine is already running, so I can't start a 30% split."},
)
_CHECKED = (
    {"role": "user", "content": "run a check on cancer"},
    {"role": "tool", "tool": "run_check", "args": {"model": "cancer"}, "status": "done",
     "result": {"drift": True, "severity": "medium", "incident": 70}},
    {"role": "assistant", "content": "cancer: drift on 2 features, severity medium. Opened incident #70."},
)
_INCIDENT = (
    {"role": "user", "content": "show incident 12"},
    {"role": "tool", "tool": "incident", "args": {"incident": 12}, "status": "done",
     "result": {"id": 12, "model": "diabetes", "severity": "low", "status": "open"}},
    {"role": "assistant", "content": "Incident #12 (diabetes, low): drift on bmi. Nobody has acknowledged it."},
)


def _listed(open_incidents: dict[str, int]) -> tuple[dict[str, object], ...]:
    return (
        {"role": "user", "content": "list the monitors"},
        {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
         "result": {"monitors": [{"model": "wine", "every": "30m"}, {"model": "diabetes", "every": "1h"}],
                    "open_incidents": open_incidents}},
        {"role": "assistant", "content": "2 monitors running: wine every 30m, diabetes every 1h."},
    )


def _cancel_failed(model: str) -> tuple[dict[str, object], ...]:
    return (
        {"role": "user", "content": "cancel j0a1b2c"},
        {"role": "tool", "tool": "cancel", "args": {"job": "j0a1b2c"}, "status": "failed",
         "result": {"error": "job j0a1b2c did not stop: its process is not responding"}},
        {"role": "assistant", "content": f"Couldn't cancel j0a1b2c: its process is gone, and {model} is still locked by it."},
    )


def test_a_share_with_a_decimal_or_said_bare_is_the_tests_share() -> None:
    assert steps("ab test diabetes at 7.5%") == [("abtest", {"model": "diabetes", "mode": "7.5%"})]
    assert steps("abtest cancer 15") == [("abtest", {"model": "cancer", "mode": "15%"})]
    assert steps("a/b test the cancer challenger at 15") == [("abtest", {"model": "cancer", "mode": "15%"})]
    assert steps("start the wine a/b at 30 now") == [("abtest", {"model": "wine", "mode": "30%"})]


def test_versions_said_to_a_test_are_still_no_share() -> None:
    assert steps("abtest cancer v3 against v5") == []
    assert steps("abtest wine 5 against 20") == []


def test_a_test_paused_is_stopped_and_asked_whether_paused_is_read() -> None:
    assert steps("pause the wine a/b test") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("suspend the canary on diabetes") == [("abtest", {"model": "diabetes", "mode": "stop"})]
    assert steps("is the cancer abtest paused?") == [("abtest", {"model": "cancer"})]


def test_a_models_test_with_its_share_or_arms_asked_is_its_online_test() -> None:
    assert steps("what percentage is the new model getting in the diabetes test?") == [
        ("abtest", {"model": "diabetes"})]
    assert steps("how many rows has each arm of the cancer test seen") == [("abtest", {"model": "cancer"})]
    assert steps("any numbers from wine's test?") == [("abtest", {"model": "wine"})]


def test_a_test_set_stays_no_online_test() -> None:
    assert steps("evaluate wine on the test set") == [("evaluate", {"model": "wine"})]
    assert steps("test v3 of cancer on the holdout") == [("evaluate", {"model": "cancer", "version": "3"})]


def test_a_question_about_the_tests_metric_adds_no_compare() -> None:
    assert steps("how's the cancer abtest going, does the new one score higher on live traffic?") == [
        ("abtest", {"model": "cancer"})]
    assert steps("show the wine a/b, and is the challenger better than prod?") == [("abtest", {"model": "wine"})]
    assert steps("abtest cancer results, then compare cancer v3 and v5") == [
        ("abtest", {"model": "cancer"}), ("compare", {"model": "cancer", "a": "3", "b": "5"})]


def test_a_test_started_on_every_model_is_one_per_model() -> None:
    assert steps("start a 20% canary on all three models") == [
        ("abtest", {"model": m, "mode": "20%"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("stop the ab tests on all models") == [
        ("abtest", {"model": m, "mode": "stop"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("which models have an a/b test running?") == []  # asked which model: never a change


def test_how_the_threads_test_went_is_read_tersely() -> None:
    assert steps("how did the test turn out?", thread(*_STOPPED)) == [("abtest", {"model": "wine"})]
    assert steps("so how did it go", thread(*_STOPPED)) == [("abtest", {"model": "wine"})]
    assert steps("hows it looking", thread(*_STARTED)) == [("abtest", {"model": "cancer"})]


def test_the_threads_test_read_again_on_another_model() -> None:
    assert steps("and what about wine's?", thread(*_READ)) == [("abtest", {"model": "wine"})]
    assert steps("how about cancer?", thread(*_READ)) == [("abtest", {"model": "cancer"})]
    assert steps("same for cancer", thread(*_READ)) == [("abtest", {"model": "cancer"})]
    assert steps("how about cancer?", thread(*_STARTED)) == [("abtest", {"model": "cancer"})]  # a read, not a start


def test_other_questions_after_a_test_keep_their_reading() -> None:
    assert steps("what's the challenger now?", thread(*_STARTED)) == [("status", {"model": "cancer"})]
    assert steps("compare wine", thread(*_READ)) == [("compare", {"model": "wine"})]


def test_a_test_stopped_then_started_in_one_request() -> None:
    assert steps("ok stop that one, then start the 30%", thread(*_REFUSED)) == [
        ("abtest", {"model": "wine", "mode": "stop"}), ("abtest", {"model": "wine", "mode": "30%"})]
    assert steps("stop the wine a/b and start it again at 25%") == [
        ("abtest", {"model": "wine", "mode": "stop"}), ("abtest", {"model": "wine", "mode": "25%"})]
    assert steps("stop the cancer test then start a 10% one") == [
        ("abtest", {"model": "cancer", "mode": "stop"}), ("abtest", {"model": "cancer", "mode": "10%"})]


def test_open_incidents_asked_after_a_check_or_an_incident() -> None:
    assert steps("anything else still open on that model?", thread(*_CHECKED)) == [("alerts", {"model": "cancer"})]
    assert steps("any more open for wine?", thread(*_INCIDENT)) == [("alerts", {"model": "wine"})]
    assert steps("any other open ones for this model?", thread(*_INCIDENT)) == [("alerts", {"model": "diabetes"})]


def test_the_incidents_a_monitors_listing_counted_are_listed() -> None:
    listed = thread(*_listed({"wine": 1, "diabetes": 3}))
    assert steps("show me those", listed) == [("alerts", {"model": "wine"}), ("alerts", {"model": "diabetes"})]
    assert steps("ok list them please", thread(*_listed({"diabetes": 2}))) == [("alerts", {"model": "diabetes"})]


def test_them_after_a_listing_with_nothing_open_is_no_alerts_listing() -> None:
    assert steps("list them", thread(*_listed({}))) == []
    assert steps("open incident 7", thread(*_listed({"wine": 1}))) == [("incident", {"incident": 7})]


def test_a_lock_freed_after_the_bot_said_which_model_it_holds() -> None:
    assert steps("fine, just release the lock then", thread(*_cancel_failed("wine"))) == [("unlock", {"model": "wine"})]
    assert steps("free the lock please", thread(*_cancel_failed("diabetes"))) == [("unlock", {"model": "diabetes"})]


def test_a_lock_told_with_the_job_that_holds_it_frees_it_and_runs_no_job() -> None:
    assert steps("diabetes got locked by the old train run, unlock it please") == [("unlock", {"model": "diabetes"})]
    assert steps("wine is locked by a stuck retrain job, release it") == [("unlock", {"model": "wine"})]
    assert steps("tune cancer and then release the lock") == [("tune", {"model": "cancer"}), ("unlock", {"model": "cancer"})]


def test_a_cue_word_spelt_by_ear() -> None:
    assert steps("rollbak wine") == [("rollback", {"model": "wine"})]
    assert steps("chek diabetes now") == [("run_check", {"model": "diabetes"})]
    assert steps("split wine traffic 50/50") == [("abtest", {"model": "wine", "mode": "50%"})]  # traffic is no train


def test_the_monitorings_are_the_monitors() -> None:
    assert steps("show all the monitorings") == [("monitors", {})]
    assert steps("list me the monitorings and their last results please") == [("monitors", {})]


def test_a_models_name_asked_is_the_model_list() -> None:
    assert steps("what do we call the binary model again?") == [("list_models", {})]
    assert steps("what's the name of the wine one") == [("list_models", {})]
    assert steps("what's the cancer model doing?") == [("status", {"model": "cancer"})]


def test_which_metric_a_model_is_judged_on_is_the_model_list() -> None:
    assert steps("what metric does each model use?") == [("list_models", {})]
    assert steps("which metric is wine scored on?") == [("list_models", {})]
    assert steps("what's wine's f1?") == [("evaluate", {"model": "wine"})]  # its value: an evaluation


def test_the_drop_it_takes_to_page_someone_is_the_severity_policy() -> None:
    assert steps("how large a drop in the metric pages the on-call?") == [("monitors", {})]
    assert steps("how big of a drop would it take to wake up the on-call") == [("monitors", {})]
    assert steps("did anyone get paged for wine?") == [("alerts", {"model": "wine"})]  # a page that happened


def test_a_lineage_rerun_in_words_reproduces() -> None:
    assert steps("rerun the lineage of cancer v3 and check it comes out the same") == [
        ("reproduce", {"model": "cancer", "version": "3"})]
