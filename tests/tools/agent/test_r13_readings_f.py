"""Readings of the r13 deploy-in-a-thread, incident and agent-feedback families in other words: a forced deploy with
no reason asks for one; after a compare, "ship it" / "go ahead with v4" / "force it, reason: …" deploy the version
it compared, by its number; a deploy whose approval expired is asked for again; a newcomer's wish for a version to
become "the one customers use"; an incident picked from a listing by what its summary said, "it" or "the full
incident" after one incident was listed or rated, a "#n" said after being paged, and "incident 16 then rate it"."""

from __future__ import annotations

from typing import Any

from tests.tools.agent.readings import MODELS, TODAY, steps, thread
from tools.agent.understand import Memory, read


def compared(model: str, b: int, verdict: str, args: dict[str, Any] | None = None) -> Memory:
    """A thread whose last call compared production with v`b`, its sides written as the tool's small result does."""
    return thread({"role": "user", "content": f"is the {model} challenger better than prod?"},
                  {"role": "tool", "tool": "compare", "args": {"model": model, **(args or {})}, "status": "done",
                   "result": {"model": model, "a": {"version": b - 1, "alias": "production"},
                              "b": {"version": b, "alias": "challenger"}, "verdict": verdict}},
                  {"role": "assistant", "content": f"v{b} vs production: {verdict}."})


def test_a_forced_deploy_without_a_reason_asks_for_the_reason() -> None:
    for text in ("force-deploy wine 6", "push cancer v3 to prod even if the gate fails", "ship diabetes 2 regardless "
                 "of the gate"):
        reading = read(text, MODELS, today=TODAY)
        assert reading.steps == [] and reading.problem and "reason" in reading.problem, text
    assert steps("force deploy wine 6, reason: vendor hotfix") == [
        ("deploy", {"model": "wine", "version": "6", "force": True, "reason": "vendor hotfix"})]
    assert steps("deploy wine 6") == [("deploy", {"model": "wine", "version": "6"})], "no force, no reason needed"


def test_force_it_after_a_compare_asks_for_the_reason_when_none_is_marked() -> None:
    worse = compared("cancer", 9, "worse")
    assert steps("force it then", worse) == []
    assert steps("ok force it. reason: signed off by the clinical lead", worse) == [
        ("deploy", {"model": "cancer", "version": "9", "force": True, "reason": "signed off by the clinical lead"})]


def test_after_a_compare_its_candidate_is_deployed_by_its_number() -> None:
    better = compared("wine", 8, "better")
    assert steps("nice, ship it", better) == [("deploy", {"model": "wine", "version": "8"})]
    assert steps("deploy it anyway, force=true reason=\"the demo needs it\"", compared("wine", 8, "not better")) == [
        ("deploy", {"model": "wine", "version": "8", "force": True, "reason": "the demo needs it"})]


def test_going_ahead_after_a_compare_deploys_what_it_weighed() -> None:
    better = compared("diabetes", 6, "better", {"b": "6"})
    for text in ("alright, go ahead", "go ahead with it then", "let's go with v6", "proceed with version 6 please",
                 "great, v6 it is", "go for it"):
        assert steps(text, better) == [("deploy", {"model": "diabetes", "version": "6"})], text


def test_going_ahead_is_no_deploy_when_more_is_asked_or_no_compare_came_before() -> None:
    better = compared("diabetes", 6, "better", {"b": "6"})
    assert steps("what about v7?", better) == [("compare", {"model": "diabetes", "b": "7"})]
    assert steps("go ahead and compare v7 too", better) == [("compare", {"model": "diabetes", "b": "7"})]
    assert steps("go ahead") == []
    status = thread({"role": "user", "content": "status of wine"},
                    {"role": "tool", "tool": "status", "args": {"model": "wine"}, "status": "done",
                     "result": {"model": "wine", "production": 5, "challenger": 6}},
                    {"role": "assistant", "content": "wine: production v5, challenger v6."})
    assert steps("ok go ahead", status) == []


