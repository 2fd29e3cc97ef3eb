"""Single readings of the offline interpreter, each asserted exactly (the phrasing and eval suites score rates)."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.understand import Memory, read


def test_a_check_with_a_schedule_sets_the_monitors_schedule_and_a_check_now_runs_one() -> None:
    assert steps("check diabetes every 30 minutes from now on") == [("monitor", {"model": "diabetes", "every": "30m"})]
    assert steps("check wine every 2h") == [("monitor", {"model": "wine", "every": "2h"})]
    assert steps("check cancer now") == [("run_check", {"model": "cancer"})]
    assert steps("do you check cancer every hour?")[0][0] != "monitor", "a question about a schedule changes nothing"


def test_same_for_two_models_repeats_the_threads_last_call_for_each() -> None:
    memory = Memory(model="cancer", last=("train", {"model": "cancer", "last": "14d"}))
    assert steps("do the same for wine and diabetes", memory) == [("train", {"model": "wine", "last": "14d"}),
                                                                  ("train", {"model": "diabetes", "last": "14d"})]
    assert steps("and for wine?", memory) == [("train", {"model": "wine", "last": "14d"})]


def test_ordinary_words_next_to_a_cue_word_are_not_typos_of_it() -> None:
    """"skip" is not "ship", "draft" not "drift", "restart" not "restore": a word people type on purpose stays."""
    assert steps("deploy cancer 3 and skip the checks") == [], "skipping the checks is refused, not a deploy"
    assert steps("draft a plan for wine") == []
    assert steps("restart the wine monitor") == [("monitor", {"model": "wine", "state": "on"})]
    assert steps("compute the drift of wine") == [("check_drift", {"model": "wine"})]


def test_a_metric_that_drops_is_a_question_and_dropping_a_model_is_refused() -> None:
    assert steps("what caused wine's drop?") == [("why", {"model": "wine"})]
    assert steps("why did the cancer metric drop") == [("why", {"model": "cancer"})]
    assert steps("drop the wine model") == []
    assert steps("please drop v2 of cancer") == []


def test_a_monitors_live_window_cooldown_row_count_and_auto_deploy_are_written_as_said() -> None:
    assert steps("watch wine with a 5 day window") == [("monitor", {"model": "wine", "window": "5d"})]
    assert steps("monitor cancer, window of 48 hours, cooldown 2h") == [
        ("monitor", {"model": "cancer", "window": "48h", "cooldown": "2h"})]
    assert steps("give the diabetes monitor a 3 hour cooldown") == [("monitor", {"model": "diabetes", "cooldown": "3h"})]
    assert steps("wine monitor: retrain on new data once 2000 new rows arrive") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 2000})]
    assert steps("switch wine's monitor to auto-deploy off") == [("monitor", {"model": "wine", "auto_deploy": False})]
    assert steps("turn off auto deploy on the wine monitor") == [("monitor", {"model": "wine", "auto_deploy": False})]
    assert steps("monitor diabetes hourly and post alerts to #ops") == [
        ("monitor", {"model": "diabetes", "every": "1h", "channel": "#ops"})]
    assert steps("check drift on wine with a 3d window") == [("check_drift", {"model": "wine", "last": "3d"})]


def test_history_takes_its_length_its_timeline_and_an_iso_instant_where_said() -> None:
    assert steps("give me the 5 latest audit entries for cancer") == [("history", {"model": "cancer", "limit": 5})]
    assert steps("plot diabetes's production history over time") == [("history", {"model": "diabetes", "timeline": True})]
    assert steps("which wine version was live at 2026-11-20T18:30Z?") == [
        ("history", {"model": "wine", "at": "2026-11-20T18:30:00Z"})]
    assert steps("show the last 3 deploys of cancer") == [("history", {"model": "cancer", "limit": 3})]


def test_a_help_topic_is_the_command_a_generic_verb_governs() -> None:
    assert steps("how can I check whether the data has drifted?") == [("help", {"topic": "drift"})]
    assert steps("how do I set up a split test?") == [("help", {"topic": "abtest"})]
    assert steps("how do I run a check?") == [("help", {"topic": "check"})]
    assert steps("how do I deploy") == [("help", {"topic": "deploy"})]


def test_snoozing_everything_snoozes_all_and_a_side_remark_is_no_request() -> None:
    assert steps("mute every alert until tomorrow") == [("snooze", {"model": "all"})]
    assert steps("snooze everything for 2 hours") == [("snooze", {"model": "all", "duration": "2h"})]
    assert steps("mute diabetes for 1h, we are running a load test") == [
        ("snooze", {"model": "diabetes", "duration": "1h"})]
    assert steps("snooze cancer for 4h because I'm doing an upgrade") == [
        ("snooze", {"model": "cancer", "duration": "4h"})]


def test_an_incident_written_as_a_bare_number_sign_is_that_incident() -> None:
    assert steps("what went wrong in #23") == [("incident", {"incident": 23})]
    assert steps("postmortem for #4 please") == [("incident", {"incident": 4})]
    assert steps("deploy wine #4") == [("deploy", {"model": "wine", "version": "4"})]


def test_a_hedged_command_with_a_question_mark_is_still_the_command() -> None:
    assert steps("perhaps refit diabetes?") == [("train", {"model": "diabetes"})]
    assert steps("maybe roll wine back?") == [("rollback", {"model": "wine"})]
    assert steps("should we retrain wine?") == [], "a question about a change is asked back, never guessed"


def test_its_after_a_train_or_tune_in_the_thread_is_the_version_it_made() -> None:
    memory = Memory(model="wine", trained=9, version=9, last=("tune", {"model": "wine"}))
    assert steps("show me its card", memory) == [("card", {"model": "wine", "version": "9"})]
    assert steps("how does its f1 look?", memory) == [("evaluate", {"model": "wine", "version": "9"})]
    assert steps("card for wine", Memory(model="wine")) == [("card", {"model": "wine"})]


def test_a_budget_or_a_snooze_said_as_a_fraction_of_an_hour_or_with_max_after_it() -> None:
    assert steps("tune wine with 30 trials, an hour and a half max") == [
        ("tune", {"model": "wine", "trials": 30, "budget": "90m"})]
    assert steps("optimise diabetes hyperparameters, 45 minutes tops") == [
        ("tune", {"model": "diabetes", "budget": "45m"})]
    assert steps("mute cancer for half an hour") == [("snooze", {"model": "cancer", "duration": "30m"})]


def test_a_named_month_after_a_version_number_is_still_the_months_window() -> None:
    assert steps("evaluate wine v3 on october data") == [
        ("evaluate", {"model": "wine", "version": "3", "since": "2026-10-01", "until": "2026-11-01"})]
    assert steps("drift for cancer since the 3rd of november") == [("check_drift", {"model": "cancer", "since": "2026-11-03"})]


def test_a_deploy_waits_for_any_wording_of_winning() -> None:
    assert steps("compare cancer v5 with prod and promote v5 if it ends up on top") == [
        ("compare", {"model": "cancer", "b": "5"}), ("deploy", {"model": "cancer", "version": "5"})]
    assert [s.when for s in read("compare cancer v5 with prod and promote v5 if it ends up on top", MODELS,
                                 today=TODAY).steps] == [None, "if_better"]


def test_a_quoted_reason_is_a_marked_reason() -> None:
    assert steps('unlock wine with reason "stale job from friday"') == [
        ("unlock", {"model": "wine", "reason": "stale job from friday"})]
    assert steps("unlock wine, no reason given") == [("unlock", {"model": "wine"})]


def test_that_alert_after_a_thread_that_showed_one_incident_is_that_incident() -> None:
    memory = Memory(model="cancer", incident=31, last=("alerts", {"model": "cancer"}))
    assert steps("open that incident", memory) == [("incident", {"incident": 31})]
    assert steps("any alerts for diabetes?", memory) == [("alerts", {"model": "diabetes"})]


def test_an_amount_of_data_is_a_window_over_the_most_recent_span() -> None:
    assert steps("trian cancer on a quarter's worth of data") == [("train", {"model": "cancer", "last": "90d"})]
    assert steps("retrain wine on six months of data") == [("train", {"model": "wine", "last": "180d"})]
    assert steps("train diabetes with 2 weeks' worth of rows") == [("train", {"model": "diabetes", "last": "14d"})]
    assert steps("evaluate cancer on a year's worth of data") == [("evaluate", {"model": "cancer", "last": "365d"})]
    assert steps("check wine drift over 48 hours") == [("check_drift", {"model": "wine", "last": "48h"})]
    assert steps("is wine drifting across a fortnight?") == [("check_drift", {"model": "wine", "last": "14d"})]
    assert steps("compare cancer using 30 days of recent traffic") == [("compare", {"model": "cancer", "last": "30d"})]
    assert steps("snooze wine for 2 days") == [("snooze", {"model": "wine", "duration": "2d"})], "a snooze's length"


def test_an_online_or_live_experiment_is_the_ab_test() -> None:
    assert steps("how's the online experiment for cancer looking?") == [("abtest", {"model": "cancer"})]
    assert steps("any results from the live experiment on wine?") == [("abtest", {"model": "wine"})]
    assert steps("start an online experiment for wine at 20%") == [("abtest", {"model": "wine", "mode": "20%"})]
    assert steps("show the mlflow experiment for wine")[:1] != [("abtest", {"model": "wine"})]


def test_a_setting_said_at_its_default_is_left_out_but_a_window_is_always_written() -> None:
    assert steps("tune diabetes, 20 trials") == [("tune", {"model": "diabetes"})]
    assert steps("tune wine with twenty trials and a 10m budget") == [("tune", {"model": "wine", "budget": "10m"})]
    assert steps("tune cancer, 40 trials") == [("tune", {"model": "cancer", "trials": 40})]
    assert steps("snooze wine for 24 hours") == [("snooze", {"model": "wine"})]
    assert steps("is wine drifting over the last 7 days?") == [("check_drift", {"model": "wine", "last": "7d"})]


def test_a_thanks_or_an_acknowledgement_alone_is_no_request_even_with_a_thumbs_up() -> None:
    for remark in ("cheers 👍", "cheers!", "nice one 👍", "got it, thanks", "noted 🙏", "much appreciated", "👍",
                   "lovely, cheers", "roger that"):
        assert steps(remark) == [], remark
    assert steps("cheers, now compare wine") == [("compare", {"model": "wine"})]
    assert steps("thumbs up on the bot's answers, how are they rated?") == [("feedback", {})]


def test_the_new_model_named_around_its_model_is_the_challenger() -> None:
    assert steps("Deploy the new wine model") == [("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("evaluate the new cancer model") == [("evaluate", {"model": "cancer", "version": "challenger"})]
    assert steps("how does the newer diabetes version score?") == [
        ("evaluate", {"model": "diabetes", "version": "challenger"})]
    assert steps("compare the new wine model with prod") == [("compare", {"model": "wine"})]
    assert steps("promote wine's new model") == [("deploy", {"model": "wine", "version": "challenger"})]
    assert steps("train a new wine model") == [("train", {"model": "wine"})]


def test_the_status_of_every_model_is_one_status_per_model_and_a_listing_stays_one_list() -> None:
    each = [("status", {"model": m}) for m in MODELS]
    assert steps("status of all three models") == each
    assert steps("what's the status of every model?") == each
    assert steps("how are all the models doing?") == each
    assert steps("status for each model") == each
    assert steps("overview of every model pls") == [("list_models", {})]
    assert steps("show me every model and what's in production") == [("list_models", {})]


def test_better_hyperparameters_are_a_tune_not_a_comparison() -> None:
    assert steps("find better hyperparameters for the regression model") == [("tune", {"model": "diabetes"})]
    assert steps("look for better params for wine") == [("tune", {"model": "wine"})]
    assert steps("get cancer some better hyper-parameters, 50 trials") == [("tune", {"model": "cancer", "trials": 50})]
    assert steps("is v3 better than prod for cancer?") == [("compare", {"model": "cancer", "b": "3"})]


def test_what_a_person_says_is_going_on_before_a_command_is_no_request_of_its_own() -> None:
    assert steps("diabetes says it's busy but nothing is running. free its lock") == [("unlock", {"model": "diabetes"})]
    assert steps("wine looks stuck, nothing is training. clear the lock") == [("unlock", {"model": "wine"})]
    assert steps("the wine training is still running, cancel j3f9a1c") == [("cancel", {"job": "j3f9a1c"})]
    assert steps("cancer is drifting a lot, retrain it on the last 30 days") == [
        ("train", {"model": "cancer", "last": "30d"})]
    assert steps("show wine's status and retrain it") == [("status", {"model": "wine"}), ("train", {"model": "wine"})]
    assert steps("is wine drifting? and retrain it if so")[:1] == [("check_drift", {"model": "wine"})]
    assert steps("nothing is training for wine") == [], "a statement with a change word asks for no change"
    assert steps("wine looks stuck, nothing is training") == []
    assert steps("wine is stuck locked, release it") == [("unlock", {"model": "wine"})]
    assert steps("retrain cancer and deploy it if it is better") == [
        ("train", {"model": "cancer"}), ("compare", {"model": "cancer"}),
        ("deploy", {"model": "cancer", "version": "challenger"})]


def test_could_we_get_something_done_is_a_polite_request_for_it() -> None:
    assert steps("could we get a new version of the diabetes progression model trained on the last 12 hours?") == [
        ("train", {"model": "diabetes", "last": "12h"})]
    assert steps("can we get wine retrained on the last 30 days?") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("could I have cancer v5 deployed please?") == [("deploy", {"model": "cancer", "version": "5"})]
    assert steps("could we get the cancer alerts muted for 2 hours?") == [
        ("snooze", {"model": "cancer", "duration": "2h"})]
    assert steps("should we retrain wine?") == []
    assert steps("can we get the drift report for wine?") == [("check_drift", {"model": "wine"})]
    assert steps("could we get the date wine was last deployed?")[0][0] == "history"
    assert steps("cancer is v3 in prod; compare it with v5") == [("compare", {"model": "cancer", "b": "5"})]
    assert steps("my boss says deploy wine v3") == [("deploy", {"model": "wine", "version": "3"})]
    assert steps("the team said to retrain wine") == [("train", {"model": "wine"})]


def test_history_asked_with_the_kinds_of_event_it_holds_or_as_the_one_a_past_change_made() -> None:
    assert steps("give me the last 10 history entries for diabetes (trains, deploys, rollbacks)") == [
        ("history", {"model": "diabetes", "limit": 10})]
    assert steps("wine history, deployments and rollbacks") == [("history", {"model": "wine"})]
    assert steps("is v6 the one we deployed last week for wine? can't remember") == [("history", {"model": "wine"})]
    assert steps("was cancer 4 the version someone rolled back to?") == [("history", {"model": "cancer"})]


def test_a_score_recorded_at_training_is_a_status_question() -> None:
    assert steps("which version is the challenger for diabetes, and what was its rmse when it was trained?") == [
        ("status", {"model": "diabetes"})]
    assert steps("what rmse did diabetes score when it was trained?") == [("status", {"model": "diabetes"})]
    assert steps("the challenger of cancer: what was its roc_auc when it was trained?") == [("status", {"model": "cancer"})]


def test_windows_said_by_holiday_day_of_month_iso_range_abbreviation_or_as_a_window() -> None:
    assert steps("whats the live f1 for wine since black friday") == [
        ("evaluate", {"model": "wine", "live": True, "since": "2026-11-27"})]
    assert steps("has cancer drifted since Cyber Monday?") == [("check_drift", {"model": "cancer", "since": "2026-11-30"})]
    assert steps("validate wine's batch since thanksgiving") == [("validate_data", {"model": "wine", "since": "2026-11-26"})]
    assert steps("did diabetes drift since the 2nd?") == [("check_drift", {"model": "diabetes", "since": "2026-12-02"})]
    assert steps("check if winw drifted since the 20th") == [("check_drift", {"model": "wine", "since": "2026-11-20"})]
    assert steps("evaluate cancer v7 on the 2026-10-01 to 2026-11-01 slice") == [
        ("evaluate", {"model": "cancer", "version": "7", "since": "2026-10-01", "until": "2026-11-01"})]
    assert steps("validate diabetes 2026-11-01..2026-11-30") == [
        ("validate_data", {"model": "diabetes", "since": "2026-11-01", "until": "2026-11-30"})]
    assert steps("root cause wine 2026-11-20 → 2026-12-01") == [
        ("why", {"model": "wine", "since": "2026-11-20", "until": "2026-12-01"})]
    assert steps("evaluate wine production for the year to date") == [("evaluate", {"model": "wine", "since": "2026-01-01"})]
    assert steps("drift on cancer ytd") == [("check_drift", {"model": "cancer", "since": "2026-01-01"})]
    assert steps("drfit check diabtes past 2 wks") == [("check_drift", {"model": "diabetes", "last": "14d"})]
    assert steps("any input drift on wine in the last 12 hrs??") == [("check_drift", {"model": "wine", "last": "12h"})]
    assert steps("validate cancer, last 2 yrs") == [("validate_data", {"model": "cancer", "last": "730d"})]
    assert steps("why is cancer degrading, use a 48 hour window") == [("why", {"model": "cancer", "last": "48h"})]
    assert steps("check drift on wine with a 10-day window") == [("check_drift", {"model": "wine", "last": "10d"})]
    assert steps("compare wine versions 12 and 10 over half a year") == [
        ("compare", {"model": "wine", "a": "10", "b": "12", "last": "180d"})]
    assert steps("train diabetes on the past half year") == [("train", {"model": "diabetes", "last": "180d"})]


def test_a_drift_check_and_its_cause_share_the_window_said_once() -> None:
    assert steps("drift on wine over the last 14d and tell me why") == [
        ("check_drift", {"model": "wine", "last": "14d"}), ("why", {"model": "wine", "last": "14d"})]
    assert steps("drift + why for diabetes since dec 1") == [
        ("check_drift", {"model": "diabetes", "since": "2026-12-01"}), ("why", {"model": "diabetes", "since": "2026-12-01"})]
    assert steps("is cancer drifting this week, and what's causing it?") == [
        ("check_drift", {"model": "cancer", "since": "2026-11-30"}), ("why", {"model": "cancer", "since": "2026-11-30"})]
