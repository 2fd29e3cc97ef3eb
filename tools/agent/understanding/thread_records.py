"""The records a thread showed, as later turns point at them: the one incident an alerts listing or an incident
view showed (its number and its model: "that one was legit", "run a check on it now"), the one approval a status
showed pending ("what's going on with that approval?"), the one job it showed running ("cancel that tune") and the
one monitor of a listing that a switch points at ("turn that one back on"); and what waits for approval on a model,
which its status lists."""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding.reading import Listed

# What waits for approval, asked of a model ("any deploys waiting on approval for wine?"): its status lists them
_AWAITING = re.compile(r"\b(?:waiting|wait|awaiting|queued|held)\s+(?:on|for)?\s*(?:an?\s+|the\s+|its\s+)?(?:sign-?off|approv\w*)"
                       r"|\bawaiting\s+(?:sign-?off|approv\w*)|\b(?:unapproved|not\s+(?:yet\s+)?approved)\b"
                       # "has wine's deploy been approved yet?", "a rollback still waiting for someone to approve?"
                       r"|\b(?:signed\s+off|approved)\s+yet\b|\b(?:waiting|awaiting|queued|held)\s+(?:on|for)\s+(?:someone"
                       r"|somebody|anyone|anybody|a\s+reviewer|an\s+approver|an\s+admin)\s+to\s+(?:approve|sign)")
# Right after a change that waits for approval, asking whether it is still waiting is asking about that approval
_WAITING = re.compile(r"\b(pending|waiting|go(?:ne)?\s+through|signed\s+off|decided|through\s+yet|stuck|held\s+up)\b")


def shown_incident(call: dict[str, Any] | None, result: dict[str, Any]) -> tuple[int | None, str | None]:
    """The incident a tool result showed alone, and its model: from a listing of one, an incident's own view (its
    result, or the number it was asked for), or a rating of it."""
    listed = [i for i in result.get("incidents") or result.get("open_incidents") or [] if isinstance(i, dict)]
    if isinstance(result.get("incident"), dict):
        listed = [result["incident"]]
    elif isinstance(result.get("incident"), int):  # a check that opened one: "show me the incident"
        listed = [{"id": result["incident"], "model": result.get("model")}]
    elif call is not None and call.get("name") in ("incident", "rate_alert"):
        listed = [{**result, "id": (call.get("args") or {}).get("incident", result.get("id"))}]
    if len(listed) != 1 or not isinstance(listed[0].get("id"), int):
        return None, None
    model = listed[0].get("model")
    return listed[0]["id"], model if isinstance(model, str) else None


def listed_incidents(result: dict[str, Any]) -> tuple[int, ...]:
    """The numbers of the incidents a listing showed: "show 51" or "50 was noise" in the next turn."""
    return tuple(i["id"] for i in result.get("incidents") or result.get("open_incidents") or [] if isinstance(i, dict) and isinstance(i.get("id"), int))


def listed_rows(result: dict[str, Any]) -> tuple[Listed, ...]:
    """The incidents a listing showed, in its order, each with what its row said: "the wine one was junk",
    "rate the resolved one useful" in the next turn."""
    rows = [i for i in result.get("incidents") or result.get("open_incidents") or [] if isinstance(i, dict)
            and isinstance(i.get("id"), int)]
    return tuple(Listed(i["id"], tuple(w for key in ("model", "kind", "severity", "status") if isinstance(i.get(key), str)
                                       for w in re.split(r"[\s_-]+", i[key].lower()) if w), str(i.get("opened_at") or ""))
                 for i in rows)


def listed_monitors(result: dict[str, Any]) -> tuple[tuple[str, bool], ...]:
    """The monitors a listing showed, each with whether it runs."""
    return tuple((m["model"], m.get("enabled") is not False) for m in result.get("monitors") or []
                 if isinstance(m, dict) and isinstance(m.get("model"), str))


# "turn that one back on", "switch it off", "restart the stopped one": one monitor of the listing, pointed at
_POINTED = re.compile(r"\b(?:it|that|this|(?:the|that|this)\s+(?:\w+\s+)?(?:one|monitor))\b")


def monitor_pointed_at(said: str, listed: tuple[tuple[str, bool], ...], state: str | None) -> str | None:
    """The listed monitor a switch points at with a pronoun: of those not yet in the state asked, the only one ("turn
    that one back on" after a listing with one stopped monitor); None when there are several, or no switch."""
    if state is None or not _POINTED.search(said):
        return None
    switchable = [model for model, running in listed if running != (state == "on")]
    return switchable[0] if len(switchable) == 1 else None


def listed_number(said: str, listed: tuple[int, ...]) -> re.Match[str] | None:
    """A bare number (or "#n") in `said` that is one of the incidents the thread listed."""
    return next((m for m in _BARE.finditer(said) if int(m.group(1)) in listed), None)


_BARE = re.compile(r"(?<![\w.])#?(\d{1,6})(?![\w%]|\.\d)")


# "the alert you just listed", "that incident you showed me": the one record the thread's last answer showed
_SHOWN = re.compile(r"\b(?:the|that|this)\s+(?:alerts?|incidents?|pages?|alarms?)\s+(?:that\s+)?(?:you|we)\s+(?:just\s+)?"
                    r"(?:listed|showed|shown|found|pulled\s+up|mentioned|posted)\b")


def shown_by_the_thread(said: str) -> bool:
    """Whether `said` points at the record the thread just showed ("what was the timeline of the alert you just
    listed?"): that incident, whatever is asked of it."""
    return bool(_SHOWN.search(said))


def pending_approval(result: dict[str, Any]) -> str | None:
    """The approval a status showed as the only one pending: "that approval" in the next turn."""
    pending = [p for p in result.get("pending") or [] if isinstance(p, dict) and isinstance(p.get("approval_id"), str)]
    return pending[0]["approval_id"] if len(pending) == 1 else None


def running_job(result: dict[str, Any]) -> str | None:
    """The job a status showed as the only one running: "cancel that tune" in the next turn."""
    jobs = [j for j in result.get("jobs") or [] if isinstance(j, dict) and isinstance(j.get("job"), str)
            and j.get("status", "running") == "running"]
    return jobs[0]["job"] if len(jobs) == 1 else None


def still_waiting(text: str) -> bool:
    """"is it still pending?", "has it gone through?": about the approval the thread's last change waits for."""
    return bool(_WAITING.search(text))


def awaiting_approval(core: str) -> bool:
    """"any deploys waiting on approval for diabetes?", "what's awaiting sign-off on wine": the pending approvals
    a model's status lists (an approval named by its id, or the thread's own, is asked about as that approval)."""
    return bool(_AWAITING.search(core))