EXPIRED = ({"role": "user", "content": "deploy cancer 7"},
           {"role": "tool", "tool": "deploy", "args": {"model": "cancer", "version": "7"}, "status": "needs_approval",
            "approval": {"id": "0a1b2c3d4e5f6a7b", "args": {"model": "cancer", "version": "7"}}},
           {"role": "assistant", "content": "Deploy cancer v7 needs approval (0a1b2c3d4e5f6a7b)."},
           {"role": "user", "content": "did 0a1b2c3d4e5f6a7b go through?"},
           {"role": "tool", "tool": "approval", "args": {"approval_id": "0a1b2c3d4e5f6a7b"}, "status": "done",
            "result": {"status": "expired"}},
           {"role": "assistant", "content": "Approval 0a1b2c3d4e5f6a7b expired; nothing changed."})


def test_a_deploy_whose_approval_expired_is_asked_for_again() -> None:
    memory = thread(*EXPIRED)
    for text in ("it timed out, resubmit the deployment", "can you re-request the deploy", "try again pls",
                 "redo the deploy"):
        assert steps(text, memory) == [("deploy", {"model": "cancer", "version": "7"})], text


def test_a_deploy_asked_again_is_none_when_refused_or_asked_about() -> None:
    memory = thread(*EXPIRED)
    assert steps("don't try again", memory) == []
    assert steps("did it expire again?", memory) == []
    assert steps("deploy wine again") == [], "no deploy in the thread to repeat"


def test_a_version_wished_to_become_what_customers_use_is_its_deploy() -> None:
    assert steps("i'm new here, sorry: we'd like the latest trained cancer model to be what users get") == [
        ("deploy", {"model": "cancer", "version": "challenger"})]
    assert steps("I want wine v5 to become the production model") == [("deploy", {"model": "wine", "version": "5"})]
    assert steps("hi, new here. we'd like diabetes v4 to turn into the one our clients actually hit") == [
        ("deploy", {"model": "diabetes", "version": "4"})]


def test_asking_what_customers_use_or_wishing_another_step_is_no_deploy() -> None:
    assert not any(t == "deploy" for t, _ in steps("I want to know which wine model customers actually use"))
    assert not any(t == "deploy" for t, _ in steps("i want to know if the wine challenger will become the live one"))
    assert steps("I'd like the newest trained wine model to be evaluated first") == [
        ("evaluate", {"model": "wine", "version": "challenger"})]


def listing(*rows: tuple[int, str, str, str]) -> Memory:
    """A thread whose last call listed these open incidents (id, model, kind, summary)."""
    return thread({"role": "user", "content": "what's open?"},
                  {"role": "tool", "tool": "alerts", "args": {}, "status": "done", "result": {"incidents": [
                      {"id": n, "model": m, "kind": k, "severity": "high", "status": "open", "summary": summary}
                      for n, m, k, summary in rows]}},
                  {"role": "assistant", "content": "Here are the open alerts."})


TWO_OPEN = listing((41, "wine", "drift", "drift in alcohol and color intensity"),
                   (40, "diabetes", "monitoring", "scheduled check failing since 02:00"))


def test_an_incident_of_a_listing_picked_by_what_its_summary_said() -> None:
    assert steps("pull up the one about the failing scheduled check", TWO_OPEN) == [("incident", {"incident": 40})]
    assert steps("the one where alcohol drifted, details pls", TWO_OPEN) == [("incident", {"incident": 41})]
    assert steps("the one about color intensity was a false alarm", TWO_OPEN) == [
        ("rate_alert", {"incident": 41, "verdict": "noise"})]


def test_a_description_that_fits_no_row_or_asks_a_check_picks_no_incident() -> None:
    assert not any(t in ("incident", "rate_alert") for t, _ in steps("show me the one about the weather", TWO_OPEN))
    assert steps("run a check on the diabetes one", TWO_OPEN) == [("run_check", {"model": "diabetes"})]


ONE_ON_WINE = listing((63, "wine", "drift", "prediction drift"))
RATED_9 = thread({"role": "user", "content": "9 was useful"},
                 {"role": "tool", "tool": "rate_alert", "args": {"incident": 9, "verdict": "useful"}, "status": "done",
                  "result": {"incident": 9, "model": "wine", "verdict": "useful", "useful": 1, "noise": 0}},
                 {"role": "assistant", "content": "Recorded: #9 was useful."})


def test_it_or_the_full_incident_after_one_incident_is_that_incident() -> None:
    for text in ("hm, what's the deal with it?", "what is that one about?", "is it still firing?"):
        assert steps(text, ONE_ON_WINE) == [("incident", {"incident": 63})], text
    assert steps("ok, pull up the whole incident", RATED_9) == [("incident", {"incident": 9})]
    assert steps("and the entire incident?", RATED_9) == [("incident", {"incident": 9})]


