"""Questions and records said in other words (incidents by number, alerts, status, history, drift, skew), each
reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, steps
from tools.agent.understand import Memory


def test_an_incident_named_by_its_number_in_words_or_by_a_hash_after_a_page_or_postmortem_is_shown() -> None:
    assert steps("What's the story with incident number eleven?") == [("incident", {"incident": 11})]
    assert steps("incident number three: what happened?") == [("incident", {"incident": 3})]
    assert steps("what's the deal with alert number seven?") == [("incident", {"incident": 7})]
    assert steps("incident twelve was noise") == [("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("any incidents for wine since deploy #5?") == [("alerts", {"model": "wine"})], "#5 is a version"
    assert steps("can u pull up the postmortem of the page we got, #14") == [("incident", {"incident": 14})]
    assert steps("postmortem for the alarm we had last night, #21") == [("incident", {"incident": 21})]


def test_another_incident_number_after_an_incident_view_shows_that_one() -> None:
    memory = Memory(last=("incident", {"incident": 8}), incident=8, model="wine")
    assert steps("and 9?", memory) == [("incident", {"incident": 9})]
    assert steps("what about #12?", memory) == [("incident", {"incident": 12})]


def test_a_question_pointing_back_at_the_incident_just_asked_for_is_part_of_its_view() -> None:
    assert steps("Which versions were involved in incident 6, and was anything deployed to fix it?") == [
        ("incident", {"incident": 6})]
    assert steps("which model fired incident 6 and who fixed it?") == [("incident", {"incident": 6})]
    assert steps("show incident 6, then history for wine") == [("incident", {"incident": 6}),
                                                               ("history", {"model": "wine"})]


def test_a_verdict_beside_a_bare_number_or_misspelt_rates_that_incident_and_a_rating_without_one_asks() -> None:
    assert steps("false alarm on 44") == [("rate_alert", {"incident": 44, "verdict": "noise"})]
    assert steps("that was a false alarm on 31") == [("rate_alert", {"incident": 31, "verdict": "noise"})]
    assert steps("incident 9 = usefull") == [("rate_alert", {"incident": 9, "verdict": "useful"})]
    assert steps("alert 12 was helpfull") == [("rate_alert", {"incident": 12, "verdict": "useful"})]
    assert steps("rate incident 5") == [], "which verdict is asked, the incident is not only shown"
    assert steps("rate page 4") == []
    assert steps("rate incident 5 as noise") == [("rate_alert", {"incident": 5, "verdict": "noise"})]


def test_cancelling_or_withdrawing_an_approval_in_words_plans_nothing() -> None:
    assert steps("cancel approval 0123456789abcdef") == []
    assert steps("withdraw approval 3f9a1c2b4d5e6f70") == []
    assert steps("cancel j3f9a1c") == [("cancel", {"job": "j3f9a1c"})]
    assert steps("status of approval 3f9a1c2b4d5e6f70") == [("approval", {"approval_id": "3f9a1c2b4d5e6f70"})]


def test_what_is_still_open_ever_fired_or_complained_about_is_the_alerts() -> None:
    assert steps("what is the monitoring complaining about today") == [("alerts", {})]
    assert steps("what are the alerts yelling about?") == [("alerts", {})]
    assert steps("what's unresolved on cancer?") == [("alerts", {"model": "cancer"})]
    assert steps("is there anything still open on wine?") == [("alerts", {"model": "wine"})]
    assert steps("anything open for diabetes that I should know about before I hit approve on the deploy?") == [
        ("alerts", {"model": "diabetes"})]
    assert steps("show everything that ever fired on diabetes, old stuff too") == [
        ("alerts", {"model": "diabetes", "all": True})]
    assert steps("list every alert that has ever fired on wine") == [("alerts", {"model": "wine", "all": True})]
    assert steps("approve the deploy") == [], "approving in words is still refused"


def test_a_change_waiting_for_someone_to_approve_is_the_models_status() -> None:
    assert steps("has anyone queued a rollback on diabetes that is still waiting for someone to approve?") == [
        ("status", {"model": "diabetes"})]


def test_what_is_still_open_on_it_after_a_change_is_that_models_alerts() -> None:
    memory = Memory(model="cancer", last=("snooze", {"model": "cancer", "duration": "2h"}))
    assert steps("what's still open on it?", memory) == [("alerts", {"model": "cancer"})]
    assert steps("any alerts for it?", memory) == [("alerts", {"model": "cancer"})]


def test_a_jobs_progress_a_training_going_on_a_versions_role_or_its_training_window_is_the_status() -> None:
    assert steps("training job progress on cancer?") == [("status", {"model": "cancer"})]
    assert steps("progress of the cancer training?") == [("status", {"model": "cancer"})]
    assert steps("quick one: is diabetes v4 the production version?") == [("status", {"model": "diabetes"})]
    assert steps("is wine v7 the live one?") == [("status", {"model": "wine"})]
    assert steps("which window was the current wine challenger trained on, and on how many rows?") == [
        ("status", {"model": "wine"})]
    assert steps("what period was the diabetes challenger trained on?") == [("status", {"model": "diabetes"})]
    assert steps("is wine being retrained?") == [("status", {"model": "wine"})]
    every = [("status", {"model": m}) for m in MODELS]
    assert steps("is anything being retrained right now? check all three models") == every
    assert steps("is anything being tuned at the moment? check all three models") == every


def test_whether_a_change_was_made_or_went_through_and_how_production_changed_is_the_history() -> None:
    assert steps("did the rollback of wine go through yesterday?") == [("history", {"model": "wine"})]
    assert steps("did the deploy of cancer v5 go through?") == [("history", {"model": "cancer"})]
    assert steps("wait, did we already deploy something on wine today?? 😬") == [("history", {"model": "wine"})]
    assert steps("did someone already roll back diabetes this week?") == [("history", {"model": "diabetes"})]
    assert steps("I'd like a picture of how production of the multiclass model changed over time") == [
        ("history", {"model": "wine", "timeline": True})]
    assert steps("show me a chart of how wine's production version evolved") == [
        ("history", {"model": "wine", "timeline": True})]
    assert steps("historial de cancer por favor, solo los últimos 10") == [("history", {"model": "cancer", "limit": 10})]
    assert steps("historique de wine, les derniers 5") == [("history", {"model": "wine", "limit": 5})]
    assert steps("history of wine over the last 30 days") == [("history", {"model": "wine"})]
    assert steps("show incident 4, did anyone roll back?") == [("incident", {"incident": 4})]


def test_live_data_held_against_what_the_model_was_trained_on_is_a_drift_check_and_how_come_is_why() -> None:
    assert steps("is the data feeding cancer still the same as what it was trained on?") == [
        ("check_drift", {"model": "cancer"})]
    assert steps("how different is the live data for wine vs what prod was trained on?") == [
        ("check_drift", {"model": "wine"})]
    assert steps("do the wine inputs still look like what it was trained on?") == [("check_drift", {"model": "wine"})]
    assert steps("how come cancer is drifting?") == [("why", {"model": "cancer"})]
    assert steps("how come wine's f1 dropped?") == [("why", {"model": "wine"})]


def test_where_a_version_lands_relative_to_prod_is_a_compare_and_upgrading_prod_to_a_version_deploys_it() -> None:
    assert steps("where does diabetes v6 land relative to prod since the start of the year?") == [
        ("compare", {"model": "diabetes", "since": "2026-01-01", "b": "6"})]
    assert steps("how does wine v3 measure up against production?") == [("compare", {"model": "wine", "b": "3"})]
    assert steps("upgrade prod on wine to v4") == [("deploy", {"model": "wine", "version": "4"})]
    assert steps("upgrade production on cancer to version 6") == [("deploy", {"model": "cancer", "version": "6"})]
    assert steps("upgrade the wine monitor to hourly") == [("monitor", {"model": "wine", "every": "1h"})]


def test_served_against_offline_features_is_feature_skew_with_its_window_in_hours() -> None:
    assert steps("any mismatch between served and offline features on the regression model today?") == [
        ("feature_skew", {"model": "diabetes", "since": "2026-12-05"})]
    assert steps("any gap between online and offline features for cancer?") == [("feature_skew", {"model": "cancer"})]
    assert steps("is the feast online store in sync with offline for wine?") == [("feature_skew", {"model": "wine"})]
    assert steps("hey can u look at skew on diabetes between 48 and 24 hours ago") == [
        ("feature_skew", {"model": "diabetes", "since": "48h", "until": "24h"})]
    assert steps("online vs offline feature values for wine between 12 and 6 hours ago") == [
        ("feature_skew", {"model": "wine", "since": "12h", "until": "6h"})]
    assert steps("evaluate wine between 60 and 30 days ago") == [("evaluate", {"model": "wine", "since": "60d",
                                                                               "until": "30d"})]


def test_which_monitors_have_a_policy_on_is_the_overview_and_what_a_stopped_test_concluded_is_shown() -> None:
    assert steps("which models have retrain-on-drift or auto deploy switched on? overview of all the monitors pls") == [
        ("monitors", {})]
    assert steps("which monitors have auto deploy enabled?") == [("monitors", {})]
    assert steps("what did the a/b test we stopped last week on cancer conclude?") == [("abtest", {"model": "cancer"})]
    assert steps("what did the shadow test on wine conclude?") == [("abtest", {"model": "wine"})]
    assert steps("stop the a/b test on cancer") == [("abtest", {"model": "cancer", "mode": "stop"})]
    assert steps("start a shadow test on wine") == [("abtest", {"model": "wine", "mode": "shadow"})]
