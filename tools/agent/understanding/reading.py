"""What the offline interpreter hands back: the planned steps (or the problem that stopped it), and the memory of a
thread that later turns are read against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Step:
    tool: str
    args: dict[str, Any]
    when: Literal["if_better"] | None = None  # a deploy that waits for compare's verdict
    version_of_trained: bool = False  # "deploy it" after a train in the same request: the version it makes
    clause_at: int = field(default=-1, compare=False, repr=False)  # where its clause starts in the request


@dataclass
class Reading:
    steps: list[Step] = field(default_factory=list)
    problem: str | None = None  # set when the request is not understood well enough to act
    asks: bool = False  # every clause is a question (a read), even when a slot is missing: nothing may change


@dataclass(frozen=True)
class Listed:
    """One incident a listing showed, as a later turn points at it ("the wine one", "the resolved one")."""

    incident: int
    words: tuple[str, ...]  # what its row said of it: its model, kind, severity and status ("wine", "drift", "high")
    opened_at: str = ""  # ISO time, so "the newest one" and "the oldest one" can be told apart
    summary: tuple[str, ...] = ()  # the words of its summary ("the one about the check that keeps failing")
    model: str = ""  # the model it is on, as its row said ("snooze the low one's model")


@dataclass
class Memory:
    """What earlier turns settled: the model talked about, versions trained or shown, the last call, a job."""

    model: str | None = None
    trained: int | None = None
    version: int | None = None
    last: tuple[str, dict[str, Any]] | None = None  # the last tool call of the thread
    job: str | None = None  # a running job the thread mentioned
    pending: bool = False  # the thread's last change waits for approval
    incident: int | None = None  # the incident the thread listed or showed
    listed: tuple[int, ...] = ()  # the incidents the thread's last alerts listing showed ("show 51", "50 was noise")
    rows: tuple[Listed, ...] = ()  # the same incidents with what the listing said of each ("the wine one was junk")
    monitors: tuple[tuple[str, bool], ...] = ()  # the monitors its last listing showed, each with whether it runs
    open_on: tuple[str, ...] = ()  # the models that listing showed open incidents on ("list them": their alerts)
    approval: str | None = None  # the approval id the thread's last change returned
    live: int | None = None  # the production version the thread's last status showed ("is that one reproducible?")
    moved: int | None = None  # the version the thread's last deploy or rollback moved production to (or asked for)
    replaced: int | None = None  # the version that move took production from ("the version it replaced")
    asked: str | None = None  # the request the agent's last answer asked a question back about ("Which model?")
    offered: str | None = None  # the change the agent's last answer offered ("Materializing it would load the rest")
    locked: bool = False  # the thread's last call found its model locked (a status's lock, a change refused for it)
    about_agent: bool = False  # the thread talks about the agent itself, no call since ("the bot misunderstood me")
    unknown: bool = False  # the thread's last answer knew no model by the name asked ("which ones do you know then?")

    def last_shown(self) -> tuple[str, dict[str, Any]] | None:
        """The thread's last call, or else the incident an alert the monitor posted shows, as its own view would:
        "which command explains that?" under an alert asks about incidents."""
        return self.last or (("incident", {"incident": self.incident}) if self.incident else None)
