"""Readings of the r15 family of incidents a thread showed, in other words: an alert posted with its emoji as Slack's
text writes it (":fire: Incident #64 — …") is that incident; who acknowledged it, who is looking at it, the root cause
ranking it stored are asked of its view (no model's history, no new root cause); "tell me more" after a listing of one
is that one; an answer that names one incident ("Not yet: incident #23 … is still open", "cancer has 1 open incident
(#71)") is what "postmortem please" points at; several incidents of a listing are shown each ("show both", "the last
two", "the resolved ones"); a listing's answer tells where each stands ("the open one"); "oldest one pls"; "and the
one after that, 31?" after an incident; a number just rated, asked to be shown; "incident 12 and then incident 15"."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_POSTED = thread({"role": "assistant", "content": ":fire: Incident #64 — cancer: roc_auc estimated -0.04 (high). "
                                                  "Production v9. [Useful] [Noise]"})
_POSTED_DOTS = thread({"role": "assistant", "content": "🚨 Incident #52 · wine · medium — prediction drift (production v5). "
                                                       "[Useful] [Noise]"})
_ONE = thread({"role": "user", "content": "alerts cancer"},
              {"role": "tool", "tool": "alerts", "args": {"model": "cancer"}, "status": "done",
               "result": {"incidents": [{"id": 44, "model": "cancer", "kind": "drift", "severity": "medium"}]}},
              {"role": "assistant", "content": "cancer: #44 drift (medium), production v9."})
_TWO = thread({"role": "user", "content": "what's open?"},
              {"role": "tool", "tool": "alerts", "args": {}, "status": "done",
               "result": {"incidents": [{"id": 12, "model": "cancer", "kind": "drift", "severity": "high"},
                                        {"id": 9, "model": "diabetes", "kind": "degradation", "severity": "low"}]}},
              {"role": "assistant", "content": "2 open: #12 cancer drift (high), #9 diabetes degradation (low)."})
_THREE = thread({"role": "user", "content": "alerts all=true"},
                {"role": "tool", "tool": "alerts", "args": {"all": True}, "status": "done",
                 "result": {"incidents": [{"id": 63, "model": "wine", "kind": "drift", "severity": "low"},
                                          {"id": 61, "model": "wine", "kind": "degradation", "severity": "high"},
                                          {"id": 59, "model": "wine", "kind": "drift", "severity": "medium"}]}},
                {"role": "assistant", "content": "wine, all incidents: #63 low drift (resolved), #61 high degradation "
                                                 "(open), #59 medium drift (resolved)."})
_ANSWERED = thread({"role": "user", "content": "was #23 resolved?"},
                   {"role": "assistant", "content": "Not yet: incident #23 (wine, drift) is still open, acknowledged by @li."})
_MONITORS = thread({"role": "user", "content": "list monitors"},
                   {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
                    "result": {"monitors": [{"model": "cancer", "every": "1h"}], "open_incidents": {"cancer": 1}}},
                   {"role": "assistant", "content": "1 monitor running: cancer every 1h. cancer has 1 open incident (#71)."})
_SHOWN = thread({"role": "user", "content": "incident 30"},
                {"role": "tool", "tool": "incident", "args": {"incident": 30}, "status": "done",
                 "result": {"incident": {"id": 30, "model": "wine", "kind": "drift", "severity": "low"}}},
                {"role": "assistant", "content": "Incident #30 (wine, low): drift on alcohol; still open."})
_RATED = thread({"role": "user", "content": "mark 19 useful"},
                {"role": "tool", "tool": "rate_alert", "args": {"incident": 19, "verdict": "useful"}, "status": "done",
                 "result": {"incident": 19, "model": "cancer", "verdict": "useful", "useful": 1, "noise": 0}},
                {"role": "assistant", "content": "Recorded: incident #19 (cancer) rated useful."})


def incidents(*numbers: int) -> list[tuple[str, dict[str, int]]]:
    return [("incident", {"incident": n}) for n in numbers]


def test_who_took_up_the_incident_is_asked_of_its_view() -> None:
    assert steps("who acked it?", _POSTED) == incidents(64)
    assert steps("has anyone acknowledged this yet?", _POSTED) == incidents(64)
    assert steps("who's handling this one", _POSTED) == incidents(64)
    assert steps("who picked this up", _POSTED) == incidents(64)
    assert steps("who owns this", _POSTED_DOTS) == incidents(52)
    assert steps("who is working on it?", _ONE) == incidents(44)
    assert steps("who deployed v9?", _POSTED) == [("history", {"model": "cancer"})], "a deploy's who is its history"
    assert steps("who's on call?", _ONE) == [], "no incident asked"


def test_the_ranking_it_stored_is_its_view_and_a_cause_asked_afresh_is_why() -> None:
    assert steps("what root causes were recorded for it?", _POSTED) == incidents(64)
    assert steps("which feature got ranked first on this one", _POSTED) == incidents(64)
    assert steps("why is cancer drifting?", _POSTED) == [("why", {"model": "cancer"})]
    assert steps("root cause?", _POSTED) == [("why", {"model": "cancer"})]


def test_more_of_the_one_shown() -> None:
    assert steps("tell me more", _ONE) == incidents(44)
    assert steps("more info please", _ONE) == incidents(44)
    assert steps("details pls", _POSTED_DOTS) == incidents(52)
    assert steps("postmortem please", _ANSWERED) == incidents(23), "the incident the answer named"
    assert steps("who acked it", _ANSWERED) == incidents(23)
    assert steps("pull that one up", _MONITORS) == incidents(71)


def test_several_of_a_listing_are_each_shown() -> None:
    assert steps("details on both", _TWO) == incidents(12, 9)
    assert steps("open both of them pls", _TWO) == incidents(12, 9)
    assert steps("show all three", _THREE) == incidents(63, 61, 59)
    assert steps("show me the last two", _THREE) == incidents(61, 59)
    assert steps("pull up both of the drift ones", _THREE) == incidents(63, 59)
    assert steps("show me the resolved ones", _THREE) == incidents(63, 59)
    assert steps("both were noise", _TWO) == [("rate_alert", {"incident": 12, "verdict": "noise"}),
                                              ("rate_alert", {"incident": 9, "verdict": "noise"})]
    assert steps("show all the alerts", _THREE) == [("alerts", {})], "listed anew"
    assert steps("show me the wine alerts", _THREE) == [("alerts", {"model": "wine"})]
    assert steps("close all three", _THREE) == []
    assert steps("merge those two", _THREE) == []


def test_one_of_a_listing_by_where_it_stands_or_its_place() -> None:
    assert steps("what's the story with the open one", _THREE) == incidents(61)
    assert steps("the high one that's still open, what caused it", _THREE) == incidents(61)
    assert steps("newest one please", _THREE) == incidents(63)
    assert steps("what happened in the degradation one", _TWO) == incidents(9)


def test_another_incident_by_its_number() -> None:
    assert steps("and the one after that, 31?", _SHOWN) == incidents(31)
    assert steps("the previous one, #29", _SHOWN) == incidents(29)
    assert steps("hmm show me 19 first", _RATED) == incidents(19)
    assert steps("status of wine 19", _RATED) == [("status", {"model": "wine"})], "a model's number, no incident"
    assert steps("pull up incident 12 and then incident 15") == incidents(12, 15)
    assert steps("show me alert 3, then alert 5") == incidents(3, 5)
    assert steps("open incident 8 and then rate it noise") == [*incidents(8),
                                                                ("rate_alert", {"incident": 8, "verdict": "noise"})]
