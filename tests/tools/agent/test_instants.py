"""A question about a past moment ("what was in production for cancer last Tuesday at noon?") reads as
`history at=`, with the moment in UTC; anything else in the sentence keeps its usual reading."""

from __future__ import annotations

from datetime import date

import pytest

from tools.agent.understand import read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize(("text", "model", "at"), [
    ("what was in production for cancer last Tuesday at noon?", "cancer", "2026-12-01T12:00:00Z"),
    ("which version of cancer was live on 2026-12-01 at 12:00?", "cancer", "2026-12-01T12:00:00Z"),
    ("what was serving for wine yesterday at 3pm", "wine", "2026-12-04T15:00:00Z"),
    ("what was in prod for diabetes at 9:30 am on Monday", "diabetes", "2026-11-30T09:30:00Z"),
    ("wich version of cancr was live at midnight on dec 2nd", "cancer", "2026-12-02T00:00:00Z"),
    ("what was live for wine on December 1st?", "wine", "2026-12-01T23:59:59Z"),
    ("history of cancer at 2026-11-20 08:15", "cancer", "2026-11-20T08:15:00Z"),
])
def test_a_past_moment_is_history_at(text: str, model: str, at: str) -> None:
    reading = read(text, MODELS, today=TODAY)
    assert [(s.tool, s.args) for s in reading.steps] == [("history", {"model": model, "at": at})], reading.problem
    assert reading.asks


@pytest.mark.parametrize(("text", "expected"), [
    ("status of cancer", [("status", {"model": "cancer"})]),
    ("train cancer since yesterday", [("train", {"model": "cancer", "since": "2026-12-04"})]),
    ("has the data of wine drifted since december 1?", [("check_drift", {"model": "wine", "since": "2026-12-01"})]),
    ("deploy cancer 2 at noon", [("deploy", {"model": "cancer", "version": "2"})]),
])
def test_other_requests_with_a_time_keep_their_reading(text: str, expected: list[tuple[str, dict[str, str]]]) -> None:
    assert [(s.tool, s.args) for s in read(text, MODELS, today=TODAY).steps] == expected


def test_an_impossible_clock_time_is_not_a_moment() -> None:
    reading = read("what was in production for cancer yesterday at 13pm?", MODELS, today=TODAY)
    assert all(s.tool != "history" or "at" not in s.args for s in reading.steps)


@pytest.mark.parametrize(("text", "model"), [
    ("who rolled back cancer on tuesday", "cancer"),
    ("the deployment on the diagnosis model on tuesday — who asked for it and who approved?", "cancer"),
    ("who retrained wine yesterday?", "wine"),
    ("on monday someone deployed diabetes, who was it?", "diabetes"),
])
def test_who_did_something_on_a_day_is_the_event_list_not_the_state_at_an_instant(text: str, model: str) -> None:
    reading = read(text, MODELS, today=TODAY)
    assert [(s.tool, s.args) for s in reading.steps] == [("history", {"model": model})], reading.problem