def test_it_after_another_call_is_not_an_incident() -> None:
    deployed = thread({"role": "user", "content": "deploy wine 5"},
                      {"role": "tool", "tool": "deploy", "args": {"model": "wine", "version": "5"}, "status": "done",
                       "result": {"model": "wine", "from_version": 4, "to_version": 5}},
                      {"role": "assistant", "content": "wine production is now v5."})
    assert not any(t == "incident" for t, _ in steps("what's going on with it?", deployed))
    assert steps("snooze it for 2h", ONE_ON_WINE) == [("snooze", {"model": "wine", "duration": "2h"})]


def test_a_number_said_after_being_paged_is_that_incident() -> None:
    assert steps("I got pinged overnight about #17 on wine, what happened?") == [("incident", {"incident": 17})]
    assert steps("got woken up by #8 on cancer. what is it") == [("incident", {"incident": 8})]
    assert ("deploy", {"model": "wine", "version": "5"}) in steps("got paged about wine, ship #5 now")


def test_an_incident_said_alone_then_rated_is_shown_then_rated() -> None:
    assert steps("#21, then mark it useful") == [("incident", {"incident": 21}), ("rate_alert", {"incident": 21,
                                                                                                "verdict": "useful"})]
    assert steps("alert 4 and then flag it as a false alarm") == [
        ("incident", {"incident": 4}), ("rate_alert", {"incident": 4, "verdict": "noise"})]
    assert steps("incident 16, rate it noise") == [("rate_alert", {"incident": 16, "verdict": "noise"})]
    assert steps("incident 16 was noise") == [("rate_alert", {"incident": 16, "verdict": "noise"})]


def test_the_agents_feedback_asked_in_casual_words() -> None:
    assert steps("off topic: how's the assistant doing lately? people complaining?") == [("feedback", {})]
    assert steps("is the team complaining about the bot?") == [("feedback", {})]
    assert steps("your ratings with the team over the past 2 weeks pls") == [("feedback", {"days": 14})]
    assert steps("what intents get the most thumbs down?") == [("feedback", {})]
    assert steps("worst rated intents over the past quarter?") == [("feedback", {"days": 90})]


def test_feedback_over_hours_counts_whole_days() -> None:
    assert steps("agent feedback for the last 48 hours") == [("feedback", {"days": 2})]
    assert steps("bot feedback, last 36 hours") == [("feedback", {"days": 2})]


def test_casual_questions_about_a_model_or_an_alert_are_no_feedback() -> None:
    assert steps("how's cancer doing?") == [("status", {"model": "cancer"})]
    assert steps("any complaints about incident 5?") == [("incident", {"incident": 5})]
    assert not any(t == "feedback" for t, _ in steps("which intents do you support?"))


FEEDBACK_7 = thread({"role": "user", "content": "agent feedback last 7 days"},
                    {"role": "tool", "tool": "feedback", "args": {"days": 7}, "status": "done",
                     "result": {"days": 7, "intents": [{"intent": "train", "useful": 3, "not_useful": 1}]}},
                    {"role": "assistant", "content": "Last 7 days: train 3 up / 1 down."})


def test_a_window_after_the_agents_feedback_is_its_feedback_over_that_window() -> None:
    assert steps("and across the entire year?", FEEDBACK_7) == [("feedback", {"days": 365})]
    assert steps("what about the last 2 months", FEEDBACK_7) == [("feedback", {"days": 60})]
    assert steps("and for the whole month?", FEEDBACK_7) == [("feedback", {})], "30 days is the default"


COMPLAINED = thread({"role": "user", "content": "the assistant got my request wrong again"},
                    {"role": "assistant", "content": "Sorry about that. Press 👎 on the answer so it is counted."})


def test_in_a_thread_about_the_agent_how_often_or_its_ratings_is_its_feedback() -> None:
    assert steps("how often does that happen?", COMPLAINED) == [("feedback", {})]
    assert steps("let me see the thumbs down numbers", COMPLAINED) == [("feedback", {})]
    assert steps("how often does wine drift?", COMPLAINED) == [("history", {"model": "wine"})]
    assert steps("any alerts?", COMPLAINED) == [("alerts", {})]
    assert not any(t == "feedback" for t, _ in steps("how often does that happen? show me the ratings", ONE_ON_WINE))
