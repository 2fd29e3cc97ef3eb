"""Readings of the r14 snooze and unlock families in other words: a rating marked after a change ("…and flag #9 as a
false alarm") is a step of its own; "for a fortnight" is 14d; "all alerts 30 min" is a snooze's length, no incident;
"deploy window" / "release freeze in progress" beside a snooze say when, and ship nothing; a reason said in brackets
ends at them; a lock released as people say it ("free up wine's lock", "force-release the model lock", "the lock of
wine was never released, clear it"); an alert the bot posted in the thread names its model and incident ("shhh 1h",
"mute it for a fortnight" under it). Questions about locks and snoozes stay questions."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import messages_from_dict

from tests.tools.agent.readings import MODELS, TODAY, steps, thread
from tools.agent.evaluation import history
from tools.agent.offline import alerts_posted, recall
from tools.agent.run import _usable
from tools.agent.understand import read


def test_a_rating_marked_after_a_change_is_a_step_of_its_own() -> None:
    assert steps("mute cancer for 3h and flag incident 9 as a false alarm") == [
        ("snooze", {"model": "cancer", "duration": "3h"}), ("rate_alert", {"incident": 9, "verdict": "noise"})]
    assert steps("roll back wine, then mark #31 as useful") == [
        ("rollback", {"model": "wine"}), ("rate_alert", {"incident": 31, "verdict": "useful"})]
    assert steps("silence diabetes 2h. label alert 5 as noise please") == [
        ("snooze", {"model": "diabetes", "duration": "2h"}), ("rate_alert", {"incident": 5, "verdict": "noise"})]
    assert steps("mark incident 22 as noise and snooze diabetes for 12 hours") == [
        ("rate_alert", {"incident": 22, "verdict": "noise"}), ("snooze", {"model": "diabetes", "duration": "12h"})]


def test_a_mark_that_is_no_rating_rates_nothing() -> None:
    for text in ("mark wine as deprecated", "tag v3 as production", "snooze wine and mark it as done"):
        assert all(tool != "rate_alert" for tool, _ in steps(text)), text


def test_a_fortnight_is_fourteen_days() -> None:
    assert steps("mute wine for a fortnight") == [("snooze", {"model": "wine", "duration": "14d"})]
    assert steps("keep the cancer alerts silent for the next fortnight") == [
        ("snooze", {"model": "cancer", "duration": "14d"})]
    assert steps("silence diabetes for two weeks") == [("snooze", {"model": "diabetes", "duration": "14d"})]
    assert steps("how did wine do over the last fortnight?") == [("evaluate", {"model": "wine", "last": "14d"})]


def test_every_alert_muted_for_minutes_beside_a_deploy_window() -> None:
    for text in ("mute all alerts 30 min, deploy window", "silence all alerts 30 minutes, release freeze in progress",
                 "mute every alert for 30m, there's a rollout underway"):
        assert steps(text) == [("snooze", {"model": "all", "duration": "30m"})], text
    assert steps("snooze wine 1h, deploy in progress") == [("snooze", {"model": "wine", "duration": "1h"})]
    assert steps("incident 30") == [("incident", {"incident": 30})]
    assert steps("alert 12 was noise") == [("rate_alert", {"incident": 12, "verdict": "noise"})]
    assert steps("deploy wine 3") == [("deploy", {"model": "wine", "version": "3"})]


def test_a_reason_said_in_brackets_ends_at_them() -> None:
    assert steps("unlock wine [reason: job crashed] please") == [("unlock", {"model": "wine", "reason": "job crashed"})]
    assert steps("free the cancer lock (reason: pod OOM-killed)") == [
        ("unlock", {"model": "cancer", "reason": "pod OOM-killed"})]
    assert steps('deploy wine 3 force=true reason="the demo (monday) needs it"') == [
        ("deploy", {"model": "wine", "version": "3", "force": True, "reason": "the demo (monday) needs it"})]


def test_a_lock_released_as_people_say_it() -> None:
    for text in ("free up wine's lock", "release wine's lock now", "force-release the wine model lock",
                 "lift the lock on wine", "get rid of the stale lock on wine", "clear out the job lock on wine",
                 "the lock of wine was never released. clear it please", "wine's lock hasn't been released, can you free "
                 "it?", "the lock on wine still isn't cleared, free it up"):
        assert steps(text) == [("unlock", {"model": "wine"})], text


def test_a_lock_released_after_a_hung_job_in_a_thread() -> None:
    shown = thread({"role": "user", "content": "status cancer"},
                   {"role": "tool", "tool": "status", "args": {"model": "cancer"}, "status": "done",
                    "result": {"production": 2, "challenger": 3, "jobs": [{"job": "j1a2b3c", "tool": "tune",
                                                                           "status": "running"}]}},
                   {"role": "assistant", "content": "cancer: production v2, challenger v3. 1 running job: j1a2b3c."})
    assert steps("that tune is dead and still holds cancer, release its model lock", shown) == [
        ("unlock", {"model": "cancer"})]
    assert steps("worker died. free up cancer's lock", shown) == [("unlock", {"model": "cancer"})]


def test_questions_about_locks_and_snoozes_change_nothing() -> None:
    for text in ("is wine locked?", "who holds the lock on wine?", "has the wine lock been freed yet?",
                 "is the diabetes lock still not released?", "can I release cancer's lock myself?",
                 "what happens if I release the model lock?", "which models are muted right now?",
                 "who muted the alerts for a fortnight?", "is there a deploy window today?"):
        reading = read(text, MODELS, today=TODAY)
        assert all(s.tool not in ("unlock", "snooze", "deploy", "rate_alert") for s in reading.steps), text
    assert steps("release v6 of wine") == [("deploy", {"model": "wine", "version": "6"})]
    assert steps("how do I release a lock?") == [("help", {"topic": "unlock"})]


ALERT = {"role": "assistant", "content": "🔴 Incident #61 — wine: drift in alcohol and proline (high). Useful / Noise"}


def posted(*items: dict[str, Any]) -> Any:
    """A thread's memory as the agent loop hands it on: an alert posted before any request kept as the bot's note."""
    return recall(_usable(messages_from_dict(history(list(items)))), MODELS)


def test_what_is_said_under_an_alert_is_about_its_model_and_incident() -> None:
    memory = posted(ALERT)
    assert (memory.model, memory.incident) == ("wine", 61)
    assert steps("hush 🤫 2h", memory) == [("snooze", {"model": "wine", "duration": "2h"})]
    assert steps("known issue, mute it for a fortnight pls", memory) == [("snooze", {"model": "wine", "duration": "14d"})]
    assert steps("that was a false alarm", memory) == [("rate_alert", {"incident": 61, "verdict": "noise"})]
    assert steps("snooze cancer 1h", memory) == [("snooze", {"model": "cancer", "duration": "1h"})]
    assert posted(ALERT, {"role": "user", "content": "status of diabetes"}).model == "diabetes", "a later turn wins"


def test_an_answer_that_is_no_alert_is_no_note() -> None:
    assert posted({"role": "assistant", "content": "Incidents #3 and #4 are open on wine."}).incident is None
    assert posted({"role": "assistant", "content": "wine: production v5."}).model is None
    assert alerts_posted(messages_from_dict(history([{"role": "assistant", "content": "wine: production v5."}]))) == []
