"""Readings of the r13 families in other words: whether a training job finished, a training and its window asked in
another language (and how a command is used), how people feel about the bot, an incident's number said after it, a
load of the online store before the next check, a model-only change done again on another model, who or when a
monitor was changed, and models picked by what their monitor does."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread
from tools.agent.understand import Memory


def test_whether_a_training_job_finished_is_its_status() -> None:
    assert steps("did the cancer training complete yet?") == [("status", {"model": "cancer"})]
    assert steps("did diabetes's tuning job wrap up?") == [("status", {"model": "diabetes"})]
    assert steps("did the retrain of wine finish ok?") == [("status", {"model": "wine"})]
    assert steps("did the job for cancer get done?") == [("status", {"model": "cancer"})]


def test_when_a_training_finished_or_whether_it_succeeded_stays_its_history() -> None:
    assert steps("when did the wine retrain finish?") == [("history", {"model": "wine"})]
    assert steps("did the training on cancer succeed?") == [("history", {"model": "cancer"})]
    assert steps("did we retrain diabetes yesterday?") == [("history", {"model": "diabetes"})]


def test_a_training_and_its_window_asked_in_another_language() -> None:
    assert steps("réentraîne wine sur les 30 derniers jours") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("trainiere diabetes mit den Daten der letzten 2 Wochen") == [
        ("train", {"model": "diabetes", "last": "14d"})]
    assert steps("treina o wine com os dados do mês passado") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("riaddestra cancer sugli ultimi 10 giorni") == [("train", {"model": "cancer", "last": "10d"})]
    assert steps("reentrena diabetes con los últimos 3 meses, gracias") == [
        ("train", {"model": "diabetes", "last": "90d"})]
    assert steps("reentrena diabetes por favor") == [("train", {"model": "diabetes"})]


def test_a_question_in_another_language_stays_a_question_and_a_count_stays_a_count() -> None:
    assert steps("¿entrenamos wine?") == [], "a question asks back, it trains nothing"
    assert steps("historial de wine, solo los últimos 5") == [("history", {"model": "wine", "limit": 5})]


def test_how_a_command_is_used_asked_in_another_language_is_its_help() -> None:
    assert steps("¿cómo funciona el rollback?") == [("help", {"topic": "rollback"})]
    assert steps("comment utiliser tune ?") == [("help", {"topic": "tune"})]
    assert steps("wie benutze ich drift?") == [("help", {"topic": "drift"})]
    assert steps("come si usa abtest?") == [("help", {"topic": "abtest"})]


def test_how_people_feel_about_the_bot_is_its_feedback() -> None:
    assert steps("do folks actually like the bot?") == [("feedback", {})]
    assert steps("how satisfied is the team with the assistant") == [("feedback", {})]
    assert steps("is everyone fed up with the agent yet?") == [("feedback", {})]
    assert steps("do users like the bot's answers? last 2 weeks") == [("feedback", {"days": 14})]


def test_how_people_feel_about_a_model_or_its_alerts_is_no_feedback() -> None:
    assert "feedback" not in [t for t, _ in steps("are people happy with the new wine model?")]
    assert "feedback" not in [t for t, _ in steps("are you happy with v3 of cancer?")]
    assert steps("do people like the cancer alerts?") == [("alerts", {"model": "cancer"})]
    assert steps("thanks bot, deploy wine 3") == [("deploy", {"model": "wine", "version": "3"})]


def test_an_incidents_number_said_a_few_words_after_it() -> None:
    assert steps("show me the wine alert, number 12") == [("incident", {"incident": 12})]
    assert steps("the cancer incident — no. 7, what happened?") == [("incident", {"incident": 7})]
    assert steps("what happened with the page from diabetes, number 19") == [("incident", {"incident": 19})]
    assert steps("the wine alert, number 12, was noise") == [("rate_alert", {"incident": 12, "verdict": "noise"})]


def test_a_number_after_other_words_is_no_incident() -> None:
    assert steps("deploy wine number 3") == [("deploy", {"model": "wine", "version": "3"})]
    assert steps("any alerts for wine since version number 3?") == [("alerts", {"model": "wine"})]


def test_a_load_before_the_next_check_is_done_once_now() -> None:
    monitor = Memory(model="diabetes", last=("monitor", {"model": "diabetes"}))
    assert steps("materialize it right away, ahead of the upcoming check", monitor) == [
        ("materialize", {"model": "diabetes"})]
    assert steps("push the features to the online store now, before the next run", monitor) == [
        ("materialize", {"model": "diabetes"})]
    assert steps("materialize wine before the next check") == [("materialize", {"model": "wine"})]
    assert steps("materialize cancer right away, ahead of the upcoming run") == [("materialize", {"model": "cancer"})]


def test_the_next_check_said_as_a_time_is_no_check_of_its_own() -> None:
    assert steps("retrain wine, before the next check runs") == [("train", {"model": "wine"})]
    assert steps("snooze wine 2h, before the next check fires") == [("snooze", {"model": "wine", "duration": "2h"})]
    assert steps("validate cancer data, before the next check") == [("validate_data", {"model": "cancer"})]


def test_materializing_before_each_check_stays_the_monitors_policy() -> None:
    assert steps("have the wine monitor materialize the online store before every check") == [
        ("monitor", {"model": "wine", "materialize": True})]
    assert steps("materialize the online store ahead of each run of diabetes's monitor") == [
        ("monitor", {"model": "diabetes", "materialize": True})]


def test_a_model_only_change_done_again_on_another_model() -> None:
    failed = thread({"role": "user", "content": "materialize wine"},
                    {"role": "tool", "tool": "materialize", "args": {"model": "wine"}, "status": "failed",
                     "result": {"error": "Model wine does not read its features from Feast."}},
                    {"role": "assistant", "content": "wine does not read its features from Feast."})
    assert steps("fine, try diabetes then", failed) == [("materialize", {"model": "diabetes"})]
    assert steps("same thing for cancer please", failed) == [("materialize", {"model": "cancer"})]
    unlocked = Memory(model="cancer", last=("unlock", {"model": "cancer"}))
    assert steps("now wine too", unlocked) == [("unlock", {"model": "wine"})]


def test_a_change_with_a_version_is_not_done_again_on_another_model() -> None:
    deployed = Memory(model="cancer", last=("deploy", {"model": "cancer", "version": "3"}))
    assert steps("now the same on wine please", deployed) == [], "a version names its own model: which one is asked"
    loaded = Memory(model="cancer", last=("materialize", {"model": "cancer"}))
    assert steps("what about wine then?", loaded) == [], "a question repeats no change"


def test_who_or_when_a_monitor_was_changed_is_the_monitors_own_record() -> None:
    assert steps("who turned off the wine monitor?") == [("monitor", {"model": "wine"})]
    assert steps("when was the diabetes monitor paused?") == [("monitor", {"model": "diabetes"})]
    assert steps("who edited cancer's monitor settings last week?") == [("monitor", {"model": "cancer"})]
    assert steps("who switched wine monitoring off?") == [("monitor", {"model": "wine"})]
    assert steps("who messed with the cancer monitor") == [("monitor", {"model": "cancer"})]


def test_a_change_the_monitor_made_stays_the_models_history() -> None:
    assert steps("who retrained wine, the monitor or a person?") == [("history", {"model": "wine"})]
    assert steps("when did the monitor last deploy cancer?") == [("history", {"model": "cancer"})]
    assert steps("which monitors got paused, and by whom?") == [("monitors", {"all": True})]


def test_models_picked_by_what_their_monitor_does_are_the_monitors_listing() -> None:
    assert steps("which models auto-deploy?") == [("monitors", {})]
    assert steps("what models are configured to retrain on new data?") == [("monitors", {})]
    assert steps("do any models auto deploy?") == [("monitors", {})]
    assert steps("which models are checked every hour?") == [("monitors", {})]
    assert steps("which models post alerts to #ml-alerts?") == [("monitors", {})]


def test_models_asked_about_otherwise_stay_the_list_of_models() -> None:
    assert steps("which models exist?") == [("list_models", {})]
    assert steps("which models are in production?") == [("list_models", {})]
    assert steps("list models and monitor wine every hour") == [
        ("list_models", {}), ("monitor", {"model": "wine", "every": "1h"})]
